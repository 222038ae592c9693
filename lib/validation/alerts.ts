/**
 * The alert-rule form (issue 16 §3): shared by the client form (react-hook-form resolver) and the
 * server action, so it stays free of server imports (lib/alerts/service.ts holds the rest).
 * Messages are i18n keys ("alerts.v" section).
 */
import { z } from "zod";
import { ALERT_EVENTS, ALERT_SCOPES, DEFAULT_DEGRADED_MINUTES, MAX_DEGRADED_MINUTES, WEBHOOK_FORMATS } from "@/lib/domain/alerts";

export const MAX_ALERT_EMAILS = 20;
export const MAX_ALERT_WEBHOOKS = 5;

/**
 * The syntax of a webhook URL (alert rules, status subscriptions): http(s), no credentials. Whether
 * it may be called is the SSRF guard's question (lib/alerts/webhook-target.ts).
 */
export function isWebhookUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
  } catch {
    return false;
  }
}

const emptyAsUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

const webhookSchema = z.object({
  /** Empty for a new webhook; the id of an existing one keeps its secret. */
  id: z.preprocess(emptyAsUndefined, z.uuid("alerts.v.webhook_invalid").optional()),
  url: z
    .string()
    .trim()
    .max(2048, "alerts.v.webhook_url_invalid")
    .refine(isWebhookUrl, "alerts.v.webhook_url_invalid"),
  format: z.enum(WEBHOOK_FORMATS, "alerts.v.webhook_format_invalid"),
});

export const alertRuleSchema = z
  .object({
    name: z.string().trim().min(1, "alerts.v.name_required").max(120, "alerts.v.name_too_long"),
    scope: z.enum(ALERT_SCOPES, "alerts.v.scope_invalid"),
    vendorCode: z.preprocess(emptyAsUndefined, z.string().max(40, "alerts.v.vendor_required").optional()),
    institutionId: z.preprocess(emptyAsUndefined, z.uuid("alerts.v.institution_required").optional()),
    events: z.array(z.enum(ALERT_EVENTS, "alerts.v.events_required")).min(1, "alerts.v.events_required"),
    degradedMinutes: z.coerce
      .number("alerts.v.degraded_minutes_invalid")
      .int("alerts.v.degraded_minutes_invalid")
      .min(1, "alerts.v.degraded_minutes_invalid")
      .max(MAX_DEGRADED_MINUTES, "alerts.v.degraded_minutes_invalid")
      .default(DEFAULT_DEGRADED_MINUTES),
    userIds: z.array(z.uuid("alerts.v.user_invalid")).default([]),
    /** One address per line (or separated by commas). */
    emails: z.string().max(4000, "alerts.v.emails_invalid").default(""),
    webhooks: z.array(webhookSchema).max(MAX_ALERT_WEBHOOKS, "alerts.v.too_many_webhooks").default([]),
    enabled: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    if (v.scope === "vendor" && !v.vendorCode) ctx.addIssue({ code: "custom", path: ["vendorCode"], message: "alerts.v.vendor_required" });
    if (v.scope === "institution" && !v.institutionId) ctx.addIssue({ code: "custom", path: ["institutionId"], message: "alerts.v.institution_required" });
    const emails = splitEmails(v.emails);
    if (emails.length > MAX_ALERT_EMAILS) ctx.addIssue({ code: "custom", path: ["emails"], message: "alerts.v.emails_invalid" });
    else if (emails.some((e) => !z.email().safeParse(e).success)) ctx.addIssue({ code: "custom", path: ["emails"], message: "alerts.v.emails_invalid" });
    if (v.userIds.length === 0 && emails.length === 0 && v.webhooks.length === 0) ctx.addIssue({ code: "custom", path: ["userIds"], message: "alerts.v.recipients_required" });
  })
  .transform((v) => ({
    name: v.name,
    scope: v.scope,
    vendorCode: v.scope === "vendor" ? (v.vendorCode ?? null) : null,
    institutionId: v.scope === "institution" ? (v.institutionId ?? null) : null,
    events: [...new Set(v.events)],
    degradedMinutes: v.degradedMinutes,
    userIds: [...new Set(v.userIds)],
    emails: [...new Set(splitEmails(v.emails))],
    webhooks: v.webhooks.map((w) => ({ id: w.id ?? null, url: w.url, format: w.format })),
    enabled: v.enabled,
  }));

export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

export type AlertRuleInput = z.input<typeof alertRuleSchema>;
export type AlertRuleValues = z.output<typeof alertRuleSchema>;
