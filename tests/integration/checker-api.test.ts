/**
 * POST /api/v1/endpoints/{id}/check ("check now" for API tokens) against the bundled XCA
 * simulator on loopback: the verdict for an own endpoint, structured problems for a read-only
 * token (403), another institution's endpoint (404), a malformed id (404), the wrong method
 * (405), no token (401), and the per-endpoint rate limit (429 with Retry-After).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditEvents, checkResults, endpoints, users } from "@/db/schema";
import { handleApiV1Request } from "@/lib/api/v1";
import type { Actor } from "@/lib/auth/policy";
import { resetRunnerSettings } from "@/lib/checker/settings";
import { startSimulator, type Simulator } from "@/lib/checker/simulator/server";
import { createInstitution } from "@/lib/institutions/service";
import { createApiToken } from "@/lib/registry/api-tokens";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
let sim: Simulator;
const ids: Record<"a1" | "a2" | "b1" | "instA" | "instB", string> = {} as never;
const tokens: Record<"institution" | "programme" | "vendor" | "foreignVendor", string> = {} as never;
const BASE = "http://portal.test";

const check = (id: string, opts: { token?: string; method?: string } = {}) => {
  const req = new Request(`${BASE}/api/v1/endpoints/${id}/check`, {
    method: opts.method ?? "POST",
    headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {},
  });
  const segments = new URL(req.url).pathname.split("/").filter(Boolean).slice(2);
  return handleApiV1Request(req, segments, { db: t.db, now: new Date(), limitPerMinute: 10_000 });
};

/** A problem+json body with the fields every API error carries. */
async function problemOf(res: Response, status: number) {
  assert.equal(res.status, status);
  assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
  const body = (await res.json()) as { type: string; title: string; status: number; detail: string };
  assert.equal(body.status, status);
  assert.match(body.type, /^https:\/\/duo-portaal\.example\/problems\//);
  assert.ok(body.title.length > 0 && body.detail.length > 0);
  return body;
}

before(async () => {
  sim = await startSimulator({ scenarios: [] });
  // The server reads CHECKER_* from the environment once: set them before the first check.
  Object.assign(process.env, sim.env, { CHECKER_TIMEOUT_MS: "8000", CHECK_NOW_PER_ENDPOINT_SECONDS: "15", CHECK_NOW_PER_USER_PER_HOUR: "30" });
  resetRunnerSettings();
  t = await createTestDb();
  const [u] = await t.db.insert(users).values({ email: "beheer@test.example", name: "Bea Beheer" }).returning({ id: users.id });
  const admin: Actor = { userId: u.id, email: "beheer@test.example", name: "Bea Beheer", locale: "nl", memberships: [{ role: "programme_admin", institutionId: null, vendorCode: null }] };
  const auditActor = { userId: u.id, label: admin.email };
  const now = new Date();
  const inst = async (name: string, ura: string) =>
    (await createInstitution(t.db, { actor: auditActor, now, data: { name, kind: "hospital", ura, agb: null, kvk: null, city: "Deventer", province: "NL-OV", vendor: "enovation", groupName: null, contacts: [] } })).id;
  // The simulator's certificates carry its URA: the institution registered with it matches.
  ids.instA = await inst("Simulatorziekenhuis", sim.pki.serverUra);
  ids.instB = await inst("Ander Ziekenhuis", "94000002");
  const ep = async (institutionId: string, transaction: "iti-38" | "iti-39", path: string) =>
    (
      await t.db
        .insert(endpoints)
        .values({ institutionId, vendorCode: "enovation", environment: "acceptance", transaction, url: sim.url("ok", { path }), homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.99" })
        .returning({ id: endpoints.id })
    )[0].id;
  ids.a1 = await ep(ids.instA, "iti-38", "/xca/iti38");
  ids.a2 = await ep(ids.instA, "iti-39", "/xca/iti39");
  ids.b1 = await ep(ids.instB, "iti-38", "/xca/other");
  const make = async (name: string, scope: "programme" | "institution" | "vendor", target: { institutionId?: string; vendorCode?: string }) =>
    (await createApiToken(t.db, { actor: admin, auditActor, values: { name, scope, institutionId: target.institutionId ?? null, vendorCode: target.vendorCode ?? null, expiresInDays: 7 }, now })).token;
  tokens.institution = await make("gateway-a", "institution", { institutionId: ids.instA });
  tokens.programme = await make("replica", "programme", {});
  tokens.vendor = await make("enovation-ops", "vendor", { vendorCode: "enovation" });
  tokens.foreignVendor = await make("founda-ops", "vendor", { vendorCode: "founda" });
});
after(async () => {
  await t?.dispose();
  await sim?.close();
});

describe("POST /api/v1/endpoints/{id}/check", () => {
  test("an institution token checks its own endpoint: the layered verdict, stored as an API check", async () => {
    const res = await check(ids.a1, { token: tokens.institution });
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const body = await res.json();
    assert.equal(body.endpointId, ids.a1);
    assert.equal(body.status, "up", JSON.stringify(body.explanation));
    assert.equal(body.reason, null);
    assert.deepEqual(body.reasons, []);
    assert.match(body.tls.protocol, /^TLSv1\.[23]$/);
    assert.equal(body.certificate.ura, sim.pki.serverUra);
    assert.equal(body.soap.action, "urn:ihe:iti:2007:CrossGatewayQueryResponse");
    assert.equal(typeof body.phases.totalMs, "number");
    assert.ok(Array.isArray(body.explanation));
    assert.ok(!Number.isNaN(Date.parse(body.checkedAt)));
    // Issue 15: the transaction probed, and (transport mode) no chain steps.
    assert.equal(body.transaction, "iti38");
    assert.deepEqual(body.steps, []);
    const rows = await t.db.select().from(checkResults).where(eq(checkResults.endpointId, ids.a1));
    assert.deepEqual(rows.map((r) => [r.trigger, r.status, r.actorUserId]), [["api", "up", null]]);
  });

  test("right away again: 429 with Retry-After, and no second probe", async () => {
    const before = sim.requestCount();
    const res = await check(ids.a1, { token: tokens.institution });
    const body = await problemOf(res, 429);
    assert.match(body.type, /rate-limited$/);
    const retry = Number(res.headers.get("retry-after"));
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 15, `Retry-After ${res.headers.get("retry-after")}`);
    assert.equal(sim.requestCount(), before);
    assert.equal((await t.db.select().from(checkResults).where(eq(checkResults.endpointId, ids.a1))).length, 1);
  });

  test("a programme token only reads: 403, nothing checked", async () => {
    const body = await problemOf(await check(ids.a2, { token: tokens.programme }), 403);
    assert.match(body.type, /forbidden$/);
    assert.equal((await t.db.select().from(checkResults).where(eq(checkResults.endpointId, ids.a2))).length, 0);
  });

  test("another institution's endpoint is not found (404), for an institution token and a token of another vendor", async () => {
    for (const token of [tokens.institution, tokens.foreignVendor]) {
      const body = await problemOf(await check(ids.b1, { token }), 404);
      assert.match(body.type, /not-found$/);
    }
    assert.equal((await t.db.select().from(checkResults).where(eq(checkResults.endpointId, ids.b1))).length, 0);
  });

  test("a vendor token checks an endpoint of an institution on its infrastructure", async () => {
    const res = await check(ids.a2, { token: tokens.vendor });
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json();
    assert.equal(body.status, "up");
    // The registered ITI-39 endpoint is asked an ITI-39 retrieve, and answers as one.
    assert.equal(body.transaction, "iti39");
    assert.equal(body.soap.action, "urn:ihe:iti:2007:CrossGatewayRetrieveResponse");
    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, ids.a2), eq(auditEvents.action, "endpoint.check")));
    assert.equal(audit.length, 1);
    assert.match(audit[0].actorLabel, /^api-token:.*\(enovation-ops\)$/);
    assert.equal((audit[0].after as { trigger: string }).trigger, "api");
  });

  test("malformed and unknown ids: structured 404", async () => {
    for (const id of ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%27%20or%201%3D1"]) {
      const body = await problemOf(await check(id, { token: tokens.institution }), 404);
      assert.match(body.type, /not-found$/);
    }
  });

  test("wrong method 405 with Allow; no token 401 with WWW-Authenticate", async () => {
    const wrong = await check(ids.a1, { token: tokens.institution, method: "GET" });
    await problemOf(wrong, 405);
    assert.equal(wrong.headers.get("allow"), "POST");
    const anon = await check(ids.a1);
    await problemOf(anon, 401);
    assert.match(anon.headers.get("www-authenticate") ?? "", /^Bearer/);
  });
});
