/** Reads of the connectivity checker's data. Scoped reads take the caller's scope explicitly. */
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  CHECKER_STATE_ID,
  checkerState,
  checkResults,
  checkRollupsDaily,
  checkRollupsHourly,
  endpointCertificates,
  endpointHealth,
  endpoints,
  institutions,
  vendors,
} from "@/db/schema";
import type { InstitutionScope } from "@/lib/auth/policy";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { institutionScopeWhere } from "@/lib/auth/scope-sql";

const DAY = 86_400_000;

export async function getCheckerState(db: Executor) {
  const [row] = await db.select().from(checkerState).where(eq(checkerState.id, CHECKER_STATE_ID));
  return row ?? null;
}

export async function getEndpointHealth(db: Executor, endpointId: string) {
  const [row] = await db.select().from(endpointHealth).where(eq(endpointHealth.endpointId, endpointId));
  return row ?? null;
}

export async function getLatestResult(db: Executor, endpointId: string) {
  const [row] = await db
    .select({ result: checkResults, certificate: endpointCertificates })
    .from(checkResults)
    .leftJoin(endpointCertificates, eq(endpointCertificates.id, checkResults.certificateId))
    .where(eq(checkResults.endpointId, endpointId))
    .orderBy(desc(checkResults.checkedAt), desc(checkResults.id))
    .limit(1);
  return row ?? null;
}

export async function getResultById(db: Executor, id: number) {
  const [row] = await db
    .select({ result: checkResults, certificate: endpointCertificates })
    .from(checkResults)
    .leftJoin(endpointCertificates, eq(endpointCertificates.id, checkResults.certificateId))
    .where(eq(checkResults.id, id));
  return row ?? null;
}

export type UptimeWindows = { d1: number | null; d7: number | null; d30: number | null; d90: number | null };

/** Availability over 24 h / 7 / 30 / 90 days from the hourly rollups (one query). */
export async function getUptime(db: Executor, endpointId: string, now: Date): Promise<UptimeWindows> {
  const since = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const pct = (days: number) =>
    sql<number | null>`(sum(${checkRollupsHourly.up} + ${checkRollupsHourly.degraded}) filter (where ${checkRollupsHourly.hour} >= ${since(days)}::timestamptz))::float8 * 100 / nullif(sum(${checkRollupsHourly.up} + ${checkRollupsHourly.degraded} + ${checkRollupsHourly.down}) filter (where ${checkRollupsHourly.hour} >= ${since(days)}::timestamptz), 0)`;
  const [r] = await db
    .select({ d1: pct(1), d7: pct(7), d30: pct(30), d90: pct(90) })
    .from(checkRollupsHourly)
    .where(and(eq(checkRollupsHourly.endpointId, endpointId), gte(checkRollupsHourly.hour, new Date(now.getTime() - 90 * DAY - 3_600_000))));
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { d1: n(r?.d1), d7: n(r?.d7), d30: n(r?.d30), d90: n(r?.d90) };
}

export async function getLatencySeries(db: Executor, endpointId: string, now: Date, days = 7) {
  const rows = await db
    .select()
    .from(checkRollupsHourly)
    .where(and(eq(checkRollupsHourly.endpointId, endpointId), gte(checkRollupsHourly.hour, new Date(now.getTime() - days * DAY))))
    .orderBy(asc(checkRollupsHourly.hour));
  return rows
    .map((r) => {
      const n = r.up + r.degraded + r.down;
      return { hour: r.hour, avgMs: n ? Math.round(r.totalMsSum / n) : null, maxMs: r.totalMsMax, checks: n };
    })
    .filter((p) => p.avgMs !== null) as Array<{ hour: Date; avgMs: number; maxMs: number | null; checks: number }>;
}

export async function listRecentResults(db: Executor, endpointId: string, limit = 30) {
  return db.select().from(checkResults).where(eq(checkResults.endpointId, endpointId)).orderBy(desc(checkResults.checkedAt), desc(checkResults.id)).limit(limit);
}

