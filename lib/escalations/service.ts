/**
 * Writes of the escalation register and the decision log (issue 17 §4). One transaction per
 * user action: the row, its history event and the audit event. Callers check
 * `escalations.manage` first.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { decisions, escalationEvents, escalations, institutions, programmeMilestones, type StoredLinks } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { canEscalate, type EscalationLevel, type EscalationStatus } from "@/lib/domain/escalations";
import { AppError } from "@/lib/errors";
import { decisionSchema, escalateSchema, escalationSchema, statusSchema, type DecisionInput, type EscalateInput, type EscalationInput, type StatusInput } from "@/lib/validation/escalations";

const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];
/** JSON with sorted keys: jsonb gives its keys back in its own order. */
const stable = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** Links must name existing institutions, milestones and escalations. */
async function checkLinks(tx: Executor, l: StoredLinks): Promise<StoredLinks> {
  const out: StoredLinks = { institutionIds: uniq(l.institutionIds), vendorCodes: uniq(l.vendorCodes), milestoneCodes: uniq(l.milestoneCodes), ...(l.escalationIds ? { escalationIds: uniq(l.escalationIds) } : {}) };
  const bad = (field: string) => new AppError("validation", "escalations.v.link_unknown", { [field]: ["escalations.v.link_unknown"] });
  if (out.institutionIds.length) {
    const found = await tx.select({ id: institutions.id }).from(institutions).where(inArray(institutions.id, out.institutionIds));
    if (found.length !== out.institutionIds.length) throw bad("institutionIds");
  }
  if (out.milestoneCodes.length) {
    const found = await tx.select({ code: programmeMilestones.code }).from(programmeMilestones).where(inArray(programmeMilestones.code, out.milestoneCodes));
    if (found.length !== out.milestoneCodes.length) throw bad("milestoneCodes");
  }
  if (out.escalationIds?.length) {
    const found = await tx.select({ id: escalations.id }).from(escalations).where(inArray(escalations.id, out.escalationIds));
    if (found.length !== out.escalationIds.length) throw bad("escalationIds");
  }
  return out;
}

export async function createEscalation(db: Db, opts: { actor: AuditActor; input: EscalationInput; now: Date }) {
  const v = escalationSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const links = await checkLinks(tx, { institutionIds: v.institutionIds, vendorCodes: v.vendorCodes, milestoneCodes: v.milestoneCodes });
    const values = { kind: v.kind, title: v.title, description: v.description, owner: v.owner, dueOn: v.dueOn === "" ? null : v.dueOn, links };
    const [row] = await tx
      .insert(escalations)
      .values({ ...values, level: "programme", status: "open", createdBy: opts.actor.userId, createdAt: opts.now, updatedAt: opts.now })
      .returning();
    await tx.insert(escalationEvents).values({ escalationId: row.id, action: "created", toLevel: "programme", toStatus: "open", actorId: opts.actor.userId, actorLabel: opts.actor.label, at: opts.now });
    await recordAudit(tx, { actor: opts.actor, action: "escalation.create", entityType: "escalation", entityId: row.id, after: { number: row.number, ...values } });
    return row;
  });
}

async function lockEscalation(tx: Executor, id: string, version: number) {
  const [row] = await tx.select().from(escalations).where(eq(escalations.id, id)).for("update");
  if (!row) throw new AppError("not_found");
  if (row.version !== version) throw new AppError("conflict", "errors.conflict");
  return row;
}

