/**
 * Reads of the public status page, `/status.json` and the Atom feed (issue 16 §1). Public, so
 * aggregates only: no URLs, no certificates, no institution names. One model for the three, so
 * they always say the same thing.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { dataVersion } from "@/lib/ops/data-version";
import type { Executor } from "@/db/client";
import { checkRollupsDaily, endpointHealth, endpoints, statusIncidents, statusIncidentUpdates, statusMaintenance, type MaintenanceWindow } from "@/db/schema";
import { getReadinessAggregates } from "@/lib/dashboard/queries";
import { summarizeAggregates } from "@/lib/dashboard/model";
import { getCheckerState } from "@/lib/checker/queries";
import { activeMaintenanceWindow } from "@/lib/checker/state";
import { toAmsterdamDate, type IsoDate } from "@/lib/domain/dates";
import { dayAvailability, infrastructureStatus, lastDays, type GatewayCounts, type Health, type IncidentState, type InfrastructureStatus } from "@/lib/domain/status";
import { VENDOR_CODES, VENDOR_INFO, type Vendor } from "@/lib/domain/vendors";
import { env } from "@/lib/env";
import { queryRows } from "@/lib/onboarding/readiness-at";
import { countEndpointsForStatus } from "@/lib/registry/queries";
import { windowOccurrences } from "./windows";
import { versionedCache } from "@/lib/ops/versioned-cache";

export const STATUS_DAYS = 90;
/** How far ahead endpoint maintenance windows of central components are shown. */
export const WINDOW_HORIZON_DAYS = 7;
/** How long a resolved incident stays on the front page (the history page keeps all). */
export const RESOLVED_SHOWN_DAYS = 7;

export type IncidentView = {
  id: string;
  vendorCode: Vendor;
  title: string;
  state: IncidentState;
  openedAt: Date;
  resolvedAt: Date | null;
  updatedAt: Date;
  updates: Array<{ id: number; state: IncidentState; message: string; at: Date }>;
};

export type MaintenanceView = {
  /** An announcement's id, or `window:<endpoint>:<start>` for a central component's window. */
  id: string;
  vendorCode: Vendor;
  kind: "announced" | "window";
  title: string | null;
  message: string | null;
  startsAt: Date;
  endsAt: Date;
};

export type InfrastructureView = {
  code: Vendor;
  name: string;
  world: "xds" | "beeldtijdlijn";
  status: InfrastructureStatus;
  central: { total: number; up: number; degraded: number; down: number; unknown: number; inMaintenance: number };
  gateways: GatewayCounts;
  days: Array<{ date: IsoDate; availability: number | null }>;
};

export type StatusModel = {
  generatedAt: Date;
  outagePercent: number;
  infrastructures: InfrastructureView[];
  incidents: IncidentView[];
  maintenance: MaintenanceView[];
  /** The dashboard's "live" (the go-live step verified), and institutions with an active production endpoint. */
  live: number;
  institutionsWithActiveProduction: number;
  checker: { status: "online" | "offline"; since: Date } | null;
  /** Changes with every fact the model shows: for ETags. */
  version: string;
};

/** Incidents with their updates: open ones and those resolved since `resolvedSince` (null: all). */
export async function loadIncidents(db: Executor, opts: { resolvedSince: Date | null; vendorCode?: string; limit?: number }): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(statusIncidents)
    .where(
      and(
        opts.vendorCode ? eq(statusIncidents.vendorCode, opts.vendorCode) : undefined,
        opts.resolvedSince ? or(isNull(statusIncidents.resolvedAt), gte(statusIncidents.resolvedAt, opts.resolvedSince)) : undefined,
      ),
    )
    .orderBy(desc(statusIncidents.openedAt))
    .limit(opts.limit ?? 200);
  if (rows.length === 0) return [];
  const updates = await db
    .select()
    .from(statusIncidentUpdates)
    .where(inArray(statusIncidentUpdates.incidentId, rows.map((r) => r.id)))
    .orderBy(desc(statusIncidentUpdates.at), desc(statusIncidentUpdates.id));
  return rows.map((r) => ({
    id: r.id,
    vendorCode: r.vendorCode as Vendor,
    title: r.title,
    state: r.state,
    openedAt: r.openedAt,
    resolvedAt: r.resolvedAt,
    updatedAt: r.updatedAt,
    updates: updates.filter((u) => u.incidentId === r.id).map((u) => ({ id: u.id, state: u.state, message: u.message, at: u.at })),
  }));
}

export async function getIncident(db: Executor, id: string): Promise<IncidentView | null> {
  const [row] = await db.select({ vendorCode: statusIncidents.vendorCode }).from(statusIncidents).where(eq(statusIncidents.id, id));
  if (!row) return null;
  return (await loadIncidents(db, { resolvedSince: null, vendorCode: row.vendorCode, limit: 10_000 })).find((i) => i.id === id) ?? null;
}

