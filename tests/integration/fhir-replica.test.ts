/**
 * The FHIR directory as a replica on another host sees it (issue 19): it reaches the portal
 * through a public address that is not the one Next listens on, follows every `next` link as it
 * is, and stays in sync with `_history?_since=` while the portal is being edited.
 *
 * The portal side is handleFhirRequest as the route handler calls it: Next hands it a request
 * for http://localhost:3000/… whatever address the client used. A replica is a client with its
 * own public base that refuses any URL outside it, and keeps the newest version of each resource.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { asc, eq } from "drizzle-orm";
import { DEMO_USERS } from "@/db/seed";
import { endpoints, institutions, type Endpoint } from "@/db/schema";
import type { PublicUrlConfig } from "@/lib/api/public-url";
import { handleApiV1Request } from "@/lib/api/v1";
import type { Actor } from "@/lib/auth/policy";
import { handleFhirRequest } from "@/lib/fhir/handler";
import { updateInstitution, type InstitutionData } from "@/lib/institutions/service";
import { createApiToken } from "@/lib/registry/api-tokens";
import { stampDirectoryChange } from "@/lib/registry/directory-clock";
import { createEndpoint, snapshotOf, updateEndpoint } from "@/lib/registry/endpoints";
import type { EndpointValues } from "@/lib/validation/endpoints";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { fhirSchemaErrors } from "@/tests/helpers/fhir-schema";
import { signedInActor } from "@/tests/helpers/sessions";
import { demoInstitutionIds } from "@/tests/helpers/seeded";

let t: TestDb;
let admin: Actor;
let token: string;
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;

/** What Next hands the route handler, whatever address the client used (scripts/start.ts). */
const LISTEN = "http://localhost:3000";
const PUBLIC: PublicUrlConfig = { appUrl: "https://directory.example/duo", trustProxy: false };

type Resource = { resourceType: string; id: string; meta: { versionId: string; lastUpdated: string; tag?: { code: string }[] }; [k: string]: unknown };
type Entry = { fullUrl?: string; resource: Resource; search?: { mode: string }; request?: { method: string; url: string } };
type Bundle = { resourceType: "Bundle"; type: string; total?: number; meta: { lastUpdated: string }; timestamp: string; link: { relation: string; url: string }[]; entry?: Entry[] };

