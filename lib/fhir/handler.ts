/**
 * The read-only FHIR R4 directory at /fhir (IHE mCSD): Organization and Endpoint, search,
 * read, vread, type and instance `_history`, ETags and a CapabilityStatement. The route
 * handler (app/fhir/[[...path]]/route.ts) only passes the request in; everything else is here,
 * so the integration tests call this with a plain Request.
 *
 * Built for replicas that sync from another host (README, "FHIR directory"):
 * - every absolute URL (Bundle links, fullUrl, the CapabilityStatement) comes from APP_URL, or
 *   from the proxy's X-Forwarded-* with TRUST_PROXY=true (lib/api/public-url.ts);
 * - searches page by keyset on the immutable id and every Bundle carries the sync point of its
 *   first page in `meta.lastUpdated` (lib/registry/directory-clock.ts): a full load plus
 *   `_history?_since=<that instant>` misses nothing, whatever changes while the replica pages.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endpointHealthSummaries, listEndpointHistory, listOrganizationChanges, searchEndpoints, searchOrganizations } from "@/lib/registry/queries";
import { vendors, type Vendor } from "@/db/schema";
import { authenticateRequest } from "@/lib/api/request-auth";
import { publicBase, publicRequestUrl, publicUrlConfig, type PublicUrlConfig } from "@/lib/api/public-url";
import { can, type Actor } from "@/lib/auth/policy";
import { log } from "@/lib/log";
import { directorySyncPoint } from "@/lib/registry/directory-clock";
import { readScope, type Principal } from "@/lib/registry/principal";
import {
  acceptsJson,
  encodeCursor,
  formatRefusal,
  handlingOf,
  matchesBounds,
  matchesName,
  parseEndpointSearch,
  parseHistoryParams,
  parseOrganizationSearch,
  parseReadParams,
  type Cursor,
  type Handling,
  type Ignored,
  type OrganizationSearch,
  type Parsed,
  type ResultParams,
} from "./search";
import { operationOutcome, toFhirEndpoint, toFhirOrganization, VENDOR_EPOCH, VENDOR_ORG_PREFIX, vendorToFhirOrganization } from "./mapping";
import { capabilityStatement } from "./capability";
import { EXTENSION_DEFINITIONS, isExtensionId } from "./extensions";

export const FHIR_JSON = "application/fhir+json; charset=utf-8";

type Ctx = {
  db: Db;
  now: Date;
  sessionActor?: () => Promise<Actor | null>;
  limitPerMinute?: number;
  /** APP_URL and TRUST_PROXY (default: from the environment); every absolute URL is built from them. */
  publicUrl?: PublicUrlConfig;
};

/** What one request carries through: its context, the request, the headers every answer gets, how to write JSON. */
type Call = { ctx: Ctx; req: Request; principal: Principal; headers: Record<string, string>; handling: Handling };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBSETTED = { system: "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", code: "SUBSETTED", display: "subsetted" };

function json(body: unknown, status = 200, headers: Record<string, string> = {}, pretty = false) {
  return new Response(JSON.stringify(body, null, pretty ? 2 : undefined), { status, headers: { "Content-Type": FHIR_JSON, "Cache-Control": "no-store", ...headers } });
}

export function outcome(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return json(operationOutcome("error", code, message), status, headers);
}

const refused = (p: Extract<Parsed<unknown>, { ok: false }>, headers: Record<string, string>) => outcome(p.status, p.code, p.message, headers);

/** The public FHIR base (APP_URL, or the proxy's X-Forwarded-* with TRUST_PROXY=true), never the listening address. */
function baseOf(ctx: Ctx, req: Request) {
  return `${publicBase(req.headers, ctx.publicUrl ?? publicUrlConfig())}/fhir`;
}

function publicUrlOf(call: Call, change: (u: URL) => void = () => {}) {
  const u = publicRequestUrl(call.req, call.ctx.publicUrl ?? publicUrlConfig());
  change(u);
  return u.toString();
}

