import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  DEMO_HOME_OPEN_STEP,
  DEMO_TARGET_PLAN,
  DEMO_TODAY,
  generateDemoOnboarding,
  toStepEvents,
  type DemoOnboarding,
  type DemoStepEvent,
} from "@/db/seed/onboarding-data";
import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS, type DemoInstitution } from "@/db/seed/institutions-data";
import { diffInDays, toAmsterdamDate, type IsoDate } from "@/lib/domain/dates";
import { computeReadinessAt, deriveStepStatesAt, summarizeProgrammeAt } from "@/lib/domain/phase-at";
import { resolveCatalogue, STEP_CATALOGUE, type StepCode } from "@/lib/domain/steps";
import type { Vendor } from "@/lib/domain/vendors";

const today = DEMO_TODAY;
const data = generateDemoOnboarding({ institutions: DEMO_INSTITUTIONS, today });
const byIndex = (i: number) => data[i];
const vendorOf = (i: number) => DEMO_INSTITUTIONS[i].vendor as Vendor | null;
/** 17:00 Amsterdam on 22 November 2026 (CET, UTC+1). */
const END_OF_TODAY = "2026-11-22T16:00:00.000Z";

/** Every rule a history must keep; returns human-readable violations (empty = fine). */
function checkHistory(inst: DemoInstitution, h: DemoOnboarding): string[] {
  const out: string[] = [];
  const fail = (e: DemoStepEvent | null, msg: string) => out.push(`${inst.name}${e ? ` ${e.stepCode} ${e.action} ${e.at}` : ""}: ${msg}`);
  const resolved = resolveCatalogue({ vendor: inst.vendor });
  const prereqs = new Map(resolved.map((r) => [r.step.code, r.prerequisites]));
  const state = new Map<StepCode, { action: DemoStepEvent["action"]; completedOn: IsoDate | null; reportedAt: string | null }>();

  if (h.ura !== inst.ura) fail(null, "URA does not match");
  for (let k = 1; k < h.events.length; k++) if (h.events[k].at < h.events[k - 1].at) fail(h.events[k], "not in chronological order");

  for (const e of h.events) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(e.at)) fail(e, "at is not an ISO instant");
    if (e.at > END_OF_TODAY) fail(e, "after today 17:00");
    const day = toAmsterdamDate(e.at);
    const prev = state.get(e.stepCode);
    const expectedBy = e.action === "reported" ? "institution" : "programme";
    if (e.by !== expectedBy) fail(e, `by ${e.by}`);
    if ((e.reason !== null) !== (e.action === "rejected")) fail(e, "reason only on rejections");
    if (inst.vendor === null && ["vendor_chosen", "vendor_contract_signed", "dpia_completed", "pacs_integration", "duo_connection_tested", "go_live"].includes(e.stepCode)) {
      fail(e, "a step that needs a vendor, without a vendor");
    }
    switch (e.action) {
      case "reported": {
        if (prev && prev.action !== "rejected") fail(e, `reported after ${prev.action}`);
        if (!e.completedOn) fail(e, "report without completedOn");
        else {
          if (e.completedOn > today) fail(e, "completedOn in the future");
          if (e.completedOn > day) fail(e, "reported before it happened");
        }
        if (!e.note || e.note.length < 10) fail(e, "report without a note");
        for (const p of prereqs.get(e.stepCode) ?? []) {
          const ps = state.get(p);
          if (!ps || (ps.action !== "verified" && ps.action !== "marked_not_applicable")) fail(e, `prerequisite ${p} not verified (${ps?.action ?? "open"})`);
          else if (ps.completedOn && e.completedOn && e.completedOn < ps.completedOn) fail(e, `completedOn ${e.completedOn} before ${p} (${ps.completedOn})`);
        }
        state.set(e.stepCode, { action: "reported", completedOn: e.completedOn, reportedAt: e.at });
        break;
      }
      case "verified":
      case "rejected": {
        if (!prev || prev.action !== "reported") {
          fail(e, `${e.action} without a pending report`);
          break;
        }
        const wait = diffInDays(day, toAmsterdamDate(prev.reportedAt!));
        if (wait < 1 || wait > 45) fail(e, `decided ${wait} days after the report`);
        if (e.action === "verified" && e.completedOn !== prev.completedOn) fail(e, "verification changes completedOn");
        if (e.action === "rejected" && e.completedOn !== null) fail(e, "rejection with completedOn");
        const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
        if (weekday === 0 || weekday === 6) fail(e, "programme works on a weekend");
        state.set(e.stepCode, { action: e.action, completedOn: prev.completedOn, reportedAt: prev.reportedAt });
        break;
      }
      case "marked_not_applicable":
        if (prev) fail(e, "marked not applicable after other events");
        if (e.completedOn !== null) fail(e, "not applicable with completedOn");
        state.set(e.stepCode, { action: e.action, completedOn: null, reportedAt: null });
        break;
    }
  }
  return out;
}