/** The portal: a request as Next builds it, handled with the given public-address configuration. */
function portal(cfg: PublicUrlConfig = PUBLIC) {
  return (path: string, headers: Record<string, string> = {}) => {
    const req = new Request(`${LISTEN}${path}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
    const segments = new URL(req.url).pathname.split("/").filter(Boolean).slice(1);
    return handleFhirRequest(req, segments, { db: t.db, now: new Date(), limitPerMinute: 100_000, publicUrl: cfg });
  };
}

/**
 * A replica on another host: it only knows the public FHIR base, follows links as they are
 * (refusing any that leave its base) and keeps, per resource, the highest version it has seen.
 */
class Replica {
  readonly store = new Map<string, Resource>();
  requests = 0;
  constructor(
    readonly base: string,
    private readonly send: (path: string, headers?: Record<string, string>) => Promise<Response>,
    private readonly headers: Record<string, string> = {},
  ) {}

  async get(url: string): Promise<Bundle> {
    assert.ok(url.startsWith(`${this.base}/`), `${url} leaves the replica's base ${this.base}`);
    const u = new URL(url);
    const basePath = new URL(this.base).pathname.replace(/\/fhir$/, "");
    const res = await this.send(`${u.pathname.slice(basePath.length)}${u.search}`, this.headers);
    this.requests++;
    assert.equal(res.status, 200, `${url}: ${await res.clone().text()}`);
    const body = (await res.json()) as Bundle;
    assert.deepEqual(fhirSchemaErrors(body), [], JSON.stringify(body).slice(0, 300));
    for (const l of body.link) assert.ok(l.url.startsWith(`${this.base}/`), `${l.relation} link ${l.url}`);
    for (const e of body.entry ?? []) if (e.fullUrl) assert.equal(e.fullUrl, `${this.base}/${e.resource.resourceType}/${e.resource.id}`);
    return body;
  }

  private keep(r: Resource) {
    const key = `${r.resourceType}/${r.id}`;
    const have = this.store.get(key);
    if (!have || Number(r.meta.versionId) > Number(have.meta.versionId)) this.store.set(key, r);
  }

  /** Follows `next` from `path` to the end; `between(page)` runs after each page (concurrent edits). Returns the first page's sync point and every id paged. */
  async follow(path: string, between: (page: number) => Promise<void> = async () => {}) {
    let url: string | undefined = `${this.base}${path}`;
    let syncPoint: string | undefined;
    const paged: string[] = [];
    for (let page = 1; url; page++) {
      const body = await this.get(url);
      syncPoint ??= body.meta.lastUpdated;
      assert.equal(body.meta.lastUpdated, syncPoint, "every page of one result set carries the first page's sync point");
      for (const e of body.entry ?? []) {
        if (e.search?.mode === "outcome") continue;
        paged.push(`${e.resource.resourceType}/${e.resource.id}`);
        this.keep(e.resource);
      }
      url = body.link.find((l) => l.relation === "next")?.url;
      await between(page);
    }
    return { syncPoint: syncPoint!, paged };
  }

  /** One poll of a type's history since the last sync point; returns the next one. */
  async poll(type: string, since: string) {
    const { syncPoint } = await this.follow(`/${type}/_history?_since=${encodeURIComponent(since)}&_count=30`);
    return syncPoint;
  }

  versions(type: string) {
    return new Map([...this.store].filter(([k]) => k.startsWith(`${type}/`)).map(([k, r]) => [k, r.meta.versionId]));
  }
}

const valuesOf = (e: Endpoint, over: Partial<EndpointValues> = {}): EndpointValues =>
  ({
    institutionId: e.institutionId,
    environment: e.environment,
    transaction: e.transaction,
    url: e.url,
    homeCommunityId: e.homeCommunityId,
    vendorCode: e.vendorCode,
    status: e.status,
    periodStart: e.periodStart,
    periodEnd: e.periodEnd,
    maintenanceWindows: e.maintenanceWindows,
    probeMode: e.probeMode,
    ...over,
  }) as EndpointValues;

const principal = () => ({ kind: "user" as const, actor: admin });
const endpointRow = async (id: string) => (await t.db.select().from(endpoints).where(eq(endpoints.id, id)))[0];
let edits = 0;
async function editEndpoint(id: string) {
  const row = await endpointRow(id);
  edits++;
  return (await updateEndpoint(t.db, { principal: principal(), id, values: valuesOf(row, { url: `${row.url.split("?")[0]}?edit=${edits}` }), now: new Date() })).endpoint;
}
async function renameInstitution(id: string, name: string) {
  const [row] = await t.db.select().from(institutions).where(eq(institutions.id, id));
  const data = { name, kind: row.kind, ura: row.ura, agb: row.agb, kvk: row.kvk, city: row.city, province: row.province, vendor: row.vendorCode, groupName: row.groupName, contacts: [] } as unknown as InstitutionData;
  return updateInstitution(t.db, { actor: { userId: admin.userId, label: admin.email }, id, data, now: new Date() });
}

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  admin = await signedInActor(t.db, DEMO_USERS[0].email, new Date());
  token = (await createApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, values: { name: "replica", scope: "programme", institutionId: null, vendorCode: null, expiresInDays: 30 }, now: new Date() })).token;
});
after(async () => {
  await t?.dispose();
});

