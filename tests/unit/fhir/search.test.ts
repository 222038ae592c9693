import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  acceptsJson,
  decodeCursor,
  encodeCursor,
  handlingOf,
  matchesBounds,
  matchesName,
  parseEndpointSearch,
  parseFhirDate,
  parseHistoryParams,
  parseOrganizationSearch,
  parseReadParams,
} from "@/lib/fhir/search";
import { toFhirEndpoint, vendorOrgId } from "@/lib/fhir/mapping";

const q = (s: string) => new URLSearchParams(s);
const ID = "11111111-1111-4111-8111-111111111111";

describe("parseEndpointSearch", () => {
  const ok: [string, Record<string, unknown>][] = [
    ["", { count: 50, total: "accurate", pretty: false, lastUpdated: [] }],
    [`_id=${ID}`, { ids: [ID] }],
    ["identifier=urn:ietf:rfc:3986|urn:oid:1.2.3", { homeCommunityIds: ["urn:oid:1.2.3"] }],
    ["identifier=urn:oid:1.2.3", { homeCommunityIds: ["urn:oid:1.2.3"] }],
    ["identifier=http://other|x", { homeCommunityIds: [] }],
    [`organization=Organization/${ID}`, { institutionIds: [ID], vendorCodes: [] }],
    ["organization=vendor-founda", { institutionIds: [], vendorCodes: ["founda"] }],
    ["status=active,suspended", { statuses: ["active", "suspended"] }],
    ["_count=500", { count: 200 }],
    ["_count=0", { count: 0 }],
    ["_summary=count&_count=10", { count: 0, summary: "count" }],
    ["_total=none&_pretty=true", { total: "none", pretty: true }],
    ["_elements=address,status&_elements=name", { elements: ["address", "status", "name"] }],
    ["connection-type=http://terminology.hl7.org/CodeSystem/endpoint-connection-type|ihe-xca", { connectionTypeMatches: true }],
    ["connection-type=hl7-fhir-rest", { connectionTypeMatches: false }],
    ["_include=Endpoint:organization&_revinclude=Organization:endpoint", { includeManagingOrganizations: true, revIncludeOrganizations: true }],
    [`_cursor=${encodeCursor({ key: ID, syncPoint: new Date("2026-01-01T00:00:00Z") })}`, { cursor: { key: ID, syncPoint: new Date("2026-01-01T00:00:00Z") } }],
    ["_format=json", {}],
    ["_format=application/fhir+json", {}],
  ];
  for (const [input, expected] of ok) {
    test(`ok: ${input || "(none)"}`, () => {
      const res = parseEndpointSearch(q(input));
      assert.ok(res.ok, JSON.stringify(res));
      for (const [k, v] of Object.entries(expected)) assert.deepEqual((res.value as Record<string, unknown>)[k], v, k);
    });
  }
  test("_lastUpdated with prefixes", () => {
    const res = parseEndpointSearch(q("_lastUpdated=ge2026-01-01&_lastUpdated=lt2026-02-01T00:00:00Z"));
    assert.ok(res.ok);
    assert.deepEqual(res.value.lastUpdated.map((b) => [b.op, b.at.toISOString()]), [
      ["ge", "2026-01-01T00:00:00.000Z"],
      ["lt", "2026-02-01T00:00:00.000Z"],
    ]);
  });
  const bad: [string, RegExp, number, string][] = [
    ["foo=bar", /Unknown or unsupported parameter "foo"/, 400, "not-supported"],
    ["name=x", /"name"/, 400, "not-supported"],
    ["_offset=20", /"_offset"/, 400, "not-supported"],
    ["_sort=_id", /"_sort"/, 400, "not-supported"],
    ["_summary=true", /_summary=true/, 400, "not-supported"],
    ["_include=Endpoint:location", /Endpoint:location/, 400, "not-supported"],
    ["status=deleted", /Unknown Endpoint status/, 400, "invalid"],
    ["_count=abc", /_count/, 400, "invalid"],
    ["_cursor=abc", /_cursor/, 400, "invalid"],
    ["_total=maybe", /_total/, 400, "invalid"],
    ["_elements=a.b", /_elements/, 400, "invalid"],
    ["_lastUpdated=yesterday", /_lastUpdated/, 400, "invalid"],
    ["_format=xml", /_format/, 406, "not-supported"],
    ["_format=application/fhir+xml", /_format/, 406, "not-supported"],
    ["identifier:exact=x", /identifier:exact/, 400, "not-supported"],
  ];
  for (const [input, message, status, code] of bad) {
    test(`refused: ${input}`, () => {
      const res = parseEndpointSearch(q(input));
      assert.ok(!res.ok);
      assert.match(res.message, message);
      assert.equal(res.status, status);
      assert.equal(res.code, code);
    });
  }
  test("lenient handling ignores and reports unknown parameters; malformed values and formats are still refused", () => {
    const res = parseEndpointSearch(q("foo=bar&_sort=_id&_summary=true&status=active"), "lenient");
    assert.ok(res.ok);
    assert.deepEqual(res.value.statuses, ["active"]);
    assert.deepEqual(res.ignored.map((i) => i.param), ["foo", "_sort", "_summary"]);
    assert.equal(res.value.summary, undefined);
    assert.equal(parseEndpointSearch(q("status=deleted"), "lenient").ok, false);
    const xml = parseEndpointSearch(q("_format=xml&foo=1"), "lenient");
    assert.ok(!xml.ok);
    assert.equal(xml.status, 406);
  });
});

