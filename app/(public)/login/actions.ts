"use server";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { loginSchema, type LoginInput } from "@/lib/validation/users";
import { runAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { translate } from "@/lib/i18n/messages";
import { getLocale } from "@/lib/i18n/server";

/** Only same-site relative paths are followed after sign-in. */
function safeNext(next: unknown) {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export async function loginAction(input: LoginInput, next?: string) {
  // Public by design: this is the sign-in itself. Input is validated before anything else.
  return runAction(async () => {
    const parsed = loginSchema.parse(input);
    try {
      await signIn("credentials", { email: parsed.email, password: parsed.password, redirectTo: safeNext(next) });
    } catch (e) {
      if (!(e instanceof AuthError)) throw e; // NEXT_REDIRECT on success
      const code = (e as AuthError & { code?: string }).code ?? "invalid_credentials";
      const locale = await getLocale();
      const [kind, minutes] = code.split(":");
      if (kind === "rate_limited_account" || kind === "rate_limited_ip") {
        throw new AppError("rate_limited", translate(locale, `login.${kind}`, { minutes: minutes ?? "15" }));
      }
      if (kind === "disabled") throw new AppError("forbidden", translate(locale, "login.disabled"));
      throw new AppError("unauthenticated", translate(locale, "login.invalid"));
    }
    return null;
  });
}
