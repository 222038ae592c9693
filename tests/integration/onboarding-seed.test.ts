/**
 * The demo onboarding histories written by seedDemoData, and the reads on top of them: the
 * readiness rows, the review queue and the register's phase/blocking/vendor/awaiting filters
 * and sorts, each compared with a recomputation from the step rows.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq, sql } from "drizzle-orm";
import { auditEvents, institutionReadiness, institutions, onboardingStepEvents, onboardingSteps } from "@/db/schema";
import { listInstitutions, type InstitutionListFilter } from "@/lib/institutions/queries";
import { listReviewQueue } from "@/lib/onboarding/queries";
import { seedDemoData } from "@/db/seed";
import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { DEMO_HOME_OPEN_STEP, DEMO_TODAY, generateDemoOnboarding } from "@/db/seed/onboarding-data";
import { computeReadiness, PHASE_CODES, type Readiness } from "@/lib/domain/readiness";
import { PRECONDITION_CODES, STEP_CATALOGUE } from "@/lib/domain/steps";
import { isVendor } from "@/lib/domain/vendors";
import { loadStepStatuses } from "@/lib/onboarding/store";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows } from "./helpers";

let t: TestDb;
type Inst = { id: string; name: string; ura: string; vendorCode: string | null; readiness: Readiness };
let all: Inst[];
/** The database's own name order (its collation), used to break ties in recomputed sorts. */
let nameRank: Map<string, number>;
const HISTORIES = generateDemoOnboarding({ institutions: DEMO_INSTITUTIONS, today: DEMO_TODAY });

before(async () => {
  t = await createTestDb({ from: "seeded" });
    const rows = await t.db.select({ id: institutions.id, name: institutions.name, ura: institutions.ura, vendorCode: institutions.vendorCode }).from(institutions);
  all = [];
  for (const r of rows) {
    const steps = await loadStepStatuses(t.db, r.id);
    all.push({ ...r, readiness: computeReadiness({ vendor: isVendor(r.vendorCode) ? r.vendorCode : null, steps, today: DEMO_TODAY }) });
  }
  const byName = await listInstitutions(t.db, { scope: { kind: "all" }, sort: "name", pageSize: 0 });
  nameRank = new Map(byName.rows.map((r, i) => [r.id, i]));
});
after(async () => {
  await t?.dispose();
});

const list = (f: InstitutionListFilter = {}) => listInstitutions(t.db, { scope: { kind: "all" }, pageSize: 0, ...f });
const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id);
const sortedIds = (xs: Inst[]) => xs.map((x) => x.id).sort();

