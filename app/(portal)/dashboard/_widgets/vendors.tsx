/** Per vendor: institutions, live, ready, preconditions met, average readiness, endpoints. */
import { getTranslations } from "@/lib/i18n/translations";
import { PRECONDITION_CODES } from "@/lib/domain/steps";
import type { GoLiveConditionCounts } from "@/lib/golive/queries";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";
import { amsterdamMonthOf, previousMonth } from "@/lib/domain/availability";
import { monthLabel } from "@/lib/checker/availability-rows";

export async function Vendors({ ctx, goLive }: { ctx: DashboardContext; goLive: GoLiveConditionCounts }) {
  const [t, ts, ta, tg] = await Promise.all([getTranslations("dashboard"), getTranslations("steps.preconditions"), getTranslations("availability"), getTranslations("golive.dash")]);
  const { m, drill, num, vendorName } = ctx;
  // Issue 15 §2: the last finished month's availability report per vendor infrastructure, and the programme's.
  const month = previousMonth(amsterdamMonthOf(new Date()));
  const label = monthLabel(month, ctx.locale);
  return (
    <section className="card widget" aria-labelledby="vd-h">
      <h2 id="vd-h">{t("vendors")}</h2>
      <p className="muted">{t("vendors_intro")}</p>
      <DataTable
        label={t("vendors")}
        rowHeader="strong"
        head={[t("vendor"), t("total"), t("live"), t("ready"), ...PRECONDITION_CODES.map((code) => ts(`${code}.label`)), t("avg_readiness"), t("awaiting"), t("endpoints"), ta("column")]}
        rows={m.vendors.map((v) => {
          const vf = { vendor: v.vendor ?? "none" };
          const gl = (goLive.byVendor as Record<string, GoLiveConditionCounts["byVendor"]["none"] | undefined>)[v.vendor ?? "none"];
          return {
            key: v.vendor ?? "none",
            testId: `vendor-${v.vendor ?? "none"}`,
            header: vendorName(v.vendor),
            cells: [
              { href: drill(vf), text: num(v.n) },
              <>
                <a href={drill({ ...vf, live: true })}>{num(v.live)}</a>
                {/* Issue 17 §1: overrides and retests shown next to the live number. */}
                {gl && gl.liveOverride + gl.liveAttention > 0 && <span className="muted note"> ({tg("headline_note", { attention: num(gl.liveAttention), override: num(gl.liveOverride) })})</span>}
              </>,
              { href: drill({ ...vf, phase: "ready_for_go_live" }), text: num(v.ready) },
              ...PRECONDITION_CODES.map((code) => ({ href: drill({ ...vf, met: code }), text: num(v.met[code]) })),
              `${v.averagePercent}%`,
              { href: drill({ ...vf, awaiting: true }), text: num(v.awaiting) },
              v.vendor ? { href: `/registry?vendor=${v.vendor}&status=active`, text: `${num(v.endpoints.acceptance)} / ${num(v.endpoints.production)}` } : "—",
              v.vendor ? { href: `/registry/availability/report?month=${month}&vendor=${v.vendor}`, text: ta("report_link", { month: label }) } : "—",
            ],
          };
        })}
      />
      <p>
        <a href={`/registry/availability/report?month=${month}`}>{ta("report_programme_link", { month: label })}</a>
      </p>
    </section>
  );
}
