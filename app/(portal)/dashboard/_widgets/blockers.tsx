/** Per precondition: the institutions waiting on it longest, with their next action. */
import { getTranslations } from "@/lib/i18n/translations";
import { nextActionText } from "@/lib/domain/onboarding-texts";
import { PRECONDITION_CODES } from "@/lib/domain/steps";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";

/** The page shows the longest-waiting few per precondition; the link above each list shows all. */
const BLOCKERS_ON_PAGE = 5;

export async function Blockers({ ctx }: { ctx: DashboardContext }) {
  const [t, ts] = await Promise.all([getTranslations("dashboard"), getTranslations("steps.preconditions")]);
  const { m, drill, num, locale, vendorName, phaseLabel } = ctx;
  return (
    <section aria-labelledby="bl-h">
      <h2 id="bl-h">{t("blockers")}</h2>
      <p className="muted">{t("blockers_intro")}</p>
      {PRECONDITION_CODES.map((code) => (
        <section className="card widget" key={code} aria-labelledby={`bl-${code}`}>
          <h3 id={`bl-${code}`}>
            {ts(`${code}.label`)}: <a href={drill({ blocking: code, sort: "time_in_phase" })}>{t("all_blocked", { count: num(m.blockingCounts[code]) })}</a>
          </h3>
          {m.blockers[code].length === 0 ? (
            <p>{t("blockers_none")}</p>
          ) : (
            <DataTable
              label={ts(`${code}.label`)}
              head={[t("institution"), t("vendor"), t("phase"), t("days_in_phase"), t("next_action")]}
              rows={m.blockers[code].slice(0, BLOCKERS_ON_PAGE).map((b) => ({
                key: b.institutionId,
                cells: [{ href: `/institutions/${b.institutionId}`, text: b.name }, vendorName(b.vendorCode), phaseLabel(b.phase), b.daysInPhase ?? "—", b.next ? nextActionText(b.next, locale) : ""],
              }))}
            />
          )}
        </section>
      ))}
    </section>
  );
}
