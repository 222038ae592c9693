/**
 * The one audit helper. Every mutation calls it inside its own transaction, so a change and
 * its audit event are written together or not at all. Browsing the log (listAuditEvents) lives here
 * too: the audit capability owns its reads and its writes.
 */
import { and, asc, count, desc, eq, getTableColumns, gte, isNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditEvents, institutions, users } from "@/db/schema";
import type { Executor } from "@/db/client";

export type AuditActor = { userId: string | null; label: string };

/** The label of changes nobody made by hand (cron, the checker, the demo seed). */
export const SYSTEM_ACTOR_LABEL = "system";
export const systemActor: AuditActor = { userId: null, label: SYSTEM_ACTOR_LABEL };

/**
 * Every action the log records: one code each, worded in messages (audit.actions.<code>, checked by
 * tests/unit/foundation/i18n.test.ts), so the log reads "Stap geverifieerd" instead of a code.
 */
export const AUDIT_ACTIONS = [
  "event.cancel",
  "event.create",
  "event.document_upload",
  "event.register",
  "event.registration_cancel",
  "event.update",
  "kb.article_create",
  "kb.article_update",
  "question.ask",
  "question.assign",
  "question.close",
  "question.reply",
  "announcement.publish",
  "api_token.create",
  "api_token.revoke",
  "auth.second_factor_refused",
  "auth.sign_in",
  "auth.sign_out",
  "availability.correct",
  "availability.freeze",
  "decision.create",
  "escalation.create",
  "escalation.escalate",
  "escalation.status",
  "escalation.update",
  "endpoint.check",
  "endpoint.create",
  "endpoint.update",
  "exchange_volume.report",
  "financing.draft_created",
  "financing.draft_deleted",
  "financing.draft_saved",
  "financing.published",
  "golive.confirm",
  "golive.override",
  "golive.override_withdraw",
  "institution.create",
  "institution.import",
  "institution.import_create",
  "institution.import_update",
  "institution.update",
  "invitation.accept",
  "invitation.create",
  "invitation.revoke",
  "milestone.update",
  "milestone.create",
  "milestone.remove",
  "notification.preferences_update",
  "password_reset.complete",
  "password_reset.request",
  "plan.update",
  "seed.demo",
  "session.revoked",
  "status_incident.open",
  "status_incident.update",
  "status_maintenance.create",
  "status_maintenance.cancel",
  "status_subscription.create",
  "status_subscription.confirm",
  "status_subscription.unsubscribe",
  "step.check_evidence_attach",
  "step.draft_save",
  "step.reject",
  "step.report",
  "step.verify",
  "toolkit.acknowledge",
  "toolkit.intake_apply",
  "toolkit.template_create",
  "toolkit.template_publish",
  "two_factor.disable",
  "two_factor.enable",
  "two_factor.enrolment_start",
  "two_factor.recovery_codes_regenerate",
  "two_factor.reset",
  "user.create",
  "user.disable",
  "user.enable",
  "user.sign_out_everywhere",
  "alert_rule.create",
  "alert_rule.update",
  "alert_rule.delete",
  "alert_rule.test",
  "notification_delivery.retry",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an event is about, worded in messages (audit.entities.<type>). */
export const AUDIT_ENTITY_TYPES = [
  "alert_rule",
  "notification_delivery",
  "event",
  "event_document",
  "event_registration",
  "kb_article",
  "question",
  "announcement",
  "api_token",
  "availability_month",
  "decision",
  "document_acknowledgement",
  "document_template",
  "endpoint",
  "exchange_volume",
  "escalation",
  "financing_rule_set",
  "go_live_confirmation",
  "go_live_override",
  "import",
  "institution",
  "institution_plan",
  "invitation",
  "onboarding_step",
  "programme_milestone",
  "status_incident",
  "status_maintenance",
  "status_subscription",
  "system",
  "user",
  "user_session",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export type AuditEntry = {
  actor: AuditActor;
  action: AuditAction;
  entityType: AuditEntityType;
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
export type AuditFilter = {
  action?: string;
  entityType?: string;
  /** Part of the actor's name or e-mail (case-insensitive; wildcards are literal). */
  actor?: string;
  /** One person (a user id), or SYSTEM_ACTOR_LABEL for what nobody did by hand. */
  person?: string;
  institution?: string;
  from?: string;
  until?: string;
  page?: number;
};

const isDate = (s?: string) => Boolean(s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)));
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

// The person who acted, and the person an event is about (entity "user"): names, not ids.
const actorUser = alias(users, "audit_actor_user");
const subjectUser = alias(users, "audit_subject_user");

export async function listAuditEvents(db: Executor, filter: AuditFilter, pageSize = 50) {
  const pattern = filter.actor ? `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : "";
  const conditions = [
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.entityType ? eq(auditEvents.entityType, filter.entityType) : undefined,
    filter.actor ? sql`(${auditEvents.actorLabel} ilike ${pattern} or ${actorUser.name} ilike ${pattern})` : undefined,
    filter.person ? (filter.person === SYSTEM_ACTOR_LABEL ? isNull(auditEvents.actorUserId) : isUuid(filter.person) ? eq(auditEvents.actorUserId, filter.person) : sql`false`) : undefined,
    filter.institution ? (isUuid(filter.institution) ? eq(auditEvents.institutionId, filter.institution) : sql`false`) : undefined,
    isDate(filter.from) ? gte(auditEvents.at, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    // "until" is inclusive: everything before the start of the next day.
    isDate(filter.until) ? lt(auditEvents.at, new Date(Date.parse(`${filter.until}T00:00:00Z`) + 86_400_000)) : undefined,
  ];
  const where = and(...conditions);
  const [{ total }] = await db.select({ total: count() }).from(auditEvents).leftJoin(actorUser, eq(actorUser.id, auditEvents.actorUserId)).where(where);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(filter.page ?? 1, 1), pages);
  const rows = await db
    .select({
      ...getTableColumns(auditEvents),
      actorName: actorUser.name,
      actorEmail: actorUser.email,
      institutionName: institutions.name,
      subjectName: subjectUser.name,
      subjectEmail: subjectUser.email,
    })
    .from(auditEvents)
    .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorUserId))
    .leftJoin(institutions, eq(institutions.id, auditEvents.institutionId))
    .leftJoin(subjectUser, and(eq(auditEvents.entityType, "user"), sql`${subjectUser.id}::text = ${auditEvents.entityId}`))
    .where(where)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total, page, pages };
}

export type AuditRow = Awaited<ReturnType<typeof listAuditEvents>>["rows"][number];

/** What the filters offer: the actions, object types, people and institutions that occur in the log. */
export async function listAuditFacets(db: Executor) {
  const [actions, entities, people, system, insts] = await Promise.all([
    db.selectDistinct({ v: auditEvents.action }).from(auditEvents).orderBy(auditEvents.action),
    db.selectDistinct({ v: auditEvents.entityType }).from(auditEvents).orderBy(auditEvents.entityType),
    db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(sql`exists (select 1 from ${auditEvents} where ${auditEvents.actorUserId} = ${users.id})`)
      .orderBy(asc(users.name), asc(users.email)),
    db.select({ id: auditEvents.id }).from(auditEvents).where(isNull(auditEvents.actorUserId)).limit(1),
    db
      .select({ id: institutions.id, name: institutions.name })
      .from(institutions)
      .where(sql`exists (select 1 from ${auditEvents} where ${auditEvents.institutionId} = ${institutions.id})`)
      .orderBy(asc(institutions.name)),
  ]);
  return { actions: actions.map((a) => a.v), entities: entities.map((e) => e.v), people, hasSystem: system.length > 0, institutions: insts };
}
