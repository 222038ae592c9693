import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditEvents, financingRuleSets, institutions, users } from "@/db/schema";
import { getInstitutionRef } from "@/lib/institutions/queries";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { DEMO_HOME_INSTITUTION, DEMO_OTHER_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { DEMO_TODAY } from "@/db/seed/onboarding-data";
import { loadActor } from "@/lib/auth/actor";
import { testSessionId } from "@/tests/helpers/sessions";
import { can, type Actor } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { errorText } from "@/lib/i18n/messages";
import { createDraft, deleteDraft, ensureDefaultFinancingRuleSets, loadPublishedRuleSets, publishDraft, rowToRuleSet, saveDraft, RuleSetInvalidError } from "@/lib/financing/rule-sets";
import { getFinancingSummary, getInstitutionEligibility } from "@/lib/financing/summary";
import { renderExplanation } from "@/lib/domain/financing";
import { ruleSetFormSchema, ruleSetToForm } from "@/lib/validation/financing";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { rejectsWithCode } from "./helpers";

let t: TestDb;
const admin = DEMO_USERS.find((u) => u.role === "programme_admin")!;
let adminActor: { userId: string; label: string };

before(async () => {
  t = await createTestDb({ from: "seeded" });
    const [u] = await t.db.select().from(users).where(eq(users.email, admin.email));
  adminActor = { userId: u.id, label: u.email };
});
after(async () => {
  await t?.dispose();
});

async function actorOf(email: string): Promise<Actor> {
  const [u] = await t.db.select().from(users).where(eq(users.email, email));
  const res = await loadActor(t.db, { userId: u.id, sessionVersion: u.sessionVersion, loginAt: Date.parse("2026-01-01T00:00:00Z"), sessionId: await testSessionId(t.db, u.id, new Date("2026-01-01T01:00:00Z")) }, { now: new Date("2026-01-01T01:00:00Z"), maxAgeSeconds: 8 * 3600 });
  assert.ok(res.ok);
  return res.actor;
}
const idOfDemo = async (index: number) => (await t.db.select({ id: institutions.id }).from(institutions).where(eq(institutions.ura, DEMO_INSTITUTIONS[index].ura)))[0].id;

describe("financing with the demo data", () => {
  test("the proposal is seeded once as published version 1", async () => {
    const published = await loadPublishedRuleSets(t.db);
    assert.deepEqual(published.map((r) => [r.version, r.effectiveFrom]), [[1, "2026-01-01"]]);
    assert.equal(published[0].rules.find((r) => r.code === "duo_annual_compensation")!.amounts.enovation, 3_500_000);
    assert.equal(await ensureDefaultFinancingRuleSets(t.db), 0);
    await seedDemoData(t.db);
    assert.equal((await t.db.select().from(financingRuleSets)).length, 1);
  });

  test("programme totals equal the sum of the per-institution results (as the institution pages compute them)", async () => {
    const overview = await getFinancingSummary(t.db, { today: DEMO_TODAY });
    assert.equal(overview.rows.length, 130);
    const own = new Map<string, NonNullable<Awaited<ReturnType<typeof getInstitutionEligibility>>>>();
    for (const row of overview.rows) {
      const e = await getInstitutionEligibility(t.db, { institutionId: row.id, today: DEMO_TODAY, years: overview.years });
      assert.ok(e);
      own.set(row.id, e);
    }
    for (const year of overview.years) {
      let sum = 0;
      const byStatus: Record<string, number> = {};
      for (const row of overview.rows) {
        const mine = own.get(row.id)!.years[year];
        assert.equal(mine.totalCents, row.committed[year].totalCents, `${row.name} ${year}`);
        assert.deepEqual(mine.explanation, row.committed[year].explanation);
        sum += mine.totalCents;
        byStatus[mine.status] = (byStatus[mine.status] ?? 0) + 1;
      }
      const tt = overview.totals[year];
      assert.equal(tt.committed.totalCents, sum, `total ${year}`);
      assert.deepEqual(Object.fromEntries(Object.entries(tt.committed.byStatus).filter(([, n]) => n > 0)), byStatus);
      assert.equal(tt.forecast.totalCents, overview.rows.reduce((s, r) => s + r.forecast[year].totalCents, 0));
      assert.ok(tt.forecast.totalCents >= tt.committed.totalCents, "going live never lowers the total");
    }
    // The demo has live XDS institutions, so money is committed, and Alphatron users get no annual payment.
    assert.ok(overview.totals[2026].committed.totalCents > 0);
    assert.equal(overview.totals[2026].committed.byVendorCents.alphatron, 0);
    assert.ok(overview.totals[2026].committed.byStatus.eligible > 0);
    const explained = overview.rows.every((r) => renderExplanation(r.committed[2026].explanation, "nl").length > 40);
    assert.ok(explained, "every institution has a plain-Dutch explanation");
  });
});

describe("rule set drafts: validate, preview, publish", () => {
  let draftId: string;
  let revision: number;

  test("a draft is copied from the latest published version; only one at a time", async () => {
    const row = await createDraft(t.db, { actor: adminActor, today: DEMO_TODAY });
    assert.equal(row.version, 2);
    assert.equal(row.status, "draft");
    assert.equal(row.effectiveFrom, "2026-12-01");
    draftId = row.id;
    revision = row.revision;
    await rejectsWithCode(createDraft(t.db, { actor: adminActor, today: DEMO_TODAY }), "conflict", "financing.draft_exists_error");
  });

  const formOf = async () => ruleSetToForm(rowToRuleSet((await t.db.select().from(financingRuleSets).where(eq(financingRuleSets.id, draftId)))[0]));

  test("saving refuses overlapping periods and unknown steps with a Dutch message; nothing is written", async () => {
    const overlap = await formOf();
    overlap.effectiveFrom = "2026-01-01";
    await assert.rejects(saveDraft(t.db, { actor: adminActor, id: draftId, expectedRevision: revision, values: ruleSetFormSchema.parse(overlap), now: new Date() }), (e: unknown) => {
      assert.ok(e instanceof RuleSetInvalidError);
      assert.deepEqual(e.problems.map((p) => p.code), ["overlapping_period"]);
      assert.match(errorText("nl", e), /^Versie 2 \(vanaf 1 januari 2026\) overlapt met versie 1\./);
      assert.match(errorText("en", e), /1 January 2026/);
      assert.deepEqual(Object.keys(e.inLanguage("nl").fieldErrors ?? {}), ["problem.0"]);
      return true;
    });
    const unknown = await formOf();
    unknown.rules[0].conditions = ["go_live", "mitz_happy"];
    await assert.rejects(saveDraft(t.db, { actor: adminActor, id: draftId, expectedRevision: revision, values: ruleSetFormSchema.parse(unknown), now: new Date() }), (e: unknown) => {
      assert.ok(e instanceof AppError && e.code === "validation");
      assert.match(errorText("nl", e), /onbekende stap „mitz_happy”/);
      return true;
    });
    const [row] = await t.db.select().from(financingRuleSets).where(eq(financingRuleSets.id, draftId));
    assert.equal(row.revision, revision);
    assert.equal(row.effectiveFrom, "2026-12-01");
  });

  test("a stale form is refused", async () => {
    const form = await formOf();
    await rejectsWithCode(saveDraft(t.db, { actor: adminActor, id: draftId, expectedRevision: revision + 5, values: ruleSetFormSchema.parse(form), now: new Date() }), "conflict");
  });

  test("an amount change from 2027 shows in the what-if, publishing needs a change note, then applies and is audited", async () => {
    const form = await formOf();
    form.effectiveFrom = "2027-01-01";
    form.rules[0].vendors.enovation.amount = "40.000";
    form.rules[0].vendors.founda.amount = "40.000";
    const saved = await saveDraft(t.db, { actor: adminActor, id: draftId, expectedRevision: revision, values: ruleSetFormSchema.parse(form), now: new Date() });
    assert.equal(saved.revision, revision + 1);
    revision = saved.revision;

    const published = await loadPublishedRuleSets(t.db);
    const draft = rowToRuleSet(saved);
    const before = await getFinancingSummary(t.db, { today: DEMO_TODAY, ruleSets: published });
    const whatIf = await getFinancingSummary(t.db, { today: DEMO_TODAY, ruleSets: [...published, draft] });
    assert.equal(whatIf.totals[2026].committed.totalCents, before.totals[2026].committed.totalCents, "2026 untouched");
    assert.ok(whatIf.totals[2027].committed.totalCents > before.totals[2027].committed.totalCents, "2027 higher");

    await assert.rejects(publishDraft(t.db, { actor: adminActor, id: draftId, expectedRevision: revision, now: new Date() }), (e: unknown) => {
      assert.ok(e instanceof RuleSetInvalidError);
      assert.ok(e.problems.some((p) => p.code === "change_note_required"));
      assert.match(errorText("nl", e), /toelichting op de wijziging/);
      return true;
    });
    assert.deepEqual((await loadPublishedRuleSets(t.db)).map((r) => r.version), [1], "still only version 1");

    form.changeNote = "Besluit VWS/ZN: tegemoetkoming verhoogd naar € 40.000 per jaar.";
    revision = (await saveDraft(t.db, { actor: adminActor, id: draftId, expectedRevision: revision, values: ruleSetFormSchema.parse(form), now: new Date() })).revision;
    const pub = await publishDraft(t.db, { actor: adminActor, id: draftId, expectedRevision: revision, now: new Date() });
    assert.equal(pub.status, "published");
    assert.equal(pub.publishedBy, adminActor.userId);
    const now = await getFinancingSummary(t.db, { today: DEMO_TODAY });
    assert.equal(now.totals[2027].committed.totalCents, whatIf.totals[2027].committed.totalCents, "the preview was what publishing did");

    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "financing_rule_set"), eq(auditEvents.entityId, draftId)));
    assert.deepEqual(audit.map((a) => a.action).sort(), ["financing.draft_created", "financing.draft_saved", "financing.draft_saved", "financing.published"]);

    // A published version is never changed again.
    await rejectsWithCode(saveDraft(t.db, { actor: adminActor, id: draftId, expectedRevision: pub.revision, values: ruleSetFormSchema.parse(form), now: new Date() }), "conflict", "financing.not_a_draft");
    await rejectsWithCode(deleteDraft(t.db, { actor: adminActor, id: draftId, expectedRevision: pub.revision }), "conflict", "financing.not_a_draft");
  });

  test("a new draft after that starts after version 2 and can be deleted (audited)", async () => {
    const row = await createDraft(t.db, { actor: adminActor, today: DEMO_TODAY });
    assert.equal(row.version, 3);
    assert.equal(row.effectiveFrom, "2027-02-01");
    await deleteDraft(t.db, { actor: adminActor, id: row.id, expectedRevision: row.revision });
    assert.equal((await t.db.select().from(financingRuleSets).where(eq(financingRuleSets.id, row.id))).length, 0);
    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, row.id), eq(auditEvents.action, "financing.draft_deleted")));
    assert.equal(audit.length, 1);
  });
});

