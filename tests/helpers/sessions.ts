/**
 * Tests that build an actor through loadActor need a session row, as a real sign-in creates
 * (lib/auth/user-sessions.ts startUserSession): this one was last seen at `at`, so it is
 * neither idle nor revoked at that moment.
 */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { userSessions, users } from "@/db/schema";
import { loadActor } from "@/lib/auth/actor";
import type { Actor } from "@/lib/auth/policy";

export async function testSessionId(db: Executor, userId: string, at: Date): Promise<string> {
  const [row] = await db.insert(userSessions).values({ userId, ip: "127.0.0.1", userAgent: "test", createdAt: at, lastSeenAt: at }).returning({ id: userSessions.id });
  return row.id;
}

/**
 * The actor of a seeded user as the portal sees it after a sign-in an hour before `at` (the
 * session row included), for tests that call services as that user.
 */
export async function signedInActor(db: Executor, email: string, at = new Date("2026-01-01T01:00:00Z")): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  assert.ok(u, `no user ${email}`);
  const res = await loadActor(db, { userId: u.id, sessionVersion: u.sessionVersion, loginAt: at.getTime() - 3_600_000, sessionId: await testSessionId(db, u.id, at) }, { now: at, maxAgeSeconds: 8 * 3600 });
  assert.ok(res.ok, `${email}: ${JSON.stringify(res)}`);
  return res.actor;
}
