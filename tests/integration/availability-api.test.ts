/**
 * Issue 15 §2: GET /api/v1/availability (JSON and CSV) and /api/v1/endpoints/{id}/availability,
 * token scopes, and the same figures in the JSON, the CSV and the PDF report.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { DEMO_USERS } from "@/db/seed";
import { endpoints, institutions } from "@/db/schema";
import { handleApiV1Request } from "@/lib/api/v1";
import { freezeMonth } from "@/lib/checker/availability";
import { applyRollups, type RollupInput } from "@/lib/checker/runner";
import { createApiToken } from "@/lib/registry/api-tokens";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import { extractText } from "@/tests/unit/pdf/extract-text";
import { buildAvailabilityReport, parseReportParams } from "@/lib/checker/availability-report";
import { formatAvailability } from "@/lib/pdf/availability-report";
import { AppError } from "@/lib/errors";
import { seedDemoAvailability } from "@/db/seed/availability";
import { amsterdamMonthOf, previousMonth } from "@/lib/domain/availability";

let t: TestDb;
const NOW = new Date("2031-03-01T12:00:00Z");
const MONTH = "2031-01"; // 2030-12-31T23:00Z .. 2031-01-31T23:00Z
const tokens: Record<string, string> = {};
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
let homeEndpoint: string;
let foundaEndpoint: string;

const api = (path: string, opts: { token: string; headers?: Record<string, string> }) => {
  const req = new Request(`http://portal.test/api/v1${path}`, { headers: { Authorization: `Bearer ${opts.token}`, ...(opts.headers ?? {}) } });
  const segments = new URL(req.url).pathname.split("/").filter(Boolean).slice(2);
  return handleApiV1Request(req, segments, { db: t.db, now: NOW, limitPerMinute: 10_000, publicUrl: { appUrl: "http://portal.test", trustProxy: false } });
};

/** Hourly checks from `from` for `hours` hours, 12 an hour, `down(i)` deciding per check. */
function checks(endpointId: string, from: string, hours: number, down: (i: number) => boolean): RollupInput[] {
  return Array.from({ length: hours * 12 }, (_, i) => ({
    endpointId,
    checkedAt: new Date(new Date(from).getTime() + i * 300_000),
    status: down(i) ? ("down" as const) : ("up" as const),
    totalMs: 200,
    excluded: false,
  }));
}

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  const admin = await signedInActor(t.db, DEMO_USERS[0].email, NOW);
  const make = async (name: string, scope: "programme" | "institution" | "vendor", target: { institutionId?: string; vendorCode?: string }) =>
    (await createApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, values: { name, scope, institutionId: target.institutionId ?? null, vendorCode: target.vendorCode ?? null, expiresInDays: 365 }, now: NOW })).token;
  tokens.programme = await make("programme", "programme", {});
  tokens.institution = await make("home", "institution", { institutionId: ids.home });
  const [home] = await t.db.select({ vendor: institutions.vendorCode }).from(institutions).where(eq(institutions.id, ids.home));
  tokens.vendor = await make("vendor", "vendor", { vendorCode: home.vendor! });
  const firstEndpoint = async (institutionId: string) =>
    (await t.db.select({ id: endpoints.id }).from(endpoints).where(and(eq(endpoints.institutionId, institutionId), eq(endpoints.status, "active"))).orderBy(endpoints.transaction, endpoints.environment).limit(1))[0].id;
  homeEndpoint = await firstEndpoint(ids.home);
  foundaEndpoint = await firstEndpoint(ids.founda);
  // The whole month at 5 minutes; home: down 2 hours on the 10th (from 09:00 UTC); Founda: 1 hour on the 20th.
  await applyRollups(t.db, checks(homeEndpoint, "2030-12-31T23:00:00Z", 744, (i) => i >= (9 * 24 + 10) * 12 && i < (9 * 24 + 12) * 12));
  await applyRollups(t.db, checks(foundaEndpoint, "2030-12-31T23:00:00Z", 744, (i) => i >= (19 * 24 + 1) * 12 && i < (19 * 24 + 2) * 12));
  await freezeMonth(t.db, { month: MONTH, now: NOW });
});
after(async () => {
  await t?.dispose();
});

type Row = { id: string; name: string; month: string; availability: number | null; checks: number; failedChecks: number; downMinutes: number; maintenanceMinutes: number; checkerOfflineMinutes: number; frozen: boolean };

async function jsonRows(groupBy: string, token = tokens.programme): Promise<Row[]> {
  const res = await api(`/availability?month=${MONTH}&groupBy=${groupBy}`, { token });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { month: string; groupBy: string; data: Row[] };
  assert.equal(body.month, MONTH);
  assert.equal(body.groupBy, groupBy);
  return body.data;
}

