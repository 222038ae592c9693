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
import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { alertRules, institutionContacts, institutions, notificationDeliveries, statusSubscriptions, users, type AlertRule, type Endpoint, type NotificationDelivery } from "@/db/schema";
import { ALERT_WEBHOOK_SECRET_PURPOSE, alertWebhookAad, STATUS_WEBHOOK_SECRET_PURPOSE, vetWebhookUrl } from "@/lib/alerts/webhook-target";
import { open } from "@/lib/auth/secret-box";
import { env } from "@/lib/env";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "@/lib/i18n/messages";
import { log } from "@/lib/log";
import { sendMail as realSendMail, type Mail } from "@/lib/mail";
import { matchingRules } from "@/lib/alerts/queries";
import { certificateEvent, minutesBetween, stateChangeEvent, webhookBody, type AlertOccurrence, type WebhookFormat } from "@/lib/domain/alerts";
import { explainResult } from "./explain";
import type { ProbeResult } from "./probe";
import { getRunnerSettings, type RunnerSettings } from "./settings";
import type { HealthStatus } from "./state";

export const MAX_ATTEMPTS = 6;
const BACKOFF_SECONDS = [60, 300, 1800, 7200, 21_600];
const LEASE_SECONDS = 600;

/** Every health a mail can name; each has a message `checker_mail.health.<status>`. */
export const HEALTH_STATUSES: readonly HealthStatus[] = ["unknown", "up", "degraded", "down"];

/** One set of recipients: the built-in ones (ruleId null) or those of one alert rule. */
type RecipientGroup = {
  ruleId: string | null;
  ruleName?: string;
  emails: Array<{ address: string; locale: Locale }>;
  webhooks: Array<{ url: string; webhookId: string | null }>;
};
type Recipients = { groups: RecipientGroup[] };

/** The subject and lines of one event in one language. */
type Rendered = (locale: Locale) => { subject: string; lines: string[] };

async function institutionNameOf(tx: Tx, institutionId: string) {
  const [inst] = await tx.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, institutionId));
  return inst?.name ?? "";
}

async function localesOf(tx: Tx, addresses: string[]): Promise<Map<string, Locale>> {
  const known = addresses.length ? await tx.select({ email: users.email, locale: users.locale }).from(users).where(inArray(users.email, addresses)) : [];
  return new Map(known.map((u) => [u.email, isLocale(u.locale) ? u.locale : DEFAULT_LOCALE]));
}

/**
 * The built-in recipients of the state-change and certificate mails: the institution's technical
 * contact and security officer, and the programme-wide webhooks of the environment
 * (CHECKER_WEBHOOK_URLS, signed with CHECKER_WEBHOOK_SECRET).
 */
async function defaultRecipients(tx: Tx, institutionId: string, settings: RunnerSettings): Promise<RecipientGroup> {
  const contacts = await tx
    .select({ email: institutionContacts.email })
    .from(institutionContacts)
    .where(and(eq(institutionContacts.institutionId, institutionId), inArray(institutionContacts.role, ["technical", "ciso"])));
  const addresses = [...new Set(contacts.map((c) => c.email.trim().toLowerCase()).filter(Boolean))];
  const localeOf = await localesOf(tx, addresses);
  const emails = addresses.map((address) => ({ address, locale: localeOf.get(address) ?? DEFAULT_LOCALE }));
  return { ruleId: null, emails, webhooks: settings.webhooks.urls.map((url) => ({ url, webhookId: null })) };
}

/**
 * The mail recipients of each rule (in the rules' order): its users with an active account, in
 * their language, then its extra addresses (a portal user's address in that user's language, else
 * Dutch), each address once. Real events and "Test versturen" (lib/alerts/service.ts) alike.
 */