describe("parseOrganizationSearch and parseHistoryParams", () => {
  test("identifier by system", () => {
    const ura = parseOrganizationSearch(q("identifier=http://fhir.nl/fhir/NamingSystem/ura|99000001"));
    assert.ok(ura.ok);
    assert.deepEqual([ura.value.uras, ura.value.kvks], [["99000001"], []]);
    const any = parseOrganizationSearch(q("identifier=90000011"));
    assert.ok(any.ok);
    assert.deepEqual([any.value.uras, any.value.kvks], [["90000011"], ["90000011"]]);
  });
  test("name: starts with by default, :contains and :exact", () => {
    const starts = parseOrganizationSearch(q("name=Zieken"));
    assert.ok(starts.ok);
    assert.deepEqual(starts.value.name, { value: "Zieken", mode: "starts" });
    const contains = parseOrganizationSearch(q("name:contains=huis"));
    assert.ok(contains.ok);
    assert.deepEqual(contains.value.name, { value: "huis", mode: "contains" });
    assert.equal(matchesName("Enovation B.V.", { value: "eno", mode: "starts" }), true);
    assert.equal(matchesName("Enovation B.V.", { value: "B.V", mode: "contains" }), true);
    assert.equal(matchesName("Enovation B.V.", { value: "enovation b.v.", mode: "exact" }), false);
    assert.equal(parseOrganizationSearch(q("name:fuzzy=x")).ok, false);
  });
  test("_include and _revinclude", () => {
    const res = parseOrganizationSearch(q("_include=Organization:endpoint&_revinclude=Endpoint:organization"));
    assert.ok(res.ok);
    assert.equal(res.value.includeEndpoints, true);
    assert.equal(res.value.revIncludeEndpoints, true);
  });
  test("active must be a boolean; unknown parameters refused", () => {
    assert.equal(parseOrganizationSearch(q("active=yes")).ok, false);
    assert.equal(parseOrganizationSearch(q("status=active")).ok, false);
  });
  test("_since", () => {
    const res = parseHistoryParams(q("_since=2026-01-01T10:00:00.5Z&_count=5"));
    assert.ok(res.ok);
    assert.equal(res.value.since?.toISOString(), "2026-01-01T10:00:00.500Z");
    assert.equal(parseHistoryParams(q("_since=2026-01-01T10:00")).ok, false, "an instant needs a zone");
    assert.equal(parseHistoryParams(q("_at=2026-01-01")).ok, false);
  });
  test("cursors: opaque, round-trip, tampered ones refused", () => {
    const c = { key: "2026-01-01T00:00:00.123456Z_42", syncPoint: new Date("2026-01-01T10:00:00.5Z") };
    assert.deepEqual(decodeCursor(encodeCursor(c)), c);
    assert.equal(decodeCursor(Buffer.from(JSON.stringify({ k: "x' or 1=1", t: 1 })).toString("base64url")), null);
    assert.equal(decodeCursor(Buffer.from(JSON.stringify({ k: "x", t: -1 })).toString("base64url")), null);
    assert.equal(decodeCursor("not a cursor!"), null);
  });
  test("Prefer handling and Accept", () => {
    assert.equal(handlingOf(null), "strict");
    assert.equal(handlingOf("handling=lenient"), "lenient");
    assert.equal(handlingOf("return=minimal, handling = lenient"), "lenient");
    assert.equal(handlingOf("handling=strict"), "strict");
    assert.equal(acceptsJson(null), true);
    assert.equal(acceptsJson("application/fhir+json"), true);
    assert.equal(acceptsJson("text/html,application/xhtml+xml,*/*;q=0.8"), true);
    assert.equal(acceptsJson("application/fhir+xml"), false);
    assert.equal(acceptsJson("application/xml, text/xml"), false);
    assert.equal(acceptsJson("application/json;q=0"), false);
  });
  test("read parameters: _format, _pretty, _elements; other parameters are no concern of a read", () => {
    const ok = parseReadParams(q("_pretty=true&_elements=address&foo=bar"));
    assert.ok(ok.ok);
    assert.deepEqual(ok.value, { pretty: true, elements: ["address"], summary: undefined });
    const xml = parseReadParams(q("_format=xml"));
    assert.ok(!xml.ok);
    assert.equal(xml.status, 406);
  });
  test("parseFhirDate and matchesBounds", () => {
    assert.equal(parseFhirDate("2026-02-30"), null);
    const at = new Date("2026-01-02T00:00:00Z");
    assert.equal(matchesBounds(at, [{ op: "ge", at }]), true);
    assert.equal(matchesBounds(at, [{ op: "gt", at }]), false);
    assert.equal(matchesBounds(at, []), true);
  });
});