describe("who sees financing", () => {
  test("only programme roles see totals; an institution sees only its own eligibility; vendors none", async () => {
    const home = (await getInstitutionRef(t.db, await idOfDemo(DEMO_HOME_INSTITUTION)))!;
    const other = (await getInstitutionRef(t.db, await idOfDemo(DEMO_OTHER_INSTITUTION)))!;
    const expectations: [string, boolean, boolean, boolean, boolean][] = [
      // email, financing.view, financing.manage, eligibility home, eligibility other
      ["admin@duo-demo.test", true, true, true, true],
      ["viewer@duo-demo.test", true, false, true, true],
      ["projectleider@duo-demo.test", false, false, true, false],
      ["ciso@duo-demo.test", false, false, true, false],
      ["projectleider2@duo-demo.test", false, false, false, true],
      ["leverancier@duo-demo.test", false, false, false, false],
    ];
    for (const [email, view, manage, ownHome, ownOther] of expectations) {
      const actor = await actorOf(email);
      assert.equal(can(actor, "financing.view"), view, `${email} view`);
      assert.equal(can(actor, "financing.manage"), manage, `${email} manage`);
      assert.equal(can(actor, "financing.eligibility", home), ownHome, `${email} home`);
      assert.equal(can(actor, "financing.eligibility", other), ownOther, `${email} other`);
    }
  });
});
