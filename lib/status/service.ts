/**
 * Writes of the status page (issue 16 §1, §2): incident posts, maintenance announcements and the
 * mails to their subscribers. Programme admins post for any infrastructure, vendor editors for
 * their own vendor's only (anything else is "forbidden"). One transaction per action: the row, the
 * audit event and the subscriber mails (queued in the outbox, notification_deliveries, which the
 * worker sends and retries) are written together or not at all.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { notificationDeliveries, statusIncidents, statusIncidentUpdates, statusInfrastructureStates, statusMaintenance, statusSubscriptions } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { Actor } from "@/lib/auth/policy";
import { checkIncidentOpen, checkIncidentUpdate, checkMaintenance, incidentMailEvent, maintenancePhase, stateChangeIsNews, subscriberWants, type IncidentState, type InfrastructureState, type StatusMailEvent } from "@/lib/domain/status";
import { VENDOR_CODES, VENDOR_INFO, type Vendor } from "@/lib/domain/vendors";
import { AppError } from "@/lib/errors";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "@/lib/i18n/messages";
import { formatInstant } from "@/lib/registry/format";
import type { IncidentUpdateValues, MaintenanceValues, OpenIncidentValues } from "@/lib/validation/status";
import { loadStatusModel } from "./queries";
import { subscriptionLink } from "./subscriptions";

/** Programme admins: every infrastructure; a vendor editor: the own vendor's. */
export function mayPostFor(actor: Actor, vendorCode: string): boolean {
  return actor.memberships.some((m) => m.role === "programme_admin" || (m.role === "vendor_editor" && m.vendorCode === vendorCode));
}

/** The infrastructures the actor may post for, in the usual order. */
export function postableVendors(actor: Actor): Vendor[] {
  return VENDOR_CODES.filter((v) => mayPostFor(actor, v));
}

const otherVendor = () => new AppError("forbidden", "status_manage.errors.other_vendor", { vendorCode: ["status_manage.errors.other_vendor"] });
const ruleError = (code: string, field: string) => new AppError("validation", `status_manage.errors.${code}`, { [field]: [`status_manage.errors.${code}`] });
const auditActorOf = (a: Actor): AuditActor => ({ userId: a.userId, label: a.email });

type Ctx = { actor: Actor; now: Date; baseUrl: string; requestId?: string };

export async function openIncident(db: Db, opts: Ctx & { values: OpenIncidentValues }): Promise<{ id: string }> {
  const { actor, values, now } = opts;
  if (!mayPostFor(actor, values.vendorCode)) throw otherVendor();
  const rule = checkIncidentOpen({ at: now.getTime(), now: now.getTime() });
  if (rule) throw ruleError(rule, "message");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(statusIncidents)
      .values({ vendorCode: values.vendorCode, title: values.title, state: values.state, openedAt: now, updatedAt: now, createdBy: actor.userId })
      .returning();
    const [update] = await tx.insert(statusIncidentUpdates).values({ incidentId: row.id, state: values.state, message: values.message, at: now, actorUserId: actor.userId }).returning();
    await recordAudit(tx, { actor: auditActorOf(actor), action: "status_incident.open", entityType: "status_incident", entityId: row.id, after: { ...values, openedAt: now.toISOString() }, requestId: opts.requestId });
    await mailSubscribers(tx, {
      vendorCode: values.vendorCode,
      event: "incident_opened",
      key: `incident:${row.id}:${update.id}`,
      now,
      baseUrl: opts.baseUrl,
      render: (t, locale) => ({ title: values.title, state: t(`status_page.incident_states.${values.state}`), message: values.message, time: formatInstant(now, locale), link: `${opts.baseUrl}/status/incidents/${row.id}` }),
    });
    return { id: row.id };
  });
}

