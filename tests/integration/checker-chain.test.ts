/**
 * Issue 15 §1 on a real database against the bundled simulator: every endpoint is probed with its
 * registered transaction, and query mode runs the chain ITI-38 -> ITI-39 -> (KOS) RAD-75 over the
 * institution's active addresses in the same environment (runChecks: the scheduled checker and
 * "check now" alike). Stored rows keep the steps so the endpoint page can explain them.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq, inArray } from "drizzle-orm";
import { endpointCertificates, endpoints, endpointVersions, institutions } from "@/db/schema";
import { loadCheckerConfig, type CheckerConfig } from "@/lib/checker/config";
import { DEMO_PORT_SCENARIOS, DEMO_SIMULATOR_PORT_SPAN, DEMO_URA_MISMATCH, demoTarget, demoUraPort, originalDemoUrl, pointDemoEndpointsAtSimulator } from "@/lib/checker/demo";
import { explainResult, explainSteps } from "@/lib/checker/explain";
import { runChecks } from "@/lib/checker/runner";
import { loadRunnerSettings, type RunnerSettings } from "@/lib/checker/settings";
import { probeResultFromRow } from "@/lib/checker/stored";
import { startSimulator, type PathScenario, type Simulator } from "@/lib/checker/simulator/server";
import { toXcaTransaction, type XcaTransaction } from "@/lib/checker/soap";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { DEMO_CERT_ISSUER } from "@/db/seed/golive";
import { loadGoLiveDashboard } from "@/lib/golive/queries";

let t: TestDb;
let sim: Simulator;
let pkiDir: string;
let config: CheckerConfig;
let institutionId: string;
const settings: RunnerSettings = { ...loadRunnerSettings({}), webhooks: { urls: [], secret: null }, concurrency: 4 };
const ep: Record<"query" | "retrieve" | "imaging", string> = { query: "", retrieve: "", imaging: "" };
const DB_TX = { iti38: "iti-38", iti39: "iti-39", rad75: "rad-75" } as const;

before(async () => {
  pkiDir = mkdtempSync(path.join(os.tmpdir(), "duo-chain-test-"));
  sim = await startSimulator({ pkiDir, freshPki: true, scenarios: ["expired", "expiring", "wrong-ura"] });
  config = { ...loadCheckerConfig(sim.env), timeoutMs: 8000, slowMs: 6000 };
  t = await createTestDb();
  const [inst] = await t.db
    .insert(institutions)
    .values({ name: "Ketenziekenhuis", kind: "hospital", ura: sim.pki.serverUra, city: "Utrecht", province: "Utrecht", vendorCode: "enovation" })
    .returning();
  institutionId = inst.id;
  for (const [key, tx] of [["query", "iti38"], ["retrieve", "iti39"], ["imaging", "rad75"]] as const) {
    const [row] = await t.db
      .insert(endpoints)
      .values({ institutionId, vendorCode: "enovation", environment: "acceptance", transaction: DB_TX[tx], url: sim.url("ok", { transaction: tx }), homeCommunityId: "urn:oid:2.16.528.1.1007.3.3.87654321.1", probeMode: key === "query" ? "query" : "transport" })
      .returning();
    ep[key] = row.id;
  }
});
after(async () => {
  await t?.dispose();
  await sim?.close();
  rmSync(pkiDir, { recursive: true, force: true });
});

/** Points an endpoint at a scenario, served as `served` (default: its own transaction's path). */
async function point(key: keyof typeof ep, scenario: PathScenario, served: XcaTransaction) {
  await t.db.update(endpoints).set({ url: sim.url(scenario, { transaction: served }) }).where(eq(endpoints.id, ep[key]));
}
async function setStatus(key: keyof typeof ep, status: "active" | "off") {
  await t.db.update(endpoints).set({ status }).where(eq(endpoints.id, ep[key]));
}
async function reset() {
  await point("query", "ok", "iti38");
  await point("retrieve", "ok", "iti39");
  await point("imaging", "ok", "rad75");
  for (const k of ["query", "retrieve", "imaging"] as const) await setStatus(k, "active");
}
const check = async (key: keyof typeof ep) => (await runChecks(t.db, [ep[key]], { trigger: "user", config, settings })).checks[0];
const stepsOf = (c: Awaited<ReturnType<typeof check>>) => (c.result.steps ?? []).map((s) => `${s.transaction}:${s.status}${s.reason ? `:${s.reason}` : ""}${s.note ? `:${s.note}` : ""}`);

