/**
 * Writes of alert rules (issue 16 §3): create, change, delete, "send a test" and retrying a
 * failed delivery by hand. Each is one transaction with its audit event; every one checks first
 * that the rule is within the caller's reach (lib/alerts/reach.ts) and answers "not found"
 * otherwise. Webhook secrets are generated here, returned once to be shown once, and stored sealed.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { alertRules, institutions, notificationDeliveries, vendors, type AlertRule, type AlertWebhook } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { Actor } from "@/lib/auth/policy";
import { seal } from "@/lib/auth/secret-box";
import { ruleMailRecipients } from "@/lib/checker/notify";
import { targetKey } from "@/lib/domain/alerts";
import { AppError } from "@/lib/errors";
import { DEFAULT_LOCALE, translator, type Locale } from "@/lib/i18n/messages";
import type { AlertRuleValues } from "@/lib/validation/alerts";
import { alertReach, reaches } from "./reach";
import { getDelivery, recipientCandidates } from "./queries";
import { ALERT_WEBHOOK_SECRET_PURPOSE, alertWebhookAad, generateWebhookSecret, vetWebhookUrl, type Resolve } from "./webhook-target";

type Ctx = { actor: Actor; auditActor: AuditActor; now: Date };

async function checkTarget(db: Executor, actor: Actor, values: Pick<AlertRuleValues, "scope" | "vendorCode" | "institutionId">) {
  if (!reaches(alertReach(actor), values)) throw new AppError("forbidden", "alerts.errors.out_of_scope");
  if (values.vendorCode) {
    const [v] = await db.select({ code: vendors.code }).from(vendors).where(eq(vendors.code, values.vendorCode));
    if (!v) throw new AppError("validation", "alerts.v.vendor_required", { vendorCode: ["alerts.v.vendor_required"] });
  }
  if (values.institutionId) {
    const [i] = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, values.institutionId));
    if (!i) throw new AppError("validation", "alerts.v.institution_required", { institutionId: ["alerts.v.institution_required"] });
  }
}

async function checkRecipients(db: Executor, values: AlertRuleValues, resolve?: Resolve) {
  if (values.userIds.length) {
    const key = targetKey(values);
    const allowed = new Set((await recipientCandidates(db, { all: values.scope === "programme", vendorCodes: values.vendorCode ? [values.vendorCode] : [], institutionIds: values.institutionId ? [values.institutionId] : [] })).filter((c) => c.target === key).map((c) => c.id));
    if (values.userIds.some((id) => !allowed.has(id))) throw new AppError("validation", "alerts.v.user_invalid", { userIds: ["alerts.v.user_invalid"] });
  }
  for (const [i, w] of values.webhooks.entries()) {
    const problem = await vetWebhookUrl(w.url, { resolve });
    if (problem) throw new AppError("validation", `alerts.v.webhook_${problem}`, { [`webhooks.${i}.url`]: [`alerts.v.webhook_${problem}`] });
  }
}

/** Existing webhooks (by id) keep their secret; new ones get one, returned once. */
function buildWebhooks(ruleId: string, values: AlertRuleValues, existing: readonly AlertWebhook[]) {
  const secrets: Array<{ url: string; secret: string }> = [];
  const webhooks: AlertWebhook[] = values.webhooks.map((w) => {
    const old = w.id ? existing.find((e) => e.id === w.id) : undefined;
    if (old) return { id: old.id, url: w.url, format: w.format, secretSealed: old.secretSealed };
    const id = randomUUID();
    const secret = generateWebhookSecret();
    secrets.push({ url: w.url, secret });
    return { id, url: w.url, format: w.format, secretSealed: seal(secret, { purpose: ALERT_WEBHOOK_SECRET_PURPOSE, aad: alertWebhookAad(ruleId, id) }) };
  });
  return { webhooks, secrets };
}

/** What the audit log keeps of a rule: everything but the sealed secrets. */
function auditView(r: Pick<AlertRule, "name" | "scope" | "vendorCode" | "institutionId" | "events" | "degradedMinutes" | "userIds" | "emails" | "webhooks" | "enabled">) {
  return { name: r.name, scope: r.scope, vendorCode: r.vendorCode, institutionId: r.institutionId, events: r.events, degradedMinutes: r.degradedMinutes, userIds: r.userIds, emails: r.emails, webhooks: r.webhooks.map((w) => ({ id: w.id, url: w.url, format: w.format })), enabled: r.enabled };
}

export async function createAlertRule(db: Db, opts: Ctx & { values: AlertRuleValues; resolve?: Resolve }) {
  const { values, now } = opts;
  await checkTarget(db, opts.actor, values);
  await checkRecipients(db, values, opts.resolve);
  const id = randomUUID();
  const { webhooks, secrets } = buildWebhooks(id, values, []);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alertRules)
      .values({ id, name: values.name, scope: values.scope, vendorCode: values.vendorCode, institutionId: values.institutionId, events: values.events, degradedMinutes: values.degradedMinutes, userIds: values.userIds, emails: values.emails, webhooks, enabled: values.enabled, createdAt: now, createdBy: opts.actor.userId, updatedAt: now })
      .returning();
    await recordAudit(tx, { actor: opts.auditActor, action: "alert_rule.create", entityType: "alert_rule", entityId: row.id, institutionId: row.institutionId, after: auditView(row) });
    return { row, secrets };
  });
}

