import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { EligibilityResult } from "@/lib/domain/financing";
import { financingList, parseFinancingListFilter } from "@/lib/financing/institution-list";
import type { InstitutionFinancingRow } from "@/lib/financing/summary";

const result = (status: EligibilityResult["status"], totalCents: number) => ({ status, totalCents }) as EligibilityResult;
const row = (name: string, vendor: InstitutionFinancingRow["vendor"], status: EligibilityResult["status"], c26: number, f26: number, planned: string | null): InstitutionFinancingRow =>
  ({
    id: name,
    name,
    vendor,
    phase: "agreements",
    planned: planned ? { date: planned, source: "plan" } : null,
    committed: { 2026: result(status, c26), 2027: result(status, c26 * 2) },
    forecast: { 2026: result(status, f26), 2027: result(status, f26 * 2) },
  }) as InstitutionFinancingRow;

const ROWS = [
  row("Zuyderland", "enovation", "eligible", 3_500_000, 3_500_000, "2026-03-01"),
  row("Amphia", "founda", "not_yet", 0, 1_000_000, "2026-09-01"),
  row("Beatrix", "alphatron", "not_applicable", 0, 0, null),
  row("Catharina", "enovation", "eligible_from", 500_000, 2_000_000, "2026-06-01"),
  row("Deventer", null, "not_yet", 0, 0, null),
];
const names = (f: Record<string, string>) => financingList(ROWS, [2026, 2027], parseFinancingListFilter(f)).rows.map((r) => r.name);

describe("financing per institution: filter, sort, totals", () => {
  test("filters by name, vendor (or none) and the first year's status", () => {
    assert.deepEqual(names({}), ["Amphia", "Beatrix", "Catharina", "Deventer", "Zuyderland"]);
    assert.deepEqual(names({ q: "RI" }), ["Beatrix", "Catharina"]);
    assert.deepEqual(names({ vendor: "enovation" }), ["Catharina", "Zuyderland"]);
    assert.deepEqual(names({ vendor: "none" }), ["Deventer"]);
    assert.deepEqual(names({ status: "not_yet" }), ["Amphia", "Deventer"]);
    assert.deepEqual(names({ vendor: "bogus", status: "bogus", sort: "bogus" }), names({}), "unknown values are dropped");
  });

  const cases: [Record<string, string>, string[]][] = [
    [{ sort: "name", dir: "desc" }, ["Zuyderland", "Deventer", "Catharina", "Beatrix", "Amphia"]],
    [{ sort: "committed", dir: "desc" }, ["Zuyderland", "Catharina", "Amphia", "Beatrix", "Deventer"]],
    [{ sort: "forecast" }, ["Beatrix", "Deventer", "Amphia", "Catharina", "Zuyderland"]],
    [{ sort: "planned" }, ["Zuyderland", "Catharina", "Amphia", "Beatrix", "Deventer"]],
    [{ sort: "status" }, ["Zuyderland", "Catharina", "Amphia", "Deventer", "Beatrix"]],
    [{ sort: "vendor" }, ["Catharina", "Zuyderland", "Amphia", "Beatrix", "Deventer"]],
  ];
  for (const [f, expected] of cases) test(`sorts by ${f.sort} ${f.dir ?? "asc"}, ties by name`, () => assert.deepEqual(names(f), expected));

  test("the totals row sums what is shown, per year and scenario", () => {
    const all = financingList(ROWS, [2026, 2027], {});
    assert.deepEqual(all.totals[2026], { committedCents: 4_000_000, forecastCents: 6_500_000 });
    assert.deepEqual(all.totals[2027], { committedCents: 8_000_000, forecastCents: 13_000_000 });
    const enovation = financingList(ROWS, [2026, 2027], { vendor: "enovation" });
    assert.deepEqual(enovation.totals[2026], { committedCents: 4_000_000, forecastCents: 5_500_000 });
    assert.equal(enovation.total, 5, "the unfiltered count for '2 of 5'");
  });
});
