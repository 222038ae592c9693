import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq, inArray } from "drizzle-orm";
import { institutions, memberships, notifications, userSessions, users } from "@/db/schema";
import { loadActor, type SessionClaims } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { testSessionId } from "@/tests/helpers/sessions";

const NOW = new Date("2026-05-01T12:00:00.000Z");
const MAX_AGE = 8 * 3600;
const opts = { now: NOW, maxAgeSeconds: MAX_AGE };

let t: TestDb;
let userId: string;
let disabledId: string;
let instA: string;
let instB: string;
/** The session row of each user, last seen at NOW. */
const sessionOf: Record<string, string> = {};

before(async () => {
  t = await createTestDb();
  const [a, b] = await t.db
    .insert(institutions)
    .values([
      { name: "Testziekenhuis A", kind: "hospital", ura: "99000001", city: "Utrecht", province: "NL-UT", vendorCode: "enovation" },
      { name: "Testkliniek B", kind: "clinic", ura: "99000002", city: "Delft", province: "NL-ZH", vendorCode: "alphatron" },
    ])
    .returning();
  instA = a.id;
  instB = b.id;
  const [u] = await t.db.insert(users).values({ email: "editor@example.test", name: "Editor", locale: "en" }).returning();
  userId = u.id;
  await t.db.insert(memberships).values([
    { userId, role: "institution_editor", institutionId: instA },
    { userId, role: "security_officer", institutionId: instB },
    { userId, role: "vendor_editor", vendorCode: "founda" },
  ]);
  const [d] = await t.db.insert(users).values({ email: "gone@example.test", name: "Gone", disabledAt: NOW }).returning();
  disabledId = d.id;
  sessionOf[userId] = await testSessionId(t.db, userId, NOW);
  sessionOf[disabledId] = await testSessionId(t.db, disabledId, NOW);
});
after(async () => {
  await t?.dispose();
});

const claims = (over: Partial<SessionClaims> = {}): SessionClaims => ({
  userId,
  sessionVersion: 1,
  loginAt: NOW.getTime() - 3600_000,
  sessionId: sessionOf[over.userId ?? userId] ?? "",
  ...over,
});
/** A user of their own with one session row, last seen `idleMs` before NOW. */
async function userWithSession(email: string, idleMs = 0) {
  const [u] = await t.db.insert(users).values({ email, name: email }).returning();
  const sessionId = await testSessionId(t.db, u.id, new Date(NOW.getTime() - idleMs));
  return { id: u.id, sessionId, claims: claims({ userId: u.id, sessionId }) };
}
const lastSeen = async (sessionId: string) => (await t.db.select().from(userSessions).where(eq(userSessions.id, sessionId)))[0].lastSeenAt.getTime();