export async function ruleMailRecipients(tx: Tx, rules: ReadonlyArray<Pick<AlertRule, "userIds" | "emails">>): Promise<Array<RecipientGroup["emails"]>> {
  const userIds = [...new Set(rules.flatMap((r) => r.userIds))];
  const people = userIds.length ? await tx.select({ id: users.id, email: users.email, locale: users.locale }).from(users).where(and(inArray(users.id, userIds), isNull(users.disabledAt))) : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const localeOf = await localesOf(tx, [...new Set(rules.flatMap((r) => r.emails))]);
  return rules.map((r) => {
    const fromUsers = r.userIds.flatMap((id) => {
      const p = byId.get(id);
      return p ? [{ address: p.email.toLowerCase(), locale: isLocale(p.locale) ? p.locale : DEFAULT_LOCALE }] : [];
    });
    const extra = r.emails.map((address) => ({ address, locale: localeOf.get(address) ?? DEFAULT_LOCALE }));
    const seen = new Set<string>();
    return [...fromUsers, ...extra].filter((e) => (seen.has(e.address) ? false : (seen.add(e.address), true)));
  });
}

/** The recipients of the alert rules (lib/alerts) that match the occurrence: users, extra addresses, webhooks. */
async function ruleRecipients(tx: Tx, o: AlertOccurrence): Promise<RecipientGroup[]> {
  const rules = await matchingRules(tx, o);
  if (rules.length === 0) return [];
  const emails = await ruleMailRecipients(tx, rules);
  return rules.map((r, i) => ({ ruleId: r.id, ruleName: r.name, emails: emails[i], webhooks: r.webhooks.map((w) => ({ url: w.url, webhookId: w.id })) }));
}

type EventKind = "state_change" | "cert_expiry" | "degraded" | "cert_changed";

async function insertDeliveries(tx: Tx, ev: { eventKey: string; kind: EventKind; endpointId: string; payload: Record<string, unknown>; render: Rendered; at: Date }, to: Recipients) {
  // An address that hears of the event anyway (built-in recipient or an earlier rule) gets one mail.
  const mailed = new Set<string>();
  const rows = to.groups.flatMap((g) => {
    const rule = g.ruleId ? { ruleId: g.ruleId, ruleName: g.ruleName } : {};
    const emails = g.emails.filter((e) => (mailed.has(e.address) ? false : (mailed.add(e.address), true)));
    return [
      ...emails.map((e) => ({ ruleId: g.ruleId, channel: "email" as const, target: e.address, payload: { ...ev.payload, ...ev.render(e.locale), ...rule, locale: e.locale } })),
      ...g.webhooks.map((w) => ({ ruleId: g.ruleId, channel: "webhook" as const, target: w.url, payload: { ...ev.payload, ...ev.render(DEFAULT_LOCALE), ...rule, ...(w.webhookId ? { webhookId: w.webhookId } : {}) } })),
    ];
  });
  const values = rows.map((r) => ({
    dedupKey: r.ruleId ? `${ev.eventKey}|rule:${r.ruleId}|${r.channel}|${r.target}` : `${ev.eventKey}|${r.channel}|${r.target}`,
    eventKey: ev.eventKey,
    kind: ev.kind,
    channel: r.channel,
    target: r.target,
    endpointId: ev.endpointId,
    ruleId: r.ruleId,
    payload: r.payload,
    nextAttemptAt: ev.at,
    createdAt: ev.at,
  }));
  if (values.length) await tx.insert(notificationDeliveries).values(values).onConflictDoNothing();
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
  const institutionName = await institutionNameOf(tx, e.institutionId);
  const event = stateChangeEvent(ev.from, ev.to);
  const groups = [await defaultRecipients(tx, e.institutionId, settings), ...(event ? await ruleRecipients(tx, { event, endpoint: e }) : [])];
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
          subject: t("checker_mail.state_subject", { ...subjectValues(t, institutionName, e), health: t(`checker_mail.health.${ev.to}`) }),
          lines: explainResult(ev.result, locale).map((l) => `${l.label}: ${l.explanation} ${l.nextStep}`),
        };
      },
      payload: {
        event: "endpoint.state_changed",
        endpointId: e.id,
        institutionId: e.institutionId,
        institutionName,
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
    { groups },
  );
}

