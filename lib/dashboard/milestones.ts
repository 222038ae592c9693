/** Editing a programme milestone: one transaction, optimistic version check, audit event. */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { toDomainMilestone } from "@/lib/dashboard/queries";
import { programmeMilestones } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { IsoDate } from "@/lib/domain/dates";
import { AppError } from "@/lib/errors";
import { applyMilestoneEdit, milestoneEditSchema, type MilestoneEditInput } from "./milestone-input";

export async function updateMilestone(db: Db, opts: { actor: AuditActor; input: MilestoneEditInput; today: IsoDate }) {
  const input = milestoneEditSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(programmeMilestones).where(eq(programmeMilestones.code, input.code)).for("update");
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