async function csvRows(groupBy: string, token = tokens.programme): Promise<Row[]> {
  const res = await api(`/availability?month=${MONTH}&groupBy=${groupBy}`, { token, headers: { Accept: "text/csv" } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
  const records = parse(await res.text(), { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
  return records.map((r) => ({
    id: r.id,
    name: r.name,
    month: r.month,
    availability: r.availability === "" ? null : Number(r.availability),
    checks: Number(r.checks),
    failedChecks: Number(r.failedChecks),
    downMinutes: Number(r.downMinutes),
    maintenanceMinutes: Number(r.maintenanceMinutes),
    checkerOfflineMinutes: Number(r.checkerOfflineMinutes),
    frozen: r.frozen === "true",
  }));
}

describe("GET /api/v1/availability", () => {
  test("per endpoint: the frozen figures; JSON and CSV give the same rows", async () => {
    const rows = await jsonRows("endpoint");
    const home = rows.find((r) => r.id === homeEndpoint)!;
    assert.deepEqual(
      { ...home, name: undefined },
      { id: homeEndpoint, name: undefined, month: MONTH, availability: 99.731, checks: 8928, failedChecks: 24, downMinutes: 120, maintenanceMinutes: 0, checkerOfflineMinutes: 0, frozen: true },
    );
    assert.deepEqual(await csvRows("endpoint"), rows);
  });

  test("per institution and per vendor infrastructure: sums; CSV equal to JSON", async () => {
    for (const groupBy of ["institution", "vendor"]) {
      const rows = await jsonRows(groupBy);
      assert.deepEqual(await csvRows(groupBy), rows, groupBy);
    }
    const inst = await jsonRows("institution");
    assert.equal(inst.find((r) => r.id === ids.founda)?.downMinutes, 60);
    const vendors = await jsonRows("vendor");
    assert.equal(vendors.reduce((n, r) => n + r.checks, 0), 2 * 8928);
  });

  test("token scopes apply: an institution token sees its own endpoints, a vendor token its vendor's", async () => {
    const mine = await jsonRows("endpoint", tokens.institution);
    assert.deepEqual(
      mine.map((r) => r.id),
      [homeEndpoint],
    );
    const vendorRows = await jsonRows("institution", tokens.vendor);
    assert.ok(vendorRows.some((r) => r.id === ids.home));
    assert.ok(!vendorRows.some((r) => r.id === ids.founda));
  });

  test("bad months and parameters are 400 problems", async () => {
    for (const q of ["month=2031-13", "month=2031-1", "groupBy=region", "month=2031-04", "foo=1"]) {
      const res = await api(`/availability?${q}`, { token: tokens.programme });
      assert.equal(res.status, 400, q);
      assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
    }
  });

  test("an unfrozen month is computed now and says frozen: false", async () => {
    await applyRollups(t.db, checks(homeEndpoint, "2031-02-01T00:00:00Z", 24, () => false));
    const res = await api(`/availability?month=2031-02`, { token: tokens.institution });
    const body = (await res.json()) as { data: Row[] };
    assert.deepEqual(
      body.data.map((r) => [r.id, r.checks, r.availability, r.frozen]),
      [[homeEndpoint, 288, 100, false]],
    );
  });
});

describe("GET /api/v1/endpoints/{id}/availability", () => {
  test("the month with its down periods; outside the scope is 404", async () => {
    const res = await api(`/endpoints/${homeEndpoint}/availability?month=${MONTH}`, { token: tokens.institution });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Row & { revision: number; incidents: unknown[] };
    assert.equal(body.availability, 99.731);
    assert.equal(body.revision, 1);
    assert.deepEqual(body.incidents, [{ start: "2031-01-10T09:00:00.000Z", end: "2031-01-10T11:00:00.000Z", minutes: 120, reason: null }]);
    assert.equal((await api(`/endpoints/${foundaEndpoint}/availability?month=${MONTH}`, { token: tokens.institution })).status, 404);
    const none = (await (await api(`/endpoints/${homeEndpoint}/availability?month=2030-06`, { token: tokens.institution })).json()) as Row;
    assert.equal(none.checks, 0);
    assert.equal(none.availability, null);
  });

  test("the OpenAPI document lists both operations", async () => {
    const doc = (await (await api("/openapi.json", { token: tokens.programme })).json()) as { paths: Record<string, unknown> };
    assert.ok(doc.paths["/availability"]);
    assert.ok(doc.paths["/endpoints/{id}/availability"]);
  });
});

describe("the monthly availability report (PDF)", () => {
  const compact = (s: string) => s.replace(/\s+/g, "");
  const nl = (n: number) => n.toLocaleString("nl-NL");
  const cells = (r: Row) => compact([r.name, formatAvailability(r.availability, "nl"), nl(r.checks), nl(r.failedChecks), nl(r.downMinutes), nl(r.maintenanceMinutes), nl(r.checkerOfflineMinutes), r.frozen ? "ja" : "nee"].join(""));

  test("the programme report shows the API's figures per infrastructure and institution, the incidents and the method", async () => {
    const report = await buildAvailabilityReport(t.db, { month: MONTH, vendor: null, scope: { kind: "all" }, now: NOW, locale: "nl" });
    const pdf = await extractText(report.bytes);
    for (const groupBy of ["vendor", "institution"]) {
      for (const r of await jsonRows(groupBy)) assert.ok(pdf.compact.includes(cells(r)), `${groupBy} ${r.name}: ${cells(r)} not in the PDF`);
    }
    // The summary: both endpoints together.
    assert.ok(pdf.flat.includes(formatAvailability(Math.round(((2 * 8928 - 36) / (2 * 8928)) * 100_000) / 1000, "nl")));
    // The incidents in Amsterdam time, with duration; the method paragraph.
    assert.ok(pdf.compact.includes(compact("10-01-2031, 10:00")), pdf.flat.slice(0, 2000));
    assert.ok(pdf.compact.includes(compact("10-01-2031, 12:00")));
    assert.ok(pdf.flat.includes("Methode"));
    assert.ok(pdf.flat.includes("Europe/Amsterdam"));
    assert.equal(report.filename, `beschikbaarheid-${MONTH}-programma.pdf`);
  });

  test("a vendor's report holds only that infrastructure; the programme report needs the whole scope, a scoped caller gets their own infrastructure's; bad parameters are refused", async () => {
    const [home] = await t.db.select({ vendor: institutions.vendorCode }).from(institutions).where(eq(institutions.id, ids.home));
    const report = await buildAvailabilityReport(t.db, { month: MONTH, vendor: home.vendor!, scope: { kind: "all" }, now: NOW });
    assert.deepEqual(
      report.entries.map((e) => e.endpointId),
      [homeEndpoint],
    );
    const scoped = { kind: "some" as const, institutionIds: [ids.home], vendorCodes: [] };
    // A scoped caller who names no vendor gets their own infrastructure's report, never the programme's.
    const own = await buildAvailabilityReport(t.db, { month: MONTH, vendor: null, scope: scoped, now: NOW });
    assert.deepEqual(own.entries.map((e) => e.endpointId), [homeEndpoint]);
    assert.equal(own.filename, `beschikbaarheid-${MONTH}-${home.vendor}.pdf`);
    // A scope that covers no single infrastructure must name one.
    const none = { kind: "some" as const, institutionIds: [], vendorCodes: [] };
    await assert.rejects(buildAvailabilityReport(t.db, { month: MONTH, vendor: null, scope: none, now: NOW }), (e: unknown) => e instanceof AppError && e.message === "availability.errors.choose_vendor");
    const bad = (q: string) => () => parseReportParams(new URLSearchParams(q), NOW);
    assert.throws(bad("month=2031-13"), (e: unknown) => e instanceof AppError && e.message === "availability.errors.bad_month");
    assert.throws(bad("month=2031-04"), (e: unknown) => e instanceof AppError && e.message === "availability.errors.bad_month");
    assert.throws(bad("vendor=acme"), (e: unknown) => e instanceof AppError && e.message === "availability.errors.bad_vendor");
    assert.deepEqual(parseReportParams(new URLSearchParams(""), NOW), { month: "2031-02", vendor: null });
  });
});

test("the demo seed gives every active endpoint 11 frozen past months, once", async () => {
  const month = previousMonth(amsterdamMonthOf(new Date()));
  const active = await t.db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.status, "active"));
  const res = await api(`/availability?month=${month}&groupBy=vendor`, { token: tokens.programme });
  const body = (await res.json()) as { data: Row[] };
  assert.equal(body.data.length, 3);
  assert.ok(body.data.every((r) => r.frozen && r.availability !== null && r.availability > 99 && r.checkerOfflineMinutes > 0));
  assert.ok(body.data.reduce((n, r) => n + r.checks, 0) > active.length * 8000);
  assert.equal(await t.db.transaction((tx) => seedDemoAvailability(tx, new Date())), 0);
});
