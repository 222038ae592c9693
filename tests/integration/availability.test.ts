/** Monthly availability (issue 15 §2): freezing from the hourly rollups, idempotence, late data and corrections. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import { gte } from "drizzle-orm";
import { auditEvents, availabilityMonths, checkResults, checkRollupsHourly, endpoints, institutions } from "@/db/schema";
import { correctMonth, computeEndpointMonth, freezeMonth } from "@/lib/checker/availability";
import { applyRollups, type RollupInput } from "@/lib/checker/runner";
import { createBoss, enqueueMonthFreeze, ensureQueue, FREEZE_QUEUE } from "@/lib/checker/service";
import { getEndpointAvailability } from "@/lib/checker/queries";
import { hourCounts } from "@/lib/checker/availability";
import { amsterdamMonthRange, availabilityPercent, computeMonthFigures, latencySeries, uptimeWindows } from "@/lib/domain/availability";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { errorChain, rejectsWithCode } from "./helpers";

let t: TestDb;
let institutionId: string;
let a: string;
let b: string;
const MONTH = "2030-11"; // 2030-10-31T23:00Z .. 2030-11-30T23:00Z
const at = (iso: string) => new Date(iso);
const person = { userId: null, label: "beheer@duo.test" };

/** Checks every `stepMin` minutes from `from` for `n` checks, with the status a function of the index. */
function checks(endpointId: string, from: string, n: number, stepMin: number, status: (i: number) => RollupInput["status"], suppressed: RollupInput["suppressed"] = null): RollupInput[] {
  return Array.from({ length: n }, (_, i) => ({
    endpointId,
    checkedAt: new Date(at(from).getTime() + i * stepMin * 60_000),
    status: status(i),
    totalMs: 150,
    excluded: suppressed !== null,
    suppressed,
    full: status(i) === "down",
  }));
}

