/** Reads of the connectivity checker's data. Scoped reads take the caller's scope explicitly. */
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { preparedQuery } from "@/db/prepared-query";
import {
  availabilityMonths,
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
import {
  amsterdamMonthOf,
  availabilityPercent,
  computeMonthFigures,
  hourlyRowsSince,
  latencySeries,
  previousMonth,
  uptimePercent,
  type AvailabilityFigures,
} from "@/lib/domain/availability";
import { computeEndpointMonth, computeLiveFigures, hourCounts, latestFrozen } from "./availability";
import type { EndpointMonth } from "./availability-rows";
export { availabilityRows, endpointLabel, type AvailabilityGroupBy, type AvailabilityRow, type EndpointMonth } from "./availability-rows";

const DAY = 86_400_000;

const checkerStateQuery = preparedQuery((db) => db.select().from(checkerState).where(eq(checkerState.id, CHECKER_STATE_ID)).prepare("checker_state"));

export async function getCheckerState(db: Executor) {
  const [row] = await checkerStateQuery(db).execute();
  return row ?? null;
}

const endpointHealthQuery = preparedQuery((db) => db.select().from(endpointHealth).where(eq(endpointHealth.endpointId, sql.placeholder("endpointId"))).prepare("endpoint_health"));

export async function getEndpointHealth(db: Executor, endpointId: string) {
  const [row] = await endpointHealthQuery(db).execute({ endpointId });
  return row ?? null;
}

const latestResultQuery = preparedQuery((db) =>
  db
    .select({ result: checkResults, certificate: endpointCertificates })
    .from(checkResults)
    .leftJoin(endpointCertificates, eq(endpointCertificates.id, checkResults.certificateId))
    .where(eq(checkResults.endpointId, sql.placeholder("endpointId")))
    .orderBy(desc(checkResults.checkedAt), desc(checkResults.id))
    .limit(1)
    .prepare("latest_result"),
);

export async function getLatestResult(db: Executor, endpointId: string) {
  const [row] = await latestResultQuery(db).execute({ endpointId });
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

const recentResultsQuery = preparedQuery((db) =>
  db.select().from(checkResults).where(eq(checkResults.endpointId, sql.placeholder("endpointId"))).orderBy(desc(checkResults.checkedAt), desc(checkResults.id)).limit(sql.placeholder("limit")).prepare("recent_results"),
);

export async function listRecentResults(db: Executor, endpointId: string, limit = 30) {
  return recentResultsQuery(db).execute({ endpointId, limit });
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

// ---------------------------------------------------------------------------------------------
// Monthly availability (issue 15 §2): frozen rows where the month is frozen, else computed live.

/**
 * Every endpoint in scope with data in `month` (or a frozen row): the frozen figures and incidents
 * of its latest revision, or for an unfrozen month the figures computed now (incidents only when
 * `withLiveIncidents`, one endpoint at a time: the list views need only the figures).
 */
export async function loadMonthlyAvailability(
  db: Executor,
  opts: { month: string; scope: InstitutionScope; endpointId?: string; withLiveIncidents?: boolean },
): Promise<EndpointMonth[]> {
  const { month, scope } = opts;
  const meta = await db
    .select({
      endpointId: endpoints.id,
      institutionId: endpoints.institutionId,
      institutionName: institutions.name,
      vendorCode: endpoints.vendorCode,
      vendorName: vendors.name,
      transaction: endpoints.transaction,
      environment: endpoints.environment,
    })
    .from(endpoints)
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .innerJoin(vendors, eq(vendors.code, endpoints.vendorCode))
    .where(and(institutionScopeWhere(scope), opts.endpointId ? eq(endpoints.id, opts.endpointId) : undefined));
  if (meta.length === 0) return [];
  const ids = meta.map((m) => m.endpointId);
  const frozen = await latestFrozen(db, month, ids);
  const liveIds = ids.filter((id) => !frozen.has(id));
  const live = liveIds.length ? await computeLiveFigures(db, month, liveIds) : new Map<string, AvailabilityFigures>();
  const vendorName = new Map(meta.map((m) => [m.vendorCode, m.vendorName]));
  const out: EndpointMonth[] = [];
  for (const m of meta) {
    const f = frozen.get(m.endpointId);
    if (f) {
      // Institution and vendor as frozen (an endpoint that moved later keeps its month where it was).
      const inst = f.institutionId === m.institutionId ? m.institutionName : ((await db.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, f.institutionId)))[0]?.name ?? m.institutionName);
      out.push({
        ...m,
        institutionId: f.institutionId,
        institutionName: inst,
        vendorCode: f.vendorCode,
        vendorName: vendorName.get(f.vendorCode) ?? f.vendorCode,
        month,
        figures: { checks: f.checks, availableChecks: f.availableChecks, failedChecks: f.failedChecks, downMinutes: f.downMinutes, maintenanceMinutes: f.maintenanceMinutes, checkerOfflineMinutes: f.checkerOfflineMinutes },
        incidents: f.incidents,
        frozen: true,
        revision: f.revision,
      });
      continue;
    }
    const figures = live.get(m.endpointId);
    if (!figures) continue;
    const incidents = opts.withLiveIncidents ? (await computeEndpointMonth(db, m.endpointId, month)).incidents : [];
    out.push({ ...m, month, figures, incidents, frozen: false, revision: null });
  }
  return out.sort((a, b) => a.vendorName.localeCompare(b.vendorName) || a.institutionName.localeCompare(b.institutionName, "nl") || a.transaction.localeCompare(b.transaction) || a.environment.localeCompare(b.environment));
}

/** The frozen figures of one endpoint's months from .. to (`YYYY-MM`, both included), the newest revision of each. */
const frozenMonthsQuery = preparedQuery((db) =>
  db
    .selectDistinctOn([availabilityMonths.month], {
      month: availabilityMonths.month,
      revision: availabilityMonths.revision,
      checks: availabilityMonths.checks,
      availableChecks: availabilityMonths.availableChecks,
      failedChecks: availabilityMonths.failedChecks,
      downMinutes: availabilityMonths.downMinutes,
      maintenanceMinutes: availabilityMonths.maintenanceMinutes,
      checkerOfflineMinutes: availabilityMonths.checkerOfflineMinutes,
    })
    .from(availabilityMonths)
    .where(and(eq(availabilityMonths.endpointId, sql.placeholder("endpointId")), gte(availabilityMonths.month, sql.placeholder("from")), lte(availabilityMonths.month, sql.placeholder("to"))))
    .orderBy(availabilityMonths.month, desc(availabilityMonths.revision))
    .prepare("frozen_months"),
);

/** One endpoint's hourly rollups since an instant: the counts and response times only (the packed checks are not needed here). */
const rollupsSinceQuery = preparedQuery((db) =>
  db
    .select({
      hour: checkRollupsHourly.hour,
      up: checkRollupsHourly.up,
      degraded: checkRollupsHourly.degraded,
      down: checkRollupsHourly.down,
      excluded: checkRollupsHourly.excluded,
      checkerOffline: checkRollupsHourly.checkerOffline,
      totalMsSum: checkRollupsHourly.totalMsSum,
      totalMsMax: checkRollupsHourly.totalMsMax,
    })
    .from(checkRollupsHourly)
    .where(and(eq(checkRollupsHourly.endpointId, sql.placeholder("endpointId")), gte(checkRollupsHourly.hour, sql.placeholder("since"))))
    .prepare("rollups_since"),
);

/**
 * One endpoint's available and counted checks of the hours since each of four instants (d1, d7,
 * d30, d90: now minus 1, 7, 30 and 90 days): the sums uptimeWindows makes, made by the database,
 * so 90 days of hourly rows (2,160) are not sent to be added up.
 */
const uptimeSumsQuery = preparedQuery((db) => {
  const h = checkRollupsHourly;
  const since = (p: string) => sql`${h.hour} >= ${sql.placeholder(p)}`;
  const available = (p: string) => sql<number>`coalesce(sum(${h.up} + ${h.degraded}) filter (where ${since(p)}), 0)::int`;
  const counted = (p: string) => sql<number>`coalesce(sum(${h.up} + ${h.degraded} + ${h.down}) filter (where ${since(p)}), 0)::int`;
  return db
    .select({ a1: available("d1"), c1: counted("d1"), a7: available("d7"), c7: counted("d7"), a30: available("d30"), c30: counted("d30"), a90: available("d90"), c90: counted("d90") })
    .from(h)
    .where(and(eq(h.endpointId, sql.placeholder("endpointId")), since("d90")))
    .prepare("uptime_sums");
});

/**
 * The health section's figures of one endpoint: the last `count` months up to and including
 * `now`'s (Amsterdam), oldest first (frozen figures where frozen, else computed from the hourly
 * rollups), the uptime over 1/7/30/90 days and the latency of the last 7 days.
 *
 * Three reads side by side: the frozen months; the uptime sums; the hourly rows the latency chart
 * and the current month need. Only when a month before the current one is not frozen (in the
 * first days of a month, before the scheduled freeze; or an endpoint the checker has not seen
 * for long) are the hourly rows read again from that month on. A year-old endpoint's page used to
 * read all its ~8,000 hours of the 12 months, though 11 of them were frozen.
 */
export async function getEndpointAvailability(db: Executor, endpointId: string, now: Date, count = 12) {
  const months: string[] = [amsterdamMonthOf(now)];
  while (months.length < count) months.unshift(previousMonth(months[0]));
  const iso = (ms: number) => new Date(ms).toISOString();
  const daysBack = (days: number) => iso(now.getTime() - days * DAY);
  // The current month is never frozen: its hours (and the latency chart's) are always read.
  const recent = hourlyRowsSince(months.slice(-1), new Set(), now);
  // A placeholder's value goes to the driver as it is (drizzle maps only inline values by their column): ISO strings.
  const [frozen, [sums], recentHours] = await Promise.all([
    // `YYYY-MM` sorts as the months do, so the consecutive months are exactly the range first..last.
    frozenMonthsQuery(db).execute({ endpointId, from: months[0], to: months[months.length - 1] }),
    uptimeSumsQuery(db).execute({ endpointId, d1: daysBack(1), d7: daysBack(7), d30: daysBack(30), d90: daysBack(90) }),
    rollupsSinceQuery(db).execute({ endpointId, since: recent.toISOString() }),
  ]);
  const byMonth = new Map(frozen.map((f) => [f.month, f]));
  const since = hourlyRowsSince(months, new Set(byMonth.keys()), now);
  const hours = since.getTime() < recent.getTime() ? await rollupsSinceQuery(db).execute({ endpointId, since: since.toISOString() }) : recentHours;
  const counts = hourCounts(hours);
  const monthRows = months.map((month) => {
    const f = byMonth.get(month);
    const figures = f
      ? { checks: f.checks, availableChecks: f.availableChecks, failedChecks: f.failedChecks, downMinutes: f.downMinutes, maintenanceMinutes: f.maintenanceMinutes, checkerOfflineMinutes: f.checkerOfflineMinutes }
      : computeMonthFigures({ month, hours: counts });
    return { month, availability: availabilityPercent(figures), figures, frozen: f !== undefined, revision: f?.revision ?? null };
  });
  const uptime = { d1: uptimePercent(sums.a1, sums.c1), d7: uptimePercent(sums.a7, sums.c7), d30: uptimePercent(sums.a30, sums.c30), d90: uptimePercent(sums.a90, sums.c90) };
  return { months: monthRows, uptime, latency: latencySeries(hours, now) };
}
