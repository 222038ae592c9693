import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { DEMO_USERS } from "@/db/seed";
import { DEMO_HOME_INSTITUTION, DEMO_OTHER_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { handleApiV1Request } from "@/lib/api/v1";
import { institutionIdByUra } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import type { Actor } from "@/lib/auth/policy";
import { handleFhirRequest } from "@/lib/fhir/handler";
import { createApiToken, revokeApiToken } from "@/lib/registry/api-tokens";
import { createEndpoint, updateEndpoint } from "@/lib/registry/endpoints";
import { makeEndpointSchema } from "@/lib/validation/endpoints";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { fhirSchemaErrors } from "@/tests/helpers/fhir-schema";

let t: TestDb;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
let admin: Actor;
const NOW = new Date("2031-03-01T12:00:00Z");
const BASE = "http://portal.test";

const fhir = (path: string, opts: { token?: string | null; headers?: Record<string, string>; method?: string; now?: Date; limit?: number; session?: Actor | null } = {}) => {
  const req = new Request(`${BASE}/fhir${path}`, {
    method: opts.method ?? "GET",
    headers: { ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}), ...(opts.headers ?? {}) },
  });
  const segments = new URL(req.url).pathname.split("/").filter(Boolean).slice(1);
  return handleFhirRequest(req, segments, { db: t.db, now: opts.now ?? NOW, sessionActor: async () => opts.session ?? null, limitPerMinute: opts.limit ?? 10_000, publicUrl: { appUrl: BASE, trustProxy: false } });
};
const api = (path: string, opts: { token?: string; method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; limit?: number; now?: Date } = {}) => {
  const body = opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
  const req = new Request(`${BASE}/api/v1${path}`, {
    method: opts.method ?? "GET",
    headers: { ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...(opts.headers ?? {}) },
    body,
  });
  const segments = new URL(req.url).pathname.split("/").filter(Boolean).slice(2);
  return handleApiV1Request(req, segments, { db: t.db, now: opts.now ?? NOW, limitPerMinute: opts.limit ?? 10_000, publicUrl: { appUrl: BASE, trustProxy: false } });
};
const fhirJson = async (res: Response) => {
  assert.match(res.headers.get("content-type") ?? "", /^application\/fhir\+json/);
  const body = await res.json();
  assert.deepEqual(fhirSchemaErrors(body), [], `FHIR R4 schema: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
};
const byUra = (ura: string) => institutionIdByUra(t.db, ura);
const endpointBody = (over: Record<string, unknown> = {}) => ({
  institutionId: ids.enovation2,
  environment: "production",
  transaction: "rad-75",
  url: "https://api-made.enovation-xds.example/rad75",
  homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.4242.1",
  vendorCode: "enovation",
  ...over,
});

before(async () => {
  t = await createTestDb({ from: "seeded" });
    ids.home = await byUra(DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura);
  ids.other = await byUra(DEMO_INSTITUTIONS[DEMO_OTHER_INSTITUTION].ura);
  // An Enovation institution without production endpoints, so a vendor token can register one.
  const candidates = DEMO_INSTITUTIONS.map((d, i) => ({ d, i })).filter(({ d, i }) => d.vendor === "enovation" && i % 10 >= 3 && i !== DEMO_HOME_INSTITUTION);
  ids.enovation2 = await byUra(candidates[0].d.ura);
  ids.founda = await byUra(DEMO_INSTITUTIONS.find((d) => d.vendor === "founda")!.ura);
  admin = await signedInActor(t.db, DEMO_USERS[0].email, NOW);
  const make = async (name: string, scope: "programme" | "institution" | "vendor", target: { institutionId?: string; vendorCode?: string }, days = 30) =>
    (await createApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, values: { name, scope, institutionId: target.institutionId ?? null, vendorCode: target.vendorCode ?? null, expiresInDays: days }, now: NOW })).token;
  tokens.programme = await make("replica", "programme", {});
  tokens.vendor = await make("enovation-gw", "vendor", { vendorCode: "enovation" });
  tokens.institution = await make("home", "institution", { institutionId: ids.home });
  tokens.short = await make("short", "programme", {}, 1);
  tokens.revoked = await make("revoked", "programme", {});
  const [row] = await t.db.select().from((await import("@/db/schema")).apiTokens).where(eq((await import("@/db/schema")).apiTokens.name, "revoked"));
  await revokeApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, id: row.id, now: NOW });
});
after(async () => {
  await t?.dispose();
});

describe("FHIR: access", () => {
  test("metadata is a public CapabilityStatement", async () => {
    const res = await fhir("/metadata");
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.resourceType, "CapabilityStatement");
    assert.equal(body.fhirVersion, "4.0.1");
    // The npm schema was generated from R4 4.0.0, before the 4.0.1 technical correction.
    assert.deepEqual(fhirSchemaErrors({ ...body, fhirVersion: "4.0.0" }), []);
  });

  const refused: [string, string | null, number, string][] = [
    ["no token, no session", null, 401, "login"],
    ["malformed token", "abc", 401, "login"],
    ["unknown token", `duo_${"A".repeat(43)}`, 401, "login"],
    ["revoked token", "revoked", 401, "login"],
  ];
  for (const [name, token, status, code] of refused) {
    test(`${name}: ${status} OperationOutcome`, async () => {
      const res = await fhir("/Endpoint", { token: token && tokens[token] ? tokens[token] : token });
      assert.equal(res.status, status);
      const body = await fhirJson(res);
      assert.equal(body.resourceType, "OperationOutcome");
      assert.equal(body.issue[0].code, code);
    });
  }

  test("an expired token is refused", async () => {
    const res = await fhir("/Endpoint", { token: tokens.short, now: new Date(NOW.getTime() + 2 * 86_400_000) });
    assert.equal(res.status, 401);
    assert.match((await res.json()).issue[0].diagnostics, /expired/);
  });

  test("a signed-in session works without a token", async () => {
    const res = await fhir("/Endpoint?_count=1", { session: admin });
    assert.equal(res.status, 200);
  });

  test("bad input is an OperationOutcome, never a 500", async () => {
    for (const path of ["/Endpoint?foo=bar", "/Endpoint?status=broken", "/Endpoint?_lastUpdated=yesterday", "/Endpoint?_count=-1", "/Organization?bogus=1", "/Endpoint/_history?_since=gisteren", "/Patient", "/Endpoint/x/y/z/w"]) {
      const res = await fhir(path, { token: tokens.programme });
      assert.ok(res.status === 400 || res.status === 404, `${path}: ${res.status}`);
      assert.equal((await fhirJson(res)).resourceType, "OperationOutcome", path);
    }
    const post = await fhir("/Endpoint", { token: tokens.programme, method: "POST" });
    assert.equal(post.status, 405);
  });

  test("rate limit per token: 429 with Retry-After", async () => {
    const now = new Date("2031-03-01T12:00:10Z");
    for (let i = 0; i < 3; i++) assert.equal((await fhir("/Endpoint?_count=1", { token: tokens.vendor, limit: 3, now })).status, 200);
    const res = await fhir("/Endpoint?_count=1", { token: tokens.vendor, limit: 3, now });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "50");
    assert.equal((await fhirJson(res)).issue[0].code, "throttled");
    // The next window starts fresh.
    assert.equal((await fhir("/Endpoint?_count=1", { token: tokens.vendor, limit: 3, now: new Date("2031-03-01T12:01:00Z") })).status, 200);
  });
});

describe("FHIR: directory content", () => {
  test("a replica pages through every Endpoint with next links; each is valid FHIR R4", async () => {
    const seen = new Set<string>();
    let url: string | undefined = "/Endpoint?_count=40";
    let total = -1;
    let pages = 0;
    while (url) {
      const body = await fhirJson(await fhir(url, { token: tokens.programme }));
      assert.equal(body.type, "searchset");
      total = body.total;
      for (const e of body.entry ?? []) seen.add(e.resource.id);
      const next = body.link.find((l: { relation: string }) => l.relation === "next");
      url = next ? next.url.replace(`${BASE}/fhir`, "") : undefined;
      pages++;
    }
    assert.ok(total > 150);
    assert.equal(seen.size, total);
    assert.equal(pages, Math.ceil(total / 40));
  });

  test("Endpoint content follows the mCSD convention", async () => {
    const body = await fhirJson(await fhir(`/Endpoint?organization=Organization/${ids.home}`, { token: tokens.programme }));
    assert.ok(body.total >= 2);
    const e = body.entry[0].resource;
    assert.equal(e.connectionType.code, "ihe-xca");
    assert.equal(e.connectionType.system, "http://terminology.hl7.org/CodeSystem/endpoint-connection-type");
    assert.match(e.extension[0].valueCodeableConcept.coding[0].code, /^XCA-RespGateway-(Query|Retrieve)$/);
    assert.equal(e.managingOrganization.reference, "Organization/vendor-enovation");
    assert.match(e.identifier[0].value, /^urn:oid:/);
    assert.equal(e.meta.versionId, "1");
    const byVendor = await fhirJson(await fhir(`/Endpoint?organization=vendor-founda&_count=1`, { token: tokens.programme }));
    assert.equal(byVendor.entry[0].resource.managingOrganization.reference, "Organization/vendor-founda");
  });

  test("Organization: institutions with URA, vendors with KvK; search by identifier", async () => {
    const ura = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura;
    const body = await fhirJson(await fhir(`/Organization?identifier=http://fhir.nl/fhir/NamingSystem/ura|${ura}`, { token: tokens.programme }));
    assert.equal(body.total, 1);
    const org = body.entry[0].resource;
    assert.deepEqual(org.identifier[0], { use: "official", system: "http://fhir.nl/fhir/NamingSystem/ura", value: ura });
    assert.ok(org.endpoint.length >= 2);
    const vendor = await fhirJson(await fhir("/Organization/vendor-enovation", { token: tokens.programme }));
    assert.equal(vendor.identifier[0].system, "http://fhir.nl/fhir/NamingSystem/kvk");
    const all = await fhirJson(await fhir("/Organization?_count=200", { token: tokens.programme }));
    assert.equal(all.total, 133);
  });

  test("token scope limits what FHIR shows", async () => {
    const inst = await fhirJson(await fhir("/Endpoint?_count=200", { token: tokens.institution }));
    const own = await fhirJson(await fhir(`/Organization/${ids.home}`, { token: tokens.institution }));
    const listed = new Set(own.endpoint.map((e: { reference: string }) => e.reference));
    assert.ok(inst.entry.length > 0);
    assert.ok(inst.entry.every((e: { resource: { id: string } }) => listed.has(`Endpoint/${e.resource.id}`)), "only the endpoints its institution lists");
    const other = await fhir(`/Organization/${ids.other}`, { token: tokens.institution });
    assert.equal(other.status, 404);
    const orgs = await fhirJson(await fhir("/Organization", { token: tokens.institution }));
    assert.equal(orgs.total, 4, "its own institution and the three vendors");
  });

  test("read with ETag, If-None-Match gives 304; vread of an old version", async () => {
    const list = await fhirJson(await fhir(`/Endpoint?organization=${ids.home}&_count=1`, { token: tokens.programme }));
    const id = list.entry[0].resource.id;
    const res = await fhir(`/Endpoint/${id}`, { token: tokens.programme });
    assert.equal(res.headers.get("etag"), 'W/"1"');
    await fhirJson(res);
    assert.equal((await fhir(`/Endpoint/${id}`, { token: tokens.programme, headers: { "If-None-Match": 'W/"1"' } })).status, 304);
    assert.equal((await fhir(`/Endpoint/${id}/_history/1`, { token: tokens.programme })).status, 200);
    assert.equal((await fhir(`/Endpoint/${id}/_history/9`, { token: tokens.programme })).status, 404);
  });
});

