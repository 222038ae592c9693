import { ClientMessages } from "@/app/_components/client-messages";
import type { Metadata } from "next";
import Link from "next/link";
import { CopyButton } from "@/app/_components/copy-button";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getEndpointDetail, listEndpointVersions } from "@/lib/registry/queries";
import type { EndpointSnapshot } from "@/lib/registry/queries";
import { can, institutionScope } from "@/lib/auth/policy";
import { getTranslations } from "@/lib/i18n/translations";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "@/lib/i18n/server";
import { diffSnapshots, type TrackedField } from "@/lib/registry/endpoints";
import { formatInstant, formatValidity, formatWindow, type RegistryT } from "@/lib/registry/format";
import { checkEvidenceStepOpen } from "@/lib/onboarding/check-evidence";
import { HealthSection } from "./health-section";
import { ScrollBox } from "@/app/_components/scroll-box";
import { VENDOR_INFO, type Vendor } from "@/lib/domain/vendors";
import { PersonName } from "@/app/_components/person-name";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("registry");
  return { title: t("meta_endpoint") };
}

/** The "registry" message naming each tracked field. */
const FIELD_LABELS: Record<TrackedField, string> = {
  vendorCode: "vendor",
  environment: "environment",
  transaction: "transaction",
  url: "url",
  homeCommunityId: "hcid",
  status: "status",
  periodStart: "period_start",
  periodEnd: "period_end",
  maintenanceWindows: "maintenance",
  probeMode: "probe_mode",
  central: "central",
};

function valueText(f: TrackedField, s: EndpointSnapshot, t: RegistryT, locale: "nl" | "en"): string {
  const v = s[f];
  if (v === null || v === undefined || v === "") return "—";
  switch (f) {
    case "status":
      return t(`statuses.${s.status}`);
    case "environment":
      return t(`environments.${s.environment}`);
    case "probeMode":
      return t(`probe_modes.${s.probeMode}`);
    case "central":
      return s.central ? t("central_yes", { vendor: VENDOR_INFO[s.vendorCode as Vendor]?.name ?? s.vendorCode }) : t("central_no");
    case "periodStart":
    case "periodEnd":
      return formatInstant(v as string, locale);
    case "maintenanceWindows":
      return s.maintenanceWindows.length ? s.maintenanceWindows.map((w) => formatWindow(w, t, locale)).join("; ") : "—";
    default:
      return String(v);
  }
}