const summary = summarizeProgrammeAt({
  institutions: data.map((h, i) => ({ id: h.ura, vendor: vendorOf(i), events: toStepEvents(h.events) })),
  asOf: today,
});
const readinessToday = data.map((h, i) => computeReadinessAt({ events: toStepEvents(h.events), asOf: today, vendor: vendorOf(i) }));
const statesToday = data.map((h) => deriveStepStatesAt({ events: toStepEvents(h.events), asOf: today }));

describe("demo onboarding: determinism", () => {
  test("the same seed gives the same histories", () => {
    assert.deepEqual(generateDemoOnboarding({ institutions: DEMO_INSTITUTIONS, today }), data);
  });
  test("another seed gives other histories", () => {
    assert.notDeepEqual(generateDemoOnboarding({ institutions: DEMO_INSTITUTIONS, today, seed: 7 }), data);
  });
  test("one history per institution, in order", () => {
    assert.deepEqual(data.map((d) => d.ura), DEMO_INSTITUTIONS.map((d) => d.ura));
  });
  test("the target plan adds up to the demo register", () => {
    for (const [vendor, plan] of Object.entries(DEMO_TARGET_PLAN)) {
      const n = DEMO_INSTITUTIONS.filter((d) => (d.vendor ?? "none") === vendor).length;
      assert.equal(Object.values(plan).reduce((a, b) => a + b, 0), n, vendor);
    }
  });
});

describe("demo onboarding: every history keeps the rules", () => {
  for (const seed of [undefined, 1, 99]) {
    test(`seed ${seed ?? "default"}`, () => {
      const runs = seed === undefined ? data : generateDemoOnboarding({ institutions: DEMO_INSTITUTIONS, today, seed });
      const violations = runs.flatMap((h, i) => checkHistory(DEMO_INSTITUTIONS[i], h));
      assert.deepEqual(violations.slice(0, 10), []);
    });
  }

  test("the checker itself catches broken histories", () => {
    const inst = DEMO_INSTITUTIONS[0];
    const ev = (stepCode: StepCode, action: DemoStepEvent["action"], at: string, completedOn: string | null): DemoStepEvent => ({
      stepCode,
      action,
      at,
      completedOn,
      note: "Toelichting bij de melding.",
      reason: action === "rejected" ? "Onvolledig." : null,
      by: action === "reported" ? "institution" : "programme",
    });
    const cases: { name: string; events: DemoStepEvent[]; expect: RegExp }[] = [
      { name: "skipped prerequisite", events: [ev("vendor_contract_signed", "reported", "2026-03-02T10:00:00.000Z", "2026-03-01")], expect: /prerequisite vendor_chosen/ },
      { name: "future date", events: [ev("vendor_chosen", "reported", "2026-03-02T10:00:00.000Z", "2026-12-01")], expect: /future/ },
      { name: "verified without report", events: [ev("vendor_chosen", "verified", "2026-03-02T10:00:00.000Z", "2026-03-01")], expect: /without a pending report/ },
      {
        name: "date before a prerequisite",
        events: [
          ev("vendor_chosen", "reported", "2026-03-02T10:00:00.000Z", "2026-03-01"),
          ev("vendor_chosen", "verified", "2026-03-05T10:00:00.000Z", "2026-03-01"),
          ev("vendor_contract_signed", "reported", "2026-03-09T10:00:00.000Z", "2026-02-20"),
        ],
        expect: /before vendor_chosen/,
      },
      { name: "after today 17:00", events: [ev("vendor_chosen", "reported", "2026-11-22T16:30:00.000Z", "2026-11-20")], expect: /after today/ },
    ];
    for (const c of cases) assert.match(checkHistory(inst, { ura: inst.ura, events: c.events }).join("\n"), c.expect, c.name);
  });
});