type Page = { type: "searchset" | "history"; params: ResultParams; ignored: Ignored[]; total: number | null; syncPoint: Date; timestamp: Date; nextKey?: string; entry: unknown[] };

/** One page of a searchset or history Bundle: links from the public address, the sync point in meta.lastUpdated. */
function bundle(call: Call, p: Page) {
  const dropIgnored = (u: URL) => {
    for (const i of p.ignored) u.searchParams.delete(i.param);
  };
  const link = [{ relation: "self", url: publicUrlOf(call, dropIgnored) }];
  if (p.params.cursor) {
    link.push({ relation: "first", url: publicUrlOf(call, (u) => (dropIgnored(u), u.searchParams.delete("_cursor"))) });
  }
  if (p.nextKey !== undefined) {
    const cursor = encodeCursor({ key: p.nextKey, syncPoint: p.syncPoint });
    link.push({ relation: "next", url: publicUrlOf(call, (u) => (dropIgnored(u), u.searchParams.set("_cursor", cursor), u.searchParams.set("_count", String(p.params.count)))) });
  }
  const entry = [...p.entry];
  if (p.ignored.length) {
    entry.push({
      resource: { resourceType: "OperationOutcome", issue: p.ignored.map((i) => ({ severity: "warning", code: "not-supported", diagnostics: `Ignored (Prefer: handling=lenient): ${i.reason}` })) },
      search: { mode: "outcome" },
    });
  }
  const headers = { ...call.headers, ...(call.handling === "lenient" ? { "Preference-Applied": "handling=lenient" } : {}) };
  return json(
    {
      resourceType: "Bundle",
      meta: { lastUpdated: p.syncPoint.toISOString() },
      type: p.type,
      timestamp: p.timestamp.toISOString(),
      ...(p.total !== null && p.params.total !== "none" ? { total: p.total } : {}),
      link,
      ...(entry.length ? { entry } : {}),
    },
    200,
    headers,
    p.params.pretty,
  );
}

/** The sync point of this page's result set (the first page's, carried in the cursor) and the instant of this page. */
async function syncPoints(ctx: Ctx, cursor: Cursor | undefined) {
  const timestamp = await directorySyncPoint(ctx.db);
  return { syncPoint: cursor?.syncPoint ?? timestamp, timestamp };
}

/** Mandatory elements stay in a subset, so a subsetted resource still holds what R4 requires. */
const MANDATORY: Record<string, string[]> = { Endpoint: ["status", "connectionType", "payloadType", "address"], Organization: [] };

/** `_elements` / `_summary`: the resource as asked for, tagged SUBSETTED when elements were left out. */
function shape<R extends { resourceType: string; meta: Record<string, unknown> }>(resource: R, p: Pick<ResultParams, "elements">): R {
  if (!p.elements) return resource;
  const keep = new Set(["resourceType", "id", "meta", ...(MANDATORY[resource.resourceType] ?? []), ...p.elements]);
  const out = Object.fromEntries(Object.entries(resource).filter(([k]) => keep.has(k))) as R;
  return { ...out, meta: { ...resource.meta, tag: [SUBSETTED] } };
}

const etagOf = (versionId: string) => `W/"${versionId}"`;

function notModified(req: Request, etag: string) {
  const inm = req.headers.get("if-none-match");
  return inm !== null && inm.split(",").map((s) => s.trim()).some((t) => t === etag || t === etag.slice(2) || t === "*");
}

function readResponse(call: Call, resource: { resourceType: string; meta: { versionId: string; lastUpdated: string } }) {
  const params = parseReadParams(new URL(call.req.url).searchParams);
  if (!params.ok) return refused(params, call.headers);
  const etag = etagOf(resource.meta.versionId);
  const h = { ...call.headers, ETag: etag, "Last-Modified": new Date(resource.meta.lastUpdated).toUTCString() };
  if (notModified(call.req, etag)) return new Response(null, { status: 304, headers: h });
  return json(shape(resource, params.value), 200, h, params.value.pretty);
}

const matchEntry = (base: string, resource: { resourceType: string; id: string }, mode: "match" | "include" = "match") => ({
  fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
  resource,
  search: { mode },
});

