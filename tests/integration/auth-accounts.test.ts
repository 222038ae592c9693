import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { auditEvents, institutions, invitations, memberships, passwordResets, users } from "@/db/schema";
import {
  acceptInvitation,
  createInvitation,
  createPasswordReset,
  findInvitation,
  findPasswordReset,
  resetPassword,
  revokeInvitation,
} from "@/lib/auth/accounts";
import type { AuditActor } from "@/lib/audit";
import { authenticate } from "@/lib/auth/login";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { hashToken, looksLikeToken } from "@/lib/auth/tokens";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows, minutes, rejectsWithCode } from "./helpers";

const T0 = new Date("2026-04-01T08:00:00.000Z");
const TTL_HOURS = 72;
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);
const rateConfig = { maxPerAccount: 50, maxPerIp: 500, windowMinutes: 15 };

let t: TestDb;
let admin: AuditActor;
let instId: string;

before(async () => {
  t = await createTestDb();
  const [inst] = await t.db
    .insert(institutions)
    .values({ name: "Testziekenhuis Uitnodiging", kind: "hospital", ura: "99000101", city: "Zwolle", province: "NL-OV", vendorCode: "founda" })
    .returning();
  instId = inst.id;
  const [a] = await t.db.insert(users).values({ email: "admin@example.test", name: "Admin" }).returning();
  await t.db.insert(memberships).values({ userId: a.id, role: "programme_admin" });
  admin = { userId: a.id, label: a.email };
});
after(async () => {
  await t?.dispose();
});

const invite = (email: string, role: "institution_editor" | "security_officer" | "vendor_editor" | "programme_viewer" = "institution_editor", now = T0) =>
  createInvitation(t.db, {
    actor: admin,
    email,
    role,
    institutionId: role === "institution_editor" || role === "security_officer" ? instId : null,
    vendorCode: role === "vendor_editor" ? "founda" : null,
    now,
    ttlHours: TTL_HOURS,
  });

const auditFor = (action: string, entityId: string) =>
  t.db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, entityId)));

