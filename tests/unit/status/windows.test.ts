import { test } from "node:test";
import assert from "node:assert/strict";
import { windowOccurrences } from "@/lib/status/windows";
import { etagMatches, xmlEscape } from "@/lib/status/publish";

test("weekly windows of central components become instants in Amsterdam time (winter and summer)", () => {
  // Sunday 02:00-04:00 Amsterdam; 2026-12-06 is a Sunday (CET, UTC+1), 2026-07-05 too (CEST, UTC+2).
  const w = [{ kind: "weekly" as const, day: 7, start: "02:00", end: "04:00" }];
  assert.deepEqual(
    windowOccurrences(w, new Date("2026-12-04T10:00:00Z"), new Date("2026-12-11T10:00:00Z")).map((o) => [o.start.toISOString(), o.end.toISOString()]),
    [["2026-12-06T01:00:00.000Z", "2026-12-06T03:00:00.000Z"]],
  );
  assert.equal(windowOccurrences(w, new Date("2026-07-03T10:00:00Z"), new Date("2026-07-10T10:00:00Z"))[0].start.toISOString(), "2026-07-05T00:00:00.000Z");
});

test("a one-off window shows while it overlaps the horizon", () => {
  const w = [{ kind: "once" as const, start: "2026-12-05T20:00:00.000Z", end: "2026-12-05T22:00:00.000Z", note: "Upgrade" }];
  assert.equal(windowOccurrences(w, new Date("2026-12-05T21:00:00Z"), new Date("2026-12-12T00:00:00Z"))[0].note, "Upgrade");
  assert.equal(windowOccurrences(w, new Date("2026-12-05T23:00:00Z"), new Date("2026-12-12T00:00:00Z")).length, 0);
});

test("If-None-Match: weak comparison, lists and *", () => {
  assert.equal(etagMatches('W/"a"', 'W/"a"'), true);
  assert.equal(etagMatches('"a"', 'W/"a"'), true);
  assert.equal(etagMatches('"b", W/"a"', 'W/"a"'), true);
  assert.equal(etagMatches("*", 'W/"a"'), true);
  assert.equal(etagMatches('"b"', 'W/"a"'), false);
  assert.equal(etagMatches(null, 'W/"a"'), false);
});

test("XML escaping covers markup and drops characters XML cannot carry", () => {
  assert.equal(xmlEscape(`<a href="x">&'\u0001`), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
});
