/**
 * Second factor (TOTP) for accounts: enrolment, sign-in checks, recovery codes, switching it off
 * and an administrator's reset. Each user action is one transaction with its audit event. The
 * TOTP rules themselves are in ./totp.ts (pure), the encryption in ./secret-box.ts.
 */
import { and, count, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { memberships, recoveryCodes, userTwoFactor, users } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { isTwoFactorRequired } from "./roles";
import { keyedHash, open, seal } from "./secret-box";
import { generateRecoveryCodes, generateTotpSecret, looksLikeRecoveryCode, normalizeRecoveryCode, totpUri, verifyTotp } from "./totp";

const SECRET_PURPOSE = "totp-secret";
const RECOVERY_PURPOSE = "recovery-code";

export function sealTotpSecret(userId: string, secret: string) {
  return seal(secret, { purpose: SECRET_PURPOSE, aad: userId });
}
export function openTotpSecret(userId: string, sealed: string) {
  return open(sealed, { purpose: SECRET_PURPOSE, aad: userId });
}
export function hashRecoveryCode(code: string) {
  return keyedHash(normalizeRecoveryCode(code), { purpose: RECOVERY_PURPOSE });
}

export type TwoFactorStatus = { enrolled: boolean; required: boolean; recoveryCodesLeft: number };

export async function getTwoFactorStatus(db: Executor, userId: string): Promise<TwoFactorStatus> {
  const [[tf], [left], roles] = await Promise.all([
    db.select({ confirmedAt: userTwoFactor.confirmedAt }).from(userTwoFactor).where(eq(userTwoFactor.userId, userId)),
    db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))),
    db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, userId)),
  ]);
  return { enrolled: Boolean(tf?.confirmedAt), required: isTwoFactorRequired(roles.map((r) => r.role)), recoveryCodesLeft: left?.n ?? 0 };
}

/** The ids of users with a confirmed second factor, for the admin's user list. */
export async function listEnrolledUserIds(db: Executor): Promise<Set<string>> {
  const rows = await db.select({ userId: userTwoFactor.userId }).from(userTwoFactor).where(isNotNull(userTwoFactor.confirmedAt));
  return new Set(rows.map((r) => r.userId));
}

/**
 * Starts (or resumes) enrolment: a new secret, stored sealed and unconfirmed. Resuming keeps the
 * secret of an unfinished enrolment, so a reload does not invalidate what the app already scanned.
 */
export async function startEnrolment(db: Db, opts: { actor: AuditActor; userId: string; email: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(userTwoFactor).where(eq(userTwoFactor.userId, opts.userId)).for("update");
    if (row?.confirmedAt) throw new AppError("conflict", "two_factor.already_enabled");
    let secret = row ? openTotpSecret(opts.userId, row.secretSealed) : null;
    if (!secret) {
      secret = generateTotpSecret();
      const secretSealed = sealTotpSecret(opts.userId, secret);
      if (row) await tx.update(userTwoFactor).set({ secretSealed, lastUsedStep: null }).where(eq(userTwoFactor.userId, opts.userId));
      else await tx.insert(userTwoFactor).values({ userId: opts.userId, secretSealed });
      await recordAudit(tx, { actor: opts.actor, action: "two_factor.enrolment_start", entityType: "user", entityId: opts.userId });
    }
    return { secret, uri: totpUri(secret, opts.email) };
  });
}

async function replaceRecoveryCodes(tx: Executor, userId: string) {
  const codes = generateRecoveryCodes();
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })));
  return codes;
}

/** Confirms enrolment with a code from the app; returns the recovery codes, shown once. */
export async function confirmEnrolment(db: Db, opts: { actor: AuditActor; userId: string; code: string; now: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(userTwoFactor).where(eq(userTwoFactor.userId, opts.userId)).for("update");
    if (!row) throw new AppError("conflict", "two_factor.start_first");
    if (row.confirmedAt) throw new AppError("conflict", "two_factor.already_enabled");
    const secret = openTotpSecret(opts.userId, row.secretSealed);
    if (!secret) throw new AppError("conflict", "two_factor.start_first");
    const verdict = verifyTotp({ secret, code: opts.code, now: opts.now, lastUsedStep: row.lastUsedStep });
    if (!verdict.ok) {
      const key = verdict.reason === "malformed" ? "two_factor.code_format" : verdict.reason === "replayed" ? "two_factor.code_replayed" : "two_factor.code_invalid";
      throw new AppError("validation", key, { code: [key] });
    }
    await tx.update(userTwoFactor).set({ confirmedAt: opts.now, lastUsedStep: verdict.step }).where(eq(userTwoFactor.userId, opts.userId));
    const codes = await replaceRecoveryCodes(tx, opts.userId);
    await recordAudit(tx, { actor: opts.actor, action: "two_factor.enable", entityType: "user", entityId: opts.userId, after: { recoveryCodes: codes.length } });
    return { recoveryCodes: codes };
  });
}

export type SecondFactorCheck =
  | { ok: true; method: "totp" | "recovery"; recoveryCodesLeft?: number }
  | { ok: false; reason: "invalid_code" | "code_replayed" | "invalid_recovery_code" };

/**
 * Checks a TOTP code or a recovery code for a user with a confirmed second factor and uses it
 * up. Both updates are conditional, so two requests racing with one code cannot both pass.
 */
