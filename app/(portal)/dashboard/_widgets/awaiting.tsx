/** Reported steps waiting for verification, oldest first. */
import { getTranslations } from "@/lib/i18n/translations";
import { stepTitle } from "@/lib/domain/onboarding-texts";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";

export async function Awaiting({ ctx, canVerify }: { ctx: DashboardContext; canVerify: boolean }) {
  const t = await getTranslations("dashboard");
  const { m, drill, num, fd, locale } = ctx;
  return (
    <section className="card widget" aria-labelledby="aw-h">
      <h2 id="aw-h">{t("waiting")}</h2>
      {m.awaitingTotal === 0 ? (
        <p>{t("waiting_none")}</p>
      ) : (
        <>
          <p>
            <a href={drill({ awaiting: true })}>{t("waiting_intro", { count: num(m.awaitingTotal) })}</a>
            {!m.asOf && canVerify && (
              <>
                {" · "}
                <a href="/review">{t("to_review")}</a>
              </>
            )}
          </p>
          <DataTable
            label={t("waiting")}
            head={[t("institution"), t("step"), t("reported_on"), t("age")]}
            rows={m.awaiting.map((a) => ({
              key: `${a.institutionId}-${a.stepCode}`,
              cells: [{ href: `/institutions/${a.institutionId}`, text: a.name }, stepTitle(a.stepCode, locale), fd(a.reportedOn), a.ageDays],
            }))}
          />
        </>
      )}
    </section>
  );
}
