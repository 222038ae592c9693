/** The three preconditions: met, not met, and where each one is the blocking step. */
import { getTranslations } from "@/lib/i18n/translations";
import { PRECONDITION_CODES } from "@/lib/domain/steps";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";

export async function Preconditions({ ctx }: { ctx: DashboardContext }) {
  const t = await getTranslations();
  const { m, drill, num } = ctx;
  const label = (code: string) => t(`steps.preconditions.${code}.label`);
  const mostBlocking = [...PRECONDITION_CODES].sort((a, b) => m.blockingCounts[b] - m.blockingCounts[a])[0];
  return (
    <section className="card widget" aria-labelledby="pre-h">
      <h2 id="pre-h">{t("dashboard.preconditions")}</h2>
      <DataTable
        label={t("dashboard.preconditions")}
        head={[t("dashboard.precondition"), t("dashboard.met"), t("dashboard.not_met"), t("institutions.blocking")]}
        rows={PRECONDITION_CODES.map((code) => ({
          key: code,
          header: label(code),
          cells: [
            <a key="met" href={drill({ met: code })} data-testid={`met-${code}`}>
              {num(m.preconditionMet[code])}
            </a>,
            <a key="unmet" href={drill({ unmet: code })}>
              {num(m.total - m.preconditionMet[code])}
            </a>,
            <a key="blocking" href={drill({ blocking: code })}>
              {num(m.blockingCounts[code])}
            </a>,
          ],
        }))}
      />
      {mostBlocking && m.blockingCounts[mostBlocking] > 0 && (
        <p>
          <strong>{t("dashboard.blocking_most", { label: label(mostBlocking), count: num(m.blockingCounts[mostBlocking]) })}</strong>
        </p>
      )}
    </section>
  );
}