describe("query mode: the chain", () => {
  test("success: ITI-38 finds the KOS, ITI-39 delivers it, RAD-75 delivers the instance; steps are stored", async () => {
    await reset();
    const c = await check("query");
    assert.equal(c.result.status, "up", `${c.result.reason} ${c.result.detail}`);
    assert.deepEqual(stepsOf(c), ["iti38:up", "iti39:up", "rad75:up"]);
    for (const s of c.result.steps!) assert.equal(typeof s.phases?.totalMs, "number");
    assert.equal(c.row!.mode, "query");
    assert.equal(c.row!.extra?.steps?.length, 3);
    // The stored row explains itself the same way.
    const again = probeResultFromRow(c.row!, null, "");
    assert.deepEqual(explainSteps(again, "nl"), ["ITI-38: bereikbaar", "ITI-39: bereikbaar", "RAD-75: bereikbaar"]);
  });

  test("without an imaging address the report (PDF) is retrieved and RAD-75 is not needed", async () => {
    await reset();
    await setStatus("imaging", "off");
    const c = await check("query");
    assert.equal(c.result.status, "up", `${c.result.reason} ${c.result.detail}`);
    assert.deepEqual(stepsOf(c), ["iti38:up", "iti39:up"]);
  });

  test("no registered ITI-39 address: said as a skipped step, the query alone decides", async () => {
    await reset();
    await setStatus("retrieve", "off");
    const c = await check("query");
    assert.equal(c.result.status, "up");
    assert.deepEqual(stepsOf(c), ["iti38:up", "iti39:skipped:no_endpoint"]);
    assert.match(explainSteps(c.result, "nl")[1], /geen actief ITI-39-adres/);
    assert.match(explainSteps(c.result, "en")[1], /no active ITI-39 address/);
  });

  test("query ok, retrieve fails (registry Failure): down with retrieve_failed, decided by the ITI-39 step", async () => {
    await reset();
    await point("retrieve", "failure", "iti39");
    const c = await check("query");
    assert.equal(c.result.status, "down");
    assert.equal(c.result.reason, "retrieve_failed");
    assert.equal(c.row!.reason, "retrieve_failed");
    assert.deepEqual(stepsOf(c).slice(0, 2), ["iti38:up", "iti39:down:retrieve_failed"]);
    assert.equal(c.result.verdictTransaction, "iti39");
    const text = explainResult(c.result, "nl")[0];
    assert.match(text.explanation, /het ophalen \(ITI-39\) gaf een fout/);
    assert.match(text.explanation, /XDSRepositoryBusy/);
  });

  test("query ok, retrieve delivers another mime type than announced: retrieve_failed", async () => {
    await reset();
    await point("retrieve", "wrong-mime", "iti39");
    const c = await check("query");
    assert.equal(c.result.reason, "retrieve_failed");
    assert.match(c.result.detail ?? "", /mime type text\/plain/);
  });

  test("the registered retrieve address is really a query address: action_not_supported, in both modes", async () => {
    await reset();
    await point("retrieve", "ok", "iti38");
    const chain = await check("query");
    assert.equal(chain.result.status, "down");
    assert.equal(chain.result.reason, "action_not_supported");
    assert.deepEqual(stepsOf(chain).slice(0, 2), ["iti38:up", "iti39:down:action_not_supported"]);
    const nl = explainResult(chain.result, "nl")[0];
    assert.equal(nl.explanation, "Dit adres ondersteunt deze transactie niet; controleer of het ITI-39-adres is geregistreerd en niet het ITI-38-adres.");
    assert.equal(explainResult(chain.result, "en")[0].explanation, "This address does not support this transaction; check that the ITI-39 address is registered and not the ITI-38 address.");
    // The retrieve endpoint's own (transport) check says the same.
    const own = await check("retrieve");
    assert.equal(own.result.status, "down");
    assert.deepEqual(own.result.reasons, ["action_not_supported"]);
    assert.equal(own.row!.extra?.transaction, "iti39");
    assert.equal(explainResult(probeResultFromRow(own.row!, null, ""), "nl")[0].explanation, nl.explanation);
  });

  test("KOS + RAD-75: an imaging address that delivers nothing fails the chain at RAD-75", async () => {
    await reset();
    await point("imaging", "empty", "rad75");
    const c = await check("query");
    assert.equal(c.result.reason, "retrieve_failed");
    assert.deepEqual(stepsOf(c), ["iti38:up", "iti39:up", "rad75:down:retrieve_failed"]);
    assert.equal(c.result.verdictTransaction, "rad75");
    assert.match(explainResult(c.result, "en")[0].explanation, /the retrieve \(RAD-75\)/);
  });

  test("a failing sibling address decides, and the texts speak of its certificate, not the query address's", async () => {
    await reset();
    await t.db.update(endpoints).set({ url: sim.url("expired", { transaction: "iti39" }) }).where(eq(endpoints.id, ep.retrieve));
    const c = await check("query");
    assert.equal(c.result.reason, "cert_expired");
    assert.deepEqual(stepsOf(c).slice(0, 2), ["iti38:up", "iti39:down:cert_expired"]);
    const own = c.result.certificate.notAfter!;
    const sibling = c.result.steps![1].facts!.certNotAfter!;
    assert.ok(Date.parse(sibling) < Date.now() && Date.parse(own) > Date.now(), "the query address's certificate is valid, the retrieve address's expired");
    const text = explainResult(probeResultFromRow(c.row!, null, ""), "en")[0].explanation;
    const year = String(new Date(sibling).getUTCFullYear());
    assert.match(text, new RegExp(`expired on .*${year}`), text);
    assert.doesNotMatch(text, new RegExp(String(new Date(own).getUTCFullYear())));
  });

  test("a retrieve endpoint in query mode runs the chain through its community's ITI-38 address", async () => {
    await reset();
    await t.db.update(endpoints).set({ probeMode: "query" }).where(eq(endpoints.id, ep.imaging));
    try {
      const c = await check("imaging");
      assert.equal(c.result.status, "up", `${c.result.reason} ${c.result.detail}`);
      assert.equal(c.result.transaction, "rad75");
      assert.deepEqual(stepsOf(c), ["iti38:up", "iti39:up", "rad75:up"]);
      // Its own facts: the certificate of its own address.
      assert.ok(c.row!.certificateId);
    } finally {
      await t.db.update(endpoints).set({ probeMode: "transport" }).where(eq(endpoints.id, ep.imaging));
    }
  });
});

