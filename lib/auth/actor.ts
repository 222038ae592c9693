/** Loads an actor (user + memberships) from the database. No next-auth here: testable as is. */
import { and, eq, lte, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { memberships, notifications, userSessions, userTwoFactor, users } from "@/db/schema";
import { isUuid } from "@/lib/validation/uuid";
import { jsonArray } from "@/lib/json-array";
import { preparedQuery } from "@/db/prepared-query";
import type { Actor } from "./policy";
import { isTwoFactorRequired } from "./roles";
import { DEFAULT_IDLE_MINUTES, TOUCH_INTERVAL_MS, isIdle, shouldTouch } from "./session-rules";

/** sessionId: the user_sessions row of this sign-in (JWT claim `sid`). */
export type SessionClaims = { userId: string; sessionVersion: number; loginAt: number; sessionId: string };

type MembershipRow = Actor["memberships"][number];

export type ActorLookup =
  /**
   * mfa "pending_enrolment": the user's role requires a second factor they have not set up yet.
   * Such a session reaches only the enrolment page and sign-out (lib/auth/session.ts).
   */
  | { ok: true; actor: Actor; mfa: "ok" | "pending_enrolment"; session: { id: string; lastSeenAt: Date }; unreadNotifications: number }
  | { ok: false; reason: "no_user" | "disabled" | "session_revoked" | "session_expired" | "session_idle" };

/**
 * The user, the second-factor state, the memberships and the unread notifications (the header's
 * bell on every page) in one query (a join on the user's primary key, one JSON array and one
 * count on a partial index): one round trip per signed-in request, built once (db/prepared-query.ts).
 * The session row joins only as this user's row with this id, so another user's sid finds
 * nothing, and neither does a sid that is not a UUID (given as null).
 */
const actorQuery = preparedQuery((db) =>
  db
    .select({
      user: users,
      twoFactorConfirmedAt: userTwoFactor.confirmedAt,
      sessionId: userSessions.id,
      sessionLastSeenAt: userSessions.lastSeenAt,
      sessionRevokedAt: userSessions.revokedAt,
      memberships: jsonArray<MembershipRow>(sql`select json_agg(json_build_object('role', m.role, 'institutionId', m.institution_id, 'vendorCode', m.vendor_code)) from ${memberships} m where m.user_id = ${users.id}`),
      unread: sql<number>`(select count(*)::int from ${notifications} n where n.user_id = ${users.id} and n.read_at is null)`.mapWith(Number),
    })
    .from(users)
    .leftJoin(userTwoFactor, eq(userTwoFactor.userId, users.id))
    .leftJoin(userSessions, and(eq(userSessions.id, sql.placeholder("sessionId")), eq(userSessions.userId, users.id)))
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare("actor"),
);

export async function loadActor(
  db: Executor,
  claims: SessionClaims,
  /** idleMinutes: SESSION_IDLE_MINUTES. touch: record activity (default); false for a status check. */
  opts: { now: Date; maxAgeSeconds: number; idleMinutes?: number; touch?: boolean },
): Promise<ActorLookup> {
  if (!isUuid(claims.userId)) return { ok: false, reason: "no_user" };
  const sid = isUuid(claims.sessionId) ? claims.sessionId : null;
  const [row] = await actorQuery(db).execute({ userId: claims.userId, sessionId: sid });
  const user = row?.user;
  if (!user) return { ok: false, reason: "no_user" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  if (user.sessionVersion !== claims.sessionVersion) return { ok: false, reason: "session_revoked" };
  // Absolute lifetime: a session ends this long after sign-in, however active it is.
  const age = opts.now.getTime() - claims.loginAt;
  // A sign-in time in the future (clock skew beyond a minute, or a forged token) is not trusted.
  if (!claims.loginAt || age > opts.maxAgeSeconds * 1000 || age < -60_000) {
    return { ok: false, reason: "session_expired" };
  }
  // The session row: missing (never existed, pruned, another user's) or revoked ends it; so
  // does SESSION_IDLE_MINUTES without a request.
  if (!row.sessionId || !row.sessionLastSeenAt || row.sessionRevokedAt) return { ok: false, reason: "session_revoked" };
  if (isIdle(row.sessionLastSeenAt, opts.now, opts.idleMinutes ?? DEFAULT_IDLE_MINUTES)) return { ok: false, reason: "session_idle" };
  // Activity is written at most once a minute per session; the condition makes concurrent
  // requests of one session write once between them.
  let lastSeenAt = row.sessionLastSeenAt;
  if (opts.touch !== false && shouldTouch(row.sessionLastSeenAt, opts.now)) {
    await db
      .update(userSessions)
      .set({ lastSeenAt: opts.now })
      .where(and(eq(userSessions.id, row.sessionId), lte(userSessions.lastSeenAt, new Date(opts.now.getTime() - TOUCH_INTERVAL_MS))));
    lastSeenAt = opts.now;
  }
  const mfa = !row.twoFactorConfirmedAt && isTwoFactorRequired(row.memberships.map((m) => m.role)) ? "pending_enrolment" : "ok";
  return {
    ok: true,
    actor: { userId: user.id, email: user.email, name: user.name, locale: user.locale, memberships: row.memberships },
    mfa,
    session: { id: row.sessionId, lastSeenAt },
    unreadNotifications: row.unread,
  };
}
