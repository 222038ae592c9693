/**
 * The part of the next-auth configuration that proxy.ts can load: no database, no bcrypt.
 * The session is a JWT carrying only the user id, the session version, the sign-in time and
 * the id of its user_sessions row (sid, created in authorize(), lib/auth/auth.ts);
 * roles and memberships are read fresh from the database on every request (lib/auth/session.ts).
 */
import type { NextAuthConfig } from "next-auth";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { isPublicPath } from "./policy";

export function sessionMaxAgeSeconds() {
  return env().SESSION_MAX_AGE_HOURS * 3600;
}

export const authConfig = {
  trustHost: true,
  pages: { signIn: "/login", error: "/login" },
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds() },
  providers: [],
  logger: {
    // Refused sign-ins are expected (they are counted in login_attempts) and an undecryptable
    // cookie simply means "signed out"; anything else is one JSON line without the stack.
    error(error) {
      const name = (error as Error & { type?: string }).type ?? error.name;
      if (name === "CredentialsSignin" || name === "JWTSessionError") return;
      log.error("auth.error", { error: name, message: error.message.slice(0, 200) });
    },
    warn(code) {
      log.warn("auth.warn", { code });
    },
    debug() {},
  },
  callbacks: {
    authorized({ auth, request }) {
      // An early redirect only; pages and handlers check permissions themselves.
      const { pathname } = request.nextUrl;
      if (isPublicPath(pathname) || pathname.startsWith("/api/")) return true;
      return Boolean(auth?.user?.id);
    },
    jwt({ token, user }) {
      if (user) {
        const u = user as { id?: string; sessionVersion?: number; sessionId?: string };
        token.uid = u.id;
        token.sv = u.sessionVersion ?? 1;
        token.sid = u.sessionId;
        token.loginAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, id: String(token.uid ?? "") };
      session.sv = Number(token.sv ?? 0);
      session.loginAt = Number(token.loginAt ?? 0);
      return session;
    },
  },
} satisfies NextAuthConfig;
