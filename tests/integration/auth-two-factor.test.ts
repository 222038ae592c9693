/**
 * Two-step verification against a real database (PGlite and Postgres): sign-in with a code,
 * wrong and replayed codes (counted and audited like wrong passwords), recovery codes (once
 * each), the pending-enrolment state of the gate, switching off, an admin's reset, the demo seed.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditEvents, loginAttempts, memberships, recoveryCodes, userTwoFactor, users } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { loadActor } from "@/lib/auth/actor";
import { authenticate, checkCodeForSignedInUser } from "@/lib/auth/login";
import { hashPassword } from "@/lib/auth/passwords";
import type { RateLimitConfig } from "@/lib/auth/rate-limit";
import { timeStep, totpCodeForStep } from "@/lib/auth/totp";
import { confirmEnrolment, disableTwoFactor, getTwoFactorStatus, openTotpSecret, regenerateRecoveryCodes, resetTwoFactor, startEnrolment } from "@/lib/auth/two-factor";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { testSessionId } from "@/tests/helpers/sessions";
import { rejectsWithCode } from "./helpers";

const PASSWORD = "Juiste-Wachtwoord-2026";
const config: RateLimitConfig = { maxPerAccount: 3, maxPerIp: 50, windowMinutes: 15 };
// 10 s into a 30-second step, so ±1 step stays inside the drift window either way.
const T0 = new Date("2026-03-02T09:00:10.000Z");
const S0 = timeStep(T0);
const at = (steps: number) => new Date(T0.getTime() + steps * 30_000);

let t: TestDb;
let hash: string;

before(async () => {
  t = await createTestDb();
  hash = await hashPassword(PASSWORD);
});
after(async () => {
  await t?.dispose();
});

async function addUser(email: string, role?: "programme_admin" | "programme_viewer") {
  const [u] = await t.db.insert(users).values({ email, name: email.split("@")[0], passwordHash: hash }).returning();
  if (role) await t.db.insert(memberships).values({ userId: u.id, role });
  return u;
}

/** Enrols through the real flow; returns the secret (as the app would have it) and the recovery codes. */
async function enrol(user: { id: string; email: string }, now = at(-10)) {
  const actor = { userId: user.id, label: user.email };
  const { secret } = await startEnrolment(t.db, { actor, userId: user.id, email: user.email });
  const { recoveryCodes: codes } = await confirmEnrolment(t.db, { actor, userId: user.id, code: totpCodeForStep(secret, timeStep(now)), now });
  return { secret, codes };
}

const login = (email: string, now: Date, second: { code?: string; recoveryCode?: string } = {}, ip = "192.0.2.10") =>
  authenticate(t.db, { email, password: PASSWORD, ip, now, config, ...second });

const attemptsOf = async (email: string) => (await t.db.select().from(loginAttempts).where(eq(loginAttempts.email, email))).map((a) => a.success);
const auditOf = async (userId: string, action: string) => t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, userId), eq(auditEvents.action, action)));

describe("enrolment", () => {
  test("the secret is stored sealed, bound to the user; confirming needs a right code; 10 recovery codes, hashed", async () => {
    const u = await addUser("enrol@example.test");
    const actor = { userId: u.id, label: u.email };
    const first = await startEnrolment(t.db, { actor, userId: u.id, email: u.email });
    // Resuming an unfinished enrolment keeps the secret the app may already have scanned.
    const again = await startEnrolment(t.db, { actor, userId: u.id, email: u.email });
    assert.equal(again.secret, first.secret);
    assert.match(first.uri, /^otpauth:\/\/totp\/DUO-portaal:enrol%40example\.test\?/);

    const [row] = await t.db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, u.id));
    assert.equal(row.confirmedAt, null);
    assert.ok(!row.secretSealed.includes(first.secret));
    assert.equal(openTotpSecret(u.id, row.secretSealed), first.secret);
    assert.equal(openTotpSecret("00000000-0000-4000-8000-000000000000", row.secretSealed), null);

    await rejectsWithCode(confirmEnrolment(t.db, { actor, userId: u.id, code: "000000" === totpCodeForStep(first.secret, S0) ? "111111" : "000000", now: T0 }), "validation");
    const { recoveryCodes: codes } = await confirmEnrolment(t.db, { actor, userId: u.id, code: totpCodeForStep(first.secret, S0), now: T0 });
    assert.equal(codes.length, 10);
    const stored = await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, u.id));
    assert.equal(stored.length, 10);
    for (const c of codes) assert.ok(!stored.some((s) => s.codeHash.includes(c) || s.codeHash.includes(c.replace("-", ""))));
    assert.deepEqual(await getTwoFactorStatus(t.db, u.id), { enrolled: true, required: false, recoveryCodesLeft: 10 });
    assert.equal((await auditOf(u.id, "two_factor.enable")).length, 1);
    await rejectsWithCode(startEnrolment(t.db, { actor, userId: u.id, email: u.email }), "conflict");
  });
});

