/**
 * Tests that build an actor through loadActor need a session row, as a real sign-in creates
 * (lib/auth/user-sessions.ts startUserSession): this one was last seen at `at`, so it is
 * neither idle nor revoked at that moment.
 */
import type { Executor } from "@/db/client";
import { userSessions } from "@/db/schema";

export async function testSessionId(db: Executor, userId: string, at: Date): Promise<string> {
  const [row] = await db.insert(userSessions).values({ userId, ip: "127.0.0.1", userAgent: "test", createdAt: at, lastSeenAt: at }).returning({ id: userSessions.id });
  return row.id;
}
