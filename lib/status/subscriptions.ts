/**
 * Subscriptions to the status of infrastructures (issue 16 §2), by e-mail or by webhook: no account, double opt-in
 * (nothing is sent but the confirmation mail until its link is followed), an unsubscribe link in
 * every mail. The links carry an HMAC of the subscription id and the action, keyed from
 * AUTH_SECRET, so nothing secret is stored. The confirmation mail goes through the outbox
 * (notification_deliveries) like every other mail of the worker.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { and, count, eq, gte, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notificationDeliveries, statusSubscriptions, type StatusSubscription } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { keyedHash, seal } from "@/lib/auth/secret-box";
import { generateWebhookSecret, STATUS_WEBHOOK_SECRET_PURPOSE, vetWebhookUrl, type Resolve } from "@/lib/alerts/webhook-target";
import { VENDOR_INFO, type Vendor } from "@/lib/domain/vendors";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { DEFAULT_LOCALE, translator, type Locale } from "@/lib/i18n/messages";
import type { SubscribeValues } from "@/lib/validation/status";

export type LinkAction = "confirm" | "unsubscribe";

/** Nobody signed in: the audit log names the public form, never the address. */
const PUBLIC_ACTOR: AuditActor = { userId: null, label: "status-subscription" };

export function subscriptionToken(action: LinkAction, id: string): string {
  return keyedHash(`${action}:${id.toLowerCase()}`, { purpose: "status-subscription" }).slice(0, 32);
}

export function subscriptionLink(baseUrl: string, action: LinkAction, id: string): string {
  return `${baseUrl}/status/subscriptions/${id}/${action}?t=${subscriptionToken(action, id)}`;
}