async function allVendors(ctx: Ctx) {
  return ctx.db.select().from(vendors).orderBy(vendors.code);
}

async function vendorOrganizations(ctx: Ctx, codes: string[]) {
  const wanted = new Set(codes);
  return (await allVendors(ctx)).filter((v) => wanted.has(v.code)).map(vendorToFhirOrganization);
}

async function institutionOrganizations(call: Call, ids: string[]) {
  if (!ids.length) return [];
  const { rows } = await searchOrganizations(call.ctx.db, { scope: readScope(call.principal), ids, count: ids.length, withTotal: false });
  return rows.map((r) => toFhirOrganization(r.institution, { lastUpdated: r.lastUpdated, endpointIds: r.endpointIds }));
}

async function searchEndpointBundle(call: Call) {
  const parsed = parseEndpointSearch(new URL(call.req.url).searchParams, call.handling);
  if (!parsed.ok) return refused(parsed, call.headers);
  const s = parsed.value;
  const { syncPoint, timestamp } = await syncPoints(call.ctx, s.cursor);
  const noMatch = s.connectionTypeMatches === false;
  const { total, rows } = await searchEndpoints(call.ctx.db, {
    scope: readScope(call.principal),
    ids: noMatch ? [] : s.ids,
    homeCommunityIds: s.homeCommunityIds,
    institutionIds: s.institutionIds,
    vendorCodes: s.vendorCodes,
    statuses: s.statuses,
    lastUpdated: s.lastUpdated,
    afterId: s.cursor?.key,
    count: s.count === 0 ? 0 : s.count + 1,
    withTotal: s.total !== "none",
  });
  const page = rows.slice(0, s.count);
  const base = baseOf(call.ctx, call.req);
  const health = await endpointHealthSummaries(call.ctx.db, page.map((r) => r.endpoint.id));
  const entry: unknown[] = page.map((r) => matchEntry(base, shape(toFhirEndpoint(r.endpoint, health.get(r.endpoint.id)), s)));
  if (page.length && s.includeManagingOrganizations) {
    for (const o of await vendorOrganizations(call.ctx, [...new Set(page.map((r) => r.endpoint.vendorCode))])) entry.push(matchEntry(base, o, "include"));
  }
  if (page.length && s.revIncludeOrganizations) {
    for (const o of await institutionOrganizations(call, [...new Set(page.map((r) => r.endpoint.institutionId))])) entry.push(matchEntry(base, o, "include"));
  }
  return bundle(call, {
    type: "searchset",
    params: s,
    ignored: parsed.ignored,
    total,
    syncPoint,
    timestamp,
    nextKey: rows.length > s.count && s.count > 0 ? page[page.length - 1].endpoint.id : undefined,
    entry,
  });
}

type OrgResource = ReturnType<typeof toFhirOrganization> | ReturnType<typeof vendorToFhirOrganization>;

const vendorMatches = (v: Vendor, s: OrganizationSearch) =>
  (s.ids === undefined || s.ids.includes(`${VENDOR_ORG_PREFIX}${v.code}`)) &&
  (s.uras === undefined || (s.kvks ?? []).includes(v.kvk)) &&
  matchesName(v.name, s.name) &&
  s.active !== false &&
  matchesBounds(VENDOR_EPOCH, s.lastUpdated);

/**
 * Organizations in one keyset order: the vendors first (`vendor-<code>`, fixed rows), then the
 * institutions by id. Also the type-level `_history`: institutions have no version table, so
 * their history is the current version of each one changed since the instant (the institution
 * or any of its endpoints).
 */
