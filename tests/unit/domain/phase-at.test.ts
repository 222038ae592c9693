import { test } from "node:test";
import assert from "node:assert/strict";
import { buildLiveSeries, computeReadinessAt, deriveStepStatesAt, summarizeProgrammeAt, type StepEvent } from "@/lib/domain/phase-at";
import { computeReadiness } from "@/lib/domain/readiness";
import { addDays } from "@/lib/domain/dates";
import { ORDER } from "./helpers";

/** A report (09:00 UTC on `reportDay`) and a verification two days later for every step in order. */
function fullHistory(startDay: string, lastIndex = ORDER.length - 1, gapDays = 7): StepEvent[] {
  const events: StepEvent[] = [];
  for (let i = 0; i <= lastIndex; i++) {
    const day = addDays(startDay, i * gapDays);
    events.push({ stepCode: ORDER[i], state: "reported", at: `${day}T09:00:00Z`, completedOn: addDays(day, -1) });
    events.push({ stepCode: ORDER[i], state: "verified", at: `${addDays(day, 2)}T14:00:00Z` });
  }
  return events;
}

test("states are replayed up to the end of the as-of day", () => {
  const events: StepEvent[] = [
    { stepCode: "vendor_chosen", state: "reported", at: "2026-01-10T09:00:00Z", completedOn: "2026-01-08" },
    { stepCode: "vendor_chosen", state: "verified", at: "2026-01-12T10:00:00Z" },
  ];
  const table: [string, string | undefined, string | null | undefined][] = [
    ["2026-01-09", undefined, undefined],
    ["2026-01-10", "reported", "2026-01-08"],
    ["2026-01-11", "reported", "2026-01-08"],
    ["2026-01-12", "verified", "2026-01-08"],
    ["2026-12-31", "verified", "2026-01-08"],
  ];
  for (const [asOf, state, completedOn] of table) {
    const s = deriveStepStatesAt({ events, asOf }).vendor_chosen;
    assert.equal(s?.state, state, asOf);
    assert.equal(s?.completedOn, completedOn, asOf);
  }
  assert.equal(deriveStepStatesAt({ events, asOf: "2026-01-12" }).vendor_chosen?.verifiedAt, "2026-01-12T10:00:00Z");
});

test("the day of an event is the Dutch day, not the UTC day", () => {
  // 23:30 UTC on 1 March is 00:30 on 2 March in Amsterdam (CET, UTC+1).
  const events: StepEvent[] = [{ stepCode: "vendor_chosen", state: "reported", at: "2026-03-01T23:30:00Z", completedOn: "2026-03-01" }];
  assert.equal(deriveStepStatesAt({ events, asOf: "2026-03-01" }).vendor_chosen, undefined);
  assert.equal(deriveStepStatesAt({ events, asOf: "2026-03-02" }).vendor_chosen?.state, "reported");
  // Summer time: 22:30 UTC on 30 June is 00:30 on 1 July (CEST, UTC+2).
  const summer: StepEvent[] = [{ stepCode: "vendor_chosen", state: "reported", at: "2026-06-30T22:30:00Z", completedOn: "2026-06-30" }];
  assert.equal(deriveStepStatesAt({ events: summer, asOf: "2026-06-30" }).vendor_chosen, undefined);
});

test("rejection, re-submission and verification; a reset clears the dates", () => {
  const events: StepEvent[] = [
    { stepCode: "twiin_intent", state: "reported", at: "2026-02-01T08:00:00Z", completedOn: "2026-01-30" },
    { stepCode: "twiin_intent", state: "rejected", at: "2026-02-03T08:00:00Z", rejectionReason: "Verkeerd document" },
    { stepCode: "twiin_intent", state: "reported", at: "2026-02-05T08:00:00Z", completedOn: "2026-01-31" },
    { stepCode: "twiin_intent", state: "verified", at: "2026-02-06T08:00:00Z" },
    { stepCode: "twiin_intent", state: "open", at: "2026-03-01T08:00:00Z" },
  ];
  const at = (asOf: string) => deriveStepStatesAt({ events, asOf }).twiin_intent!;
  assert.equal(at("2026-02-03").state, "rejected");
  assert.equal(at("2026-02-03").rejectionReason, "Verkeerd document");
  assert.equal(at("2026-02-05").state, "reported");
  assert.deepEqual([at("2026-02-06").state, at("2026-02-06").completedOn], ["verified", "2026-01-31"]);
  assert.deepEqual([at("2026-03-01").state, at("2026-03-01").completedOn], ["open", null]);
});