/** Announced maintenance that has not ended (and is not cancelled), soonest first. */
export async function loadAnnouncedMaintenance(db: Executor, now: Date, vendorCodes?: readonly string[]) {
  return db
    .select()
    .from(statusMaintenance)
    .where(and(gt(statusMaintenance.endsAt, now), isNull(statusMaintenance.cancelledAt), vendorCodes ? inArray(statusMaintenance.vendorCode, [...vendorCodes]) : undefined))
    .orderBy(asc(statusMaintenance.startsAt));
}

type CentralRow = { id: string; vendorCode: string; health: string; windows: MaintenanceWindow[] };

/** Production endpoints that count: active ones. Central ones one by one, the others counted. */
async function loadHealth(db: Executor) {
  const central = (await db
    .select({ id: endpoints.id, vendorCode: endpoints.vendorCode, health: sql<string>`coalesce(${endpointHealth.status}::text, 'unknown')`, windows: endpoints.maintenanceWindows })
    .from(endpoints)
    .leftJoin(endpointHealth, eq(endpointHealth.endpointId, endpoints.id))
    .where(and(eq(endpoints.status, "active"), eq(endpoints.environment, "production"), eq(endpoints.central, true)))) as CentralRow[];
  const counts = await db
    .select({ vendorCode: endpoints.vendorCode, health: sql<string>`coalesce(${endpointHealth.status}::text, 'unknown')`, n: sql<number>`count(*)::int` })
    .from(endpoints)
    .leftJoin(endpointHealth, eq(endpointHealth.endpointId, endpoints.id))
    .where(and(eq(endpoints.status, "active"), eq(endpoints.environment, "production"), eq(endpoints.central, false)))
    .groupBy(endpoints.vendorCode, sql`coalesce(${endpointHealth.status}::text, 'unknown')`);
  return { central, counts: counts.map((c) => ({ ...c, n: Number(c.n) })) };
}

/** Availability per infrastructure per Amsterdam day, over its active production endpoints. */
async function loadDays(db: Executor, from: IsoDate) {
  const rows = await db
    .select({
      vendorCode: endpoints.vendorCode,
      day: checkRollupsDaily.day,
      up: sql<number>`sum(${checkRollupsDaily.up})::int`,
      degraded: sql<number>`sum(${checkRollupsDaily.degraded})::int`,
      down: sql<number>`sum(${checkRollupsDaily.down})::int`,
    })
    .from(checkRollupsDaily)
    .innerJoin(endpoints, eq(endpoints.id, checkRollupsDaily.endpointId))
    .where(and(gte(checkRollupsDaily.day, from), eq(endpoints.status, "active"), eq(endpoints.environment, "production")))
    .groupBy(endpoints.vendorCode, checkRollupsDaily.day);
  return rows.map((r) => ({ vendorCode: r.vendorCode, day: String(r.day), up: Number(r.up), degraded: Number(r.degraded), down: Number(r.down) }));
}

/** The share (percent) from STATUS_OUTAGE_PERCENT. */
export function outagePercent(): number {
  return env().STATUS_OUTAGE_PERCENT;
}

