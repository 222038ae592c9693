/** Loads an actor (user + memberships) from the database. No next-auth here: testable as is. */
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { isUuid } from "@/lib/validation/uuid";
import type { Actor } from "./policy";

export type SessionClaims = { userId: string; sessionVersion: number; loginAt: number };

export type ActorLookup =
  | { ok: true; actor: Actor }
  | { ok: false; reason: "no_user" | "disabled" | "session_revoked" | "session_expired" };

export async function loadActor(
  db: Executor,
  claims: SessionClaims,
  opts: { now: Date; maxAgeSeconds: number },
): Promise<ActorLookup> {
  if (!isUuid(claims.userId)) return { ok: false, reason: "no_user" };
  const [user] = await db.select().from(users).where(eq(users.id, claims.userId));
  if (!user) return { ok: false, reason: "no_user" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  if (user.sessionVersion !== claims.sessionVersion) return { ok: false, reason: "session_revoked" };
  // Absolute lifetime: a session ends this long after sign-in, however active it is.
  const age = opts.now.getTime() - claims.loginAt;
  // A sign-in time in the future (clock skew beyond a minute, or a forged token) is not trusted.
  if (!claims.loginAt || age > opts.maxAgeSeconds * 1000 || age < -60_000) {
    return { ok: false, reason: "session_expired" };
  }
  const ms = await db
    .select({ role: memberships.role, institutionId: memberships.institutionId, vendorCode: memberships.vendorCode })
    .from(memberships)
    .where(eq(memberships.userId, user.id));
  return {
    ok: true,
    actor: { userId: user.id, email: user.email, name: user.name, locale: user.locale, memberships: ms },
  };
}
