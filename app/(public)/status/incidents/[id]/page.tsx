import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { VENDOR_INFO, type Vendor } from "@/lib/domain/vendors";
import { getLocale } from "@/lib/i18n/server";
import { isUuid } from "@/lib/registry/queries";
import { getIncident } from "@/lib/status/queries";
import { IncidentCard } from "../../status-parts";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("status_page");
  return { title: t("incident_title") };
}

/** One incident with all its posts (public: the feed and the mails link here). */
export default async function StatusIncidentPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  await ensureDatabaseReady();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const incident = await getIncident(getDb(), id);
  if (!incident) notFound();
  const [t, locale] = await Promise.all([getTranslations("status_page"), getLocale()]);
  return (
    <>
      <p>
        <Link href="/status">← {t("back")}</Link> · <Link href="/status/incidents">{t("history_link")}</Link>
      </p>
      <h1>{t("incident_title")}</h1>
      <IncidentCard incident={incident} infraName={VENDOR_INFO[incident.vendorCode as Vendor]?.name ?? incident.vendorCode} locale={locale} headingLevel={2} link={false} />
    </>
  );
}
