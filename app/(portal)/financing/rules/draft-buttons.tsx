"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import type { Messages } from "@/lib/i18n/messages";
import { createDraftAction, deleteDraftAction, publishDraftAction } from "./actions";

type F = Messages["financing"];

export function NewDraftButton({ t }: { t: F }) {
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
        {t.new_draft}
      </button>
    </div>
  );
}

/** Publish and delete act on the SAVED draft (its revision), never on unsaved form values. */
export function DraftActions({ t, id, revision, version, confirmText, disabled = false }: { t: F; id: string; revision: number; version: number; confirmText: string; disabled?: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string; problems?: string[] } | null>(null);
  return (
    <section className="card" aria-labelledby="publish-h">
      <h2 id="publish-h" style={{ marginTop: 0 }}>
        {t.form.publish}
      </h2>
      <p className="muted">{t.form.unsaved_hint}</p>
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
                setResult({ kind: "ok", text: t.form.published.replace("{version}", String(version)) });
                router.refresh();
              } else {
                const problems = Object.entries(res.error.fieldErrors ?? {})
                  .filter(([k]) => k.startsWith("problem."))
                  .map(([, v]) => v);
                setResult({ kind: "error", text: problems.length > 1 ? `${t.form.problems}` : res.error.message, problems: problems.length > 1 ? problems : undefined });
              }
            });
          }}
        >
          {pending ? t.form.publishing : t.form.publish}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={pending || disabled}
          onClick={() => {
            if (!window.confirm(t.form.delete_confirm)) return;
            start(async () => {
              const res = await deleteDraftAction({ id, expectedRevision: revision });
              if (res.ok) {
                router.push("/financing/rules");
                router.refresh();
              } else setResult({ kind: "error", text: res.error.message });
            });
          }}
        >
          {t.form.delete}
        </button>
      </div>
    </section>
  );
}
