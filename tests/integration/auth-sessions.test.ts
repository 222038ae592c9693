import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { users, auditEvents, userSessions } from "@/db/schema";
import { setUserDisabled, signOutEverywhere } from "@/lib/auth/accounts";
import { loadActor } from "@/lib/auth/actor";
import {
  countActiveSessionsByUser,
  endUserSession,
  getSessionsById,
  listActiveSessions,
  pruneEndedSessions,
  revokeUserSession,
  startUserSession,
  touchUserSession,
} from "@/lib/auth/user-sessions";
import { AppError } from "@/lib/errors";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
let adminId: string;
let userId: string;
const now = new Date("2026-11-22T10:00:00Z");
/** Signs in anew: a fresh session row and the claims a new cookie would carry. */
const claims = async (id: string, at = now) => {
  const [u] = await t.db.select().from(users).where(eq(users.id, id));
  const { id: sessionId } = await startUserSession(t.db, { userId: id, ip: "192.0.2.10", userAgent: CHROME_LINUX, now: at });
  return { userId: id, sessionVersion: u.sessionVersion, loginAt: at.getTime(), sessionId };
};
const look = (c: { userId: string; sessionVersion: number; loginAt: number; sessionId: string }, at = now) =>
  loadActor(t.db, c, { now: at, maxAgeSeconds: 3600, idleMinutes: 30 });
const CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const window = (at = now) => ({ now: at, idleMinutes: 30, maxAgeSeconds: 3600 });
const revokedAtOf = async (ids: string[]) => {
  const rows = await getSessionsById(t.db, ids);
  return ids.map((id) => rows.find((r) => r.id === id)?.revokedAt?.getTime() ?? null);
};

before(async () => {
  t = await createTestDb();
  [{ id: adminId }] = await t.db.insert(users).values({ email: "beheer@sessies.test", name: "Beheer" }).returning({ id: users.id });
  [{ id: userId }] = await t.db.insert(users).values({ email: "gebruiker@sessies.test", name: "Gebruiker" }).returning({ id: users.id });
});
after(async () => t.dispose());

describe("session control", () => {
  test("sign out everywhere ends a session that was valid a moment ago", async () => {
    const c = await claims(userId);
    assert.equal((await look(c)).ok, true);
    await signOutEverywhere(t.db, { actor: { userId, label: "gebruiker@sessies.test" }, userId });
    assert.deepEqual(await look(c), { ok: false, reason: "session_revoked" });
    assert.equal((await look(await claims(userId))).ok, true);
  });

  test("disabling ends the session at once; enabling again needs a new sign-in", async () => {
    const c = await claims(userId);
    await setUserDisabled(t.db, { actor: { userId: adminId, label: "beheer" }, userId, disabled: true, now });
    const r = await look(c);
    assert.equal(r.ok, false);
    await setUserDisabled(t.db, { actor: { userId: adminId, label: "beheer" }, userId, disabled: false, now });
    assert.deepEqual(await look(c), { ok: false, reason: "session_revoked" });
    const actions = (await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, userId))).map((e) => e.action);
    assert.deepEqual(actions, ["user.sign_out_everywhere", "user.disable", "user.enable"]);
  });

  test("sign out everywhere and disabling also end every session row", async () => {
    const a = await claims(userId);
    const b = await claims(userId);
    await signOutEverywhere(t.db, { actor: { userId, label: "gebruiker@sessies.test" }, userId, now });
    assert.deepEqual(await revokedAtOf([a.sessionId, b.sessionId]), [now.getTime(), now.getTime()]);
    const c = await claims(userId);
    await setUserDisabled(t.db, { actor: { userId: adminId, label: "beheer" }, userId, disabled: true, now });
    const [row] = await getSessionsById(t.db, [c.sessionId]);
    assert.equal(row.revokedReason, "disabled");
    await setUserDisabled(t.db, { actor: { userId: adminId, label: "beheer" }, userId, disabled: false, now });
    assert.deepEqual(await listActiveSessions(t.db, userId, window()), []);
  });

  test("an admin cannot disable their own account", async () => {
    await assert.rejects(setUserDisabled(t.db, { actor: { userId: adminId, label: "beheer" }, userId: adminId, disabled: true, now }), (e) => e instanceof AppError && e.code === "conflict");
  });
});

