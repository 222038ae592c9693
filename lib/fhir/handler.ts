/**
 * The read-only FHIR R4 directory at /fhir (IHE mCSD): Organization and Endpoint, search,
 * read, vread, type and instance `_history`, ETags and a CapabilityStatement. The route
 * handler (app/fhir/[[...path]]/route.ts) only passes the request in; everything else is here,
 * so the integration tests call this with a plain Request.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listEndpointHistory, searchEndpoints, searchOrganizations } from "@/lib/registry/queries";
import { vendors } from "@/db/schema";
import { authenticateRequest } from "@/lib/api/request-auth";
import { can, type Actor } from "@/lib/auth/policy";
import { log } from "@/lib/log";
import { readScope, type Principal } from "@/lib/registry/principal";
import { matchesBounds, parseEndpointSearch, parseHistoryParams, parseOrganizationSearch, type OrganizationSearch } from "./search";
import { operationOutcome, toFhirEndpoint, toFhirOrganization, VENDOR_EPOCH, VENDOR_ORG_PREFIX, vendorToFhirOrganization } from "./mapping";

export const FHIR_JSON = "application/fhir+json; charset=utf-8";
export const SOFTWARE_DATE = "2026-01-15";

type Ctx = { db: Db; now: Date; sessionActor?: () => Promise<Actor | null>; limitPerMinute?: number };

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": FHIR_JSON, "Cache-Control": "no-store", ...headers } });
}

export function outcome(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return json(operationOutcome("error", code, message), status, headers);
}

export function capabilityStatement(base: string) {
  const history = { code: "history-type" };
  const common = [
    { name: "_id", type: "token" },
    { name: "identifier", type: "token" },
    { name: "_lastUpdated", type: "date" },
  ];
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: SOFTWARE_DATE,
    publisher: "Programma Landelijke Beeldbeschikbaarheid",
    kind: "instance",
    software: { name: "DUO-portaal netwerkregister" },
    implementation: { description: "DUO network registry (IHE mCSD directory, read-only)", url: base },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json"],
    rest: [
      {
        mode: "server",
        documentation: "Read with an API token (Authorization: Bearer) or a signed-in session. Replicas load everything with a search and stay in sync with _history?_since=.",
        security: { cors: false, description: "Bearer API token, or the portal session cookie." },
        resource: [
          {
            type: "Organization",
            versioning: "versioned",
            readHistory: false,
            interaction: [{ code: "read" }, { code: "search-type" }, history],
            searchParam: [...common, { name: "name", type: "string" }, { name: "active", type: "token" }],
          },
          {
            type: "Endpoint",
            versioning: "versioned",
            readHistory: true,
            interaction: [{ code: "read" }, { code: "vread" }, { code: "search-type" }, { code: "history-instance" }, history],
            searchParam: [...common, { name: "organization", type: "reference" }, { name: "status", type: "token" }],
          },
        ],
      },
    ],
  };
}

function baseOf(req: Request) {
  const u = new URL(req.url);
  return `${u.origin}/fhir`;
}

function pageLinks(req: Request, offset: number, count: number, total: number) {
  const self = new URL(req.url);
  const link = [{ relation: "self", url: self.toString() }];
  if (offset + count < total) {
    const next = new URL(req.url);
    next.searchParams.set("_offset", String(offset + count));
    next.searchParams.set("_count", String(count));
    link.push({ relation: "next", url: next.toString() });
  }
  if (offset > 0) {
    const prev = new URL(req.url);
    prev.searchParams.set("_offset", String(Math.max(0, offset - count)));
    prev.searchParams.set("_count", String(count));
    link.push({ relation: "previous", url: prev.toString() });
  }
  return link;
}

/** One page of a searchset or history Bundle, with its paging links. */
function bundle(ctx: Ctx, req: Request, headers: Record<string, string>, b: { type: "searchset" | "history"; total: number; page: { offset: number; count: number }; entry: unknown[] }) {
  return json({ resourceType: "Bundle", type: b.type, timestamp: ctx.now.toISOString(), total: b.total, link: pageLinks(req, b.page.offset, b.page.count, b.total), entry: b.entry }, 200, headers);
}

const etagOf = (versionId: string) => `W/"${versionId}"`;

function notModified(req: Request, etag: string) {
  const inm = req.headers.get("if-none-match");
  return inm !== null && inm.split(",").map((s) => s.trim()).some((t) => t === etag || t === etag.slice(2) || t === "*");
}

function readResponse(req: Request, resource: { meta: { versionId: string; lastUpdated: string } }, headers: Record<string, string>) {
  const etag = etagOf(resource.meta.versionId);
  const h = { ...headers, ETag: etag, "Last-Modified": new Date(resource.meta.lastUpdated).toUTCString() };
  if (notModified(req, etag)) return new Response(null, { status: 304, headers: h });
  return json(resource, 200, h);
}

