import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { institutions, memberships, users } from "@/db/schema";
import { loadActor, type SessionClaims } from "@/lib/auth/actor";
import { can } from "@/lib/auth/policy";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

const NOW = new Date("2026-05-01T12:00:00.000Z");
const MAX_AGE = 8 * 3600;
const opts = { now: NOW, maxAgeSeconds: MAX_AGE };

let t: TestDb;
let userId: string;
let disabledId: string;
let instA: string;
let instB: string;

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
});
after(async () => {
  await t?.dispose();
});

const claims = (over: Partial<SessionClaims> = {}): SessionClaims => ({
  userId,
  sessionVersion: 1,
  loginAt: NOW.getTime() - 3600_000,
  ...over,
});

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
    const res = await loadActor(t.db, claims({ userId: u.id }), opts);
    assert.ok(res.ok);
    assert.deepEqual(res.actor.memberships, []);
  });

  test("sessionVersion that does not match: session_revoked", async () => {
    assert.deepEqual(await loadActor(t.db, claims({ sessionVersion: 2 }), opts), { ok: false, reason: "session_revoked" });
    assert.deepEqual(await loadActor(t.db, claims({ sessionVersion: 0 }), opts), { ok: false, reason: "session_revoked" });
  });

  test("bumping the user's sessionVersion revokes old sessions and accepts new ones", async () => {
    const [u] = await t.db.insert(users).values({ email: "bump@example.test", name: "Bump" }).returning();
    await t.db.update(users).set({ sessionVersion: 2 }).where(eq(users.id, u.id));
    assert.deepEqual(await loadActor(t.db, claims({ userId: u.id, sessionVersion: 1 }), opts), { ok: false, reason: "session_revoked" });
    assert.equal((await loadActor(t.db, claims({ userId: u.id, sessionVersion: 2 }), opts)).ok, true);
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
});
