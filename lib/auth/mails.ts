/** The e-mails the account flows send, in the recipient's language where we know it. */
import { env } from "@/lib/env";
import { format, messages, type Locale } from "@/lib/i18n/messages";
import { sendMail } from "@/lib/mail";
import type { Role } from "./roles";

function fmtDate(d: Date, locale: Locale) {
  return d.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Amsterdam" });
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
  const t = messages[opts.locale];
  const scope = opts.scopeName ? format(opts.scopeKind === "vendor" ? t.invite.for_vendor : t.invite.for_institution, { name: opts.scopeName }) : "";
  return sendMail({
    to: opts.to,
    subject: t.mail.invite_subject,
    text: format(t.mail.invite_body, { role: t.roles[opts.role], scope, expires: fmtDate(opts.expiresAt, opts.locale), link: inviteLink(opts.token) }),
  });
}

export async function sendResetMail(opts: { to: string; name: string; token: string; expiresAt: Date; locale: Locale }) {
  const t = messages[opts.locale];
  return sendMail({
    to: opts.to,
    subject: t.mail.reset_subject,
    text: format(t.mail.reset_body, { name: opts.name, expires: fmtDate(opts.expiresAt, opts.locale), link: resetLink(opts.token) }),
  });
}

/** After an administrator reset someone's second factor: what happened and what to do next. */
export async function sendTwoFactorResetMail(opts: { to: string; name: string; required: boolean; locale: Locale }) {
  const t = messages[opts.locale].two_factor;
  return sendMail({
    to: opts.to,
    subject: t.mail_reset_subject,
    text: format(t.mail_reset_body, {
      name: opts.name,
      link: `${env().APP_URL.replace(/\/$/, "")}/login`,
      required: opts.required ? t.mail_reset_required : ".",
    }),
  });
}
