"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { FormAlert } from "@/app/_components/form-bits";
import { bulkVerifyAction } from "./actions";
import { ScrollBox } from "@/app/_components/scroll-box";

type Row = {
  key: string;
  institutionId: string;
  stepCode: string;
  version: number;
  own: boolean;
  institution: string;
  vendor: string;
  step: string;
  completedOn: string;
  evidence: { href: string; name: string } | null;
  /** An attached connectivity check: link to the stored result and to its evidence PDF; `down` when it failed. */
  check?: { label: string; href: string; file: { href: string; filename: string }; down: boolean } | null;
  note: string | null;
  reportedOn: string;
  age: string;
  reporter: string;
  href: string;
};

/** The review queue; with one step filtered, reports can be selected and verified together. */
export function BulkVerify(props: { enabled: boolean; rows: Row[] }) {
  const o = useTranslations("onboarding");
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const toggle = (key: string) => setSelected((s) => (s.has(key) ? new Set([...s].filter((k) => k !== key)) : new Set([...s, key])));
  const verify = () =>
    startTransition(async () => {
      setResult(null);
      const items = props.rows.filter((r) => selected.has(r.key)).map((r) => ({ institutionId: r.institutionId, stepCode: r.stepCode, version: r.version }));
      const res = await bulkVerifyAction({ items });
      if (res.ok) {
        setResult({ kind: "ok", text: o("bulk_done", { count: String(res.data.count) }) });
        setSelected(new Set());
        router.refresh();
      } else setResult({ kind: "error", text: res.error.message });
    });
  return (
    <>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      {!props.enabled && <p className="muted">{o("bulk_hint")}</p>}
      <ScrollBox label={o("bulk_verify")}>
        <table>
          <thead>
            <tr>
              {props.enabled && (
                <th scope="col">
                  <span className="visually-hidden">{o("bulk_verify")}</span>
                </th>
              )}
              <th scope="col">{o("institution")}</th>
              <th scope="col">{o("step")}</th>
              <th scope="col">{o("date")}</th>
              <th scope="col">{o("evidence")}</th>
              <th scope="col">{o("reported_on")}</th>
              <th scope="col">{o("age")}</th>
              <th scope="col">{o("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.key}>
                {props.enabled && (
                  <td>
                    <input type="checkbox" aria-label={o("select", { name: `${r.institution} – ${r.step}` })} checked={selected.has(r.key)} disabled={r.own} onChange={() => toggle(r.key)} />
                  </td>
                )}
                <td>
                  {r.institution}
                  <div className="muted">{r.vendor}</div>
                </td>
                <td>{r.step}</td>
                <td>{r.completedOn}</td>
                <td>
                  {r.evidence ? <a href={r.evidence.href}>{r.evidence.name}</a> : !r.check && "—"}
                  {r.check && (
                    <div data-testid="check-evidence">
                      <Link href={r.check.href}>{r.check.label}</Link>
                      <div>
                        <a href={r.check.file.href}>{o("check_evidence.download", { name: r.check.file.filename })}</a>
                      </div>
                      {r.check.down && <div className="error">{o("check_evidence.down_warning")}</div>}
                    </div>
                  )}
                  {r.note && <div className="muted">{r.note}</div>}
                </td>
                <td>
                  {r.reportedOn}
                  <div className="muted">{r.reporter}</div>
                </td>
                <td>{r.age}</td>
                <td>
                  <Link href={r.href} aria-label={`${o("review")}: ${r.institution} — ${r.step}`}>
                    {o("review")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {props.enabled && (
        <p>
          <button className="button" type="button" onClick={verify} disabled={pending || selected.size === 0}>
            {o("bulk_verify")} ({selected.size})
          </button>
        </p>
      )}
    </>
  );
}