describe("loadActor", () => {
  test("ok: the user with every membership", async () => {
    const res = await loadActor(t.db, claims(), opts);
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal(res.actor.userId, userId);
    assert.equal(res.actor.email, "editor@example.test");
    assert.equal(res.actor.name, "Editor");
    assert.equal(res.actor.locale, "en");
    const ms = [...res.actor.memberships].sort((x, y) => x.role.localeCompare(y.role));
    assert.deepEqual(ms, [
      { role: "institution_editor", institutionId: instA, vendorCode: null },
      { role: "security_officer", institutionId: instB, vendorCode: null },
      { role: "vendor_editor", institutionId: null, vendorCode: "founda" },
    ]);
    assert.equal(can(res.actor, "institution.report", { id: instA, vendorCode: "enovation" }), true);
    assert.equal(can(res.actor, "institution.report", { id: instB, vendorCode: "alphatron" }), false);
  });

  test("a user without memberships loads with none", async () => {
    const [u] = await t.db.insert(users).values({ email: "bare@example.test", name: "Bare" }).returning();
    const res = await loadActor(t.db, claims({ userId: u.id, sessionId: await testSessionId(t.db, u.id, NOW) }), opts);
    assert.ok(res.ok);
    assert.deepEqual(res.actor.memberships, []);
  });

  test("the unread notifications are counted in the same lookup: the user's own unread ones only", async () => {
    const other = await userWithSession("other-unread@example.test");
    const row = (user: string, key: string, readAt: Date | null) => ({ userId: user, kind: "step_rejected" as const, params: {}, link: "/notifications", dedupeKey: key, mail: "none" as const, readAt, createdAt: NOW });
    const before = await loadActor(t.db, claims(), opts);
    assert.ok(before.ok);
    assert.equal(before.unreadNotifications, 0);
    await t.db.insert(notifications).values([row(userId, "u1", null), row(userId, "u2", null), row(userId, "u3", NOW), row(other.id, "o1", null)]);
    const res = await loadActor(t.db, claims(), opts);
    assert.ok(res.ok);
    assert.equal(res.unreadNotifications, 2);
    const theirs = await loadActor(t.db, other.claims, opts);
    assert.ok(theirs.ok);
    assert.equal(theirs.unreadNotifications, 1);
    await t.db.delete(notifications).where(inArray(notifications.userId, [userId, other.id]));
  });

  test("sessionVersion that does not match: session_revoked", async () => {
    assert.deepEqual(await loadActor(t.db, claims({ sessionVersion: 2 }), opts), { ok: false, reason: "session_revoked" });
    assert.deepEqual(await loadActor(t.db, claims({ sessionVersion: 0 }), opts), { ok: false, reason: "session_revoked" });
  });

  test("bumping the user's sessionVersion revokes old sessions and accepts new ones", async () => {
    const [u] = await t.db.insert(users).values({ email: "bump@example.test", name: "Bump" }).returning();
    await t.db.update(users).set({ sessionVersion: 2 }).where(eq(users.id, u.id));
    const sessionId = await testSessionId(t.db, u.id, NOW);
    assert.deepEqual(await loadActor(t.db, claims({ userId: u.id, sessionId, sessionVersion: 1 }), opts), { ok: false, reason: "session_revoked" });
    assert.equal((await loadActor(t.db, claims({ userId: u.id, sessionId, sessionVersion: 2 }), opts)).ok, true);
  });

  test("signed in too long ago: session_expired; exactly at the limit still valid", async () => {
    assert.deepEqual(await loadActor(t.db, claims({ loginAt: NOW.getTime() - MAX_AGE * 1000 - 1 }), opts), { ok: false, reason: "session_expired" });
    assert.deepEqual(await loadActor(t.db, claims({ loginAt: NOW.getTime() - 30 * 24 * 3600_000 }), opts), { ok: false, reason: "session_expired" });
    assert.equal((await loadActor(t.db, claims({ loginAt: NOW.getTime() - MAX_AGE * 1000 }), opts)).ok, true);
  });

  test("no sign-in time in the claims: session_expired", async () => {
    assert.deepEqual(await loadActor(t.db, claims({ loginAt: 0 }), opts), { ok: false, reason: "session_expired" });
    assert.deepEqual(await loadActor(t.db, claims({ loginAt: Number.NaN }), opts), { ok: false, reason: "session_expired" });
  });

  test("disabled user: disabled", async () => {
    assert.deepEqual(await loadActor(t.db, claims({ userId: disabledId }), opts), { ok: false, reason: "disabled" });
  });

  test("malformed or unknown user id: no_user", async () => {
    for (const id of ["", "not-a-uuid", "1; drop table users", `${userId}x`, "00000000-0000-4000-8000-000000000000"]) {
      assert.deepEqual(await loadActor(t.db, claims({ userId: id }), opts), { ok: false, reason: "no_user" }, JSON.stringify(id));
    }
  });

  // Bug (reported): the id check /^[0-9a-f-]{36}$/ lets 36-character non-UUIDs through, and the
  // database then throws "invalid input syntax for type uuid" instead of answering no_user.
  test("36 characters that are not a UUID: no_user, not a database error", async () => {
    for (const id of ["------------------------------------", "0123456789abcdef0123456789abcdef0123"]) {
      assert.deepEqual(await loadActor(t.db, claims({ userId: id }), opts), { ok: false, reason: "no_user" }, id);
    }
  });

  test("the session row is checked in the same lookup; ok returns it", async () => {
    const res = await loadActor(t.db, claims(), opts);
    assert.ok(res.ok);
    assert.equal(res.session.id, sessionOf[userId]);
  });
});

