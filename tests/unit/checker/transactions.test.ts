/**
 * Issue 15 §1: one request per transaction. Table tests of the new codes per transaction and mode
 * (classify), the ITI-39/RAD-75 envelopes and their MTOM responses (soap), the KOS reader (dicom),
 * and the demo seed's addresses landing on the simulator path of their own transaction.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyProbe, type ProbeFacts, type ProbeTransaction, type SoapFacts } from "@/lib/checker/classify";
import { readKosReference, writeDicom, writeKos, KOS_SOP_CLASS } from "@/lib/checker/dicom";
import { demoUrl } from "@/lib/checker/demo";
import {
  buildIti39Request,
  buildProbeRequest,
  buildRad75Request,
  nonexistentUid,
  parseSoapResponse,
  parseXcaRequest,
  RAD75,
  REGISTRY_STATUS,
  toXcaTransaction,
  TRANSACTION_INFO,
  transactionOfAction,
} from "@/lib/checker/soap";
import { billionLaughs, demoDocuments, demoInstances, DEMO_UIDS, faultEnvelope, mtomMessage, queryResponseEnvelope, retrieveResponse } from "@/lib/checker/simulator/responses";
import { transactionForPath, type Simulator } from "@/lib/checker/simulator/server";
import { describeVerdict } from "@/lib/checker/verdicts";
import { demoEndpoints } from "@/db/seed/endpoints";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";

const NOW = new Date("2026-11-22T12:00:00Z");
const MSG = "urn:uuid:11111111-2222-4333-8444-555555555555";
const TRANSACTIONS: ProbeTransaction[] = ["iti38", "iti39", "rad75"];

function facts(transaction: ProbeTransaction, mode: "transport" | "query", soap: SoapFacts, statusCode = 200): ProbeFacts {
  return {
    mode,
    transaction,
    tlsExpected: false,
    url: { ok: true },
    dns: { ok: true, addresses: ["203.0.114.10"] },
    target: { ok: true },
    connect: { ok: true, address: "203.0.114.10" },
    http: { outcome: "response", statusCode, location: null, contentType: "application/soap+xml", bodyBytes: 900 },
    soap,
    request: { messageId: MSG, expectedAction: TRANSACTION_INFO[transaction].responseAction },
    totalMs: 100,
  };
}

const registry = (outcome: "Success" | "PartialSuccess" | "Failure", errorCode?: string) => ({
  status: REGISTRY_STATUS[outcome],
  outcome,
  errors: errorCode ? [{ errorCode, codeContext: null, severity: null }] : [],
  documentCount: outcome === "Failure" ? 0 : 1,
});
const answer = (t: ProbeTransaction, over: Partial<Extract<SoapFacts, { kind: "envelope" }>> = {}): SoapFacts => ({
  kind: "envelope",
  action: TRANSACTION_INFO[t].responseAction,
  relatesTo: MSG,
  fault: null,
  registry: registry("Success"),
  ...over,
});
const fault = (code: string, subcodes: string[] = [], relatesTo: string | null = MSG): SoapFacts => ({
  kind: "envelope",
  action: "http://www.w3.org/2005/08/addressing/soap/fault",
  relatesTo,
  fault: { code, subcodes, reason: "x" },
  registry: null,
});
const other = (t: ProbeTransaction): ProbeTransaction => (t === "iti38" ? "iti39" : "iti38");

type Row = [string, ProbeFacts, "up" | "degraded" | "down", string[]];
const rows: Row[] = TRANSACTIONS.flatMap((t): Row[] => {
  const failure = t === "iti38" ? "XDSUnknownPatientId" : "XDSDocumentUniqueIdError";
  return [
    [`${t} transport: Success`, facts(t, "transport", answer(t)), "up", []],
    [`${t} transport: ebRS Failure ${failure} is alive`, facts(t, "transport", answer(t, { registry: registry("Failure", failure) })), "up", []],
    [`${t} transport: security Sender fault (400) is alive`, facts(t, "transport", fault("Sender", ["wsse:InvalidSecurity"]), 400), "up", []],
    [`${t} transport: ActionNotSupported fault`, facts(t, "transport", fault("Sender", ["wsa:ActionNotSupported"]), 400), "down", ["action_not_supported"]],
    [`${t} transport: ActionNotSupported in another prefix`, facts(t, "transport", fault("Sender", ["a:ActionNotSupported"]), 400), "down", ["action_not_supported"]],
    [`${t} transport: answer of another transaction`, facts(t, "transport", answer(t, { action: TRANSACTION_INFO[other(t)].responseAction })), "down", ["action_not_supported"]],
    [`${t} transport: ActionNotSupported with a foreign RelatesTo`, facts(t, "transport", fault("Sender", ["wsa:ActionNotSupported"], "urn:uuid:other"), 400), "down", ["action_not_supported", "wsa_mismatch"]],
    [`${t} transport: wrong RelatesTo`, facts(t, "transport", answer(t, { relatesTo: "urn:uuid:other" })), "down", ["wsa_mismatch"]],
    [`${t} transport: unknown Action`, facts(t, "transport", answer(t, { action: "urn:example:Other" })), "down", ["wsa_mismatch"]],
    [`${t} transport: DOCTYPE on HTTP 500`, facts(t, "transport", { kind: "unsafe", detail: "DOCTYPE" }, 500), "down", ["unsafe_xml"]],
    [`${t} query: DOCTYPE on HTTP 400`, facts(t, "query", { kind: "unsafe", detail: "DOCTYPE" }, 400), "down", ["unsafe_xml"]],
    [`${t} query: DOCTYPE on HTTP 200`, facts(t, "query", { kind: "unsafe", detail: "DOCTYPE" }), "down", ["unsafe_xml"]],
    [`${t} query: Success`, facts(t, "query", answer(t)), "up", []],
    [`${t} query: Failure`, facts(t, "query", answer(t, { registry: registry("Failure", failure) })), "down", ["registry_failure"]],
    [`${t} query: security Sender fault is a fault`, facts(t, "query", fault("Sender"), 400), "down", ["soap_fault"]],
    [`${t} query: ActionNotSupported`, facts(t, "query", fault("Sender", ["wsa:ActionNotSupported"]), 400), "down", ["action_not_supported"]],
    [`${t} query: answer of another transaction`, facts(t, "query", answer(t, { action: TRANSACTION_INFO[other(t)].responseAction })), "down", ["action_not_supported"]],
  ];
});

for (const [name, f, status, reasons] of rows) {
  test(`classify: ${name}`, () => {
    const v = classifyProbe(f, { slowMs: 2000, now: NOW });
    assert.equal(v.status, status);
    assert.deepEqual(v.reasons, reasons);
  });
}

test("transaction names: registry spelling, CLI spelling, actions", () => {
  assert.equal(toXcaTransaction("iti-39"), "iti39");
  assert.equal(toXcaTransaction("RAD75"), "rad75");
  assert.equal(toXcaTransaction("iti-41"), null);
  assert.equal(transactionOfAction("urn:ihe:iti:2007:CrossGatewayRetrieveResponse"), "iti39");
  assert.equal(transactionOfAction("urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet"), "rad75");
  assert.equal(transactionOfAction("urn:example:x"), null);
});

test("ITI-39 request: the three identifiers, read back as the simulator reads them", () => {
  const xml = buildIti39Request({ to: "https://gw/x", messageId: MSG, documents: [{ homeCommunityId: "urn:oid:1.2.3", repositoryUniqueId: "1.2.3.4", documentUniqueId: "1.2.3.4.5" }] });
  assert.match(xml, /<wsa:Action env:mustUnderstand="true">urn:ihe:iti:2007:CrossGatewayRetrieve<\/wsa:Action>/);
  const r = parseXcaRequest(xml);
  assert.ok(r.ok);
  assert.equal(r.request.action, "urn:ihe:iti:2007:CrossGatewayRetrieve");
  assert.deepEqual(r.request.documents, [{ homeCommunityId: "urn:oid:1.2.3", repositoryUniqueId: "1.2.3.4", documentUniqueId: "1.2.3.4.5" }]);
  assert.equal(r.request.patientId, null);
});

test("RAD-75 request: study > series > instance and the transfer syntax list", () => {
  const xml = buildRad75Request({
    to: "https://gw/x",
    messageId: MSG,
    instances: [{ homeCommunityId: "urn:oid:1.2.3", repositoryUniqueId: "1.2.3.4", documentUniqueId: "1.9.3", studyInstanceUid: "1.9", seriesInstanceUid: "1.9.2" }],
  });
  assert.match(xml, /urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet</);
  const r = parseXcaRequest(xml);
  assert.ok(r.ok);
  assert.deepEqual(r.request.instances, [{ homeCommunityId: "urn:oid:1.2.3", repositoryUniqueId: "1.2.3.4", documentUniqueId: "1.9.3", studyInstanceUid: "1.9", seriesInstanceUid: "1.9.2" }]);
  assert.deepEqual(r.request.transferSyntaxes, [RAD75.transferSyntax]);
});

test("transport-mode retrieves ask for an identifier nobody has, derived from the MessageID", () => {
  assert.equal(nonexistentUid(MSG), `2.25.${BigInt("0x11111111222243338444555555555555")}`);
  for (const transaction of ["iti39", "rad75"] as const) {
    const r = parseXcaRequest(buildProbeRequest({ transaction, mode: "transport", to: "https://gw/x", messageId: MSG, homeCommunityId: "urn:oid:1.2" }));
    assert.ok(r.ok);
    const ids = [...r.request.documents, ...r.request.instances].map((d) => d.documentUniqueId);
    assert.deepEqual(ids, [nonexistentUid(MSG)]);
    assert.doesNotMatch(JSON.stringify(r.request), /999990019/);
  }
});

test("retrieve response over MTOM/XOP: documents resolved from their parts, bytes intact", () => {
  const pdf = demoDocuments().get(DEMO_UIDS.report)!;
  const xml = queryResponseEnvelope(
    MSG,
    retrieveResponse({ status: "Success", documents: [{ homeCommunityId: "urn:oid:1", repositoryUniqueId: "1.2", uniqueId: pdf.uniqueId, mimeType: pdf.mimeType, contentId: "doc-1@x" }] }),
    TRANSACTION_INFO.iti39.responseAction,
  );
  const m = mtomMessage(xml, undefined, { attachments: [{ contentId: "doc-1@x", contentType: "application/pdf", bytes: pdf.bytes }], action: TRANSACTION_INFO.iti39.responseAction });
  const f = parseSoapResponse(m.contentType, m.body);
  assert.ok(f.kind === "envelope");
  assert.equal(f.payload, "retrieve");
  assert.equal(f.registry?.outcome, "Success");
  assert.equal(f.documents?.length, 1);
  assert.equal(f.documents![0].mimeType, "application/pdf");
  assert.ok(f.documents![0].content!.equals(pdf.bytes));
  assert.match(pdf.bytes.toString("latin1"), /^%PDF-1\.4[\s\S]*%%EOF\n$/);
  // A Failure without documents (what transport mode sees) is still a retrieve answer.
  const failure = parseSoapResponse("application/soap+xml", Buffer.from(queryResponseEnvelope(MSG, retrieveResponse({ status: "Failure", errors: [{ errorCode: "XDSDocumentUniqueIdError", codeContext: "x" }] }))));
  assert.ok(failure.kind === "envelope");
  assert.deepEqual(failure.registry?.errors.map((e) => e.errorCode), ["XDSDocumentUniqueIdError"]);
  // Hostile XML in the root part of a multipart answer is refused as well.
  const hostile = mtomMessage(billionLaughs());
  assert.equal(parseSoapResponse(hostile.contentType, hostile.body).kind, "unsafe");
  // ActionNotSupported fault text as the simulator writes it.
  const anf = parseSoapResponse("application/soap+xml", Buffer.from(faultEnvelope({ code: "Sender", subcode: "wsa:ActionNotSupported", reason: "nee", relatesTo: MSG })));
  assert.ok(anf.kind === "envelope" && anf.fault?.subcodes[0] === "wsa:ActionNotSupported");
});

test("KOS: the referenced study, series and instance are read; junk and other SOP classes are refused", () => {
  const kos = demoDocuments().get(DEMO_UIDS.kos)!;
  assert.deepEqual(readKosReference(kos.bytes), {
    ok: true,
    reference: { studyInstanceUid: DEMO_UIDS.study, seriesInstanceUid: DEMO_UIDS.ctSeries, documentUniqueId: DEMO_UIDS.ctInstance },
  });
  assert.ok(demoInstances().get(DEMO_UIDS.ctInstance)!.bytes.length > 132);
  assert.equal(readKosReference(Buffer.from("not dicom")).ok, false);
  const ct = readKosReference(demoInstances().get(DEMO_UIDS.ctInstance)!.bytes);
  assert.ok(!ct.ok && /not a Key Object Selection/.test(ct.detail));
  const truncated = readKosReference(kos.bytes.subarray(0, kos.bytes.length - 20));
  assert.equal(truncated.ok, false);
  const empty = readKosReference(writeDicom(KOS_SOP_CLASS, "1.2", []));
  assert.ok(!empty.ok && /references no instance/.test(empty.detail));
  const again = writeKos({ sopInstanceUid: "1.1", studyInstanceUid: "1.2", seriesInstanceUid: "1.3", referenced: { sopClassUid: "1.2.840.10008.5.1.4.1.1.2", sopInstanceUid: "1.4.1", seriesInstanceUid: "1.4" } });
  assert.deepEqual(readKosReference(again), { ok: true, reference: { studyInstanceUid: "1.2", seriesInstanceUid: "1.4", documentUniqueId: "1.4.1" } });
});

test("the simulator serves each transaction on its own path; the demo seed's addresses land on their own", () => {
  assert.equal(transactionForPath("/ok/xca/iti38"), "iti38");
  assert.equal(transactionForPath("/ok/xca/iti39"), "iti39");
  assert.equal(transactionForPath("/ok/xca-i/rad75"), "rad75");
  const fakeSim = { url: (scenario: string, o: { path?: string } = {}) => `https://127.0.0.1:1/${scenario}/${o.path ?? ""}` } as unknown as Simulator;
  const rows = demoEndpoints(DEMO_INSTITUTIONS);
  assert.ok(rows.length > 10);
  for (const row of rows) {
    const url = new URL(demoUrl(fakeSim, { originalUrl: row.url, ura: row.ura, environment: row.environment }));
    assert.equal(transactionForPath(url.pathname), toXcaTransaction(row.transaction), row.url);
  }
});

test("texts: the transaction names are parameters, in both languages", () => {
  const nl = describeVerdict("action_not_supported", { transaction: "RAD-75", otherTransaction: "ITI-39" }, "nl");
  assert.equal(nl.explanation, "Dit adres ondersteunt deze transactie niet; controleer of het RAD-75-adres is geregistreerd en niet het ITI-39-adres.");
  const en = describeVerdict("retrieve_failed", { transaction: "ITI-39", registryErrors: "XDSDocumentUniqueIdError" }, "en");
  assert.match(en.explanation, /the retrieve \(ITI-39\) returned an error or no usable document \(XDSDocumentUniqueIdError\)/);
  assert.equal(describeVerdict("retrieve_failed", {}, "nl").severity, "down");
});
