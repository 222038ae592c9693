/**
 * Runs before every page: sets the Content-Security-Policy with a fresh nonce (and HSTS over
 * https), and sends visitors without a session cookie to the login page early. It is not a
 * permission check: every page, route handler and server action asks lib/auth/session.ts,
 * which decrypts the session and reloads the user from the database.
 *
 * Deliberately no next-auth here: its middleware wrapper decrypts the session and re-encrypts
 * it into a fresh cookie on every request, which cost more than half of a small page's CPU.
 * Sessions have an absolute lifetime (loginAt) and a server-side idle check, so a rolling
 * cookie adds nothing.
 */
import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath } from "@/lib/auth/policy";
import { env } from "@/lib/env";
import { HSTS, buildCsp, isHttps } from "@/lib/security/headers";

/** next-auth's cookie names (plain over http, __Secure- over https), possibly chunked (.0, .1). */
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const hasSession = req.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name) && c.value !== "");
  if (!hasSession && !isPublicPath(pathname)) {
    const login = new URL("/login", req.nextUrl);
    login.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = buildCsp({ nonce, dev: env().NODE_ENV === "development" });
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  if (isHttps(req.nextUrl, req.headers.get("x-forwarded-proto"))) res.headers.set("strict-transport-security", HSTS);
  return res;
}

export const config = {
  matcher: ["/((?!api|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
