/**
 * The REST API /api/v1 for automation: institutions and onboarding status (read), endpoints
 * (read; create and update for tokens scoped to an institution or a vendor). API tokens only;
 * errors as application/problem+json; ETag / If-Match on endpoints; a per-token rate limit.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { countEndpointsOfInstitution, endpointHealthSummaries, getEndpointDetail, isUuid, listEndpoints, type EndpointHealthSummary } from "@/lib/registry/queries";
import { getInstitutionDetail, listInstitutions } from "@/lib/institutions/queries";
import { inArray } from "drizzle-orm";
import { institutions, type Endpoint } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { errorText, translate } from "@/lib/i18n/messages";
import { log } from "@/lib/log";
import { createEndpoint, updateEndpoint } from "@/lib/registry/endpoints";
import { mayWriteAnywhere, readScope, type Principal } from "@/lib/registry/principal";
import { ENDPOINT_ENVIRONMENTS, ENDPOINT_STATUSES, fieldMessages, makeEndpointSchema, type EndpointSchemaOptions } from "@/lib/validation/endpoints";
import { messageText } from "@/lib/validation/messages";
import { authenticateRequest } from "./request-auth";
import { checkNow, RateLimitedError } from "@/lib/checker/check-now";
import { explainResult } from "@/lib/checker/explain";
import { availabilityQuery, endpointAvailabilityQuery, endpointListQuery, institutionListQuery } from "./schemas";
import { availabilityRows, endpointLabel, loadMonthlyAvailability } from "@/lib/checker/queries";
import { availabilityCsv } from "@/lib/checker/availability-csv";
import { amsterdamMonthOf, previousMonth } from "@/lib/domain/availability";
import { buildOpenApiDocument } from "./openapi";
import { problemResponse } from "./problem";
import { publicBase, publicUrlConfig, type PublicUrlConfig } from "./public-url";
import { getGoLive } from "@/lib/golive/queries";
import { reportExchangeVolumes, VolumeRefusal, type VolumeInput } from "@/lib/golive/volumes";
import { principalAuditActor } from "@/lib/registry/principal";

export const MAX_BODY_BYTES = 32 * 1024;
type Ctx = { db: Db; now: Date; schemaOptions?: EndpointSchemaOptions; limitPerMinute?: number; publicUrl?: PublicUrlConfig };

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Validation failed",
  429: "Too many requests",
  500: "Internal server error",
};

export function problem(status: number, type: string, detail: string, extra: { errors?: Record<string, string>; headers?: Record<string, string> } = {}) {
  return problemResponse({ type: `https://duo-portaal.example/problems/${type}`, title: TITLES[status] ?? "Error", status, detail, ...(extra.errors ? { errors: extra.errors } : {}) }, extra.headers);
}

/** Message keys (with their values) in English: the API speaks English. */
const en = (key: string, values?: Record<string, string | number>) => translate("en", key, values);

/** The checker's view, live (not covered by the ETag, which is the endpoint's version). */
function healthJson(h: EndpointHealthSummary) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return { status: h.status, since: iso(h.since), lastCheckedAt: iso(h.lastCheckedAt), reason: h.reason, certificateNotAfter: iso(h.certificateNotAfter) };
}

const healthOf = async (ctx: Ctx, id: string) => (await endpointHealthSummaries(ctx.db, [id])).get(id)!;

function endpointJson(e: Endpoint, ura: string, health: EndpointHealthSummary) {
  return {
    id: e.id,
    institutionId: e.institutionId,
    ura,
    vendorCode: e.vendorCode,
    environment: e.environment,
    transaction: e.transaction,
    url: e.url,
    homeCommunityId: e.homeCommunityId,
    status: e.status,
    periodStart: e.periodStart?.toISOString() ?? null,
    periodEnd: e.periodEnd?.toISOString() ?? null,
    maintenanceWindows: e.maintenanceWindows,
    probeMode: e.probeMode,
    central: e.central,
    version: e.version,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    health: healthJson(health),
  };
}

const etag = (version: number) => `"${version}"`;