before(async () => {
  t = await createTestDb();
  const [inst] = await t.db.insert(institutions).values({ name: "Testziekenhuis Beschikbaarheid", kind: "hospital", ura: "76543210", city: "Zwolle", province: "Overijssel", vendorCode: "founda" }).returning();
  institutionId = inst.id;
  const eps = await t.db
    .insert(endpoints)
    .values([
      { institutionId, vendorCode: "founda", environment: "production", transaction: "iti-38", url: "https://a.gw.example/xca", homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.7" },
      { institutionId, vendorCode: "founda", environment: "production", transaction: "iti-39", url: "https://b.gw.example/xca", homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.7" },
    ])
    .returning();
  [a, b] = eps.map((e) => e.id);
  // Endpoint a: every 5 minutes all month; down 10:00-10:30 UTC on the 10th (6 checks), a
  // maintenance hour on the 12th, the checker offline half an hour on the 14th.
  const start = "2030-10-31T23:00:00Z";
  const all = checks(a, start, 8640, 5, () => "up").filter((c) => {
    const t0 = c.checkedAt.getTime();
    return !(t0 >= at("2030-11-12T09:00:00Z").getTime() && t0 < at("2030-11-12T10:00:00Z").getTime()) && !(t0 >= at("2030-11-14T09:00:00Z").getTime() && t0 < at("2030-11-14T09:30:00Z").getTime());
  });
  const down = new Set(checks(a, "2030-11-10T10:00:00Z", 6, 5, () => "down").map((c) => c.checkedAt.getTime()));
  const rows = all.map((c) => (down.has(c.checkedAt.getTime()) ? { ...c, status: "down" as const, full: true } : c));
  rows.push(...checks(a, "2030-11-12T09:00:00Z", 12, 5, (i) => (i < 6 ? "down" : "up"), "maintenance"));
  rows.push(...checks(a, "2030-11-14T09:00:00Z", 6, 5, () => "down", "checker_offline"));
  await applyRollups(t.db, rows);
  // The failures keep their full rows (with the reason the incident list shows).
  await t.db.insert(checkResults).values(
    [...down].map((ms) => ({ endpointId: a, checkedAt: new Date(ms), status: "down" as const, reason: "connect_timeout", mode: "transport", totalMs: 150, trigger: "schedule" as const })),
  );
  // Endpoint b: only the first ten days, all up, hourly.
  await applyRollups(t.db, checks(b, start, 240, 60, () => "up"));
});
after(async () => {
  await t?.dispose();
});

describe("freezing a month", () => {
  test("a month that has not ended in Amsterdam is refused", async () => {
    await rejectsWithCode(freezeMonth(t.db, { month: MONTH, now: at("2030-11-30T22:59:00Z") }), "validation", "availability.errors.month_not_ended");
  });

  test("figures from the rollups: maintenance and checker offline left out and reported; incidents with reasons", async () => {
    const out = await freezeMonth(t.db, { month: MONTH, now: at("2030-12-01T00:05:00Z") });
    assert.deepEqual(out, { month: MONTH, frozen: 2, corrected: 0, unchanged: 0 });
    const [row] = await t.db.select().from(availabilityMonths).where(eq(availabilityMonths.endpointId, a));
    assert.equal(row.revision, 1);
    assert.equal(row.checks, 8640 - 12 - 6);
    assert.equal(row.failedChecks, 6);
    assert.equal(row.availableChecks, 8640 - 18 - 6);
    assert.equal(row.downMinutes, 30);
    assert.equal(row.maintenanceMinutes, 60);
    assert.equal(row.checkerOfflineMinutes, 30);
    assert.equal(row.institutionId, institutionId);
    assert.equal(row.vendorCode, "founda");
    assert.deepEqual(row.incidents, [{ start: "2030-11-10T10:00:00.000Z", end: "2030-11-10T10:30:00.000Z", minutes: 30, reason: "connect_timeout" }]);
    const [rb] = await t.db.select().from(availabilityMonths).where(eq(availabilityMonths.endpointId, b));
    assert.equal(rb.checks, 240);
    assert.equal(rb.checkerOfflineMinutes, 0, "the checks stop on the 10th: nothing after the last measured hour is counted");
  });

  test("freezing again changes nothing; a frozen row cannot be updated or deleted", async () => {
    assert.deepEqual(await freezeMonth(t.db, { month: MONTH, now: at("2030-12-01T01:05:00Z") }), { month: MONTH, frozen: 0, corrected: 0, unchanged: 2 });
    assert.equal((await t.db.select().from(availabilityMonths)).length, 2);
    await assert.rejects(t.db.execute(sql`update availability_months set checks = 0 where endpoint_id = ${a}`), (e: unknown) => /append-only/.test(errorChain(e).messages));
    await assert.rejects(t.db.execute(sql`delete from availability_months where endpoint_id = ${a}`), (e: unknown) => /append-only/.test(errorChain(e).messages));
  });

  test("a check recorded after the freeze becomes a late_data revision, audited; the first row stays", async () => {
    await applyRollups(t.db, checks(b, "2030-11-20T12:00:00Z", 1, 1, () => "down"));
    const out = await freezeMonth(t.db, { month: MONTH, now: at("2030-12-01T02:05:00Z") });
    assert.deepEqual(out, { month: MONTH, frozen: 0, corrected: 1, unchanged: 1 });
    const revs = await t.db.select().from(availabilityMonths).where(eq(availabilityMonths.endpointId, b)).orderBy(availabilityMonths.revision);
    assert.deepEqual(
      revs.map((r) => [r.revision, r.checks, r.failedChecks, r.correction?.code ?? null]),
      [
        [1, 240, 0, null],
        [2, 241, 1, "late_data"],
      ],
    );
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "availability.correct"));
    assert.equal(audit.length, 1);
    assert.equal(audit[0].entityId, b);
  });

  test("a person's correction (a late-registered maintenance window) is a new audited revision that a later freeze keeps", async () => {
    await rejectsWithCode(
      correctMonth(t.db, { endpointId: a, month: MONTH, periods: [{ from: "2030-12-05T00:00:00Z", to: "2030-12-05T01:00:00Z", kind: "maintenance" }], note: "x", actor: person, now: at("2030-12-03T09:00:00Z") }),
      "validation",
      "availability.errors.period_outside_month",
    );
    const row = await correctMonth(t.db, {
      endpointId: a,
      month: MONTH,
      periods: [{ from: "2030-11-10T10:00:00Z", to: "2030-11-10T11:00:00Z", kind: "maintenance" }],
      note: "Onderhoud was afgesproken maar te laat geregistreerd",
      actor: person,
      now: at("2030-12-03T09:00:00Z"),
    });
    assert.equal(row.revision, 2);
    assert.equal(row.failedChecks, 0);
    assert.equal(row.downMinutes, 0);
    assert.equal(row.maintenanceMinutes, 120);
    assert.deepEqual(row.incidents, []);
    assert.equal(row.correction?.code, "maintenance");
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, a));
    assert.ok(audit.some((e) => e.action === "availability.correct" && e.actorLabel === "beheer@duo.test"));
    // The next scheduled freeze recomputes with the periods and finds nothing new.
    assert.deepEqual(await freezeMonth(t.db, { month: MONTH, now: at("2030-12-04T00:05:00Z") }), { month: MONTH, frozen: 0, corrected: 0, unchanged: 2 });
    // A correction of a month that was never frozen is refused.
    await rejectsWithCode(
      correctMonth(t.db, { endpointId: a, month: "2030-10", periods: [{ from: "2030-10-10T10:00:00Z", to: "2030-10-10T11:00:00Z", kind: "maintenance" }], note: "x", actor: person, now: at("2030-12-03T09:00:00Z") }),
      "validation",
      "availability.errors.not_frozen",
    );
  });

  test("the endpoint page's 12 months: frozen (with the revision) where frozen, else computed now", async () => {
    await applyRollups(t.db, checks(a, "2030-12-02T10:00:00Z", 12, 5, (i) => (i < 3 ? "down" : "up")));
    const { months } = await getEndpointAvailability(t.db, a, at("2030-12-10T12:00:00Z"));
    assert.equal(months.length, 12);
    assert.deepEqual(
      months.slice(-3).map((m) => [m.month, m.frozen, m.revision, m.figures.checks, m.availability]),
      [
        ["2030-10", false, null, 0, null],
        ["2030-11", true, 2, 8640 - 18 - 12, 100], // the corrected hour (12 checks) is maintenance now
        ["2030-12", false, null, 12, 75],
      ],
    );
    assert.equal(months[0].month, "2030-01");
  });

  test("the live computation of a month equals the frozen one", async () => {
    const live = await computeEndpointMonth(t.db, b, MONTH);
    const [latest] = await t.db.select().from(availabilityMonths).where(eq(availabilityMonths.endpointId, b)).orderBy(sql`revision desc`).limit(1);
    assert.equal(live.figures.checks, latest.checks);
    assert.equal(live.figures.downMinutes, latest.downMinutes);
    assert.deepEqual(live.incidents, latest.incidents);
  });
});

