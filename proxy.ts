/**
 * An early redirect to the login page for signed-out visitors. Not a permission check: every
 * page, route handler and server action asks lib/auth/session.ts itself.
 */
import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);
export const proxy = auth;

export const config = {
  matcher: ["/((?!api|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
