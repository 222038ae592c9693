/**
 * The OpenAPI document of /api/v1 declares every response an operation gives (issue 19, item 8):
 * each operation is called with bad input of every kind it can receive (no token, a throttled
 * token, a read-only token, unknown and malformed ids, unknown and invalid parameters, bodies that
 * are not JSON, too large, of the wrong type or invalid, a malformed If-Match) and with good input;
 * every status must be declared for that operation, and every body must match the declared schema
 * and media type.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { asc, eq } from "drizzle-orm";
import { DEMO_USERS } from "@/db/seed";
import { endpoints } from "@/db/schema";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { handleApiV1Request } from "@/lib/api/v1";
import { createApiToken } from "@/lib/registry/api-tokens";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { signedInActor } from "@/tests/helpers/sessions";
import { demoInstitutionIds } from "@/tests/helpers/seeded";

type Responses = Record<string, { content?: Record<string, { schema: unknown }> }>;
type Operation = { operationId: string; responses: Responses };

const SERVER = "https://directory.example/api/v1";
const doc = buildOpenApiDocument(SERVER) as unknown as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema({ $id: "https://openapi.test/doc", components: doc.components });

let t: TestDb;
const tokens: Record<string, string> = {};
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
let own: { endpointId: string; version: number };
const NOW = new Date("2031-06-01T12:00:00Z");
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

type Call = { name: string; method: string; path: string; token?: string | null; body?: string; headers?: Record<string, string>; limit?: number };
/** Per operation (method + documented path): the status every call gave. */
const seen = new Map<string, { name: string; status: number }[]>();

function operationOf(method: string, path: string): { key: string; op: Operation } {
  const [pathname] = path.split("?");
  for (const [template, ops] of Object.entries(doc.paths)) {
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (re.test(pathname) && ops[method.toLowerCase()]) return { key: `${method} ${template}`, op: ops[method.toLowerCase()] };
  }
  throw new Error(`${method} ${path} is no documented operation`);
}

async function call(c: Call): Promise<{ status: number; body: { data?: { id: string }[] } | null }> {
  const headers: Record<string, string> = { ...(c.body !== undefined ? { "Content-Type": "application/json" } : {}), ...(c.headers ?? {}) };
  if (c.token !== null) headers.Authorization = `Bearer ${c.token ?? tokens.vendor}`;
  const req = new Request(`http://localhost:3000/api/v1${c.path}`, { method: c.method, headers, body: c.body });
  const segments = new URL(req.url).pathname.split("/").filter(Boolean).slice(2);
  const res = await handleApiV1Request(req, segments, { db: t.db, now: NOW, limitPerMinute: c.limit ?? 100_000, publicUrl: { appUrl: "https://directory.example", trustProxy: false } });
  const { key, op } = operationOf(c.method, c.path);
  seen.set(key, [...(seen.get(key) ?? []), { name: c.name, status: res.status }]);
  const declared = op.responses[String(res.status)];
  assert.ok(declared, `${key} (${c.name}) answered ${res.status}, which ${op.operationId} does not declare: ${await res.clone().text()}`);
  const text = await res.text();
  if (!declared.content) {
    assert.equal(text, "", `${key} ${res.status} declares no body`);
    return { status: res.status, body: null };
  }
  const type = (res.headers.get("content-type") ?? "").split(";")[0];
  const media = declared.content[type];
  assert.ok(media, `${key} ${res.status}: ${type} is not a declared media type (${Object.keys(declared.content)})`);
  if (type === "text/csv") return { status: res.status, body: null }; // the CSV's contents: tests/integration/availability-api.test.ts
  const validate = ajv.compile({ $ref: `https://openapi.test/doc${(media.schema as { $ref?: string }).$ref ?? ""}`, ...((media.schema as { $ref?: string }).$ref ? {} : media.schema as object) });
  const body = JSON.parse(text) as { data?: { id: string }[] };
  assert.ok(validate(body), `${key} ${res.status} (${c.name}) does not match its schema: ${JSON.stringify(validate.errors).slice(0, 500)}`);
  return { status: res.status, body };
}

