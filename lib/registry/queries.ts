/** Reads of the network registry. Every function takes the caller's scope explicitly. */
import { and, asc, count, desc, eq, getTableColumns, gt, gte, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { preparedQuery } from "@/db/prepared-query";
import { endpointHealth, endpoints, endpointVersions, institutions, users, vendors } from "@/db/schema";
import type { InstitutionScope } from "@/lib/auth/policy";
import { institutionScopeWhere } from "@/lib/auth/scope-sql";
import { pageWithTotal, windowTotal } from "@/lib/paging";
import { keptWhileUnchanged } from "@/lib/ops/data-version";
import { keyedCache } from "@/lib/ops/versioned-cache";

/** Row types pages need: app/ takes them from here, never from db/schema. */
export type { Endpoint, EndpointSnapshot } from "@/db/schema";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID_RE.test(s);
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export type EndpointListFilter = {
  q?: string;
  vendorCode?: string;
  environment?: string;
  transaction?: string;
  status?: string;
  /** The checker's current verdict: up | degraded | down | unknown (never checked). */
  health?: string;
  institutionId?: string;
  page?: number;
  pageSize?: number;
};

const listColumns = {
  id: endpoints.id,
  institutionId: endpoints.institutionId,
  institutionName: institutions.name,
  ura: institutions.ura,
  vendorCode: endpoints.vendorCode,
  vendorName: vendors.name,
  environment: endpoints.environment,
  transaction: endpoints.transaction,
  url: endpoints.url,
  homeCommunityId: endpoints.homeCommunityId,
  status: endpoints.status,
  periodStart: endpoints.periodStart,
  periodEnd: endpoints.periodEnd,
  version: endpoints.version,
  updatedAt: endpoints.updatedAt,
};

function enumOrUndefined<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

const HEALTH_VALUES = ["unknown", "up", "degraded", "down"] as const;

function healthWhere(health: string | undefined): SQL | undefined {
  const h = enumOrUndefined(health, HEALTH_VALUES);
  if (!h) return undefined;
  // No health row yet means "not checked yet", as on the endpoint page.
  if (h === "unknown") return sql`coalesce((select eh.status::text from endpoint_health eh where eh.endpoint_id = ${endpoints.id}), 'unknown') = 'unknown'`;
  return sql`exists (select 1 from endpoint_health eh where eh.endpoint_id = ${endpoints.id} and eh.status = ${h})`;
}

export function endpointFilterWhere(scope: InstitutionScope, f: EndpointListFilter): SQL | undefined {
  const q = f.q?.trim().slice(0, 100);
  const environment = enumOrUndefined(f.environment, endpoints.environment.enumValues);
  const transaction = enumOrUndefined(f.transaction, endpoints.transaction.enumValues);
  const status = enumOrUndefined(f.status, endpoints.status.enumValues);
  return and(
    institutionScopeWhere(scope),
    f.institutionId ? (isUuid(f.institutionId) ? eq(endpoints.institutionId, f.institutionId) : sql`false`) : undefined,
    f.vendorCode ? eq(endpoints.vendorCode, f.vendorCode) : undefined,
    environment ? eq(endpoints.environment, environment) : undefined,
    transaction ? eq(endpoints.transaction, transaction) : undefined,
    status ? eq(endpoints.status, status) : undefined,
    healthWhere(f.health),
    q
      ? or(ilike(institutions.name, `%${escapeLike(q)}%`), eq(institutions.ura, q), ilike(endpoints.homeCommunityId, `%${escapeLike(q)}%`))
      : undefined,
  );
}

export async function listEndpoints(db: Executor, opts: { scope: InstitutionScope } & EndpointListFilter) {
  const where = endpointFilterWhere(opts.scope, opts);
  const list = db
    .select({ ...listColumns, total: windowTotal() })
    .from(endpoints)
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .innerJoin(vendors, eq(vendors.code, endpoints.vendorCode))
    .where(where)
    .orderBy(asc(institutions.name), asc(endpoints.environment), asc(endpoints.transaction), asc(endpoints.status), asc(endpoints.id));
  return pageWithTotal({
    page: opts.page,
    pageSize: Math.min(Math.max(opts.pageSize ?? 25, 1), 200),
    fetch: (limit, offset) => list.limit(limit).offset(offset),
    count: async () => (await db.select({ total: count() }).from(endpoints).innerJoin(institutions, eq(institutions.id, endpoints.institutionId)).where(where))[0].total,
  });
}

type EndpointListPage = Awaited<ReturnType<typeof listEndpoints>>;
/** The registry's pages per counter, scope and filter; 64 stay. */
const endpointPages = keyedCache<EndpointListPage>(64);

/**
 * listEndpoints for the registry page, kept while the change counter holds (`keptWhileUnchanged`;
 * it counts endpoints and institutions): the read costs ~2 ms per visit on PGlite, the counter
 * 0.3 ms. A filter on health reads the checker's verdicts, which change with every check and are
 * not counted, so it always reads afresh. The key holds the caller's scope and the whole filter;
 * the rows are shared, so the page must not change them.
 */
export async function listEndpointsForPage(db: Executor, opts: { scope: InstitutionScope } & EndpointListFilter): Promise<EndpointListPage> {
  if (enumOrUndefined(opts.health, HEALTH_VALUES)) return listEndpoints(db, opts);
  return keptWhileUnchanged(db, endpointPages, JSON.stringify(opts), () => listEndpoints(db, opts));
}

const endpointDetailSelect = (db: Executor) =>
  db
    .select({ endpoint: endpoints, institutionName: institutions.name, ura: institutions.ura, institutionVendorCode: institutions.vendorCode, vendorName: vendors.name })
    .from(endpoints)
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .innerJoin(vendors, eq(vendors.code, endpoints.vendorCode));

/** For a caller who sees every institution: built once (db/prepared-query.ts). */
const endpointDetailOfAnyQuery = preparedQuery((db) => endpointDetailSelect(db).where(eq(endpoints.id, sql.placeholder("id"))).prepare("endpoint_detail"));

export async function getEndpointDetail(db: Executor, opts: { id: string; scope: InstitutionScope }) {
  if (!isUuid(opts.id)) return null;
  const [row] = await (opts.scope.kind === "all" ? endpointDetailOfAnyQuery(db).execute({ id: opts.id }) : endpointDetailSelect(db).where(and(eq(endpoints.id, opts.id), institutionScopeWhere(opts.scope))));
  return row ?? null;
}

/** Newest first, the person by name (actorLabel keeps what was recorded at the time: an e-mail address, "demo (simulator)"). */
const endpointVersionsQuery = preparedQuery((db) =>
  db
    .select({ ...getTableColumns(endpointVersions), actorName: users.name, actorEmail: users.email })
    .from(endpointVersions)
    .leftJoin(users, eq(users.id, endpointVersions.actorUserId))
    .where(eq(endpointVersions.endpointId, sql.placeholder("endpointId")))
    .orderBy(desc(endpointVersions.version))
    .prepare("endpoint_versions"),
);

/** The caller has already checked that the endpoint is in scope. */
export async function listEndpointVersions(db: Executor, endpointId: string) {
  return endpointVersionsQuery(db).execute({ endpointId });
}

export type HistoryFilter = {
  scope: InstitutionScope;
  since?: Date;
  endpointId?: string;
  version?: number;
  /**
   * Keyset paging, newest first: only versions before this (`atKey` of a row, row id); with `op`
   * "le"/"lt" only the instant counts (system-level history merges streams at one instant).
   */
  before?: { atKey: string; id: number; op?: "tuple" | "le" | "lt" };
  count?: number;
  /** false: skip counting (FHIR `_total=none`); total is then null. */
  withTotal?: boolean;
};

type Before = { atKey: string; id: string | number; op?: "tuple" | "le" | "lt" };

/** Newest-first keyset: strictly after (at, id) in descending order, or only by the instant. */
function beforeWhere(at: SQL | typeof endpointVersions.at, id: typeof endpointVersions.id | typeof institutions.id, b: Before): SQL {
  if (b.op === "le") return sql`${at} <= ${b.atKey}::timestamptz`;
  if (b.op === "lt") return sql`${at} < ${b.atKey}::timestamptz`;
  return sql`(${at}, ${id}) < (${b.atKey}::timestamptz, ${b.id})`;
}

/** A version's instant to the microsecond (a JavaScript date stops at the millisecond), for keyset paging. */
const versionAtKey = sql<string>`to_char(${endpointVersions.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Endpoint versions for FHIR `_history`: newest first, `at >= since` (FHIR: "at or after"). */
export async function listEndpointHistory(db: Executor, f: HistoryFilter) {
  const where = and(
    institutionScopeWhere(f.scope),
    f.since ? gte(endpointVersions.at, f.since) : undefined,
    f.endpointId ? eq(endpointVersions.endpointId, f.endpointId) : undefined,
    f.version !== undefined ? eq(endpointVersions.version, f.version) : undefined,
  );
  const total =
    f.withTotal === false
      ? null
      : (
          await db
            .select({ total: count() })
            .from(endpointVersions)
            .innerJoin(endpoints, eq(endpoints.id, endpointVersions.endpointId))
            .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
            .where(where)
        )[0].total;
  const rows =
    f.count === 0
      ? []
      : await db
          .select({ version: endpointVersions, ura: institutions.ura, atKey: versionAtKey })
          .from(endpointVersions)
          .innerJoin(endpoints, eq(endpoints.id, endpointVersions.endpointId))
          .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
          .where(and(where, f.before ? beforeWhere(endpointVersions.at, endpointVersions.id, f.before) : undefined))
          .orderBy(desc(endpointVersions.at), desc(endpointVersions.id))
          .limit(f.count ?? 50);
  return { total, rows };
}

export type LastUpdatedBound = { op: "gt" | "ge" | "lt" | "le" | "eq"; at: Date };

const OPS = { gt: sql`>`, ge: sql`>=`, lt: sql`<`, le: sql`<=`, eq: sql`=` } as const;

export function lastUpdatedWhere(column: SQL | typeof endpoints.updatedAt, bounds: readonly LastUpdatedBound[]): SQL | undefined {
  return and(...bounds.map((b) => sql`${column} ${OPS[b.op]} ${b.at.toISOString()}::timestamptz`));
}

export type NameMatch = { value: string; mode: "starts" | "contains" | "exact" };

export type FhirEndpointQuery = {
  scope: InstitutionScope;
  ids?: string[];
  homeCommunityIds?: string[];
  /** Institution ids or vendor codes: an endpoint matches its institution and its managing vendor. */
  institutionIds?: string[];
  vendorCodes?: string[];
  statuses?: string[];
  lastUpdated?: LastUpdatedBound[];
  /** Keyset paging on the immutable id: only endpoints after this one. */
  afterId?: string;
  /** Page size; null: every match (for `_include`). */
  count: number | null;
  /** false: skip counting (FHIR `_total=none`); total is then null. */
  withTotal?: boolean;
};

/** The current endpoints for a FHIR search, in id order (stable while endpoints change). */
export async function searchEndpoints(db: Executor, f: FhirEndpointQuery) {
  const statuses = (f.statuses ?? []).filter((s) => (endpoints.status.enumValues as readonly string[]).includes(s)) as (typeof endpoints.status.enumValues)[number][];
  const orgParts: SQL[] = [];
  if (f.institutionIds?.length) orgParts.push(inArray(endpoints.institutionId, f.institutionIds));
  if (f.vendorCodes?.length) orgParts.push(inArray(endpoints.vendorCode, f.vendorCodes));
  const where = and(
    institutionScopeWhere(f.scope),
    f.ids ? (f.ids.length ? inArray(endpoints.id, f.ids) : sql`false`) : undefined,
    f.homeCommunityIds ? inArray(endpoints.homeCommunityId, f.homeCommunityIds) : undefined,
    f.institutionIds || f.vendorCodes ? (orgParts.length ? or(...orgParts) : sql`false`) : undefined,
    f.statuses ? (statuses.length ? inArray(endpoints.status, statuses) : sql`false`) : undefined,
    f.lastUpdated?.length ? lastUpdatedWhere(endpoints.updatedAt, f.lastUpdated) : undefined,
  );
  const total =
    f.withTotal === false
      ? null
      : (
          await db
            .select({ total: count() })
            .from(endpoints)
            .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
            .where(where)
        )[0].total;
  if (f.count === 0) return { total, rows: [] };
  const query = db
    .select({ endpoint: endpoints, ura: institutions.ura })
    .from(endpoints)
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .where(and(where, f.afterId ? gt(endpoints.id, f.afterId) : undefined))
    .orderBy(asc(endpoints.id));
  const rows = f.count === null ? await query : await query.limit(f.count);
  return { total, rows };
}

/**
 * The latest change of an institution or any of its endpoints: the Organization's version
 * (Organization.endpoint lists them). Written with qualified names: inside the subquery an
 * unqualified "id" would be the endpoint's.
 */
export const organizationLastUpdated = sql<Date>`greatest("institutions"."updated_at", coalesce((select max(e.updated_at) from endpoints e where e.institution_id = "institutions"."id"), "institutions"."updated_at"))`;

export type FhirOrganizationQuery = {
  scope: InstitutionScope;
  ids?: string[];
  uras?: string[];
  name?: NameMatch;
  lastUpdated?: LastUpdatedBound[];
  /** Keyset paging on the immutable id: only institutions after this one. */
  afterId?: string;
  count: number;
  withTotal?: boolean;
};

function nameWhere(m: NameMatch | undefined): SQL | undefined {
  if (!m) return undefined;
  if (m.mode === "exact") return eq(institutions.name, m.value);
  const v = escapeLike(m.value.slice(0, 100));
  return ilike(institutions.name, m.mode === "contains" ? `%${v}%` : `${v}%`);
}

/** Institutions as FHIR Organizations, in id order, with their version and the ids of their endpoints. */
export async function searchOrganizations(db: Executor, f: FhirOrganizationQuery) {
  const lastUpdated = sql`(${organizationLastUpdated})`;
  const where = and(
    institutionScopeWhere(f.scope),
    f.ids ? (f.ids.length ? inArray(institutions.id, f.ids) : sql`false`) : undefined,
    f.uras ? (f.uras.length ? inArray(institutions.ura, f.uras) : sql`false`) : undefined,
    nameWhere(f.name),
    f.lastUpdated?.length ? lastUpdatedWhere(lastUpdated, f.lastUpdated) : undefined,
  );
  const total = f.withTotal === false ? null : (await db.select({ total: count() }).from(institutions).where(where))[0].total;
  const rows =
    f.count === 0
      ? []
      : await db
          .select({ institution: institutions, lastUpdated: organizationLastUpdated })
          .from(institutions)
          .where(and(where, f.afterId ? gt(institutions.id, f.afterId) : undefined))
          .orderBy(asc(institutions.id))
          .limit(f.count);
  const ids = rows.map((r) => r.institution.id);
  const eps = ids.length
    ? await db.select({ id: endpoints.id, institutionId: endpoints.institutionId }).from(endpoints).where(inArray(endpoints.institutionId, ids)).orderBy(asc(endpoints.id))
    : [];
  return {
    total,
    rows: rows.map((r) => ({
      ...r,
      lastUpdated: new Date(r.lastUpdated as unknown as string),
      endpointIds: eps.filter((e) => e.institutionId === r.institution.id).map((e) => e.id),
    })),
  };
}

/**
 * Institutions changed since an instant, as their current Organization version, newest first
 * (system-level `_history`): keyset on (version instant, id).
 */
export async function listOrganizationChanges(db: Executor, f: { scope: InstitutionScope; since?: Date; before?: Before; count: number; withTotal?: boolean }) {
  const lastUpdated = sql`(${organizationLastUpdated})`;
  const where = and(institutionScopeWhere(f.scope), f.since ? lastUpdatedWhere(lastUpdated, [{ op: "ge", at: f.since }]) : undefined);
  const total = f.withTotal === false ? null : (await db.select({ total: count() }).from(institutions).where(where))[0].total;
  const rows =
    f.count === 0
      ? []
      : await db
          .select({ institution: institutions, lastUpdated: organizationLastUpdated, atKey: sql<string>`to_char(${lastUpdated} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
          .from(institutions)
          .where(and(where, f.before ? beforeWhere(lastUpdated, institutions.id, f.before) : undefined))
          .orderBy(desc(lastUpdated), desc(institutions.id))
          .limit(f.count);
  const ids = rows.map((r) => r.institution.id);
  const eps = ids.length
    ? await db.select({ id: endpoints.id, institutionId: endpoints.institutionId }).from(endpoints).where(inArray(endpoints.institutionId, ids)).orderBy(asc(endpoints.id))
    : [];
  return {
    total,
    rows: rows.map((r) => ({ ...r, lastUpdated: new Date(r.lastUpdated as unknown as string), endpointIds: eps.filter((e) => e.institutionId === r.institution.id).map((e) => e.id) })),
  };
}

export type EndpointHealthSummary = {
  status: "unknown" | "up" | "degraded" | "down";
  since: Date | null;
  lastCheckedAt: Date | null;
  /** The last check's reason code (lib/checker/verdicts.ts), null when it had none. */
  reason: string | null;
  /** The newest certificate the checker saw on the endpoint. */
  certificateNotAfter: Date | null;
};

const UNKNOWN_HEALTH: EndpointHealthSummary = { status: "unknown", since: null, lastCheckedAt: null, reason: null, certificateNotAfter: null };
const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/**
 * The checker's view of endpoints for the machine interfaces (GET /api/v1/endpoints, the FHIR
 * health extension): every id gets an answer, "unknown" when it was never checked.
 */
export async function endpointHealthSummaries(db: Executor, ids: readonly string[]): Promise<Map<string, EndpointHealthSummary>> {
  const out = new Map(ids.map((id) => [id, UNKNOWN_HEALTH]));
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      id: endpointHealth.endpointId,
      status: endpointHealth.status,
      since: endpointHealth.since,
      lastCheckedAt: endpointHealth.lastCheckedAt,
      reason: endpointHealth.lastReason,
      certificateNotAfter: sql<string | null>`(select c.not_after from endpoint_certificates c where c.endpoint_id = "endpoint_health"."endpoint_id" order by c.last_seen_at desc, c.id desc limit 1)`,
    })
    .from(endpointHealth)
    .where(inArray(endpointHealth.endpointId, [...ids]));
  for (const r of rows) out.set(r.id, { status: r.status, since: r.since, lastCheckedAt: r.lastCheckedAt, reason: r.reason, certificateNotAfter: toDate(r.certificateNotAfter) });
  return out;
}