describe("demo onboarding: the spread as of 22 November 2026", () => {
  test("25–35 live, some ready for go-live", () => {
    assert.ok(summary.live >= 25 && summary.live <= 35, `live ${summary.live}`);
    assert.ok(summary.byPhase.ready_for_go_live >= 2 && summary.byPhase.ready_for_go_live <= 8, `ready ${summary.byPhase.ready_for_go_live}`);
  });
  test("every phase is populated and Mitz connection is the most common blocker", () => {
    for (const phase of ["agreements", "mitz_connection", "mitz_filling", "integration"] as const) {
      assert.ok(summary.byPhase[phase] >= 5, `${phase}: ${summary.byPhase[phase]}`);
    }
    const blockers = summary.byBlockingPrecondition;
    assert.ok(blockers.mitz_connected > blockers.agreements && blockers.mitz_connected > blockers.mitz_filled, JSON.stringify(blockers));
    const { live, ...others } = summary.byPhase;
    assert.equal(Math.max(...Object.values(others)), summary.byPhase.mitz_connection, JSON.stringify(summary.byPhase));
    assert.ok(live > 0);
  });
  test("the 8 institutions without a vendor are not started or only at the start of the agreements", () => {
    const none = DEMO_INSTITUTIONS.map((d, i) => ({ d, i })).filter(({ d }) => d.vendor === null);
    assert.equal(none.length, 8);
    for (const { i } of none) {
      const r = readinessToday[i];
      assert.ok(r.phase === "not_started" || r.phase === "agreements", r.phase);
      assert.notEqual(statesToday[i].vendor_chosen?.state, "verified");
    }
    assert.ok(none.some(({ i }) => readinessToday[i].phase === "not_started"));
    assert.ok(none.some(({ i }) => readinessToday[i].phase === "agreements"));
  });
  test("10–20 reports await verification, 1 to ~40 days old", () => {
    const waiting = statesToday.flatMap((s) => Object.values(s).filter((x) => x.state === "reported"));
    assert.ok(waiting.length >= 10 && waiting.length <= 20, `awaiting ${waiting.length}`);
    const ages = waiting.map((x) => diffInDays(today, toAmsterdamDate(x.reportedAt!)));
    assert.ok(Math.min(...ages) >= 1 && Math.min(...ages) <= 5, `youngest ${Math.min(...ages)}`);
    assert.ok(Math.max(...ages) >= 20 && Math.max(...ages) <= 45, `oldest ${Math.max(...ages)}`);
  });
  test("3–6 steps are currently rejected, each with a Dutch reason", () => {
    const rejected = statesToday.flatMap((s) => Object.values(s).filter((x) => x.state === "rejected"));
    assert.ok(rejected.length >= 3 && rejected.length <= 6, `rejected ${rejected.length}`);
    for (const r of rejected) assert.match(r.rejectionReason ?? "", /^[A-Z].{15,}\.$/);
  });
  test("a few steps are not applicable, and some were verified only after a rejection", () => {
    const na = data.flatMap((h) => h.events.filter((e) => e.action === "marked_not_applicable"));
    assert.ok(na.length >= 1 && na.length <= 10, `not applicable ${na.length}`);
    const rejections = data.flatMap((h) => h.events.filter((e) => e.action === "rejected")).length;
    assert.ok(rejections >= 10, `rejections in history ${rejections}`);
  });
  test("evidence notes are Dutch and dated", () => {
    const notes = data.flatMap((h) => h.events.filter((e) => e.action === "reported").map((e) => e.note!));
    assert.ok(notes.some((n) => /^Deelnemersovereenkomst getekend door RvB op \d{2}-\d{2}-2026\.$/.test(n)));
    assert.ok(notes.every((n) => /\d{2}-\d{2}-\d{4}/.test(n)), "every report note carries its date");
  });
});