const endpointBody = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ institutionId: ids.enovation2, environment: "acceptance", transaction: "rad-75", url: "https://openapi.enovation-xds.example/rad75", homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.4243.1", vendorCode: "enovation", status: "suspended", ...over });

const volumeBody = (over: Record<string, unknown> = {}) => JSON.stringify([{ institutionId: ids.home, month: "2031-05", direction: "in", counterpart: "alphatron", documents: 12, studies: 3, ...over }]);

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  const admin = await signedInActor(t.db, DEMO_USERS[0].email, NOW);
  const make = async (name: string, scope: "programme" | "institution" | "vendor", target: { institutionId?: string; vendorCode?: string } = {}) =>
    (await createApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, values: { name, scope, institutionId: target.institutionId ?? null, vendorCode: target.vendorCode ?? null, expiresInDays: 30 }, now: NOW })).token;
  tokens.programme = await make("programme", "programme");
  tokens.vendor = await make("vendor", "vendor", { vendorCode: "enovation" });
  tokens.throttled = await make("throttled", "programme");
  const [e] = await t.db.select().from(endpoints).where(eq(endpoints.institutionId, ids.home)).orderBy(asc(endpoints.id)).limit(1);
  own = { endpointId: e.id, version: e.version };
});
after(async () => {
  await t?.dispose();
});