export async function enqueueCertificateNotifications(tx: Tx, ev: { endpoint: Endpoint; threshold: number; result: ProbeResult; at: Date }, settings: RunnerSettings = getRunnerSettings()) {
  const e = ev.endpoint;
  const c = ev.result.certificate;
  const institutionName = await institutionNameOf(tx, e.institutionId);
  const event = certificateEvent(ev.threshold);
  const groups = [await defaultRecipients(tx, e.institutionId, settings), ...(event ? await ruleRecipients(tx, { event, endpoint: e }) : [])];
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
        const values = { ...subjectValues(t, institutionName, e), days, notAfter: String(c.notAfter) };
        return days < 0
          ? { subject: t("checker_mail.cert_subject_expired", values), lines: [t("checker_mail.cert_expired", values)] }
          : { subject: t("checker_mail.cert_subject_expiring", values), lines: [t("checker_mail.cert_expiring", values)] };
      },
      payload: {
        event: "certificate.expiring",
        endpointId: e.id,
        institutionId: e.institutionId,
        institutionName,
        transaction: e.transaction,
        environment: e.environment,
        url: e.url,
        threshold: ev.threshold,
        daysLeft: days,
        notAfter: c.notAfter,
        fingerprint: c.fingerprint,
      },
    },
    { groups },
  );
}

/**
 * Events only alert rules ask for (no built-in recipients): degraded for at least a rule's
 * minutes (once per degraded period: the period's start is in the event key), a new certificate
 * on an endpoint that had another (once per certificate) and a certificate whose URA is not the
 * institution's (once per certificate).
 */