/** An update on an open incident; the state `resolved` resolves it. */
export async function postIncidentUpdate(db: Db, opts: Ctx & { id: string; values: IncidentUpdateValues }): Promise<{ state: IncidentState }> {
  const { actor, values, now } = opts;
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(statusIncidents).where(eq(statusIncidents.id, opts.id)).for("update");
    if (!current) throw new AppError("not_found");
    if (!mayPostFor(actor, current.vendorCode)) throw otherVendor();
    const at = values.at ?? now;
    const rule = checkIncidentUpdate({ current: current.state, openedAt: current.openedAt.getTime(), at: at.getTime(), now: now.getTime() });
    if (rule) throw ruleError(rule, rule === "incident_resolved" ? "state" : "at");
    const resolved = values.state === "resolved";
    await tx
      .update(statusIncidents)
      .set({ state: values.state, updatedAt: now, resolvedAt: resolved ? at : null })
      .where(eq(statusIncidents.id, current.id));
    const [update] = await tx.insert(statusIncidentUpdates).values({ incidentId: current.id, state: values.state, message: values.message, at, actorUserId: actor.userId }).returning();
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: "status_incident.update",
      entityType: "status_incident",
      entityId: current.id,
      before: { state: current.state },
      after: { state: values.state, message: values.message, at: at.toISOString() },
      requestId: opts.requestId,
    });
    await mailSubscribers(tx, {
      vendorCode: current.vendorCode,
      event: incidentMailEvent({ first: false, state: values.state }),
      key: `incident:${current.id}:${update.id}`,
      now,
      baseUrl: opts.baseUrl,
      render: (t, locale) => ({ title: current.title, state: t(`status_page.incident_states.${values.state}`), message: values.message, time: formatInstant(at, locale), link: `${opts.baseUrl}/status/incidents/${current.id}` }),
    });
    return { state: values.state };
  });
}

export async function announceMaintenance(db: Db, opts: Ctx & { values: MaintenanceValues }): Promise<{ id: string }> {
  const { actor, values, now } = opts;
  if (!mayPostFor(actor, values.vendorCode)) throw otherVendor();
  const rule = checkMaintenance({ startsAt: values.startsAt.getTime(), endsAt: values.endsAt.getTime(), now: now.getTime() });
  if (rule) throw ruleError(rule, rule === "maintenance_too_far" ? "startsAt" : "endsAt");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(statusMaintenance)
      .values({ vendorCode: values.vendorCode, title: values.title, message: values.message, startsAt: values.startsAt, endsAt: values.endsAt, createdAt: now, createdBy: actor.userId })
      .returning();
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: "status_maintenance.create",
      entityType: "status_maintenance",
      entityId: row.id,
      after: { ...values, startsAt: values.startsAt.toISOString(), endsAt: values.endsAt.toISOString() },
      requestId: opts.requestId,
    });
    await mailSubscribers(tx, {
      vendorCode: values.vendorCode,
      event: "maintenance_announced",
      key: `maintenance:${row.id}`,
      now,
      baseUrl: opts.baseUrl,
      render: (_t, locale) => ({ title: values.title, message: values.message, start: formatInstant(values.startsAt, locale), end: formatInstant(values.endsAt, locale), link: `${opts.baseUrl}/status#maintenance-${row.id}` }),
    });
    return { id: row.id };
  });
}

/** Cancels an announcement that has not ended; the row stays (cancelledAt). */
export async function cancelMaintenance(db: Db, opts: Ctx & { id: string }): Promise<void> {
  const { actor, now } = opts;
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(statusMaintenance).where(eq(statusMaintenance.id, opts.id)).for("update");
    if (!current) throw new AppError("not_found");
    if (!mayPostFor(actor, current.vendorCode)) throw otherVendor();
    const phase = maintenancePhase({ startsAt: current.startsAt.getTime(), endsAt: current.endsAt.getTime(), cancelledAt: current.cancelledAt?.getTime() ?? null }, now.getTime());
    if (phase === "cancelled") throw new AppError("conflict", "status_manage.errors.maintenance_cancelled");
    if (phase === "past") throw new AppError("conflict", "status_manage.errors.maintenance_ended");
    await tx.update(statusMaintenance).set({ cancelledAt: now }).where(and(eq(statusMaintenance.id, current.id), isNull(statusMaintenance.cancelledAt)));
    await recordAudit(tx, { actor: auditActorOf(actor), action: "status_maintenance.cancel", entityType: "status_maintenance", entityId: current.id, before: { title: current.title }, after: { cancelledAt: now.toISOString() }, requestId: opts.requestId });
    await mailSubscribers(tx, {
      vendorCode: current.vendorCode,
      event: "maintenance_cancelled",
      key: `maintenance:${current.id}:cancelled`,
      now,
      baseUrl: opts.baseUrl,
      render: (_t, locale) => ({ title: current.title, message: "", start: formatInstant(current.startsAt, locale), end: formatInstant(current.endsAt, locale), link: `${opts.baseUrl}/status` }),
    });
  });
}

/**
 * One mail per confirmed subscriber of the infrastructure, in the subscriber's language, with
 * the unsubscribe link; queued in the outbox (deduplicated per post and address).
 */
