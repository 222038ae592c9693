/**
 * Credential checking behind the next-auth Credentials provider, kept free of next-auth so it
 * can be tested directly against a database.
 */
import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { verifyPassword } from "./passwords";
import { checkLoginRateLimit, recordLoginAttempt, type RateLimitConfig } from "./rate-limit";

export type LoginResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; code: "invalid_credentials" }
  | { ok: false; code: "disabled" }
  | { ok: false; code: "rate_limited"; scope: "account" | "ip"; retryAfterMinutes: number };

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export async function authenticate(
  db: Executor,
  opts: { email: string; password: string; ip: string; now: Date; config: RateLimitConfig },
): Promise<LoginResult> {
  const email = normalizeEmail(opts.email);
  const limit = await checkLoginRateLimit(db, { email, ip: opts.ip, now: opts.now, config: opts.config });
  if (limit.limited) return { ok: false, code: "rate_limited", scope: limit.scope, retryAfterMinutes: limit.retryAfterMinutes };

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const passwordOk = await verifyPassword(opts.password, user?.passwordHash);
  if (!user || !passwordOk) {
    await recordLoginAttempt(db, { email, ip: opts.ip, success: false, at: opts.now });
    return { ok: false, code: "invalid_credentials" };
  }
  if (user.disabledAt) {
    await recordLoginAttempt(db, { email, ip: opts.ip, success: false, at: opts.now });
    return { ok: false, code: "disabled" };
  }
  await recordLoginAttempt(db, { email, ip: opts.ip, success: true, at: opts.now });
  await db.update(users).set({ lastLoginAt: opts.now }).where(eq(users.id, user.id));
  await recordAudit(db, {
    actor: { userId: user.id, label: user.email },
    action: "auth.sign_in",
    entityType: "user",
    entityId: user.id,
    after: { ip: opts.ip },
  });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}

/** For tests and admin tooling: how many users exist with this e-mail (0 or 1). */
export async function countUsersByEmail(db: Executor, email: string) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.email, normalizeEmail(email)));
  return r?.n ?? 0;
}
