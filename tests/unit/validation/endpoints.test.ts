import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { amsterdamToInstant, endpointSchemaOptionsFromEnv, fieldMessages, makeEndpointSchema, parseInstant, toAmsterdamInput, type EndpointFormInput } from "@/lib/validation/endpoints";
import { translate } from "@/lib/i18n/messages";

/** The text of each message key, in Dutch or English. */
const dutch = (k: string, v?: Record<string, string | number>) => translate("nl", k, v);
const english = (k: string, v?: Record<string, string | number>) => translate("en", k, v);

const base: EndpointFormInput = {
  institutionId: "11111111-1111-4111-8111-111111111111",
  environment: "production",
  transaction: "iti-38",
  url: "https://gw.ziekenhuis.example/xca/iti38",
  homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.101.1",
  vendorCode: "enovation",
};

const fieldsOf = (input: Partial<EndpointFormInput> & Record<string, unknown>, opts = {}) => {
  const res = makeEndpointSchema(opts).safeParse({ ...base, ...input });
  return res.success ? {} : fieldMessages(res.error.issues, (k, v) => (k.startsWith("registry.v.") ? k : dutch(k, v)));
};

describe("makeEndpointSchema: table", () => {
  const cases: { name: string; input: Record<string, unknown>; field?: string; message?: RegExp; opts?: object }[] = [
    { name: "valid production endpoint", input: {} },
    { name: "valid with urn:uuid homeCommunityId", input: { homeCommunityId: "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8" } },
    { name: "plain http refused", input: { url: "http://gw.ziekenhuis.example/x" }, field: "url", message: /Alleen https/ },
    { name: "javascript: scheme", input: { url: "javascript:alert(1)" }, field: "url", message: /javascript:/ },
    { name: "file: scheme", input: { url: "file:///etc/passwd" }, field: "url", message: /file:/ },
    { name: "malformed URL", input: { url: "https://" }, field: "url" },
    { name: "private address in production", input: { url: "https://192.168.1.10/x" }, field: "url", message: /privé-adres/ },
    { name: "private address allowed in acceptance", input: { url: "https://192.168.1.10/x", environment: "acceptance" } },
    { name: "loopback allowed when allow-listed", input: { url: "https://127.0.0.1:9443/x" }, opts: { allowedInternalTargets: ["127.0.0.1/32"] } },
    { name: "http allowed only for allow-listed hosts", input: { url: "http://127.0.0.1:9080/x", environment: "acceptance" }, opts: { httpAllowedHosts: ["127.0.0.1"] } },
    { name: "URL too long", input: { url: `https://gw.example/${"a".repeat(5000)}` }, field: "url", message: /registry\.v\.url_too_long/ },
    { name: "homeCommunityId without urn:oid", input: { homeCommunityId: "2.16.840.1" }, field: "homeCommunityId", message: /urn:oid:/ },
    { name: "homeCommunityId with a bad OID", input: { homeCommunityId: "urn:oid:2.16.0840" }, field: "homeCommunityId" },
    { name: "unknown environment", input: { environment: "test" }, field: "environment", message: /registry\.v\.environment_invalid/ },
    { name: "unknown transaction", input: { transaction: "iti-18" }, field: "transaction" },
    { name: "unknown vendor", input: { vendorCode: "acme" }, field: "vendorCode" },
    { name: "unknown status", input: { status: "deleted" }, field: "status" },
    { name: "institution not a UUID", input: { institutionId: "abc" }, field: "institutionId" },
    { name: "period start after end", input: { periodStart: "2026-06-01T00:00", periodEnd: "2026-05-01T00:00" }, field: "periodEnd", message: /period_order/ },
    { name: "period start equal to end", input: { periodStart: "2026-06-01T00:00:00Z", periodEnd: "2026-06-01T02:00:00+02:00" }, field: "periodEnd" },
    { name: "period with only a start", input: { periodStart: "2026-06-01" } },
    { name: "impossible date", input: { periodStart: "2026-02-31" }, field: "periodStart", message: /instant_invalid/ },
    { name: "weekly window ok", input: { maintenanceWindows: [{ kind: "weekly", day: "7", start: "02:00", end: "04:00" }] } },
    { name: "weekly window over midnight", input: { maintenanceWindows: [{ kind: "weekly", day: 7, start: "23:00", end: "01:00" }] }, field: "maintenanceWindows.0.end", message: /window_order/ },
    { name: "weekly window bad day", input: { maintenanceWindows: [{ kind: "weekly", day: 8, start: "02:00", end: "04:00" }] }, field: "maintenanceWindows.0.day" },
    { name: "weekly window bad time", input: { maintenanceWindows: [{ kind: "weekly", day: 1, start: "2:00", end: "04:00" }] }, field: "maintenanceWindows.0.start" },
    { name: "one-off window ok", input: { maintenanceWindows: [{ kind: "once", start: "2026-03-01T22:00", end: "2026-03-02T02:00" }] } },
    { name: "one-off window reversed", input: { maintenanceWindows: [{ kind: "once", start: "2026-03-02T22:00", end: "2026-03-02T02:00" }] }, field: "maintenanceWindows.0.end" },
    { name: "unknown window kind", input: { maintenanceWindows: [{ kind: "monthly", start: "x", end: "y" }] }, field: "maintenanceWindows.0.kind" },
    { name: "too many windows", input: { maintenanceWindows: Array.from({ length: 21 }, () => ({ kind: "weekly", day: 1, start: "01:00", end: "02:00" })) }, field: "maintenanceWindows", message: /too_many_windows/ },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const fields = fieldsOf(c.input as Partial<EndpointFormInput>, c.opts);
      if (!c.field) assert.deepEqual(fields, {});
      else {
        assert.ok(fields[c.field], `expected an error on ${c.field}, got ${JSON.stringify(fields)}`);
        if (c.message) assert.match(fields[c.field], c.message);
      }
    });
  }

  test("output is normalised: URL, homeCommunityId, instants, defaults", () => {
    const out = makeEndpointSchema().parse({ ...base, homeCommunityId: " URN:OID:2.16.840.1.113883.2.4.3.101.1 ", periodStart: "2026-07-01T12:00", maintenanceWindows: [{ kind: "once", start: "2026-01-10T22:00", end: "2026-01-11T01:00", note: "" }] });
    assert.equal(out.homeCommunityId, "urn:oid:2.16.840.1.113883.2.4.3.101.1");
    assert.equal(out.status, "active");
    assert.equal(out.probeMode, "transport");
    assert.equal(out.periodStart?.toISOString(), "2026-07-01T10:00:00.000Z", "summer time: UTC+2");
    assert.equal(out.periodEnd, null);
    assert.deepEqual(out.maintenanceWindows, [{ kind: "once", start: "2026-01-10T21:00:00.000Z", end: "2026-01-11T00:00:00.000Z" }]);
  });

  test("the same issues in English through an English translator", () => {
    const res = makeEndpointSchema().safeParse({ ...base, url: "ftp://x.example", homeCommunityId: "x" });
    assert.ok(!res.success);
    const f = fieldMessages(res.error.issues, english);
    assert.equal(f.url, 'The scheme "ftp:" is not allowed; an endpoint URL starts with https://');
    assert.match(f.homeCommunityId, /must start with/);
    const env = makeEndpointSchema().safeParse({ ...base, environment: "test" });
    assert.equal(fieldMessages(env.error!.issues, english).environment, english("registry.v.environment_invalid"));
    assert.equal(fieldMessages(res.error.issues, dutch).url, 'Het schema "ftp:" is niet toegestaan; een endpoint-URL begint met https://');
  });
});