describe("transport mode per transaction", () => {
  test("ITI-39 and RAD-75 ask for an identifier that does not exist; the well-formed Failure means alive", async () => {
    await reset();
    for (const key of ["retrieve", "imaging"] as const) {
      const c = await check(key);
      assert.equal(c.result.status, "up", `${key}: ${c.result.reason} ${c.result.detail}`);
      assert.equal(c.result.mode, "transport");
      assert.deepEqual(c.result.soap.errors.map((e) => e.errorCode), ["XDSDocumentUniqueIdError"]);
    }
  });

  test("a security Sender fault is alive; ActionNotSupported is not", async () => {
    await reset();
    await point("retrieve", "fault-sender", "iti39");
    assert.equal((await check("retrieve")).result.status, "up");
    await point("retrieve", "ok", "rad75");
    const wrong = await check("retrieve");
    assert.equal(wrong.result.reason, "action_not_supported");
    assert.equal(wrong.result.otherTransaction, "iti38", "a fault names no transaction: the likely confusion is the query address");
  });

  test("a DOCTYPE on an HTTP 500 is unsafe_xml (not http_status), for every transaction", async () => {
    await reset();
    await point("retrieve", "entities-error", "iti39");
    const c = await check("retrieve");
    assert.deepEqual(c.result.reasons, ["unsafe_xml"]);
    await point("retrieve", "wsa-mismatch", "iti39");
    assert.deepEqual((await check("retrieve")).result.reasons, ["wsa_mismatch"]);
  });
});

const demoRowsOf = (demo: TestDb) =>
  demo.db
    .select({ id: endpoints.id, url: endpoints.url, institutionId: endpoints.institutionId, ura: institutions.ura, environment: endpoints.environment, transaction: endpoints.transaction, status: endpoints.status, version: endpoints.version })
    .from(endpoints)
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId));
const scenarioOf = (u: string) => new URL(u).pathname.split("/")[1];