describe("authenticate with a second factor", () => {
  test("password alone: asks for the code, creates nothing, counts nothing", async () => {
    const u = await addUser("ask@example.test");
    await enrol(u);
    const signInsBefore = (await auditOf(u.id, "auth.sign_in")).length;
    assert.deepEqual(await login(u.email, T0), { ok: false, code: "second_factor_required" });
    assert.deepEqual(await attemptsOf(u.email), []);
    assert.equal((await auditOf(u.id, "auth.sign_in")).length, signInsBefore);
    // A wrong password never reveals that a code would be asked.
    assert.deepEqual(await authenticate(t.db, { email: u.email, password: "Fout-Wachtwoord-1", ip: "192.0.2.10", now: T0, config }), { ok: false, code: "invalid_credentials" });
  });

  test("right code: signed in, step remembered, audited with the method", async () => {
    const u = await addUser("code@example.test");
    const { secret } = await enrol(u);
    const res = await login(u.email, T0, { code: totpCodeForStep(secret, S0) });
    assert.deepEqual(res, { ok: true, user: { id: u.id, email: u.email, name: "code", sessionVersion: 1 }, secondFactor: "totp" });
    const [row] = await t.db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, u.id));
    assert.equal(row.lastUsedStep, S0);
    const [ev] = await auditOf(u.id, "auth.sign_in");
    assert.deepEqual(ev.after, { ip: "192.0.2.10", secondFactor: "totp" });
    assert.deepEqual(await attemptsOf(u.email), [true]);
  });

  test("drift: the previous and the next step are accepted, two steps off is not", async () => {
    const u = await addUser("drift@example.test");
    const { secret } = await enrol(u);
    assert.equal((await login(u.email, T0, { code: totpCodeForStep(secret, S0 - 1) })).ok, true);
    assert.equal((await login(u.email, T0, { code: totpCodeForStep(secret, S0 + 1) })).ok, true);
    assert.deepEqual(await login(u.email, at(5), { code: totpCodeForStep(secret, S0 + 7) }), { ok: false, code: "invalid_code" });
  });

  test("wrong and replayed codes are refused, counted as failed sign-ins and audited", async () => {
    const u = await addUser("replay@example.test");
    const { secret } = await enrol(u);
    const code = totpCodeForStep(secret, S0);
    const wrong = code === "123456" ? "654321" : "123456";
    assert.deepEqual(await login(u.email, T0, { code: wrong }), { ok: false, code: "invalid_code" });
    assert.equal((await login(u.email, T0, { code })).ok, true);
    assert.deepEqual(await login(u.email, T0, { code }), { ok: false, code: "code_replayed" });
    // An older code after a newer one is a replay too, even though it is inside the drift window.
    assert.deepEqual(await login(u.email, T0, { code: totpCodeForStep(secret, S0 - 1) }), { ok: false, code: "code_replayed" });
    assert.deepEqual(await attemptsOf(u.email), [false, true, false, false]);
    const refused = await auditOf(u.id, "auth.second_factor_refused");
    assert.deepEqual(
      refused.map((e) => (e.after as { reason: string }).reason),
      ["invalid_code", "code_replayed", "code_replayed"],
    );
    assert.ok(refused.every((e) => e.actorUserId === u.id && !JSON.stringify(e).includes(code)));
  });

  test("wrong codes count in the same rate limit as passwords: then even the right code is refused", async () => {
    const u = await addUser("limit@example.test");
    const { secret } = await enrol(u);
    for (let i = 0; i < config.maxPerAccount; i++) {
      const res = await login(u.email, at(i), { code: "000000" === totpCodeForStep(secret, S0 + i) ? "111111" : "000000" });
      assert.deepEqual(res, { ok: false, code: "invalid_code" }, `attempt ${i + 1}`);
    }
    const blocked = await login(u.email, at(3), { code: totpCodeForStep(secret, S0 + 3) });
    assert.ok(!blocked.ok && blocked.code === "rate_limited" && blocked.scope === "account", JSON.stringify(blocked));
    // A wrong password and a wrong code add up to the same limit.
    const v = await addUser("mixed@example.test");
    const e2 = await enrol(v);
    await authenticate(t.db, { email: v.email, password: "Fout-Wachtwoord-1", ip: "192.0.2.11", now: T0, config });
    await authenticate(t.db, { email: v.email, password: "Fout-Wachtwoord-2", ip: "192.0.2.11", now: T0, config });
    await login(v.email, T0, { code: "999999" === totpCodeForStep(e2.secret, S0) ? "888888" : "999999" });
    const res = await login(v.email, T0, { code: totpCodeForStep(e2.secret, S0) });
    assert.ok(!res.ok && res.code === "rate_limited", JSON.stringify(res));
  });

  test("a recovery code signs in once; a second use is refused", async () => {
    const u = await addUser("recovery@example.test");
    const { codes } = await enrol(u);
    const typed = codes[3].toLowerCase().replace("-", " ");
    const res = await login(u.email, T0, { recoveryCode: typed });
    assert.deepEqual(res, { ok: true, user: { id: u.id, email: u.email, name: "recovery", sessionVersion: 1 }, secondFactor: "recovery" });
    const [ev] = await auditOf(u.id, "auth.sign_in");
    assert.deepEqual(ev.after, { ip: "192.0.2.10", secondFactor: "recovery", recoveryCodesLeft: 9 });
    assert.deepEqual(await login(u.email, at(1), { recoveryCode: codes[3] }), { ok: false, code: "invalid_recovery_code" });
    assert.equal((await getTwoFactorStatus(t.db, u.id)).recoveryCodesLeft, 9);
    // New codes replace all old ones.
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes(t.db, { actor: { userId: u.id, label: u.email }, userId: u.id });
    assert.deepEqual(await login(u.email, at(2), { recoveryCode: codes[4] }), { ok: false, code: "invalid_recovery_code" });
    assert.equal((await login(u.email, at(2), { recoveryCode: fresh[0] })).ok, true);
    assert.deepEqual(await login(u.email, at(3), { recoveryCode: "ACDEF-GHJKM" }), { ok: false, code: "invalid_recovery_code" });
  });

  test("two requests racing with one code: only one gets through", async () => {
    const u = await addUser("race@example.test");
    const { secret } = await enrol(u);
    const code = totpCodeForStep(secret, S0);
    const results = await Promise.all([login(u.email, T0, { code }), login(u.email, T0, { code })]);
    assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
  });
});

