/**
 * The server-side record of signed-in sessions (db/schema/sessions.ts): created at sign-in,
 * listed on the account page, ended one at a time, all at once, or on sign-out. The check on
 * every request lives in lib/auth/actor.ts, folded into the user query.
 */
import { and, count, desc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { userSessions } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/validation/uuid";
import { activeSince, retentionCutoff, signedInSince } from "./session-rules";
import { truncateUserAgent } from "./user-agent";

export type SessionEndReason = "sign_out" | "revoked" | "sign_out_everywhere" | "disabled";
export type ActiveWindow = { now: Date; idleMinutes: number; maxAgeSeconds: number };

/**
 * Records a new sign-in and, in the same transaction, deletes sessions that ended more than
 * 30 days ago: sign-ins are rare enough to carry that cost, and the table stays small without
 * a separate job.
 */
export async function startUserSession(db: Db, opts: { userId: string; ip: string; userAgent: string | null; now: Date }) {
  return db.transaction(async (tx) => {
    await pruneEndedSessions(tx, opts.now);
    const [row] = await tx
      .insert(userSessions)
      .values({ userId: opts.userId, ip: opts.ip.slice(0, 64), userAgent: truncateUserAgent(opts.userAgent), createdAt: opts.now, lastSeenAt: opts.now })
      .returning({ id: userSessions.id });
    return row;
  });
}

/** Deletes sessions revoked, or last seen, before the retention cutoff. Returns how many. */
export async function pruneEndedSessions(db: Executor, now: Date) {
  const cutoff = retentionCutoff(now);
  const gone = await db
    .delete(userSessions)
    .where(or(and(isNotNull(userSessions.revokedAt), lt(userSessions.revokedAt, cutoff)), lt(userSessions.lastSeenAt, cutoff)))
    .returning({ id: userSessions.id });
  return gone.length;
}

const activeConditions = (w: ActiveWindow) => [
  isNull(userSessions.revokedAt),
  gt(userSessions.lastSeenAt, activeSince(w.now, w.idleMinutes)),
  gt(userSessions.createdAt, signedInSince(w.now, w.maxAgeSeconds)),
];

/** A user's sessions that can still be used, most recently active first. */
export async function listActiveSessions(db: Executor, userId: string, w: ActiveWindow) {
  return db
    .select({ id: userSessions.id, createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt, ip: userSessions.ip, userAgent: userSessions.userAgent })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), ...activeConditions(w)))
    .orderBy(desc(userSessions.lastSeenAt), desc(userSessions.createdAt));
}

/** Active sessions per user, for the user administration (one grouped query). */
export async function countActiveSessionsByUser(db: Executor, w: ActiveWindow): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: userSessions.userId, n: count() })
    .from(userSessions)
    .where(and(...activeConditions(w)))
    .groupBy(userSessions.userId);
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}

/**
 * A user ends one of their own sessions (account page). Another user's session id answers
 * "not found", exactly like an unknown one. Ending an already ended session is refused, so the
 * audit log never shows a revoke that changed nothing.
 */
export async function revokeUserSession(db: Db, opts: { actor: AuditActor; userId: string; sessionId: string; now: Date; currentSessionId?: string | null }) {
  if (!isUuid(opts.sessionId)) throw new AppError("not_found", "sessions.not_found");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(userSessions)
      .where(and(eq(userSessions.id, opts.sessionId), eq(userSessions.userId, opts.userId)))
      .for("update");
    if (!row) throw new AppError("not_found", "sessions.not_found");
    if (row.revokedAt) throw new AppError("conflict", "sessions.already_ended");
    await tx.update(userSessions).set({ revokedAt: opts.now, revokedReason: "revoked" }).where(eq(userSessions.id, row.id));
    await recordAudit(tx, {
      actor: opts.actor,
      action: "session.revoked",
      entityType: "user_session",
      entityId: row.id,
      before: { createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, ip: row.ip },
      after: { revokedAt: opts.now, userId: row.userId, current: row.id === opts.currentSessionId },
    });
    return { id: row.id, current: row.id === opts.currentSessionId };
  });
}

/**
 * Ends every open session of a user; for use inside the caller's transaction (sign out
 * everywhere, disabling an account), which also writes the audit event. Returns how many.
 */
export async function revokeAllUserSessions(tx: Executor, opts: { userId: string; now: Date; reason: SessionEndReason }) {
  const ended = await tx
    .update(userSessions)
    .set({ revokedAt: opts.now, revokedReason: opts.reason })
    .where(and(eq(userSessions.userId, opts.userId), isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
  return ended.length;
}

/**
 * Sign-out: ends this browser's session row, so a copy of the cookie is worthless from now on.
 * Only a row of this user is touched; an unknown id does nothing.
 */
export async function endUserSession(db: Db, opts: { actor: AuditActor; userId: string; sessionId: string; now: Date }) {
  if (!isUuid(opts.sessionId)) return false;
  return db.transaction(async (tx) => {
    const ended = await tx
      .update(userSessions)
      .set({ revokedAt: opts.now, revokedReason: "sign_out" })
      .where(and(eq(userSessions.id, opts.sessionId), eq(userSessions.userId, opts.userId), isNull(userSessions.revokedAt)))
      .returning({ id: userSessions.id });
    if (!ended.length) return false;
    await recordAudit(tx, { actor: opts.actor, action: "auth.sign_out", entityType: "user_session", entityId: opts.sessionId, after: { userId: opts.userId } });
    return true;
  });
}

/**
 * Records activity now, however recent the last touch ("Aangemeld blijven"). Only an open
 * session of this user is touched. Returns the new last-seen time, or null when there is none.
 */
export async function touchUserSession(db: Executor, opts: { userId: string; sessionId: string; now: Date; idleMinutes: number }) {
  if (!isUuid(opts.sessionId)) return null;
  // An idle session is not revived, and a clock behind the stored value never moves it back.
  const [row] = await db
    .update(userSessions)
    .set({ lastSeenAt: sql`greatest(${userSessions.lastSeenAt}, ${opts.now.toISOString()}::timestamptz)` })
    .where(
      and(
        eq(userSessions.id, opts.sessionId),
        eq(userSessions.userId, opts.userId),
        isNull(userSessions.revokedAt),
        gt(userSessions.lastSeenAt, activeSince(opts.now, opts.idleMinutes)),
      ),
    )
    .returning({ lastSeenAt: userSessions.lastSeenAt });
  return row?.lastSeenAt ?? null;
}

/** For tests: the rows of some sessions by id. */
export async function getSessionsById(db: Executor, ids: string[]) {
  return ids.length ? db.select().from(userSessions).where(inArray(userSessions.id, ids)) : [];
}
