/**
 * The one audit helper. Every mutation calls it inside its own transaction, so a change and
 * its audit event are written together or not at all.
 */
import { auditEvents } from "@/db/schema";
import type { Executor } from "@/db/client";

export type AuditActor = { userId: string | null; label: string };

export const systemActor: AuditActor = { userId: null, label: "system" };

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId?: string | null;
  institutionId?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

/** Fields that must never be copied into the audit log. */
const SECRET_KEYS = new Set(["passwordHash", "password", "tokenHash", "token", "secret"]);

export function redactForAudit(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redactForAudit);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEYS.has(k) ? "[redacted]" : redactForAudit(v);
    }
    return out;
  }
  return value;
}

export async function recordAudit(tx: Executor, entry: AuditEntry) {
  await tx.insert(auditEvents).values({
    actorUserId: entry.actor.userId,
    actorLabel: entry.actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    institutionId: entry.institutionId ?? null,
    before: redactForAudit(entry.before) as never,
    after: redactForAudit(entry.after) as never,
    requestId: entry.requestId ?? null,
  });
}
