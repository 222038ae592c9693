/** The caller's notification preferences (issue 18 §1): per kind immediately / daily digest / off, and the digest hour. */
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { KIND_RULES, kindsForRoles } from "@/lib/domain/notifications";
import { loadPreferences } from "@/lib/notifications/queries";
import { PreferencesForm } from "./preferences-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("notifications.prefs");
  return { title: t("title") };
}

export default async function NotificationPreferencesPage() {
  const actor = await requirePageActor();
  const [t, tn, prefs] = await Promise.all([getTranslations("notifications.prefs"), getTranslations("notifications"), loadPreferences(getDb(), actor.userId)]);
  const kinds = kindsForRoles(actor.memberships.map((m) => m.role));
  const modes = Object.fromEntries(kinds.map((k) => [k, prefs.modes[k] ?? KIND_RULES[k].default]));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p>
        <Link href="/notifications">{tn("title")}</Link> · <Link href="/account">{tn("back_to_account")}</Link>
      </p>
      {kinds.length === 0 ? <p>{t("none")}</p> : <PreferencesForm kinds={kinds} initial={{ modes, digestHour: prefs.digestHour }} />}
    </>
  );
}
