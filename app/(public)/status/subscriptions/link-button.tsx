"use client";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { confirmSubscriptionAction, unsubscribeAction } from "./actions";

/** The one button of the confirm and unsubscribe pages (a click, so link scanners that fetch the mail's links change nothing). */
export function LinkActionButton({ action, id, token, names }: { action: "confirm" | "unsubscribe"; id: string; token: string; names: string }) {
  const t = useTranslations("status_subscribe");
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  if (result?.kind === "ok") return <FormAlert kind="ok">{result.text}</FormAlert>;
  return (
    <>
      {result && <FormAlert kind="error">{result.text}</FormAlert>}
      <button
        type="button"
        className="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = action === "confirm" ? await confirmSubscriptionAction({ id, token }) : await unsubscribeAction({ id, token });
            setResult(res.ok ? { kind: "ok", text: action === "confirm" ? t("confirmed", { infrastructures: names }) : t("unsubscribed") } : { kind: "error", text: res.error.message });
          })
        }
      >
        {action === "confirm" ? t("confirm_submit") : t("unsubscribe_submit")}
      </button>
    </>
  );
}