/** The go-live gate of an institution (issue 17 §1), detail texts in English. */
function goLiveJson(g: NonNullable<Awaited<ReturnType<typeof getGoLive>>>) {
  const e = g.evaluation;
  return {
    institutionId: g.institutionId,
    gate: e.gate,
    status: e.status,
    conditions: e.conditions.map((c) => ({ code: c.code, met: c.met, since: c.since, detail: en(`golive.detail.${c.detail.code}`, c.detail.params) })),
    retestReasons: e.retestReasons.map((r) => ({ kind: r.kind, transaction: r.transaction, at: r.at })),
    ...(e.override ? { override: { by: e.override.by, reason: e.override.reason, at: e.override.at } } : {}),
  };
}

/** If-Match: "3" or W/"3"; anything else is a precondition that cannot hold. */
function parseIfMatch(header: string | null): number | undefined | null {
  if (header === null) return undefined;
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  return m ? Number(m[1]) : null;
}

async function readJsonBody(req: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(merge-patch\+)?json\b/i.test(type)) return { ok: false, response: problem(415, "unsupported-media-type", "Send the body as application/json.") };
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { ok: false, response: problem(413, "payload-too-large", `The body may be at most ${MAX_BODY_BYTES} bytes.`) };
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        return { ok: false, response: problem(413, "payload-too-large", `The body may be at most ${MAX_BODY_BYTES} bytes.`) };
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: problem(400, "invalid-json", "The body is not valid JSON.") };
  }
}

function fromAppError(e: AppError): Response {
  const errors = e.fieldErrors ? Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [k, messageText(en, v[0])])) : undefined;
  const detail = errorText("en", e);
  const status = e.code === "validation" ? 422 : e.status;
  return problem(status, e.code.replace(/_/g, "-"), detail, { errors });
}

function parseQuery<T extends z.ZodType>(schema: T, url: URL): { ok: true; value: z.output<T> } | { ok: false; response: Response } {
  const raw = Object.fromEntries(url.searchParams);
  const allowed = Object.keys((schema as unknown as z.ZodObject).shape);
  const unknown = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (unknown.length) return { ok: false, response: problem(400, "unknown-parameter", `Unknown query parameter(s): ${unknown.join(", ")}; supported: ${allowed.join(", ")}.`) };
  const res = schema.safeParse(raw);
  if (!res.success) return { ok: false, response: problem(400, "invalid-parameter", "A query parameter is invalid.", { errors: fieldMessages(res.error.issues, en) }) };
  return { ok: true, value: res.data };
}

async function endpointWrite(ctx: Ctx, req: Request, principal: Principal, id?: string): Promise<Response> {
  if (!mayWriteAnywhere(principal)) return problem(403, "forbidden", "This token may only read; endpoints are written with a token scoped to an institution or a vendor.");
  const expectedVersion = parseIfMatch(req.headers.get("if-match"));
  if (expectedVersion === null) return problem(412, "precondition-failed", 'If-Match must be an ETag such as "3".');
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  const schema = makeEndpointSchema(ctx.schemaOptions);
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return problem(422, "validation", "The endpoint is not valid.", { errors: fieldMessages(parsed.error.issues, en) });
  try {
    if (id === undefined) {
      const row = await createEndpoint(ctx.db, { principal, values: parsed.data, now: ctx.now });
      const detail = await getEndpointDetail(ctx.db, { id: row.id, scope: { kind: "all" } });
      return json(endpointJson(row, detail!.ura, await healthOf(ctx, row.id)), 201, { Location: `/api/v1/endpoints/${row.id}`, ETag: etag(row.version) });
    }
    const res = await updateEndpoint(ctx.db, { principal, id, values: parsed.data, expectedVersion, now: ctx.now });
    const detail = await getEndpointDetail(ctx.db, { id, scope: { kind: "all" } });
    return json(endpointJson(res.endpoint, detail!.ura, await healthOf(ctx, id)), 200, { ETag: etag(res.endpoint.version) });
  } catch (e) {
    if (e instanceof AppError && e.message === "registry.errors.version_mismatch") {
      return problem(412, "precondition-failed", en(e.message));
    }
    if (e instanceof AppError) return fromAppError(e);
    throw e;
  }
}

