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
 *
 * The production server applies the same headers itself for most page requests and marks them
 * (lib/security/page-headers.ts): the matcher skips those, because running the proxy costs ~2 ms
 * per request. What reaches this function: `next dev`, and requests for non-public pages without
 * a session cookie (the redirect).
 */
import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath } from "@/lib/auth/policy";
import { env } from "@/lib/env";
import { isHttps } from "@/lib/security/headers";
import { SESSION_COOKIE, pageSecurityHeaders } from "@/lib/security/page-headers";

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const hasSession = req.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name) && c.value !== "");
  if (!hasSession && !isPublicPath(pathname)) {
    const login = new URL("/login", req.nextUrl);
    login.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  const page = pageSecurityHeaders({ dev: env().NODE_ENV === "development", https: isHttps(req.nextUrl, req.headers.get("x-forwarded-proto")) });
  const headers = new Headers(req.headers);
  for (const [k, v] of Object.entries(page.request)) headers.set(k, v);
  const res = NextResponse.next({ request: { headers } });
  for (const [k, v] of Object.entries(page.response)) res.headers.set(k, v);
  return res;
}

export const config = {
  // PAGE_HEADERS_DONE (lib/security/page-headers.ts), literally: Next reads this config without running it.
  matcher: [{ source: "/((?!api|_next/static|_next/image|favicon.ico|robots.txt).*)", missing: [{ type: "header", key: "x-duo-page-headers" }] }],
};
