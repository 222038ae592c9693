import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { endpointHealthSummaries, listEndpointsForPage } from "@/lib/registry/queries";
import { listVendors } from "@/lib/institutions/queries";
import { can, institutionScope, isProgramme } from "@/lib/auth/policy";
import { getTranslations } from "@/lib/i18n/translations";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant, formatValidity } from "@/lib/registry/format";
import { daysUntil } from "@/lib/checker/classify";
import { AvailabilityReportForm } from "./availability-report-form";
import { ENDPOINT_ENVIRONMENTS, ENDPOINT_STATUSES, ENDPOINT_TRANSACTIONS } from "@/lib/validation/endpoints";
import { ScrollBox } from "@/app/_components/scroll-box";
import { FilterSelect } from "@/app/_components/list-controls";
import { EndpointRows, type EndpointRow } from "./endpoint-rows";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("registry");
  return { title: t("title") };
}

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function RegistryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("endpoint.read");
  const [t, tc, tv, locale] = await Promise.all([getTranslations("registry"), getTranslations("checker"), getTranslations("golive.volumes"), getLocale()]);
  const sp = await searchParams;
  const filter = { q: one(sp.q), vendorCode: one(sp.vendor), environment: one(sp.environment), transaction: one(sp.transaction), status: one(sp.status), health: one(sp.health) };
  const page = Number(one(sp.page) || 1) || 1;
  const db = getDb();
  const [result, vendors] = await Promise.all([listEndpointsForPage(db, { scope: institutionScope(actor, "endpoint.read"), ...filter, page, pageSize: 25 }), listVendors(db)]);
  const health = await endpointHealthSummaries(db, result.rows.map((r) => r.id));
  const now = new Date();
  const params = (p: number) => {
    const u = new URLSearchParams();
    if (filter.q) u.set("q", filter.q);
    if (filter.vendorCode) u.set("vendor", filter.vendorCode);
    if (filter.environment) u.set("environment", filter.environment);
    if (filter.transaction) u.set("transaction", filter.transaction);
    if (filter.status) u.set("status", filter.status);
    if (filter.health) u.set("health", filter.health);
    u.set("page", String(p));
    return `/registry?${u}`;
  };
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{isProgramme(actor) ? t("intro_all") : t("intro_mine")}</p>
      <p>
        {can(actor, "endpoint.edit") && (
          <Link className="button" href="/registry/new">
            {t("new")}
          </Link>
        )}{" "}
        <Link className="button secondary" href="/registry/certificates">
          {tc("certs_link")}
        </Link>{" "}
        {can(actor, "token.manage") && (
          <Link className="button secondary" href="/registry/tokens">
            {t("tokens_link")}
          </Link>
        )}{" "}
        {can(actor, "exchange.report") && (
          <Link className="button secondary" href="/registry/volumes">
            {tv("title")}
          </Link>
        )}
      </p>
      <p className="muted">{t("api_hint")}</p>
      <form className="filters" role="search" method="get" aria-label={t("filter")}>
        <div className="field">
          <label htmlFor="f-q">{t("search")}</label>
          <input id="f-q" name="q" type="search" defaultValue={filter.q} maxLength={100} />
        </div>
        <FilterSelect name="vendor" label={t("vendor")} value={filter.vendorCode} all={t("any")} options={vendors.map((v) => [v.code, v.name])} />
        <FilterSelect name="environment" label={t("environment")} value={filter.environment} all={t("any")} options={ENDPOINT_ENVIRONMENTS.map((e) => [e, t(`environments.${e}`)])} />
        <FilterSelect name="transaction" label={t("transaction")} value={filter.transaction} all={t("any")} options={ENDPOINT_TRANSACTIONS.map((x) => [x, x.toUpperCase()])} />
        <FilterSelect name="status" label={t("status")} value={filter.status} all={t("any")} options={ENDPOINT_STATUSES.map((s) => [s, t(`statuses.${s}`)])} />
        <FilterSelect name="health" label={tc("list_health")} value={filter.health} all={t("any")} options={(["up", "degraded", "down", "unknown"] as const).map((h) => [h, tc(`health.${h}`)])} />
        <button className="button secondary" type="submit">
          {t("apply")}
        </button>
        <Link href="/registry">{t("reset")}</Link>
      </form>
      <p aria-live="polite">{t("shown", { shown: String(result.rows.length), total: String(result.total) })}</p>
      {result.rows.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ScrollBox label={t("title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("institution")}</th>
                <th scope="col">{t("vendor")}</th>
                <th scope="col">{t("environment")}</th>
                <th scope="col">{t("transaction")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">{tc("list_health")}</th>
                <th scope="col">{t("cert_expiry")}</th>
                <th scope="col">{t("validity")}</th>
                <th scope="col">{t("url")}</th>
              </tr>
            </thead>
            <EndpointRows
              certificateUnknown={t("cert_unknown")}
              rows={result.rows.map((r): EndpointRow => {
                const summary = health.get(r.id);
                const tone = summary?.status ?? "unknown";
                const notAfter = summary?.certificateNotAfter;
                const days = notAfter ? (daysUntil(notAfter.toISOString(), now) ?? 0) : 0;
                return {
                  id: r.id,
                  institution: r.institutionName,
                  ura: r.ura,
                  vendor: r.vendorName,
                  environment: t(`environments.${r.environment}`),
                  transaction: r.transaction.toUpperCase(),
                  status: t(`statuses.${r.status}`),
                  health: { tone, label: tc(`health.${tone}`) },
                  certificate: notAfter ? { expires: formatInstant(notAfter, locale), tone: days < 0 ? "down" : days <= 30 ? "degraded" : "up", label: days < 0 ? tc("expired") : t("cert_days", { days: String(days) }) } : null,
                  validity: formatValidity(r.periodStart, r.periodEnd, t, locale),
                  url: r.url,
                };
              })}
            />
          </table>
        </ScrollBox>
      )}
      {result.pages > 1 && (
        <nav className="pager" aria-label={t("page", { page: String(result.page), pages: String(result.pages) })}>
          {result.page > 1 && <Link href={params(result.page - 1)}>{t("prev")}</Link>}
          <span>{t("page", { page: String(result.page), pages: String(result.pages) })}</span>
          {result.page < result.pages && <Link href={params(result.page + 1)}>{t("next")}</Link>}
        </nav>
      )}
      <AvailabilityReportForm locale={locale} programme={institutionScope(actor, "endpoint.read").kind === "all"} now={new Date()} />
    </>
  );
}
