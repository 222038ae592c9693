/** The three preconditions: met, not met, and where each one is the blocking step. */
import { getTranslations } from "next-intl/server";
import { PRECONDITIONS } from "@/lib/domain/steps";
import type { DashboardContext } from "./context";
import { DataTable } from "./data-table";

export async function Preconditions({ ctx }: { ctx: DashboardContext }) {
  const t = await getTranslations();
  const { m, drill, num, locale } = ctx;
  const mostBlocking = [...PRECONDITIONS].sort((a, b) => m.blockingCounts[b.code] - m.blockingCounts[a.code])[0];
  return (
    <section className="card widget" aria-labelledby="pre-h">
      <h2 id="pre-h">{t("dashboard.preconditions")}</h2>
      <DataTable
        head={[t("dashboard.precondition"), t("dashboard.met"), t("dashboard.not_met"), t("institutions.blocking")]}
        rows={PRECONDITIONS.map((p) => ({
          key: p.code,
          header: p.label[locale],
          cells: [
            <a key="met" href={drill({ met: p.code })} data-testid={`met-${p.code}`}>
              {num(m.preconditionMet[p.code])}
            </a>,
            <a key="unmet" href={drill({ unmet: p.code })}>
              {num(m.total - m.preconditionMet[p.code])}
            </a>,
            <a key="blocking" href={drill({ blocking: p.code })}>
              {num(m.blockingCounts[p.code])}
            </a>,
          ],
        }))}
      />
      {mostBlocking && m.blockingCounts[mostBlocking.code] > 0 && (
        <p>
          <strong>{t("dashboard.blocking_most", { label: mostBlocking.label[locale], count: num(m.blockingCounts[mostBlocking.code]) })}</strong>
        </p>
      )}
    </section>
  );
}