describe("the gate: roles that require a second factor", () => {
  const claimsOf = async (userId: string) => {
    const [u] = await t.db.select().from(users).where(eq(users.id, userId));
    return { userId, sessionVersion: u.sessionVersion, loginAt: T0.getTime() - 1000, sessionId: await testSessionId(t.db, userId, T0) };
  };

  test("a programme admin without enrolment signs in with the password, but the session is pending enrolment", async () => {
    const u = await addUser("newadmin@example.test", "programme_admin");
    const res = await login(u.email, T0);
    assert.equal(res.ok, true);
    const [ev] = await auditOf(u.id, "auth.sign_in");
    assert.deepEqual(ev.after, { ip: "192.0.2.10", twoFactorEnrolmentDue: true });
    const claims = await claimsOf(u.id);
    const lookup = await loadActor(t.db, claims, { now: T0, maxAgeSeconds: 3600 });
    assert.ok(lookup.ok && lookup.mfa === "pending_enrolment", JSON.stringify(lookup));
    await enrol(u);
    // The same session, once enrolment is confirmed, reaches everything (no new sign-in needed).
    const after = await loadActor(t.db, claims, { now: T0, maxAgeSeconds: 3600 });
    assert.ok(after.ok && after.mfa === "ok", JSON.stringify(after));
    // From now on the password alone is not enough.
    assert.deepEqual(await login(u.email, at(1)), { ok: false, code: "second_factor_required" });
  });

  test("optional roles may switch it off (with a current code); required roles may not", async () => {
    const viewer = await addUser("viewer2fa@example.test", "programme_viewer");
    const { secret } = await enrol(viewer);
    const wrong = await checkCodeForSignedInUser(t.db, { user: viewer, code: "000000" === totpCodeForStep(secret, S0) ? "111111" : "000000", ip: "192.0.2.20", now: T0, config });
    assert.deepEqual(wrong, { ok: false, code: "invalid_code" });
    assert.deepEqual(await attemptsOf(viewer.email), [false]);
    assert.deepEqual(await checkCodeForSignedInUser(t.db, { user: viewer, code: totpCodeForStep(secret, S0), ip: "192.0.2.20", now: T0, config }), { ok: true });
    await disableTwoFactor(t.db, { actor: { userId: viewer.id, label: viewer.email }, userId: viewer.id });
    assert.deepEqual(await getTwoFactorStatus(t.db, viewer.id), { enrolled: false, required: false, recoveryCodesLeft: 0 });
    assert.equal((await login(viewer.email, at(1))).ok, true);

    const admin = await addUser("keeps2fa@example.test", "programme_admin");
    await enrol(admin);
    await rejectsWithCode(disableTwoFactor(t.db, { actor: { userId: admin.id, label: admin.email }, userId: admin.id }), "forbidden");
  });

  test("an admin's reset removes the second factor, ends the sessions and is audited; not on oneself", async () => {
    const boss = await addUser("boss@example.test", "programme_admin");
    const user = await addUser("lostphone@example.test", "programme_admin");
    await enrol(user);
    await rejectsWithCode(resetTwoFactor(t.db, { actor: { userId: boss.id, label: boss.email }, userId: boss.id }), "conflict");
    const before = await claimsOf(user.id);
    const res = await resetTwoFactor(t.db, { actor: { userId: boss.id, label: boss.email }, userId: user.id });
    assert.equal(res.email, user.email);
    assert.equal((await t.db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, user.id))).length, 0);
    assert.equal((await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).length, 0);
    const lookup = await loadActor(t.db, before, { now: T0, maxAgeSeconds: 3600 });
    assert.deepEqual(lookup, { ok: false, reason: "session_revoked" });
    const [ev] = await auditOf(user.id, "two_factor.reset");
    assert.equal(ev.actorUserId, boss.id);
    assert.deepEqual(ev.after, { enrolled: false, sessionVersion: 2 });
    // Next sign-in: password only, and the session must enrol again.
    assert.equal((await login(user.email, at(1))).ok, true);
    await rejectsWithCode(resetTwoFactor(t.db, { actor: { userId: boss.id, label: boss.email }, userId: user.id }), "conflict");
  });
});

