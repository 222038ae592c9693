/**
 * Words for notifications, in one language: the line shown in the bell's list and in mails, the
 * immediate mail, and the daily digest. Notifications travel as a kind with params (codes, names,
 * numbers, YYYY-MM-DD dates); codes become words only here (a step code its title, a document
 * type its title, a date the reader's format).
 */
import { env } from "@/lib/env";
import { diffInDays, formatDate, isIsoDate, toAmsterdamDate } from "@/lib/domain/dates";
import { stepTitle } from "@/lib/domain/onboarding-texts";
import { documentTitle, isDocumentType } from "@/lib/pdf";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { NotificationKind } from "@/lib/domain/notifications";

type Values = Record<string, string | number>;
type Translate = (key: string, values?: Values) => string;
const tr = (locale: Locale) => translator(locale) as unknown as Translate;

/** The path of the preferences page, where each kind can be set to immediate, digest or off. */
export const PREFERENCES_PATH = "/account/notifications";

export function absoluteUrl(path: string) {
  return `${env().APP_URL.replace(/\/$/, "")}${path}`;
}

/** The kind's params with their codes put into words (step, document, dates). */
export function expandParams(params: Values, locale: Locale): Values {
  const out: Values = { ...params };
  if (typeof params.stepCode === "string") out.step = stepTitle(params.stepCode, locale);
  if (typeof params.documentType === "string") out.document = isDocumentType(params.documentType) ? documentTitle(params.documentType, locale) : params.documentType;
  if (typeof params.transaction === "string" && typeof params.environment === "string") {
    const t = tr(locale);
    out.endpoint = t("checker_mail.endpoint", { transaction: params.transaction.toUpperCase(), environment: t(`checker_mail.environments.${params.environment}`) });
  }
  for (const k of ["date", "notAfter"]) if (typeof params[k] === "string" && isIsoDate(params[k])) out[k] = formatDate(params[k] as string, locale);
  return out;
}

/** The kind's name ("Meldingen beoordeeld"). */
export function kindName(kind: string, locale: Locale) {
  return tr(locale)(`notifications.kinds.${kind}`);
}

/** One line: what happened. */
export function notificationText(n: { kind: string; params: Values }, locale: Locale) {
  return tr(locale)(`notifications.text.${n.kind}`, expandParams(n.params, locale));
}

export function renderImmediateMail(n: { kind: NotificationKind; params: Values; link: string }, locale: Locale): { subject: string; text: string } {
  const t = tr(locale);
  const subject = t("notifications.mail.subject", { app: t("app.name"), kind: kindName(n.kind, locale), institution: typeof n.params.institution === "string" && n.params.institution ? n.params.institution : "none" });
  const text = [
    notificationText(n, locale),
    t("notifications.mail.open_link", { link: absoluteUrl(n.link) }),
    `--\n${t("notifications.mail.preferences_line", { kind: kindName(n.kind, locale), link: absoluteUrl(PREFERENCES_PATH) })}`,
  ].join("\n\n");
  return { subject, text };
}

type WaitingRow = { institutionName: string; stepCode: string; reportedAt: Date | null; institutionId: string };

/**
 * The daily digest: the notifications kept since the last one, grouped by kind (in the order of
 * the kinds), and for reviewers the reports waiting for verification with their age, oldest first.
 * Kept "report_waiting" notifications are not listed one by one: the queue as it stands now says it.
 */
export function renderDigest(
  d: { items: readonly { kind: NotificationKind; params: Values; link: string }[]; waiting: { rows: readonly WaitingRow[]; total: number }; today: string },
  locale: Locale,
): { subject: string; text: string } {
  const t = tr(locale);
  const parts: string[] = [t("notifications.mail.digest_intro")];
  if (d.waiting.total > 0) {
    const lines = d.waiting.rows.map((r) =>
      t("notifications.mail.waiting_line", { institution: r.institutionName, step: stepTitle(r.stepCode, locale), days: r.reportedAt ? diffInDays(d.today, toAmsterdamDate(r.reportedAt)) : 0 }),
    );
    if (d.waiting.total > d.waiting.rows.length) lines.push(t("notifications.mail.waiting_more", { count: d.waiting.total - d.waiting.rows.length }));
    parts.push(`${t("notifications.mail.waiting_heading", { count: d.waiting.total })}\n${lines.map((l) => `- ${l}`).join("\n")}\n${t("notifications.mail.open_link", { link: absoluteUrl("/review") })}`);
  }
  const groups = new Map<string, typeof d.items>();
  for (const i of d.items) if (i.kind !== "report_waiting") groups.set(i.kind, [...(groups.get(i.kind) ?? []), i]);
  for (const [kind, items] of groups) {
    parts.push(`${kindName(kind, locale)} (${items.length})\n${items.map((i) => `- ${notificationText(i, locale)}\n  ${absoluteUrl(i.link)}`).join("\n")}`);
  }
  parts.push(`--\n${t("notifications.mail.digest_footer", { link: absoluteUrl(PREFERENCES_PATH) })}`);
  return { subject: t("notifications.mail.digest_subject", { app: t("app.name"), date: formatDate(d.today, locale) }), text: parts.join("\n\n") };
}
