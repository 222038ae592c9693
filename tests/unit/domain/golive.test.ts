import { test } from "node:test";
import assert from "node:assert/strict";
import {
  countGoLive,
  downPeriodsFromHours,
  evaluateGoLive,
  findRetestTriggers,
  greenRun,
  summarizeDays,
  type DayCounts,
  type EndpointEvidence,
  type GoLiveEvidence,
} from "@/lib/domain/golive";
import { addDays } from "@/lib/domain/dates";

const settings = { greenDays: 14, retestDownHours: 24 };
const AT = "2026-06-30T10:00:00.000Z";
const TODAY = "2026-06-30";

/** Days from `from` to `to` (inclusive), all green unless listed. */
function days(from: string, to: string, special: Record<string, Partial<DayCounts>> = {}): DayCounts[] {
  const out: DayCounts[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ day: d, up: 288, degraded: 0, down: 0, excluded: 0, ...special[d] });
  return out;
}

test("green run: maintenance does not break it, an outage does, missing recent checks void it", () => {
  const table: [string, DayCounts[], { start: string | null; days: number }][] = [
    ["30 green days", days("2026-05-31", "2026-06-30"), { start: "2026-05-31", days: 30 }],
    ["maintenance day in the middle (only excluded checks)", days("2026-05-31", "2026-06-30", { "2026-06-20": { up: 0, excluded: 288 } }), { start: "2026-05-31", days: 30 }],
    ["maintenance hours beside up checks", days("2026-05-31", "2026-06-30", { "2026-06-20": { up: 264, excluded: 24 } }), { start: "2026-05-31", days: 30 }],
    ["outage on 20 June restarts the run the next day", days("2026-05-31", "2026-06-30", { "2026-06-20": { up: 280, down: 8 } }), { start: "2026-06-21", days: 9 }],
    ["degraded days count as green", days("2026-06-01", "2026-06-30", { "2026-06-10": { up: 0, degraded: 288 } }), { start: "2026-06-01", days: 29 }],
    ["an outage today: no run", days("2026-06-01", "2026-06-30", { "2026-06-30": { down: 1 } }), { start: "2026-07-01", days: 0 }],
    ["last check three days ago: no evidence", days("2026-05-01", "2026-06-27"), { start: null, days: 0 }],
    ["never checked", [], { start: null, days: 0 }],
  ];
  for (const [name, list, expected] of table) assert.deepEqual(greenRun({ summary: summarizeDays(list), today: TODAY }), expected, name);
});

const cert = (over: Partial<EndpointEvidence["certificate"]> = {}) => ({ fingerprint: "AA", notAfter: "2027-06-01T00:00:00.000Z", ura: "12345678", trusted: true, firstSeenAt: "2026-05-01T00:00:00.000Z", ...over });
const endpoint = (transaction: "iti-38" | "iti-39" | "rad-75", over: Partial<EndpointEvidence> = {}): EndpointEvidence => ({
  transaction,
  endpointId: `e-${transaction}`,
  published: true,
  since: "2026-04-01T00:00:00.000Z",
  days: summarizeDays(days("2026-05-01", TODAY)),
  certificate: cert(),
  ...over,
});

function evidence(over: Partial<GoLiveEvidence> = {}): GoLiveEvidence {
  return {
    ura: "12345678",
    preconditions: { met: true, since: "2026-03-01", missing: [] },
    endpoints: [endpoint("iti-38"), endpoint("iti-39"), endpoint("rad-75")],
    confirmation: { exchangedOn: "2026-06-15", createdAt: "2026-06-15T12:00:00.000Z", confirmerKind: "partner_institution", confirmedBy: "Ziekenhuis B", actorLabel: "b@example.nl" },
    triggers: [],
    goLive: { verified: false, at: null },
    override: null,
    ...over,
  };
}

const metOf = (e: GoLiveEvidence) => Object.fromEntries(evaluateGoLive({ evidence: e, at: AT, settings }).conditions.map((c) => [c.code, c.met]));

