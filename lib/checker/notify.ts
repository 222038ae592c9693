/**
 * Notifications of the checker: an outbox. The runner inserts one delivery row per event ×
 * channel × recipient inside the check's transaction (unique dedup key, so a repeated check or
 * a second worker adds nothing); `deliverDueNotifications` sends them (e-mail via lib/mail,
 * webhooks signed with HMAC-SHA256) and retries failures with backoff. The table is the log.
 *
 * E-mails are rendered in the recipient's language: the locale of the user with that address, or
 * Dutch for an address without a user (an institution contact who has no account). The subject
 * and lines are rendered when the delivery is queued (one row per recipient, so dedup and retry
 * stay per row); the frame around them when it is sent. Webhooks keep the Dutch texts.
 *
 * Webhook signature: header `X-DUO-Signature: sha256=<hex>` over `<X-DUO-Timestamp>.<body>`
 * with CHECKER_WEBHOOK_SECRET; receivers reject old timestamps and compare in constant time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { institutionContacts, institutions, notificationDeliveries, users, type Endpoint, type NotificationDelivery } from "@/db/schema";
import { env } from "@/lib/env";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "@/lib/i18n/messages";
import { log } from "@/lib/log";
import { sendMail as realSendMail, type Mail } from "@/lib/mail";
import { explainResult } from "./explain";
import type { ProbeResult } from "./probe";
import { getRunnerSettings, type RunnerSettings } from "./settings";
import type { HealthStatus } from "./state";

export const MAX_ATTEMPTS = 6;
const BACKOFF_SECONDS = [60, 300, 1800, 7200, 21_600];
const LEASE_SECONDS = 600;

/** Every health a mail can name; each has a message `checker_mail.health.<status>`. */
export const HEALTH_STATUSES: readonly HealthStatus[] = ["unknown", "up", "degraded", "down"];

type Recipients = { emails: Array<{ address: string; locale: Locale }>; webhooks: string[] };

/** The subject and lines of one event in one language. */
type Rendered = (locale: Locale) => { subject: string; lines: string[] };

async function recipientsFor(tx: Tx, institutionId: string, settings: RunnerSettings): Promise<Recipients & { institutionName: string }> {
  const [inst] = await tx.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, institutionId));
  const contacts = await tx
    .select({ email: institutionContacts.email })
    .from(institutionContacts)
    .where(and(eq(institutionContacts.institutionId, institutionId), inArray(institutionContacts.role, ["technical", "ciso"])));
  const addresses = [...new Set(contacts.map((c) => c.email.trim().toLowerCase()).filter(Boolean))];
  const known = addresses.length ? await tx.select({ email: users.email, locale: users.locale }).from(users).where(inArray(users.email, addresses)) : [];
  const localeOf = new Map(known.map((u) => [u.email, isLocale(u.locale) ? u.locale : DEFAULT_LOCALE]));
  const emails = addresses.map((address) => ({ address, locale: localeOf.get(address) ?? DEFAULT_LOCALE }));
  return { institutionName: inst?.name ?? "", emails, webhooks: settings.webhooks.urls };
}

async function insertDeliveries(
  tx: Tx,
  ev: { eventKey: string; kind: "state_change" | "cert_expiry"; endpointId: string; payload: Record<string, unknown>; render: Rendered; at: Date },
  to: Recipients,
) {
  const rows = [
    ...to.emails.map((e) => ({ channel: "email" as const, target: e.address, payload: { ...ev.payload, ...ev.render(e.locale), locale: e.locale } })),
    ...to.webhooks.map((target) => ({ channel: "webhook" as const, target, payload: { ...ev.payload, ...ev.render(DEFAULT_LOCALE) } })),
  ].map((r) => ({
    dedupKey: `${ev.eventKey}|${r.channel}|${r.target}`,
    eventKey: ev.eventKey,
    kind: ev.kind,
    channel: r.channel,
    target: r.target,
    endpointId: ev.endpointId,
    payload: r.payload,
    nextAttemptAt: ev.at,
    createdAt: ev.at,
  }));
  if (rows.length) await tx.insert(notificationDeliveries).values(rows).onConflictDoNothing();
}

