/** Change an event (issue 18 §3), for the programme office; a larger capacity moves people up from the waiting list. */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { audienceChoices } from "@/app/_components/audience";
import { requirePagePermission } from "@/lib/auth/session";
import { getEventFor } from "@/lib/events/queries";
import { getLocale } from "@/lib/i18n/server";
import { toAmsterdamInput } from "@/lib/validation/endpoints";
import { EventForm } from "../../event-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("events");
  return { title: t("form_edit_title") };
}

export default async function EditEventPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission("events.manage");
  await connection();
  const { id } = await params;
  const e = await getEventFor(getDb(), { actor, id });
  if (!e) notFound();
  const [t, locale] = await Promise.all([getTranslations("events"), getLocale()]);
  const a = e.audience;
  return (
    <>
      <p>
        <Link href={`/events/${e.id}`}>{e.title}</Link>
      </p>
      <h1>{t("form_edit_title")}</h1>
      {e.cancelledAt ? (
        <p role="status">{t("cancelled_notice")}</p>
      ) : (
        <EventForm
          choices={audienceChoices(locale)}
          initial={{
            id: e.id,
            kind: e.kind as "webinar",
            title: e.title,
            description: e.description,
            startsAt: toAmsterdamInput(e.startsAt),
            endsAt: toAmsterdamInput(e.endsAt),
            location: e.location ?? "",
            link: e.link ?? "",
            capacity: e.capacity === null ? "" : String(e.capacity),
            roles: [...a.roles] as never,
            vendor: a.vendor ?? "",
            institutionKind: a.kind ?? "",
            province: a.province ?? "",
            phase: a.phase ?? "",
          }}
        />
      )}
    </>
  );
}
