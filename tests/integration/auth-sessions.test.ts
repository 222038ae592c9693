import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { users, auditEvents } from "@/db/schema";
import { setUserDisabled, signOutEverywhere } from "@/lib/auth/accounts";
import { loadActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
let adminId: string;
let userId: string;
const now = new Date("2026-11-22T10:00:00Z");
const claims = async (id: string) => {
  const [u] = await t.db.select().from(users).where(eq(users.id, id));
  return { userId: id, sessionVersion: u.sessionVersion, loginAt: now.getTime() };
};
const look = (c: { userId: string; sessionVersion: number; loginAt: number }) => loadActor(t.db, c, { now, maxAgeSeconds: 3600 });

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

  test("an admin cannot disable their own account", async () => {
    await assert.rejects(setUserDisabled(t.db, { actor: { userId: adminId, label: "beheer" }, userId: adminId, disabled: true, now }), (e) => e instanceof AppError && e.code === "conflict");
  });
});