async function organizationBundle(call: Call, mode: "search" | "history") {
  const params = new URL(call.req.url).searchParams;
  let parsed: Parsed<OrganizationSearch>;
  if (mode === "history") {
    const h = parseHistoryParams(params, call.handling);
    parsed = h.ok ? { ok: true, ignored: h.ignored, value: { ...h.value, lastUpdated: h.value.since ? [{ op: "ge", at: h.value.since }] : [] } } : h;
  } else parsed = parseOrganizationSearch(params, call.handling);
  if (!parsed.ok) return refused(parsed, call.headers);
  const s = parsed.value;
  const { syncPoint, timestamp } = await syncPoints(call.ctx, s.cursor);
  const after = s.cursor?.key;
  const vendorRows = (await allVendors(call.ctx)).filter((v) => vendorMatches(v, s));
  const vendorPage = vendorRows.filter((v) => after === undefined || (after.startsWith(VENDOR_ORG_PREFIX) && `${VENDOR_ORG_PREFIX}${v.code}` > after)).slice(0, s.count + 1);
  const instIds = s.ids?.filter((id) => UUID_RE.test(id)).map((id) => id.toLowerCase());
  const instWanted = s.count === 0 ? 0 : s.count + 1 - vendorPage.length;
  const inst =
    s.active === false
      ? { total: 0, rows: [] }
      : await searchOrganizations(call.ctx.db, {
          scope: readScope(call.principal),
          ids: instIds,
          uras: s.uras,
          name: s.name,
          lastUpdated: s.lastUpdated,
          afterId: after !== undefined && !after.startsWith(VENDOR_ORG_PREFIX) ? after : undefined,
          count: Math.max(instWanted, 0),
          withTotal: s.total !== "none",
        });
  const all: OrgResource[] = [
    ...vendorPage.map((v) => vendorToFhirOrganization(v)),
    ...(instWanted > 0 ? inst.rows : []).map((r) => toFhirOrganization(r.institution, { lastUpdated: r.lastUpdated, endpointIds: r.endpointIds })),
  ];
  const page = s.count === 0 ? [] : all.slice(0, s.count);
  const base = baseOf(call.ctx, call.req);
  const entry: unknown[] = page.map((resource) => (mode === "history" ? organizationHistoryEntry(base, shape(resource, s)) : matchEntry(base, shape(resource, s))));
  if (mode === "search" && page.length && (s.includeEndpoints || s.revIncludeEndpoints)) {
    const institutionIds = page.filter((o) => !o.id.startsWith(VENDOR_ORG_PREFIX)).map((o) => o.id);
    const vendorCodes = s.revIncludeEndpoints ? page.filter((o) => o.id.startsWith(VENDOR_ORG_PREFIX)).map((o) => o.id.slice(VENDOR_ORG_PREFIX.length)) : [];
    if (institutionIds.length || vendorCodes.length) {
      const { rows } = await searchEndpoints(call.ctx.db, { scope: readScope(call.principal), institutionIds, vendorCodes, count: null, withTotal: false });
      const health = await endpointHealthSummaries(call.ctx.db, rows.map((r) => r.endpoint.id));
      for (const r of rows) entry.push(matchEntry(base, toFhirEndpoint(r.endpoint, health.get(r.endpoint.id)), "include"));
    }
  }
  return bundle(call, {
    type: mode === "history" ? "history" : "searchset",
    params: s,
    ignored: parsed.ignored,
    total: inst.total === null ? null : vendorRows.length + inst.total,
    syncPoint,
    timestamp,
    nextKey: all.length > s.count && s.count > 0 ? page[page.length - 1].id : undefined,
    entry,
  });
}

/** An Organization in a history Bundle: its current version, as an update. */
function organizationHistoryEntry(base: string, resource: OrgResource) {
  return {
    fullUrl: `${base}/Organization/${resource.id}`,
    resource,
    request: { method: "PUT", url: `Organization/${resource.id}` },
    response: { status: "200", etag: etagOf(resource.meta.versionId), lastModified: resource.meta.lastUpdated },
  };
}

/** An Endpoint version in a history Bundle: created (POST) or updated (PUT); nothing is ever deleted. */
function endpointHistoryEntry(base: string, resource: ReturnType<typeof toFhirEndpoint>) {
  const created = resource.meta.versionId === "1";
  return {
    fullUrl: `${base}/Endpoint/${resource.id}`,
    resource,
    request: { method: created ? "POST" : "PUT", url: created ? "Endpoint" : `Endpoint/${resource.id}` },
    response: { status: created ? "201" : "200", etag: etagOf(resource.meta.versionId), lastModified: resource.meta.lastUpdated },
  };
}