describe("demo onboarding: dates follow the milestones", () => {
  const countAt = (asOf: IsoDate, pred: (i: number) => boolean, vendors: readonly (Vendor | null)[]) =>
    data.filter((h, i) => vendors.includes(vendorOf(i)) && pred.call(null, i) && computeReadinessAt({ events: toStepEvents(h.events), asOf, vendor: vendorOf(i) }) !== null).length;
  const liveAt = (asOf: IsoDate, vendors: readonly (Vendor | null)[]) =>
    countAt(asOf, (i) => computeReadinessAt({ events: toStepEvents(data[i].events), asOf, vendor: vendorOf(i) }).isLive, vendors);
  const mitzAt = (asOf: IsoDate, vendors: readonly (Vendor | null)[]) =>
    countAt(asOf, (i) => computeReadinessAt({ events: toStepEvents(data[i].events), asOf, vendor: vendorOf(i) }).preconditions.find((p) => p.code === "mitz_connected")!.met, vendors);

  test("nobody is live before DUO is in the XDS services (01-01-2026)", () => {
    assert.equal(liveAt("2025-12-31", ["enovation", "founda", "alphatron"]), 0);
    assert.ok(liveAt("2026-03-31", ["enovation", "founda"]) >= 2);
  });
  test("about 12 Alphatron institutions connected to Mitz by 01-02-2026, more after", () => {
    const feb = mitzAt("2026-02-01", ["alphatron"]);
    assert.ok(feb >= 9 && feb <= 14, `alphatron on Mitz on 1 Feb: ${feb}`);
    assert.ok(mitzAt("2025-11-30", ["alphatron"]) <= 2);
    assert.ok(mitzAt(today, ["alphatron"]) > feb + 5);
  });
  test("Alphatron goes live with DUO from the end of May 2026; all three infrastructures by mid-June", () => {
    assert.equal(liveAt("2026-05-19", ["alphatron"]), 0);
    for (const v of ["enovation", "founda", "alphatron"] as const) assert.ok(liveAt("2026-06-15", [v]) >= 1, v);
  });
  test("the live count grows over the year", () => {
    const months = ["2026-02-28", "2026-05-31", "2026-08-31", today];
    const counts = months.map((m) => liveAt(m, ["enovation", "founda", "alphatron"]));
    for (let k = 1; k < counts.length; k++) assert.ok(counts[k] > counts[k - 1], counts.join(" → "));
  });
});

describe("demo onboarding: the e2e home institution", () => {
  const i = DEMO_HOME_INSTITUTION;
  const home = byIndex(i);
  test("is an Enovation institution", () => assert.equal(DEMO_INSTITUTIONS[i].vendor, "enovation"));
  test(`${DEMO_HOME_OPEN_STEP} is open and its prerequisites are verified`, () => {
    assert.equal(DEMO_HOME_OPEN_STEP, "mitz_connector_accepted");
    assert.deepEqual(home.events.filter((e) => e.stepCode === DEMO_HOME_OPEN_STEP), []);
    const step = resolveCatalogue({ vendor: "enovation" }).find((r) => r.step.code === DEMO_HOME_OPEN_STEP)!;
    for (const p of step.prerequisites) assert.equal(statesToday[i][p]?.state, "verified", p);
  });
  test("every earlier step is verified and nothing after it is reported", () => {
    const order = STEP_CATALOGUE.find((s) => s.code === DEMO_HOME_OPEN_STEP)!.sortOrder;
    for (const s of STEP_CATALOGUE) {
      const st = statesToday[i][s.code]?.state ?? "open";
      assert.equal(st, s.sortOrder < order ? "verified" : "open", s.code);
    }
    const r = readinessToday[i];
    assert.equal(r.phase, "mitz_connection");
    assert.equal(r.nextAction.kind, "report");
    assert.equal(r.nextAction.stepCode, DEMO_HOME_OPEN_STEP);
  });
});

describe("demo onboarding: other registers", () => {
  test("a small register gets proportional targets and keeps the rules", () => {
    const small = DEMO_INSTITUTIONS.slice(0, 20);
    const out = generateDemoOnboarding({ institutions: small, today, seed: 5, homeIndex: 0 });
    assert.equal(out.length, 20);
    assert.deepEqual(out.flatMap((h, k) => checkHistory(small[k], h)), []);
  });
});
