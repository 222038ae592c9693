"use client";
import { useState } from "react";

/**
 * Copies a value to the clipboard and says so (politely, for screen readers too). Texts come from
 * the server component that renders it. Without the clipboard API (an insecure origin, an old
 * browser) it says that copying failed; the value stays on the page to select by hand.
 */
export function CopyButton({ value, text, label, copiedText, failedText }: { value: string; text: string; label?: string; copiedText: string; failedText: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  }
  return (
    <span className="copy-button">
      <button type="button" className="button secondary" onClick={copy} aria-label={label}>
        {text}
      </button>{" "}
      <span role="status" className="muted">
        {state === "copied" ? copiedText : state === "failed" ? failedText : ""}
      </span>
    </span>
  );
}
