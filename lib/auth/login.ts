/**
 * Credential checking behind the next-auth Credentials provider, kept free of next-auth so it
 * can be tested directly against a database.
 */
import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { memberships, userTwoFactor, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { verifyPassword } from "./passwords";
import { checkLoginRateLimit, recordLoginAttempt, type RateLimitConfig } from "./rate-limit";
import { isTwoFactorRequired } from "./roles";
import { checkSecondFactor } from "./two-factor";

export type SecondFactorRefusal = "invalid_code" | "code_replayed" | "invalid_recovery_code";

export type LoginResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number }; secondFactor?: "totp" | "recovery" }
  | { ok: false; code: "invalid_credentials" }
  /** Password right, account has a second factor: ask for the code; no session yet, nothing counted. */
  | { ok: false; code: "second_factor_required" }
  | { ok: false; code: SecondFactorRefusal }
  | { ok: false; code: "disabled" }
  | { ok: false; code: "rate_limited"; scope: "account" | "ip"; retryAfterMinutes: number };

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export async function authenticate(
  db: Executor,
  opts: { email: string; password: string; ip: string; now: Date; config: RateLimitConfig; code?: string; recoveryCode?: string },
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
  // The second factor is asked for only after the right password, and before any session exists.
  const [tf] = await db.select({ confirmedAt: userTwoFactor.confirmedAt }).from(userTwoFactor).where(eq(userTwoFactor.userId, user.id));
  let secondFactor: "totp" | "recovery" | undefined;
  let recoveryCodesLeft: number | undefined;
  if (tf?.confirmedAt) {
    const code = opts.code?.trim() || undefined;
    const recoveryCode = opts.recoveryCode?.trim() || undefined;
    if (!code && !recoveryCode) return { ok: false, code: "second_factor_required" };
    const check = await checkSecondFactor(db, { userId: user.id, code, recoveryCode, now: opts.now });
    if (!check.ok) {
      await refuseSecondFactor(db, { user, email, ip: opts.ip, now: opts.now, reason: check.reason });
      return { ok: false, code: check.reason };
    }
    secondFactor = check.method;
    recoveryCodesLeft = check.recoveryCodesLeft;
  }
  await recordLoginAttempt(db, { email, ip: opts.ip, success: true, at: opts.now });
  await db.update(users).set({ lastLoginAt: opts.now }).where(eq(users.id, user.id));
  // Worth knowing in the audit log: how the second step was passed, or that enrolment is still due.
  const enrolmentDue = !secondFactor && isTwoFactorRequired((await db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, user.id))).map((m) => m.role));
  await recordAudit(db, {
    actor: { userId: user.id, label: user.email },
    action: "auth.sign_in",
    entityType: "user",
    entityId: user.id,
    after: { ip: opts.ip, ...(secondFactor ? { secondFactor, ...(recoveryCodesLeft !== undefined ? { recoveryCodesLeft } : {}) } : {}), ...(enrolmentDue ? { twoFactorEnrolmentDue: true } : {}) },
  });
  const result = { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
  return secondFactor ? { ok: true, user: result, secondFactor } : { ok: true, user: result };
}

/** A refused code counts as a failed sign-in (the same rate limits as passwords) and is audited. */
async function refuseSecondFactor(db: Executor, opts: { user: { id: string; email: string }; email: string; ip: string; now: Date; reason: SecondFactorRefusal }) {
  await recordLoginAttempt(db, { email: opts.email, ip: opts.ip, success: false, at: opts.now });
  await recordAudit(db, {
    actor: { userId: opts.user.id, label: opts.user.email },
    action: "auth.second_factor_refused",
    entityType: "user",
    entityId: opts.user.id,
    after: { ip: opts.ip, reason: opts.reason },
  });
}

export type CodeCheckResult =
  | { ok: true }
  | { ok: false; code: SecondFactorRefusal }
  | { ok: false; code: "rate_limited"; scope: "account" | "ip"; retryAfterMinutes: number };

/**
 * A signed-in user confirms a sensitive step (switching the second factor off) with a current
 * code: rate-limited, counted and audited exactly like a code at sign-in.
 */
export async function checkCodeForSignedInUser(
  db: Executor,
  opts: { user: { id: string; email: string }; code: string; ip: string; now: Date; config: RateLimitConfig },
): Promise<CodeCheckResult> {
  const email = normalizeEmail(opts.user.email);
  const limit = await checkLoginRateLimit(db, { email, ip: opts.ip, now: opts.now, config: opts.config });
  if (limit.limited) return { ok: false, code: "rate_limited", scope: limit.scope, retryAfterMinutes: limit.retryAfterMinutes };
  const check = await checkSecondFactor(db, { userId: opts.user.id, code: opts.code, now: opts.now });
  if (!check.ok) {
    await refuseSecondFactor(db, { user: opts.user, email, ip: opts.ip, now: opts.now, reason: check.reason });
    return { ok: false, code: check.reason };
  }
  return { ok: true };
}

/** For tests and admin tooling: how many users exist with this e-mail (0 or 1). */
export async function countUsersByEmail(db: Executor, email: string) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.email, normalizeEmail(email)));
  return r?.n ?? 0;
}
