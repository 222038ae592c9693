import { test } from "node:test";
import assert from "node:assert/strict";
import { dateTimeFormat, formatDateTime, formatNumber, numberFormat } from "@/lib/domain/intl";

const AT = new Date("2026-03-29T00:30:00Z"); // the night the clocks go forward in Amsterdam

test("formatDateTime gives what Date#toLocaleString gives for the same locale and options", () => {
  const table: [string, Intl.DateTimeFormatOptions][] = [
    ["nl-NL", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" }],
    ["en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" }],
    ["nl-NL", { dateStyle: "short", timeStyle: "medium", timeZone: "Europe/Amsterdam" }],
    ["en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Amsterdam" }],
    ["nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Amsterdam" }],
    ["en-GB", { month: "long", year: "numeric", timeZone: "UTC" }],
    ["nl-NL", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" }],
  ];
  for (const [locale, options] of table) {
    assert.equal(formatDateTime(AT, locale, options), AT.toLocaleString(locale, options), `${locale} ${JSON.stringify(options)}`);
    assert.equal(formatDateTime(AT, locale, options), AT.toLocaleString(locale, options), "again, from the cache");
  }
});

test("formatNumber gives what Number#toLocaleString gives", () => {
  const table: [number, string, Intl.NumberFormatOptions | undefined][] = [
    [1234567.891, "nl-NL", undefined],
    [1234567.891, "en-GB", undefined],
    [99.7314, "nl-NL", { minimumFractionDigits: 3, maximumFractionDigits: 3 }],
    [99.5, "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 }],
    [1250, "nl-NL", { style: "currency", currency: "EUR", maximumFractionDigits: 0 }],
  ];
  for (const [n, locale, options] of table) assert.equal(formatNumber(n, locale, options), n.toLocaleString(locale, options), `${n} ${locale} ${JSON.stringify(options)}`);
});

test("one formatter per locale and options, built once", () => {
  assert.equal(dateTimeFormat("nl-NL", { month: "short", timeZone: "UTC" }), dateTimeFormat("nl-NL", { month: "short", timeZone: "UTC" }));
  assert.notEqual(dateTimeFormat("nl-NL", { month: "short", timeZone: "UTC" }), dateTimeFormat("en-GB", { month: "short", timeZone: "UTC" }));
  assert.equal(numberFormat("nl-NL"), numberFormat("nl-NL", {}));
  assert.notEqual(numberFormat("nl-NL", { maximumFractionDigits: 1 }), numberFormat("nl-NL", { maximumFractionDigits: 2 }));
});