describe("seeded onboarding histories", () => {
  test("130 institutions, each with its generated history replayed event by event", async () => {
    assert.equal(all.length, 130);
    assert.equal(HISTORIES.length, 130);
    const perInstitution = await t.db
      .select({ ura: institutions.ura, n: sql<number>`count(*)::int` })
      .from(onboardingStepEvents)
      .innerJoin(institutions, eq(institutions.id, onboardingStepEvents.institutionId))
      .groupBy(institutions.ura);
    const got = new Map(perInstitution.map((r) => [r.ura, Number(r.n)]));
    for (const h of HISTORIES) assert.equal(got.get(h.ura) ?? 0, h.events.length, h.ura);
    assert.equal(await countRows(t.db, "onboarding_step_events"), HISTORIES.reduce((n, h) => n + h.events.length, 0));
    assert.ok(HISTORIES.filter((h) => h.events.length > 0).length >= 120, "almost every institution has started");
    const [seedAudit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "seed.demo"));
    // The not-started institutions have an empty history: nothing to write for them.
    assert.equal((seedAudit.after as { onboardingHistories: number }).onboardingHistories, HISTORIES.filter((h) => h.events.length > 0).length);
  });

  test("every step row's state is the state of its last event", async () => {
    const events = await t.db.select().from(onboardingStepEvents).orderBy(onboardingStepEvents.at, onboardingStepEvents.id);
    const last = new Map<string, string>();
    for (const e of events) last.set(`${e.institutionId}|${e.stepCode}`, e.state);
    const steps = await t.db.select().from(onboardingSteps);
    assert.equal(steps.length, last.size);
    for (const s of steps) assert.equal(s.state, last.get(`${s.institutionId}|${s.stepCode}`), `${s.institutionId} ${s.stepCode}`);
  });

  test("a document is stored wherever the catalogue requires one for a reported or verified step", async () => {
    const required = new Set(STEP_CATALOGUE.filter((s) => s.evidence.document === "required").map((s) => s.code));
    const steps = await t.db.select().from(onboardingSteps);
    const needing = steps.filter((s) => required.has(s.stepCode as never) && (s.state === "reported" || s.state === "verified"));
    assert.ok(needing.length > 100);
    assert.deepEqual(needing.filter((s) => !s.evidenceFileId).map((s) => s.stepCode), []);
  });

  test("the home institution has mitz_connector_accepted open with every agreement step verified", async () => {
    const home = all.find((i) => i.ura === DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura)!;
    assert.equal(DEMO_HOME_OPEN_STEP, "mitz_connector_accepted");
    const steps = await loadStepStatuses(t.db, home.id);
    assert.equal(steps.mitz_connector_accepted?.state ?? "open", "open");
    const agreementSteps = STEP_CATALOGUE.filter((s) => s.precondition === "agreements").map((s) => s.code);
    assert.equal(agreementSteps.length, 7);
    for (const code of agreementSteps) assert.equal(steps[code]?.state, "verified", code);
    const [row] = await t.db.select().from(institutionReadiness).where(eq(institutionReadiness.institutionId, home.id));
    assert.deepEqual([row.phase, row.blockingPrecondition, row.agreementsMet], ["mitz_connection", "mitz_connected", true]);
    assert.equal(home.readiness.nextAction.stepCode, "mitz_connector_accepted");
  });

  test("a readiness row for all 130, each equal to a recomputation from the step rows", async () => {
    const rows = await t.db.select().from(institutionReadiness);
    assert.equal(rows.length, 130);
    const byId = new Map(rows.map((r) => [r.institutionId, r]));
    for (const i of all) {
      const row = byId.get(i.id);
      assert.ok(row, i.name);
      const r = i.readiness;
      assert.deepEqual(
        [row.phase, row.percent, row.blockingPrecondition, row.phaseStartedOn, row.isLive, row.goLiveReady, row.awaitingVerification, row.nextActionKind, row.nextActionStep],
        [r.phase, r.percent, r.blockingPrecondition, r.phaseStartedOn, r.isLive, r.goLiveGate.passed, r.awaitingVerification.length, r.nextAction.kind, r.nextAction.stepCode],
        i.name,
      );
    }
  });

  test("a believable spread: every phase but ready_for_go_live occurs, Mitz connection the most common blocker", () => {
    const phases = new Map<string, number>();
    for (const i of all) phases.set(i.readiness.phase, (phases.get(i.readiness.phase) ?? 0) + 1);
    for (const p of ["not_started", "agreements", "mitz_connection", "mitz_filling", "integration", "live"]) assert.ok((phases.get(p) ?? 0) > 0, p);
    const blockers = new Map<string, number>();
    for (const i of all) if (i.readiness.blockingPrecondition) blockers.set(i.readiness.blockingPrecondition, (blockers.get(i.readiness.blockingPrecondition) ?? 0) + 1);
    const top = [...blockers].sort((a, b) => b[1] - a[1])[0][0];
    assert.equal(top, "mitz_connected");
  });
});