/** Endpoint `_history` (type or instance): every version, newest first, keyset on (at, row id). */
async function endpointHistory(call: Call, endpointId?: string) {
  const parsed = parseHistoryParams(new URL(call.req.url).searchParams, call.handling);
  if (!parsed.ok) return refused(parsed, call.headers);
  const h = parsed.value;
  if (endpointId !== undefined && !UUID_RE.test(endpointId)) return outcome(404, "not-found", `Endpoint/${endpointId} is not known`, call.headers);
  const before = h.cursor ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_(\d{1,15})$/.exec(h.cursor.key) : null;
  if (h.cursor && !before) return outcome(400, "invalid", "_cursor is not a cursor of this history; follow the Bundle's next link as it is", call.headers);
  const { syncPoint, timestamp } = await syncPoints(call.ctx, h.cursor);
  const { total, rows } = await listEndpointHistory(call.ctx.db, {
    scope: readScope(call.principal),
    since: h.since,
    endpointId,
    before: before ? { atKey: before[1], id: Number(before[2]) } : undefined,
    count: h.count === 0 ? 0 : h.count + 1,
    // An instance history always counts: "no versions at all" is a 404.
    withTotal: h.total !== "none" || endpointId !== undefined,
  });
  if (endpointId !== undefined && total === 0 && !h.since) return outcome(404, "not-found", `Endpoint/${endpointId} is not known`, call.headers);
  const page = rows.slice(0, h.count);
  const base = baseOf(call.ctx, call.req);
  const last = page[page.length - 1];
  return bundle(call, {
    type: "history",
    params: h,
    ignored: parsed.ignored,
    total,
    syncPoint,
    timestamp,
    nextKey: rows.length > h.count && last ? `${last.atKey}_${last.version.id}` : undefined,
    entry: page.map((r) => endpointHistoryEntry(base, shape(toFhirEndpoint(r.version.snapshot), h))),
  });
}

/** Ranks of the streams of the system-level history at one instant: endpoint versions, institutions, vendors. */
const RANK = { endpoint: 2, institution: 1, vendor: 0 } as const;
const VENDOR_EPOCH_KEY = `${VENDOR_EPOCH.toISOString().slice(0, 23)}000Z`;

/**
 * System-level `_history`: Endpoint versions and Organization changes merged newest first, keyset
 * on (instant to the microsecond, stream, id) so that pages stay stable while the directory changes.
 */
