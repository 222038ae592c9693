import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditEvents, loginAttempts, users } from "@/db/schema";
import { authenticate, countUsersByEmail } from "@/lib/auth/login";
import { hashPassword } from "@/lib/auth/passwords";
import type { RateLimitConfig } from "@/lib/auth/rate-limit";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows, minutes } from "./helpers";

const PASSWORD = "Juiste-Wachtwoord-2026";
const config: RateLimitConfig = { maxPerAccount: 3, maxPerIp: 5, windowMinutes: 15 };
const T0 = new Date("2026-03-02T09:00:00.000Z");

let t: TestDb;
let hash: string;

before(async () => {
  t = await createTestDb();
  hash = await hashPassword(PASSWORD);
});
after(async () => {
  await t?.dispose();
});

async function addUser(email: string, opts: { disabled?: boolean } = {}) {
  const [u] = await t.db
    .insert(users)
    .values({ email, name: email.split("@")[0], passwordHash: hash, disabledAt: opts.disabled ? T0 : null })
    .returning();
  return u;
}

const login = (email: string, password: string, ip: string, now = T0, cfg = config) =>
  authenticate(t.db, { email, password, ip, now, config: cfg });

describe("authenticate", () => {
  test("right e-mail and password: ok, last login set, attempt recorded, auth.sign_in audited", async () => {
    const user = await addUser("ok@example.test");
    const res = await login("  OK@Example.TEST ", PASSWORD, "192.0.2.1");
    assert.deepEqual(res, { ok: true, user: { id: user.id, email: "ok@example.test", name: "ok", sessionVersion: 1 } });

    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    assert.equal(row.lastLoginAt?.toISOString(), T0.toISOString());
    const attempts = await t.db.select().from(loginAttempts).where(eq(loginAttempts.email, "ok@example.test"));
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0].success, true);
    assert.equal(attempts[0].ip, "192.0.2.1");

    const events = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.entityId, user.id)));
    assert.equal(events.length, 1);
    assert.equal(events[0].actorUserId, user.id);
    assert.equal(events[0].actorLabel, "ok@example.test");
    assert.equal(events[0].entityType, "user");
    assert.deepEqual(events[0].after, { ip: "192.0.2.1" });
    assert.ok(!JSON.stringify(events[0]).includes(PASSWORD));
  });

  test("wrong password: invalid_credentials, failure recorded, nothing audited", async () => {
    await addUser("wrong@example.test");
    const auditBefore = await countRows(t.db, "audit_events");
    const res = await login("wrong@example.test", "Niet-Het-Wachtwoord-1", "192.0.2.2");
    assert.deepEqual(res, { ok: false, code: "invalid_credentials" });
    const attempts = await t.db.select().from(loginAttempts).where(eq(loginAttempts.email, "wrong@example.test"));
    assert.deepEqual(attempts.map((a) => a.success), [false]);
    assert.equal(await countRows(t.db, "audit_events"), auditBefore);
  });

  test("unknown e-mail: the same answer as a wrong password", async () => {
    const res = await login("nobody@example.test", PASSWORD, "192.0.2.3");
    assert.deepEqual(res, { ok: false, code: "invalid_credentials" });
    assert.equal(await countUsersByEmail(t.db, "nobody@example.test"), 0);
  });

  test("a user without a password (invited, not yet accepted) cannot sign in", async () => {
    await t.db.insert(users).values({ email: "nopw@example.test", name: "No password", passwordHash: null });
    assert.deepEqual(await login("nopw@example.test", "", "192.0.2.4"), { ok: false, code: "invalid_credentials" });
    assert.deepEqual(await login("nopw@example.test", PASSWORD, "192.0.2.4"), { ok: false, code: "invalid_credentials" });
  });

  test("disabled user: 'disabled' with the right password, invalid_credentials with a wrong one", async () => {
    await addUser("disabled@example.test", { disabled: true });
    assert.deepEqual(await login("disabled@example.test", PASSWORD, "192.0.2.5"), { ok: false, code: "disabled" });
    assert.deepEqual(await login("disabled@example.test", "Niet-Het-Wachtwoord-1", "192.0.2.5"), { ok: false, code: "invalid_credentials" });
    const signIns = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.actorLabel, "disabled@example.test")));
    assert.equal(signIns.length, 0);
  });

  test("per-account limit: after max failures (from different addresses) even the right password is refused", async () => {
    await addUser("victim@example.test");
    for (let i = 0; i < config.maxPerAccount; i++) {
      const res = await login("victim@example.test", `Gok-nummer-${i}-xxxx`, `198.51.100.${10 + i}`, minutes(T0, i));
      assert.deepEqual(res, { ok: false, code: "invalid_credentials" }, `attempt ${i + 1}`);
    }
    const now = minutes(T0, config.maxPerAccount);
    const res = await login("Victim@example.test", PASSWORD, "198.51.100.99", now);
    assert.equal(res.ok, false);
    assert.ok(!res.ok && res.code === "rate_limited", JSON.stringify(res));
    if (!res.ok && res.code === "rate_limited") {
      assert.equal(res.scope, "account");
      assert.ok(res.retryAfterMinutes >= 1 && res.retryAfterMinutes <= config.windowMinutes, String(res.retryAfterMinutes));
    }
    // A refused attempt is not itself counted, and nothing was signed in.
    const attempts = await t.db.select().from(loginAttempts).where(eq(loginAttempts.email, "victim@example.test"));
    assert.equal(attempts.length, config.maxPerAccount);
    assert.ok(attempts.every((a) => !a.success));
  });

  test("per-account limit: one failure fewer than the maximum still lets the right password in", async () => {
    await addUser("almost@example.test");
    for (let i = 0; i < config.maxPerAccount - 1; i++) {
      await login("almost@example.test", `Gok-nummer-${i}-xxxx`, "198.51.100.50", minutes(T0, i));
    }
    const res = await login("almost@example.test", PASSWORD, "198.51.100.50", minutes(T0, 5));
    assert.equal(res.ok, true);
  });

  test("per-IP limit: failures for different e-mails from one address block that address", async () => {
    const ip = "203.0.113.66";
    await addUser("sameip@example.test");
    for (let i = 0; i < config.maxPerIp; i++) {
      const res = await login(`spray-${i}@example.test`, "Wachtwoord-Gok-123", ip, minutes(T0, i));
      assert.deepEqual(res, { ok: false, code: "invalid_credentials" }, `attempt ${i + 1}`);
    }
    const now = minutes(T0, config.maxPerIp);
    const blocked = await login("sameip@example.test", PASSWORD, ip, now);
    assert.ok(!blocked.ok && blocked.code === "rate_limited", JSON.stringify(blocked));
    if (!blocked.ok && blocked.code === "rate_limited") {
      assert.equal(blocked.scope, "ip");
      assert.ok(blocked.retryAfterMinutes >= 1);
    }
    // The same account from another address is fine: the limit is on the address.
    const elsewhere = await login("sameip@example.test", PASSWORD, "203.0.113.67", now);
    assert.equal(elsewhere.ok, true);
  });

  test("failures outside the window do not count; retryAfterMinutes counts down to the window's end", async () => {
    await addUser("window@example.test");
    for (let i = 0; i < config.maxPerAccount; i++) {
      await login("window@example.test", `Gok-nummer-${i}-xxxx`, `198.51.100.${120 + i}`, T0);
    }
    // 14 minutes later the last failure is still inside the 15-minute window: one minute to go.
    const inside = await login("window@example.test", PASSWORD, "198.51.100.130", minutes(T0, 14));
    assert.deepEqual(inside, { ok: false, code: "rate_limited", scope: "account", retryAfterMinutes: 1 });
    // Right at the start it is the whole window.
    const atStart = await login("window@example.test", PASSWORD, "198.51.100.130", minutes(T0, 0));
    assert.deepEqual(atStart, { ok: false, code: "rate_limited", scope: "account", retryAfterMinutes: config.windowMinutes });
    // After the window the old failures no longer count.
    const later = await login("window@example.test", PASSWORD, "198.51.100.130", minutes(T0, config.windowMinutes + 1));
    assert.equal(later.ok, true, JSON.stringify(later));
  });

  test("a successful sign-in does not count as a failure", async () => {
    await addUser("often@example.test");
    for (let i = 0; i < config.maxPerAccount + 1; i++) {
      const res = await login("often@example.test", PASSWORD, "198.51.100.200", minutes(T0, i));
      assert.equal(res.ok, true, `sign-in ${i + 1}`);
    }
  });
});