async function lockRule(tx: Executor, actor: Actor, id: string) {
  const [row] = await tx.select().from(alertRules).where(and(eq(alertRules.id, id), isNull(alertRules.deletedAt))).for("update");
  if (!row || !reaches(alertReach(actor), row)) throw new AppError("not_found");
  return row;
}

export async function updateAlertRule(db: Db, opts: Ctx & { id: string; values: AlertRuleValues; resolve?: Resolve }) {
  const { values, now } = opts;
  await checkTarget(db, opts.actor, values);
  await checkRecipients(db, values, opts.resolve);
  return db.transaction(async (tx) => {
    const before = await lockRule(tx, opts.actor, opts.id);
    const { webhooks, secrets } = buildWebhooks(before.id, values, before.webhooks);
    const [row] = await tx
      .update(alertRules)
      .set({ name: values.name, scope: values.scope, vendorCode: values.vendorCode, institutionId: values.institutionId, events: values.events, degradedMinutes: values.degradedMinutes, userIds: values.userIds, emails: values.emails, webhooks, enabled: values.enabled, updatedAt: now })
      .where(eq(alertRules.id, before.id))
      .returning();
    await recordAudit(tx, { actor: opts.auditActor, action: "alert_rule.update", entityType: "alert_rule", entityId: row.id, institutionId: row.institutionId, before: auditView(before), after: auditView(row) });
    return { row, secrets };
  });
}

/** Deletes softly: the delivery log keeps naming the rule. */
export async function deleteAlertRule(db: Db, opts: Ctx & { id: string }) {
  return db.transaction(async (tx) => {
    const before = await lockRule(tx, opts.actor, opts.id);
    await tx.update(alertRules).set({ deletedAt: opts.now, updatedAt: opts.now }).where(eq(alertRules.id, before.id));
    await recordAudit(tx, { actor: opts.auditActor, action: "alert_rule.delete", entityType: "alert_rule", entityId: before.id, institutionId: before.institutionId, before: auditView(before) });
  });
}

/**
 * "Test versturen": one test delivery to every recipient of the rule, queued in the outbox like a
 * real event (so it shows in the delivery log and is retried the same way). Returns how many.
 */
export async function sendTestAlert(db: Db, opts: Ctx & { id: string }): Promise<{ queued: number }> {
  return db.transaction(async (tx) => {
    const rule = await lockRule(tx, opts.actor, opts.id);
    const [recipients] = await ruleMailRecipients(tx, [rule]);
    const eventKey = `test:${rule.id}:${opts.now.getTime()}`;
    const texts = (locale: Locale) => {
      const t = translator(locale);
      return { subject: t("checker_mail.test_subject", { app: t("app.name"), rule: rule.name }), line: t("checker_mail.test_line", { rule: rule.name }), footer: t("checker_mail.footer_rule", { rule: rule.name }) };
    };
    const rows = [
      ...recipients.map(({ address, locale }) => {
        const x = texts(locale);
        return { channel: "email" as const, target: address, payload: { event: "alert.test", ruleId: rule.id, ruleName: rule.name, locale, subject: x.subject, text: `${x.line}\n\n${x.footer}` } };
      }),
      ...rule.webhooks.map((w) => {
        const x = texts(DEFAULT_LOCALE);
        return { channel: "webhook" as const, target: w.url, payload: { event: "alert.test", ruleId: rule.id, ruleName: rule.name, subject: x.subject, lines: [x.line], sentAt: opts.now.toISOString(), webhookId: w.id } };
      }),
    ];
    if (rows.length) {
      await tx
        .insert(notificationDeliveries)
        .values(rows.map((r) => ({ dedupKey: `${eventKey}|${r.channel}|${r.target}`, eventKey, kind: "alert_test" as const, channel: r.channel, target: r.target, ruleId: rule.id, payload: r.payload, nextAttemptAt: opts.now, createdAt: opts.now })))
        .onConflictDoNothing();
    }
    await recordAudit(tx, { actor: opts.auditActor, action: "alert_rule.test", entityType: "alert_rule", entityId: rule.id, institutionId: rule.institutionId, after: { queued: rows.length } });
    return { queued: rows.length };
  });
}

/** "Opnieuw versturen": a failed delivery within reach is due again now (one more attempt). */
export async function retryDelivery(db: Db, opts: Ctx & { id: number }) {
  const d = await getDelivery(db, alertReach(opts.actor), opts.id);
  if (!d) throw new AppError("not_found");
  if (d.status !== "failed") throw new AppError("conflict", "alerts.errors.not_failed");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(notificationDeliveries)
      .set({ status: "pending", nextAttemptAt: opts.now, processing: false })
      .where(and(eq(notificationDeliveries.id, d.id), eq(notificationDeliveries.status, "failed")))
      .returning({ id: notificationDeliveries.id });
    if (!row) throw new AppError("conflict", "alerts.errors.not_failed");
    await recordAudit(tx, { actor: opts.auditActor, action: "notification_delivery.retry", entityType: "notification_delivery", entityId: String(d.id), after: { ruleId: d.ruleId, channel: d.channel } });
  });
}
