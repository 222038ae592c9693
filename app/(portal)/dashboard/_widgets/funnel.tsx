/** How many institutions are in each phase, with their share of the programme. */
import { getTranslations } from "next-intl/server";
import { PHASES } from "@/lib/domain/readiness";
import type { DashboardContext } from "./context";
import { DataTable } from "./data-table";

export async function Funnel({ ctx }: { ctx: DashboardContext }) {
  const t = await getTranslations("dashboard");
  const { m, drill, num, locale } = ctx;
  return (
    <section className="card widget" aria-labelledby="funnel-h">
      <h2 id="funnel-h">{t("funnel")}</h2>
      <DataTable
        head={[t("phase"), t("count"), t("share")]}
        rows={PHASES.map((p) => ({
          key: p.code,
          header: p.label[locale],
          cells: [
            <a key="n" href={drill({ phase: p.code })} data-testid={`phase-${p.code}`}>
              {num(m.byPhase[p.code])}
            </a>,
            <span key="share" className="share">
              <progress className="share-bar" max={m.total || 1} value={m.byPhase[p.code]} aria-hidden="true" />
              <span className="muted">{m.total ? Math.round((100 * m.byPhase[p.code]) / m.total) : 0}%</span>
            </span>,
          ],
        }))}
      />
    </section>
  );
}
