"use client";
import { useState, useTransition } from "react";
import { revokeTokenAction } from "./actions";

export function RevokeTokenButton({ id, label, text }: { id: string; label: string; text: string }) {
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
            const res = await revokeTokenAction(id);
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
