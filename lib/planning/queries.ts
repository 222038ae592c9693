/**
 * Reads of planned dates (issue 17 §3): one institution's plan history, and every institution's
 * plans with the actual dates for the dashboard and the DTO report.
 */
import { desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { institutionPlanChanges, users } from "@/db/schema";
import { toAmsterdamDate, type IsoDate } from "@/lib/domain/dates";
import { isPlanKey, type InstitutionPlans, type PlanChange, type PlanKey } from "@/lib/domain/planning";
import { endOfDaySql, queryRows, stepStatesAtSql } from "@/lib/onboarding/readiness-at";
import { PLAN_STEP } from "@/lib/toolkit/intake";

/** Newest first, with the name of who changed it (changedByLabel keeps the address at the time). */
export async function listPlanHistory(db: Executor, institutionId: string) {
  return db
    .select({ ...getTableColumns(institutionPlanChanges), changedByName: users.name })
    .from(institutionPlanChanges)
    .leftJoin(users, eq(users.id, institutionPlanChanges.changedBy))
    .where(eq(institutionPlanChanges.institutionId, institutionId))
    .orderBy(desc(institutionPlanChanges.at), desc(institutionPlanChanges.id));
}
export type PlanHistoryRow = Awaited<ReturnType<typeof listPlanHistory>>[number];

/** The plan changes of one institution as the domain reads them. */
export function toPlanChanges(rows: readonly { planKey: string; fromDate: string | null; toDate: string | null; at: Date | string }[], key: PlanKey): PlanChange[] {
  return rows
    .filter((r) => r.planKey === key)
    .map((r) => ({ from: r.fromDate, to: r.toDate, on: toAmsterdamDate(r.at instanceof Date ? r.at : new Date(r.at)) }))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

export type PlanningInstitution = InstitutionPlans & { name: string; vendorCode: string | null };

/**
 * Every institution that has a plan history or a done plan step on `day`: its plan changes made
 * up to that day and the day each plan's step was done (verified or not applicable).
 */
export async function loadPlanningInputs(db: Executor, day: IsoDate, opts: { institutionId?: string } = {}): Promise<PlanningInstitution[]> {
  const stepCodes = Object.values(PLAN_STEP);
  const only = (col: string) => (opts.institutionId ? sql`and ${sql.raw(col)} = ${opts.institutionId}::uuid` : sql``);
  const [changes, done, insts] = await Promise.all([
    queryRows<{ institution_id: string; plan_key: string; from_date: string | null; to_date: string | null; at: string | Date }>(
      db,
      sql`select institution_id, plan_key, from_date::text as from_date, to_date::text as to_date, at from institution_plan_changes
        where at < ${endOfDaySql(day)} ${only("institution_id")} order by at asc, id asc`,
    ),
    queryRows<{ institution_id: string; step_code: string; eff: string | null }>(
      db,
      sql`select institution_id, step_code, eff::text as eff from (${stepStatesAtSql(day)}) st
        where st.state in ('verified','not_applicable') and st.step_code in (${sql.join(
          stepCodes.map((c) => sql`${c}`),
          sql`, `,
        )}) ${only("st.institution_id")}`,
    ),
    queryRows<{ id: string; name: string; vendor_code: string | null }>(db, sql`select id, name, vendor_code from institutions where true ${only("id")}`),
  ]);
  const keyOfStep = new Map(Object.entries(PLAN_STEP).map(([k, s]) => [s, k as PlanKey]));
  const byId = new Map<string, PlanningInstitution>();
  const instById = new Map(insts.map((i) => [i.id, i]));
  const get = (id: string) => {
    let p = byId.get(id);
    if (!p) {
      const i = instById.get(id);
      byId.set(id, (p = { institutionId: id, name: i?.name ?? "", vendorCode: i?.vendor_code ?? null, plans: {} }));
    }
    return p;
  };
  for (const c of changes) {
    if (!isPlanKey(c.plan_key)) continue;
    const p = get(c.institution_id);
    const slot = (p.plans[c.plan_key] ??= { changes: [], actualOn: null });
    (slot.changes as PlanChange[]).push({ from: c.from_date, to: c.to_date, on: toAmsterdamDate(new Date(c.at)) });
  }
  for (const d of done) {
    const key = keyOfStep.get(d.step_code);
    if (!key || !d.eff) continue;
    const p = get(d.institution_id);
    (p.plans[key] ??= { changes: [], actualOn: null }).actualOn = d.eff;
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, "nl"));
}
