/**
 * Why the user is on the login page again, when a session ended on its own or was ended
 * elsewhere (requirePageActor adds ?reason=…; lib/auth/session-rules.ts). Unknown values show nothing.
 */
import { FormAlert } from "@/app/_components/form-bits";
import { sessionMaxAgeSeconds } from "@/lib/auth/config";
import { idleDuration, isLoginReason } from "@/lib/auth/session-rules";
import { env } from "@/lib/env";
import { format } from "@/lib/i18n/messages";
import { getMessages } from "@/lib/i18n/server";

export async function SessionEndedNotice({ reason }: { reason: unknown }) {
  if (!isLoginReason(reason)) return null;
  const { t } = await getMessages();
  const text = {
    idle: format(t.sessions.login_idle, { duration: idleDuration(t, env().SESSION_IDLE_MINUTES) }),
    revoked: t.sessions.login_revoked,
    expired: format(t.sessions.login_expired, { hours: Math.round(sessionMaxAgeSeconds() / 3600) }),
    disabled: t.login.disabled,
  }[reason];
  return <FormAlert kind="info">{text}</FormAlert>;
}
