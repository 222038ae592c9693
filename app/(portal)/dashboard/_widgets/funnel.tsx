/** How many institutions are in each phase, with their share of the programme. */
import { getTranslations } from "@/lib/i18n/translations";
import { PHASE_CODES } from "@/lib/domain/readiness";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";

export async function Funnel({ ctx }: { ctx: DashboardContext }) {
  const [t, tp] = await Promise.all([getTranslations("dashboard"), getTranslations("readiness.phases")]);
  const { m, drill, num } = ctx;
  return (
    <section className="card widget" aria-labelledby="funnel-h">
      <h2 id="funnel-h">{t("funnel")}</h2>
      <DataTable
        label={t("funnel")}
        head={[t("phase"), t("count"), t("share")]}
        rows={PHASE_CODES.map((code) => ({
          key: code,
          header: tp(`${code}.label`),
          cells: [
            { href: drill({ phase: code }), text: num(m.byPhase[code]), testId: `phase-${code}` },
            <span key="share" className="share">
              <progress className="share-bar" max={m.total || 1} value={m.byPhase[code]} aria-hidden="true" />
              <span className="muted">{m.total ? Math.round((100 * m.byPhase[code]) / m.total) : 0}%</span>
            </span>,
          ],
        }))}
      />
    </section>
  );
}