async function route(ctx: Ctx, req: Request, segments: string[], principal: Principal, url: URL): Promise<Response> {
  const [resource, id, sub, ...rest] = segments;
  const scope = readScope(principal);
  const method = req.method;
  if (rest.length) return problem(404, "not-found", `No such resource: /api/v1/${segments.join("/")}`);

  if (resource === "institutions") {
    if (method !== "GET") return problem(405, "method-not-allowed", "Institutions are read-only here.", { headers: { Allow: "GET" } });
    if (id === undefined) {
      const q = parseQuery(institutionListQuery, url);
      if (!q.ok) return q.response;
      const res = await listInstitutions(ctx.db, { scope, q: q.value.q, page: q.value.page, pageSize: q.value.pageSize ?? 50 });
      const ids = res.rows.map((r) => r.id);
      const full = ids.length ? await ctx.db.select().from(institutions).where(inArray(institutions.id, ids)) : [];
      const byId = new Map(full.map((f) => [f.id, f]));
      return json({
        data: res.rows.map((r) => {
          const f = byId.get(r.id)!;
          return { id: f.id, name: f.name, kind: f.kind, ura: f.ura, agb: f.agb, kvk: f.kvk, city: f.city, province: f.province, vendorCode: f.vendorCode };
        }),
        page: res.page,
        pages: res.pages,
        total: res.total,
      });
    }
    const detail = isUuid(id) ? await getInstitutionDetail(ctx.db, { id, scope }) : null;
    if (!detail) return problem(404, "not-found", `Institution ${id} is not known (or outside this token's scope).`);
    if (sub === undefined) {
      return json({ id: detail.id, name: detail.name, kind: detail.kind, ura: detail.ura, agb: detail.agb, kvk: detail.kvk, city: detail.city, province: detail.province, vendorCode: detail.vendorCode });
    }
    if (sub === "onboarding") {
      const counts = await countEndpointsOfInstitution(ctx.db, detail.id);
      const byEnv = Object.fromEntries(
        ENDPOINT_ENVIRONMENTS.map((env) => [env, Object.fromEntries(ENDPOINT_STATUSES.map((s) => [s, counts.find((c) => c.environment === env && c.status === s)?.n ?? 0]))]),
      );
      return json({
        institutionId: detail.id,
        vendorChosen: detail.vendorCode !== null,
        vendorCode: detail.vendorCode,
        endpoints: byEnv,
        connectedInProduction: (byEnv.production as Record<string, number>).active > 0,
      });
    }
    if (sub === "go-live") {
      const g = await getGoLive(ctx.db, { institutionId: detail.id, scope, at: ctx.now });
      if (!g) return problem(404, "not-found", `Institution ${id} is not known (or outside this token's scope).`);
      return json(goLiveJson(g));
    }
    return problem(404, "not-found", `No such resource: /api/v1/${segments.join("/")}`);
  }

  if (resource === "exchange-volumes" && id === undefined) {
    if (method !== "POST") return problem(405, "method-not-allowed", "Report volumes with POST.", { headers: { Allow: "POST" } });
    if (principal.kind !== "token" || principal.token.scope !== "vendor" || !principal.token.vendorCode) {
      return problem(403, "forbidden", "Exchange volumes are reported with a token scoped to a vendor.");
    }
    const body = await readJsonBody(req);
    if (!body.ok) return body.response;
    const items = Array.isArray(body.value) ? body.value : [body.value];
    if (items.some((i) => i === null || typeof i !== "object" || Array.isArray(i))) return problem(422, "validation", "Send one volume object or an array of them.");
    const inputs = items.map((i, n) => ({ ...(i as Record<string, unknown>), line: n + 1 }) as VolumeInput);
    try {
      const res = await reportExchangeVolumes(ctx.db, { inputs, vendorCodes: [principal.token.vendorCode], actor: principalAuditActor(principal), now: ctx.now, source: "api" });
      return json({ saved: res.saved, data: res.rows });
    } catch (e) {
      if (e instanceof VolumeRefusal) {
        const errors = Object.fromEntries(e.rowErrors.map((r, k) => [`${r.line}.${k}`, en(`golive.volumes.e.${r.code}`, r.params)]));
        return problem(422, "validation", e.rowErrors.length ? `Nothing was saved: ${e.rowErrors.length} error(s); keys are "<item number>.<n>".` : errorText("en", e), { errors });
      }
      throw e;
    }
  }

  if (resource === "endpoints" && sub === undefined) {
    if (id === undefined) {
      if (method === "POST") return endpointWrite(ctx, req, principal);
      if (method !== "GET") return problem(405, "method-not-allowed", "Use GET to list and POST to register.", { headers: { Allow: "GET, POST" } });
      const q = parseQuery(endpointListQuery, url);
      if (!q.ok) return q.response;
      const res = await listEndpoints(ctx.db, { scope, ...q.value, pageSize: q.value.pageSize ?? 50 });
      const full = await Promise.all(res.rows.map((r) => getEndpointDetail(ctx.db, { id: r.id, scope })));
      const health = await endpointHealthSummaries(ctx.db, res.rows.map((r) => r.id));
      return json({ data: full.filter((f) => f !== null).map((f) => endpointJson(f.endpoint, f.ura, health.get(f.endpoint.id)!)), page: res.page, pages: res.pages, total: res.total });
    }
    if (method === "PUT") return endpointWrite(ctx, req, principal, isUuid(id) ? id : "00000000-0000-0000-0000-000000000000");
    if (method !== "GET") return problem(405, "method-not-allowed", "Use GET to read and PUT to change an endpoint.", { headers: { Allow: "GET, PUT" } });
    const detail = isUuid(id) ? await getEndpointDetail(ctx.db, { id, scope }) : null;
    if (!detail) return problem(404, "not-found", `Endpoint ${id} is not known (or outside this token's scope).`);
    const tag = etag(detail.endpoint.version);
    const inm = req.headers.get("if-none-match");
    if (inm && inm.split(",").map((s) => s.trim().replace(/^W\//, "")).includes(tag)) return new Response(null, { status: 304, headers: { ETag: tag } });
    return json(endpointJson(detail.endpoint, detail.ura, await healthOf(ctx, detail.endpoint.id)), 200, { ETag: tag });
  }

  if (resource === "availability" && id === undefined) {
    if (method !== "GET") return problem(405, "method-not-allowed", "Availability is read-only.", { headers: { Allow: "GET" } });
    const q = parseQuery(availabilityQuery, url);
    if (!q.ok) return q.response;
    const month = q.value.month ?? previousMonth(amsterdamMonthOf(ctx.now));
    if (month > amsterdamMonthOf(ctx.now)) return problem(400, "invalid-parameter", `The month ${month} has not started.`, { errors: { month: "A month up to the current one" } });
    const groupBy = q.value.groupBy ?? "endpoint";
    const rows = availabilityRows(await loadMonthlyAvailability(ctx.db, { month, scope }), groupBy);
    if (/\btext\/csv\b/i.test(req.headers.get("accept") ?? "")) {
      return new Response(availabilityCsv(rows), {
        status: 200,
        headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="beschikbaarheid-${month}-${groupBy}.csv"`, "Cache-Control": "no-store", Vary: "Accept" },
      });
    }
    return json({ month, groupBy, data: rows }, 200, { Vary: "Accept" });
  }

  if (resource === "endpoints" && id !== undefined && sub === "availability") {
    if (method !== "GET") return problem(405, "method-not-allowed", "Availability is read-only.", { headers: { Allow: "GET" } });
    const q = parseQuery(endpointAvailabilityQuery, url);
    if (!q.ok) return q.response;
    const detail = isUuid(id) ? await getEndpointDetail(ctx.db, { id, scope }) : null;
    if (!detail) return problem(404, "not-found", `Endpoint ${id} is not known (or outside this token's scope).`);
    const month = q.value.month ?? previousMonth(amsterdamMonthOf(ctx.now));
    if (month > amsterdamMonthOf(ctx.now)) return problem(400, "invalid-parameter", `The month ${month} has not started.`, { errors: { month: "A month up to the current one" } });
    const [m] = await loadMonthlyAvailability(ctx.db, { month, scope, endpointId: id, withLiveIncidents: true });
    if (!m) {
      const name = endpointLabel({ institutionName: detail.institutionName, transaction: detail.endpoint.transaction, environment: detail.endpoint.environment });
      return json({ id, name, month, availability: null, checks: 0, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 0, checkerOfflineMinutes: 0, frozen: false, revision: null, incidents: [] });
    }
    const [row] = availabilityRows([m], "endpoint");
    return json({ ...row, revision: m.revision, incidents: m.incidents });
  }

  if (resource === "endpoints" && id !== undefined && sub === "check") {
    if (method !== "POST") return problem(405, "method-not-allowed", "Use POST to check an endpoint now.", { headers: { Allow: "POST" } });
    const detail = isUuid(id) ? await getEndpointDetail(ctx.db, { id, scope }) : null;
    if (!detail) return problem(404, "not-found", `Endpoint ${id} is not known (or outside this token's scope).`);
    try {
      const c = await checkNow(ctx.db, { endpointId: id, principal });
      const r = c.result;
      return json({
        endpointId: id,
        url: r.url,
        status: r.status,
        reason: r.reason,
        reasons: r.reasons,
        warnings: r.warnings,
        phases: r.phases,
        tls: r.tls,
        certificate: r.certificate,
        soap: { action: r.soap.action, relatesTo: r.soap.relatesTo, status: r.soap.status, errors: r.soap.errors },
        checkedAt: r.checkedAt,
        health: c.health.status,
        suppressed: c.suppressed,
        // Issue 15: the request of the registered transaction; query mode's chain, first failing step deciding.
        transaction: r.transaction ?? "iti38",
        steps: (r.steps ?? []).map((s) => ({ transaction: s.transaction, status: s.status, reason: s.reason, phases: s.phases, note: s.note })),
        explanation: explainResult(r, "nl").map((l) => ({ code: l.code, severity: l.severity, label: l.label, explanation: l.explanation, nextStep: l.nextStep })),
      });
    } catch (e) {
      if (e instanceof RateLimitedError) return problem(429, "rate-limited", errorText("en", e), { headers: { "Retry-After": String(e.retryAfterSeconds) } });
      if (e instanceof AppError && e.code === "forbidden") return problem(403, "forbidden", "This token may not check this endpoint (programme tokens only read).");
      if (e instanceof AppError) return fromAppError(e);
      throw e;
    }
  }

  return problem(404, "not-found", `No such resource: /api/v1/${segments.join("/")}. See /api/v1/openapi.json.`);
}

export async function handleApiV1Request(req: Request, segments: string[], ctx: Ctx): Promise<Response> {
  try {
    const url = new URL(req.url);
    if (segments.length === 1 && segments[0] === "openapi.json") {
      if (req.method !== "GET") return problem(405, "method-not-allowed", "GET only.", { headers: { Allow: "GET" } });
      return json(buildOpenApiDocument(`${publicBase(req.headers, ctx.publicUrl ?? publicUrlConfig())}/api/v1`), 200, { "Cache-Control": "public, max-age=300", Vary: "X-Forwarded-Host, X-Forwarded-Proto" });
    }
    const auth = await authenticateRequest(ctx.db, req, { now: ctx.now, limitPerMinute: ctx.limitPerMinute });
    if (!auth.ok) {
      if (auth.status === 429) return problem(429, "rate-limited", auth.message, { headers: { "Retry-After": String(auth.retryAfterSeconds) } });
      if (auth.status === 403) return problem(403, "token-not-permitted", auth.message);
      return problem(401, `token-${auth.reason}`, auth.message, { headers: { "WWW-Authenticate": 'Bearer realm="api"' } });
    }
    const res = await route(ctx, req, segments, auth.principal, url);
    for (const [k, v] of Object.entries(auth.headers)) res.headers.set(k, v);
    return res;
  } catch (e) {
    log.error("api.failed", { message: (e as Error).message?.slice(0, 200) });
    return problem(500, "internal", "Internal error; the request has been logged.");
  }
}