describe("the demo stays green", () => {
  let demo: TestDb;
  after(async () => {
    await demo?.dispose();
  });
  const demoRows = () => demoRowsOf(demo);

  test("seeded endpoints pointed at the simulator: ITI-39/RAD-75 land on their own paths and answer as up, with the institution's own URA", async () => {
    demo = await createTestDb({ from: "seeded", install: false });
    // A certificate an older demo stored with the simulator's one URA as the expected one.
    const [old] = await demoRows();
    const [stale] = await demo.db
      .insert(endpointCertificates)
      .values({ endpointId: old.id, fingerprint: "AA:BB", subject: "CN=localhost", issuer: "CN=old", notAfter: new Date("2027-01-01"), ura: "87654321", expectedUra: "87654321", firstSeenAt: new Date(), lastSeenAt: new Date() })
      .returning();
    await pointDemoEndpointsAtSimulator(demo.db, sim);
    const [cleared] = await demo.db.select().from(endpointCertificates).where(eq(endpointCertificates.id, stale.id));
    assert.equal(cleared.expectedUra, null, "judged against the institution's URA from now on");
    const rows = await demoRows();
    // Communities (institution x environment) whose every gateway plays "ok": their checks must all be up.
    const groups = new Map<string, typeof rows>();
    for (const r of rows) groups.set(`${r.institutionId}|${r.environment}`, [...(groups.get(`${r.institutionId}|${r.environment}`) ?? []), r]);
    const isMismatch = (r: (typeof rows)[number]) => r.ura === DEMO_URA_MISMATCH.institutionUra && r.environment === DEMO_URA_MISMATCH.environment;
    const healthy = [...groups.values()].filter((g) => g.length === 3 && g.every((r) => r.status === "active" && scenarioOf(r.url) === "ok" && !isMismatch(r)));
    const picked = healthy.slice(0, 4).flat();
    assert.ok(picked.length >= 6, "the demo has healthy communities");
    assert.ok(picked.some((r) => r.transaction === "iti-39") && picked.some((r) => r.transaction === "rad-75"));
    assert.ok(new Set(picked.map((r) => r.ura)).size >= 2, "several institutions, so several certificates");
    const out = await runChecks(demo.db, picked.map((r) => r.id), { trigger: "user", config, settings });
    for (const c of out.checks) {
      const r = picked.find((p) => p.id === c.endpointId)!;
      assert.equal(c.result.status, "up", `${r.transaction} ${r.environment} ${r.url}: ${c.result.reason} ${c.result.detail}`);
      assert.equal(c.result.transaction, toXcaTransaction(r.transaction));
      // The certificate carries the institution's own URA, and the checker compared with exactly that.
      assert.equal(c.result.certificate.ura, r.ura, r.url);
      assert.equal(c.result.expectedUra, r.ura);
      if (r.environment === "acceptance" && r.transaction === "iti-38") assert.deepEqual(c.result.steps?.map((s) => s.status), ["up", "up", "up"]);
    }
    // The certificates this run saw (the seed's go-live evidence has its own, db/seed/golive.ts).
    const certs = (await demo.db.select().from(endpointCertificates).where(inArray(endpointCertificates.endpointId, picked.map((r) => r.id)))).filter((c) => c.issuer !== DEMO_CERT_ISSUER);
    assert.equal(certs.length, picked.length);
    for (const cert of certs) assert.equal(cert.ura, cert.expectedUra, "URA klopt: the stored certificate's URA is the one expected");
  });

  test("the one documented demo gateway shows a real mismatch: another institution's URA", async () => {
    const rows = await demoRows();
    const mismatch = rows.filter((r) => r.ura === DEMO_URA_MISMATCH.institutionUra && r.environment === DEMO_URA_MISMATCH.environment && r.status === "active");
    assert.equal(mismatch.length, 3, "its production gateway serves ITI-38, ITI-39 and RAD-75");
    const out = await runChecks(demo.db, mismatch.map((r) => r.id), { trigger: "user", config, settings });
    for (const c of out.checks) {
      assert.equal(c.result.status, "down");
      assert.deepEqual(c.result.reasons, ["ura_mismatch"]);
      assert.equal(c.result.certificate.ura, DEMO_URA_MISMATCH.certificateUra);
      assert.equal(c.result.expectedUra, DEMO_URA_MISMATCH.institutionUra);
    }
    // Its acceptance gateway carries its own URA.
    const acceptance = rows.filter((r) => r.ura === DEMO_URA_MISMATCH.institutionUra && r.environment === "acceptance" && r.status === "active" && scenarioOf(r.url) === "ok");
    assert.ok(acceptance.length > 0);
    const acc = await runChecks(demo.db, [acceptance[0].id], { trigger: "user", config, settings });
    assert.equal(acc.checks[0].result.certificate.ura, DEMO_URA_MISMATCH.institutionUra);
    assert.ok(!acc.checks[0].result.reasons.includes("ura_mismatch"));
  });

  test("a certificate case (expired) keeps the institution's URA", async () => {
    const rows = await demoRows();
    const expired = rows.find((r) => scenarioOf(r.url) === "expired" && r.status === "active")!;
    assert.ok(expired, "the demo has an expired certificate");
    const out = await runChecks(demo.db, [expired.id], { trigger: "user", config, settings });
    assert.equal(out.checks[0].result.certificate.ura, expired.ura);
    assert.ok(out.checks[0].result.reasons.includes("cert_expired"), out.checks[0].result.reasons.join());
    assert.ok(!out.checks[0].result.reasons.includes("ura_mismatch"));
  });

  test("the seed's go-live story holds once the checker has called every production gateway (npm start)", async () => {
    const production = (await demoRows()).filter((r) => r.environment === "production" && r.status === "active");
    await runChecks(demo.db, production.map((r) => r.id), { trigger: "user", config, settings });
    const { counts, attention } = await loadGoLiveDashboard(demo.db, new Date());
    assert.equal(counts.live, 30);
    assert.equal(counts.liveOverride, 1);
    // The seed's renewal and outage, and the checker's documented URA mismatch: nothing else asks for a retest.
    assert.deepEqual(
      attention.filter((a) => a.status === "live_attention").map((a) => a.name).sort(),
      ["Klaprooshaven Gasthuis", "Medisch Centrum Berkenweide", "Ziekenhuis Vossenhaven"],
    );
    assert.equal(counts.liveWithEvidence, 26);
  });
});