test("the scheduled freeze is offered once per Amsterdam day in the first days of a month, and runs freezeMonth", async () => {
  const boss = createBoss(t, t.url);
  await boss.start();
  try {
    await ensureQueue(boss);
    assert.equal(await enqueueMonthFreeze(boss, at("2030-11-30T23:10:00Z")), "2030-11"); // 00:10 on 1 December in Amsterdam
    assert.equal(await enqueueMonthFreeze(boss, at("2030-12-01T10:00:00Z")), "2030-11"); // same day: same job id
    assert.equal(await enqueueMonthFreeze(boss, at("2030-12-02T10:00:00Z")), "2030-11"); // the next day: a second run
    assert.equal(await enqueueMonthFreeze(boss, at("2030-12-04T10:00:00Z")), null);
    const jobs = await boss.fetch<{ month: string }>(FREEZE_QUEUE, { batchSize: 10 });
    assert.deepEqual(
      jobs.map((j) => j.data.month),
      ["2030-11", "2030-11"],
    );
    // What the worker does with it: idempotent.
    assert.deepEqual(await freezeMonth(t.db, { month: jobs[0].data.month, now: at("2030-12-04T10:00:00Z") }), { month: MONTH, frozen: 0, corrected: 0, unchanged: 2 });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
});

test("the endpoint page's figures after a year equal a recomputation from every hour, though frozen months' hours are not read", async () => {
  // A year and a bit of hourly rollups, varied: some down, degraded and excluded checks, response times.
  const [other] = await t.db.insert(institutions).values({ name: "Testziekenhuis Een Jaar", kind: "hospital", ura: "76543211", city: "Deventer", province: "Overijssel", vendorCode: "founda" }).returning();
  const [c] = await t.db.insert(endpoints).values({ institutionId: other.id, vendorCode: "founda", environment: "production", transaction: "iti-38", url: "https://c.gw.example/xca", homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.8" }).returning();
  const now = at("2032-06-03T10:20:00Z");
  const HOUR = 3_600_000;
  const top = Math.floor(now.getTime() / HOUR) * HOUR;
  const rows = Array.from({ length: 400 * 24 }, (_, i) => {
    const down = i % 17 === 0 ? 3 : 0;
    const degraded = i % 29 === 0 ? 2 : 0;
    const excluded = i % 41 === 0 ? 12 : 0;
    const counted = excluded ? 0 : 12;
    return { endpointId: c.id, hour: new Date(top - i * HOUR), up: Math.max(0, counted - down - degraded), degraded: excluded ? 0 : degraded, down: excluded ? 0 : down, excluded, checkerOffline: i % 82 === 0 ? excluded : 0, totalMsSum: counted * (150 + (i % 13) * 20), totalMsMin: 90, totalMsMax: excluded ? null : 400 + (i % 7) * 150 };
  });
  for (let i = 0; i < rows.length; i += 1000) await t.db.insert(checkRollupsHourly).values(rows.slice(i, i + 1000));
  // Frozen: every month of the twelve but one in the middle (2032-01) and the current one.
  const frozenMonths = ["2031-07", "2031-08", "2031-09", "2031-10", "2031-11", "2031-12", "2032-02", "2032-03", "2032-04", "2032-05"];
  await t.db.insert(availabilityMonths).values(
    frozenMonths.map((month, i) => ({ endpointId: c.id, month, institutionId: other.id, vendorCode: "founda", checks: 8000 + i, availableChecks: 7990, failedChecks: 10 + i, downMinutes: 50 + i, maintenanceMinutes: 5, checkerOfflineMinutes: 1, incidents: [], frozenAt: now })),
  );

  const got = await getEndpointAvailability(t.db, c.id, now);

  // What the page showed when it read every hour of the twelve months.
  const all = await t.db.select().from(checkRollupsHourly).where(sql`${checkRollupsHourly.endpointId} = ${c.id} and ${gte(checkRollupsHourly.hour, amsterdamMonthRange("2031-07").start)}`);
  const frozen = new Map((await t.db.select().from(availabilityMonths).where(eq(availabilityMonths.endpointId, c.id))).map((f) => [f.month, f]));
  const expectedMonths = got.months.map((m) => m.month).map((month) => {
    const f = frozen.get(month);
    const figures = f
      ? { checks: f.checks, availableChecks: f.availableChecks, failedChecks: f.failedChecks, downMinutes: f.downMinutes, maintenanceMinutes: f.maintenanceMinutes, checkerOfflineMinutes: f.checkerOfflineMinutes }
      : computeMonthFigures({ month, hours: hourCounts(all) });
    return { month, availability: availabilityPercent(figures), figures, frozen: f !== undefined, revision: f?.revision ?? null };
  });
  assert.equal(got.months[0].month, "2031-07");
  assert.deepEqual(got.months, expectedMonths);
  // The unfrozen month in the middle is computed from its hours, not empty.
  assert.ok(got.months.find((m) => m.month === "2032-01")!.figures.checks > 8_000);
  assert.deepEqual(got.uptime, uptimeWindows(all, now));
  assert.ok(got.uptime.d90! < 100 && got.uptime.d1! <= 100);
  assert.deepEqual(got.latency, latencySeries(all, now));
  // The 168 hours since now minus 7 days, less the five excluded ones (every 41st).
  assert.equal(got.latency.length, 7 * 24 - 5);

  // With 2032-01 frozen too, the same figures (now its stored ones) from the recent hours only.
  await t.db.insert(availabilityMonths).values({ endpointId: c.id, month: "2032-01", institutionId: other.id, vendorCode: "founda", checks: 1, availableChecks: 1, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 0, checkerOfflineMinutes: 0, incidents: [], frozenAt: now });
  const again = await getEndpointAvailability(t.db, c.id, now);
  assert.deepEqual(again.months.find((m) => m.month === "2032-01")?.figures.checks, 1);
  assert.deepEqual(again.months.at(-1), expectedMonths.at(-1));
  assert.deepEqual(again.uptime, got.uptime);
  assert.deepEqual(again.latency, got.latency);
});
