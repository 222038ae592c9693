/** Per vendor: institutions, live, ready, preconditions met, average readiness, endpoints. */
import { getTranslations } from "next-intl/server";
import { PRECONDITIONS, type PreconditionCode } from "@/lib/domain/steps";
import type { DashboardContext } from "./context";
import { DataTable } from "./data-table";

export async function Vendors({ ctx }: { ctx: DashboardContext }) {
  const t = await getTranslations("dashboard");
  const { m, drill, num, locale, vendorName } = ctx;
  return (
    <section className="card widget" aria-labelledby="vd-h">
      <h2 id="vd-h">{t("vendors")}</h2>
      <p className="muted">{t("vendors_intro")}</p>
      <DataTable
        rowHeader="strong"
        head={[t("vendor"), t("total"), t("live"), t("ready"), ...PRECONDITIONS.map((p) => p.label[locale]), t("avg_readiness"), t("awaiting"), t("endpoints")]}
        rows={m.vendors.map((v) => {
          const vf = { vendor: v.vendor ?? "none" };
          return {
            key: v.vendor ?? "none",
            testId: `vendor-${v.vendor ?? "none"}`,
            header: vendorName(v.vendor),
            cells: [
              <a href={drill(vf)}>{num(v.n)}</a>,
              <a href={drill({ ...vf, live: true })}>{num(v.live)}</a>,
              <a href={drill({ ...vf, phase: "ready_for_go_live" })}>{num(v.ready)}</a>,
              ...PRECONDITIONS.map((p) => <a href={drill({ ...vf, met: p.code })}>{num(v.met[p.code as PreconditionCode])}</a>),
              `${v.averagePercent}%`,
              <a href={drill({ ...vf, awaiting: true })}>{num(v.awaiting)}</a>,
              v.vendor ? <a href={`/registry?vendor=${v.vendor}&status=active`}>{`${num(v.endpoints.acceptance)} / ${num(v.endpoints.production)}`}</a> : "—",
            ],
          };
        })}
      />
    </section>
  );
}
