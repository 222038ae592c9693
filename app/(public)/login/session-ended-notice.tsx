/**
 * Why the user is on the login page again, when a session ended on its own or was ended
 * elsewhere (requirePageActor adds ?reason=…; lib/auth/session-rules.ts). Unknown values show nothing.
 */
import { FormAlert } from "@/app/_components/form-bits";
import { sessionMaxAgeSeconds } from "@/lib/auth/config";
import { isLoginReason } from "@/lib/auth/session-rules";
import { env } from "@/lib/env";
import { getTranslations } from "@/lib/i18n/translations";

export async function SessionEndedNotice({ reason }: { reason: unknown }) {
  if (!isLoginReason(reason)) return null;
  const t = await getTranslations();
  const text = {
    idle: () => t("sessions.login_idle", { duration: t("sessions.minutes", { minutes: env().SESSION_IDLE_MINUTES }) }),
    revoked: () => t("sessions.login_revoked"),
    expired: () => t("sessions.login_expired", { hours: Math.round(sessionMaxAgeSeconds() / 3600) }),
    disabled: () => t("login.disabled"),
  }[reason]();
  return <FormAlert kind="info">{text}</FormAlert>;
}
