import { test } from "node:test";
import assert from "node:assert/strict";
import { dayAvailability, dayBand, DEFAULT_OUTAGE_SHARE, infrastructureStatus, lastDays, type CentralComponent, type GatewayCounts, type StatusInput } from "@/lib/domain/status";

const gw = (up: number, down = 0, degraded = 0, unknown = 0): GatewayCounts => ({ up, degraded, down, unknown });
const c = (health: CentralComponent["health"], inMaintenance = false): CentralComponent => ({ health, inMaintenance });
const input = (over: Partial<StatusInput>): StatusInput => ({ central: [c("up")], gateways: gw(20), announcedMaintenance: false, outageShare: DEFAULT_OUTAGE_SHARE, ...over });

test("infrastructure status: the table of issue 16", () => {
  const cases: Array<[string, Partial<StatusInput>, string, string]> = [
    ["all up", {}, "operationeel", "all_up"],
    ["one gateway down is not an outage", { gateways: gw(19, 1) }, "verminderd", "gateways_impaired"],
    ["the report of the issue: 63 of 72 reachable (12.5 % down)", { gateways: gw(63, 9) }, "verminderd", "gateways_impaired"],
    ["exactly 20 % down is still degraded", { gateways: gw(16, 4) }, "verminderd", "gateways_impaired"],
    ["25 % down is an outage", { gateways: gw(15, 5) }, "storing", "share_down"],
    ["a degraded gateway counts as impaired, not down", { gateways: gw(10, 0, 10) }, "verminderd", "gateways_impaired"],
    ["central component down", { central: [c("up"), c("down")] }, "storing", "central_down"],
    ["central component down in its maintenance window", { central: [c("down", true)] }, "onderhoud", "maintenance"],
    ["central component degraded", { central: [c("degraded")] }, "verminderd", "central_degraded"],
    ["announced maintenance running", { announcedMaintenance: true }, "onderhoud", "maintenance"],
    ["an outage beats maintenance", { announcedMaintenance: true, gateways: gw(5, 5) }, "storing", "share_down"],
    ["no central components marked, gateways up", { central: [] }, "operationeel", "all_up"],
    ["nothing checked", { central: [c("unknown")], gateways: gw(0, 0, 0, 12) }, "onbekend", "not_checked"],
    ["unknown gateways do not count in the share", { gateways: gw(4, 1, 0, 100) }, "verminderd", "gateways_impaired"],
    ["a lower threshold (10 %) from the setting", { gateways: gw(17, 3), outageShare: 0.1 }, "storing", "share_down"],
  ];
  for (const [name, over, state, reason] of cases) {
    const out = infrastructureStatus(input(over));
    assert.equal(out.state, state, name);
    assert.equal(out.reason, reason, name);
  }
});

test("infrastructure status carries the counts the page shows", () => {
  const out = infrastructureStatus(input({ gateways: gw(63, 9, 2, 3), central: [c("down"), c("up")] }));
  assert.deepEqual({ down: out.down, degraded: out.degraded, checked: out.checked, centralDown: out.centralDown }, { down: 9, degraded: 2, checked: 74, centralDown: 1 });
});

test("day availability and bands", () => {
  const cases: Array<[{ up: number; degraded: number; down: number }, number | null, string]> = [
    [{ up: 0, degraded: 0, down: 0 }, null, "none"],
    [{ up: 288, degraded: 0, down: 0 }, 1, "good"],
    [{ up: 280, degraded: 7, down: 1 }, 287 / 288, "good"],
    [{ up: 280, degraded: 0, down: 8 }, 280 / 288, "minor"],
    [{ up: 100, degraded: 0, down: 188 }, 100 / 288, "major"],
  ];
  for (const [counts, share, band] of cases) {
    assert.equal(dayAvailability(counts), share);
    assert.equal(dayBand(share), band);
  }
});

test("last days: oldest first, today last, across a month end", () => {
  assert.deepEqual(lastDays("2026-03-02", 4), ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  assert.equal(lastDays("2026-12-04", 90).length, 90);
});
