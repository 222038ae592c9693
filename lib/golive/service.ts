/**
 * Writes of the go-live gate (issue 17 §1): confirmations of a cross-infrastructure exchange,
 * programme overrides (with a written reason) and their withdrawal. One transaction per user
 * action, the audit event in it. Callers check the permission first; who may confirm for which
 * institution is checked here (`mayConfirmExchange`), inside the transaction.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { goLiveConfirmations, goLiveOverrides, institutions } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { Actor } from "@/lib/auth/policy";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { AppError } from "@/lib/errors";
import type { ConfirmExchangeValues } from "@/lib/validation/golive";
import { getGoLive } from "./queries";

type InstitutionRow = { id: string; vendorCode: string | null };

/**
 * Who may confirm that a retrieval across infrastructures succeeded for `target`: the programme
 * office (on behalf of either party); the vendor's staff for its own institutions (kind vendor);
 * an editor of a partner institution on ANOTHER infrastructure, for that partner (kind partner).
 */
export function mayConfirmExchange(actor: Actor, target: InstitutionRow, v: { confirmerKind: "partner_institution" | "vendor"; partner: InstitutionRow | null }): boolean {
  if (actor.memberships.some((m) => m.role === "programme_admin")) return true;
  if (v.confirmerKind === "vendor") return target.vendorCode !== null && actor.memberships.some((m) => m.role === "vendor_editor" && m.vendorCode === target.vendorCode);
  return v.partner !== null && actor.memberships.some((m) => m.role === "institution_editor" && m.institutionId === v.partner!.id);
}

async function institutionOrThrow(tx: Executor, id: string): Promise<InstitutionRow> {
  const [row] = await tx.select({ id: institutions.id, vendorCode: institutions.vendorCode }).from(institutions).where(eq(institutions.id, id));
  if (!row) throw new AppError("not_found");
  return row;
}

export async function confirmExchange(db: Db, opts: { actor: Actor; auditActor: AuditActor; values: ConfirmExchangeValues; now: Date }) {
  const { values } = opts;
  return db.transaction(async (tx) => {
    const target = await institutionOrThrow(tx, values.institutionId);
    const partner = values.confirmerKind === "partner_institution" && values.partnerInstitutionId ? await institutionOrThrow(tx, values.partnerInstitutionId) : null;
    if (!mayConfirmExchange(opts.actor, target, { confirmerKind: values.confirmerKind, partner })) throw new AppError("forbidden", "golive.confirm_forbidden");
    if (!target.vendorCode) throw new AppError("validation", "golive.no_vendor", { confirmerKind: ["golive.no_vendor"] });
    if (partner && (partner.id === target.id || !partner.vendorCode || partner.vendorCode === target.vendorCode)) {
      throw new AppError("validation", "golive.partner_same_infrastructure", { partnerInstitutionId: ["golive.partner_same_infrastructure"] });
    }
    if (values.exchangedOn > toAmsterdamDate(opts.now)) throw new AppError("validation", "golive.date_in_future", { exchangedOn: ["golive.date_in_future"] });
    const [row] = await tx
      .insert(goLiveConfirmations)
      .values({
        institutionId: target.id,
        exchangedOn: values.exchangedOn,
        confirmerKind: values.confirmerKind,
        partnerInstitutionId: partner?.id ?? null,
        vendorCode: values.confirmerKind === "vendor" ? target.vendorCode : null,
        note: values.note ?? null,
        actorUserId: opts.auditActor.userId,
        actorLabel: opts.auditActor.label,
        createdAt: opts.now,
      })
      .returning();
    await recordAudit(tx, { actor: opts.auditActor, action: "golive.confirm", entityType: "go_live_confirmation", entityId: row.id, institutionId: target.id, after: { exchangedOn: row.exchangedOn, confirmerKind: row.confirmerKind, partnerInstitutionId: row.partnerInstitutionId, vendorCode: row.vendorCode, note: row.note } });
    return row;
  });
}

/** A programme admin's override of a closed gate, with a written reason. One stands at a time. */
export async function setGoLiveOverride(db: Db, opts: { actor: AuditActor; institutionId: string; reason: string; now: Date }) {
  return db.transaction(async (tx) => {
    const inst = await institutionOrThrow(tx, opts.institutionId);
    const [existing] = await tx.select({ id: goLiveOverrides.id }).from(goLiveOverrides).where(and(eq(goLiveOverrides.institutionId, inst.id), isNull(goLiveOverrides.withdrawnAt))).for("update");
    if (existing) throw new AppError("conflict", "golive.override_exists");
    const gate = await getGoLive(tx, { institutionId: inst.id, at: opts.now });
    const [row] = await tx.insert(goLiveOverrides).values({ institutionId: inst.id, reason: opts.reason, actorUserId: opts.actor.userId, actorLabel: opts.actor.label, createdAt: opts.now }).returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: "golive.override",
      entityType: "go_live_override",
      entityId: row.id,
      institutionId: inst.id,
      // What the override stands in for: the conditions that did not hold when it was given.
      after: { reason: row.reason, failingConditions: gate?.evaluation.conditions.filter((c) => !c.met).map((c) => c.code) ?? [] },
    });
    return row;
  });
}

export async function withdrawGoLiveOverride(db: Db, opts: { actor: AuditActor; institutionId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const inst = await institutionOrThrow(tx, opts.institutionId);
    const [row] = await tx
      .update(goLiveOverrides)
      .set({ withdrawnAt: opts.now, withdrawnBy: opts.actor.userId })
      .where(and(eq(goLiveOverrides.institutionId, inst.id), isNull(goLiveOverrides.withdrawnAt)))
      .returning();
    if (!row) throw new AppError("conflict", "golive.no_override");
    await recordAudit(tx, { actor: opts.actor, action: "golive.override_withdraw", entityType: "go_live_override", entityId: row.id, institutionId: inst.id, before: { reason: row.reason, at: row.createdAt.toISOString() } });
    return row;
  });
}

/**
 * The gate for the step "go_live": called inside the verification's transaction. Refuses with
 * the conditions that do not hold unless an override stands.
 */
export async function assertGoLiveGate(tx: Executor, opts: { institutionId: string; now: Date }): Promise<{ gate: "open" | "override"; failing: string[] }> {
  const gate = await getGoLive(tx, { institutionId: opts.institutionId, at: opts.now });
  if (!gate) throw new AppError("not_found");
  const failing = gate.evaluation.conditions.filter((c) => !c.met).map((c) => c.code);
  if (gate.evaluation.gate === "open") return { gate: "open", failing };
  if (gate.evaluation.mayVerify) return { gate: "override", failing };
  throw new AppError("conflict", "golive.gate_closed", undefined, { count: failing.length });
}