async function searchEndpointBundle(ctx: Ctx, req: Request, principal: Principal, headers: Record<string, string>) {
  const parsed = parseEndpointSearch(new URL(req.url).searchParams);
  if (!parsed.ok) return outcome(400, "not-supported", parsed.message, headers);
  const s = parsed.value;
  const { total, rows } = await searchEndpoints(ctx.db, {
    scope: readScope(principal),
    ids: s.ids,
    homeCommunityIds: s.homeCommunityIds,
    institutionIds: s.institutionIds,
    vendorCodes: s.vendorCodes,
    statuses: s.statuses,
    lastUpdated: s.lastUpdated,
    offset: s.offset,
    count: s.count,
  });
  const base = baseOf(req);
  return bundle(ctx, req, headers, { type: "searchset", total, page: s, entry: rows.map((r) => ({ fullUrl: `${base}/Endpoint/${r.endpoint.id}`, resource: toFhirEndpoint(r.endpoint, r), search: { mode: "match" } })) });
}

async function allVendors(ctx: Ctx) {
  return ctx.db.select().from(vendors).orderBy(vendors.code);
}

async function searchOrganizationBundle(ctx: Ctx, req: Request, principal: Principal, headers: Record<string, string>, historySince?: Date) {
  let s: OrganizationSearch;
  if (historySince !== undefined) {
    // Organizations have no version table: their history is the current version of each one
    // changed since the instant (an institution or any of its endpoints).
    const h = parseHistoryParams(new URL(req.url).searchParams);
    if (!h.ok) return outcome(400, "not-supported", h.message, headers);
    s = { count: h.value.count, offset: h.value.offset, lastUpdated: h.value.since ? [{ op: "ge", at: h.value.since }] : [] };
  } else {
    const parsed = parseOrganizationSearch(new URL(req.url).searchParams);
    if (!parsed.ok) return outcome(400, "not-supported", parsed.message, headers);
    s = parsed.value;
  }
  const isHistory = historySince !== undefined;
  // Vendors first (three fixed rows), then institutions; one offset runs over both.
  const vendorRows = (await allVendors(ctx)).filter(
    (v) =>
      (s.ids === undefined || s.ids.includes(`${VENDOR_ORG_PREFIX}${v.code}`)) &&
      (s.uras === undefined || (s.kvks ?? []).includes(v.kvk)) &&
      (s.name === undefined || v.name.toLowerCase().startsWith(s.name.toLowerCase())) &&
      s.active !== false &&
      matchesBounds(VENDOR_EPOCH, s.lastUpdated),
  );
  const instIds = s.ids?.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  const vendorSlice = vendorRows.slice(s.offset, s.offset + s.count);
  const instOffset = Math.max(0, s.offset - vendorRows.length);
  const instCount = s.count - vendorSlice.length;
  const noInstitutions = s.active === false;
  const inst = noInstitutions
    ? { total: 0, rows: [] }
    : await searchOrganizations(ctx.db, {
        scope: readScope(principal),
        ids: instIds,
        uras: s.uras,
        name: s.name,
        lastUpdated: s.lastUpdated,
        offset: instOffset,
        count: Math.max(instCount, 0) || 0,
      });
  const instRows = instCount > 0 ? inst.rows : [];
  const total = vendorRows.length + inst.total;
  const base = baseOf(req);
  const resources = [
    ...vendorSlice.map((v) => vendorToFhirOrganization(v)),
    ...instRows.map((r) => toFhirOrganization(r.institution, { lastUpdated: r.lastUpdated, endpointIds: r.endpointIds })),
  ];
  return bundle(ctx, req, headers, {
    type: isHistory ? "history" : "searchset",
    total,
    page: s,
    entry: resources.map((resource) =>
      isHistory
        ? {
            fullUrl: `${base}/Organization/${resource.id}`,
            resource,
            request: { method: "PUT", url: `Organization/${resource.id}` },
            response: { status: "200", etag: etagOf(resource.meta.versionId), lastModified: resource.meta.lastUpdated },
          }
        : { fullUrl: `${base}/Organization/${resource.id}`, resource, search: { mode: "match" } },
    ),
  });
}

async function endpointHistory(ctx: Ctx, req: Request, principal: Principal, headers: Record<string, string>, endpointId?: string) {
  const parsed = parseHistoryParams(new URL(req.url).searchParams);
  if (!parsed.ok) return outcome(400, "not-supported", parsed.message, headers);
  const h = parsed.value;
  if (endpointId !== undefined && !/^[0-9a-f-]{36}$/i.test(endpointId)) return outcome(404, "not-found", `Endpoint/${endpointId} is not known`, headers);
  const { total, rows } = await listEndpointHistory(ctx.db, { scope: readScope(principal), since: h.since, endpointId, offset: h.offset, count: h.count });
  if (endpointId !== undefined && total === 0 && !h.since) return outcome(404, "not-found", `Endpoint/${endpointId} is not known`, headers);
  const base = baseOf(req);
  return bundle(ctx, req, headers, {
    type: "history",
    total,
    page: h,
    entry: rows.map((r) => {
      const resource = toFhirEndpoint(r.version.snapshot, r);
      return {
        fullUrl: `${base}/Endpoint/${resource.id}`,
        resource,
        request: { method: r.version.version === 1 ? "POST" : "PUT", url: r.version.version === 1 ? "Endpoint" : `Endpoint/${resource.id}` },
        response: { status: r.version.version === 1 ? "201" : "200", etag: etagOf(resource.meta.versionId), lastModified: resource.meta.lastUpdated },
      };
    }),
  });
}

