/**
 * The check-result evidence: which results prove a tested connection, the report rule for a
 * failed test (table), the facts and file name, and that the PDF is deterministic.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { PDFDocument } from "pdf-lib";
import { buildCheckEvidenceFacts, checkEvidenceFilename, checkProvesConnection, factsJson, renderCheckEvidencePdf } from "@/lib/checker/evidence-document";
import type { ProbeResult } from "@/lib/checker/probe";
import { validateStepReport } from "@/lib/domain/readiness";
import { STEP_CATALOGUE, STEP_CODES, type StepCode } from "@/lib/domain/steps";
import type { StepStatusMap } from "@/lib/domain/readiness";

const step = (code: StepCode) => STEP_CATALOGUE.find((s) => s.code === code)!;
const allVerified: StepStatusMap = Object.fromEntries(
  STEP_CODES.filter((c) => c !== "duo_connection_tested" && c !== "go_live").map((c) => [c, { state: "verified", completedOn: "2026-01-05", reportedAt: null, verifiedAt: null, rejectionReason: null }]),
);

for (const [status, proves] of [["up", true], ["degraded", true], ["down", false]] as const) {
  test(`checkProvesConnection(${status}) = ${proves}`, () => assert.equal(checkProvesConnection(status), proves));
}

const reportCases: Array<{ name: string; checkResult: boolean; status: "up" | "degraded" | "down" | null; codes: string[] }> = [
  { name: "an up check", checkResult: true, status: "up", codes: [] },
  { name: "a degraded check", checkResult: true, status: "degraded", codes: [] },
  { name: "a down check", checkResult: true, status: "down", codes: ["check_result_down"] },
  { name: "a link only (no check status)", checkResult: true, status: null, codes: [] },
  { name: "nothing", checkResult: false, status: null, codes: ["evidence_missing"] },
];
for (const c of reportCases) {
  test(`duo_connection_tested reported with ${c.name}`, () => {
    const errors = validateStepReport({
      step: step("duo_connection_tested"),
      vendor: "enovation",
      completedOn: "2026-11-19",
      today: "2026-11-20",
      stepStates: allVerified,
      evidence: { document: false, freeText: false, checkResult: c.checkResult },
      checkResultStatus: c.status,
    });
    assert.deepEqual(errors.map((e) => e.code), c.codes);
    for (const e of errors) assert.equal(e.field, "checkResult");
  });
}

const probe: ProbeResult = {
  url: "https://gw.example.test/xca",
  mode: "transport",
  status: "degraded",
  reason: "cert_expiring",
  reasons: ["cert_expiring"],
  warnings: ["tls_1_2"],
  phases: { dnsMs: 2, connectMs: 4, tlsMs: 20, firstByteMs: 60, totalMs: 80 },
  tls: { protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES256-GCM-SHA384" },
  certificate: { subject: "CN=gw.example.test", issuer: "CN=Test CA", notAfter: "2026-11-29T12:00:00.000Z", daysLeft: 9, ura: "12345678", fingerprint: "AB:CD" },
  soap: { action: "urn:ihe:iti:2007:CrossGatewayQueryResponse", relatesTo: "urn:uuid:x", status: null, errors: [], fault: { code: "env:Sender", reason: "no security header" }, documentCount: null },
  httpStatus: 200,
  redirectLocation: null,
  limits: { timeoutMs: 5000, slowMs: 2000, maxBodyBytes: 1048576 },
  address: "192.0.2.1",
  expectedUra: "12345678",
  detail: null,
  checkedAt: "2026-11-20T13:05:00.000Z",
};
const facts = buildCheckEvidenceFacts({
  checkResultId: 42,
  result: probe,
  trigger: "user",
  performedBy: "Pim Projectleider",
  institution: { id: "i-1", name: "Ziekenhuis Łódź-Oost", ura: "12345678" },
  endpoint: { id: "e-1", url: probe.url, transaction: "iti-38", environment: "acceptance", homeCommunityId: "urn:oid:1.2.3" },
});

test("facts: findings in Dutch with the next step, URA match, SOAP fault in one line", () => {
  assert.equal(facts.provesConnection, true);
  assert.deepEqual(facts.findings.map((f) => [f.code, f.severity]), [["cert_expiring", "degraded"], ["tls_1_2", "warning"]]);
  assert.match(facts.findings[0].explanation, /9 dagen/);
  assert.ok(facts.findings.every((f) => f.nextStep.length > 0));
  assert.equal(facts.certificate.uraMatches, true);
  assert.equal(facts.soap.fault, "env:Sender — no security header");
});

test("file name: URA and Amsterdam time of the check", () => {
  assert.equal(checkEvidenceFilename(facts), "verbindingstest-12345678-2026-11-20-1405.pdf");
});

test("the PDF is deterministic, names the institution and carries the facts' hash", async () => {
  const at = new Date("2026-11-20T14:00:00Z");
  const a = await renderCheckEvidencePdf(facts, at);
  const b = await renderCheckEvidencePdf(facts, at);
  assert.deepEqual(Buffer.from(a), Buffer.from(b));
  const doc = await PDFDocument.load(a, { updateMetadata: false });
  assert.match(doc.getTitle() ?? "", /Ziekenhuis Łódź-Oost/);
  assert.equal(doc.getPageCount() >= 1, true);
  assert.match(factsJson(facts).sha256, /^[0-9a-f]{64}$/);
  assert.notEqual(factsJson({ ...facts, status: "up" }).sha256, factsJson(facts).sha256);
});

test("a query-mode (chain) result carries its steps into the facts and the PDF (issue 15)", async () => {
  const chained: ProbeResult = {
    ...probe,
    mode: "query",
    status: "down",
    reason: "retrieve_failed",
    reasons: ["retrieve_failed"],
    warnings: [],
    verdictTransaction: "iti39",
    steps: [
      { transaction: "iti38", url: probe.url, status: "up", reason: null, reasons: [], phases: probe.phases, note: null, otherTransaction: null, detail: null },
      { transaction: "iti39", url: "https://gw.example.test/iti39", status: "down", reason: "retrieve_failed", reasons: ["retrieve_failed"], phases: probe.phases, note: null, otherTransaction: null, registryErrors: ["XDSDocumentUniqueIdError"], detail: "x" },
      { transaction: "rad75", url: null, status: "skipped", reason: null, reasons: [], phases: null, note: "no_endpoint", otherTransaction: null, detail: null },
    ],
  };
  const f = buildCheckEvidenceFacts({ checkResultId: 43, result: chained, trigger: "user", performedBy: null, institution: { id: "i-1", name: "Ziekenhuis", ura: "12345678" }, endpoint: { id: "e-1", url: probe.url, transaction: "iti-38", environment: "acceptance", homeCommunityId: "urn:oid:1.2.3" } });
  assert.equal(f.steps?.length, 3);
  assert.equal(f.steps![0], "ITI-38: bereikbaar");
  assert.match(f.steps![1], /^ITI-39: onbereikbaar — Document ophalen mislukt$/);
  assert.match(f.steps![2], /^RAD-75 — Overgeslagen: deze instelling heeft geen actief RAD-75-adres/);
  assert.match(f.findings[0].explanation, /ophalen \(ITI-39\).*XDSDocumentUniqueIdError/);
  const pdf = await renderCheckEvidencePdf(f, new Date("2026-11-20T14:00:00Z"));
  assert.ok((await PDFDocument.load(pdf)).getPageCount() >= 1);
  // A transport result has no steps, so earlier evidence facts keep their exact shape.
  assert.equal("steps" in facts, false);
});
