import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyProbe, daysUntil, type ProbeFacts, type SoapFacts, type TlsFacts } from "@/lib/checker/classify";
import { ITI38, REGISTRY_STATUS } from "@/lib/checker/soap";

const NOW = new Date("2026-11-22T12:00:00Z");
const MSG = "urn:uuid:11111111-2222-4333-8444-555555555555";
const OPTS = { slowMs: 2000, now: NOW };

const goodTls = (over: Partial<TlsFacts> = {}): TlsFacts => ({
  handshake: "ok",
  protocol: "TLSv1.3",
  cipher: "TLS_AES_256_GCM_SHA384",
  chain: "trusted",
  hostname: "match",
  certificate: {
    subject: "CN=gw.example.nl",
    issuer: "CN=UZI CA",
    notBefore: "2026-01-01T00:00:00Z",
    notAfter: "2027-06-01T00:00:00Z",
    fingerprint: "AA:BB",
    ura: "12345678",
  },
  ...over,
});

const envelope = (over: Partial<Extract<SoapFacts, { kind: "envelope" }>> = {}): SoapFacts => ({
  kind: "envelope",
  action: ITI38.responseAction,
  relatesTo: MSG,
  fault: null,
  registry: { status: REGISTRY_STATUS.Success, outcome: "Success", errors: [], documentCount: 2 },
  ...over,
});

const registry = (outcome: "Success" | "PartialSuccess" | "Failure" | null) => ({
  status: outcome ? REGISTRY_STATUS[outcome] : "urn:weird",
  outcome,
  errors: outcome === "Success" ? [] : [{ errorCode: "XDSRegistryBusy", codeContext: null, severity: null }],
  documentCount: 0,
});

function facts(over: Partial<ProbeFacts> = {}): ProbeFacts {
  return {
    mode: "query",
    tlsExpected: true,
    url: { ok: true },
    dns: { ok: true, addresses: ["203.0.114.10"] },
    target: { ok: true },
    connect: { ok: true, address: "203.0.114.10" },
    tls: goodTls(),
    http: { outcome: "response", statusCode: 200, location: null, contentType: "application/soap+xml", bodyBytes: 900 },
    soap: envelope(),
    request: { messageId: MSG, expectedAction: ITI38.responseAction },
    expectedUra: "12345678",
    totalMs: 120,
    ...over,
  };
}

type Row = [name: string, facts: ProbeFacts, status: "up" | "degraded" | "down", reasons: string[], warnings?: string[]];

