/**
 * Who may report, verify and read, as the server actions decide it: the actions call
 * requireInstitutionPermission (institution.read first, "not found" outside the scope, then
 * the permission itself) and bulk verify calls requirePermission("step.verify"). Those gates
 * are replayed here with `can` on actors loaded from the seeded demo users' memberships.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { onboardingSteps } from "@/db/schema";
import { getInstitutionRef, listInstitutions } from "@/lib/institutions/queries";
import { DEMO_USERS } from "@/db/seed";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import { can, institutionScope, type Actor, type Permission } from "@/lib/auth/policy";
import { auditActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { rejectStep, saveStepReport, verifyStep } from "@/lib/onboarding/service";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { rejectsWithCode } from "./helpers";

let t: TestDb;
const actors: Record<string, Actor> = {};
const ids: Record<"home" | "other" | "enovation2" | "founda", string> = {} as never;
const NOW = new Date("2026-11-22T10:00:00Z");

before(async () => {
  t = await createTestDb({ from: "seeded" });
  for (const u of DEMO_USERS) actors[u.email] = await signedInActor(t.db, u.email, NOW);
  Object.assign(ids, await demoInstitutionIds(t.db));
});
after(async () => {
  await t?.dispose();
});

const by = (role: string, n = 0) => actors[DEMO_USERS.filter((u) => u.role === role)[n].email];
const editor = () => by("institution_editor", 0);
const editor2 = () => by("institution_editor", 1);
const security = () => by("security_officer");
const viewer = () => by("programme_viewer");
const vendor = () => by("vendor_editor");
const admin = () => by("programme_admin", 0);
const admin2 = () => by("programme_admin", 1);

/** requireInstitutionPermission, with the test database. */
async function gate(actor: Actor, permission: Permission, institutionId: string) {
  const ref = await getInstitutionRef(t.db, institutionId);
  if (!ref || !can(actor, "institution.read", ref)) throw new AppError("not_found", "errors.not_found");
  if (!can(actor, permission, ref)) throw new AppError("forbidden", "errors.forbidden");
  return ref;
}
const outcome = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof AppError ? e.code : `unexpected: ${String(e)}`));

describe("the gates of the step actions", () => {
  test("demo users: the roles these tests rely on", () => {
    assert.equal(editor().memberships[0].institutionId, ids.home);
    assert.equal(editor2().memberships[0].institutionId, ids.other);
    assert.equal(security().memberships[0].institutionId, ids.home);
    assert.equal(vendor().memberships[0].vendorCode, "enovation");
    assert.notEqual(admin().userId, admin2().userId);
  });

  test("a table of actor × permission × institution", async () => {
    const table: [string, () => Actor, Permission, keyof typeof ids, string][] = [
      ["editor reports for own institution", editor, "institution.report", "home", "ok"],
      ["editor of A cannot report for B (B looks not found)", editor, "institution.report", "other", "not_found"],
      ["editor of A cannot read B", editor, "institution.read", "other", "not_found"],
      ["second editor cannot report for A", editor2, "institution.report", "home", "not_found"],
      ["editor cannot verify, not even own institution", editor, "step.verify", "home", "forbidden"],
      ["security officer reads own institution", security, "institution.read", "home", "ok"],
      ["security officer cannot report (read-only)", security, "institution.report", "home", "forbidden"],
      ["security officer cannot verify", security, "step.verify", "home", "forbidden"],
      ["security officer cannot read another institution", security, "institution.read", "other", "not_found"],
      ["programme viewer reads any institution", viewer, "institution.read", "other", "ok"],
      ["programme viewer cannot verify", viewer, "step.verify", "home", "forbidden"],
      ["programme viewer cannot report", viewer, "institution.report", "home", "forbidden"],
      ["vendor editor reads its vendor's institution", vendor, "institution.read", "enovation2", "ok"],
      ["vendor editor cannot report steps", vendor, "institution.report", "enovation2", "forbidden"],
      ["vendor editor cannot verify", vendor, "step.verify", "home", "forbidden"],
      ["vendor editor cannot read another vendor's institution", vendor, "institution.read", "founda", "not_found"],
      ["admin verifies anywhere", admin, "step.verify", "other", "ok"],
      ["admin may report for any institution", admin, "institution.report", "founda", "ok"],
    ];
    for (const [label, actor, permission, inst, expected] of table) {
      assert.equal(await outcome(gate(actor(), permission, ids[inst])), expected, label);
    }
  });

  test("bulk verify: only programme admins hold step.verify programme-wide", () => {
    assert.equal(can(admin(), "step.verify"), true);
    for (const a of [viewer(), editor(), security(), vendor()]) assert.equal(can(a, "step.verify"), false, a.email);
  });

  test("register scope: the vendor editor lists exactly its vendor's institutions, the editor only its own", async () => {
    const v = await listInstitutions(t.db, { scope: institutionScope(vendor(), "institution.list"), pageSize: 0 });
    assert.equal(v.total, 36);
    assert.ok(v.rows.every((r) => r.vendorCode === "enovation"));
    const e = await listInstitutions(t.db, { scope: institutionScope(editor(), "institution.list"), pageSize: 0 });
    assert.deepEqual(e.rows.map((r) => r.id), [ids.home]);
    assert.deepEqual(institutionScope(vendor(), "institution.report"), { kind: "none" });
    assert.deepEqual(institutionScope(security(), "institution.report"), { kind: "none" });
  });
});

