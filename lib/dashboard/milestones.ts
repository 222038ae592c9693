/** Editing a programme milestone: one transaction, optimistic version check, audit event. */
import { and, eq, isNull, max } from "drizzle-orm";
import type { Db } from "@/db/client";
import { toDomainMilestone } from "@/lib/dashboard/queries";
import { programmeMilestones } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { IsoDate } from "@/lib/domain/dates";
import { AppError } from "@/lib/errors";
import { applyMilestoneEdit, buildNewMilestone, milestoneCreateSchema, milestoneEditSchema, type MilestoneCreateInput, type MilestoneEditInput } from "./milestone-input";

export async function updateMilestone(db: Db, opts: { actor: AuditActor; input: MilestoneEditInput; today: IsoDate }) {
  const input = milestoneEditSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(programmeMilestones).where(and(eq(programmeMilestones.code, input.code), isNull(programmeMilestones.removedAt))).for("update");
    if (!row) throw new AppError("not_found", "errors.not_found");
    if (row.version !== input.version) throw new AppError("conflict", "errors.conflict");
    const res = applyMilestoneEdit({ current: toDomainMilestone(row), input, today: opts.today });
    if (!res.ok) throw new AppError("validation", "errors.validation", res.fieldErrors);
    const m = res.milestone;
    const values = { date: m.date, target: m.target, achievedOn: m.achievedOn ?? null, titleNl: m.title.nl, titleEn: m.title.en };
    const [after] = await tx
      .update(programmeMilestones)
      .set({ ...values, version: row.version + 1, updatedAt: new Date(), updatedBy: opts.actor.userId })
      .where(and(eq(programmeMilestones.code, row.code), eq(programmeMilestones.version, row.version)))
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: "milestone.update",
      entityType: "programme_milestone",
      entityId: row.code,
      before: { date: row.date, target: row.target, achievedOn: row.achievedOn, titleNl: row.titleNl, titleEn: row.titleEn },
      after: values,
    });
    return after;
  });
}

/** Adds a milestone after the existing ones; its code comes from the Dutch title. */
export async function createMilestone(db: Db, opts: { actor: AuditActor; input: MilestoneCreateInput }) {
  const input = milestoneCreateSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    // Serialises concurrent additions (the code and the sort order are derived from what exists).
    await tx.select({ code: programmeMilestones.code }).from(programmeMilestones).for("update");
    const codes = new Set((await tx.select({ code: programmeMilestones.code }).from(programmeMilestones)).map((r) => r.code));
    const res = buildNewMilestone({ input, existingCodes: codes });
    if (!res.ok) throw new AppError("validation", "errors.validation", res.fieldErrors);
    const m = res.milestone;
    const [{ last }] = await tx.select({ last: max(programmeMilestones.sortOrder) }).from(programmeMilestones);
    const values = {
      code: m.code,
      sortOrder: (last ?? 0) + 1,
      date: m.date,
      titleNl: m.title.nl,
      titleEn: m.title.en,
      descriptionNl: m.description.nl,
      descriptionEn: m.description.en,
      metric: m.metric,
      target: m.target,
      achievedOn: null,
      updatedBy: opts.actor.userId,
    };
    const [row] = await tx.insert(programmeMilestones).values(values).returning();
    await recordAudit(tx, { actor: opts.actor, action: "milestone.create", entityType: "programme_milestone", entityId: m.code, before: null, after: { ...values, updatedBy: undefined } });
    return row;
  });
}

/**
 * Removes a milestone from the dashboard, the report and the editor. The row stays (removed_at),
 * so the audit log and escalations that link it keep its name, and the seed never adds it again.
 */
export async function removeMilestone(db: Db, opts: { actor: AuditActor; code: string; version: number }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(programmeMilestones).where(and(eq(programmeMilestones.code, opts.code), isNull(programmeMilestones.removedAt))).for("update");
    if (!row) throw new AppError("not_found", "errors.not_found");
    if (row.version !== opts.version) throw new AppError("conflict", "errors.conflict");
    const now = new Date();
    await tx
      .update(programmeMilestones)
      .set({ removedAt: now, version: row.version + 1, updatedAt: now, updatedBy: opts.actor.userId })
      .where(and(eq(programmeMilestones.code, row.code), eq(programmeMilestones.version, row.version)));
    await recordAudit(tx, {
      actor: opts.actor,
      action: "milestone.remove",
      entityType: "programme_milestone",
      entityId: row.code,
      before: { date: row.date, target: row.target, titleNl: row.titleNl, metric: row.metric },
      after: { removedAt: now.toISOString() },
    });
  });
}