describe("instants in Dutch time", () => {
  const cases: [string, string | null][] = [
    ["2026-01-15T09:30", "2026-01-15T08:30:00.000Z"],
    ["2026-07-15T09:30", "2026-07-15T07:30:00.000Z"],
    ["2026-03-29T03:30", "2026-03-29T01:30:00.000Z"],
    ["2026-10-25T12:00", "2026-10-25T11:00:00.000Z"],
    ["2026-05-01", "2026-04-30T22:00:00.000Z"],
    ["2026-05-01T00:00:00Z", "2026-05-01T00:00:00.000Z"],
    ["2026-05-01T00:00:00+05:00", "2026-04-30T19:00:00.000Z"],
    ["2026-13-01", null],
    ["2026-04-31T10:00", null],
    ["2026-05-01T24:00", null],
    ["gisteren", null],
    ["", null],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.equal(parseInstant(input)?.toISOString() ?? null, expected));
  test("toAmsterdamInput round-trips", () => {
    assert.equal(toAmsterdamInput(amsterdamToInstant(2026, 7, 1, 9, 5)), "2026-07-01T09:05");
    assert.equal(toAmsterdamInput(null), "");
  });
});

describe("endpointSchemaOptionsFromEnv", () => {
  test("CHECKER_ALLOW_TARGETS and CHECKER_ALLOW_HTTP", () => {
    assert.deepEqual(endpointSchemaOptionsFromEnv({}), { allowedInternalTargets: [], httpAllowedHosts: [] });
    assert.deepEqual(endpointSchemaOptionsFromEnv({ CHECKER_ALLOW_TARGETS: "127.0.0.1/32, 10.0.0.0/8", CHECKER_ALLOW_HTTP: "true" }), {
      allowedInternalTargets: ["127.0.0.1/32", "10.0.0.0/8"],
      httpAllowedHosts: ["127.0.0.1"],
    });
  });
});