describe("the demo's addresses survive a restart", () => {
  let demo: TestDb;
  const pkis: string[] = [];
  after(async () => {
    await demo?.dispose();
    for (const d of pkis) rmSync(d, { recursive: true, force: true });
  });
  const demoRows = () => demoRowsOf(demo);

  test("a simulator on the same base port finds every listener where it was: nothing is rewritten, no version written", async () => {
    demo = await createTestDb({ from: "seeded", install: false });
    const pkiDir = mkdtempSync(path.join(os.tmpdir(), "duo-demo-restart-"));
    pkis.push(pkiDir);
    // A base port whose range (main + per-URA listeners) is free; another run may hold part of one.
    // Below the kernel's ephemeral range: on a loaded machine (CI runs the e2e servers beside this
    // suite) thousands of outgoing connections hold ports there, and any one of them inside the
    // ~400-port range made a whole attempt fail.
    const ephemeralLow = (() => {
      try {
        return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32_768;
      } catch {
        return 32_768;
      }
    })();
    // Above the e2e servers' own simulators (E2E_PORT 3100 and 4100, + 6443 + their range).
    const lowest = 12_000;
    const highest = Math.max(lowest + 1, ephemeralLow - DEMO_SIMULATOR_PORT_SPAN - 1);
    let first: Simulator | null = null;
    let base = 0;
    for (let attempt = 0; attempt < 10 && !first; attempt++) {
      base = lowest + Math.floor(Math.random() * (highest - lowest));
      const s = await startSimulator({ port: base, pkiDir, scenarios: DEMO_PORT_SCENARIOS }).catch(() => null);
      if (!s) continue;
      const n = await pointDemoEndpointsAtSimulator(demo.db, s);
      assert.ok(n > 300, `${n} demo endpoints rewritten`);
      const rows = await demoRows();
      const fixed = rows.every((r) => {
        const target = demoTarget({ originalUrl: originalDemoUrl(r.url.split("?")[0])!, ura: r.ura, environment: r.environment });
        return Number(new URL(r.url).port) === demoUraPort(base, target.certificateUra, target.cert);
      });
      if (fixed) first = s;
      else await s.close();
    }
    assert.ok(first, "found a free port range");
    const before = await demoRows();
    const [{ versions }] = await demo.db.select({ versions: count() }).from(endpointVersions);
    await first.close();

    const again = await startSimulator({ port: base, pkiDir, scenarios: DEMO_PORT_SCENARIOS });
    try {
      assert.equal(await pointDemoEndpointsAtSimulator(demo.db, again), 0);
      assert.deepEqual(await demoRows(), before);
      const [{ versions: after }] = await demo.db.select({ versions: count() }).from(endpointVersions);
      assert.equal(after, versions);
      // The same certificates are served again (same fingerprint: no new certificate rows).
      const probe = before.find((r) => scenarioOf(r.url) === "ok")!;
      const out = await runChecks(demo.db, [probe.id], { trigger: "user", config: { ...config, ...loadCheckerConfig(again.env) }, settings });
      assert.equal(out.checks[0].result.certificate.ura, probe.ura);
    } finally {
      await again.close();
    }
  });
});