describe("FHIR: _history?_since", () => {
  test("returns exactly the changes at or after the instant, newest first", async () => {
    const t1 = new Date("2032-01-01T00:00:00Z");
    const t2 = new Date("2032-01-02T00:00:00Z");
    const t3 = new Date("2032-01-03T00:00:00Z");
    const principal = { kind: "user" as const, actor: admin };
    const values = makeEndpointSchema().parse(endpointBody({ institutionId: ids.founda, vendorCode: "founda", environment: "acceptance", transaction: "rad-75", url: "https://h1.xdscloud.example/rad75" }));
    // Make room: the demo may already have an active acceptance RAD-75 for this institution.
    const { endpoints } = await import("@/db/schema");
    const [clash] = await t.db.select().from(endpoints).where(and(eq(endpoints.institutionId, ids.founda), eq(endpoints.environment, "acceptance"), eq(endpoints.transaction, "rad-75"), eq(endpoints.status, "active")));
    if (clash) await t.db.update(endpoints).set({ status: "off" }).where(eq(endpoints.id, clash.id));
    const created = await createEndpoint(t.db, { principal, values, now: t1 });
    await updateEndpoint(t.db, { principal, id: created.id, values: { ...values, url: "https://h2.xdscloud.example/rad75" }, now: t2 });
    await updateEndpoint(t.db, { principal, id: created.id, values: { ...values, url: "https://h2.xdscloud.example/rad75", status: "suspended" }, now: t3 });

    const versionsSince = async (since: string) => {
      const body = await fhirJson(await fhir(`/Endpoint/_history?_since=${encodeURIComponent(since)}`, { token: tokens.programme }));
      assert.equal(body.type, "history");
      return (body.entry ?? []).map((e: { resource: { id: string; meta: { versionId: string } }; request: { method: string } }) => `${e.resource.id === created.id ? "x" : e.resource.id}@${e.resource.meta.versionId}/${e.request.method}`);
    };
    assert.deepEqual(await versionsSince("2032-01-01T00:00:00Z"), ["x@3/PUT", "x@2/PUT", "x@1/POST"]);
    assert.deepEqual(await versionsSince("2032-01-02T00:00:00Z"), ["x@3/PUT", "x@2/PUT"]);
    assert.deepEqual(await versionsSince("2032-01-02T00:00:00.001Z"), ["x@3/PUT"]);
    assert.deepEqual(await versionsSince("2032-01-03T00:00:00.001Z"), []);
    const inst = await fhirJson(await fhir(`/Endpoint/${created.id}/_history`, { token: tokens.programme }));
    assert.equal(inst.total, 3);
    assert.equal(inst.entry[2].resource.address, "https://h1.xdscloud.example/rad75");
    // The organization's version moves with its endpoints, so Organization/_history picks it up.
    const orgs = await fhirJson(await fhir(`/Organization/_history?_since=2032-01-02T00:00:00Z`, { token: tokens.programme }));
    assert.deepEqual(orgs.entry.map((e: { resource: { id: string } }) => e.resource.id), [ids.founda]);
    const scoped = await fhirJson(await fhir(`/Endpoint/_history?_since=2032-01-01T00:00:00Z`, { token: tokens.institution }));
    assert.equal(scoped.total, 0, "another institution's changes are outside the token's scope");
  });
});

