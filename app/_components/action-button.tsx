"use client";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions";

/**
 * One button that runs one server action and says how it went: the shared piece behind
 * "revoke invitation", "revoke token", "disable user" and similar row actions.
 *
 * Server components pass the server action and its (serialisable) arguments:
 *   <ActionButton action={revokeTokenAction} args={[token.id]} text="Intrekken" label="Intrekken: CI-token" />
 * The action answers an ActionResult (lib/actions.ts). Errors are announced next to the button
 * (role="alert"); a success is announced politely when `successText` is given. Pages refresh
 * through the action's revalidatePath.
 */
export function ActionButton<A extends unknown[], T>(props: {
  action: (...args: A) => Promise<ActionResult<T>>;
  args: A;
  /** Visible text. */
  text: string;
  /** Accessible name when the visible text alone is ambiguous in a list ("Intrekken: a@b.nl"). */
  label?: string;
  /** Shown while the action runs (the button is disabled meanwhile). */
  pendingText?: string;
  /** Asked first (browser confirm dialog); nothing happens when the user cancels. */
  confirm?: string;
  successText?: string;
  variant?: "primary" | "secondary";
  /** For client callers that show more than a text (e.g. a link to continue). */
  onSuccess?: (data: T) => void;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = () => {
    if (props.confirm && !window.confirm(props.confirm)) return;
    startTransition(async () => {
      setError(null);
      setDone(null);
      const res = await props.action(...props.args);
      if (!res.ok) {
        setError(res.error.message);
        return;
      }
      if (props.successText) setDone(props.successText);
      props.onSuccess?.(res.data);
    });
  };
  return (
    <>
      <button className={props.variant === "primary" ? "button" : "button secondary"} type="button" aria-label={props.label} disabled={pending} aria-busy={pending || undefined} onClick={run}>
        {pending && props.pendingText ? props.pendingText : props.text}
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
      {done && (
        <span role="status" className="muted">
          {done}
        </span>
      )}
    </>
  );
}
