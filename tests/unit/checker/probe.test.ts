/**
 * The probe against the bundled simulator on loopback: every scenario must classify to the
 * right reason, hostile servers must end at the total deadline, and nothing is followed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { probeEndpoint, type ProbeOptions, type ProbeResult } from "@/lib/checker/probe";
import { startSimulator, type Scenario, type Simulator } from "@/lib/checker/simulator/server";
import { DEMO_TEST_PATIENTS } from "@/lib/checker/simulator/responses";

let sim: Simulator;
let pkiDir: string;
let base: ProbeOptions;
const DEADLINE_MS = 1500;
const GENEROUS = DEADLINE_MS + 3000;

before(async () => {
  pkiDir = mkdtempSync(path.join(os.tmpdir(), "duo-probe-test-"));
  sim = await startSimulator({ pkiDir, freshPki: true });
  base = {
    url: "",
    clientCert: readFileSync(sim.pki.clientCert, "utf8"),
    clientKey: readFileSync(sim.pki.clientKey, "utf8"),
    trustStore: readFileSync(sim.pki.trustStore, "utf8"),
    allowTargets: "127.0.0.1/32",
    testPatient: DEMO_TEST_PATIENTS.withImages,
    expectedUra: sim.pki.serverUra,
    // Generous for scenarios that answer; the hostile ones below use the short deadline.
    timeoutMs: 8000,
    slowMs: 6000,
  };
  // All at once: the suite stays fast, and the probe must cope with concurrency anyway.
  [results, deadlineResults] = await Promise.all([
    Promise.all(rows.map((r) => probeEndpoint({ ...base, url: sim.url(r.scenario, { query: r.query }), mode: r.mode, ...r.opts }))),
    Promise.all(deadlineRows.map((r) => probeEndpoint({ ...base, url: sim.url(r.scenario, { query: r.query }), timeoutMs: DEADLINE_MS }))),
  ]);
});

after(async () => {
  await sim?.close();
  rmSync(pkiDir, { recursive: true, force: true });
});

type Row = {
  scenario: Scenario;
  mode?: "transport" | "query";
  status: "up" | "degraded" | "down";
  reasons: string[];
  warnings?: string[];
  opts?: Partial<ProbeOptions>;
  query?: Record<string, string | number>;
  check?: (r: ProbeResult) => void;
};

const rows: Row[] = [
  {
    scenario: "ok",
    mode: "query",
    status: "up",
    reasons: [],
    check: (r) => {
      assert.equal(r.tls.protocol, "TLSv1.3");
      assert.ok(r.tls.cipher);
      assert.equal(r.certificate.ura, sim.pki.serverUra);
      assert.match(r.certificate.fingerprint ?? "", /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      assert.ok((r.certificate.daysLeft ?? 0) > 300);
      assert.match(r.certificate.subject ?? "", /CN=localhost/);
      assert.match(r.certificate.issuer ?? "", /UZI-register/);
      assert.equal(r.soap.action, "urn:ihe:iti:2007:CrossGatewayQueryResponse");
      assert.match(r.soap.relatesTo ?? "", /^urn:uuid:/);
      assert.equal(r.soap.status, "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success");
      assert.equal(r.soap.documentCount, 2);
      assert.equal(r.address, "127.0.0.1");
      for (const k of ["dnsMs", "connectMs", "tlsMs", "firstByteMs", "totalMs"] as const) assert.equal(typeof r.phases[k], "number", k);
      assert.ok(!Number.isNaN(Date.parse(r.checkedAt)));
    },
  },
  { scenario: "ok", mode: "transport", status: "up", reasons: [] },
  { scenario: "empty", mode: "query", status: "up", reasons: [], check: (r) => assert.equal(r.soap.documentCount, 0) },
  { scenario: "partial", mode: "query", status: "degraded", reasons: ["partial_success"], check: (r) => assert.equal(r.soap.errors[0].errorCode, "XDSUnavailableCommunity") },
  { scenario: "failure", mode: "query", status: "down", reasons: ["registry_failure"], check: (r) => assert.equal(r.soap.errors[0].errorCode, "XDSRegistryBusy") },
  { scenario: "failure", mode: "transport", status: "up", reasons: [] },
  { scenario: "fault-sender", mode: "transport", status: "up", reasons: [], check: (r) => assert.equal(r.soap.fault?.code, "Sender") },
  { scenario: "needs-security", mode: "transport", status: "up", reasons: [] },
  { scenario: "fault-sender", mode: "query", status: "down", reasons: ["soap_fault"] },
  { scenario: "fault-receiver", mode: "transport", status: "down", reasons: ["soap_fault"], check: (r) => assert.equal(r.httpStatus, 500) },
  { scenario: "fault-receiver", mode: "query", status: "down", reasons: ["soap_fault"] },
  { scenario: "slow", mode: "query", status: "degraded", reasons: ["slow"], query: { delay: 700 }, opts: { slowMs: 300 } },
  { scenario: "entities", status: "down", reasons: ["unsafe_xml"] },
  { scenario: "xxe", status: "down", reasons: ["unsafe_xml"] },
  // Issue 15: a DOCTYPE in an HTTP 500 answer is still unsafe_xml, never http_status.
  { scenario: "entities-error", status: "down", reasons: ["unsafe_xml"], check: (r) => assert.equal(r.httpStatus, 500) },
  // An ITI-39 request to the ITI-38 address: the gateway says ActionNotSupported.
  { scenario: "ok", status: "down", reasons: ["action_not_supported"], opts: { transaction: "iti39" }, check: (r) => assert.equal(r.otherTransaction, "iti38") },
  { scenario: "http-error", status: "down", reasons: ["http_status"], check: (r) => assert.equal(r.httpStatus, 503) },
  { scenario: "not-soap", status: "down", reasons: ["not_soap"] },
  { scenario: "soap11", status: "down", reasons: ["not_soap"] },
  { scenario: "wsa-mismatch", status: "down", reasons: ["wsa_mismatch"] },
  { scenario: "mtom", mode: "query", status: "up", reasons: [], check: (r) => assert.equal(r.soap.documentCount, 2) },
  { scenario: "huge", status: "down", reasons: ["too_large"], check: (r) => assert.ok(r.phases.totalMs < 8000) },
  { scenario: "huge", status: "down", reasons: ["too_large"], opts: { maxBodyBytes: 10_000 } },
  {
    scenario: "expired",
    status: "down",
    reasons: ["cert_expired"],
    check: (r) => {
      assert.ok((r.certificate.daysLeft ?? 0) < 0);
      assert.equal(r.soap.action, null, "no request is sent to a server whose identity failed");
    },
  },
  { scenario: "expiring", status: "degraded", reasons: ["cert_expiring"], check: (r) => assert.ok((r.certificate.daysLeft ?? 99) <= 30) },
  { scenario: "wrong-host", status: "down", reasons: ["cert_hostname"] },
  { scenario: "wrong-ura", status: "down", reasons: ["ura_mismatch"], check: (r) => assert.equal(r.certificate.ura, sim.pki.wrongUra) },
  { scenario: "wrong-ura", status: "up", reasons: [], opts: { expectedUra: null } },
  { scenario: "untrusted", status: "down", reasons: ["cert_untrusted"] },
  { scenario: "ok", status: "down", reasons: ["cert_untrusted"], opts: { trustStore: null } },
  { scenario: "tls12", status: "up", reasons: [], warnings: ["tls_1_2"], check: (r) => assert.equal(r.tls.protocol, "TLSv1.2") },
  { scenario: "tls11", status: "down", reasons: ["tls_version"] },
  { scenario: "client-ca", status: "down", reasons: ["client_cert_rejected"] },
  { scenario: "ok", status: "down", reasons: ["client_cert_rejected"], opts: { clientCert: null, clientKey: null } },
  { scenario: "refused", status: "down", reasons: ["connect_refused"] },
  { scenario: "http", status: "down", reasons: ["blocked_target"] },
  { scenario: "http", status: "up", reasons: [], opts: { allowHttp: true } },
  { scenario: "ok", status: "down", reasons: ["blocked_target"], opts: { allowTargets: null } },
  { scenario: "ok", status: "down", reasons: ["blocked_target"], opts: { allowTargets: "10.0.0.0/8" } },
];

// The hostile servers: each must end at the one total deadline.
const deadlineRows: Row[] = [
  { scenario: "hang", status: "down", reasons: ["timeout"] },
  { scenario: "trickle", status: "down", reasons: ["timeout"] },
  { scenario: "blackhole", status: "down", reasons: ["timeout"] },
  { scenario: "slow", status: "down", reasons: ["timeout"], query: { delay: 5000 } },
];

const label = (r: Row) => `${r.scenario}${r.mode ? ` (${r.mode})` : ""}${r.opts ? ` ${JSON.stringify(r.opts).slice(0, 60)}` : ""}`;

let results: ProbeResult[] = [];
let deadlineResults: ProbeResult[] = [];


rows.forEach((row, i) => {
  test(`probe ${label(row)} -> ${row.status} ${row.reasons.join(",")}`, () => {
    const r = results[i];
    assert.equal(r.status, row.status, `detail: ${r.detail}`);
    assert.deepEqual(r.reasons, row.reasons, `detail: ${r.detail}`);
    assert.equal(r.reason, row.reasons[0] ?? null);
    assert.deepEqual(r.warnings, row.warnings ?? []);
    if (row.status !== "up") assert.ok(r.detail, "a failing probe says what happened");
    row.check?.(r);
  });
});

deadlineRows.forEach((row, i) => {
  test(`probe ${label(row)} ends at the total deadline`, () => {
    const r = deadlineResults[i];
    assert.equal(r.status, "down");
    assert.deepEqual(r.reasons, row.reasons, `detail: ${r.detail}`);
    assert.ok(r.phases.totalMs >= DEADLINE_MS - 50, `ended too early: ${r.phases.totalMs}`);
    assert.ok(r.phases.totalMs < GENEROUS, `ended too late: ${r.phases.totalMs}`);
  });
});

test("redirect is recorded and not followed", async () => {
  const before = sim.requestCount();
  const r = await probeEndpoint({ ...base, url: sim.url("redirect") });
  assert.equal(r.status, "down");
  assert.deepEqual(r.reasons, ["redirect"]);
  assert.equal(r.httpStatus, 302);
  assert.equal(r.redirectLocation, "http://169.254.169.254/latest/meta-data/");
  assert.equal(sim.requestCount() - before, 1);
});

test("query mode without a test patient falls back to transport and says so", async () => {
  const r = await probeEndpoint({ ...base, url: sim.url("fault-sender"), mode: "query", testPatient: null });
  assert.equal(r.mode, "transport");
  assert.equal(r.status, "up");
  assert.match(r.detail ?? "", /CHECKER_TEST_PATIENT/);
});

test("DNS: every resolved address is vetted; one private address refuses the target", async () => {
  const url = sim.url("ok").replace("127.0.0.1", "gateway.test");
  const r = await probeEndpoint({ ...base, url, lookup: async () => ["127.0.0.1", "10.1.2.3"] });
  assert.deepEqual(r.reasons, ["blocked_target"]);
  assert.match(r.detail ?? "", /10\.1\.2\.3 \(private\)/);
});

test("DNS: the vetted address is used, SNI and hostname check use the name", async () => {
  const url = sim.url("ok").replace("127.0.0.1", "localhost");
  const r = await probeEndpoint({ ...base, url, lookup: async () => ["127.0.0.1"] });
  assert.equal(r.status, "up", r.detail ?? "");
  assert.equal(r.address, "127.0.0.1");
  const wrong = await probeEndpoint({ ...base, url: sim.url("wrong-host").replace("127.0.0.1", "localhost"), lookup: async () => ["127.0.0.1"] });
  assert.deepEqual(wrong.reasons, ["cert_hostname"]);
});

test("DNS failure and a DNS that never answers", async () => {
  const notFound = await probeEndpoint({
    ...base,
    url: "https://gateway.does-not-exist.test/xca",
    lookup: async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    },
  });
  assert.deepEqual(notFound.reasons, ["dns_failed"]);
  const hanging = await probeEndpoint({ ...base, url: "https://slow-dns.test/xca", timeoutMs: 300, lookup: () => new Promise(() => {}) });
  assert.deepEqual(hanging.reasons, ["dns_failed"]);
  assert.ok(hanging.phases.totalMs < 300 + 3000);
});

test("bad URLs and schemes never reach the network", async () => {
  const cases: Array<[string, string]> = [
    ["not a url", "dns_failed"],
    ["ftp://127.0.0.1/x", "blocked_target"],
    [sim.url("http"), "blocked_target"],
    ["https://user:pw@127.0.0.1:1/x", "blocked_target"],
    ["https://169.254.169.254/latest/meta-data/", "blocked_target"],
    ["https://[::ffff:169.254.169.254]/", "blocked_target"],
  ];
  for (const [url, reason] of cases) {
    const r = await probeEndpoint({ ...base, url, allowTargets: "0.0.0.0/0" });
    assert.deepEqual(r.reasons, [reason], url);
  }
});

test("an external abort signal ends the probe like a deadline", async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const r = await probeEndpoint({ ...base, url: sim.url("hang"), signal: ac.signal });
  assert.deepEqual(r.reasons, ["timeout"]);
  assert.ok(r.phases.totalMs < 3000);
});

test("probeEndpoint never throws, even with a broken client key", async () => {
  const r = await probeEndpoint({ ...base, url: sim.url("ok"), clientKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" });
  assert.equal(r.status, "down");
  assert.deepEqual(r.reasons, ["tls_failed"]);
});
