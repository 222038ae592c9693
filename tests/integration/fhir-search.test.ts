/**
 * FHIR search as address books and replicas use it (issue 19): Prefer handling, the result
 * parameters (_summary, _total, _elements, _pretty), formats, _include/_revinclude, name
 * modifiers, connection-type and identifier systems, and what the CapabilityStatement declares.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_USERS } from "@/db/seed";
import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { asc, eq, inArray } from "drizzle-orm";
import { endpointCertificates, endpointHealth, endpoints } from "@/db/schema";
import { handleApiV1Request } from "@/lib/api/v1";
import { handleFhirRequest } from "@/lib/fhir/handler";
import { createApiToken } from "@/lib/registry/api-tokens";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { fhirSchemaErrors } from "@/tests/helpers/fhir-schema";
import { mcsdErrors } from "@/tests/helpers/mcsd-profiles";
import { signedInActor } from "@/tests/helpers/sessions";
import { demoInstitutionIds } from "@/tests/helpers/seeded";

let t: TestDb;
let token: string;
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
const BASE = "https://directory.example";

type Resource = { resourceType: string; id: string; meta: { versionId: string; lastUpdated: string; tag?: { code: string }[] }; [k: string]: unknown };
type Bundle = { resourceType: string; total?: number; link: { relation: string; url: string }[]; entry?: { resource: Resource; search?: { mode: string } }[] };

const fhir = (path: string, headers: Record<string, string> = {}) => {
  const req = new Request(`http://localhost:3000/fhir${path}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
  const segments = new URL(req.url).pathname.split("/").filter(Boolean).slice(1);
  return handleFhirRequest(req, segments, { db: t.db, now: new Date(), limitPerMinute: 100_000, publicUrl: { appUrl: BASE, trustProxy: false } });
};
async function ok(path: string, headers: Record<string, string> = {}): Promise<Bundle> {
  const res = await fhir(path, headers);
  assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
  const body = await res.json();
  assert.deepEqual(fhirSchemaErrors(body), [], `${path}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}
const matches = (b: Bundle) => (b.entry ?? []).filter((e) => e.search?.mode === "match").map((e) => e.resource);
const included = (b: Bundle) => (b.entry ?? []).filter((e) => e.search?.mode === "include").map((e) => e.resource);

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  const admin = await signedInActor(t.db, DEMO_USERS[0].email, new Date());
  token = (await createApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, values: { name: "search", scope: "programme", institutionId: null, vendorCode: null, expiresInDays: 30 }, now: new Date() })).token;
});
after(async () => {
  await t?.dispose();
});

describe("Prefer: handling", () => {
  test("strict (and no Prefer): an unknown parameter is a 400 OperationOutcome", async () => {
    for (const headers of [{}, { Prefer: "handling=strict" }] as Record<string, string>[]) {
      const res = await fhir("/Endpoint?colour=red", headers);
      assert.equal(res.status, 400);
      const body = await res.json();
      assert.equal(body.issue[0].code, "not-supported");
      assert.match(body.issue[0].diagnostics, /colour/);
    }
  });

  test("lenient: ignored, reported in an OperationOutcome entry, left out of the self link", async () => {
    const res = await fhir("/Endpoint?colour=red&status=active&_sort=_id&_count=5", { Prefer: "handling=lenient" });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("preference-applied"), "handling=lenient");
    const body = (await res.json()) as Bundle;
    assert.deepEqual(fhirSchemaErrors(body), []);
    assert.equal(matches(body).length, 5);
    assert.ok(matches(body).every((r) => r.status === "active"), "the supported parameter still applies");
    const outcome = body.entry!.filter((e) => e.search?.mode === "outcome");
    assert.equal(outcome.length, 1);
    const issues = (outcome[0].resource as unknown as { issue: { severity: string; diagnostics: string }[] }).issue;
    assert.deepEqual(issues.map((i) => i.severity), ["warning", "warning"]);
    assert.match(issues[0].diagnostics, /colour/);
    const self = new URL(body.link.find((l) => l.relation === "self")!.url);
    assert.equal(self.searchParams.get("colour"), null);
    assert.equal(self.searchParams.get("status"), "active");
    const next = new URL(body.link.find((l) => l.relation === "next")!.url);
    assert.equal(next.searchParams.get("_sort"), null);
  });

  test("lenient still refuses a malformed value of a supported parameter", async () => {
    assert.equal((await fhir("/Endpoint?status=broken", { Prefer: "handling=lenient" })).status, 400);
  });
});

describe("result parameters", () => {
  test("_summary=count and _count=0: only the total", async () => {
    const all = await ok("/Endpoint?_count=1");
    for (const q of ["_summary=count", "_count=0"]) {
      const b = await ok(`/Endpoint?${q}`);
      assert.equal(b.total, all.total);
      assert.equal(b.entry, undefined);
      assert.equal(b.link.find((l) => l.relation === "next"), undefined);
    }
    const orgs = await ok("/Organization?_summary=count");
    assert.equal(orgs.total, 133);
  });

  test("_total=none leaves the total out, paging still works", async () => {
    const b = await ok("/Organization?_total=none&_count=10");
    assert.equal(b.total, undefined);
    assert.equal(matches(b).length, 10);
    assert.ok(b.link.find((l) => l.relation === "next"));
    assert.equal((await ok("/Endpoint?_total=accurate&_count=1")).total! > 100, true);
  });

  test("_elements: the asked elements, id, meta and what R4 requires; tagged SUBSETTED", async () => {
    const b = await ok("/Endpoint?_elements=identifier&_count=3");
    for (const r of matches(b)) {
      assert.deepEqual(Object.keys(r).sort(), ["address", "connectionType", "id", "identifier", "meta", "payloadType", "resourceType", "status"]);
      assert.deepEqual(r.meta.tag?.map((t) => t.code), ["SUBSETTED"]);
    }
    const org = await ok("/Organization?_elements=name&_count=5");
    for (const r of matches(org)) assert.deepEqual(Object.keys(r).sort(), ["id", "meta", "name", "resourceType"]);
    const one = await fhir(`/Organization/${ids.home}?_elements=identifier`);
    assert.deepEqual(Object.keys(await one.json()).sort(), ["id", "identifier", "meta", "resourceType"]);
  });

  test("_pretty=true indents; _summary=true is not offered (400, or ignored when lenient)", async () => {
    const pretty = await (await fhir("/Organization?_count=1&_pretty=true")).text();
    assert.match(pretty, /^\{\n {2}"resourceType": "Bundle"/);
    assert.doesNotMatch(await (await fhir("/Organization?_count=1")).text(), /\n/);
    assert.equal((await fhir("/Endpoint?_summary=true")).status, 400);
    const lenient = await fhir("/Endpoint?_summary=true&_count=1", { Prefer: "handling=lenient" });
    assert.equal(lenient.status, 200);
  });
});

describe("formats", () => {
  const cases: [string, Record<string, string>, number][] = [
    ["/Endpoint?_format=xml", {}, 406],
    ["/Endpoint?_format=application/fhir%2Bxml", {}, 406],
    ["/Endpoint", { Accept: "application/fhir+xml" }, 406],
    ["/Endpoint", { Accept: "application/xml;q=1, text/xml" }, 406],
    ["/metadata", { Accept: "application/fhir+xml" }, 406],
    [`/Organization/${"00000000-0000-4000-8000-000000000000"}?_format=xml`, {}, 406],
    ["/Endpoint?_format=json&_count=1", {}, 200],
    ["/Endpoint?_format=application/fhir%2Bjson&_count=1", {}, 200],
    ["/Endpoint?_count=1", { Accept: "application/fhir+json" }, 200],
    ["/Endpoint?_count=1", { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" }, 200],
  ];
  for (const [path, headers, status] of cases) {
    test(`${path} ${JSON.stringify(headers)}: ${status}`, async () => {
      const res = await fhir(path, headers);
      assert.equal(res.status, status);
      assert.match(res.headers.get("content-type") ?? "", /^application\/fhir\+json/);
      if (status === 406) assert.equal((await res.json()).issue[0].code, "not-supported");
    });
  }
});

describe("what address books search with", () => {
  const homeUra = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura;

  test("an institution's endpoints: Organization.endpoint, Endpoint?organization=<institution>, _include and _revinclude agree", async () => {
    const org = (await (await fhir(`/Organization/${ids.home}`)).json()) as { endpoint: { reference: string }[] };
    const listed = org.endpoint.map((e) => e.reference).sort();
    const byParam = await ok(`/Endpoint?organization=Organization/${ids.home}&_count=200`);
    assert.deepEqual(matches(byParam).map((r) => `Endpoint/${r.id}`).sort(), listed);
    const withInclude = await ok(`/Organization?identifier=http://fhir.nl/fhir/NamingSystem/ura|${homeUra}&_include=Organization:endpoint`);
    assert.deepEqual(matches(withInclude).map((r) => r.id), [ids.home]);
    assert.deepEqual(included(withInclude).map((r) => `Endpoint/${r.id}`).sort(), listed);
    const withRevinclude = await ok(`/Organization?_id=${ids.home}&_revinclude=Endpoint:organization`);
    assert.deepEqual(included(withRevinclude).map((r) => `Endpoint/${r.id}`).sort(), listed);
    // And from the endpoints back: the institution that lists them, the vendor that manages them.
    const back = await ok(`/Endpoint?organization=${ids.home}&_revinclude=Organization:endpoint&_include=Endpoint:organization`);
    assert.deepEqual(included(back).map((r) => r.id).sort(), [ids.home, "vendor-enovation"].sort());
  });

  test("the managing organization is the vendor: Endpoint?organization=vendor-<code>", async () => {
    const b = await ok("/Endpoint?organization=Organization/vendor-founda&_count=200");
    assert.ok(matches(b).length > 10);
    assert.ok(matches(b).every((r) => (r.managingOrganization as { reference: string }).reference === "Organization/vendor-founda"));
  });

  test("name, name:contains, name:exact", async () => {
    const name = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].name;
    const starts = await ok(`/Organization?name=${encodeURIComponent(name.slice(0, 6).toLowerCase())}&_count=200`);
    assert.ok(matches(starts).some((r) => r.id === ids.home));
    assert.ok(matches(starts).every((r) => (r.name as string).toLowerCase().startsWith(name.slice(0, 6).toLowerCase())));
    const middle = name.slice(3, 9);
    const contains = await ok(`/Organization?name:contains=${encodeURIComponent(middle.toUpperCase())}&_count=200`);
    assert.ok(matches(contains).some((r) => r.id === ids.home));
    assert.ok(matches(contains).every((r) => (r.name as string).toLowerCase().includes(middle.toLowerCase())));
    assert.deepEqual(matches(await ok(`/Organization?name:exact=${encodeURIComponent(name)}`)).map((r) => r.id), [ids.home]);
    assert.equal(matches(await ok(`/Organization?name:exact=${encodeURIComponent(name.toUpperCase())}`)).length, name === name.toUpperCase() ? 1 : 0);
    assert.deepEqual(matches(await ok("/Organization?name:contains=ovatio")).map((r) => r.id), ["vendor-enovation"]);
  });

  test("connection-type and identifier with a system", async () => {
    const all = await ok("/Endpoint?_summary=count");
    assert.equal((await ok("/Endpoint?connection-type=ihe-xca&_summary=count")).total, all.total);
    assert.equal((await ok("/Endpoint?connection-type=http://terminology.hl7.org/CodeSystem/endpoint-connection-type|ihe-xca&_summary=count")).total, all.total);
    assert.equal((await ok("/Endpoint?connection-type=hl7-fhir-rest&_summary=count")).total, 0);
    const one = matches(await ok("/Endpoint?_count=1"))[0] as unknown as { identifier: { value: string }[] };
    const hcid = one.identifier[0].value;
    assert.ok((await ok(`/Endpoint?identifier=urn:ietf:rfc:3986|${encodeURIComponent(hcid)}`)).total! >= 1);
    assert.equal((await ok(`/Endpoint?identifier=http://other.example|${encodeURIComponent(hcid)}`)).total, 0);
    assert.equal((await ok(`/Organization?identifier=http://fhir.nl/fhir/NamingSystem/kvk|${homeUra}`)).total, 0, "a URA is not a KvK number");
  });
});

describe("health in the machine interfaces", () => {
  const HEALTH = "https://duo-portaal.example/fhir/StructureDefinition/endpoint-health";
  const api = async (path: string) => {
    const res = await handleApiV1Request(new Request(`http://localhost:3000/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } }), path.split("?")[0].split("/").filter(Boolean), {
      db: t.db,
      now: new Date(),
      limitPerMinute: 100_000,
      publicUrl: { appUrl: BASE, trustProxy: false },
    });
    assert.equal(res.status, 200, path);
    return res.json();
  };
  let checked: string;
  let unchecked: string;
  before(async () => {
    const rows = await t.db.select().from(endpoints).where(eq(endpoints.status, "active")).orderBy(asc(endpoints.id)).limit(2);
    [checked, unchecked] = rows.map((r) => r.id);
    await t.db.delete(endpointHealth).where(eq(endpointHealth.endpointId, unchecked));
    // The demo seed records certificates seen "now" (and check results point at them): this test's
    // history must be the newest, so the seed's certificates of both endpoints were seen long ago.
    const longAgo = new Date("2020-01-01T00:00:00Z");
    await t.db.update(endpointCertificates).set({ firstSeenAt: longAgo, lastSeenAt: longAgo }).where(inArray(endpointCertificates.endpointId, [checked, unchecked]));
    const since = new Date("2026-11-30T08:00:00Z");
    const values = { status: "degraded" as const, since, lastCheckedAt: new Date("2026-12-01T09:15:00Z"), lastStatus: "degraded" as const, lastReason: "slow" };
    await t.db.insert(endpointHealth).values({ endpointId: checked, ...values }).onConflictDoUpdate({ target: endpointHealth.endpointId, set: values });
    for (const [fp, notAfter, seen] of [["old", "2026-12-31T00:00:00Z", "2026-10-01T00:00:00Z"], ["new", "2027-06-01T00:00:00Z", "2026-12-01T09:15:00Z"]]) {
      await t.db.insert(endpointCertificates).values({ endpointId: checked, fingerprint: `fp-${fp}`, subject: "CN=gw", issuer: "CN=CA", notAfter: new Date(notAfter), firstSeenAt: new Date(seen), lastSeenAt: new Date(seen) });
    }
  });

  test("GET /api/v1/endpoints and /{id}: health with status, since, last check, reason and certificate expiry", async () => {
    const one = await api(`/endpoints/${checked}`);
    assert.deepEqual(one.health, { status: "degraded", since: "2026-11-30T08:00:00.000Z", lastCheckedAt: "2026-12-01T09:15:00.000Z", reason: "slow", certificateNotAfter: "2027-06-01T00:00:00.000Z" });
    assert.equal(one.status, "active", "the administrative status is its own field");
    assert.deepEqual((await api(`/endpoints/${unchecked}`)).health, { status: "unknown", since: null, lastCheckedAt: null, reason: null, certificateNotAfter: null });
    const page = await api("/endpoints?pageSize=200");
    assert.ok(page.data.every((e: { health?: { status: string } }) => ["up", "degraded", "down", "unknown"].includes(e.health?.status ?? "")));
  });

  test("FHIR: the same as the endpoint-health extension on read and search, not on vread; its definition is served", async () => {
    const ext = (r: Resource) => (r.extension as { url: string; extension?: { url: string; [k: string]: unknown }[] }[]).find((e) => e.url === HEALTH);
    const read = (await (await fhir(`/Endpoint/${checked}`)).json()) as Resource;
    assert.deepEqual(fhirSchemaErrors(read), []);
    assert.deepEqual(ext(read)?.extension, [
      { url: "status", valueCode: "degraded" },
      { url: "since", valueInstant: "2026-11-30T08:00:00.000Z" },
      { url: "lastChecked", valueInstant: "2026-12-01T09:15:00.000Z" },
      { url: "reason", valueCoding: { system: "https://duo-portaal.example/fhir/CodeSystem/check-reason", code: "slow" } },
      { url: "certificateNotAfter", valueInstant: "2027-06-01T00:00:00.000Z" },
    ]);
    const found = matches(await ok(`/Endpoint?_id=${checked},${unchecked}`));
    assert.deepEqual(found.map((r) => ext(r)?.extension?.[0]).sort((a, b) => String(a?.valueCode).localeCompare(String(b?.valueCode))), [
      { url: "status", valueCode: "degraded" },
      { url: "status", valueCode: "unknown" },
    ]);
    const vread = (await (await fhir(`/Endpoint/${checked}/_history/${read.meta.versionId}`)).json()) as Resource;
    assert.equal(ext(vread), undefined);
    const def = await fhir("/StructureDefinition/endpoint-health", { Authorization: "" });
    assert.equal(def.status, 200, "public, like the CapabilityStatement");
    const sd = await def.json();
    // The npm schema was generated from R4 4.0.0, before the 4.0.1 technical correction.
    assert.deepEqual(fhirSchemaErrors({ ...sd, fhirVersion: "4.0.0" }), []);
    assert.equal(sd.url, HEALTH);
    assert.equal((await fhir("/StructureDefinition/nope")).status, 404);
    const cs = await (await fhir("/metadata")).json();
    const endpoint = cs.rest[0].resource.find((r: { type: string }) => r.type === "Endpoint");
    assert.ok(endpoint.documentation.includes(HEALTH));
    assert.ok(endpoint.documentation.includes(`${BASE}/fhir/StructureDefinition/endpoint-health`));
  });
});

describe("IHE mCSD profiles", () => {
  /** Every entry of a result set, following next links (from the public base back to the handler). */
  async function all(path: string) {
    const out: Resource[] = [];
    for (let url: string | undefined = path; url; ) {
      const b: Bundle = await ok(url);
      out.push(...(b.entry ?? []).filter((e) => e.search?.mode !== "outcome").map((e) => e.resource));
      url = b.link.find((l) => l.relation === "next")?.url.replace(`${BASE}/fhir`, "");
    }
    return out;
  }

  test("every Organization and every Endpoint version the directory serves conforms to mCSD (Organization, Endpoint.DocShare)", async () => {
    const orgs = await all("/Organization?_count=200");
    const current = await all("/Endpoint?_count=200");
    const versions = await all("/Endpoint/_history?_count=200");
    assert.equal(orgs.length, 133);
    assert.ok(versions.length > current.length);
    for (const r of [...orgs, ...current, ...versions]) assert.deepEqual(mcsdErrors(r), [], `${r.resourceType}/${r.id}/_history/${r.meta.versionId}`);
    // References resolve inside the directory: managingOrganization to a vendor, Organization.endpoint to endpoints.
    const orgIds = new Set(orgs.map((o) => `Organization/${o.id}`));
    const epIds = new Set(current.map((e) => `Endpoint/${e.id}`));
    for (const e of current) assert.ok(orgIds.has((e.managingOrganization as { reference: string }).reference));
    for (const o of orgs) for (const ref of (o.endpoint as { reference: string }[] | undefined) ?? []) assert.ok(epIds.has(ref.reference), ref.reference);
    const listed = orgs.flatMap((o) => ((o.endpoint as { reference: string }[] | undefined) ?? []).map((r) => r.reference));
    assert.equal(listed.length, epIds.size, "every endpoint is listed by exactly one institution");
    assert.equal(new Set(listed).size, epIds.size);
    // The checker has teeth.
    assert.deepEqual(mcsdErrors({ ...current[0], name: "x", header: ["h"] }), ["name: 0..0", "header: 0..0"]);
    assert.deepEqual(mcsdErrors({ ...orgs[0], type: [] }), ["type: 1..*"]);
  });

  test("the CapabilityStatement claims those profiles", async () => {
    const cs = await (await fhir("/metadata")).json();
    const byType = Object.fromEntries(cs.rest[0].resource.map((r: { type: string; supportedProfile?: string[] }) => [r.type, r.supportedProfile]));
    assert.deepEqual(byType.Organization, ["https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD.Organization"]);
    assert.deepEqual(byType.Endpoint, ["https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD.Endpoint.DocShare"]);
  });
});

