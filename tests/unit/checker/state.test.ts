import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  activeMaintenanceWindow,
  certExpiryThreshold,
  checkerLooksOffline,
  clampInterval,
  currentSlot,
  jitterSeconds,
  nextHealth,
  uptimePercent,
  type HealthStatus,
} from "@/lib/checker/state";
import type { CheckStatus } from "@/lib/checker/verdicts";

describe("nextHealth", () => {
  const cases: Array<[string, HealthStatus, number, number, CheckStatus, boolean, HealthStatus, number, number, boolean]> = [
    // name, from, failures, successes, observed, suppressed, to, failures', successes', changed
    ["first check up", "unknown", 0, 0, "up", false, "up", 0, 1, true],
    ["first check down decides at once", "unknown", 0, 0, "down", false, "down", 1, 0, true],
    ["one failure is not enough", "up", 0, 5, "down", false, "up", 1, 0, false],
    ["third failure flips", "up", 2, 0, "down", false, "down", 3, 0, true],
    ["degraded flips down too", "degraded", 2, 0, "down", false, "down", 3, 0, true],
    ["up to degraded follows at once", "up", 0, 3, "degraded", false, "degraded", 0, 4, true],
    ["down stays down on one success", "down", 4, 0, "up", false, "down", 0, 1, false],
    ["second success recovers", "down", 0, 1, "up", false, "up", 0, 2, true],
    ["recovery to degraded", "down", 0, 1, "degraded", false, "degraded", 0, 2, true],
    ["a failure resets successes", "down", 0, 1, "down", false, "down", 1, 0, false],
    ["suppressed changes nothing", "up", 2, 0, "down", true, "up", 2, 0, false],
  ];
  for (const [name, from, f, s, observed, suppressed, to, f2, s2, changed] of cases) {
    test(name, () => {
      const out = nextHealth({ current: { status: from, consecutiveFailures: f, consecutiveSuccesses: s }, observed, downAfter: 3, upAfter: 2, suppressed });
      assert.deepEqual(out, { status: to, consecutiveFailures: f2, consecutiveSuccesses: s2, changed, from });
    });
  }
});

describe("activeMaintenanceWindow", () => {
  const weekly = { kind: "weekly" as const, day: 7, start: "02:00", end: "04:00" };
  const once = { kind: "once" as const, start: "2030-06-01T10:00:00.000Z", end: "2030-06-01T12:00:00.000Z" };
  const cases: Array<[string, string, boolean]> = [
    ["Sunday 02:30 Amsterdam (summer, UTC+2)", "2030-06-02T00:30:00Z", true],
    ["Sunday 04:00 is the end (exclusive)", "2030-06-02T02:00:00Z", false],
    ["Sunday 01:59 Amsterdam", "2030-06-01T23:59:00Z", false],
    ["Sunday 03:00 Amsterdam in winter (UTC+1)", "2030-01-06T02:00:00Z", true],
    ["Saturday 02:30", "2030-06-01T00:30:00Z", false],
    ["inside a one-off window", "2030-06-01T11:00:00Z", true],
    ["at the end of a one-off window", "2030-06-01T12:00:00Z", false],
  ];
  for (const [name, at, inside] of cases) test(name, () => assert.equal(activeMaintenanceWindow([weekly, once], new Date(at)) !== null, inside));
});

describe("self-check guard", () => {
  const down = (id: string, reason: string) => ({ endpointId: id, status: "down" as const, reason });
  const none = { total: 0, networkFailures: 0, endpoints: 0 };
  test("all network failures over enough endpoints", () =>
    assert.equal(checkerLooksOffline({ sweep: [down("a", "dns_failed"), down("b", "connect_timeout"), down("c", "connect_refused")], recent: none, minEndpoints: 3 }), true));
  test("too few endpoints", () => assert.equal(checkerLooksOffline({ sweep: [down("a", "dns_failed")], recent: none, minEndpoints: 3 }), false));
  test("recent failures of others count", () =>
    assert.equal(checkerLooksOffline({ sweep: [down("a", "dns_failed")], recent: { total: 4, networkFailures: 4, endpoints: 2 }, minEndpoints: 3 }), true));
  test("one recent success means our network works", () =>
    assert.equal(checkerLooksOffline({ sweep: [down("a", "dns_failed")], recent: { total: 4, networkFailures: 3, endpoints: 3 }, minEndpoints: 3 }), false));
  test("a TLS failure is the server's", () =>
    assert.equal(checkerLooksOffline({ sweep: [down("a", "dns_failed"), down("b", "tls_failed"), down("c", "dns_failed")], recent: none, minEndpoints: 3 }), false));
});

describe("schedule slots and jitter", () => {
  test("jitter is stable and inside the interval", () => {
    const j = jitterSeconds("2b1f0f8e-5a39-4c43-9d55-0f9f0a1b2c3d", 300);
    assert.equal(j, jitterSeconds("2b1f0f8e-5a39-4c43-9d55-0f9f0a1b2c3d", 300));
    assert.ok(j >= 0 && j < 300);
  });
  test("interval is at least one minute, default five", () => {
    assert.equal(clampInterval(10), 60);
    assert.equal(clampInterval(null), 300);
    assert.equal(clampInterval(600), 600);
  });
  test("slot advances once per interval and is due at or before now", () => {
    const id = "11111111-2222-3333-4444-555555555555";
    const t0 = new Date("2030-01-01T00:00:00Z");
    const a = currentSlot(id, 300, t0);
    assert.ok(a.dueAt <= t0 && t0.getTime() - a.dueAt.getTime() < 300_000);
    const b = currentSlot(id, 300, new Date(a.dueAt.getTime() + 300_000));
    assert.equal(b.slot, a.slot + 1);
    assert.equal(currentSlot(id, 300, new Date(a.dueAt.getTime() + 299_000)).slot, a.slot);
  });
});

describe("uptime and certificate thresholds", () => {
  test("uptime counts degraded as available and ignores excluded checks", () => {
    assert.equal(uptimePercent([{ up: 6, degraded: 2, down: 2, excluded: 10 }]), 80);
    assert.equal(uptimePercent([{ up: 0, degraded: 0, down: 0, excluded: 3 }]), null);
  });
  const cases: Array<[number | null, number | null]> = [[null, null], [31, null], [30, 30], [15, 30], [14, 14], [8, 14], [7, 7], [0, 7], [-3, 7]];
  for (const [days, t] of cases) test(`${days} days -> ${t}`, () => assert.equal(certExpiryThreshold(days), t));
});