test("each condition from its evidence", () => {
  // A missing endpoint has no checks or certificate either: those conditions fail with it.
  const noEndpoint = "production_endpoint_active endpoint_green_days certificate_valid ura_match";
  const table: [string, GoLiveEvidence, string | null][] = [
    ["everything holds", evidence(), null],
    ["a precondition missing", evidence({ preconditions: { met: false, since: null, missing: ["mitz_filled"] } }), "preconditions_verified"],
    ["RAD-75 not registered", evidence({ endpoints: [endpoint("iti-38"), endpoint("iti-39")] }), noEndpoint],
    ["RAD-75 suspended (not published)", evidence({ endpoints: [endpoint("iti-38"), endpoint("iti-39"), endpoint("rad-75", { published: false })] }), noEndpoint],
    ["green run of 9 days after an outage", evidence({ endpoints: [endpoint("iti-38"), endpoint("iti-39", { days: summarizeDays(days("2026-05-01", TODAY, { "2026-06-20": { down: 12 } })) }), endpoint("rad-75")] }), "endpoint_green_days"],
    ["certificate untrusted", evidence({ endpoints: [endpoint("iti-38", { certificate: cert({ trusted: false }) }), endpoint("iti-39"), endpoint("rad-75")] }), "certificate_valid"],
    ["certificate expires within 30 days", evidence({ endpoints: [endpoint("iti-38", { certificate: cert({ notAfter: "2026-07-20T00:00:00.000Z" }) }), endpoint("iti-39"), endpoint("rad-75")] }), "certificate_valid"],
    ["another institution's URA", evidence({ endpoints: [endpoint("iti-38", { certificate: cert({ ura: "87654321" }) }), endpoint("iti-39"), endpoint("rad-75")] }), "ura_match"],
    ["no confirmation", evidence({ confirmation: null }), "cross_infrastructure_exchange_confirmed"],
  ];
  for (const [name, ev, failing] of table) {
    const met = metOf(ev);
    for (const [code, ok] of Object.entries(met)) assert.equal(ok, !(failing ?? "").split(" ").includes(code), `${name}: ${code}`);
    const r = evaluateGoLive({ evidence: ev, at: AT, settings });
    assert.equal(r.gate, failing ? "closed" : "open", name);
    assert.equal(r.mayVerify, !failing, name);
  }
});

test("maintenance keeps the gate open, an outage closes it until N green days passed again", () => {
  const withDays = (d: DayCounts[]) => evidence({ endpoints: [endpoint("iti-38", { days: summarizeDays(d) }), endpoint("iti-39"), endpoint("rad-75")] });
  const maintenance = evaluateGoLive({ evidence: withDays(days("2026-06-01", TODAY, { "2026-06-25": { up: 0, excluded: 288 } })), at: AT, settings });
  assert.equal(maintenance.gate, "open");
  const green = maintenance.conditions.find((c) => c.code === "endpoint_green_days")!;
  assert.equal(green.since, "2026-06-15"); // the run started 1 June (the latest start among endpoints), met from day 14
  const outage = evaluateGoLive({ evidence: withDays(days("2026-06-01", TODAY, { "2026-06-25": { up: 100, down: 188 } })), at: AT, settings });
  assert.equal(outage.gate, "closed");
  assert.deepEqual(outage.conditions.find((c) => c.code === "endpoint_green_days")!.detail, { code: "green_days_short", params: { days: 4, required: 14, transaction: "ITI-38" } });
});

test("retest triggers: address, vendor and certificate changes, and long down periods", () => {
  const v = (at: string, url: string, vendorCode = "enovation", status = "active") => ({ transaction: "iti-38" as const, endpointId: "e1", at, url, vendorCode, status });
  const triggers = findRetestTriggers({
    versions: [v("2026-01-01T00:00:00Z", "https://a"), v("2026-02-01T00:00:00Z", "https://a"), v("2026-03-01T00:00:00Z", "https://b"), v("2026-04-01T00:00:00Z", "https://b", "founda"), v("2026-04-02T00:00:00Z", "https://c", "founda", "off")],
    certificates: [
      { transaction: "iti-39", endpointId: "e2", fingerprint: "F1", firstSeenAt: "2026-01-05T00:00:00Z" },
      { transaction: "iti-39", endpointId: "e2", fingerprint: "F2", firstSeenAt: "2026-05-05T00:00:00Z" },
    ],
    downPeriods: [
      { transaction: "rad-75", endpointId: "e3", start: "2026-05-10T00:00:00Z", end: "2026-05-10T20:00:00Z" }, // 20 h: not a change
      { transaction: "rad-75", endpointId: "e3", start: "2026-05-20T00:00:00Z", end: "2026-05-21T06:00:00Z" }, // 30 h
      { transaction: "rad-75", endpointId: "e3", start: "2026-06-29T00:00:00Z", end: null }, // still down: 34 h at AT
    ],
    at: AT,
    settings,
  });
  assert.deepEqual(
    triggers.map((t) => [t.kind, t.transaction, t.at.slice(0, 16)]),
    [
      ["address", "iti-38", "2026-03-01T00:00"],
      ["vendor", "iti-38", "2026-04-01T00:00"],
      ["certificate", "iti-39", "2026-05-05T00:00"],
      ["down", "rad-75", "2026-05-21T00:00"],
      ["down", "rad-75", "2026-06-30T00:00"],
    ],
  );
});

