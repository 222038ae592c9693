import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    sv: number;
    loginAt: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    loginAt?: number;
    /** The user_sessions row of this sign-in (lib/auth/user-sessions.ts). */
    sid?: string;
  }
}
