"use client";
import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { FormAlert } from "@/app/_components/form-bits";
import { revokeSessionAction } from "./actions";
import { ScrollBox } from "@/app/_components/scroll-box";

export type SessionRow = { id: string; device: string; ip: string; signedIn: string; lastActive: string; current: boolean; revokeLabel: string; doneText: string };

/** The active sessions, with "Uitloggen" for each other one; results are announced in a status line that outlives the row. */
export function SessionsTable({ rows }: { rows: SessionRow[] }) {
  const t = useTranslations("sessions");
  const [pending, startTransition] = useTransition();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const revoke = (row: SessionRow) =>
    startTransition(async () => {
      setBusyId(row.id);
      setResult(null);
      const res = await revokeSessionAction(row.id);
      setResult(res.ok ? { kind: "ok", text: row.doneText } : { kind: "error", text: res.error.message });
      setBusyId(null);
    });

  return (
    <>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <ScrollBox label={t("title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("device")}</th>
              <th scope="col">{t("ip")}</th>
              <th scope="col">{t("signed_in")}</th>
              <th scope="col">{t("last_active")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} aria-current={r.current ? "true" : undefined}>
                <td>
                  {r.device}
                  {r.current && <span className="tag" style={{ marginLeft: ".5rem" }}>{t("this_device")}</span>}
                </td>
                <td>{r.ip}</td>
                <td>{r.signedIn}</td>
                <td>{r.lastActive}</td>
                <td>
                  {!r.current && (
                    <button className="button secondary" type="button" aria-label={r.revokeLabel} disabled={pending && busyId === r.id} onClick={() => revoke(r)}>
                      {t("sign_out")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}