describe("absolute URLs from the public address", () => {
  test("a replica behind another host name follows every next link; fullUrl and the CapabilityStatement use its address", async () => {
    const replica = new Replica("https://directory.example/duo/fhir", portal());
    const { paged } = await replica.follow("/Endpoint?_count=40");
    const n = (await t.db.select({ id: endpoints.id }).from(endpoints)).length;
    assert.equal(paged.length, n);
    assert.equal(new Set(paged).size, n);
    assert.equal(replica.requests, Math.ceil(n / 40));
    const cs = await (await portal()("/fhir/metadata")).json();
    assert.equal(cs.url, "https://directory.example/duo/fhir/metadata");
    assert.equal(cs.implementation.url, "https://directory.example/duo/fhir");
  });

  test("X-Forwarded-Proto/Host count only with TRUST_PROXY=true, and only when well-formed", async () => {
    const forwarded = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "replica.example:8443" };
    const trusting = portal({ appUrl: "http://portal.internal:3000/duo", trustProxy: true });
    const behindProxy = new Replica("https://replica.example:8443/duo/fhir", trusting, forwarded);
    const { paged } = await behindProxy.follow("/Organization?_count=50");
    assert.ok(paged.length > 100);

    const links = async (send: ReturnType<typeof portal>, headers: Record<string, string>) => ((await (await send("/fhir/Organization?_count=1", headers)).json()) as Bundle).link.map((l) => l.url);
    for (const url of await links(portal(), forwarded)) assert.ok(url.startsWith("https://directory.example/duo/fhir/Organization?"), `not trusted: ${url}`);
    for (const url of await links(trusting, { "X-Forwarded-Host": "evil.example/path" })) assert.ok(url.startsWith("http://portal.internal:3000/duo/fhir/"), `malformed: ${url}`);
    for (const url of await links(trusting, { "X-Forwarded-Host": "client.example, proxy.example", "X-Forwarded-Proto": "http, https" })) {
      assert.ok(url.startsWith("https://proxy.example/duo/fhir/"), `the right-most entry is the proxy's: ${url}`);
    }
  });

  test("the OpenAPI document names the public address as its server", async () => {
    const send = (cfg: PublicUrlConfig, headers: Record<string, string> = {}) =>
      handleApiV1Request(new Request(`${LISTEN}/api/v1/openapi.json`, { headers }), ["openapi.json"], { db: t.db, now: new Date(), publicUrl: cfg });
    assert.deepEqual((await (await send(PUBLIC)).json()).servers, [{ url: "https://directory.example/duo/api/v1" }]);
    const proxied = await send({ appUrl: "http://portal.internal:3000", trustProxy: true }, { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "api.example" });
    assert.deepEqual((await proxied.json()).servers, [{ url: "https://api.example/api/v1" }]);
  });
});