function tokenMatches(action: LinkAction, id: string, token: string): boolean {
  const want = Buffer.from(subscriptionToken(action, id));
  const got = Buffer.from(token);
  return want.length === got.length && timingSafeEqual(want, got);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records an unconfirmed subscription and queues the confirmation: a mail with the link, or, for a
 * webhook (SSRF-guarded like alert-rule webhooks), the link posted to it as signed JSON with a
 * secret of its own that is returned once. The answer is the same whether the address already
 * follows something, so the form tells nobody who subscribed. At most STATUS_SUBSCRIBE_PER_HOUR
 * per client address per hour (rate_limited beyond).
 */
export async function subscribe(
  db: Db,
  opts: { values: Pick<SubscribeValues, "vendorCodes"> & Partial<Omit<SubscribeValues, "vendorCodes">>; locale: Locale; ip: string; now: Date; baseUrl: string; perHour?: number; resolve?: Resolve },
): Promise<{ id: string; secret: string | null }> {
  const perHour = opts.perHour ?? env().STATUS_SUBSCRIBE_PER_HOUR;
  const channel = opts.values.channel ?? "email";
  const target = channel === "email" ? (opts.values.email ?? "").trim().toLowerCase() : (opts.values.url ?? "");
  const vendorCodes = [...new Set(opts.values.vendorCodes)];
  if (channel === "webhook") {
    const problem = await vetWebhookUrl(target, { resolve: opts.resolve });
    if (problem) throw new AppError("validation", `alerts.v.webhook_${problem}`, { url: [`alerts.v.webhook_${problem}`] });
  }
  const id = randomUUID();
  const secret = channel === "webhook" ? generateWebhookSecret() : null;
  return db.transaction(async (tx) => {
    const [recent] = await tx
      .select({ n: count() })
      .from(statusSubscriptions)
      .where(and(eq(statusSubscriptions.createdIp, opts.ip), gte(statusSubscriptions.createdAt, new Date(opts.now.getTime() - 3_600_000))));
    if ((recent?.n ?? 0) >= perHour) throw new AppError("rate_limited", "status_subscribe.errors.rate_limited", undefined, { perHour });
    const sealed = secret ? seal(secret, { purpose: STATUS_WEBHOOK_SECRET_PURPOSE, aad: id }) : null;
    const [row] = await tx.insert(statusSubscriptions).values({ id, channel, target, vendorCodes, locale: opts.locale, secret: sealed, createdAt: opts.now, createdIp: opts.ip }).returning();
    await recordAudit(tx, { actor: PUBLIC_ACTOR, action: "status_subscription.create", entityType: "status_subscription", entityId: row.id, after: { channel, vendorCodes } });
    const t = translator(channel === "email" ? opts.locale : DEFAULT_LOCALE);
    const names = vendorCodes.map((v) => VENDOR_INFO[v as Vendor]?.name ?? v).join(", ");
    const link = subscriptionLink(opts.baseUrl, "confirm", row.id);
    const payload =
      channel === "email"
        ? { event: "status.subscription_confirm", subscriptionId: row.id, locale: opts.locale, subject: t("status_mail.confirm_subject"), text: t("status_mail.confirm_body", { infrastructures: names, link }) }
        : { event: "status.subscription_confirm", subscriptionId: row.id, vendorCodes, confirmUrl: link, subject: t("status_mail.confirm_subject"), text: t("status_mail.confirm_webhook", { infrastructures: names, link }) };
    await tx
      .insert(notificationDeliveries)
      .values({ dedupKey: `status:subscription:${row.id}|${channel}|${target}`, eventKey: `status:subscription:${row.id}`, kind: "status", channel, target, payload, nextAttemptAt: opts.now, createdAt: opts.now })
      .onConflictDoNothing();
    return { id: row.id, secret };
  });
}

async function loadByLink(db: Db, action: LinkAction, id: string, token: string): Promise<StatusSubscription> {
  if (!UUID_RE.test(id) || !tokenMatches(action, id, token)) throw new AppError("invalid_token", "status_subscribe.errors.invalid_link");
  const [row] = await db.select().from(statusSubscriptions).where(eq(statusSubscriptions.id, id.toLowerCase()));
  if (!row) throw new AppError("invalid_token", "status_subscribe.errors.invalid_link");
  return row;
}

/** Checks a link without changing anything (the pages ask before they act, so link scanners change nothing). */
export async function subscriptionForLink(db: Db, action: LinkAction, id: string, token: string): Promise<StatusSubscription> {
  return loadByLink(db, action, id, token);
}

/**
 * Confirms (idempotent). The newest confirmed subscription of an address replaces its older
 * ones, so following other infrastructures means subscribing again, not piling up mails.
 */
export async function confirmSubscription(db: Db, opts: { id: string; token: string; now: Date }): Promise<StatusSubscription> {
  const row = await loadByLink(db, "confirm", opts.id, opts.token);
  if (row.unsubscribedAt) throw new AppError("conflict", "status_subscribe.errors.unsubscribed");
  if (row.confirmedAt) return row;
  return db.transaction(async (tx) => {
    const [done] = await tx.update(statusSubscriptions).set({ confirmedAt: opts.now }).where(and(eq(statusSubscriptions.id, row.id), isNull(statusSubscriptions.confirmedAt))).returning();
    const replaced = await tx
      .update(statusSubscriptions)
      .set({ unsubscribedAt: opts.now })
      .where(and(eq(statusSubscriptions.target, row.target), eq(statusSubscriptions.channel, row.channel), ne(statusSubscriptions.id, row.id), isNull(statusSubscriptions.unsubscribedAt)))
      .returning({ id: statusSubscriptions.id });
    await recordAudit(tx, { actor: PUBLIC_ACTOR, action: "status_subscription.confirm", entityType: "status_subscription", entityId: row.id, after: { vendorCodes: row.vendorCodes, replaced: replaced.map((r) => r.id) } });
    return done ?? row;
  });
}

/** Ends the subscription (idempotent). */
export async function unsubscribe(db: Db, opts: { id: string; token: string; now: Date }): Promise<StatusSubscription> {
  const row = await loadByLink(db, "unsubscribe", opts.id, opts.token);
  if (row.unsubscribedAt) return row;
  return db.transaction(async (tx) => {
    const [done] = await tx.update(statusSubscriptions).set({ unsubscribedAt: opts.now }).where(and(eq(statusSubscriptions.id, row.id), isNull(statusSubscriptions.unsubscribedAt))).returning();
    await recordAudit(tx, { actor: PUBLIC_ACTOR, action: "status_subscription.unsubscribe", entityType: "status_subscription", entityId: row.id });
    return done ?? row;
  });
}
