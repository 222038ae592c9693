/**
 * Runs before every page: sets the Content-Security-Policy with a fresh nonce (and HSTS over
 * https), and redirects signed-out visitors to the login page early. It is not a permission
 * check: every page, route handler and server action asks lib/auth/session.ts itself.
 */
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/lib/auth/config";
import { HSTS, buildCsp, isHttps } from "@/lib/security/headers";

const { auth } = NextAuth(authConfig);

export const proxy = auth((req) => {
  const nonce = btoa(crypto.randomUUID());
  const csp = buildCsp({ nonce, dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  if (isHttps(req.nextUrl, req.headers.get("x-forwarded-proto"))) res.headers.set("strict-transport-security", HSTS);
  return res;
});

export const config = {
  matcher: ["/((?!api|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