async function readEndpoint(ctx: Ctx, req: Request, principal: Principal, headers: Record<string, string>, id: string, version?: string) {
  if (version !== undefined && !/^\d{1,9}$/.test(version)) return outcome(404, "not-found", `Endpoint/${id}/_history/${version} is not known`, headers);
  const { rows } = await listEndpointHistory(ctx.db, {
    scope: readScope(principal),
    endpointId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : "00000000-0000-0000-0000-000000000000",
    version: version !== undefined ? Number(version) : undefined,
    count: 1,
  });
  const row = rows[0];
  if (!row) return outcome(404, "not-found", version ? `Endpoint/${id}/_history/${version} is not known` : `Endpoint/${id} is not known`, headers);
  return readResponse(req, toFhirEndpoint(row.version.snapshot, row), headers);
}

async function readOrganization(ctx: Ctx, req: Request, principal: Principal, headers: Record<string, string>, id: string) {
  if (id.startsWith(VENDOR_ORG_PREFIX)) {
    const [v] = await ctx.db.select().from(vendors).where(eq(vendors.code, id.slice(VENDOR_ORG_PREFIX.length)));
    if (!v) return outcome(404, "not-found", `Organization/${id} is not known`, headers);
    return readResponse(req, vendorToFhirOrganization(v), headers);
  }
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const found = isId
    ? await searchOrganizations(ctx.db, { scope: readScope(principal), ids: [id.toLowerCase()], offset: 0, count: 1 })
    : { rows: [] as Awaited<ReturnType<typeof searchOrganizations>>["rows"] };
  const r = found.rows[0];
  if (!r) return outcome(404, "not-found", `Organization/${id} is not known`, headers);
  return readResponse(req, toFhirOrganization(r.institution, { lastUpdated: r.lastUpdated, endpointIds: r.endpointIds }), headers);
}

/** Dispatches /fhir/<segments…>. */
export async function handleFhirRequest(req: Request, segments: string[], ctx: Ctx): Promise<Response> {
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return outcome(405, "not-supported", "This directory is read-only: only GET is supported. Change endpoints in the portal or through /api/v1.", { Allow: "GET" });
    }
    if (segments.length === 1 && segments[0] === "metadata") return json(capabilityStatement(baseOf(req)));

    const auth = await authenticateRequest(ctx.db, req, { now: ctx.now, sessionActor: ctx.sessionActor, limitPerMinute: ctx.limitPerMinute });
    if (!auth.ok) {
      if (auth.status === 429) return outcome(429, "throttled", auth.message, { "Retry-After": String(auth.retryAfterSeconds) });
      return outcome(401, "login", auth.message, { "WWW-Authenticate": 'Bearer realm="fhir"' });
    }
    const { principal, headers } = auth;
    if (principal.kind === "user" && !can(principal.actor, "endpoint.read")) return outcome(403, "forbidden", "Your account has no access to the network registry.", headers);

    const [type, id, op, vid, ...rest] = segments;
    if (rest.length) return outcome(404, "not-found", `Unknown path /fhir/${segments.join("/")}`, headers);
    if (type === "Endpoint") {
      if (id === undefined) return searchEndpointBundle(ctx, req, principal, headers);
      if (id === "_history" && op === undefined) return endpointHistory(ctx, req, principal, headers);
      if (op === undefined) return readEndpoint(ctx, req, principal, headers, id);
      if (op === "_history" && vid === undefined) return endpointHistory(ctx, req, principal, headers, id);
      if (op === "_history") return readEndpoint(ctx, req, principal, headers, id, vid);
    }
    if (type === "Organization") {
      if (id === undefined) return searchOrganizationBundle(ctx, req, principal, headers);
      if (id === "_history" && op === undefined) return searchOrganizationBundle(ctx, req, principal, headers, new Date(0));
      if (op === undefined) return readOrganization(ctx, req, principal, headers, id);
    }
    if (type === "_history") return outcome(400, "not-supported", "System-level _history is not supported; use /fhir/Endpoint/_history and /fhir/Organization/_history.", headers);
    if (type === undefined) return outcome(404, "not-found", "Use /fhir/metadata, /fhir/Organization or /fhir/Endpoint.", headers);
    return outcome(404, "not-supported", `Resource type or interaction not supported: /fhir/${segments.join("/")}`, headers);
  } catch (e) {
    log.error("fhir.failed", { message: (e as Error).message?.slice(0, 200) });
    return outcome(500, "exception", "Internal error; the request has been logged.");
  }
}
