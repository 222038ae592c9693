import { getDb } from "@/db/client";
import { latestIntakeSubmission, listInstitutionPlans } from "@/lib/toolkit/queries";
import { getTranslations } from "next-intl/server";
import { getLocale } from "@/lib/i18n/server";
import { PLAN_KEYS, planLabel } from "@/lib/toolkit/intake";
import { fmtDay } from "./format";

/**
 * The institution's planned dates from its intake form (reported, not verified). Callers have
 * checked that the viewer may see the institution.
 */
export async function PlansCard({ institutionId }: { institutionId: string }) {
  const db = getDb();
  const [plans, last] = await Promise.all([listInstitutionPlans(db, institutionId), latestIntakeSubmission(db, institutionId)]);
  const [t, locale] = await Promise.all([getTranslations("toolkit"), getLocale()]);
  const ordered = PLAN_KEYS.flatMap((key) => plans.filter((p) => p.planKey === key).map((p) => ({ ...p, key })));
  return (
    <section className="card" aria-labelledby="plans-h" data-testid="institution-plans">
      <h2 id="plans-h" style={{ marginTop: 0 }}>
        {t("plans_title")}
      </h2>
      <p className="muted">{t("plans_intro")}</p>
      {ordered.length === 0 ? (
        <p>{t("plans_none")}</p>
      ) : (
        <dl className="kv">
          {ordered.map((p) => (
            <div key={p.planKey} style={{ display: "contents" }}>
              <dt>{planLabel(p.key, locale)}</dt>
              <dd>
                {fmtDay(p.plannedOn, locale)} <span className="muted">({t("plan_reported", { who: p.reportedByName ?? p.reportedByLabel, date: fmtDay(p.reportedAt, locale) })})</span>
              </dd>
            </div>
          ))}
        </dl>
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