test("events are applied in time order even when stored out of order", () => {
  const events: StepEvent[] = [
    { stepCode: "vendor_chosen", state: "verified", at: "2026-01-12T10:00:00Z" },
    { stepCode: "vendor_chosen", state: "reported", at: "2026-01-10T09:00:00Z", completedOn: "2026-01-08" },
  ];
  assert.equal(deriveStepStatesAt({ events, asOf: "2026-02-01" }).vendor_chosen?.state, "verified");
});

test("readiness as of today equals readiness from the final states", () => {
  const events = fullHistory("2026-01-05", 9);
  const today = "2026-11-22";
  const fromHistory = computeReadinessAt({ events, asOf: today, vendor: "founda" });
  const direct = computeReadiness({ vendor: "founda", steps: deriveStepStatesAt({ events, asOf: "9999-12-31" }), today });
  assert.deepEqual(fromHistory, direct);
  assert.equal(fromHistory.phase, "mitz_filling");
});

test("phase as it was on past dates", () => {
  const events = fullHistory("2026-01-05");
  // Step i is reported on 5 Jan + 7i and verified two days later.
  const table: [string, string, number][] = [
    ["2026-01-04", "not_started", 0],
    ["2026-01-05", "agreements", 0], // reported only
    ["2026-01-07", "agreements", 6], // 1 of 15 verified
    ["2026-02-23", "mitz_connection", 46], // 7th step verified on 5 Jan + 42 + 2
    ["2026-04-14", "ready_for_go_live", 93],
    ["2026-04-15", "live", 100],
  ];
  for (const [asOf, phase, percent] of table) {
    const r = computeReadinessAt({ events, asOf, vendor: "enovation" });
    assert.equal(r.phase, phase, asOf);
    assert.equal(r.percent, percent, asOf);
  }
});

test("a late report does not rewrite the past", () => {
  const events: StepEvent[] = [
    ...fullHistory("2026-01-05", ORDER.length - 2),
    { stepCode: "go_live", state: "reported", at: "2027-01-05T09:00:00Z", completedOn: "2026-12-10" },
    { stepCode: "go_live", state: "verified", at: "2027-01-06T09:00:00Z" },
  ];
  assert.equal(computeReadinessAt({ events, asOf: "2026-12-31", vendor: "enovation" }).phase, "ready_for_go_live");
  const now = computeReadinessAt({ events, asOf: "2027-01-06", vendor: "enovation" });
  assert.equal(now.phase, "live");
  assert.equal(now.phaseStartedOn, "2026-12-10");
});

test("vendor history: the vendor on the as-of date decides the rules", () => {
  // Alphatron needs Mitz before the PACS integration: the catalogue differs, the percentage not.
  const vendorHistory = [
    { vendor: "enovation" as const, from: "2025-01-01" },
    { vendor: "alphatron" as const, from: "2026-07-01" },
  ];
  assert.equal(computeReadinessAt({ events: [], asOf: "2026-06-30", vendorHistory }).vendor, "enovation");
  assert.equal(computeReadinessAt({ events: [], asOf: "2026-07-01", vendorHistory }).vendor, "alphatron");
});

test("programme summary on a date, and the live burn-up", () => {
  const institutions = [
    { id: "a", vendor: "enovation" as const, events: fullHistory("2026-01-05") }, // live 2026-04-15
    { id: "b", vendor: "founda" as const, events: fullHistory("2026-03-02") }, // live 2026-06-10
    { id: "c", vendor: "alphatron" as const, events: fullHistory("2026-05-04", 9) }, // Mitz connected
    { id: "d", vendor: null, events: [] },
  ];
  const s = summarizeProgrammeAt({ institutions, asOf: "2026-11-22" });
  assert.equal(s.total, 4);
  assert.equal(s.live, 2);
  assert.deepEqual(s.byPhase, {
    not_started: 1,
    agreements: 0,
    mitz_connection: 0,
    mitz_filling: 1,
    integration: 0,
    ready_for_go_live: 0,
    live: 2,
  });
  assert.deepEqual(s.preconditionMet, { agreements: 3, mitz_connected: 3, mitz_filled: 2 });
  assert.deepEqual(s.byBlockingPrecondition, { agreements: 1, mitz_connected: 0, mitz_filled: 1 });

  const earlier = summarizeProgrammeAt({ institutions, asOf: "2026-05-01" });
  assert.equal(earlier.live, 1);
  assert.equal(earlier.byPhase.not_started, 2);

  const series = buildLiveSeries({ institutions, dates: ["2026-04-14", "2026-04-15", "2026-06-09", "2026-06-10", "2026-11-22"] });
  assert.deepEqual(series.map((p) => p.count), [0, 1, 1, 2, 2]);
});