describe("demo seed", () => {
  test("demo accounts with a required role are enrolled with their published secret; others are not", async (ctx) => {
    // The run's seeded snapshot (seedDemoData on a migrated database), seeded once more: a second
    // run must leave the enrolments as they are.
    const seeded = await createTestDb({ from: "seeded", install: false });
    ctx.after(() => seeded.dispose());
    await seedDemoData(seeded.db);
    for (const d of DEMO_USERS) {
      const [u] = await seeded.db.select().from(users).where(eq(users.email, d.email));
      const [row] = await seeded.db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, u.id));
      if (d.totpSecret) {
        assert.ok(row?.confirmedAt, d.email);
        assert.equal(openTotpSecret(u.id, row.secretSealed), d.totpSecret);
        const res = await authenticate(seeded.db, { email: d.email, password: d.password, code: totpCodeForStep(d.totpSecret, S0), ip: "192.0.2.30", now: T0, config });
        assert.equal(res.ok, true, d.email);
      } else {
        assert.equal(row, undefined, d.email);
      }
    }
    // Every demo account whose role requires it has a secret, so the demo never starts at the enrolment page.
    assert.deepEqual(
      DEMO_USERS.filter((d) => ["programme_admin", "security_officer"].includes(d.role) && !d.totpSecret).map((d) => d.email),
      [],
    );
  });
});
