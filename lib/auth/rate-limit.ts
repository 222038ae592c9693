/**
 * Failed sign-ins are limited per account and per client address, counted from the
 * login_attempts table so the limit holds across restarts and across processes.
 */
import { and, count, eq, gte, lt, max } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { loginAttempts } from "@/db/schema";

export type RateLimitConfig = { maxPerAccount: number; maxPerIp: number; windowMinutes: number };

export type RateLimitVerdict =
  | { limited: false }
  | { limited: true; scope: "account" | "ip"; retryAfterMinutes: number };

export async function checkLoginRateLimit(
  db: Executor,
  opts: { email: string; ip: string; now: Date; config: RateLimitConfig },
): Promise<RateLimitVerdict> {
  const since = new Date(opts.now.getTime() - opts.config.windowMinutes * 60_000);
  const retryAfter = (latest: Date | null) => {
    const until = (latest ?? opts.now).getTime() + opts.config.windowMinutes * 60_000;
    return Math.max(1, Math.ceil((until - opts.now.getTime()) / 60_000));
  };
  const [acc] = await db
    .select({ n: count(), latest: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, opts.email), eq(loginAttempts.success, false), gte(loginAttempts.at, since)));
  if ((acc?.n ?? 0) >= opts.config.maxPerAccount) {
    return { limited: true, scope: "account", retryAfterMinutes: retryAfter(acc.latest) };
  }
  const [byIp] = await db
    .select({ n: count(), latest: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, opts.ip), eq(loginAttempts.success, false), gte(loginAttempts.at, since)));
  if ((byIp?.n ?? 0) >= opts.config.maxPerIp) {
    return { limited: true, scope: "ip", retryAfterMinutes: retryAfter(byIp.latest) };
  }
  return { limited: false };
}

export async function recordLoginAttempt(db: Executor, opts: { email: string; ip: string; success: boolean; at: Date }) {
  await db.insert(loginAttempts).values(opts);
}

/** Old attempts are of no use after the window; keep the table small. */
export async function pruneLoginAttempts(db: Executor, olderThan: Date) {
  await db.delete(loginAttempts).where(lt(loginAttempts.at, olderThan));
}
