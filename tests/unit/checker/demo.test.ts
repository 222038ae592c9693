/**
 * The demo's simulator addresses (lib/checker/demo.ts): every demo gateway presents a certificate
 * with its own institution's URA, except the one documented mismatch, on fixed ports.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { demoEndpoints } from "@/db/seed/endpoints";
import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { DEMO_SIMULATOR_PORT_SPAN, DEMO_URA_MISMATCH, DEMO_URA_PORT_OFFSET, demoScenarioFor, demoTarget, demoUraPort, demoUrl, originalDemoUrl } from "@/lib/checker/demo";
import { URA_CERT_KINDS } from "@/lib/checker/simulator/pki";
import type { Simulator } from "@/lib/checker/simulator/server";

const rows = demoEndpoints(DEMO_INSTITUTIONS, { homeIndex: DEMO_HOME_INSTITUTION });
const targetOf = (r: (typeof rows)[number]) => demoTarget({ originalUrl: r.url!, ura: r.ura, environment: r.environment! });

test("the documented mismatch: Medisch Centrum Berkenweide's production gateway carries Medisch Centrum Bramenrode's URA", () => {
  const owner = DEMO_INSTITUTIONS.find((d) => d.ura === DEMO_URA_MISMATCH.institutionUra);
  const other = DEMO_INSTITUTIONS.find((d) => d.ura === DEMO_URA_MISMATCH.certificateUra);
  assert.equal(owner?.name, "Medisch Centrum Berkenweide");
  assert.equal(other?.name, "Medisch Centrum Bramenrode");
  assert.equal(owner.groupName, other.groupName, "regional sisters");
  const production = rows.filter((r) => r.ura === owner.ura && r.environment === "production");
  assert.equal(production.length, 3, "it has a production gateway, so the certificate list shows it");
  assert.equal(new Set(production.map((r) => new URL(r.url!).host)).size, 1, "one gateway");
});

test("every other demo gateway presents its own institution's URA; the mismatches are exactly the documented gateway", () => {
  const mismatched = rows.filter((r) => targetOf(r).certificateUra !== r.ura);
  assert.deepEqual(
    mismatched.map((r) => [r.ura, r.environment]),
    [0, 1, 2].map(() => [DEMO_URA_MISMATCH.institutionUra, DEMO_URA_MISMATCH.environment]),
  );
  for (const r of mismatched) assert.deepEqual(targetOf(r), { scenario: "ok", certificateUra: DEMO_URA_MISMATCH.certificateUra, cert: "good" });
  // No URL-hash "wrong-ura" any more; the certificate cases keep the institution's URA.
  for (const r of rows) {
    const t = targetOf(r);
    assert.notEqual(t.scenario, "wrong-ura");
    assert.equal(t.cert, t.scenario === "expired" || t.scenario === "expiring" ? t.scenario : "good");
  }
  const kinds = new Set(rows.filter((r) => !mismatched.includes(r)).map((r) => targetOf(r).cert));
  assert.deepEqual([...kinds].sort(), ["expired", "expiring", "good"], "the demo still shows expired and expiring certificates");
  assert.equal(demoScenarioFor("https://acc-x.enovation-xds.example/xca/iti38/RespondingGateway"), demoScenarioFor("https://acc-x.enovation-xds.example/xca/iti38/RespondingGateway"));
});

test("demoUraPort: one fixed port per institution and certificate kind, above the simulator's own ports; random when it cannot be fixed", () => {
  const base = 9443;
  const seen = new Map<number, string>();
  for (const d of DEMO_INSTITUTIONS) {
    for (const kind of URA_CERT_KINDS) {
      const p = demoUraPort(base, d.ura, kind);
      assert.ok(p >= base + DEMO_URA_PORT_OFFSET && p < base + DEMO_SIMULATOR_PORT_SPAN, `${p}`);
      assert.ok(!seen.has(p), `${d.ura} ${kind} and ${seen.get(p)} share ${p}`);
      seen.set(p, `${d.ura} ${kind}`);
    }
  }
  assert.equal(demoUraPort(base, DEMO_INSTITUTIONS[0].ura, "good"), base + DEMO_URA_PORT_OFFSET);
  assert.equal(demoUraPort(base, DEMO_INSTITUTIONS[2].ura, "expiring"), base + DEMO_URA_PORT_OFFSET + 2 * 3 + 2);
  assert.equal(demoUraPort(null, DEMO_INSTITUTIONS[0].ura, "good"), 0, "a simulator on random ports");
  assert.equal(demoUraPort(base, "12345678", "good"), 0, "a URA outside the demo set");
  assert.equal(demoUraPort(65_500, DEMO_INSTITUTIONS[100].ura, "good"), 0, "beyond the last port");
});

test("demoUrl: on the listener of the certificate's URA, reversible to the original address", () => {
  const asked: Array<{ scenario: string; ura?: string }> = [];
  const fakeSim = {
    url: (scenario: string, o: { path?: string; ura?: string } = {}) => {
      asked.push({ scenario, ura: o.ura });
      return `https://127.0.0.1:1/${scenario}/${o.path ?? ""}`;
    },
  } as unknown as Simulator;
  for (const r of rows) {
    const url = demoUrl(fakeSim, { originalUrl: r.url!, ura: r.ura, environment: r.environment! });
    assert.equal(originalDemoUrl(url), r.url);
    assert.equal(asked.at(-1)?.ura, targetOf(r).certificateUra);
  }
});