export async function updateEscalation(db: Db, opts: { actor: AuditActor; id: string; version: number; input: EscalationInput; now: Date }) {
  const v = escalationSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const row = await lockEscalation(tx, opts.id, opts.version);
    const links = await checkLinks(tx, { institutionIds: v.institutionIds, vendorCodes: v.vendorCodes, milestoneCodes: v.milestoneCodes });
    const next = { kind: v.kind, title: v.title, description: v.description, owner: v.owner, dueOn: v.dueOn === "" ? null : v.dueOn, links };
    const changes = (Object.keys(next) as (keyof typeof next)[])
      .filter((k) => stable(row[k]) !== stable(next[k]))
      .map((k) => ({ field: k, from: row[k] as unknown, to: next[k] as unknown }));
    if (changes.length === 0) throw new AppError("validation", "escalations.unchanged");
    const [after] = await tx
      .update(escalations)
      .set({ ...next, version: row.version + 1, updatedAt: opts.now })
      .where(and(eq(escalations.id, row.id), eq(escalations.version, row.version)))
      .returning();
    await tx.insert(escalationEvents).values({ escalationId: row.id, action: "updated", changes, actorId: opts.actor.userId, actorLabel: opts.actor.label, at: opts.now });
    await recordAudit(tx, { actor: opts.actor, action: "escalation.update", entityType: "escalation", entityId: row.id, before: Object.fromEntries(changes.map((c) => [c.field, c.from])), after: Object.fromEntries(changes.map((c) => [c.field, c.to])) });
    return after;
  });
}

/** Raises the level one step (programme → stuurgroep → DTO) with a note. */
export async function escalate(db: Db, opts: { actor: AuditActor; input: EscalateInput; now: Date }) {
  const v = escalateSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const row = await lockEscalation(tx, v.id, v.version);
    const can = canEscalate({ level: row.level as EscalationLevel, status: row.status as EscalationStatus });
    if (!can.ok) throw new AppError("validation", `escalations.refusals.${can.reason}`);
    const [after] = await tx
      .update(escalations)
      .set({ level: can.to, version: row.version + 1, updatedAt: opts.now })
      .where(and(eq(escalations.id, row.id), eq(escalations.version, row.version)))
      .returning();
    await tx.insert(escalationEvents).values({ escalationId: row.id, action: "escalated", fromLevel: row.level, toLevel: can.to, note: v.note, actorId: opts.actor.userId, actorLabel: opts.actor.label, at: opts.now });
    await recordAudit(tx, { actor: opts.actor, action: "escalation.escalate", entityType: "escalation", entityId: row.id, before: { level: row.level }, after: { level: can.to, note: v.note } });
    return after;
  });
}

export async function setEscalationStatus(db: Db, opts: { actor: AuditActor; input: StatusInput; now: Date }) {
  const v = statusSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const row = await lockEscalation(tx, v.id, v.version);
    if (row.status === v.status) throw new AppError("validation", "escalations.unchanged");
    const note = v.note === "" ? null : v.note;
    const [after] = await tx
      .update(escalations)
      .set({ status: v.status, version: row.version + 1, updatedAt: opts.now })
      .where(and(eq(escalations.id, row.id), eq(escalations.version, row.version)))
      .returning();
    await tx.insert(escalationEvents).values({ escalationId: row.id, action: "status", fromStatus: row.status, toStatus: v.status, note, actorId: opts.actor.userId, actorLabel: opts.actor.label, at: opts.now });
    await recordAudit(tx, { actor: opts.actor, action: "escalation.status", entityType: "escalation", entityId: row.id, before: { status: row.status }, after: { status: v.status, note } });
    return after;
  });
}

export async function createDecision(db: Db, opts: { actor: AuditActor; input: DecisionInput; now: Date }) {
  const v = decisionSchema.parse(opts.input);
  return db.transaction(async (tx) => {
    const links = await checkLinks(tx, { institutionIds: v.institutionIds, vendorCodes: v.vendorCodes, milestoneCodes: v.milestoneCodes, escalationIds: v.escalationIds });
    const values = { decidedOn: v.decidedOn, forum: v.forum, decision: v.decision, links };
    const [row] = await tx
      .insert(decisions)
      .values({ ...values, createdBy: opts.actor.userId, createdByLabel: opts.actor.label, createdAt: opts.now })
      .returning();
    await recordAudit(tx, { actor: opts.actor, action: "decision.create", entityType: "decision", entityId: row.id, after: { number: row.number, ...values } });
    return row;
  });
}