async function mailSubscribers(
  tx: Executor,
  ev: { vendorCode: string; event: StatusMailEvent; key: string; now: Date; baseUrl: string; render: (t: ReturnType<typeof translator>, locale: Locale) => Record<string, string> },
) {
  const subs = await tx
    .select()
    .from(statusSubscriptions)
    .where(and(isNull(statusSubscriptions.unsubscribedAt), sql`${ev.vendorCode} = any(${statusSubscriptions.vendorCodes})`));
  const rows = subs
    .filter((s) => subscriberWants({ vendorCodes: s.vendorCodes, confirmedAt: s.confirmedAt?.getTime() ?? null, unsubscribedAt: s.unsubscribedAt?.getTime() ?? null }, ev.vendorCode))
    .map((s) => {
      // Webhooks are Dutch by design (CONVENTIONS.md "Texts").
      const locale: Locale = s.channel === "webhook" ? DEFAULT_LOCALE : isLocale(s.locale) ? s.locale : DEFAULT_LOCALE;
      const t = translator(locale);
      const values = { infrastructure: VENDOR_INFO[ev.vendorCode as Vendor]?.name ?? ev.vendorCode, unsubscribe: subscriptionLink(ev.baseUrl, "unsubscribe", s.id), ...ev.render(t, locale) };
      const subject = t(`status_mail.subject.${ev.event}`, values);
      const text = t(`status_mail.body.${ev.event}`, values);
      return {
        dedupKey: `status:${ev.key}|${s.channel}|${s.target}`,
        eventKey: `status:${ev.key}`,
        kind: "status" as const,
        channel: s.channel,
        target: s.target,
        payload: s.channel === "email" ? { event: `status.${ev.event}`, subscriptionId: s.id, locale, subject, text } : { event: `status.${ev.event}`, subscriptionId: s.id, vendorCode: ev.vendorCode, subject, text },
        nextAttemptAt: ev.now,
        createdAt: ev.now,
      };
    });
  if (rows.length) await tx.insert(notificationDeliveries).values(rows).onConflictDoNothing();
}

/**
 * The checker's automatic infrastructure states (issue 16 §2): compares each infrastructure's
 * state on the status page (lib/status/queries.ts loadStatusModel, the aggregation of
 * lib/domain/status.ts) with the one recorded last time and tells the subscribers of a change
 * once (stateChangeIsNews: not the first state, nothing about "onbekend", nothing while the
 * checker is offline). Run by the scheduler every minute; returns the infrastructures that changed.
 */
export async function notifyInfrastructureChanges(db: Db, opts: { now: Date; baseUrl: string }): Promise<string[]> {
  const model = await loadStatusModel(db, opts.now);
  const offline = model.checker?.status === "offline";
  const changed: string[] = [];
  for (const inf of model.infrastructures) {
    await db.transaction(async (tx) => {
      const [prev] = await tx.select().from(statusInfrastructureStates).where(eq(statusInfrastructureStates.vendorCode, inf.code)).for("update");
      const to = inf.status.state;
      if (prev && prev.state === to) {
        await tx.update(statusInfrastructureStates).set({ checkedAt: opts.now }).where(eq(statusInfrastructureStates.vendorCode, inf.code));
        return;
      }
      const from = (prev?.state ?? null) as InfrastructureState | null;
      await tx
        .insert(statusInfrastructureStates)
        .values({ vendorCode: inf.code, state: to, since: opts.now, checkedAt: opts.now })
        .onConflictDoUpdate({ target: statusInfrastructureStates.vendorCode, set: { state: to, since: opts.now, checkedAt: opts.now } });
      if (!stateChangeIsNews(from, to, offline)) return;
      changed.push(inf.code);
      await mailSubscribers(tx, {
        vendorCode: inf.code,
        event: "state_changed",
        key: `infrastructure:${inf.code}:${opts.now.toISOString()}`,
        now: opts.now,
        baseUrl: opts.baseUrl,
        render: (t, locale) => ({
          state: t(`status_page.states.${to}`),
          from: t(`status_page.states.${from!}`),
          time: formatInstant(opts.now, locale),
          detail: t(`status_page.reasons.${inf.status.reason}`, { central: inf.status.centralDown, down: inf.status.down, checked: inf.status.checked, impaired: inf.status.down + inf.status.degraded, percent: model.outagePercent }),
          link: `${opts.baseUrl}/status`,
          title: "",
        }),
      });
    });
  }
  return changed;
}
