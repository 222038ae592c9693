/**
 * next-auth with the Credentials provider. authorize() delegates to authenticate(), which
 * applies the rate limits and records the attempt; failures surface as CredentialsSignin
 * errors whose code the login action turns into a Dutch message.
 */
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { env } from "@/lib/env";
import { loginSchema } from "@/lib/validation/users";
import { authConfig } from "./config";
import { clientIpFrom } from "./client-ip";
import { authenticate } from "./login";
import { startUserSession } from "./user-sessions";

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, code: {}, recoveryCode: {} },
      async authorize(credentials, request) {
        const parsed = loginSchema.safeParse(credentials);
        if (!parsed.success) throw new SignInRefused("invalid_credentials");
        await ensureDatabaseReady();
        const e = env();
        const result = await authenticate(getDb(), {
          email: parsed.data.email,
          password: parsed.data.password,
          code: parsed.data.code,
          recoveryCode: parsed.data.recoveryCode,
          ip: clientIpFrom(request.headers),
          now: new Date(),
          config: {
            maxPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
            maxPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
            windowMinutes: e.LOGIN_WINDOW_MINUTES,
          },
        });
        if (!result.ok) {
          throw new SignInRefused(
            result.code === "rate_limited" ? `rate_limited_${result.scope}:${result.retryAfterMinutes}` : result.code,
          );
        }
        // The server-side session row the cookie will point at (claim sid): listed on the account
        // page, ended one at a time, and checked for idleness on every request.
        const session = await startUserSession(getDb(), { userId: result.user.id, ip: clientIpFrom(request.headers), userAgent: request.headers.get("user-agent"), now: new Date() });
        return { id: result.user.id, email: result.user.email, name: result.user.name, sessionVersion: result.user.sessionVersion, sessionId: session.id };
      },
    }),
  ],
});
