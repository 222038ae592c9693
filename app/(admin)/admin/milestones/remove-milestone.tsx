"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { removeMilestoneAction } from "./actions";

/** Removing a milestone, behind a disclosure that says what removing means. */
export function RemoveMilestone({ code, version, title }: { code: string; version: number; title: string }) {
  const t = useTranslations("dashboard");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const remove = () =>
    startTransition(async () => {
      setError(null);
      const res = await removeMilestoneAction({ code, version });
      if (res.ok) router.refresh();
      else setError(res.error.message);
    });
  return (
    <details>
      <summary>{t("ms_remove")}</summary>
      {error && <FormAlert kind="error">{error}</FormAlert>}
      <p>{t("ms_remove_explain", { title })}</p>
      <button className="button secondary" type="button" onClick={remove} disabled={pending} aria-busy={pending}>
        {t("ms_remove_confirm")}
      </button>
    </details>
  );
}