const rows: Row[] = [
  ["all good (query)", facts(), "up", []],
  ["all good (transport, no registry needed)", facts({ mode: "transport", soap: envelope({ registry: null }) }), "up", []],
  ["invalid URL", facts({ url: { ok: false, problem: "invalid_url" } }), "down", ["dns_failed"]],
  ["http scheme not allowed", facts({ url: { ok: false, problem: "scheme_not_allowed" } }), "down", ["blocked_target"]],
  ["DNS not found", facts({ dns: { ok: false, error: "not_found", code: "ENOTFOUND" } }), "down", ["dns_failed"]],
  ["DNS timeout", facts({ dns: { ok: false, error: "timeout" } }), "down", ["dns_failed"]],
  ["blocked target", facts({ target: { ok: false, blocked: [{ address: "10.0.0.1", category: "private" }] } }), "down", ["blocked_target"]],
  ["connection refused", facts({ connect: { ok: false, error: "refused", code: "ECONNREFUSED" } }), "down", ["connect_refused"]],
  ["connect timeout", facts({ connect: { ok: false, error: "timeout" } }), "down", ["connect_timeout"]],
  ["host unreachable", facts({ connect: { ok: false, error: "unreachable", code: "EHOSTUNREACH" } }), "down", ["connect_timeout"]],
  ["TLS handshake failure", facts({ tls: goodTls({ handshake: "failed", certificate: null, chain: null, hostname: null, protocol: null }) }), "down", ["tls_failed"]],
  ["TLS 1.1-only server", facts({ tls: goodTls({ handshake: "protocol_version", certificate: null, chain: null, hostname: null, protocol: null }) }), "down", ["tls_version"]],
  ["TLS handshake deadline", facts({ tls: goodTls({ handshake: "timeout", certificate: null, chain: null, hostname: null, protocol: null }) }), "down", ["timeout"]],
  ["client cert refused during handshake", facts({ tls: goodTls({ handshake: "client_cert_rejected", certificate: null, chain: null, hostname: null }) }), "down", ["client_cert_rejected"]],
  ["negotiated TLS 1.1 anyway", facts({ tls: goodTls({ protocol: "TLSv1.1" }), http: undefined, soap: undefined }), "down", ["tls_version"]],
  ["untrusted chain", facts({ tls: goodTls({ chain: "untrusted" }), http: undefined, soap: undefined }), "down", ["cert_untrusted"]],
  ["expired per chain", facts({ tls: goodTls({ chain: "expired" }), http: undefined, soap: undefined }), "down", ["cert_expired"]],
  ["not yet valid", facts({ tls: goodTls({ chain: "not_yet_valid" }), http: undefined, soap: undefined }), "down", ["cert_expired"]],
  [
    "expired by date although chain said trusted",
    facts({ tls: goodTls({ certificate: { ...goodTls().certificate!, notAfter: "2026-11-01T00:00:00Z" } }), http: undefined, soap: undefined }),
    "down",
    ["cert_expired"],
  ],
  ["hostname mismatch", facts({ tls: goodTls({ hostname: "mismatch" }), http: undefined, soap: undefined }), "down", ["cert_hostname"]],
  [
    "URA mismatch",
    facts({ tls: goodTls({ certificate: { ...goodTls().certificate!, ura: "87654321" } }), http: undefined, soap: undefined }),
    "down",
    ["ura_mismatch"],
  ],
  [
    "certificate without URA while one is expected",
    facts({ tls: goodTls({ certificate: { ...goodTls().certificate!, ura: null } }), http: undefined, soap: undefined }),
    "down",
    ["ura_mismatch"],
  ],
  ["no expected URA: URA not compared", facts({ expectedUra: null, tls: goodTls({ certificate: { ...goodTls().certificate!, ura: null } }) }), "up", []],
  [
    "untrusted + wrong host + wrong URA + expiring: all reasons, first layer first",
    facts({
      tls: goodTls({ chain: "untrusted", hostname: "mismatch", certificate: { ...goodTls().certificate!, ura: "87654321", notAfter: "2026-12-01T00:00:00Z" } }),
      http: undefined,
      soap: undefined,
    }),
    "down",
    ["cert_untrusted", "cert_hostname", "ura_mismatch", "cert_expiring"],
  ],
  ["TLS 1.2 is a warning only", facts({ tls: goodTls({ protocol: "TLSv1.2" }) }), "up", [], ["tls_1_2"]],
  [
    "certificate expiring in 9 days",
    facts({ tls: goodTls({ certificate: { ...goodTls().certificate!, notAfter: "2026-12-01T13:00:00Z" } }) }),
    "degraded",
    ["cert_expiring"],
  ],
  [
    "certificate expiring in exactly 30 days",
    facts({ tls: goodTls({ certificate: { ...goodTls().certificate!, notAfter: "2026-12-22T12:00:00Z" } }) }),
    "degraded",
    ["cert_expiring"],
  ],
  [
    "certificate with 31 days left is fine",
    facts({ tls: goodTls({ certificate: { ...goodTls().certificate!, notAfter: "2026-12-23T12:00:01Z" } }) }),
    "up",
    [],
  ],
  ["client cert refused after the handshake (TLS 1.3)", facts({ http: { outcome: "client_cert_rejected", statusCode: null, location: null, contentType: null, bodyBytes: 0 }, soap: undefined }), "down", ["client_cert_rejected"]],
  ["HTTP deadline (trickle, black hole)", facts({ http: { outcome: "timeout", statusCode: 200, location: null, contentType: null, bodyBytes: 10 }, soap: undefined }), "down", ["timeout"]],
  ["body too large", facts({ http: { outcome: "too_large", statusCode: 200, location: null, contentType: null, bodyBytes: 2_000_000 }, soap: undefined }), "down", ["too_large"]],
  ["connection dropped without response", facts({ http: { outcome: "error", statusCode: null, location: null, contentType: null, bodyBytes: 0 }, soap: undefined }), "down", ["http_status"]],
  ["redirect", facts({ http: { outcome: "response", statusCode: 302, location: "http://169.254.169.254/", contentType: null, bodyBytes: 0 }, soap: undefined }), "down", ["redirect"]],
  ["HTTP 503 with HTML", facts({ http: { outcome: "response", statusCode: 503, location: null, contentType: "text/html", bodyBytes: 50 }, soap: { kind: "not_soap", detail: "HTML" } }), "down", ["http_status"]],
  ["HTTP 500 with non-fault envelope", facts({ http: { outcome: "response", statusCode: 500, location: null, contentType: "application/soap+xml", bodyBytes: 50 } }), "down", ["http_status"]],
  ["HTTP 200 HTML page", facts({ soap: { kind: "not_soap", detail: "HTML" } }), "down", ["not_soap"]],
  ["unsafe XML", facts({ soap: { kind: "unsafe", detail: "DOCTYPE" } }), "down", ["unsafe_xml"]],
  ["query: envelope without AdhocQueryResponse", facts({ soap: envelope({ registry: null }) }), "down", ["not_soap"]],
  [
    "transport: Sender fault (HTTP 400) means alive",
    facts({
      mode: "transport",
      http: { outcome: "response", statusCode: 400, location: null, contentType: "application/soap+xml", bodyBytes: 500 },
      soap: envelope({ action: "http://www.w3.org/2005/08/addressing/soap/fault", fault: { code: "Sender", subcodes: [], reason: "no security" }, registry: null }),
    }),
    "up",
    [],
  ],
  [
    "transport: Sender fault without any WS-A header is alive",
    facts({
      mode: "transport",
      http: { outcome: "response", statusCode: 400, location: null, contentType: "application/soap+xml", bodyBytes: 500 },
      soap: envelope({ action: null, relatesTo: null, fault: { code: "Sender", subcodes: [], reason: null }, registry: null }),
    }),
    "up",
    [],
  ],
  [
    "transport: Sender fault relating to another message",
    facts({
      mode: "transport",
      http: { outcome: "response", statusCode: 400, location: null, contentType: "application/soap+xml", bodyBytes: 500 },
      soap: envelope({ relatesTo: "urn:uuid:other", fault: { code: "Sender", subcodes: [], reason: null }, registry: null }),
    }),
    "down",
    ["wsa_mismatch"],
  ],
  [
    "transport: Receiver fault is down",
    facts({
      mode: "transport",
      http: { outcome: "response", statusCode: 500, location: null, contentType: "application/soap+xml", bodyBytes: 500 },
      soap: envelope({ fault: { code: "Receiver", subcodes: [], reason: "backend" }, registry: null }),
    }),
    "down",
    ["soap_fault"],
  ],
  [
    "transport: MustUnderstand fault is down",
    facts({ mode: "transport", soap: envelope({ fault: { code: "MustUnderstand", subcodes: [], reason: null }, registry: null }) }),
    "down",
    ["soap_fault"],
  ],
  [
    "query: Sender fault is down",
    facts({ http: { outcome: "response", statusCode: 400, location: null, contentType: "application/soap+xml", bodyBytes: 500 }, soap: envelope({ fault: { code: "Sender", subcodes: [], reason: null }, registry: null }) }),
    "down",
    ["soap_fault"],
  ],
  ["wrong RelatesTo", facts({ soap: envelope({ relatesTo: "urn:uuid:other" }) }), "down", ["wsa_mismatch"]],
  ["missing RelatesTo", facts({ soap: envelope({ relatesTo: null }) }), "down", ["wsa_mismatch"]],
  ["wrong Action", facts({ soap: envelope({ action: "urn:example:SomethingElseResponse" }) }), "down", ["wsa_mismatch"]],
  // Issue 15: an Action of another of our transactions means the address serves that one.
  ["Action of another transaction (ITI-39 answer to ITI-38)", facts({ soap: envelope({ action: "urn:ihe:iti:2007:CrossGatewayRetrieveResponse" }) }), "down", ["action_not_supported"]],
  ["query: PartialSuccess", facts({ soap: envelope({ registry: registry("PartialSuccess") }) }), "degraded", ["partial_success"]],
  ["query: Failure", facts({ soap: envelope({ registry: registry("Failure") }) }), "down", ["registry_failure"]],
  ["query: unknown registry status", facts({ soap: envelope({ registry: registry(null) }) }), "down", ["registry_failure"]],
  ["transport: Failure still means alive", facts({ mode: "transport", soap: envelope({ registry: registry("Failure") }) }), "up", []],
  ["wrong RelatesTo and Failure: WS-A first", facts({ soap: envelope({ relatesTo: "x", registry: registry("Failure") }) }), "down", ["wsa_mismatch", "registry_failure"]],
  ["slow", facts({ totalMs: 2500 }), "degraded", ["slow"]],
  ["exactly at the slow threshold is not slow", facts({ totalMs: 2000 }), "up", []],
  ["partial and slow and expiring", facts({ totalMs: 2500, soap: envelope({ registry: registry("PartialSuccess") }), tls: goodTls({ protocol: "TLSv1.2", certificate: { ...goodTls().certificate!, notAfter: "2026-12-01T13:00:00Z" } }) }), "degraded", ["partial_success", "slow", "cert_expiring"], ["tls_1_2"]],
  ["down is never also slow", facts({ totalMs: 9000, soap: envelope({ registry: registry("Failure") }) }), "down", ["registry_failure"]],
  ["plain http (dev): no TLS layer expected", facts({ tlsExpected: false, tls: undefined }), "up", []],
  // Incomplete facts (a probe bug) must never read as up.
  ["missing DNS facts", facts({ dns: undefined }), "down", ["dns_failed"]],
  ["missing target facts", facts({ target: undefined }), "down", ["blocked_target"]],
  ["missing connect facts", facts({ connect: undefined }), "down", ["connect_timeout"]],
  ["missing TLS facts", facts({ tls: undefined }), "down", ["tls_failed"]],
  ["missing HTTP facts", facts({ http: undefined }), "down", ["http_status"]],
  ["missing SOAP facts", facts({ soap: undefined }), "down", ["not_soap"]],
  ["missing certificate", facts({ tls: goodTls({ certificate: null }), http: undefined, soap: undefined }), "down", ["cert_untrusted", "ura_mismatch"]],
];

