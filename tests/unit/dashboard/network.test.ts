import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { summarizeNetworkHealth, type HealthStatus } from "@/lib/dashboard/network";

type Row = { vendor: string; status: HealthStatus; n: number };
const pick = (rows: Row[], vendor: string) => summarizeNetworkHealth(rows).find((v) => v.vendor === vendor)!;

describe("summarizeNetworkHealth", () => {
  test("every vendor infrastructure appears, also without endpoints", () => {
    assert.deepEqual(
      summarizeNetworkHealth([]).map((v) => [v.vendor, v.checked, v.unknown, v.outage]),
      [["enovation", 0, 0, false], ["founda", 0, 0, false], ["alphatron", 0, 0, false]],
    );
  });

  const cases: [string, Row[], { up: number; degraded: number; down: number; unknown: number; checked: number; outage: boolean }][] = [
    ["all up", [{ vendor: "founda", status: "up", n: 9 }], { up: 9, degraded: 0, down: 0, unknown: 0, checked: 9, outage: false }],
    ["one gateway down is not an outage", [{ vendor: "founda", status: "up", n: 1 }, { vendor: "founda", status: "down", n: 1 }], { up: 1, degraded: 0, down: 1, unknown: 0, checked: 2, outage: false }],
    ["half the checked gateways down is an outage", [{ vendor: "founda", status: "up", n: 4 }, { vendor: "founda", status: "down", n: 4 }], { up: 4, degraded: 0, down: 4, unknown: 0, checked: 8, outage: true }],
    ["less than half down is not", [{ vendor: "founda", status: "up", n: 5 }, { vendor: "founda", status: "degraded", n: 1 }, { vendor: "founda", status: "down", n: 5 }], { up: 5, degraded: 1, down: 5, unknown: 0, checked: 11, outage: false }],
    ["never-checked gateways do not dilute an outage", [{ vendor: "founda", status: "down", n: 3 }, { vendor: "founda", status: "unknown", n: 20 }], { up: 0, degraded: 0, down: 3, unknown: 20, checked: 3, outage: true }],
    ["other vendors' rows are not counted", [{ vendor: "enovation", status: "down", n: 7 }, { vendor: "founda", status: "up", n: 2 }], { up: 2, degraded: 0, down: 0, unknown: 0, checked: 2, outage: false }],
  ];
  for (const [name, rows, want] of cases) {
    test(name, () => {
      const { vendor: _v, ...got } = pick(rows, "founda");
      assert.deepEqual(got, want);
    });
  }

  test("an unexpected vendor code is still shown, after the known three", () => {
    assert.deepEqual(summarizeNetworkHealth([{ vendor: "zorgnet", status: "up", n: 1 }]).map((v) => v.vendor), ["enovation", "founda", "alphatron", "zorgnet"]);
  });
});