describe("every response an operation gives is declared, and matches its schema", () => {
  test("bad input common to every operation: no token, an unknown token, a throttled token", async () => {
    const ops: [string, string, string?][] = [
      ["GET", "/institutions"],
      ["GET", `/institutions/${ids.home}`],
      ["GET", `/institutions/${ids.home}/onboarding`],
      ["GET", "/endpoints"],
      ["POST", "/endpoints", endpointBody()],
      ["GET", `/endpoints/${own.endpointId}`],
      ["PUT", `/endpoints/${own.endpointId}`, endpointBody()],
      ["POST", `/endpoints/${own.endpointId}/check`],
      ["GET", "/availability"],
      ["GET", `/endpoints/${own.endpointId}/availability`],
      ["GET", `/institutions/${ids.home}/go-live`],
      ["POST", "/exchange-volumes", volumeBody()],
    ];
    for (const [method, path, body] of ops) {
      assert.equal((await call({ name: "no token", method, path, body, token: null })).status, 401);
      assert.equal((await call({ name: "unknown token", method, path, body, token: `duo_${"A".repeat(43)}` })).status, 401);
      await call({ name: "throttle", method, path, body, token: tokens.throttled, limit: 1 });
      assert.equal((await call({ name: "throttled", method, path, body, token: tokens.throttled, limit: 1 })).status, 429);
    }
  });

  test("reads: unknown and malformed ids, unknown and invalid parameters, conditional reads", async () => {
    const cases: [Call, number][] = [
      [{ name: "unknown parameter", method: "GET", path: "/institutions?colour=red" }, 400],
      [{ name: "invalid pageSize", method: "GET", path: "/institutions?pageSize=0" }, 400],
      [{ name: "a page", method: "GET", path: "/institutions?pageSize=5" }, 200],
      [{ name: "malformed id", method: "GET", path: "/institutions/not-an-id" }, 404],
      [{ name: "unknown id", method: "GET", path: `/institutions/${UNKNOWN}` }, 404],
      [{ name: "outside the scope", method: "GET", path: `/institutions/${ids.founda}` }, 404],
      [{ name: "one", method: "GET", path: `/institutions/${ids.home}` }, 200],
      [{ name: "malformed id", method: "GET", path: "/institutions/x/onboarding" }, 404],
      [{ name: "status", method: "GET", path: `/institutions/${ids.home}/onboarding` }, 200],
      [{ name: "unknown parameter", method: "GET", path: "/endpoints?colour=red" }, 400],
      [{ name: "invalid enum", method: "GET", path: "/endpoints?status=broken" }, 400],
      [{ name: "invalid uuid", method: "GET", path: "/endpoints?institutionId=x" }, 400],
      [{ name: "a page", method: "GET", path: "/endpoints?pageSize=20" }, 200],
      [{ name: "malformed id", method: "GET", path: "/endpoints/123" }, 404],
      [{ name: "unknown id", method: "GET", path: `/endpoints/${UNKNOWN}` }, 404],
      [{ name: "one", method: "GET", path: `/endpoints/${own.endpointId}`, token: tokens.programme }, 200],
      [{ name: "not modified", method: "GET", path: `/endpoints/${own.endpointId}`, token: tokens.programme, headers: { "If-None-Match": `"${own.version}"` } }, 304],
      [{ name: "garbage If-None-Match", method: "GET", path: `/endpoints/${own.endpointId}`, token: tokens.programme, headers: { "If-None-Match": "%%%" } }, 200],
    ];
    for (const [c, status] of cases) assert.equal((await call(c)).status, status, `${c.method} ${c.path} (${c.name})`);
  });

  test("writes: bodies that are not JSON, too large, of the wrong type or invalid; read-only tokens; If-Match; scope", async () => {
    const big = endpointBody({ pad: "x".repeat(40_000) });
    for (const [method, path] of [
      ["POST", "/endpoints"],
      ["PUT", `/endpoints/${own.endpointId}`],
    ] as const) {
      const cases: [Call, number][] = [
        [{ name: "invalid JSON", method, path, body: "{nope" }, 400],
        [{ name: "wrong content type", method, path, body: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } }, 415],
        [{ name: "too large", method, path, body: big }, 413],
        [{ name: "empty object", method, path, body: "{}" }, 422],
        [{ name: "malformed If-Match", method, path, body: endpointBody(), headers: { "If-Match": "yesterday" } }, 412],
        [{ name: "read-only token", method, path, body: endpointBody(), token: tokens.programme }, 403],
      ];
      for (const [c, status] of cases) assert.equal((await call(c)).status, status, `${c.method} ${c.path} (${c.name})`);
    }
    assert.equal((await call({ name: "another vendor's institution", method: "POST", path: "/endpoints", body: endpointBody({ institutionId: ids.founda, vendorCode: "founda" }) })).status, 403);
    const created = await call({ name: "create", method: "POST", path: "/endpoints", body: endpointBody() });
    assert.equal(created.status, 201);
    const { id } = (await call({ name: "list", method: "GET", path: `/endpoints?institutionId=${ids.enovation2}&transaction=rad-75&environment=acceptance&status=suspended` })).body!.data![0];
    assert.equal((await call({ name: "stale If-Match", method: "PUT", path: `/endpoints/${id}`, body: endpointBody({ status: "off" }), headers: { "If-Match": '"9"' } })).status, 412);
    assert.equal((await call({ name: "change", method: "PUT", path: `/endpoints/${id}`, body: endpointBody({ status: "off" }), headers: { "If-Match": '"1"' } })).status, 200);
    assert.equal((await call({ name: "unknown id", method: "PUT", path: `/endpoints/${UNKNOWN}`, body: endpointBody() })).status, 404);
    assert.equal((await call({ name: "malformed id", method: "PUT", path: "/endpoints/x", body: endpointBody() })).status, 404);
    // Two active endpoints for one institution × environment × transaction: 409.
    await call({ name: "active", method: "PUT", path: `/endpoints/${id}`, body: endpointBody({ status: "active" }) });
    assert.equal((await call({ name: "duplicate active", method: "POST", path: "/endpoints", body: endpointBody({ status: "active", url: "https://openapi2.enovation-xds.example/rad75" }) })).status, 409);
  });

  test("check now: read-only token, unknown and malformed ids", async () => {
    const cases: [Call, number][] = [
      [{ name: "read-only token", method: "POST", path: `/endpoints/${own.endpointId}/check`, token: tokens.programme }, 403],
      [{ name: "unknown id", method: "POST", path: `/endpoints/${UNKNOWN}/check` }, 404],
      [{ name: "malformed id", method: "POST", path: "/endpoints/x/check" }, 404],
    ];
    for (const [c, status] of cases) assert.equal((await call(c)).status, status, `${c.method} ${c.path} (${c.name})`);
  });

  test("availability (issue 15 §2): invalid and future months, unknown parameters, JSON and CSV", async () => {
    const cases: [Call, number][] = [
      [{ name: "invalid month", method: "GET", path: "/availability?month=2031-13" }, 400],
      [{ name: "a month that has not started", method: "GET", path: "/availability?month=2031-07" }, 400],
      [{ name: "invalid groupBy", method: "GET", path: "/availability?groupBy=region" }, 400],
      [{ name: "unknown parameter", method: "GET", path: "/availability?colour=red" }, 400],
      [{ name: "per vendor", method: "GET", path: "/availability?month=2031-05&groupBy=vendor", token: tokens.programme }, 200],
      [{ name: "default month, CSV", method: "GET", path: "/availability", headers: { Accept: "text/csv" } }, 200],
      [{ name: "invalid month", method: "GET", path: `/endpoints/${own.endpointId}/availability?month=may` }, 400],
      [{ name: "a month that has not started", method: "GET", path: `/endpoints/${own.endpointId}/availability?month=2032-01` }, 400],
      [{ name: "unknown id", method: "GET", path: `/endpoints/${UNKNOWN}/availability` }, 404],
      [{ name: "malformed id", method: "GET", path: "/endpoints/x/availability" }, 404],
      [{ name: "one month", method: "GET", path: `/endpoints/${own.endpointId}/availability?month=2031-05` }, 200],
    ];
    for (const [c, status] of cases) assert.equal((await call(c)).status, status, `${c.method} ${c.path} (${c.name})`);
  });

  test("go-live and exchange volumes (issue 17): scope, read-only tokens, invalid rows, a good report", async () => {
    const cases: [Call, number][] = [
      [{ name: "gate", method: "GET", path: `/institutions/${ids.home}/go-live` }, 200],
      [{ name: "outside the scope", method: "GET", path: `/institutions/${ids.founda}/go-live` }, 404],
      [{ name: "unknown id", method: "GET", path: `/institutions/${UNKNOWN}/go-live` }, 404],
      [{ name: "programme token", method: "POST", path: "/exchange-volumes", body: volumeBody(), token: tokens.programme }, 403],
      [{ name: "invalid JSON", method: "POST", path: "/exchange-volumes", body: "{nope" }, 400],
      [{ name: "wrong content type", method: "POST", path: "/exchange-volumes", body: "a=b", headers: { "Content-Type": "text/plain" } }, 415],
      [{ name: "too large", method: "POST", path: "/exchange-volumes", body: volumeBody({ pad: "x".repeat(40_000) }) }, 413],
      [{ name: "invalid row", method: "POST", path: "/exchange-volumes", body: volumeBody({ direction: "sideways" }) }, 422],
      [{ name: "another vendor's institution", method: "POST", path: "/exchange-volumes", body: JSON.stringify({ institutionId: ids.founda, month: "2031-05", direction: "in", counterpart: "alphatron", documents: 1, studies: 1 }) }, 422],
      [{ name: "good", method: "POST", path: "/exchange-volumes", body: volumeBody() }, 200],
    ];
    for (const [c, status] of cases) assert.equal((await call(c)).status, status, `${c.method} ${c.path} (${c.name})`);
  });

  test("every documented operation was called, with bad input and with good input", () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        const statuses = (seen.get(key) ?? []).map((s) => s.status);
        assert.ok(statuses.some((s) => s >= 400), `${key} was never called with bad input`);
        if (key !== "POST /endpoints/{id}/check") assert.ok(statuses.some((s) => s < 300), `${key} was never called with good input`);
      }
    }
  });

  test("servers: the public address", () => {
    assert.deepEqual((doc as unknown as { servers: unknown }).servers, [{ url: SERVER }]);
  });
});
