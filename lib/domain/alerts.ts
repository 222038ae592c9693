/**
 * Alert rules (issue 16 §3): which checker events a rule wants, which endpoints it covers (its
 * scope) and how a webhook body looks in each format. Pure: no database, no clock, no I/O; the
 * outbox (lib/checker/notify.ts) asks here which rules match an event and how to word the body.
 */

export const ALERT_SCOPES = ["programme", "vendor", "institution"] as const;
export type AlertScope = (typeof ALERT_SCOPES)[number];

/**
 * The events a rule can ask for. `degraded` fires once an endpoint has been degraded for at least
 * the rule's `degradedMinutes`; the certificate thresholds are those of the checker (30/14/7).
 */
export const ALERT_EVENTS = ["down", "recovered", "degraded", "cert_expiring_30", "cert_expiring_14", "cert_expiring_7", "cert_changed", "ura_mismatch"] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export const WEBHOOK_FORMATS = ["signed_json", "slack", "teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const DEFAULT_DEGRADED_MINUTES = 15;
export const MAX_DEGRADED_MINUTES = 1440;

export function isAlertEvent(v: unknown): v is AlertEvent {
  return typeof v === "string" && (ALERT_EVENTS as readonly string[]).includes(v);
}

/** The part of a rule that decides whether it matches. */
export type RuleFilter = {
  scope: AlertScope;
  vendorCode: string | null;
  institutionId: string | null;
  events: readonly string[];
  degradedMinutes: number;
  enabled: boolean;
};

/** What happened, to which endpoint. `degradedMinutes`: how long it has been degraded (degraded only). */
export type AlertOccurrence = {
  event: AlertEvent;
  endpoint: { institutionId: string; vendorCode: string | null };
  degradedMinutes?: number;
};

/** "programme", "vendor:<code>" or "institution:<id>": the key of a rule's target (the form shows the users of that key). */
export const targetKey = (t: { scope: AlertScope; vendorCode: string | null | undefined; institutionId: string | null | undefined }) =>
  t.scope === "programme" ? "programme" : t.scope === "vendor" ? `vendor:${t.vendorCode}` : `institution:${t.institutionId}`;

/** A portal user a rule may send to, with the target key (targetKey) of the rules that may name them. */
export type RecipientCandidate = { id: string; name: string; email: string; target: string };

/** Does the rule cover the endpoint? Programme rules cover all; vendor rules the gateways the vendor runs; institution rules the institution's. */
export function ruleCovers(rule: Pick<RuleFilter, "scope" | "vendorCode" | "institutionId">, endpoint: AlertOccurrence["endpoint"]): boolean {
  switch (rule.scope) {
    case "programme":
      return true;
    case "vendor":
      return rule.vendorCode !== null && endpoint.vendorCode === rule.vendorCode;
    case "institution":
      return rule.institutionId !== null && endpoint.institutionId === rule.institutionId;
  }
}

export function ruleMatches(rule: RuleFilter, o: AlertOccurrence): boolean {
  if (!rule.enabled || !rule.events.includes(o.event) || !ruleCovers(rule, o.endpoint)) return false;
  if (o.event === "degraded") return (o.degradedMinutes ?? 0) >= rule.degradedMinutes;
  return true;
}

/** The event of a health transition, or null (unknown → anything, or a move that no rule names). */
export function stateChangeEvent(from: string, to: string): AlertEvent | null {
  if (from === "unknown") return null;
  if (to === "down") return "down";
  if (to === "up" && (from === "down" || from === "degraded")) return "recovered";
  return null;
}

/** The event of a certificate threshold (30, 14, 7). */
export function certificateEvent(threshold: number): AlertEvent | null {
  const e = `cert_expiring_${threshold}`;
  return isAlertEvent(e) ? e : null;
}

/** Minutes between two instants, rounded down; never negative. */
export function minutesBetween(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
}

/** What a webhook says about one event; `subject`, `lines` and `linkText` are Dutch texts from the message catalogue. */
export type WebhookMessage = { id: number | string; event: string; subject: string; lines: readonly string[]; link: string | null; linkText: string; payload: Record<string, unknown> };

/**
 * The body of a webhook in its format: the portal's own JSON (id plus the event's facts), a Slack
 * incoming-webhook message or a Microsoft Teams message card. Every format is signed the same way
 * (headers), so a receiver that checks signatures can do so for any of them.
 */
export function webhookBody(format: WebhookFormat, m: WebhookMessage): string {
  switch (format) {
    case "signed_json":
      return JSON.stringify({ id: m.id, ...m.payload });
    case "slack": {
      const text = [`*${m.subject}*`, ...m.lines, ...(m.link ? [`<${m.link}|${m.linkText}>`] : [])].join("\n");
      return JSON.stringify({ text });
    }
    case "teams":
      return JSON.stringify({
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        summary: m.subject,
        title: m.subject,
        themeColor: themeColor(m.event, m.payload),
        text: m.lines.join("\n\n"),
        ...(m.link ? { potentialAction: [{ "@type": "OpenUri", name: m.linkText, targets: [{ os: "default", uri: m.link }] }] } : {}),
      });
  }
}

function themeColor(event: string, payload: Record<string, unknown>): string {
  if (payload.to === "down") return "D13438";
  if (event === "alert.test") return "0078D7";
  if (payload.to === "up") return "2EB886";
  return "FFB900";
}
