"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { formatDate } from "@/lib/domain/dates";
import { createDraftAction, deleteDraftAction, publishDraftAction } from "./actions";

export function NewDraftButton() {
  const t = useTranslations("financing");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div style={{ marginBottom: "1rem" }}>
      {error && <FormAlert kind="error">{error}</FormAlert>}
      <button
        type="button"
        className="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const res = await createDraftAction();
            if (res.ok) router.push(`/financing/rules/${res.data.id}`);
            else setError(res.error.message);
          })
        }
      >
        {t("new_draft")}
      </button>
    </div>
  );
}

/** Publish and delete act on the SAVED draft (its revision), never on unsaved form values. */
export function DraftActions({ id, revision, version, effectiveFrom, disabled = false }: { id: string; revision: number; version: number; effectiveFrom: string; disabled?: boolean }) {
  const t = useTranslations("financing.form");
  const locale = useLocale();
  const confirmText = t("publish_confirm", { version, from: formatDate(effectiveFrom, locale === "en" ? "en" : "nl") });
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string; problems?: string[] } | null>(null);
  return (
    <section className="card" aria-labelledby="publish-h">
      <h2 id="publish-h" style={{ marginTop: 0 }}>
        {t("publish")}
      </h2>
      <p className="muted">{t("unsaved_hint")}</p>
      {result && (
        <FormAlert kind={result.kind}>
          {result.text}
          {result.problems && result.problems.length > 0 && (
            <ul>
              {result.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
        </FormAlert>
      )}
      <div className="actions-row">
        <button
          type="button"
          className="button"
          disabled={pending || disabled}
          onClick={() => {
            if (!window.confirm(confirmText)) return;
            start(async () => {
              setResult(null);
              const res = await publishDraftAction({ id, expectedRevision: revision });
              if (res.ok) {
                setResult({ kind: "ok", text: t("published", { version }) });
                router.refresh();
              } else {
                const problems = Object.entries(res.error.fieldErrors ?? {})
                  .filter(([k]) => k.startsWith("problem."))
                  .map(([, v]) => v);
                setResult({ kind: "error", text: problems.length > 1 ? t("problems") : res.error.message, problems: problems.length > 1 ? problems : undefined });
              }
            });
          }}
        >
          {pending ? t("publishing") : t("publish")}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={pending || disabled}
          onClick={() => {
            if (!window.confirm(t("delete_confirm"))) return;
            start(async () => {
              const res = await deleteDraftAction({ id, expectedRevision: revision });
              if (res.ok) {
                router.push("/financing/rules");
                router.refresh();
              } else setResult({ kind: "error", text: res.error.message });
            });
          }}
        >
          {t("delete")}
        </button>
      </div>
    </section>
  );
}
