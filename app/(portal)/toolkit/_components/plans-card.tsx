import { getDb } from "@/db/client";
import { latestIntakeSubmission, listInstitutionPlans } from "@/lib/toolkit/queries";
import { format } from "@/lib/i18n/messages";
import { getMessages } from "@/lib/i18n/server";
import { PLAN_KEYS, PLAN_LABELS } from "@/lib/toolkit/intake";
import { fmtDay } from "./format";

/**
 * The institution's planned dates from its intake form (reported, not verified). Callers have
 * checked that the viewer may see the institution.
 */
export async function PlansCard({ institutionId }: { institutionId: string }) {
  const db = getDb();
  const [plans, last] = await Promise.all([listInstitutionPlans(db, institutionId), latestIntakeSubmission(db, institutionId)]);
  const { t: all, locale } = await getMessages();
  const t = all.toolkit;
  const ordered = PLAN_KEYS.map((k) => plans.find((p) => p.planKey === k)).filter((p) => p !== undefined);
  return (
    <section className="card" aria-labelledby="plans-h" data-testid="institution-plans">
      <h2 id="plans-h" style={{ marginTop: 0 }}>
        {t.plans_title}
      </h2>
      <p className="muted">{t.plans_intro}</p>
      {ordered.length === 0 ? (
        <p>{t.plans_none}</p>
      ) : (
        <dl className="kv">
          {ordered.map((p) => (
            <div key={p.planKey} style={{ display: "contents" }}>
              <dt>{PLAN_LABELS[p.planKey as keyof typeof PLAN_LABELS][locale]}</dt>
              <dd>
                {fmtDay(p.plannedOn, locale)} <span className="muted">({format(t.plan_reported, { who: p.reportedByLabel, date: fmtDay(p.reportedAt, locale) })})</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {last?.remarks && (
        <>
          <h3>{t.remarks}</h3>
          <p style={{ whiteSpace: "pre-wrap" }}>{last.remarks}</p>
        </>
      )}
    </section>
  );
}