describe("the journey behind the gates", () => {
  const step = "mitz_connector_accepted" as const;
  const version = async () =>
    (await t.db.select().from(onboardingSteps).where(and(eq(onboardingSteps.institutionId, ids.home), eq(onboardingSteps.stepCode, step))))[0]?.version ?? 0;

  test("the editor reports (and cannot verify), an admin rejects, the editor re-submits, another admin verifies", async () => {
    await gate(editor(), "institution.report", ids.home);
    const reported = await saveStepReport(t.db, {
      actor: auditActor(editor()),
      values: { institutionId: ids.home, stepCode: step, intent: "submit", completedOn: "2026-11-20", note: "Enovation Mitz-connector", keepEvidence: false, version: await version() },
      evidence: null,
      now: NOW,
    });
    assert.equal(reported.state, "reported");
    assert.equal(reported.reportedBy, editor().userId);

    await rejectsWithCode(gate(editor(), "step.verify", ids.home), "forbidden");
    await gate(admin(), "step.verify", ids.home);
    await rejectStep(t.db, { actor: auditActor(admin()), item: { institutionId: ids.home, stepCode: step, version: await version() }, reason: "Vermeld ook het product.", now: new Date(NOW.getTime() + 60_000) });

    const again = await saveStepReport(t.db, {
      actor: auditActor(editor()),
      values: { institutionId: ids.home, stepCode: step, intent: "submit", completedOn: "2026-11-20", note: "Enovation Mitz-connector, product X", keepEvidence: false, version: await version() },
      evidence: null,
      now: new Date(NOW.getTime() + 120_000),
    });
    assert.equal(again.state, "reported");
    assert.equal(again.rejectionReason, null);

    await gate(admin2(), "step.verify", ids.home);
    await verifyStep(t.db, { actor: auditActor(admin2()), item: { institutionId: ids.home, stepCode: step, version: await version() }, now: new Date(NOW.getTime() + 180_000) });
    const [row] = await t.db.select().from(onboardingSteps).where(and(eq(onboardingSteps.institutionId, ids.home), eq(onboardingSteps.stepCode, step)));
    assert.equal(row.state, "verified");
    assert.equal(row.verifiedBy, admin2().userId);
  });

  test("an admin who reported a step cannot verify it; another admin can", async () => {
    await gate(admin(), "institution.report", ids.other);
    const code = "mitz_test_whitelisted" as const;
    const steps = await t.db.select().from(onboardingSteps).where(eq(onboardingSteps.institutionId, ids.home));
    const row = steps.find((s) => s.stepCode === code);
    await saveStepReport(t.db, {
      actor: auditActor(admin()),
      values: { institutionId: ids.home, stepCode: code, intent: "submit", completedOn: "2026-11-21", note: "Certificaat en endpoint gewhitelist", keepEvidence: false, version: row?.version ?? 0 },
      evidence: null,
      now: new Date(NOW.getTime() + 240_000),
    });
    const [after] = await t.db.select().from(onboardingSteps).where(and(eq(onboardingSteps.institutionId, ids.home), eq(onboardingSteps.stepCode, code)));
    await rejectsWithCode(verifyStep(t.db, { actor: auditActor(admin()), item: { institutionId: ids.home, stepCode: code, version: after.version }, now: new Date(NOW.getTime() + 300_000) }), "forbidden");
    await verifyStep(t.db, { actor: auditActor(admin2()), item: { institutionId: ids.home, stepCode: code, version: after.version }, now: new Date(NOW.getTime() + 300_000) });
  });
});