describe("invitations", () => {
  test("create → find (valid) → accept → user, membership, audit; link then used", async () => {
    const { invitation, token } = await invite("  Nieuw@Example.TEST ");
    assert.ok(looksLikeToken(token));
    assert.equal(invitation.email, "nieuw@example.test");
    assert.equal(invitation.tokenHash, hashToken(token));
    assert.notEqual(invitation.tokenHash, token);
    assert.equal(invitation.expiresAt.toISOString(), hours(TTL_HOURS).toISOString());
    assert.equal(invitation.invitedBy, admin.userId);

    const [created] = await auditFor("invitation.create", invitation.id);
    assert.ok(created, "invitation.create audited");
    assert.equal(created.actorUserId, admin.userId);
    assert.equal(created.institutionId, instId);
    assert.equal((created.after as { email: string }).email, "nieuw@example.test");
    assert.ok(!JSON.stringify(created).includes(token), "the token is not in the audit log");

    const found = await findInvitation(t.db, token, hours(1));
    assert.equal(found.status, "valid");
    if (found.status === "valid") {
      assert.equal(found.invitation.id, invitation.id);
      assert.equal(found.existingUser, false);
      assert.equal(found.institutionName, "Testziekenhuis Uitnodiging");
      assert.equal(found.vendorName, null);
    }

    const res = await acceptInvitation(t.db, { token, name: "  Nieuwe Collega ", password: "Een-Goede-Wachtzin-2026", now: hours(2) });
    assert.equal(res.createdAccount, true);
    assert.equal(res.email, "nieuw@example.test");
    const [user] = await t.db.select().from(users).where(eq(users.id, res.userId));
    assert.equal(user.name, "Nieuwe Collega");
    assert.equal(user.email, "nieuw@example.test");
    assert.ok(user.passwordHash && user.passwordHash !== "Een-Goede-Wachtzin-2026");
    assert.equal(await verifyPassword("Een-Goede-Wachtzin-2026", user.passwordHash), true);

    const ms = await t.db.select().from(memberships).where(eq(memberships.userId, res.userId));
    assert.deepEqual(ms.map((m) => ({ role: m.role, institutionId: m.institutionId, vendorCode: m.vendorCode })), [
      { role: "institution_editor", institutionId: instId, vendorCode: null },
    ]);
    const [userCreated] = await auditFor("user.create", res.userId);
    assert.ok(userCreated, "user.create audited");
    assert.ok(!JSON.stringify(userCreated).includes("Een-Goede-Wachtzin-2026"));
    const [accepted] = await auditFor("invitation.accept", invitation.id);
    assert.ok(accepted, "invitation.accept audited");
    assert.equal(accepted.actorUserId, res.userId);
    assert.equal((accepted.after as { membershipId: string }).membershipId, ms[0].id);

    const [row] = await t.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    assert.equal(row.acceptedAt?.toISOString(), hours(2).toISOString());
    assert.deepEqual(await findInvitation(t.db, token, hours(3)), { status: "used" });

    const usersBefore = await countRows(t.db, "users");
    await rejectsWithCode(acceptInvitation(t.db, { token, name: "Tweede Keer", password: "Een-Andere-Wachtzin-2026", now: hours(3) }), "used_token", "auth.invite_used");
    assert.equal(await countRows(t.db, "users"), usersBefore);
  });

  test("an expired invitation: found as expired, accepting throws expired_token and writes nothing", async () => {
    const { token } = await invite("laat@example.test");
    assert.equal((await findInvitation(t.db, token, hours(TTL_HOURS - 1))).status, "valid");
    assert.deepEqual(await findInvitation(t.db, token, hours(TTL_HOURS)), { status: "expired" });
    const counts = [await countRows(t.db, "users"), await countRows(t.db, "audit_events")];
    await rejectsWithCode(acceptInvitation(t.db, { token, name: "Laat", password: "Een-Goede-Wachtzin-2026", now: hours(TTL_HOURS + 1) }), "expired_token");
    assert.deepEqual([await countRows(t.db, "users"), await countRows(t.db, "audit_events")], counts);
  });

  test("a new invitation for the same e-mail and role revokes the open one", async () => {
    const first = await invite("dubbel@example.test", "security_officer", T0);
    const second = await invite("Dubbel@example.test", "security_officer", hours(1));
    assert.deepEqual(await findInvitation(t.db, first.token, hours(2)), { status: "revoked" });
    assert.equal((await findInvitation(t.db, second.token, hours(2))).status, "valid");
    const [old] = await t.db.select().from(invitations).where(eq(invitations.id, first.invitation.id));
    assert.equal(old.revokedAt?.toISOString(), hours(1).toISOString());
    const [created] = await auditFor("invitation.create", second.invitation.id);
    assert.deepEqual((created.after as { replaced: string[] }).replaced, [first.invitation.id]);
    await rejectsWithCode(acceptInvitation(t.db, { token: first.token, name: "Dubbel", password: "Een-Goede-Wachtzin-2026", now: hours(2) }), "invalid_token", "auth.invite_revoked");
  });

  test("an invitation for another role for the same e-mail leaves the open one alone", async () => {
    const a = await invite("tweerol@example.test", "institution_editor");
    await invite("tweerol@example.test", "security_officer");
    assert.equal((await findInvitation(t.db, a.token, hours(1))).status, "valid");
  });

  test("an unknown institution: AppError validation, and nothing is written", async () => {
    const before = [await countRows(t.db, "invitations"), await countRows(t.db, "audit_events")];
    await assert.rejects(
      createInvitation(t.db, { actor: admin, email: "x@example.test", role: "institution_editor", institutionId: randomUUID(), vendorCode: null, now: T0, ttlHours: 1 }),
      (e: unknown) => {
        assert.equal((e as { name?: string }).name, "AppError");
        assert.equal((e as { code?: string }).code, "validation");
        assert.deepEqual((e as { fieldErrors?: unknown }).fieldErrors, { institutionId: ["v.institution_invalid"] });
        return true;
      },
    );
    assert.deepEqual([await countRows(t.db, "invitations"), await countRows(t.db, "audit_events")], before);
  });

  test("an unknown vendor: AppError validation, and nothing is written", async () => {
    const before = [await countRows(t.db, "invitations"), await countRows(t.db, "audit_events")];
    await rejectsWithCode(
      createInvitation(t.db, { actor: admin, email: "y@example.test", role: "vendor_editor", institutionId: null, vendorCode: "nosuchvendor", now: T0, ttlHours: 1 }),
      "validation",
    );
    assert.deepEqual([await countRows(t.db, "invitations"), await countRows(t.db, "audit_events")], before);
  });

  test("a failed re-invitation does not revoke the open one", async () => {
    const open = await invite("blijft@example.test", "institution_editor");
    await rejectsWithCode(
      createInvitation(t.db, { actor: admin, email: "blijft@example.test", role: "institution_editor", institutionId: randomUUID(), vendorCode: null, now: hours(1), ttlHours: 1 }),
      "validation",
    );
    assert.equal((await findInvitation(t.db, open.token, hours(2))).status, "valid");
  });

  test("an existing user accepting gets only the extra membership", async () => {
    const first = await invite("bestaand@example.test", "institution_editor");
    const created = await acceptInvitation(t.db, { token: first.token, name: "Bestaand", password: "Eerste-Wachtzin-2026", now: hours(1) });
    const [before] = await t.db.select().from(users).where(eq(users.id, created.userId));
    const usersBefore = await countRows(t.db, "users");

    const second = await invite("bestaand@example.test", "vendor_editor", hours(2));
    const found = await findInvitation(t.db, second.token, hours(3));
    assert.ok(found.status === "valid" && found.existingUser === true && found.vendorName !== null);

    const res = await acceptInvitation(t.db, { token: second.token, name: "", password: "", now: hours(3) });
    assert.deepEqual(res, { userId: created.userId, email: "bestaand@example.test", createdAccount: false });
    assert.equal(await countRows(t.db, "users"), usersBefore);
    const [after] = await t.db.select().from(users).where(eq(users.id, created.userId));
    assert.equal(after.passwordHash, before.passwordHash, "password unchanged");
    assert.equal(after.name, "Bestaand", "name unchanged");
    const ms = await t.db.select().from(memberships).where(eq(memberships.userId, created.userId));
    assert.deepEqual(ms.map((m) => `${m.role}:${m.institutionId ?? m.vendorCode}`).sort(), [`institution_editor:${instId}`, "vendor_editor:founda"]);
    assert.equal((await auditFor("user.create", created.userId)).length, 1, "no second user.create");
  });

  test("two accepts of one link at the same time: exactly one succeeds", async () => {
    const { token } = await invite("tegelijk@example.test", "institution_editor");
    const results = await Promise.allSettled([
      acceptInvitation(t.db, { token, name: "Eerste Klik", password: "Een-Goede-Wachtzin-2026", now: hours(1) }),
      acceptInvitation(t.db, { token, name: "Tweede Klik", password: "Een-Goede-Wachtzin-2027", now: hours(1) }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1, JSON.stringify(results));
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    assert.equal((rejected.reason as { code?: string }).code, "used_token", String(rejected.reason));
    const [u] = await t.db.select().from(users).where(eq(users.email, "tegelijk@example.test"));
    assert.equal((await t.db.select().from(memberships).where(eq(memberships.userId, u.id))).length, 1);
  });

  test("malformed and unknown tokens", async () => {
    for (const token of ["", "abc", "A".repeat(44), `${"A".repeat(42)}+`]) {
      assert.deepEqual(await findInvitation(t.db, token, T0), { status: "unknown" });
      await rejectsWithCode(acceptInvitation(t.db, { token, name: "X", password: "Een-Goede-Wachtzin-2026", now: T0 }), "invalid_token", "auth.invite_unknown");
    }
    const wellFormed = "B".repeat(43);
    assert.deepEqual(await findInvitation(t.db, wellFormed, T0), { status: "unknown" });
    await rejectsWithCode(acceptInvitation(t.db, { token: wellFormed, name: "X", password: "Een-Goede-Wachtzin-2026", now: T0 }), "invalid_token");
  });

  test("revokeInvitation: revoked, audited once, idempotent; accepted → conflict; unknown → not_found", async () => {
    const { invitation, token } = await invite("intrekken@example.test", "programme_viewer");
    const revoked = await revokeInvitation(t.db, { actor: admin, invitationId: invitation.id, now: hours(1) });
    assert.equal(revoked.revokedAt?.toISOString(), hours(1).toISOString());
    assert.deepEqual(await findInvitation(t.db, token, hours(2)), { status: "revoked" });
    const [event] = await auditFor("invitation.revoke", invitation.id);
    assert.equal(event.actorUserId, admin.userId);
    assert.deepEqual(event.before, { revokedAt: null });

    const again = await revokeInvitation(t.db, { actor: admin, invitationId: invitation.id, now: hours(5) });
    assert.equal(again.revokedAt?.toISOString(), hours(1).toISOString(), "the first revocation time stays");
    assert.equal((await auditFor("invitation.revoke", invitation.id)).length, 1);

    const used = await invite("gebruikt@example.test", "programme_viewer");
    await acceptInvitation(t.db, { token: used.token, name: "Gebruikt", password: "Een-Goede-Wachtzin-2026", now: hours(1) });
    await rejectsWithCode(revokeInvitation(t.db, { actor: admin, invitationId: used.invitation.id, now: hours(2) }), "conflict");
    await rejectsWithCode(revokeInvitation(t.db, { actor: admin, invitationId: randomUUID(), now: hours(2) }), "not_found");
  });
});

describe("password reset", () => {
  let userId: string;
  const OLD = "Oude-Wachtzin-Voor-Reset";
  const NEW = "Nieuwe-Wachtzin-Na-Reset";

  before(async () => {
    const [u] = await t.db.insert(users).values({ email: "reset@example.test", name: "Reset", passwordHash: await hashPassword(OLD) }).returning();
    userId = u.id;
  });

  test("unknown e-mail: null and nothing written", async () => {
    const before = [await countRows(t.db, "password_resets"), await countRows(t.db, "audit_events")];
    assert.equal(await createPasswordReset(t.db, { email: "niemand@example.test", now: T0, ttlMinutes: 60 }), null);
    assert.deepEqual([await countRows(t.db, "password_resets"), await countRows(t.db, "audit_events")], before);
  });

  test("disabled account: null and nothing written", async () => {
    await t.db.insert(users).values({ email: "uit@example.test", name: "Uit", passwordHash: await hashPassword(OLD), disabledAt: T0 });
    const before = [await countRows(t.db, "password_resets"), await countRows(t.db, "audit_events")];
    assert.equal(await createPasswordReset(t.db, { email: "uit@example.test", now: T0, ttlMinutes: 60 }), null);
    assert.deepEqual([await countRows(t.db, "password_resets"), await countRows(t.db, "audit_events")], before);
  });

  test("the flow: new password works, old one not, sessions end, link used up (as are other open links)", async () => {
    const other = await createPasswordReset(t.db, { email: "reset@example.test", now: T0, ttlMinutes: 60 });
    const started = await createPasswordReset(t.db, { email: " RESET@example.test", now: minutes(T0, 1), ttlMinutes: 60 });
    assert.ok(started && other);
    assert.ok(looksLikeToken(started.token));
    assert.equal(started.user.id, userId);
    const [request] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "password_reset.request"), eq(auditEvents.entityId, userId)));
    assert.ok(request);
    assert.ok(!JSON.stringify(request).includes(started.token));
    const [stored] = await t.db.select().from(passwordResets).where(eq(passwordResets.tokenHash, hashToken(started.token)));
    assert.equal(stored.expiresAt.toISOString(), minutes(T0, 61).toISOString());

    assert.deepEqual(await findPasswordReset(t.db, started.token, minutes(T0, 2)), { status: "valid", email: "reset@example.test" });
    const [before] = await t.db.select().from(users).where(eq(users.id, userId));

    assert.deepEqual(await resetPassword(t.db, { token: started.token, password: NEW, now: minutes(T0, 3) }), { email: "reset@example.test" });
    const [after] = await t.db.select().from(users).where(eq(users.id, userId));
    assert.equal(after.sessionVersion, before.sessionVersion + 1);
    assert.ok((await auditFor("password_reset.complete", userId)).length === 1);

    const cfg = { ip: "192.0.2.77", now: minutes(T0, 4), config: rateConfig };
    const ok = await authenticate(t.db, { email: "reset@example.test", password: NEW, ...cfg });
    assert.ok(ok.ok && ok.user.sessionVersion === after.sessionVersion, JSON.stringify(ok));
    assert.deepEqual(await authenticate(t.db, { email: "reset@example.test", password: OLD, ...cfg }), { ok: false, code: "invalid_credentials" });

    assert.deepEqual(await findPasswordReset(t.db, started.token, minutes(T0, 5)), { status: "used" });
    await rejectsWithCode(resetPassword(t.db, { token: started.token, password: "Nog-Een-Wachtzin-2026", now: minutes(T0, 5) }), "used_token", "auth.reset_used");
    await rejectsWithCode(resetPassword(t.db, { token: other.token, password: "Nog-Een-Wachtzin-2026", now: minutes(T0, 5) }), "used_token");
    const [still] = await t.db.select().from(users).where(eq(users.id, userId));
    assert.equal(still.passwordHash, after.passwordHash, "a used link changes nothing");
  });

  test("an expired link: expired_token, password unchanged", async () => {
    const started = await createPasswordReset(t.db, { email: "reset@example.test", now: T0, ttlMinutes: 30 });
    assert.ok(started);
    assert.deepEqual(await findPasswordReset(t.db, started.token, minutes(T0, 30)), { status: "expired" });
    const [before] = await t.db.select().from(users).where(eq(users.id, userId));
    await rejectsWithCode(resetPassword(t.db, { token: started.token, password: "Te-Laat-Wachtzin-2026", now: minutes(T0, 31) }), "expired_token", "auth.reset_expired");
    const [after] = await t.db.select().from(users).where(eq(users.id, userId));
    assert.equal(after.passwordHash, before.passwordHash);
    assert.equal(after.sessionVersion, before.sessionVersion);
  });

  test("malformed and unknown links", async () => {
    assert.deepEqual(await findPasswordReset(t.db, "kort", T0), { status: "unknown" });
    assert.deepEqual(await findPasswordReset(t.db, "C".repeat(43), T0), { status: "unknown" });
    await rejectsWithCode(resetPassword(t.db, { token: "kort", password: NEW, now: T0 }), "invalid_token");
    await rejectsWithCode(resetPassword(t.db, { token: "C".repeat(43), password: NEW, now: T0 }), "invalid_token", "auth.reset_unknown");
  });
});