describe("loadActor: the session row", () => {
  test("no sid, a malformed sid or an unknown sid: session_revoked", async () => {
    for (const sessionId of ["", "not-a-uuid", "------------------------------------", "00000000-0000-4000-8000-000000000000"]) {
      assert.deepEqual(await loadActor(t.db, claims({ sessionId }), opts), { ok: false, reason: "session_revoked" }, JSON.stringify(sessionId));
    }
  });

  test("another user's sid does not carry over: session_revoked", async () => {
    const other = await userWithSession("other@example.test");
    assert.equal((await loadActor(t.db, other.claims, opts)).ok, true);
    assert.deepEqual(await loadActor(t.db, claims({ sessionId: other.sessionId }), opts), { ok: false, reason: "session_revoked" });
  });

  test("a revoked row: session_revoked, while another session of the same user goes on", async () => {
    const u = await userWithSession("revoked@example.test");
    const second = await testSessionId(t.db, u.id, NOW);
    await t.db.update(userSessions).set({ revokedAt: NOW, revokedReason: "revoked" }).where(eq(userSessions.id, u.sessionId));
    assert.deepEqual(await loadActor(t.db, u.claims, opts), { ok: false, reason: "session_revoked" });
    assert.equal((await loadActor(t.db, { ...u.claims, sessionId: second }, opts)).ok, true);
  });

  test("a disabled user is reported as disabled before the session row is looked at", async () => {
    assert.deepEqual(await loadActor(t.db, claims({ userId: disabledId, sessionId: "" }), opts), { ok: false, reason: "disabled" });
  });

  const idleCases: { name: string; idleMinutes: number | undefined; silentMs: number; ok: boolean }[] = [
    { name: "default 30 minutes: exactly 30 minutes quiet is still valid", idleMinutes: undefined, silentMs: 30 * 60_000, ok: true },
    { name: "default 30 minutes: one millisecond more ends it", idleMinutes: undefined, silentMs: 30 * 60_000 + 1, ok: false },
    { name: "5 minutes configured: 4 minutes quiet is fine", idleMinutes: 5, silentMs: 4 * 60_000, ok: true },
    { name: "5 minutes configured: 6 minutes quiet ends it", idleMinutes: 5, silentMs: 6 * 60_000, ok: false },
    { name: "120 minutes configured: 2 hours quiet is fine", idleMinutes: 120, silentMs: 120 * 60_000, ok: true },
  ];
  for (const c of idleCases) {
    test(`idle timeout, ${c.name}`, async () => {
      const u = await userWithSession(`idle-${idleCases.indexOf(c)}@example.test`, c.silentMs);
      const res = await loadActor(t.db, u.claims, { ...opts, idleMinutes: c.idleMinutes });
      if (c.ok) assert.equal(res.ok, true, JSON.stringify(res));
      else assert.deepEqual(res, { ok: false, reason: "session_idle" });
    });
  }

  test("an idle session stays ended: a later request does not revive it", async () => {
    const u = await userWithSession("idle-stays@example.test", 31 * 60_000);
    assert.deepEqual(await loadActor(t.db, u.claims, opts), { ok: false, reason: "session_idle" });
    assert.deepEqual(await loadActor(t.db, u.claims, opts), { ok: false, reason: "session_idle" });
    assert.equal(await lastSeen(u.sessionId), NOW.getTime() - 31 * 60_000);
  });

  test("activity is written at most once a minute per session", async () => {
    const u = await userWithSession("touch@example.test", 59_000);
    // Seen 59 s ago: no write.
    const r1 = await loadActor(t.db, u.claims, opts);
    assert.ok(r1.ok);
    assert.equal(await lastSeen(u.sessionId), NOW.getTime() - 59_000);
    // A second later the stored value is a minute old: written, and reported back.
    const at = new Date(NOW.getTime() + 1000);
    const r2 = await loadActor(t.db, u.claims, { ...opts, now: at });
    assert.ok(r2.ok);
    assert.equal(r2.session.lastSeenAt.getTime(), at.getTime());
    assert.equal(await lastSeen(u.sessionId), at.getTime());
    // Many requests within the next minute: none of them writes.
    for (const s of [1, 10, 30, 59]) {
      assert.ok((await loadActor(t.db, u.claims, { ...opts, now: new Date(at.getTime() + s * 1000) })).ok);
    }
    assert.equal(await lastSeen(u.sessionId), at.getTime());
    // A status check (touch: false) never writes, however old the value.
    const later = new Date(at.getTime() + 10 * 60_000);
    assert.ok((await loadActor(t.db, u.claims, { ...opts, now: later, touch: false })).ok);
    assert.equal(await lastSeen(u.sessionId), at.getTime());
    // …and the next real request does, which moves the idle timeout along.
    assert.ok((await loadActor(t.db, u.claims, { ...opts, now: later })).ok);
    assert.equal(await lastSeen(u.sessionId), later.getTime());
    assert.ok((await loadActor(t.db, u.claims, { ...opts, now: new Date(later.getTime() + 29 * 60_000) })).ok);
  });

  test("concurrent requests of one session all pass and agree on one last-seen time", async () => {
    const u = await userWithSession("concurrent@example.test", 5 * 60_000);
    const results = await Promise.all(Array.from({ length: 5 }, () => loadActor(t.db, u.claims, opts)));
    assert.ok(results.every((r) => r.ok));
    assert.equal(await lastSeen(u.sessionId), NOW.getTime());
  });
});
