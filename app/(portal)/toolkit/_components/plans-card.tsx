import { getDb } from "@/db/client";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { PLAN_KEYS, summarizePlan } from "@/lib/domain/planning";
import { institutionPageReads } from "@/lib/institutions/page-reads";
import { planLabel } from "@/lib/toolkit/intake";
import { ScrollBox } from "@/app/_components/scroll-box";
import { fmtDateTime, fmtDay } from "./format";
import { PlanForm } from "./plan-form";

/**
 * The institution's planned dates (issue 17 §3): per plan the current date, the first one, the
 * actual date and how often it slipped; the form to change a plan (institution editors and the
 * programme office: `institution.report`); and every change with who, when, old → new and why.
 * Callers have checked that the viewer may see the institution.
 */
export async function PlansCard({ institutionId, canEdit = false }: { institutionId: string; canEdit?: boolean }) {
  const db = getDb();
  const today = toAmsterdamDate(new Date());
  const [[inputs], history, last] = await Promise.all([institutionPageReads.planningInputs(db, today, institutionId), institutionPageReads.planHistory(db, institutionId), institutionPageReads.latestIntake(db, institutionId)]);
  const [t, p, locale] = await Promise.all([getTranslations("toolkit"), getTranslations("planning"), getLocale()]);
  const rows = PLAN_KEYS.map((key) => {
    const slot = inputs?.plans[key];
    return { key, s: summarizePlan({ changes: slot?.changes ?? [], actualOn: slot?.actualOn ?? null, day: today }) };
  });
  const anything = rows.some((r) => r.s.status !== "none") || history.length > 0;
  return (
    <section className="card" aria-labelledby="plans-h" data-testid="institution-plans">
      <h2 id="plans-h" style={{ marginTop: 0 }}>
        {t("plans_title")}
      </h2>
      <p className="muted">{p("intro")}</p>
      {!anything ? (
        <p>{t("plans_none")}</p>
      ) : (
        <ScrollBox label={t("plans_title")}>
          <table data-testid="plan-table">
            <thead>
              <tr>
                <th scope="col">{p("plan")}</th>
                <th scope="col">{p("planned_on")}</th>
                <th scope="col">{p("first_planned_on")}</th>
                <th scope="col">{p("actual_on")}</th>
                <th scope="col">{p("status")}</th>
                <th scope="col">{p("slips")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ key, s }) => (
                <tr key={key} data-plan={key}>
                  <th scope="row">{planLabel(key, locale)}</th>
                  <td>{fmtDay(s.plannedOn, locale)}</td>
                  <td>{fmtDay(s.firstPlannedOn, locale)}</td>
                  <td>{fmtDay(s.actualOn, locale)}</td>
                  <td>
                    <span className={s.slipped || s.status === "after_deadline" ? "tag health-degraded" : "tag"}>{p(`statuses.${s.status}`)}</span>
                  </td>
                  <td>{s.slips === 0 && s.slipDays === 0 ? "—" : p("slip_text", { slips: s.slips, days: s.slipDays })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {canEdit && <PlanForm institutionId={institutionId} current={Object.fromEntries(rows.map((r) => [r.key, r.s.plannedOn ?? ""]))} />}
      {history.length > 0 && (
        <>
          <h3 id="plan-history-h">{p("history")}</h3>
          <ScrollBox label={p("history")}>
            <table data-testid="plan-history">
              <thead>
                <tr>
                  <th scope="col">{p("when")}</th>
                  <th scope="col">{p("who")}</th>
                  <th scope="col">{p("plan")}</th>
                  <th scope="col">{p("change")}</th>
                  <th scope="col">{p("reason")}</th>
                  <th scope="col">{p("source")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.id}>
                    <td>{fmtDateTime(h.at, locale)}</td>
                    <td>{h.changedByName ?? h.changedByLabel}</td>
                    <td>{PLAN_KEYS.includes(h.planKey as never) ? planLabel(h.planKey as (typeof PLAN_KEYS)[number], locale) : h.planKey}</td>
                    <td>{p("from_to", { from: fmtDay(h.fromDate, locale), to: h.toDate ? fmtDay(h.toDate, locale) : p("removed") })}</td>
                    <td>{h.reason ?? "—"}</td>
                    <td>{p(`sources.${h.source === "intake" ? "intake" : "portal"}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </>
      )}
      {last?.remarks && (
        <>
          <h3>{t("remarks")}</h3>
          <p style={{ whiteSpace: "pre-wrap" }}>{last.remarks}</p>
        </>
      )}
    </section>
  );
}
