"use client";
import { useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { requestPasswordChangeAction } from "./actions";

export function PasswordChange({ submit, sentText }: { submit: string; sentText: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  return (
    <>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <button
        className="button secondary"
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = await requestPasswordChangeAction();
            setResult(res.ok ? { kind: "ok", text: sentText.replace("{email}", res.data.email) } : { kind: "error", text: res.error.message });
          })
        }
      >
        {submit}
      </button>
    </>
  );
}