describe("listReviewQueue", () => {
  test("every reported step, oldest report first", async () => {
    const queue = await listReviewQueue(t.db, {});
    const reported = await t.db.select().from(onboardingSteps).where(eq(onboardingSteps.state, "reported"));
    assert.ok(queue.length > 5, "the demo has reports waiting");
    assert.equal(queue.length, reported.length);
    const times = queue.map((q) => q.reportedAt!.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.ok(queue.every((q) => q.version >= 1 && q.institutionName));
  });

  test("filters: step, vendor (including none) and group match a filter of the whole queue", async () => {
    const whole = await listReviewQueue(t.db, {});
    const vendorOf = new Map(all.map((i) => [i.id, i.vendorCode]));
    const key = (q: { institutionId: string; stepCode: string }) => `${q.institutionId}|${q.stepCode}`;
    const check = async (filter: Parameters<typeof listReviewQueue>[1], pred: (q: (typeof whole)[number]) => boolean) => {
      const got = (await listReviewQueue(t.db, filter)).map(key);
      assert.deepEqual(got, whole.filter(pred).map(key), JSON.stringify(filter));
    };
    const someStep = whole[0].stepCode;
    await check({ stepCode: someStep }, (q) => q.stepCode === someStep);
    await check({ vendorCode: "alphatron" }, (q) => vendorOf.get(q.institutionId) === "alphatron");
    await check({ vendorCode: "none" }, (q) => vendorOf.get(q.institutionId) === null);
    for (const group of ["agreements", "mitz_connected", "mitz_filled", "technical"]) await check({ group }, (q) => q.stepGroup === group);
  });
});

describe("listInstitutions against a recomputation", () => {
  test("phase filter", async () => {
    for (const phase of PHASE_CODES) {
      const res = await list({ phase });
      assert.deepEqual(idsOf(res.rows).sort(), sortedIds(all.filter((i) => i.readiness.phase === phase)), phase);
      assert.equal(res.total, res.rows.length);
    }
  });

  test("blocking filter, including none", async () => {
    for (const blocking of [...PRECONDITION_CODES, "none"]) {
      const expected = all.filter((i) => (i.readiness.blockingPrecondition ?? "none") === blocking);
      assert.deepEqual(idsOf((await list({ blocking })).rows).sort(), sortedIds(expected), blocking);
    }
  });

  test("vendor none: the 8 institutions without a vendor", async () => {
    const res = await list({ vendor: "none" });
    assert.equal(res.total, 8);
    assert.deepEqual(idsOf(res.rows).sort(), sortedIds(all.filter((i) => i.vendorCode === null)));
  });

  test("awaiting: institutions with reports waiting for verification", async () => {
    const expected = all.filter((i) => i.readiness.awaitingVerification.length > 0);
    assert.ok(expected.length > 0);
    assert.deepEqual(idsOf((await list({ awaiting: true })).rows).sort(), sortedIds(expected));
  });

  test("filters combine", async () => {
    const expected = all.filter((i) => i.vendorCode === "alphatron" && i.readiness.phase === "mitz_connection" && i.readiness.blockingPrecondition === "mitz_connected");
    assert.ok(expected.length > 10);
    assert.deepEqual(idsOf((await list({ vendor: "alphatron", phase: "mitz_connection", blocking: "mitz_connected" })).rows).sort(), sortedIds(expected));
  });

  const byName = (a: Inst, b: Inst) => nameRank.get(a.id)! - nameRank.get(b.id)!;

  test("sort by readiness, both directions, ties by name", async () => {
    const asc = [...all].sort((a, b) => a.readiness.percent - b.readiness.percent || byName(a, b));
    const desc = [...all].sort((a, b) => b.readiness.percent - a.readiness.percent || byName(a, b));
    assert.deepEqual(idsOf((await list({ sort: "readiness" })).rows), idsOf(asc));
    assert.deepEqual(idsOf((await list({ sort: "readiness", dir: "desc" })).rows), idsOf(desc));
  });

  test("sort by time in phase ascending: longest in phase first, not started last", async () => {
    const cmp = (a: Inst, b: Inst) => {
      const x = a.readiness.phaseStartedOn;
      const y = b.readiness.phaseStartedOn;
      if (x === y) return byName(a, b);
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    };
    const rows = (await list({ sort: "time_in_phase" })).rows;
    assert.deepEqual(idsOf(rows), idsOf([...all].sort(cmp)));
    assert.equal(rows.at(-1)?.phase, "not_started");
  });

  // Bug (reported): descending uses plain `desc(phaseStartedOn)`, which in Postgres puts NULLs
  // FIRST, so the not-started institutions (no time in phase) head the list; ascending puts
  // them last explicitly. They belong at the end in both directions.
  test("sort by time in phase descending: shortest in phase first, not started still last", async () => {
    const cmp = (a: Inst, b: Inst) => {
      const x = a.readiness.phaseStartedOn;
      const y = b.readiness.phaseStartedOn;
      if (x === y) return byName(a, b);
      if (x === null) return 1;
      if (y === null) return -1;
      return x > y ? -1 : 1;
    };
    const rows = (await list({ sort: "time_in_phase", dir: "desc" })).rows;
    assert.deepEqual(rows.slice(-4).map((r) => r.phase), ["not_started", "not_started", "not_started", "not_started"], "not started last");
    assert.deepEqual(idsOf(rows), idsOf([...all].sort(cmp)));
  });

  test("paging a sorted, filtered list gives the same rows as the whole list", async () => {
    const whole = idsOf((await list({ sort: "readiness", vendor: "alphatron" })).rows);
    const pages: string[] = [];
    for (let page = 1; page <= 3; page++) pages.push(...idsOf((await listInstitutions(t.db, { scope: { kind: "all" }, sort: "readiness", vendor: "alphatron", page, pageSize: 25 })).rows));
    assert.deepEqual(pages, whole);
  });

  test("the count comes with the page; a page past the end shows the last page, an empty filter none", async () => {
    const filter = { scope: { kind: "all" as const }, sort: "readiness" as const, vendor: "alphatron" };
    const whole = (await list({ sort: "readiness", vendor: "alphatron" })).rows;
    const first = await listInstitutions(t.db, { ...filter, page: 1, pageSize: 25 });
    assert.equal(first.total, whole.length);
    assert.equal(first.pages, Math.ceil(whole.length / 25));
    const past = await listInstitutions(t.db, { ...filter, page: 99, pageSize: 25 });
    assert.equal(past.page, first.pages);
    assert.equal(past.total, whole.length);
    assert.deepEqual(idsOf(past.rows), idsOf(whole.slice((first.pages - 1) * 25)));
    const none = await listInstitutions(t.db, { ...filter, q: "geen-instelling-heet-zo", page: 3, pageSize: 25 });
    assert.deepEqual({ rows: none.rows.length, total: none.total, page: none.page, pages: none.pages }, { rows: 0, total: 0, page: 1, pages: 1 });
  });
});

describe("seeding twice", () => {
  test("a second run adds nothing (events, steps, evidence, readiness, audit)", async () => {
    const TABLES = ["onboarding_steps", "onboarding_step_events", "evidence_files", "institution_readiness", "audit_events", "institutions", "users"];
    const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (tb) => [tb, await countRows(t.db, tb)] as const)));
    const before = await counts();
    const res = await seedDemoData(t.db);
    assert.deepEqual(res, { institutions: 0, users: 0 });
    assert.deepEqual(await counts(), before);
    const seedEvents = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "seed.demo")));
    assert.equal(seedEvents.length, 1);
  });
});
