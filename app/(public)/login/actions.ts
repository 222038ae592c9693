"use server";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { loginSchema, type LoginInput } from "@/lib/validation/users";
import { runAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";

/** Only same-site relative paths are followed after sign-in. */
function safeNext(next: unknown) {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

/** The refusals of the second step, as the Credentials provider reports them, and their message keys. */
const SECOND_FACTOR_MESSAGES: Record<string, string> = {
  invalid_code: "two_factor.code_invalid",
  code_replayed: "two_factor.code_replayed",
  invalid_recovery_code: "two_factor.recovery_invalid",
};

/**
 * Signs in. With two-step verification the same form calls this twice: first with e-mail and
 * password (answered with { step: "code" }, no session yet), then with the code or a recovery
 * code as well. The password is checked again each time, so nothing is kept on the server between.
 */
export async function loginAction(input: LoginInput, next?: string) {
  // Public by design: this is the sign-in itself. Input is validated before anything else.
  return runAction(async (): Promise<{ step: "code" } | null> => {
    const parsed = loginSchema.parse(input);
    const second = parsed.recoveryCode ? { recoveryCode: parsed.recoveryCode } : parsed.code ? { code: parsed.code } : {};
    try {
      await signIn("credentials", { email: parsed.email, password: parsed.password, ...second, redirectTo: safeNext(next) });
    } catch (e) {
      if (!(e instanceof AuthError)) throw e; // NEXT_REDIRECT on success
      const code = (e as AuthError & { code?: string }).code ?? "invalid_credentials";
      const [kind, minutes] = code.split(":");
      if (kind === "rate_limited_account" || kind === "rate_limited_ip") {
        throw new AppError("rate_limited", `login.${kind}`, undefined, { minutes: minutes ?? "15" });
      }
      if (kind === "disabled") throw new AppError("forbidden", "login.disabled");
      if (kind === "second_factor_required") return { step: "code" as const };
      if (SECOND_FACTOR_MESSAGES[kind]) throw new AppError("unauthenticated", SECOND_FACTOR_MESSAGES[kind]);
      throw new AppError("unauthenticated", "login.invalid");
    }
    return null;
  });
}
