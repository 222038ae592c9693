/**
 * Changing an institution's planned dates in the portal (issue 17 §3): the current plan in
 * institution_plans, every change appended to institution_plan_changes, and an audit event, in
 * one transaction. The intake form writes the same history through recordPlanChange.
 */
import { and, eq } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { institutionPlanChanges, institutionPlans, institutions } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { IsoDate } from "@/lib/domain/dates";
import type { PlanKey } from "@/lib/domain/planning";
import { AppError } from "@/lib/errors";
import { planEditSchema, type PlanEditInput } from "@/lib/validation/planning";

/** Appends one history row (the caller writes institution_plans and the audit event). */
export async function recordPlanChange(
  tx: Executor,
  opts: { institutionId: string; planKey: PlanKey; from: IsoDate | null; to: IsoDate | null; reason: string | null; source: "portal" | "intake"; actor: AuditActor; at: Date },
) {
  await tx.insert(institutionPlanChanges).values({
    institutionId: opts.institutionId,
    planKey: opts.planKey,
    fromDate: opts.from,
    toDate: opts.to,
    reason: opts.reason,
    source: opts.source,
    changedBy: opts.actor.userId,
    changedByLabel: opts.actor.label,
    at: opts.at,
  });
}

/**
 * Sets (or, with an empty date, removes) one planned date. The caller has checked
 * `institution.report` for this institution. Refuses a change that changes nothing.
 */
export async function setPlannedDate(db: Db, opts: { actor: AuditActor; input: PlanEditInput; now: Date }) {
  const v = planEditSchema.parse(opts.input);
  const to = v.plannedOn === "" ? null : v.plannedOn;
  const reason = v.reason === "" ? null : v.reason;
  return db.transaction(async (tx) => {
    const [inst] = await tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, v.institutionId)).for("update");
    if (!inst) throw new AppError("not_found");
    const where = and(eq(institutionPlans.institutionId, v.institutionId), eq(institutionPlans.planKey, v.planKey));
    const [current] = await tx.select({ plannedOn: institutionPlans.plannedOn }).from(institutionPlans).where(where);
    const from = current?.plannedOn ?? null;
    if (from === to) throw new AppError("validation", "planning.unchanged", { plannedOn: ["planning.unchanged"] });
    if (to === null) {
      await tx.delete(institutionPlans).where(where);
    } else {
      const row = { institutionId: v.institutionId, planKey: v.planKey, plannedOn: to, source: "portal", reportedBy: opts.actor.userId, reportedByLabel: opts.actor.label, reportedAt: opts.now };
      await tx.insert(institutionPlans).values(row).onConflictDoUpdate({ target: [institutionPlans.institutionId, institutionPlans.planKey], set: row });
    }
    await recordPlanChange(tx, { institutionId: v.institutionId, planKey: v.planKey, from, to, reason, source: "portal", actor: opts.actor, at: opts.now });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "plan.update",
      entityType: "institution_plan",
      entityId: `${v.institutionId}:${v.planKey}`,
      institutionId: v.institutionId,
      before: { planKey: v.planKey, plannedOn: from },
      after: { planKey: v.planKey, plannedOn: to, reason },
    });
    return { from, to };
  });
}