describe("one session at a time", () => {
  let ownerId: string;
  let strangerId: string;
  before(async () => {
    [{ id: ownerId }] = await t.db.insert(users).values({ email: "twee@sessies.test", name: "Twee Apparaten" }).returning({ id: users.id });
    [{ id: strangerId }] = await t.db.insert(users).values({ email: "ander@sessies.test", name: "Ander" }).returning({ id: users.id });
  });

  test("sign-in records ip, a truncated user agent and the time; the list shows both devices, latest first", async () => {
    const laptop = await claims(ownerId);
    const phone = await claims(ownerId, new Date(now.getTime() + 1000));
    await t.db.update(userSessions).set({ userAgent: "x".repeat(1000) }).where(eq(userSessions.id, phone.sessionId));
    const { id: long } = await startUserSession(t.db, { userId: ownerId, ip: "2001:db8::1", userAgent: "y".repeat(1000), now });
    const list = await listActiveSessions(t.db, ownerId, window(new Date(now.getTime() + 2000)));
    assert.deepEqual(list.map((s) => s.id), [phone.sessionId, laptop.sessionId, long]);
    assert.equal(list[1].ip, "192.0.2.10");
    assert.equal(list[1].userAgent, CHROME_LINUX);
    assert.equal(list[1].createdAt.getTime(), now.getTime());
    assert.equal(list[2].userAgent.length, 300);
    await revokeUserSession(t.db, { actor: { userId: ownerId, label: "twee" }, userId: ownerId, sessionId: long, now });
  });

  test("revoking one session ends that one on its next request, the other goes on; audited as session.revoked", async () => {
    const laptop = await claims(ownerId);
    const phone = await claims(ownerId);
    const res = await revokeUserSession(t.db, { actor: { userId: ownerId, label: "twee@sessies.test" }, userId: ownerId, sessionId: phone.sessionId, now, currentSessionId: laptop.sessionId });
    assert.deepEqual(res, { id: phone.sessionId, current: false });
    assert.deepEqual(await look(phone), { ok: false, reason: "session_revoked" });
    assert.equal((await look(laptop)).ok, true);
    const [ev] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, phone.sessionId));
    assert.equal(ev.action, "session.revoked");
    assert.equal(ev.entityType, "user_session");
    assert.equal(ev.actorUserId, ownerId);
    assert.deepEqual(await revokedAtOf([phone.sessionId, laptop.sessionId]), [now.getTime(), null]);
  });

  test("another user's session, an unknown or malformed id: not found, nothing changes; twice: conflict", async () => {
    const theirs = await claims(strangerId);
    for (const sessionId of [theirs.sessionId, "00000000-0000-4000-8000-000000000000", "nope"]) {
      await assert.rejects(
        revokeUserSession(t.db, { actor: { userId: ownerId, label: "twee" }, userId: ownerId, sessionId, now }),
        (e) => e instanceof AppError && e.code === "not_found",
        sessionId,
      );
    }
    assert.equal((await look(theirs)).ok, true);
    const mine = await claims(ownerId);
    await revokeUserSession(t.db, { actor: { userId: ownerId, label: "twee" }, userId: ownerId, sessionId: mine.sessionId, now });
    await assert.rejects(
      revokeUserSession(t.db, { actor: { userId: ownerId, label: "twee" }, userId: ownerId, sessionId: mine.sessionId, now }),
      (e) => e instanceof AppError && e.code === "conflict",
    );
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, mine.sessionId));
    assert.equal(audits.length, 1);
  });

  test("sign-out ends this session's row only (audited); another user's row is untouched", async () => {
    const mine = await claims(ownerId);
    const theirs = await claims(strangerId);
    assert.equal(await endUserSession(t.db, { actor: { userId: ownerId, label: "twee" }, userId: ownerId, sessionId: theirs.sessionId, now }), false);
    assert.equal(await endUserSession(t.db, { actor: { userId: ownerId, label: "twee" }, userId: ownerId, sessionId: mine.sessionId, now }), true);
    assert.deepEqual(await look(mine), { ok: false, reason: "session_revoked" });
    assert.equal((await look(theirs)).ok, true);
    const [row] = await getSessionsById(t.db, [mine.sessionId]);
    assert.equal(row.revokedReason, "sign_out");
  });

  test("\"stay signed in\" touches an open session, never an idle, revoked or foreign one", async () => {
    const s = await claims(ownerId);
    const later = new Date(now.getTime() + 20 * 60_000);
    assert.equal((await touchUserSession(t.db, { userId: ownerId, sessionId: s.sessionId, now: later, idleMinutes: 30 }))?.getTime(), later.getTime());
    // A clock behind the stored value does not move it back.
    assert.equal((await touchUserSession(t.db, { userId: ownerId, sessionId: s.sessionId, now, idleMinutes: 30 }))?.getTime(), later.getTime());
    // 29 minutes after that touch (49 after sign-in) it is still within 30 minutes of activity.
    assert.equal((await look(s, new Date(later.getTime() + 29 * 60_000))).ok, true);
    assert.equal(await touchUserSession(t.db, { userId: strangerId, sessionId: s.sessionId, now: later, idleMinutes: 30 }), null);
    const idle = await claims(ownerId);
    assert.equal(await touchUserSession(t.db, { userId: ownerId, sessionId: idle.sessionId, now: new Date(now.getTime() + 31 * 60_000), idleMinutes: 30 }), null);
    assert.deepEqual(await look(idle, new Date(now.getTime() + 31 * 60_000)), { ok: false, reason: "session_idle" });
  });

  test("idle, expired and revoked sessions are not listed or counted", async () => {
    const [{ id: u }] = await t.db.insert(users).values({ email: "tellen@sessies.test", name: "Tellen" }).returning({ id: users.id });
    const active = await claims(u);
    const idle = await claims(u, new Date(now.getTime() - 31 * 60_000));
    const revoked = await claims(u);
    await revokeUserSession(t.db, { actor: { userId: u, label: "tellen" }, userId: u, sessionId: revoked.sessionId, now });
    // Signed in 61 minutes ago, active a minute ago: past the absolute lifetime (3600 s here).
    const old = await claims(u, new Date(now.getTime() - 61 * 60_000));
    await t.db.update(userSessions).set({ lastSeenAt: new Date(now.getTime() - 60_000) }).where(eq(userSessions.id, old.sessionId));
    const listed = (await listActiveSessions(t.db, u, window())).map((s) => s.id);
    assert.deepEqual(listed, [active.sessionId]);
    assert.ok(!listed.includes(idle.sessionId) && !listed.includes(old.sessionId));
    const counts = await countActiveSessionsByUser(t.db, window());
    assert.equal(counts.get(u), 1);
    assert.ok((counts.get(strangerId) ?? 0) >= 1);
  });

  test("retention: sessions that ended over 30 days ago are deleted at the next sign-in, recent ones kept", async () => {
    const [{ id: u }] = await t.db.insert(users).values({ email: "oud@sessies.test", name: "Oud" }).returning({ id: users.id });
    const day = 24 * 3600_000;
    const longIdle = await claims(u, new Date(now.getTime() - 31 * day));
    const revokedLongAgo = await claims(u, new Date(now.getTime() - 40 * day));
    await t.db.update(userSessions).set({ lastSeenAt: new Date(now.getTime() - 10 * day), revokedAt: new Date(now.getTime() - 31 * day) }).where(eq(userSessions.id, revokedLongAgo.sessionId));
    const revokedRecently = await claims(u, new Date(now.getTime() - 40 * day));
    await t.db.update(userSessions).set({ lastSeenAt: new Date(now.getTime() - 29.5 * day), revokedAt: new Date(now.getTime() - 29 * day) }).where(eq(userSessions.id, revokedRecently.sessionId));
    const idleRecently = await claims(u, new Date(now.getTime() - 29 * day));
    const fresh = await claims(u); // this sign-in prunes
    const left = (await getSessionsById(t.db, [longIdle.sessionId, revokedLongAgo.sessionId, revokedRecently.sessionId, idleRecently.sessionId, fresh.sessionId])).map((r) => r.id);
    assert.deepEqual(new Set(left), new Set([revokedRecently.sessionId, idleRecently.sessionId, fresh.sessionId]));
    assert.equal(await pruneEndedSessions(t.db, now), 0);
  });
});