describe("a replica in sync while the portal is edited", () => {
  test("full load with concurrent edits, then _history since the first page's sync point: exactly the portal's data", async () => {
    const replica = new Replica("https://directory.example/duo/fhir", portal());
    const before = new Set((await t.db.select({ id: endpoints.id }).from(endpoints)).map((r) => `Endpoint/${r.id}`));
    const byId = (await t.db.select().from(endpoints).orderBy(asc(endpoints.id))).map((e) => e.id);
    let created: Endpoint | undefined;

    const orgs = await replica.follow("/Organization?_count=20", async (page) => {
      // An institution on a page already read changes, and one on a page still to come.
      if (page === 1) await renameInstitution(ids.home, "Ziekenhuis Hernoemd Tijdens Laden");
      if (page === 2) await renameInstitution(ids.other, "Ziekenhuis Ook Hernoemd");
    });
    const eps = await replica.follow("/Endpoint?_count=25", async (page) => {
      // Under offset paging over "last changed" order, each of these moved a resource and
      // shifted the pages after it, so that another one was never returned.
      if (page === 1) await editEndpoint(byId[3]);
      if (page === 2) {
        const row = await endpointRow(byId[10]);
        created = await createEndpoint(t.db, { principal: principal(), values: valuesOf(row, { status: "suspended", url: "https://new.example.test/xca" }), now: new Date() });
      }
      if (page === 3) await editEndpoint(byId[byId.length - 1]);
      if (page === 4) await editEndpoint(byId[5]);
    });
    assert.ok(created);
    // Paging alone returned every endpoint that existed when it started, each exactly once.
    const pagedEndpoints = eps.paged.filter((k) => before.has(k));
    assert.equal(pagedEndpoints.length, before.size);
    assert.equal(new Set(eps.paged).size, eps.paged.length, "no endpoint twice");
    assert.equal(new Set(orgs.paged).size, orgs.paged.length, "no organization twice");

    // Edits after the load, then the replica polls twice.
    await editEndpoint(byId[7]);
    const [nextOrg, nextEp] = [await replica.poll("Organization", orgs.syncPoint), await replica.poll("Endpoint", eps.syncPoint)];
    await editEndpoint(byId[8]);
    await renameInstitution(ids.founda, "Founda Ziekenhuis Na Laden");
    await replica.poll("Organization", nextOrg);
    await replica.poll("Endpoint", nextEp);

    // The portal's data, as a fresh replica loads it when nothing changes.
    const fresh = new Replica("https://directory.example/duo/fhir", portal());
    await fresh.follow("/Organization?_count=200");
    await fresh.follow("/Endpoint?_count=200");
    assert.deepEqual(replica.versions("Endpoint"), fresh.versions("Endpoint"));
    assert.deepEqual(replica.versions("Organization"), fresh.versions("Organization"));
    // The whole resources too, but for the health extension: live, not versioned, so not in _history.
    const record = (r: Resource) => JSON.stringify({ ...r, extension: (r.extension as { url: string }[] | undefined)?.filter((e) => !e.url.endsWith("/endpoint-health")) });
    assert.deepEqual([...replica.store.values()].map(record).sort(), [...fresh.store.values()].map(record).sort());
    // And the database agrees on every endpoint's version.
    const db = new Map((await t.db.select().from(endpoints)).map((e) => [`Endpoint/${e.id}`, String(e.version)]));
    assert.deepEqual(replica.versions("Endpoint"), db);
    assert.ok(replica.store.has(`Endpoint/${created!.id}`));
    assert.equal(replica.store.get(`Organization/${ids.home}`)?.name, "Ziekenhuis Hernoemd Tijdens Laden");
  });

  test("a write in progress while a replica takes its sync point is seen by the page or by _history", async () => {
    const replica = new Replica("https://directory.example/duo/fhir", portal());
    const [row] = await t.db.select().from(endpoints).orderBy(asc(endpoints.id)).limit(1);
    let stampedAt: Date | undefined;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let stamped!: () => void;
    const isStamped = new Promise<void>((r) => (stamped = r));
    // A write stamped before the replica reads and committed after it asked.
    const writing = t.db.transaction(async (tx) => {
      stampedAt = await stampDirectoryChange(tx, new Date(0));
      stamped();
      await held;
      const [updated] = await tx.update(endpoints).set({ url: `${row.url}#late`, version: row.version + 1, updatedAt: stampedAt }).where(eq(endpoints.id, row.id)).returning();
      const { endpointVersions } = await import("@/db/schema");
      await tx.insert(endpointVersions).values({ endpointId: row.id, version: updated.version, at: stampedAt, actorUserId: null, actorLabel: "test", snapshot: snapshotOf(updated) });
    });
    await isStamped;
    const reading = replica.get(`${replica.base}/Endpoint?_id=${row.id}`);
    setTimeout(release, 50);
    const [page] = await Promise.all([reading, writing]);
    assert.ok(new Date(page.meta.lastUpdated).getTime() >= stampedAt!.getTime(), "the sync point waits for the write in progress");
    const seen = page.entry?.[0]?.resource.meta.versionId === String(row.version + 1);
    const history = await replica.get(`${replica.base}/Endpoint/_history?_since=${encodeURIComponent(page.meta.lastUpdated)}`);
    const inHistory = (history.entry ?? []).some((e) => e.resource.id === row.id && e.resource.meta.versionId === String(row.version + 1));
    assert.ok(seen || inHistory, "the late write is neither in the page nor in _history");
  });
});