test("down periods from down-only hours and the current down state", () => {
  const h = (s: string) => `2026-06-01T${s}:00:00.000Z`;
  const periods = downPeriodsFromHours({ hours: [h("01"), h("02"), h("03"), h("07")], currentDownSince: "2026-06-01T07:30:00.000Z", transaction: "iti-38", endpointId: "e" });
  assert.deepEqual(
    periods.map((p) => [p.start, p.end]),
    [
      [h("01"), h("04")],
      [h("07"), null],
    ],
  );
});

test("after go-live: a certificate renewal reopens the gate (hertest nodig) until the exchange is confirmed again", () => {
  const renewal = { kind: "certificate" as const, at: "2026-06-20T09:00:00.000Z", transaction: "iti-38" as const, detail: "BB" };
  const live = evidence({ goLive: { verified: true, at: "2026-06-16T00:00:00.000Z" } });
  assert.equal(evaluateGoLive({ evidence: live, at: AT, settings }).status, "live");

  const renewed = evaluateGoLive({ evidence: { ...live, triggers: [renewal] }, at: AT, settings });
  assert.equal(renewed.status, "live_attention");
  assert.equal(renewed.gate, "closed");
  assert.deepEqual(renewed.retestReasons, [renewal]);
  assert.deepEqual(renewed.conditions.find((c) => c.code === "cross_infrastructure_exchange_confirmed")!.detail, { code: "exchange_stale", params: { date: "2026-06-15", change: "certificate", changedOn: "2026-06-20" } });

  const reconfirmed = evaluateGoLive({
    evidence: { ...live, triggers: [renewal], confirmation: { exchangedOn: "2026-06-22", createdAt: "2026-06-22T10:00:00.000Z", confirmerKind: "vendor", confirmedBy: "Enovation", actorLabel: "v@example.nl" } },
    at: AT,
    settings,
  });
  assert.equal(reconfirmed.status, "live");
  assert.deepEqual(reconfirmed.retestReasons, []);

  // A confirmation recorded later but about a retrieval before the change does not count.
  const stale = evaluateGoLive({
    evidence: { ...live, triggers: [renewal], confirmation: { exchangedOn: "2026-06-19", createdAt: "2026-06-25T10:00:00.000Z", confirmerKind: "vendor", confirmedBy: "Enovation", actorLabel: "v@example.nl" } },
    at: AT,
    settings,
  });
  assert.equal(stale.status, "live_attention");
});

test("override: the gate stays closed but verification is allowed, and the institution counts as live by override", () => {
  const override = { by: "admin@example.nl", reason: "Live vóór de bewijspoort; bewijs volgt", at: "2026-06-01T00:00:00.000Z" };
  const before = evaluateGoLive({ evidence: evidence({ confirmation: null, override }), at: AT, settings });
  assert.equal(before.gate, "closed");
  assert.equal(before.mayVerify, true);
  assert.equal(before.status, "not_live");
  const after = evaluateGoLive({ evidence: evidence({ confirmation: null, override, goLive: { verified: true, at: "2026-06-02T00:00:00.000Z" } }), at: AT, settings });
  assert.equal(after.status, "live_override");
  assert.deepEqual(after.override, override);
  // When the evidence holds after all, the institution is simply live.
  assert.equal(evaluateGoLive({ evidence: evidence({ override, goLive: { verified: true, at: "2026-06-02T00:00:00.000Z" } }), at: AT, settings }).status, "live");
});

test("counts per condition and per live status", () => {
  const e = (over: Partial<GoLiveEvidence>) => evaluateGoLive({ evidence: evidence(over), at: AT, settings });
  const live = { goLive: { verified: true, at: "2026-06-01T00:00:00.000Z" } };
  const counts = countGoLive([
    e({}),
    e(live),
    e({ ...live, confirmation: null }),
    e({ ...live, confirmation: null, override: { by: "a", reason: "reden van tien", at: AT } }),
  ]);
  assert.equal(counts.conditions.cross_infrastructure_exchange_confirmed, 2);
  assert.equal(counts.conditions.preconditions_verified, 4);
  assert.deepEqual([counts.gateOpen, counts.live, counts.liveWithEvidence, counts.liveAttention, counts.liveOverride], [2, 3, 1, 1, 1]);
});