/** The facts every subject starts with, in one language. */
function subjectValues(t: ReturnType<typeof translator>, institution: string, e: Endpoint) {
  return { app: t("app.name"), institution, endpoint: t("checker_mail.endpoint", { transaction: e.transaction.toUpperCase(), environment: t(`checker_mail.environments.${e.environment}`) }) };
}

export async function enqueueStateNotifications(
  tx: Tx,
  ev: { endpoint: Endpoint; from: HealthStatus; to: HealthStatus; result: ProbeResult; resultId: number; at: Date },
  settings: RunnerSettings = getRunnerSettings(),
) {
  const e = ev.endpoint;
  const to = await recipientsFor(tx, e.institutionId, settings);
  await insertDeliveries(
    tx,
    {
      eventKey: `state:${e.id}:${ev.resultId}`,
      kind: "state_change",
      endpointId: e.id,
      at: ev.at,
      render: (locale) => {
        const t = translator(locale);
        return {
          subject: t("checker_mail.state_subject", { ...subjectValues(t, to.institutionName, e), health: t(`checker_mail.health.${ev.to}`) }),
          lines: explainResult(ev.result, locale).map((l) => `${l.label}: ${l.explanation} ${l.nextStep}`),
        };
      },
      payload: {
        event: "endpoint.state_changed",
        endpointId: e.id,
        institutionId: e.institutionId,
        institutionName: to.institutionName,
        transaction: e.transaction,
        environment: e.environment,
        url: e.url,
        from: ev.from,
        to: ev.to,
        reason: ev.result.reason,
        reasons: ev.result.reasons,
        checkedAt: ev.result.checkedAt,
      },
    },
    to,
  );
}