export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission("endpoint.read");
  const { id } = await params;
  const [t, locale] = await Promise.all([getTranslations("registry"), getLocale()]);
  const db = getDb();
  const row = await getEndpointDetail(db, { id, scope: institutionScope(actor, "endpoint.read") });
  if (!row) notFound();
  const e = row.endpoint;
  const mayEdit = can(actor, "endpoint.edit", { id: e.institutionId, vendorCode: row.institutionVendorCode });
  const instRef = { id: e.institutionId, vendorCode: row.institutionVendorCode };
  // Editors of the institution itself may attach a check to its "DUO connection tested" step.
  const mayAttach = mayEdit && can(actor, "institution.report", instRef) && (await checkEvidenceStepOpen(db, { institutionId: e.institutionId, vendorCode: row.institutionVendorCode }));

  return (
    // The client texts of "Check now" on this page only, not on the pages below it, and only for a
    // viewer who gets the button (HealthSection's mayCheck); the latency chart is drawn on the server.
    <ClientMessages groups={["checker"]} when={mayEdit}>
      <p>
        <Link href="/registry">← {t("back")}</Link>
      </p>
      <h1>
        {row.institutionName}: {e.transaction.toUpperCase()} ({t(`environments.${e.environment}`)})
      </h1>
      <p className="lead">
        <span className="tag">{t(`statuses.${e.status}`)}</span> {t("version")} {e.version}
      </p>
      {mayEdit && (
        <p>
          <Link className="button" href={`/registry/${e.id}/edit`}>
            {t("edit")}
          </Link>
        </p>
      )}
      <HealthSection endpoint={e} mayCheck={mayEdit} attach={mayAttach ? { institutionId: e.institutionId } : undefined} />
      <section className="card" aria-labelledby="details-h">
        <h2 id="details-h">{t("details")}</h2>
        <dl className="kv">
          <dt>{t("institution")}</dt>
          <dd>
            <Link href={`/institutions/${e.institutionId}`}>{row.institutionName}</Link> (URA {row.ura})
          </dd>
          <dt>{t("vendor")}</dt>
          <dd>{row.vendorName}</dd>
          <dt>{t("transaction")}</dt>
          <dd>{t(`transactions.${e.transaction}`)}</dd>
          <dt>{t("url")}</dt>
          <dd style={{ wordBreak: "break-all" }}>
            <code>{e.url}</code>{" "}
            <CopyButton value={e.url} text={t("copy")} label={t("copy_url")} copiedText={t("copied")} failedText={t("copy_failed")} />
          </dd>
          <dt>{t("hcid")}</dt>
          <dd>
            <code>{e.homeCommunityId}</code>
          </dd>
          <dt>{t("validity")}</dt>
          <dd>{formatValidity(e.periodStart, e.periodEnd, t, locale)}</dd>
          <dt>{t("probe_mode")}</dt>
          <dd>{t(`probe_modes.${e.probeMode}`)}</dd>
          <dt>{t("central")}</dt>
          <dd>{e.central ? t("central_yes", { vendor: row.vendorName }) : t("central_no")}</dd>
          <dt>{t("maintenance")}</dt>
          <dd>
            {e.maintenanceWindows.length === 0 ? (
              t("no_maintenance")
            ) : (
              <ul>
                {e.maintenanceWindows.map((w, i) => (
                  <li key={i}>{formatWindow(w, t, locale)}</li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t("created")}</dt>
          <dd>{formatInstant(e.createdAt, locale)}</dd>
          <dt>{t("updated")}</dt>
          <dd>{formatInstant(e.updatedAt, locale)}</dd>
          <dt>FHIR</dt>
          <dd>
            <a href={`/fhir/Endpoint/${e.id}`}>{t("fhir_link")}</a>
          </dd>
        </dl>
      </section>
      <HistorySection endpointId={e.id} t={t} locale={locale} />
    </ClientMessages>
  );
}

/**
 * The endpoint's versions, newest first, with what each changed. Its own component, so that React
 * reads them side by side with the health section's figures (one round trip fewer on Postgres)
 * instead of before it; the page has checked the endpoint's scope before rendering it.
 */
async function HistorySection({ endpointId, t, locale }: { endpointId: string; t: RegistryT; locale: "nl" | "en" }) {
  const versions = await listEndpointVersions(getDb(), endpointId);
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{t("history")}</h2>
      {versions.length === 0 ? (
        <p>{t("history_none")}</p>
      ) : (
        <ScrollBox label={t("history")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("version")}</th>
                <th scope="col">{t("history_when")}</th>
                <th scope="col">{t("history_who")}</th>
                <th scope="col">{t("history_what")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v, i) => {
                const previous = versions[i + 1]?.snapshot ?? null;
                const changed = diffSnapshots(previous, v.snapshot);
                return (
                  <tr key={v.id}>
                    <td>{v.version}</td>
                    <td>{formatInstant(v.at, locale)}</td>
                    <td>
                      <PersonName name={v.actorName} email={v.actorEmail} fallback={v.actorLabel} />
                    </td>
                    <td>
                      {previous === null ? (
                        t("history_created")
                      ) : (
                        <ul>
                          {changed.map((f) => (
                            <li key={f}>
                              {t("history_changed", { field: t(FIELD_LABELS[f]), before: valueText(f, previous, t, locale), after: valueText(f, v.snapshot, t, locale) })}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