describe("a national address book (mCSD update client) keeps in sync", () => {
  test("initial load, then _history polls: a retracted endpoint arrives as a PUT with status entered-in-error or off, never as a DELETE", async () => {
    const book = new Replica("https://directory.example/duo/fhir", portal());
    const load = await book.follow("/Endpoint?_count=200");
    const [a, b] = await t.db.select().from(endpoints).where(eq(endpoints.status, "active")).orderBy(asc(endpoints.id)).limit(2);
    await updateEndpoint(t.db, { principal: principal(), id: a.id, values: valuesOf(a, { status: "entered-in-error" }), now: new Date() });
    await updateEndpoint(t.db, { principal: principal(), id: b.id, values: valuesOf(b, { status: "off" }), now: new Date() });
    const poll = await book.get(`${book.base}/Endpoint/_history?_since=${encodeURIComponent(load.syncPoint)}`);
    const entries = (poll.entry ?? []).map((e) => [e.resource.id, e.request?.method, e.request?.url, (e.resource as { status?: string }).status]);
    assert.deepEqual(
      entries.filter(([id]) => id === a.id || id === b.id),
      [
        [b.id, "PUT", `Endpoint/${b.id}`, "off"],
        [a.id, "PUT", `Endpoint/${a.id}`, "entered-in-error"],
      ],
    );
    assert.ok((poll.entry ?? []).every((e) => e.request && e.request.method !== "DELETE" && e.resource));
    // Still readable, and still listed by its institution: nothing is deleted.
    assert.equal((await portal()(`/fhir/Endpoint/${a.id}`)).status, 200);
  });
});

describe("Organization versions follow their endpoints", () => {
  test("changing an endpoint changes its institution's version, ETag and _history; 304 only while nothing changed", async () => {
    const send = portal();
    const read = async (id: string, headers: Record<string, string> = {}) => send(`/fhir/Organization/${id}`, headers);
    const first = await read(ids.enovation2);
    assert.equal(first.status, 200);
    const org = (await first.json()) as Resource & { endpoint?: { reference: string }[] };
    const etag = first.headers.get("etag")!;
    assert.equal((await read(ids.enovation2, { "If-None-Match": etag })).status, 304);

    const epId = org.endpoint![0].reference.split("/")[1];
    const changed = await editEndpoint(epId);
    const second = await read(ids.enovation2, { "If-None-Match": etag });
    assert.equal(second.status, 200, "something changed: no 304");
    const org2 = (await second.json()) as Resource;
    assert.notEqual(second.headers.get("etag"), etag);
    assert.equal(org2.meta.lastUpdated, changed.updatedAt.toISOString());
    assert.equal(second.headers.get("etag"), `W/"${org2.meta.versionId}"`);
    assert.equal((await read(ids.enovation2, { "If-None-Match": second.headers.get("etag")! })).status, 304);

    const hist = (await (await send(`/fhir/Organization/_history?_since=${encodeURIComponent(changed.updatedAt.toISOString())}`)).json()) as Bundle;
    assert.deepEqual(hist.entry?.map((e) => e.resource.id), [ids.enovation2]);
    assert.equal(hist.entry?.[0].resource.meta.versionId, org2.meta.versionId);

    // A new endpoint joins Organization.endpoint and moves the version too.
    const row = await endpointRow(epId);
    const created = await createEndpoint(t.db, { principal: principal(), values: valuesOf(row, { status: "off", url: "https://another.example.test/xca" }), now: new Date() });
    const org3 = (await (await read(ids.enovation2)).json()) as Resource & { endpoint: { reference: string }[] };
    assert.ok(org3.endpoint.some((e) => e.reference === `Endpoint/${created.id}`));
    assert.equal(org3.meta.lastUpdated, created.updatedAt.toISOString());
  });

  test("no Organization is older than one of the endpoints it lists", async () => {
    const replica = new Replica("https://directory.example/duo/fhir", portal());
    await replica.follow("/Endpoint?_count=200");
    await replica.follow("/Organization?_count=200");
    let checked = 0;
    for (const r of replica.store.values()) {
      if (r.resourceType !== "Organization") continue;
      for (const ref of (r as { endpoint?: { reference: string }[] }).endpoint ?? []) {
        const ep = replica.store.get(ref.reference)!;
        assert.ok(ep, ref.reference);
        assert.ok(r.meta.lastUpdated >= ep.meta.lastUpdated, `Organization/${r.id} (${r.meta.lastUpdated}) is older than ${ref.reference} (${ep.meta.lastUpdated})`);
        checked++;
      }
    }
    assert.ok(checked > 100);
  });
});
