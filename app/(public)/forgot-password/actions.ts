"use server";
import { getDb } from "@/db/client";
import { createPasswordReset } from "@/lib/auth/accounts";
import { sendResetMail } from "@/lib/auth/mails";
import { runAction } from "@/lib/actions";
import { env } from "@/lib/env";
import { getLocale } from "@/lib/i18n/server";
import { isLocale } from "@/lib/i18n/messages";
import { forgotPasswordSchema } from "@/lib/validation/users";
import { log } from "@/lib/log";

/**
 * Public by design. The answer is the same whether or not the address has an account, so the
 * form cannot be used to find out who is registered.
 */
export async function forgotPasswordAction(input: { email: string }) {
  return runAction(async () => {
    const { email } = forgotPasswordSchema.parse(input);
    const ttl = env().RESET_TTL_MINUTES;
    const created = await createPasswordReset(getDb(), { email, now: new Date(), ttlMinutes: ttl });
    if (created) {
      const locale = isLocale(created.user.locale) ? created.user.locale : await getLocale();
      try {
        await sendResetMail({ to: created.user.email, name: created.user.name, token: created.token, expiresAt: new Date(Date.now() + ttl * 60_000), locale });
      } catch (e) {
        // The reset row exists but the mail failed: log it; the user can simply ask again.
        log.error("mail.reset_failed", { userId: created.user.id, error: (e as Error).name });
      }
    }
    return { minutes: ttl };
  });
}
