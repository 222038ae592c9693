import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { matchesBounds, parseEndpointSearch, parseFhirDate, parseHistoryParams, parseOrganizationSearch } from "@/lib/fhir/search";
import { toFhirEndpoint, vendorOrgId } from "@/lib/fhir/mapping";

const q = (s: string) => new URLSearchParams(s);
const ID = "11111111-1111-4111-8111-111111111111";

describe("parseEndpointSearch", () => {
  const ok: [string, Record<string, unknown>][] = [
    ["", { count: 50, offset: 0, lastUpdated: [] }],
    [`_id=${ID}`, { ids: [ID] }],
    ["identifier=urn:ietf:rfc:3986|urn:oid:1.2.3", { homeCommunityIds: ["urn:oid:1.2.3"] }],
    ["identifier=urn:oid:1.2.3", { homeCommunityIds: ["urn:oid:1.2.3"] }],
    ["identifier=http://other|x", { homeCommunityIds: [] }],
    [`organization=Organization/${ID}`, { institutionIds: [ID], vendorCodes: [] }],
    ["organization=vendor-founda", { institutionIds: [], vendorCodes: ["founda"] }],
    ["status=active,suspended", { statuses: ["active", "suspended"] }],
    ["_count=500", { count: 200 }],
    ["_count=10&_offset=20", { count: 10, offset: 20 }],
    ["_format=json", {}],
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
  const bad: [string, RegExp][] = [
    ["foo=bar", /Unknown or unsupported search parameter "foo"/],
    ["name=x", /"name"/],
    ["status=deleted", /Unknown Endpoint status/],
    ["_count=0", /_count/],
    ["_count=abc", /_count/],
    ["_offset=-1", /_offset/],
    ["_lastUpdated=yesterday", /_lastUpdated/],
    ["_format=xml", /_format/],
    ["identifier:exact=x", /identifier:exact/],
  ];
  for (const [input, message] of bad) {
    test(`refused: ${input}`, () => {
      const res = parseEndpointSearch(q(input));
      assert.ok(!res.ok);
      assert.match(res.message, message);
    });
  }
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
    const r = toFhirEndpoint(row, { ura: "99000001" });
    assert.equal(specific(r).system, "https://duo-portaal.example/fhir/CodeSystem/endpoint-types");
    assert.equal(r.managingOrganization.reference, `Organization/${vendorOrgId("alphatron")}`);
    assert.deepEqual(r.period, { start: "2026-01-01T00:00:00.000Z" });
    assert.deepEqual(r.meta, { versionId: "4", lastUpdated: "2026-02-01T00:00:00.000Z" });
    assert.equal(r.status, "off");
  });
  test("ITI-38 and ITI-39 use the mCSD codes", () => {
    assert.equal(specific(toFhirEndpoint({ ...row, transaction: "iti-38" }, { ura: "1" })).code, "XCA-RespGateway-Query");
    assert.equal(specific(toFhirEndpoint({ ...row, transaction: "iti-39" }, { ura: "1" })).code, "XCA-RespGateway-Retrieve");
  });
});
