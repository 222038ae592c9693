"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { acknowledgeAction } from "../actions";

/** "I have read version X", as CISO or FG; `title` names the document. */
export function AckForm({ institutionId, templateId, defaultCapacity, title, version }: { institutionId: string; templateId: string; defaultCapacity: "ciso" | "fg"; title: string; version: string }) {
  const t = useTranslations("toolkit");
  const button = t("ack_button", { version });
  const router = useRouter();
  const id = useId();
  const [capacity, setCapacity] = useState(defaultCapacity);
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  return (
    <div aria-busy={pending}>
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      <div className="actions-row">
        <label htmlFor={`${id}-cap`} className="visually-hidden">
          {t("ack_as")} ({title})
        </label>
        <select id={`${id}-cap`} value={capacity} onChange={(e) => setCapacity(e.target.value === "fg" ? "fg" : "ciso")}>
          <option value="ciso">
            {t("ack_as")} {t("capacity_ciso")}
          </option>
          <option value="fg">
            {t("ack_as")} {t("capacity_fg")}
          </option>
        </select>
        <button
          type="button"
          className="button"
          disabled={pending}
          aria-label={`${button}: ${title}`}
          onClick={() =>
            startTransition(async () => {
              const fd = new FormData();
              fd.set("institutionId", institutionId);
              fd.set("templateId", templateId);
              fd.set("capacity", capacity);
              const res = await acknowledgeAction(fd);
              if (res.ok) {
                setAlert({ kind: "ok", text: res.message ?? "" });
                router.refresh();
              } else setAlert({ kind: "error", text: res.error.message });
            })
          }
        >
          {button}
        </button>
      </div>
    </div>
  );
}