for (const [name, f, status, reasons, warnings = []] of rows) {
  test(`classify: ${name}`, () => {
    const v = classifyProbe(f, OPTS);
    assert.equal(v.status, status);
    assert.deepEqual(v.reasons, reasons);
    assert.equal(v.reason, reasons[0] ?? null);
    assert.deepEqual(v.warnings, warnings);
  });
}

test("classify: certExpiringDays option", () => {
  const f = facts({ tls: goodTls({ certificate: { ...goodTls().certificate!, notAfter: "2027-01-31T12:00:00Z" } }) });
  assert.equal(classifyProbe(f, OPTS).status, "up");
  assert.deepEqual(classifyProbe(f, { ...OPTS, certExpiringDays: 90 }).reasons, ["cert_expiring"]);
});

test("classify: reason is always the first reason and a down code when down", () => {
  for (const [, f] of rows) {
    const v = classifyProbe(f, OPTS);
    if (v.status === "down") assert.ok(!["partial_success", "slow", "cert_expiring"].includes(v.reason!));
    if (v.status === "up") assert.equal(v.reason, null);
  }
});

test("daysUntil rounds down and goes negative after expiry", () => {
  assert.equal(daysUntil("2026-12-01T11:59:59Z", NOW), 8);
  assert.equal(daysUntil("2026-12-01T12:00:00Z", NOW), 9);
  assert.equal(daysUntil("2026-11-21T12:00:00Z", NOW), -1);
  assert.equal(daysUntil("not a date", NOW), null);
});