/** The public status page: counts only, grouped in the database. */
export async function countEndpointsForStatus(db: Executor) {
  const rows = await db
    .select({
      vendorCode: endpoints.vendorCode,
      vendorName: vendors.name,
      infrastructure: vendors.infrastructure,
      environment: endpoints.environment,
      status: endpoints.status,
      n: count(),
    })
    .from(endpoints)
    .innerJoin(vendors, eq(vendors.code, endpoints.vendorCode))
    .where(sql`${endpoints.status} <> 'entered-in-error'`)
    .groupBy(endpoints.vendorCode, vendors.name, vendors.infrastructure, endpoints.environment, endpoints.status)
    .orderBy(asc(vendors.name), asc(endpoints.environment), asc(endpoints.status));
  const [{ institutions: live }] = await db
    .select({ institutions: sql<number>`count(distinct ${endpoints.institutionId})` })
    .from(endpoints)
    .where(and(eq(endpoints.environment, "production"), eq(endpoints.status, "active")));
  return { rows: rows.map((r) => ({ ...r, n: Number(r.n) })), institutionsWithActiveProduction: Number(live) };
}

/** Per institution: how many endpoints per environment and status (REST onboarding view). */
export async function countEndpointsOfInstitution(db: Executor, institutionId: string) {
  const rows = await db
    .select({ environment: endpoints.environment, status: endpoints.status, n: count() })
    .from(endpoints)
    .where(eq(endpoints.institutionId, institutionId))
    .groupBy(endpoints.environment, endpoints.status);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
