import type { Metadata } from "next";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { countEndpointsForStatus } from "@/lib/registry/queries";
import { getCheckerState, healthForStatusPage } from "@/lib/checker/queries";
import { getTranslations } from "next-intl/server";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant } from "@/lib/registry/format";
import { ENDPOINT_ENVIRONMENTS } from "@/lib/validation/endpoints";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("registry.status_page");
  return { title: t("title") };
}

const SHOWN_STATUSES = ["active", "suspended", "off"] as const;

/** Public: aggregates only. No URLs, no certificates, nothing about a single institution. */
export default async function StatusPage() {
  await connection();
  await ensureDatabaseReady();
  const [t, tc, locale] = await Promise.all([getTranslations("registry"), getTranslations("checker"), getLocale()]);
  const { rows, institutionsWithActiveProduction } = await countEndpointsForStatus(getDb());
  const live = await healthForStatusPage(getDb(), new Date());
  const checker = await getCheckerState(getDb());
  const HEALTH = ["up", "degraded", "down", "unknown"] as const;
  const h = (vendor: string, env: string, status: string) => live.rows.find((r) => r.vendorCode === vendor && r.environment === env && r.status === status)?.n ?? 0;
  const overall = (vendor: string, env: string) => (h(vendor, env, "down") > 0 ? "down" : h(vendor, env, "degraded") > 0 ? "degraded" : "up");
  const liveVendors = [...new Map(live.rows.map((r) => [r.vendorCode, { code: r.vendorCode, name: r.vendorName }])).values()];
  const vendors = [...new Map(rows.map((r) => [r.vendorCode, { code: r.vendorCode, name: r.vendorName, infrastructure: r.infrastructure }])).values()];
  const n = (vendor: string, env: string, status: string) => rows.find((r) => r.vendorCode === vendor && r.environment === env && r.status === status)?.n ?? 0;
  const infraName = (i: string) => (t.has(`status_page.infrastructures.${i}`) ? t(`status_page.infrastructures.${i}`) : i);

  return (
    <>
      <h1>{t("status_page.title")}</h1>
      <p className="lead">{t("status_page.intro")}</p>
      <p className="muted">{t("status_page.generated", { time: formatInstant(new Date(), locale) })}</p>
      <div className="grid">
        <div className="card">
          <p className="stat">{institutionsWithActiveProduction}</p>
          <p>{t("status_page.institutions")}</p>
        </div>
      </div>
      <section aria-labelledby="eps-h">
        <h2 id="eps-h">{t("status_page.endpoints_title")}</h2>
        {rows.length === 0 ? (
          <p>{t("status_page.none")}</p>
        ) : (
          <ScrollBox label={t("status_page.endpoints_title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("status_page.vendor")}</th>
                  <th scope="col">{t("status_page.infrastructure")}</th>
                  <th scope="col">{t("status_page.environment")}</th>
                  {SHOWN_STATUSES.map((s) => (
                    <th scope="col" key={s}>
                      {t(`statuses.${s}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {vendors.flatMap((v) =>
                  ENDPOINT_ENVIRONMENTS.map((env) => (
                    <tr key={`${v.code}-${env}`}>
                      <th scope="row">{v.name}</th>
                      <td>{infraName(v.infrastructure)}</td>
                      <td>{t(`environments.${env}`)}</td>
                      {SHOWN_STATUSES.map((s) => (
                        <td key={s}>{n(v.code, env, s)}</td>
                      ))}
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
      <section aria-labelledby="live-h">
        <h2 id="live-h">{tc("status_title")}</h2>
        {checker?.status === "offline" && <div className="alert error">{tc("checker_offline", { time: formatInstant(checker.since, locale) })}</div>}
        {liveVendors.length === 0 ? (
          <p>{t("status_page.none")}</p>
        ) : (
          <ScrollBox label={tc("status_title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("status_page.vendor")}</th>
                  <th scope="col">{t("status_page.environment")}</th>
                  <th scope="col">{tc("health_title")}</th>
                  {HEALTH.map((s) => (
                    <th scope="col" key={s}>
                      {tc(`status_${s}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {liveVendors.flatMap((v) =>
                  ENDPOINT_ENVIRONMENTS.filter((env) => HEALTH.some((s) => h(v.code, env, s) > 0)).map((env) => (
                    <tr key={`${v.code}-${env}`}>
                      <th scope="row">{v.name}</th>
                      <td>{t(`environments.${env}`)}</td>
                      <td>
                        <span className={`tag health-${overall(v.code, env)}`}>{tc(`status_overall.${overall(v.code, env)}`)}</span>
                      </td>
                      {HEALTH.map((s) => (
                        <td key={s}>{h(v.code, env, s)}</td>
                      ))}
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </ScrollBox>
        )}
        <h3>{tc("incidents_title")}</h3>
        {live.incidents.filter((i) => i.endpoints > 0).length === 0 ? (
          <p>{tc("incidents_none")}</p>
        ) : (
          <ScrollBox label={tc("incidents_title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{tc("incidents_day")}</th>
                  <th scope="col">{t("status_page.vendor")}</th>
                  <th scope="col">{tc("incidents_count")}</th>
                  <th scope="col">{tc("uptime_7d")}</th>
                </tr>
              </thead>
              <tbody>
                {live.incidents
                  .filter((i) => i.endpoints > 0)
                  .map((i) => (
                    <tr key={`${i.day}-${i.vendorName}`}>
                      <td>{i.day}</td>
                      <td>{i.vendorName}</td>
                      <td>{i.endpoints}</td>
                      <td>{i.all ? `${((i.up / i.all) * 100).toFixed(1).replace(".", ",")} %` : "—"}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
    </>
  );
}
