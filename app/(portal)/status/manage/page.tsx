/** Incident posts and maintenance announcements of the public status page (issue 16 §1): programme admins for every infrastructure, vendor editors for their own. */
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { VENDOR_INFO } from "@/lib/domain/vendors";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant } from "@/lib/registry/format";
import { loadAnnouncedMaintenance, loadIncidents } from "@/lib/status/queries";
import { postableVendors } from "@/lib/status/service";
import { IncidentCard } from "@/app/(public)/status/status-parts";
import { CancelMaintenanceButton, IncidentUpdateForm, MaintenanceForm, OpenIncidentForm } from "./forms";

const HISTORY_DAYS = 90;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("status_manage");
  return { title: t("title") };
}

export default async function StatusManagePage() {
  const actor = await requirePagePermission("status.post");
  await connection();
  const [t, locale] = await Promise.all([getTranslations("status_manage"), getLocale()]);
  const vendors = postableVendors(actor);
  const options = vendors.map((v) => ({ value: v, label: VENDOR_INFO[v].name }));
  const now = new Date();
  const db = getDb();
  const [incidents, maintenance] = await Promise.all([loadIncidents(db, { resolvedSince: new Date(now.getTime() - HISTORY_DAYS * 86_400_000) }), loadAnnouncedMaintenance(db, now, vendors)]);
  const mine = incidents.filter((i) => (vendors as string[]).includes(i.vendorCode));
  const open = mine.filter((i) => i.state !== "resolved");
  const past = mine.filter((i) => i.state === "resolved");
  const name = (code: string) => VENDOR_INFO[code as keyof typeof VENDOR_INFO]?.name ?? code;

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p>
        {t("for_vendors", { vendors: options.map((o) => o.label).join(", ") })} <Link href="/status">{t("public_link")}</Link> · <Link href="/status/incidents">{t("history_link")}</Link>
        {can(actor, "alerts.manage") && (
          <>
            {" · "}
            <Link href="/alerts">{(await getTranslations("nav"))("alerts")}</Link>
          </>
        )}
      </p>

      <section aria-labelledby="open-h">
        <h2 id="open-h">{t("open_incidents")}</h2>
        {open.length === 0 && <p>{t("open_none")}</p>}
        {open.map((i) => (
          <div key={i.id}>
            <IncidentCard incident={i} infraName={name(i.vendorCode)} locale={locale} />
            <details className="card" open>
              <summary>{t("update_title")}: {i.title}</summary>
              <IncidentUpdateForm id={i.id} />
            </details>
          </div>
        ))}
      </section>

      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h" style={{ marginTop: 0 }}>
          {t("open_title")}
        </h2>
        <OpenIncidentForm vendors={options} />
      </section>

      <section aria-labelledby="mlist-h">
        <h2 id="mlist-h">{t("maintenance_list")}</h2>
        {maintenance.length === 0 ? (
          <p>{t("maintenance_none")}</p>
        ) : (
          <ul className="status-maintenance">
            {maintenance.map((m) => (
              <li key={m.id}>
                <strong>{name(m.vendorCode)}</strong>: {m.title}
                {m.startsAt <= now && <span className="tag health-degraded">{t("m_now")}</span>}
                <br />
                <span className="muted">{t("m_when", { start: formatInstant(m.startsAt, locale), end: formatInstant(m.endsAt, locale) })}</span>
                {m.message && <p className="status-message">{m.message}</p>}
                <CancelMaintenanceButton id={m.id} title={m.title} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="mnew-h">
        <h2 id="mnew-h" style={{ marginTop: 0 }}>
          {t("maintenance_title")}
        </h2>
        <MaintenanceForm vendors={options} />
      </section>

      <section aria-labelledby="past-h">
        <h2 id="past-h">{t("past_title")}</h2>
        {past.length === 0 ? <p>{t("past_none")}</p> : past.map((i) => <IncidentCard key={i.id} incident={i} infraName={name(i.vendorCode)} locale={locale} />)}
      </section>
    </>
  );
}