export async function checkSecondFactor(db: Executor, opts: { userId: string; code?: string; recoveryCode?: string; now: Date }): Promise<SecondFactorCheck> {
  if (opts.recoveryCode !== undefined) {
    if (!looksLikeRecoveryCode(opts.recoveryCode)) return { ok: false, reason: "invalid_recovery_code" };
    const used = await db
      .update(recoveryCodes)
      .set({ usedAt: opts.now })
      .where(and(eq(recoveryCodes.userId, opts.userId), eq(recoveryCodes.codeHash, hashRecoveryCode(opts.recoveryCode)), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    if (used.length === 0) return { ok: false, reason: "invalid_recovery_code" };
    const [left] = await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, opts.userId), isNull(recoveryCodes.usedAt)));
    return { ok: true, method: "recovery", recoveryCodesLeft: left?.n ?? 0 };
  }
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, opts.userId));
  const secret = row?.confirmedAt ? openTotpSecret(opts.userId, row.secretSealed) : null;
  // An unreadable secret (AUTH_SECRET changed) can never match: recovery codes still work.
  if (!row || !secret) return { ok: false, reason: "invalid_code" };
  const verdict = verifyTotp({ secret, code: opts.code ?? "", now: opts.now, lastUsedStep: row.lastUsedStep });
  if (!verdict.ok) return { ok: false, reason: verdict.reason === "replayed" ? "code_replayed" : "invalid_code" };
  const claimed = await db
    .update(userTwoFactor)
    .set({ lastUsedStep: verdict.step })
    .where(and(eq(userTwoFactor.userId, opts.userId), or(isNull(userTwoFactor.lastUsedStep), lt(userTwoFactor.lastUsedStep, verdict.step))))
    .returning({ userId: userTwoFactor.userId });
  if (claimed.length === 0) return { ok: false, reason: "code_replayed" };
  return { ok: true, method: "totp" };
}

/** New recovery codes replace all old ones (used or not). */
export async function regenerateRecoveryCodes(db: Db, opts: { actor: AuditActor; userId: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ confirmedAt: userTwoFactor.confirmedAt }).from(userTwoFactor).where(eq(userTwoFactor.userId, opts.userId)).for("update");
    if (!row?.confirmedAt) throw new AppError("conflict", "two_factor.not_enabled");
    const codes = await replaceRecoveryCodes(tx, opts.userId);
    await recordAudit(tx, { actor: opts.actor, action: "two_factor.recovery_codes_regenerate", entityType: "user", entityId: opts.userId, after: { recoveryCodes: codes.length } });
    return { recoveryCodes: codes };
  });
}

async function removeSecondFactor(tx: Executor, userId: string) {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.delete(userTwoFactor).where(eq(userTwoFactor.userId, userId));
}

/**
 * The user switches their own second factor off, confirming with a current code. Not for roles
 * that require it. A wrong code is refused by the caller (see disableTwoFactorWithCode in login.ts).
 */
export async function disableTwoFactor(db: Db, opts: { actor: AuditActor; userId: string }) {
  return db.transaction(async (tx) => {
    const roles = await tx.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, opts.userId));
    if (isTwoFactorRequired(roles.map((r) => r.role))) throw new AppError("forbidden", "two_factor.required_cannot_disable");
    const [row] = await tx.select({ confirmedAt: userTwoFactor.confirmedAt }).from(userTwoFactor).where(eq(userTwoFactor.userId, opts.userId)).for("update");
    if (!row?.confirmedAt) throw new AppError("conflict", "two_factor.not_enabled");
    await removeSecondFactor(tx, opts.userId);
    await recordAudit(tx, { actor: opts.actor, action: "two_factor.disable", entityType: "user", entityId: opts.userId });
  });
}

/**
 * A programme admin resets someone's second factor (lost phone and recovery codes). Their
 * sessions end at once (session version), and the next sign-in asks for a new enrolment where
 * the role requires it. Not on one's own account: that is what the account page is for.
 */
export async function resetTwoFactor(db: Db, opts: { actor: AuditActor; userId: string }) {
  if (opts.actor.userId === opts.userId) throw new AppError("conflict", "two_factor.cannot_reset_self");
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, opts.userId)).for("update");
    if (!user) throw new AppError("not_found");
    const [row] = await tx.select({ confirmedAt: userTwoFactor.confirmedAt }).from(userTwoFactor).where(eq(userTwoFactor.userId, user.id));
    if (!row) throw new AppError("conflict", "two_factor.not_enabled");
    await removeSecondFactor(tx, user.id);
    await tx.update(users).set({ sessionVersion: user.sessionVersion + 1 }).where(eq(users.id, user.id));
    await recordAudit(tx, {
      actor: opts.actor,
      action: "two_factor.reset",
      entityType: "user",
      entityId: user.id,
      before: { enrolled: Boolean(row.confirmedAt), sessionVersion: user.sessionVersion },
      after: { enrolled: false, sessionVersion: user.sessionVersion + 1 },
    });
    return { email: user.email, name: user.name, locale: user.locale };
  });
}

/** Demo seed: pre-enrols a demo account with its fixed, published secret (never for real accounts). */
export async function enrolWithKnownSecret(tx: Executor, opts: { userId: string; secret: string; now: Date }) {
  const inserted = await tx
    .insert(userTwoFactor)
    .values({ userId: opts.userId, secretSealed: sealTotpSecret(opts.userId, opts.secret), confirmedAt: opts.now })
    .onConflictDoNothing()
    .returning({ userId: userTwoFactor.userId });
  return inserted.length > 0;
}