export async function loadStatusModel(db: Executor, now: Date, opts: { outagePercent?: number } = {}): Promise<StatusModel> {
  const percent = opts.outagePercent ?? outagePercent();
  const today = toAmsterdamDate(now);
  const days = lastDays(today, STATUS_DAYS);
  const [health, dayRows, incidents, announced, aggregates, endpointCounts, checker] = await Promise.all([
    loadHealth(db),
    loadDays(db, days[0]),
    loadIncidents(db, { resolvedSince: new Date(now.getTime() - RESOLVED_SHOWN_DAYS * 86_400_000) }),
    loadAnnouncedMaintenance(db, now),
    getReadinessAggregates(db, null),
    countEndpointsForStatus(db),
    getCheckerState(db),
  ]);
  const horizon = new Date(now.getTime() + WINDOW_HORIZON_DAYS * 86_400_000);
  const maintenance: MaintenanceView[] = [
    ...announced.map((m) => ({ id: m.id, vendorCode: m.vendorCode as Vendor, kind: "announced" as const, title: m.title, message: m.message || null, startsAt: m.startsAt, endsAt: m.endsAt })),
    ...health.central.flatMap((c) =>
      windowOccurrences(c.windows, now, horizon).map((o) => ({
        id: `window:${c.id}:${o.start.toISOString()}`,
        vendorCode: c.vendorCode as Vendor,
        kind: "window" as const,
        title: null,
        message: o.note,
        startsAt: o.start,
        endsAt: o.end,
      })),
    ),
  ]
    // Two central components of one vendor with the same window: shown once.
    .filter((m, i, all) => m.kind === "announced" || all.findIndex((o) => o.kind === "window" && o.vendorCode === m.vendorCode && +o.startsAt === +m.startsAt && +o.endsAt === +m.endsAt) === i)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());

  const infrastructures = VENDOR_CODES.map((code): InfrastructureView => {
    const central = health.central.filter((c) => c.vendorCode === code).map((c) => ({ health: c.health as Health, inMaintenance: activeMaintenanceWindow(c.windows, now) !== null }));
    const n = (h: Health) => health.counts.filter((c) => c.vendorCode === code && c.health === h).reduce((a, c) => a + c.n, 0);
    const gateways: GatewayCounts = { up: n("up"), degraded: n("degraded"), down: n("down"), unknown: n("unknown") };
    const announcedNow = announced.some((m) => m.vendorCode === code && m.startsAt <= now && m.endsAt > now);
    const byDay = new Map(dayRows.filter((r) => r.vendorCode === code).map((r) => [r.day, r]));
    return {
      code,
      name: VENDOR_INFO[code].name,
      world: VENDOR_INFO[code].infrastructure,
      status: infrastructureStatus({ central, gateways, announcedMaintenance: announcedNow, outageShare: percent / 100 }),
      central: {
        total: central.length,
        up: central.filter((c) => c.health === "up").length,
        degraded: central.filter((c) => c.health === "degraded").length,
        down: central.filter((c) => c.health === "down").length,
        unknown: central.filter((c) => c.health === "unknown").length,
        inMaintenance: central.filter((c) => c.inMaintenance).length,
      },
      gateways,
      days: days.map((date) => {
        const r = byDay.get(date);
        return { date, availability: r ? dayAvailability(r) : null };
      }),
    };
  });
  const live = summarizeAggregates(aggregates).live;
  const model: Omit<StatusModel, "version"> = {
    generatedAt: now,
    outagePercent: percent,
    infrastructures,
    incidents,
    maintenance,
    live,
    institutionsWithActiveProduction: endpointCounts.institutionsWithActiveProduction,
    checker: checker ? { status: checker.status, since: checker.since } : null,
  };
  return { ...model, version: versionOf(model, today) };
}

/**
 * A version (the change counter in O(1), lib/ops/data-version.ts; while a write is under way the
 * fingerprint below) of the status page's own data: incidents and their posts, announced maintenance,
 * endpoints (their maintenance windows and status), readiness (the live count), and the newest
 * audit event (every change made in the portal writes one). The checker's verdicts are not in it.
 */
export async function getStatusDataVersion(db: Executor): Promise<string> {
  return dataVersion(db, statusFingerprint);
}

async function statusFingerprint(db: Executor): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    db,
    sql`select concat_ws('|',
      (select coalesce(max(id), 0) from audit_events),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from status_incidents),
      (select count(*) || ':' || coalesce(max(at)::text, '') from status_incident_updates),
      (select count(*) || ':' || coalesce(max(created_at)::text, '') || ':' || coalesce(max(cancelled_at)::text, '') from status_maintenance),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from endpoints),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from institution_readiness)) as v`,
  );
  return String(row?.v ?? "");
}

/**
 * The public status page's model (seven queries and the aggregation: ~18 ms on PGlite, for a
 * page anyone may reload) reused for at most STATUS_TTL_MS, and only while getStatusDataVersion
 * is unchanged, so an incident, a post or announced maintenance shows at once. The lifetime
 * bounds how late the checker's newest verdicts and a maintenance window that starts or ends
 * show; the page says when its figures were made (generatedAt). status.json and the feed read
 * the model afresh.
 */
const STATUS_TTL_MS = 5_000;
const statusCache = versionedCache<StatusModel>(STATUS_TTL_MS);

export async function loadStatusModelCached(db: Executor, now: Date): Promise<StatusModel> {
  const key = `${await getStatusDataVersion(db)}|${toAmsterdamDate(now)}|${outagePercent()}`;
  return statusCache.get(key, now, () => loadStatusModel(db, now));
}

/** Forget the cached status page model (tests that reuse one process for several databases). */
export function clearStatusCache() {
  statusCache.clear();
}

/** A fingerprint of what the model shows (not when it was made). */
function versionOf(m: Omit<StatusModel, "version">, today: IsoDate): string {
  const { generatedAt: _ignored, ...rest } = m;
  return `${today}:${createHash("sha256").update(JSON.stringify(rest)).digest("base64url").slice(0, 22)}`;
}

/** Announced maintenance that ended in [since, now), not cancelled, newest first: the history. */
export async function loadPastMaintenance(db: Executor, now: Date, since: Date) {
  return db
    .select()
    .from(statusMaintenance)
    .where(and(lte(statusMaintenance.endsAt, now), gte(statusMaintenance.endsAt, since), isNull(statusMaintenance.cancelledAt)))
    .orderBy(desc(statusMaintenance.startsAt))
    .limit(500);
}