describe("system-level _history", () => {
  const key = (e: { resource: Resource }) => `${e.resource.resourceType}/${e.resource.id}/${e.resource.meta.versionId}`;
  async function pages(path: string) {
    const out: { resource: Resource; request?: { method: string } }[] = [];
    let syncPoint: string | undefined;
    for (let url: string | undefined = path; url; ) {
      const b = (await ok(url)) as Bundle & { meta: { lastUpdated: string }; type: string };
      assert.equal(b.type, "history");
      syncPoint ??= b.meta.lastUpdated;
      assert.equal(b.meta.lastUpdated, syncPoint);
      out.push(...((b.entry ?? []) as typeof out));
      url = b.link.find((l) => l.relation === "next")?.url.replace(`${BASE}/fhir`, "");
    }
    return out;
  }

  test("Endpoint versions and Organization changes merged newest first, in stable pages, the same as the two type-level histories", async () => {
    const since = "2020-01-01T00:00:00Z";
    const system = await pages(`/_history?_since=${since}&_count=37`);
    const endpointsOnly = await pages(`/Endpoint/_history?_since=${since}&_count=200`);
    const orgsOnly = await pages(`/Organization/_history?_since=${since}&_count=200`);
    assert.equal(new Set(system.map(key)).size, system.length, "no entry twice");
    assert.deepEqual(system.map(key).sort(), [...endpointsOnly, ...orgsOnly].map(key).sort());
    const times = system.map((e) => e.resource.meta.lastUpdated);
    assert.deepEqual(times, [...times].sort().reverse(), "newest first");
    assert.ok(system.every((e) => e.request && ["POST", "PUT"].includes(e.request.method)));
    const total = (await ok(`/_history?_since=${since}&_summary=count`)).total;
    assert.equal(total, system.length);
    const recent = await pages(`/_history?_since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    assert.deepEqual(recent, []);
    const cs = await (await fhir("/metadata")).json();
    assert.deepEqual(cs.rest[0].interaction.map((i: { code: string }) => i.code), ["history-system"]);
  });
});

describe("the CapabilityStatement declares it", () => {
  test("search parameters, includes, result parameters, formats", async () => {
    const cs = await (await fhir("/metadata")).json();
    assert.deepEqual(fhirSchemaErrors({ ...cs, fhirVersion: "4.0.0" }), []);
    const [rest] = cs.rest;
    const byType = Object.fromEntries(rest.resource.map((r: { type: string }) => [r.type, r]));
    assert.deepEqual(byType.Organization.searchInclude, ["Organization:endpoint"]);
    assert.deepEqual(byType.Endpoint.searchRevInclude, ["Organization:endpoint"]);
    assert.ok(byType.Endpoint.searchParam.some((p: { name: string }) => p.name === "connection-type"));
    assert.deepEqual(rest.searchParam.map((p: { name: string }) => p.name), ["_count", "_summary", "_total", "_elements", "_format", "_pretty"]);
    assert.match(rest.searchParam.find((p: { name: string }) => p.name === "_summary").documentation, /true and text are not supported/);
    assert.match(rest.documentation, /handling=lenient/);
    assert.deepEqual(cs.format, ["json", "application/fhir+json"]);
  });
});
