/** A new event (issue 18 §3), for the programme office; saving it notifies its audience. */
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { audienceChoices } from "@/app/_components/audience";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "@/lib/i18n/server";
import { EMPTY_EVENT, EventForm } from "../event-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events");
  return { title: t("form_new_title") };
}

export default async function NewEventPage() {
  await requirePagePermission("events.manage");
  const [t, locale] = await Promise.all([getTranslations("events"), getLocale()]);
  return (
    <>
      <p>
        <Link href="/events">{t("back")}</Link>
      </p>
      <h1>{t("form_new_title")}</h1>
      <EventForm initial={EMPTY_EVENT} choices={audienceChoices(locale)} />
    </>
  );
}
