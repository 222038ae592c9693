/** Endpoint health per vendor from the latest checks, with outage and checker-offline alerts. */
import { getTranslations } from "@/lib/i18n/translations";
import type { NetworkHealth } from "@/lib/dashboard/model";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";
import { formatDateTime } from "@/lib/domain/intl";

const STATUSES = ["up", "degraded", "down", "unknown"] as const;

export async function Network({ ctx, network }: { ctx: DashboardContext; network: NetworkHealth | null }) {
  const t = await getTranslations();
  const { num, locale, vendorName } = ctx;
  const href = (vendor: string, health?: string) => `/registry?${new URLSearchParams({ vendor, status: "active", ...(health ? { health } : {}) })}`;
  return (
    <section className="card widget" aria-labelledby="nw-h">
      <h2 id="nw-h">{t("dashboard.network")}</h2>
      {!network ? (
        <p>{t("dashboard.network_as_of")}</p>
      ) : (
        <>
          <p className="muted">{t("dashboard.network_intro")}</p>
          {network.checker?.status === "offline" && (
            <div className="alert warning" role="status">
              {t("dashboard.network_checker_offline", {
                since: formatDateTime(network.checker.since, locale === "nl" ? "nl-NL" : "en-GB", { timeZone: "Europe/Amsterdam", dateStyle: "medium", timeStyle: "short" }),
              })}
            </div>
          )}
          {network.vendors
            .filter((v) => v.outage)
            .map((v) => (
              <div className="alert error" role="alert" key={v.vendor} data-testid={`outage-${v.vendor}`}>
                {t("dashboard.network_outage", { vendor: vendorName(v.vendor), down: num(v.down), checked: num(v.checked) })}
              </div>
            ))}
          <DataTable
            label={t("dashboard.network")}
            rowHeader="strong"
            head={[t("dashboard.vendor"), t("dashboard.network_total"), ...STATUSES.map((s) => t(`checker.health.${s}`))]}
            rows={network.vendors.map((v) => ({
              key: v.vendor,
              testId: `network-${v.vendor}`,
              header: vendorName(v.vendor),
              cells: [{ href: href(v.vendor), text: num(v.checked + v.unknown) }, ...STATUSES.map((s) => ({ href: href(v.vendor, s), text: num(v[s]) }))],
            }))}
          />
        </>
      )}
    </section>
  );
}
