/**
 * The one audit helper. Every mutation calls it inside its own transaction, so a change and
 * its audit event are written together or not at all. Browsing the log (listAuditEvents) lives here
 * too: the audit capability owns its reads and its writes.
 */
import { and, count, desc, eq, gte, ilike, lt } from "drizzle-orm";
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

// Browsing the audit log (programme admins; the caller checks audit.read first).
export type AuditFilter = { action?: string; entityType?: string; actor?: string; from?: string; until?: string; page?: number };

const isDate = (s?: string) => Boolean(s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)));

export async function listAuditEvents(db: Executor, filter: AuditFilter, pageSize = 50) {
  const conditions = [
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.entityType ? eq(auditEvents.entityType, filter.entityType) : undefined,
    filter.actor ? ilike(auditEvents.actorLabel, `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    isDate(filter.from) ? gte(auditEvents.at, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    // "until" is inclusive: everything before the start of the next day.
    isDate(filter.until) ? lt(auditEvents.at, new Date(Date.parse(`${filter.until}T00:00:00Z`) + 86_400_000)) : undefined,
  ];
  const where = and(...conditions);
  const [{ total }] = await db.select({ total: count() }).from(auditEvents).where(where);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(filter.page ?? 1, 1), pages);
  const rows = await db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total, page, pages };
}

export async function listAuditFacets(db: Executor) {
  const actions = await db.selectDistinct({ v: auditEvents.action }).from(auditEvents).orderBy(auditEvents.action);
  const entities = await db.selectDistinct({ v: auditEvents.entityType }).from(auditEvents).orderBy(auditEvents.entityType);
  return { actions: actions.map((a) => a.v), entities: entities.map((e) => e.v) };
}