describe("REST API", () => {
  test("the OpenAPI document is valid OpenAPI 3.1", async () => {
    const { Validator } = await import("@seriousme/openapi-schema-validator");
    const validator = new Validator();
    const doc = buildOpenApiDocument("http://portal.test/api/v1");
    const res = await validator.validate(doc as never);
    assert.equal(validator.version, "3.1");
    assert.equal(res.valid, true, JSON.stringify(res.errors)?.slice(0, 500));
    const served = await api("/openapi.json");
    assert.equal(served.status, 200);
    assert.equal((await served.json()).openapi, "3.1.0");
  });

  test("a vendor token registers an endpoint for its institutions and nobody else's", async () => {
    const created = await api("/endpoints", { token: tokens.vendor, method: "POST", body: endpointBody() });
    assert.equal(created.status, 201, await created.clone().text());
    const body = await created.json();
    assert.equal(created.headers.get("etag"), '"1"');
    assert.equal(created.headers.get("location"), `/api/v1/endpoints/${body.id}`);
    const foreign = await api("/endpoints", { token: tokens.vendor, method: "POST", body: endpointBody({ institutionId: ids.founda, vendorCode: "founda" }) });
    assert.equal(foreign.status, 403);
    assert.match(foreign.headers.get("content-type") ?? "", /^application\/problem\+json/);
    const readOnly = await api("/endpoints", { token: tokens.programme, method: "POST", body: endpointBody({ transaction: "iti-38" }) });
    assert.equal(readOnly.status, 403);
    const inst = await api("/endpoints", { token: tokens.institution, method: "POST", body: endpointBody({ transaction: "iti-38" }) });
    assert.equal(inst.status, 403, "an institution token for HOME cannot write for another institution");
    const dup = await api("/endpoints", { token: tokens.vendor, method: "POST", body: endpointBody({ url: "https://api-made2.enovation-xds.example/rad75" }) });
    assert.equal(dup.status, 409);

    // Update with If-Match; a stale ETag is refused.
    const put = await api(`/endpoints/${body.id}`, { token: tokens.vendor, method: "PUT", body: endpointBody({ status: "suspended" }), headers: { "If-Match": '"1"' } });
    assert.equal(put.status, 200);
    assert.equal(put.headers.get("etag"), '"2"');
    const stale = await api(`/endpoints/${body.id}`, { token: tokens.vendor, method: "PUT", body: endpointBody({ status: "off" }), headers: { "If-Match": '"1"' } });
    assert.equal(stale.status, 412);
    const outside = await api(`/endpoints/${body.id}`, { token: tokens.institution, method: "PUT", body: endpointBody({ status: "off" }) });
    assert.equal(outside.status, 404);
  });

  test("bad input: clear problem+json, nothing written", async () => {
    const cases: [string, Parameters<typeof api>[1], number][] = [
      ["javascript: URL", { method: "POST", body: endpointBody({ url: "javascript:alert(1)" }) }, 422],
      ["file: URL", { method: "POST", body: endpointBody({ url: "file:///etc/passwd" }) }, 422],
      ["private address in production", { method: "POST", body: endpointBody({ url: "https://10.1.2.3/rad75" }) }, 422],
      ["bad homeCommunityId", { method: "POST", body: endpointBody({ homeCommunityId: "2.16.840.1" }) }, 422],
      ["period end before start", { method: "POST", body: endpointBody({ periodStart: "2031-05-01T00:00:00Z", periodEnd: "2031-04-01T00:00:00Z" }) }, 422],
      ["oversized body", { method: "POST", rawBody: JSON.stringify({ ...endpointBody(), pad: "x".repeat(40_000) }) }, 413],
      ["not JSON", { method: "POST", rawBody: "{nope" }, 400],
      ["wrong content type", { method: "POST", rawBody: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } }, 415],
      ["unknown query parameter", { method: "GET" }, 400],
    ];
    for (const [name, opts, status] of cases) {
      const path = name === "unknown query parameter" ? "/endpoints?colour=red" : "/endpoints";
      const res = await api(path, { token: tokens.vendor, ...opts });
      assert.equal(res.status, status, name);
      const problem = await res.json();
      assert.equal(problem.status, status, name);
      assert.ok(problem.detail, name);
    }
    const v = await (await api("/endpoints", { token: tokens.vendor, method: "POST", body: endpointBody({ url: "https://10.1.2.3/rad75" }) })).json();
    assert.match(v.errors.url, /private/);
  });

  test("reads are scoped; 401 without a token; onboarding status", async () => {
    assert.equal((await api("/institutions")).status, 401);
    const list = await (await api("/institutions?pageSize=200", { token: tokens.vendor })).json();
    assert.equal(list.total, 36);
    const home = await api(`/institutions/${ids.home}/onboarding`, { token: tokens.institution });
    assert.equal(home.status, 200);
    const status = await home.json();
    assert.equal(status.vendorChosen, true);
    assert.ok(status.endpoints.acceptance.active >= 2);
    assert.equal((await api(`/institutions/${ids.other}`, { token: tokens.institution })).status, 404);
    const eps = await (await api("/endpoints?pageSize=200", { token: tokens.institution })).json();
    assert.ok(eps.data.every((e: { institutionId: string }) => e.institutionId === ids.home));
    const one = await api(`/endpoints/${eps.data[0].id}`, { token: tokens.institution, headers: { "If-None-Match": `"${eps.data[0].version}"` } });
    assert.equal(one.status, 304);
  });

  test("rate limit: 429 problem with Retry-After", async () => {
    const now = new Date("2031-03-01T12:05:30Z");
    for (let i = 0; i < 2; i++) assert.equal((await api("/institutions", { token: tokens.institution, limit: 2, now })).status, 200);
    const res = await api("/institutions", { token: tokens.institution, limit: 2, now });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "30");
    assert.equal((await res.json()).type, "https://duo-portaal.example/problems/rate-limited");
  });
});
