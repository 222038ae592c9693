import { test } from "node:test";
import assert from "node:assert/strict";
import { keepFullResult, packSamples, SAMPLE_BYTES, unpackSamples, type Sample } from "@/lib/checker/samples";

test("samples: 9 bytes per check, round trip in time order", () => {
  const hour = new Date("2026-11-10T10:00:00Z");
  const samples: Sample[] = [
    { at: new Date("2026-11-10T10:59:59.999Z"), status: "down", suppressed: null, totalMs: 5000, full: true },
    { at: new Date("2026-11-10T10:00:00.000Z"), status: "up", suppressed: null, totalMs: 143, full: false },
    { at: new Date("2026-11-10T10:01:02.345Z"), status: "degraded", suppressed: "maintenance", totalMs: 2600, full: false },
    { at: new Date("2026-11-10T10:02:00.000Z"), status: "down", suppressed: "checker_offline", totalMs: 0, full: true },
  ];
  const packed = packSamples(samples);
  assert.equal(packed.length, samples.length * SAMPLE_BYTES);
  const back = unpackSamples(hour, new Uint8Array(packed));
  assert.deepEqual(back, [...samples].sort((a, b) => a.at.getTime() - b.at.getTime()));
  // Appending packed hours (the rollup upsert concatenates) keeps every check.
  assert.equal(unpackSamples(hour, Buffer.concat([packed, packSamples([samples[1]])])).length, 5);
  assert.deepEqual(unpackSamples(hour, null), []);
});

test("keepFullResult: failures, changes, the first check of an hour and people's checks keep their row", () => {
  const at = new Date("2026-11-10T10:30:00Z");
  const prev = (status: string, reason: string | null, iso = "2026-11-10T10:29:00Z") => ({ status, reason, at: new Date(iso) });
  const table: [string, Parameters<typeof keepFullResult>[0], boolean][] = [
    ["routine up", { trigger: "schedule", status: "up", reason: null, at, previous: prev("up", null), healthChanged: false }, false],
    ["routine degraded, same reason", { trigger: "schedule", status: "degraded", reason: "slow", at, previous: prev("degraded", "slow"), healthChanged: false }, false],
    ["down", { trigger: "schedule", status: "down", reason: "http_status", at, previous: prev("down", "http_status"), healthChanged: false }, true],
    ["status changed", { trigger: "schedule", status: "up", reason: null, at, previous: prev("degraded", "partial_success"), healthChanged: false }, true],
    ["slow and back: the sample has the time", { trigger: "schedule", status: "up", reason: null, at, previous: prev("degraded", "slow"), healthChanged: false }, false],
    ["up to slow", { trigger: "schedule", status: "degraded", reason: "slow", at, previous: prev("up", null), healthChanged: false }, false],
    ["reason changed", { trigger: "schedule", status: "degraded", reason: "cert_expiring", at, previous: prev("degraded", "slow"), healthChanged: false }, true],
    ["health changed", { trigger: "schedule", status: "up", reason: null, at, previous: prev("up", null), healthChanged: true }, true],
    ["first check of the hour", { trigger: "schedule", status: "up", reason: null, at, previous: prev("up", null, "2026-11-10T09:59:00Z"), healthChanged: false }, true],
    ["first check ever", { trigger: "schedule", status: "up", reason: null, at, previous: null, healthChanged: false }, true],
    ["check now by a person", { trigger: "user", status: "up", reason: null, at, previous: prev("up", null), healthChanged: false }, true],
    ["check now by a token", { trigger: "api", status: "up", reason: null, at, previous: prev("up", null), healthChanged: false }, true],
  ];
  for (const [name, input, want] of table) assert.equal(keepFullResult(input), want, name);
});
