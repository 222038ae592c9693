import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays, diffInDays, formatDate, formatEuroCents, getMonthEnd, isIsoDate, toAmsterdamDate } from "@/lib/domain/dates";
import { resolveVendorAt } from "@/lib/domain/vendors";

test("isIsoDate accepts only real YYYY-MM-DD dates", () => {
  const table: [unknown, boolean][] = [
    ["2026-11-22", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["2026-1-5", false],
    ["22-11-2026", false],
    ["2026-11-22T00:00:00Z", false],
    ["", false],
    [null, false],
    [20261122, false],
  ];
  for (const [v, ok] of table) assert.equal(isIsoDate(v), ok, String(v));
});

test("day arithmetic ignores time zones and DST", () => {
  const table: [string, number, string][] = [
    ["2026-03-28", 2, "2026-03-30"], // across the spring DST switch
    ["2026-10-24", 2, "2026-10-26"], // across the autumn switch
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-01-01", -1, "2025-12-31"],
  ];
  for (const [from, n, to] of table) {
    assert.equal(addDays(from, n), to);
    assert.equal(diffInDays(to, from), n);
  }
  assert.throws(() => addDays("2026-02-30", 1), RangeError);
});

test("month ends", () => {
  assert.deepEqual([getMonthEnd(2026, 2), getMonthEnd(2028, 2), getMonthEnd(2026, 12), getMonthEnd(2026, 4)], ["2026-02-28", "2028-02-29", "2026-12-31", "2026-04-30"]);
});

test("instants become Dutch calendar days", () => {
  const table: [string, string][] = [
    ["2026-01-15T12:00:00Z", "2026-01-15"],
    ["2026-01-15T23:30:00Z", "2026-01-16"], // CET
    ["2026-07-15T22:30:00Z", "2026-07-16"], // CEST
    ["2026-07-15T21:30:00Z", "2026-07-15"],
    ["2026-07-15T23:30:00+02:00", "2026-07-15"],
    ["2026-07-15", "2026-07-15"],
  ];
  for (const [instant, day] of table) assert.equal(toAmsterdamDate(instant), day, instant);
  assert.throws(() => toAmsterdamDate("not a date"), RangeError);
});

test("formatting for text", () => {
  assert.deepEqual(formatDate("2026-12-31"), { nl: "31 december 2026", en: "31 December 2026" });
  assert.deepEqual(formatDate("2026-03-01"), { nl: "1 maart 2026", en: "1 March 2026" });
  assert.deepEqual(formatEuroCents(3_500_000), { nl: "€ 35.000", en: "€35,000" });
  assert.deepEqual(formatEuroCents(291_667), { nl: "€ 2.916,67", en: "€2,916.67" });
});

test("formatDate and formatEuroCents in one language", () => {
  const table: [string, "nl" | "en", string][] = [
    ["2026-12-31", "nl", "31 december 2026"],
    ["2026-03-01", "en", "1 March 2026"],
    ["2024-02-29", "nl", "29 februari 2024"],
    ["2000-01-01", "en", "1 January 2000"],
  ];
  for (const [date, locale, text] of table) {
    assert.equal(formatDate(date, locale), text);
    assert.equal(formatDate(date)[locale], text);
  }
  assert.equal(formatEuroCents(3_500_000, "nl"), "€ 35.000");
  assert.equal(formatEuroCents(291_667, "en"), "€2,916.67");
  assert.equal(formatEuroCents(5, "nl"), "€ 0,05");
});

test("vendor on a date", () => {
  const history = [
    { vendor: "enovation" as const, from: "2025-01-01" },
    { vendor: null, from: "2026-03-01" },
    { vendor: "founda" as const, from: "2026-05-01" },
  ];
  const table: [string, string | null][] = [
    ["2024-12-31", null],
    ["2025-01-01", "enovation"],
    ["2026-02-28", "enovation"],
    ["2026-03-01", null],
    ["2026-05-01", "founda"],
  ];
  for (const [date, vendor] of table) assert.equal(resolveVendorAt({ history, date }), vendor, date);
});
