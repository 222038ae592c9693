/**
 * Notification kinds and the preference rule (issue 18 §1). Pure: the clock comes in as an
 * argument. Each kind has a default mode and the roles to whom it can happen (the preferences
 * page shows only those); each has messages `notifications.kinds.<kind>` (its name),
 * `notifications.text.<kind>` (one line, with the kind's params) and
 * `notifications.subject.<kind>` (the subject of an immediate mail).
 */
import type { Role } from "@/lib/auth/roles";
import type { IsoDate } from "./dates";
import { dateTimeFormat } from "./intl";

export const NOTIFICATION_MODES = ["immediate", "digest", "off"] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

export const NOTIFICATION_KINDS = [
  "report_decided",
  "report_waiting",
  "toolkit_version",
  "endpoint_health",
  "certificate_expiry",
  "planned_date_passed",
  "question_answered",
  "announcement",
  "event_new",
  "event_registration",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const KIND_RULES: Record<NotificationKind, { default: NotificationMode; roles: readonly Role[] }> = {
  report_decided: { default: "immediate", roles: ["institution_editor"] },
  report_waiting: { default: "digest", roles: ["programme_admin"] },
  toolkit_version: { default: "immediate", roles: ["security_officer"] },
  endpoint_health: { default: "immediate", roles: ["institution_editor", "security_officer", "vendor_editor"] },
  certificate_expiry: { default: "immediate", roles: ["institution_editor", "security_officer", "vendor_editor"] },
  planned_date_passed: { default: "digest", roles: ["institution_editor"] },
  question_answered: { default: "immediate", roles: ["institution_editor", "security_officer"] },
  announcement: { default: "immediate", roles: ["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"] },
  /** A new event for the person's audience (issue 18 §3). */
  event_new: { default: "immediate", roles: ["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"] },
  /** One's own registration: a seat from the waiting list, the event cancelled, the reminder the day before. */
  event_registration: { default: "immediate", roles: ["institution_editor", "security_officer", "vendor_editor"] },
};

export function isNotificationKind(v: unknown): v is NotificationKind {
  return typeof v === "string" && (NOTIFICATION_KINDS as readonly string[]).includes(v);
}

export function isNotificationMode(v: unknown): v is NotificationMode {
  return typeof v === "string" && (NOTIFICATION_MODES as readonly string[]).includes(v);
}

/** What happens to the mail of a new notification: sent now, kept for the digest, or none (in-app only). */
export type MailDecision = "immediate" | "digest" | "none";

/**
 * The rule: the user's preference for the kind, else the kind's default. "off" still records the
 * notification in the portal (the bell); it only stops the e-mail. A user without an e-mail
 * address that can receive mail (disabled) gets none.
 */
export function mailDecision(opts: { kind: NotificationKind; preference: NotificationMode | null | undefined; canReceiveMail: boolean }): MailDecision {
  if (!opts.canReceiveMail) return "none";
  const mode = opts.preference ?? KIND_RULES[opts.kind].default;
  return mode === "off" ? "none" : mode;
}

/** The kinds a person with these roles can receive, in the fixed order of NOTIFICATION_KINDS. */
export function kindsForRoles(roles: readonly Role[]): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((k) => KIND_RULES[k].roles.some((r) => roles.includes(r)));
}

export const DIGEST_HOURS = Array.from({ length: 24 }, (_, h) => h);
export const DEFAULT_DIGEST_HOUR = 7;

/** The Amsterdam hour (0-23) of an instant. */
export function amsterdamHour(now: Date): number {
  const h = Number(dateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", hour: "2-digit", hourCycle: "h23" }).format(now));
  return h === 24 ? 0 : h;
}

/**
 * Is a user's daily digest due? Once per Amsterdam day, from their hour on: a server that was
 * down at that hour sends it when it comes back the same day; a digest already sent today is not
 * sent again.
 */
export function digestDue(opts: { today: IsoDate; hour: number; digestHour: number; lastDigestOn: IsoDate | null }): boolean {
  if (opts.lastDigestOn !== null && opts.lastDigestOn >= opts.today) return false;
  return opts.hour >= opts.digestHour;
}
