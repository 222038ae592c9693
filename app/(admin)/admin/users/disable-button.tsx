"use client";
import { useState, useTransition } from "react";
import { setUserDisabledAction } from "./actions";

export function DisableButton({ userId, disabled, label, text }: { userId: string; disabled: boolean; label: string; text: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        className="button secondary"
        type="button"
        aria-label={label}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = await setUserDisabledAction(userId, !disabled);
            if (!res.ok) setError(res.error.message);
          })
        }
      >
        {text}
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </>
  );
}