/** Health per endpoint, for the registry list. */
export async function healthByEndpoint(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { status: string; lastReason: string | null; lastCheckedAt: Date | null }>();
  const rows = await db
    .select({ id: endpointHealth.endpointId, status: endpointHealth.status, lastReason: endpointHealth.lastReason, lastCheckedAt: endpointHealth.lastCheckedAt })
    .from(endpointHealth)
    .where(inArray(endpointHealth.endpointId, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

export const CERTIFICATE_SORTS = ["expiry", "institution", "issuer", "seen"] as const;
export type CertificateSort = (typeof CERTIFICATE_SORTS)[number];
export const CERTIFICATE_EXPIRY_WINDOWS = ["expired", "30", "60", "90"] as const;

export type CertificateListFilter = {
  /** Institution name or URA. */
  q?: string;
  /** "expired", or expires within 30/60/90 days (expired ones included). */
  expires?: (typeof CERTIFICATE_EXPIRY_WINDOWS)[number];
  /** "mismatch": the URA in the certificate is missing or not the institution's; "match": it is. */
  ura?: "match" | "mismatch";
  issuer?: string;
  vendor?: string;
  sort?: CertificateSort;
  dir?: "asc" | "desc";
  page?: number;
  /** 0 = every row (exports). */
  pageSize?: number;
};

/** The URA the certificate should carry: the institution's when the checker saw it, else today's. */
const expectedUraSql = sql`coalesce(${endpointCertificates.expectedUra}, ${institutions.ura})`;
const uraMatchSql = sql<boolean>`(${endpointCertificates.ura} is not null and ${endpointCertificates.ura} = ${expectedUraSql})`;

function certificateWhere(scope: InstitutionScope, f: CertificateListFilter, now: Date) {
  const q = f.q?.trim().slice(0, 100);
  const window = f.expires === "expired" ? 0 : f.expires ? Number(f.expires) : null;
  return and(
    institutionScopeWhere(scope),
    q ? or(ilike(institutions.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`), eq(institutions.ura, q)) : undefined,
    window !== null ? lt(endpointCertificates.notAfter, new Date(now.getTime() + window * DAY)) : undefined,
    f.ura === "mismatch" ? sql`not ${uraMatchSql}` : f.ura === "match" ? uraMatchSql : undefined,
    f.issuer ? eq(endpointCertificates.issuer, f.issuer) : undefined,
    f.vendor ? eq(endpoints.vendorCode, f.vendor) : undefined,
  );
}

/** The certificate inventory: every certificate seen on an endpoint in scope, filtered, sorted and paged in the database. */
export async function listCertificates(db: Executor, opts: { scope: InstitutionScope; now: Date } & CertificateListFilter) {
  const where = certificateWhere(opts.scope, opts, opts.now);
  const [{ total }] = await db
    .select({ total: count() })
    .from(endpointCertificates)
    .innerJoin(endpoints, eq(endpoints.id, endpointCertificates.endpointId))
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .where(where);
  const all = opts.pageSize === 0;
  const pageSize = all ? Math.max(total, 1) : Math.min(Math.max(opts.pageSize ?? 50, 1), 200);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = all ? 1 : Math.min(Math.max(opts.page ?? 1, 1), pages);
  const dir = opts.dir === "desc" ? desc : asc;
  const order =
    opts.sort === "institution"
      ? [dir(institutions.name), asc(endpointCertificates.notAfter)]
      : opts.sort === "issuer"
        ? [dir(endpointCertificates.issuer), asc(endpointCertificates.notAfter)]
        : opts.sort === "seen"
          ? [dir(endpointCertificates.lastSeenAt), asc(institutions.name)]
          : [dir(endpointCertificates.notAfter), asc(institutions.name)];
  const rows = await db
    .select({
      id: endpointCertificates.id,
      endpointId: endpointCertificates.endpointId,
      subject: endpointCertificates.subject,
      issuer: endpointCertificates.issuer,
      notAfter: endpointCertificates.notAfter,
      ura: endpointCertificates.ura,
      expectedUra: sql<string>`${expectedUraSql}`,
      uraMatches: uraMatchSql,
      lastSeenAt: endpointCertificates.lastSeenAt,
      fingerprint: endpointCertificates.fingerprint,
      institutionName: institutions.name,
      institutionUra: institutions.ura,
      vendorCode: endpoints.vendorCode,
      vendorName: vendors.name,
      transaction: endpoints.transaction,
      environment: endpoints.environment,
      url: endpoints.url,
    })
    .from(endpointCertificates)
    .innerJoin(endpoints, eq(endpoints.id, endpointCertificates.endpointId))
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .innerJoin(vendors, eq(vendors.code, endpoints.vendorCode))
    .where(where)
    .orderBy(...order, asc(endpointCertificates.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total, page, pages, pageSize };
}

/** The issuers seen on certificates in scope (the issuer filter's options). */
export async function listCertificateIssuers(db: Executor, scope: InstitutionScope) {
  const rows = await db
    .selectDistinct({ issuer: endpointCertificates.issuer })
    .from(endpointCertificates)
    .innerJoin(endpoints, eq(endpoints.id, endpointCertificates.endpointId))
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .where(institutionScopeWhere(scope))
    .orderBy(asc(endpointCertificates.issuer));
  return rows.map((r) => r.issuer);
}

/** Public status: health counts per vendor × environment for active endpoints (aggregates only). */
export async function healthForStatusPage(db: Executor, now: Date) {
  const rows = await db
    .select({
      vendorCode: endpoints.vendorCode,
      vendorName: vendors.name,
      infrastructure: vendors.infrastructure,
      environment: endpoints.environment,
      status: sql<string>`coalesce(${endpointHealth.status}::text, 'unknown')`,
      n: sql<number>`count(*)::int`,
    })
    .from(endpoints)
    .innerJoin(vendors, eq(vendors.code, endpoints.vendorCode))
    .leftJoin(endpointHealth, eq(endpointHealth.endpointId, endpoints.id))
    .where(eq(endpoints.status, "active"))
    .groupBy(endpoints.vendorCode, vendors.name, vendors.infrastructure, endpoints.environment, sql`coalesce(${endpointHealth.status}::text, 'unknown')`);
  const from = toAmsterdamDate(new Date(now.getTime() - 6 * DAY));
  const incidents = await db
    .select({
      vendorName: vendors.name,
      day: checkRollupsDaily.day,
      endpoints: sql<number>`(count(distinct ${checkRollupsDaily.endpointId}) filter (where ${checkRollupsDaily.down} > 0))::int`,
      up: sql<number>`sum(${checkRollupsDaily.up} + ${checkRollupsDaily.degraded})::int`,
      all: sql<number>`sum(${checkRollupsDaily.up} + ${checkRollupsDaily.degraded} + ${checkRollupsDaily.down})::int`,
    })
    .from(checkRollupsDaily)
    .innerJoin(endpoints, eq(endpoints.id, checkRollupsDaily.endpointId))
    .innerJoin(vendors, eq(vendors.code, endpoints.vendorCode))
    .where(and(gte(checkRollupsDaily.day, from), eq(endpoints.status, "active")))
    .groupBy(vendors.name, checkRollupsDaily.day)
    .orderBy(desc(checkRollupsDaily.day), asc(vendors.name));
  return { rows: rows.map((r) => ({ ...r, n: Number(r.n) })), incidents: incidents.map((i) => ({ ...i, endpoints: Number(i.endpoints), up: Number(i.up), all: Number(i.all) })) };
}