export async function enqueueRuleEvent(
  tx: Tx,
  ev: { endpoint: Endpoint; at: Date } & (
    | { event: "degraded"; since: Date }
    | { event: "cert_changed"; fingerprint: string; previousFingerprint: string }
    | { event: "ura_mismatch"; fingerprint: string; certificateUra: string | null; expectedUra: string | null }
  ),
) {
  const e = ev.endpoint;
  const minutes = ev.event === "degraded" ? minutesBetween(ev.since, ev.at) : undefined;
  const groups = await ruleRecipients(tx, { event: ev.event, endpoint: e, degradedMinutes: minutes });
  if (groups.length === 0) return;
  const institutionName = await institutionNameOf(tx, e.institutionId);
  const base = { endpointId: e.id, institutionId: e.institutionId, institutionName, transaction: e.transaction, environment: e.environment, url: e.url };
  const { eventKey, kind, payload } =
    ev.event === "degraded"
      ? { eventKey: `degraded:${e.id}:${ev.since.toISOString()}`, kind: "degraded" as const, payload: { event: "endpoint.degraded", ...base, since: ev.since.toISOString(), minutes } }
      : ev.event === "cert_changed"
        ? { eventKey: `certchange:${e.id}:${ev.fingerprint}`, kind: "cert_changed" as const, payload: { event: "certificate.changed", ...base, fingerprint: ev.fingerprint, previousFingerprint: ev.previousFingerprint } }
        : { eventKey: `ura:${e.id}:${ev.fingerprint}`, kind: "cert_changed" as const, payload: { event: "certificate.ura_mismatch", ...base, fingerprint: ev.fingerprint, certificateUra: ev.certificateUra, expectedUra: ev.expectedUra } };
  await insertDeliveries(
    tx,
    {
      eventKey,
      kind,
      endpointId: e.id,
      at: ev.at,
      render: (locale) => {
        const t = translator(locale);
        const values = { ...subjectValues(t, institutionName, e), minutes: minutes ?? 0, fingerprint: "fingerprint" in ev ? ev.fingerprint.slice(0, 16) : "", ura: "certificateUra" in ev ? (ev.certificateUra ?? "-") : "", expected: "expectedUra" in ev ? (ev.expectedUra ?? "-") : "" };
        return { subject: t(`checker_mail.${ev.event}_subject`, values), lines: [t(`checker_mail.${ev.event}_line`, values)] };
      },
      payload,
    },
    { groups },
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
  /** The SSRF guard for rule webhooks (lib/alerts/webhook-target.ts); tests pass their own. */
  vetWebhookUrl?: (url: string) => Promise<string | null>;
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
  const footer = typeof d.payload.ruleName === "string" ? t("checker_mail.footer_rule", { rule: d.payload.ruleName }) : t("checker_mail.footer");
  return {
    to: d.target,
    subject: p.subject,
    text: `${state}${p.lines.join("\n\n")}\n\n${t("checker_mail.endpoint_line", { url: p.url })}\n${t("checker_mail.details_line", { link })}\n\n${footer}`,
  };
}

/** The URL, format and secret a webhook delivery is sent with: its rule's webhook, or the environment's. */
async function webhookFor(db: Db, d: NotificationDelivery, settings: RunnerSettings): Promise<{ format: WebhookFormat; secret: string }> {
  const webhookId = typeof d.payload.webhookId === "string" ? d.payload.webhookId : null;
  // A status-page webhook subscription (lib/status/subscriptions.ts): signed with its own secret.
  if (d.kind === "status" && typeof d.payload.subscriptionId === "string") {
    const [sub] = await db.select({ secret: statusSubscriptions.secret }).from(statusSubscriptions).where(eq(statusSubscriptions.id, d.payload.subscriptionId));
    const secret = sub?.secret ? open(sub.secret, { purpose: STATUS_WEBHOOK_SECRET_PURPOSE, aad: d.payload.subscriptionId }) : null;
    if (!secret) throw new Error("subscription secret unreadable");
    return { format: "signed_json", secret };
  }
  if (!d.ruleId || !webhookId) {
    if (!settings.webhooks.secret) throw new Error("CHECKER_WEBHOOK_SECRET is not set");
    return { format: "signed_json", secret: settings.webhooks.secret };
  }
  const [rule] = await db.select({ webhooks: alertRules.webhooks, deletedAt: alertRules.deletedAt }).from(alertRules).where(eq(alertRules.id, d.ruleId));
  const hook = rule && !rule.deletedAt ? rule.webhooks.find((w) => w.id === webhookId && w.url === d.target) : undefined;
  if (!hook) throw new Error("webhook no longer in its rule");
  const secret = open(hook.secretSealed, { purpose: ALERT_WEBHOOK_SECRET_PURPOSE, aad: alertWebhookAad(d.ruleId, webhookId) });
  if (!secret) throw new Error("webhook secret unreadable (AUTH_SECRET changed?)");
  return { format: hook.format, secret };
}

async function sendWebhook(db: Db, d: NotificationDelivery, settings: RunnerSettings, at: Date, doFetch: typeof fetch, vet: (url: string) => Promise<string | null>) {
  const { format, secret } = await webhookFor(db, d, settings);
  if (d.ruleId || d.kind === "status") {
    const problem = await vet(d.target);
    if (problem) throw new Error(`webhook address refused: ${problem}`);
  }
  const { webhookId: _webhookId, subject, lines, ...facts } = d.payload as Record<string, unknown> & { subject?: string; lines?: string[] };
  void _webhookId;
  const link = typeof facts.endpointId === "string" ? `${env().APP_URL.replace(/\/$/, "")}/registry/${facts.endpointId}` : null;
  const payload = format === "signed_json" ? (d.ruleId ? { ...facts, subject, lines } : d.payload) : facts;
  const body = webhookBody(format, { id: d.id, event: String(d.payload.event), subject: String(subject ?? d.payload.event), lines: Array.isArray(lines) ? lines.map(String) : [], link, linkText: translator(DEFAULT_LOCALE)("checker_mail.webhook_details"), payload });
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
      else await sendWebhook(db, d, settings, now(), doFetch, opts.vetWebhookUrl ?? vetWebhookUrl);
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

