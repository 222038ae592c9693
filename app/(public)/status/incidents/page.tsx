import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { VENDOR_INFO, type Vendor } from "@/lib/domain/vendors";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant } from "@/lib/registry/format";
import { loadIncidents, loadPastMaintenance } from "@/lib/status/queries";
import { IncidentCard } from "../status-parts";

const HISTORY_DAYS = 90;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("status_page");
  return { title: t("history_title") };
}

/** Public history: resolved incidents and completed maintenance of the last 90 days. No institution names (posts are written for the public). */
export default async function StatusHistoryPage() {
  await connection();
  await ensureDatabaseReady();
  const [t, locale] = await Promise.all([getTranslations("status_page"), getLocale()]);
  const now = new Date();
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  const db = getDb();
  const [incidents, maintenance] = await Promise.all([loadIncidents(db, { resolvedSince: since, limit: 500 }), loadPastMaintenance(db, now, since)]);
  const resolved = incidents.filter((i) => i.state === "resolved");
  const name = (code: string) => VENDOR_INFO[code as Vendor]?.name ?? code;
  return (
    <>
      <p>
        <Link href="/status">← {t("back")}</Link>
      </p>
      <h1>{t("history_title")}</h1>
      <p className="lead">{t("history_intro")}</p>
      <p className="muted">{t("history_open_note")}</p>
      <section aria-labelledby="hist-inc-h">
        <h2 id="hist-inc-h">{t("history_incidents")}</h2>
        {resolved.length === 0 ? <p>{t("history_incidents_none")}</p> : resolved.map((i) => <IncidentCard key={i.id} incident={i} infraName={name(i.vendorCode)} locale={locale} />)}
      </section>
      <section aria-labelledby="hist-m-h">
        <h2 id="hist-m-h">{t("history_maintenance")}</h2>
        {maintenance.length === 0 ? (
          <p>{t("history_maintenance_none")}</p>
        ) : (
          <ul className="status-maintenance">
            {maintenance.map((m) => (
              <li key={m.id}>
                <strong>{name(m.vendorCode)}</strong>: {m.title}
                <br />
                <span className="muted">{t("maintenance_when", { start: formatInstant(m.startsAt, locale), end: formatInstant(m.endsAt, locale) })}</span>
                {m.message && <p className="status-message">{m.message}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