async function systemHistory(call: Call) {
  const parsed = parseHistoryParams(new URL(call.req.url).searchParams, call.handling);
  if (!parsed.ok) return refused(parsed, call.headers);
  const h = parsed.value;
  const m = h.cursor ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([012])_([A-Za-z0-9-]{1,64})$/.exec(h.cursor.key) : null;
  if (h.cursor && !m) return outcome(400, "invalid", "_cursor is not a cursor of this history; follow the Bundle's next link as it is", call.headers);
  const last = m ? { atKey: m[1], rank: Number(m[2]), id: m[3] } : undefined;
  /** Where a stream of rank `rank` resumes after the last entry of the previous page. */
  const before = (rank: number) => (last === undefined ? undefined : rank < last.rank ? { atKey: last.atKey, id: 0, op: "le" as const } : rank > last.rank ? { atKey: last.atKey, id: 0, op: "lt" as const } : { atKey: last.atKey, id: last.id });
  if (last && last.rank === RANK.endpoint && !/^\d{1,15}$/.test(last.id)) return outcome(400, "invalid", "_cursor is not a cursor of this history", call.headers);
  const { syncPoint, timestamp } = await syncPoints(call.ctx, h.cursor);
  const scope = readScope(call.principal);
  const eb = before(RANK.endpoint);
  const epBefore = eb && { ...eb, id: Number(eb.id) };
  const want = h.count === 0 ? 0 : h.count + 1;
  const withTotal = h.total !== "none";
  const [eps, insts, allVendorRows] = [
    await listEndpointHistory(call.ctx.db, { scope, since: h.since, before: epBefore, count: want, withTotal }),
    await listOrganizationChanges(call.ctx.db, { scope, since: h.since, before: before(RANK.institution), count: want, withTotal }),
    await allVendors(call.ctx),
  ];
  const vendorRows = allVendorRows.filter(() => !h.since || VENDOR_EPOCH >= h.since);
  const afterLast = (atKey: string, rank: number, id: string) =>
    !last || atKey < last.atKey || (atKey === last.atKey && (rank < last.rank || (rank === last.rank && id < last.id)));
  type Item = { atKey: string; rank: number; id: string; entry: () => unknown };
  const base = baseOf(call.ctx, call.req);
  const items: Item[] = [
    ...eps.rows.map((r) => ({ atKey: r.atKey, rank: RANK.endpoint, id: String(r.version.id), entry: () => endpointHistoryEntry(base, shape(toFhirEndpoint(r.version.snapshot), h)) })),
    ...insts.rows.map((r) => ({
      atKey: r.atKey,
      rank: RANK.institution,
      id: r.institution.id,
      entry: () => organizationHistoryEntry(base, shape(toFhirOrganization(r.institution, { lastUpdated: r.lastUpdated, endpointIds: r.endpointIds }), h)),
    })),
    ...vendorRows
      .map((v) => ({ atKey: VENDOR_EPOCH_KEY, rank: RANK.vendor, id: `${VENDOR_ORG_PREFIX}${v.code}`, entry: () => organizationHistoryEntry(base, shape(vendorToFhirOrganization(v), h)) }))
      .filter((i) => afterLast(i.atKey, i.rank, i.id)),
  ];
  const numeric = (a: Item, b: Item) => (a.rank === RANK.endpoint ? Number(b.id) - Number(a.id) : b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
  items.sort((a, b) => (a.atKey !== b.atKey ? (a.atKey < b.atKey ? 1 : -1) : a.rank !== b.rank ? b.rank - a.rank : numeric(a, b)));
  const page = h.count === 0 ? [] : items.slice(0, h.count);
  const tail = page[page.length - 1];
  return bundle(call, {
    type: "history",
    params: h,
    ignored: parsed.ignored,
    total: eps.total === null || insts.total === null ? null : eps.total + insts.total + vendorRows.length,
    syncPoint,
    timestamp,
    nextKey: items.length > h.count && tail ? `${tail.atKey}_${tail.rank}_${tail.id}` : undefined,
    entry: page.map((i) => i.entry()),
  });
}

async function readEndpoint(call: Call, id: string, version?: string) {
  if (version !== undefined && !/^\d{1,9}$/.test(version)) return outcome(404, "not-found", `Endpoint/${id}/_history/${version} is not known`, call.headers);
  const { rows } = await listEndpointHistory(call.ctx.db, {
    scope: readScope(call.principal),
    endpointId: UUID_RE.test(id) ? id : "00000000-0000-0000-0000-000000000000",
    version: version !== undefined ? Number(version) : undefined,
    count: 1,
    withTotal: false,
  });
  const row = rows[0];
  if (!row) return outcome(404, "not-found", version ? `Endpoint/${id}/_history/${version} is not known` : `Endpoint/${id} is not known`, call.headers);
  // The current version carries the checker's view; an old version (vread) is the record as it was.
  const health = version === undefined ? (await endpointHealthSummaries(call.ctx.db, [row.version.endpointId])).get(row.version.endpointId) : undefined;
  return readResponse(call, toFhirEndpoint(row.version.snapshot, health));
}

async function readOrganization(call: Call, id: string) {
  if (id.startsWith(VENDOR_ORG_PREFIX)) {
    const [v] = await call.ctx.db.select().from(vendors).where(eq(vendors.code, id.slice(VENDOR_ORG_PREFIX.length)));
    if (!v) return outcome(404, "not-found", `Organization/${id} is not known`, call.headers);
    return readResponse(call, vendorToFhirOrganization(v));
  }
  const [org] = UUID_RE.test(id) ? await institutionOrganizations(call, [id.toLowerCase()]) : [];
  if (!org) return outcome(404, "not-found", `Organization/${id} is not known`, call.headers);
  return readResponse(call, org);
}

/** Dispatches /fhir/<segments…>. */
export async function handleFhirRequest(req: Request, segments: string[], ctx: Ctx): Promise<Response> {
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return outcome(405, "not-supported", "This directory is read-only: only GET is supported. Change endpoints in the portal or through /api/v1.", { Allow: "GET" });
    }
    if (!acceptsJson(req.headers.get("accept"))) {
      return outcome(406, "not-supported", "This server only speaks JSON: ask for application/fhir+json (XML is not offered).");
    }
    const format = new URL(req.url).searchParams.getAll("_format");
    const formatRefused = format.length ? formatRefusal(format) : null;
    if (formatRefused) return outcome(406, "not-supported", formatRefused);
    if (segments.length === 1 && segments[0] === "metadata") {
      const params = parseReadParams(new URL(req.url).searchParams);
      if (!params.ok) return outcome(params.status, params.code, params.message);
      return json(capabilityStatement(baseOf(ctx, req)), 200, {}, params.value.pretty);
    }
    if (segments.length === 2 && segments[0] === "StructureDefinition") {
      const params = parseReadParams(new URL(req.url).searchParams);
      if (!params.ok) return outcome(params.status, params.code, params.message);
      if (!isExtensionId(segments[1])) return outcome(404, "not-found", `StructureDefinition/${segments[1]} is not known; this server defines ${Object.keys(EXTENSION_DEFINITIONS).join(", ")}`);
      return json(EXTENSION_DEFINITIONS[segments[1]], 200, { "Cache-Control": "public, max-age=3600" }, params.value.pretty);
    }

    const auth = await authenticateRequest(ctx.db, req, { now: ctx.now, sessionActor: ctx.sessionActor, limitPerMinute: ctx.limitPerMinute });
    if (!auth.ok) {
      if (auth.status === 429) return outcome(429, "throttled", auth.message, { "Retry-After": String(auth.retryAfterSeconds) });
      if (auth.status === 403) return outcome(403, "forbidden", auth.message);
      return outcome(401, "login", auth.message, { "WWW-Authenticate": 'Bearer realm="fhir"' });
    }
    const { principal, headers } = auth;
    if (principal.kind === "user" && !can(principal.actor, "endpoint.read")) return outcome(403, "forbidden", "Your account has no access to the network registry.", headers);
    const call: Call = { ctx, req, principal, headers, handling: handlingOf(req.headers.get("prefer")) };

    const [type, id, op, vid, ...rest] = segments;
    if (rest.length) return outcome(404, "not-found", `Unknown path /fhir/${segments.join("/")}`, headers);
    if (type === "Endpoint") {
      if (id === undefined) return searchEndpointBundle(call);
      if (id === "_history" && op === undefined) return endpointHistory(call);
      if (op === undefined) return readEndpoint(call, id);
      if (op === "_history" && vid === undefined) return endpointHistory(call, id);
      if (op === "_history") return readEndpoint(call, id, vid);
    }
    if (type === "Organization") {
      if (id === undefined) return organizationBundle(call, "search");
      if (id === "_history" && op === undefined) return organizationBundle(call, "history");
      if (op === undefined) return readOrganization(call, id);
    }
    if (type === "_history" && id === undefined) return systemHistory(call);
    if (type === undefined) return outcome(404, "not-found", "Use /fhir/metadata, /fhir/Organization or /fhir/Endpoint.", headers);
    return outcome(404, "not-supported", `Resource type or interaction not supported: /fhir/${segments.join("/")}`, headers);
  } catch (e) {
    log.error("fhir.failed", { message: (e as Error).message?.slice(0, 200) });
    return outcome(500, "exception", "Internal error; the request has been logged.");
  }
}