const specific = (r: ReturnType<typeof toFhirEndpoint>) => (r.extension[0] as { valueCodeableConcept: { coding: { system: string; code: string }[] } }).valueCodeableConcept.coding[0];

describe("toFhirEndpoint", () => {
  const row = {
    id: ID,
    vendorCode: "alphatron",
    environment: "production" as const,
    transaction: "rad-75" as const,
    url: "https://gw.example/rad75",
    homeCommunityId: "urn:oid:1.2.3",
    status: "off" as const,
    periodStart: "2026-01-01T00:00:00.000Z",
    periodEnd: null,
    version: 4,
    updatedAt: "2026-02-01T00:00:00.000Z",
  };
  test("RAD-75 gets the local code, the vendor manages it, the period is kept", () => {
    const r = toFhirEndpoint(row);
    assert.equal(specific(r).system, "https://duo-portaal.example/fhir/CodeSystem/endpoint-types");
    assert.equal(r.managingOrganization.reference, `Organization/${vendorOrgId("alphatron")}`);
    assert.deepEqual(r.period, { start: "2026-01-01T00:00:00.000Z" });
    assert.deepEqual(r.meta, { versionId: "4", lastUpdated: "2026-02-01T00:00:00.000Z" });
    assert.equal(r.status, "off");
  });
  test("ITI-38 and ITI-39 use the mCSD codes", () => {
    assert.equal(specific(toFhirEndpoint({ ...row, transaction: "iti-38" })).code, "XCA-RespGateway-Query");
    assert.equal(specific(toFhirEndpoint({ ...row, transaction: "iti-39" })).code, "XCA-RespGateway-Retrieve");
  });
});