export async function enqueueCertificateNotifications(tx: Tx, ev: { endpoint: Endpoint; threshold: number; result: ProbeResult; at: Date }, settings: RunnerSettings = getRunnerSettings()) {
  const e = ev.endpoint;
  const c = ev.result.certificate;
  const to = await recipientsFor(tx, e.institutionId, settings);
  const days = c.daysLeft ?? 0;
  await insertDeliveries(
    tx,
    {
      eventKey: `cert:${e.id}:${c.fingerprint}:${ev.threshold}`,
      kind: "cert_expiry",
      endpointId: e.id,
      at: ev.at,
      render: (locale) => {
        const t = translator(locale);
        const values = { ...subjectValues(t, to.institutionName, e), days, notAfter: String(c.notAfter) };
        return days < 0
          ? { subject: t("checker_mail.cert_subject_expired", values), lines: [t("checker_mail.cert_expired", values)] }
          : { subject: t("checker_mail.cert_subject_expiring", values), lines: [t("checker_mail.cert_expiring", values)] };
      },
      payload: {
        event: "certificate.expiring",
        endpointId: e.id,
        institutionId: e.institutionId,
        institutionName: to.institutionName,
        transaction: e.transaction,
        environment: e.environment,
        url: e.url,
        threshold: ev.threshold,
        daysLeft: days,
        notAfter: c.notAfter,
        fingerprint: c.fingerprint,
      },
    },
    to,
  );
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** For receivers (and tests): constant-time check of a signature header. */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface DeliverOptions {
  now?: () => Date;
  limit?: number;
  settings?: RunnerSettings;
  sendMail?: (m: Mail) => Promise<unknown>;
  fetch?: typeof fetch;
}

/** The mail of a queued delivery, framed in the language its lines were rendered in (rows queued without one are Dutch). */
export function mailFor(d: Pick<NotificationDelivery, "target" | "payload">): Mail {
  // Notification-centre mails (lib/notifications) are rendered whole when queued.
  if (typeof d.payload.text === "string") return { to: d.target, subject: String(d.payload.subject), text: d.payload.text };
  const p = d.payload as { subject: string; lines: string[]; endpointId: string; url: string; from?: string; to?: string; locale?: string };
  const t = translator(isLocale(p.locale) ? p.locale : DEFAULT_LOCALE);
  const health = (s: string | undefined) => (s && HEALTH_STATUSES.includes(s as HealthStatus) ? t(`checker_mail.health.${s as HealthStatus}`) : String(s));
  const link = `${env().APP_URL.replace(/\/$/, "")}/registry/${p.endpointId}`;
  const state = p.to ? `${t("checker_mail.new_state", { to: health(p.to), from: health(p.from) })}\n\n` : "";
  return {
    to: d.target,
    subject: p.subject,
    text: `${state}${p.lines.join("\n\n")}\n\n${t("checker_mail.endpoint_line", { url: p.url })}\n${t("checker_mail.details_line", { link })}\n\n${t("checker_mail.footer")}`,
  };
}

async function sendWebhook(d: NotificationDelivery, secret: string, at: Date, doFetch: typeof fetch) {
  const body = JSON.stringify({ id: d.id, ...d.payload });
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const res = await doFetch(d.target, {
    method: "POST",
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
    headers: { "Content-Type": "application/json", "X-DUO-Event": String(d.payload.event), "X-DUO-Delivery": String(d.id), "X-DUO-Timestamp": timestamp, "X-DUO-Signature": signWebhook(secret, timestamp, body) },
    body,
  });
  await res.body?.cancel().catch(() => {});
  if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status}`);
}

/** Sends what is due; claims rows with a lease so parallel workers never send one twice. */
export async function deliverDueNotifications(db: Db, opts: DeliverOptions = {}): Promise<{ sent: number; failed: number; retrying: number }> {
  const now = opts.now ?? (() => new Date());
  const settings = opts.settings ?? getRunnerSettings();
  const send = opts.sendMail ?? realSendMail;
  const doFetch = opts.fetch ?? fetch;
  const at = now();
  const lease = new Date(at.getTime() + LEASE_SECONDS * 1000);
  const claimed = await db
    .update(notificationDeliveries)
    .set({ nextAttemptAt: lease, processing: true })
    .where(
      inArray(
        notificationDeliveries.id,
        sql`(select id from ${notificationDeliveries} where ${notificationDeliveries.status} = 'pending' and ${notificationDeliveries.nextAttemptAt} <= ${at.toISOString()}::timestamptz order by ${notificationDeliveries.id} limit ${opts.limit ?? 50} for update skip locked)`,
      ),
    )
    .returning();
  let sent = 0;
  let failed = 0;
  let retrying = 0;
  for (const d of claimed) {
    const attempt = d.attempts + 1;
    try {
      if (d.channel === "email") await send(mailFor(d));
      else {
        if (!settings.webhooks.secret) throw new Error("CHECKER_WEBHOOK_SECRET is not set");
        await sendWebhook(d, settings.webhooks.secret, now(), doFetch);
      }
      await db.update(notificationDeliveries).set({ status: "sent", attempts: attempt, sentAt: now(), lastError: null, processing: false }).where(eq(notificationDeliveries.id, d.id));
      sent++;
    } catch (e) {
      const message = ((e as Error).message ?? "error").slice(0, 300);
      const final = attempt >= MAX_ATTEMPTS;
      const next = new Date(now().getTime() + BACKOFF_SECONDS[Math.min(attempt - 1, BACKOFF_SECONDS.length - 1)] * 1000);
      await db
        .update(notificationDeliveries)
        .set({ status: final ? "failed" : "pending", attempts: attempt, lastError: message, nextAttemptAt: next, processing: false })
        .where(eq(notificationDeliveries.id, d.id));
      log.warn("checker.notification_failed", { id: d.id, channel: d.channel, attempt, final });
      if (final) failed++;
      else retrying++;
    }
  }
  return { sent, failed, retrying };
}

/** Deliveries due for a retry that are stuck in a lease are picked up again after it ends. */
export async function countPendingNotifications(db: Db, now: Date) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notificationDeliveries)
    .where(and(eq(notificationDeliveries.status, "pending"), lte(notificationDeliveries.nextAttemptAt, now)));
  return r.n;
}

