/**
 * The e-mails the account flows send, in the recipient's language where we know it (the caller
 * passes users.locale, or the inviter's language for a new account), rendered with next-intl's
 * translator outside React.
 */
import { env } from "@/lib/env";
import { translator, type Locale } from "@/lib/i18n/messages";
import { sendMail } from "@/lib/mail";
import type { Role } from "./roles";
import { formatDateTime } from "@/lib/domain/intl";

function fmtDate(d: Date, locale: Locale) {
  return formatDateTime(d, locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Amsterdam" });
}

export function inviteLink(token: string) {
  return `${env().APP_URL.replace(/\/$/, "")}/accept-invite/${token}`;
}
export function resetLink(token: string) {
  return `${env().APP_URL.replace(/\/$/, "")}/reset-password/${token}`;
}

export async function sendInvitationMail(opts: {
  to: string;
  token: string;
  role: Role;
  scopeName: string | null;
  scopeKind: "institution" | "vendor" | null;
  expiresAt: Date;
  locale: Locale;
}) {
  const t = translator(opts.locale);
  const scope = opts.scopeName ? t(opts.scopeKind === "vendor" ? "invite.for_vendor" : "invite.for_institution", { name: opts.scopeName }) : "";
  return sendMail({
    to: opts.to,
    subject: t("mail.invite_subject"),
    text: t("mail.invite_body", { role: t(`roles.${opts.role}`), scope, expires: fmtDate(opts.expiresAt, opts.locale), link: inviteLink(opts.token) }),
  });
}

export async function sendResetMail(opts: { to: string; name: string; token: string; expiresAt: Date; locale: Locale }) {
  const t = translator(opts.locale);
  return sendMail({
    to: opts.to,
    subject: t("mail.reset_subject"),
    text: t("mail.reset_body", { name: opts.name, expires: fmtDate(opts.expiresAt, opts.locale), link: resetLink(opts.token) }),
  });
}

/** After an administrator reset someone's second factor: what happened and what to do next. */
export async function sendTwoFactorResetMail(opts: { to: string; name: string; required: boolean; locale: Locale }) {
  const t = translator(opts.locale);
  return sendMail({
    to: opts.to,
    subject: t("two_factor.mail_reset_subject"),
    text: t("two_factor.mail_reset_body", {
      name: opts.name,
      link: `${env().APP_URL.replace(/\/$/, "")}/login`,
      required: opts.required ? t("two_factor.mail_reset_required") : ".",
    }),
  });
}
