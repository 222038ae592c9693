/**
 * Monthly availability (issue 15 §2): computing a month from the hourly rollups, freezing it when
 * the Europe/Amsterdam month has ended, and late corrections. The maths is pure
 * (lib/domain/availability.ts); this file loads the rollups and writes availability_months.
 *
 * - `freezeMonth` is idempotent: an endpoint whose month is frozen with the same figures is left
 *   alone; figures that changed afterwards (a check recorded after the freeze) become a new
 *   revision with correction `late_data`, audited. The scheduled job (service.ts) runs it.
 * - `correctMonth` is a person's correction: periods that were maintenance or a checker fault,
 *   with a note; a new revision, audited. Periods accumulate over revisions, so a later
 *   late-data freeze keeps them.
 * - Incidents come from the packed checks of the raw window (samples.ts) with the reasons of the
 *   full result rows; beyond the raw window, from the hourly counts (whole hours, no reason).
 */
import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { availabilityMonths, checkResults, checkRollupsHourly, endpoints, type AvailabilityMonthRow } from "@/db/schema";
import { recordAudit, systemActor, type AuditActor } from "@/lib/audit";
import {
  amsterdamMonthRange,
  computeMonthFigures,
  findIncidents,
  type AvailabilityFigures,
  type CheckSample,
  type HourCounts,
  type Incident,
} from "@/lib/domain/availability";
import { AppError } from "@/lib/errors";
import { unpackSamples } from "./samples";

const HOUR = 3_600_000;

export type CorrectionPeriod = { from: string; to: string; kind: "maintenance" | "checker_offline" };

type HourRow = { endpointId: string; hour: Date; up: number; degraded: number; down: number; excluded: number; checkerOffline: number; samples: Buffer | null };

async function loadHours(db: Executor, month: string, endpointIds: readonly string[] | null, withSamples: boolean): Promise<Map<string, HourRow[]>> {
  const { start, end } = amsterdamMonthRange(month);
  const rows = await db
    .select({
      endpointId: checkRollupsHourly.endpointId,
      hour: checkRollupsHourly.hour,
      up: checkRollupsHourly.up,
      degraded: checkRollupsHourly.degraded,
      down: checkRollupsHourly.down,
      excluded: checkRollupsHourly.excluded,
      checkerOffline: checkRollupsHourly.checkerOffline,
      samples: withSamples ? checkRollupsHourly.samples : sql<Buffer | null>`null`,
    })
    .from(checkRollupsHourly)
    .where(
      and(
        gte(checkRollupsHourly.hour, start),
        lt(checkRollupsHourly.hour, end),
        endpointIds === null ? undefined : endpointIds.length ? inArray(checkRollupsHourly.endpointId, [...endpointIds]) : sql`false`,
      ),
    )
    .orderBy(asc(checkRollupsHourly.endpointId), asc(checkRollupsHourly.hour));
  const out = new Map<string, HourRow[]>();
  for (const r of rows) {
    const list = out.get(r.endpointId) ?? [];
    list.push({ ...r, samples: r.samples ? Buffer.from(r.samples) : null });
    out.set(r.endpointId, list);
  }
  return out;
}

/** Rollup rows as the pure maths wants them: `excluded` minus the checker-offline part is maintenance. */
export function hourCounts(rows: readonly Pick<HourRow, "hour" | "up" | "degraded" | "down" | "excluded" | "checkerOffline">[]): HourCounts[] {
  return rows.map((r) => ({ hour: r.hour, up: r.up, degraded: r.degraded, down: r.down, maintenance: Math.max(0, r.excluded - r.checkerOffline), checkerOffline: r.checkerOffline }));
}

const toReclassify = (periods: readonly CorrectionPeriod[] | undefined) => (periods ?? []).map((p) => ({ from: new Date(p.from), to: new Date(p.to), kind: p.kind }));

async function incidentsFor(db: Executor, endpointId: string, month: string, rows: readonly HourRow[], periods: readonly CorrectionPeriod[]): Promise<Incident[]> {
  const { start, end } = amsterdamMonthRange(month);
  const failures = await db
    .select({ checkedAt: checkResults.checkedAt, reason: checkResults.reason })
    .from(checkResults)
    .where(and(eq(checkResults.endpointId, endpointId), eq(checkResults.status, "down"), gte(checkResults.checkedAt, start), lt(checkResults.checkedAt, end)));
  const reasonAt = new Map(failures.map((f) => [f.checkedAt.getTime(), f.reason]));
  const reclass = toReclassify(periods);
  const samples: CheckSample[] = [];
  for (const r of rows) {
    const packed = unpackSamples(r.hour, r.samples);
    if (packed.length) {
      for (const s of packed) samples.push({ at: s.at, status: s.status, suppressed: s.suppressed, reason: reasonAt.get(s.at.getTime()) ?? null });
    } else {
      // Past the raw window: the hour's counts, down first, then available (whole-hour resolution).
      const counted = r.up + r.degraded + r.down;
      if (counted === 0) continue;
      if (r.down > 0) samples.push({ at: r.hour, status: "down", suppressed: null, reason: null });
      if (r.up + r.degraded > 0) samples.push({ at: new Date(r.hour.getTime() + Math.round((HOUR * r.down) / counted)), status: "up", suppressed: null });
    }
  }
  // A corrected period's checks are maintenance / checker offline: they neither start nor end a run.
  const adjusted = samples.map((s) =>
    s.suppressed === null && reclass.some((p) => s.at.getTime() >= Math.floor(p.from.getTime() / HOUR) * HOUR && s.at.getTime() < Math.ceil(p.to.getTime() / HOUR) * HOUR)
      ? { ...s, suppressed: "maintenance" as const }
      : s,
  );
  return findIncidents({ samples: adjusted, from: start, to: end });
}

export type MonthComputation = { endpointId: string; figures: AvailabilityFigures; incidents: Incident[] };

/** One endpoint's month, computed now from the rollups (not frozen). */
export async function computeEndpointMonth(db: Executor, endpointId: string, month: string, periods: readonly CorrectionPeriod[] = []): Promise<MonthComputation> {
  const rows = (await loadHours(db, month, [endpointId], true)).get(endpointId) ?? [];
  return {
    endpointId,
    figures: computeMonthFigures({ month, hours: hourCounts(rows), reclassify: toReclassify(periods) }),
    incidents: await incidentsFor(db, endpointId, month, rows, periods),
  };
}

/** Figures (no incidents) for many endpoints' unfrozen month: one query. */
export async function computeLiveFigures(db: Executor, month: string, endpointIds: readonly string[] | null): Promise<Map<string, AvailabilityFigures>> {
  const hours = await loadHours(db, month, endpointIds, false);
  return new Map([...hours].map(([id, rows]) => [id, computeMonthFigures({ month, hours: hourCounts(rows) })]));
}

/** The latest revision per endpoint of a month. */
export async function latestFrozen(db: Executor, month: string, endpointIds?: readonly string[]): Promise<Map<string, AvailabilityMonthRow>> {
  const rows = await db
    .selectDistinctOn([availabilityMonths.endpointId])
    .from(availabilityMonths)
    .where(and(eq(availabilityMonths.month, month), endpointIds ? (endpointIds.length ? inArray(availabilityMonths.endpointId, [...endpointIds]) : sql`false`) : undefined))
    .orderBy(availabilityMonths.endpointId, desc(availabilityMonths.revision));
  return new Map(rows.map((r) => [r.endpointId, r]));
}

const sameFigures = (row: AvailabilityMonthRow, f: AvailabilityFigures) =>
  row.checks === f.checks &&
  row.availableChecks === f.availableChecks &&
  row.failedChecks === f.failedChecks &&
  row.downMinutes === f.downMinutes &&
  row.maintenanceMinutes === f.maintenanceMinutes &&
  row.checkerOfflineMinutes === f.checkerOfflineMinutes;

export type FreezeOutcome = { month: string; frozen: number; corrected: number; unchanged: number };

/**
 * Freezes a finished month for every endpoint with rollups in it (one transaction, audited).
 * Refuses a month that has not ended in Amsterdam. Idempotent; changed figures become a
 * `late_data` revision.
 */
export async function freezeMonth(db: Db, opts: { month: string; now: Date; actor?: AuditActor }): Promise<FreezeOutcome> {
  const { end } = amsterdamMonthRange(opts.month);
  if (opts.now.getTime() < end.getTime()) throw new AppError("validation", "availability.errors.month_not_ended", undefined, { month: opts.month });
  const actor = opts.actor ?? systemActor;
  return db.transaction(async (tx) => {
    // One freeze of a month at a time (two servers' jobs): a transaction-scoped advisory lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`availability:${opts.month}`}))`);
    const hours = await loadHours(tx, opts.month, null, true);
    const ids = [...hours.keys()];
    const meta = ids.length ? await tx.select({ id: endpoints.id, institutionId: endpoints.institutionId, vendorCode: endpoints.vendorCode }).from(endpoints).where(inArray(endpoints.id, ids)) : [];
    const metaOf = new Map(meta.map((m) => [m.id, m]));
    const existing = await latestFrozen(tx, opts.month, ids);
    const out: FreezeOutcome = { month: opts.month, frozen: 0, corrected: 0, unchanged: 0 };
    for (const [endpointId, rows] of hours) {
      const prev = existing.get(endpointId);
      const periods = prev?.correction?.periods as CorrectionPeriod[] | undefined;
      const figures = computeMonthFigures({ month: opts.month, hours: hourCounts(rows), reclassify: toReclassify(periods) });
      if (prev && sameFigures(prev, figures)) {
        out.unchanged++;
        continue;
      }
      const m = metaOf.get(endpointId)!;
      const incidents = await incidentsFor(tx, endpointId, opts.month, rows, periods ?? []);
      const [row] = await tx
        .insert(availabilityMonths)
        .values({
          endpointId,
          month: opts.month,
          revision: (prev?.revision ?? 0) + 1,
          institutionId: m.institutionId,
          vendorCode: m.vendorCode,
          ...figures,
          incidents,
          correction: prev ? { code: "late_data", note: null, ...(periods?.length ? { periods } : {}) } : null,
          frozenAt: opts.now,
          actorUserId: actor.userId,
        })
        .returning();
      if (prev) {
        out.corrected++;
        await recordAudit(tx, {
          actor,
          action: "availability.correct",
          entityType: "endpoint",
          entityId: endpointId,
          institutionId: m.institutionId,
          before: { month: prev.month, revision: prev.revision, checks: prev.checks, availableChecks: prev.availableChecks, downMinutes: prev.downMinutes },
          after: { month: row.month, revision: row.revision, checks: row.checks, availableChecks: row.availableChecks, downMinutes: row.downMinutes, correction: "late_data" },
        });
      } else out.frozen++;
    }
    await recordAudit(tx, { actor, action: "availability.freeze", entityType: "availability_month", entityId: opts.month, after: out });
    return out;
  });
}

/**
 * A person's correction of a frozen month: periods that were maintenance or a checker fault.
 * Writes the next revision with the periods so far plus these, audited, in one transaction.
 */
export async function correctMonth(
  db: Db,
  opts: { endpointId: string; month: string; periods: CorrectionPeriod[]; note: string; actor: AuditActor; now: Date },
): Promise<AvailabilityMonthRow> {
  const { start, end } = amsterdamMonthRange(opts.month);
  for (const p of opts.periods) {
    const from = new Date(p.from).getTime();
    const to = new Date(p.to).getTime();
    if (!(from < to) || to <= start.getTime() || from >= end.getTime()) throw new AppError("validation", "availability.errors.period_outside_month", undefined, { month: opts.month });
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`availability:${opts.month}`}))`);
    const prev = (await latestFrozen(tx, opts.month, [opts.endpointId])).get(opts.endpointId);
    if (!prev) throw new AppError("validation", "availability.errors.not_frozen", undefined, { month: opts.month });
    const periods = [...((prev.correction?.periods as CorrectionPeriod[] | undefined) ?? []), ...opts.periods];
    const c = await computeEndpointMonth(tx, opts.endpointId, opts.month, periods);
    const [row] = await tx
      .insert(availabilityMonths)
      .values({
        endpointId: opts.endpointId,
        month: opts.month,
        revision: prev.revision + 1,
        institutionId: prev.institutionId,
        vendorCode: prev.vendorCode,
        ...c.figures,
        incidents: c.incidents,
        correction: { code: opts.periods.every((p) => p.kind === "checker_offline") ? "checker_offline" : "maintenance", note: opts.note, periods },
        frozenAt: opts.now,
        actorUserId: opts.actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: "availability.correct",
      entityType: "endpoint",
      entityId: opts.endpointId,
      institutionId: prev.institutionId,
      before: { month: prev.month, revision: prev.revision, checks: prev.checks, availableChecks: prev.availableChecks, downMinutes: prev.downMinutes },
      after: { month: row.month, revision: row.revision, checks: row.checks, availableChecks: row.availableChecks, downMinutes: row.downMinutes, note: opts.note, periods: opts.periods },
    });
    return row;
  });
}

/**
 * Frozen months from hour counts and checks given by the caller instead of the rollups: the demo
 * seed's history (db/seed/availability.ts), computed and stored exactly as `freezeMonth` would.
 * Only months without any row are written (idempotent).
 */
export async function recordFrozenMonths(
  tx: Executor,
  items: ReadonlyArray<{ endpointId: string; institutionId: string; vendorCode: string; month: string; hours: HourCounts[]; samples: CheckSample[] }>,
  now: Date,
): Promise<number> {
  if (items.length === 0) return 0;
  const existing = await tx
    .select({ endpointId: availabilityMonths.endpointId, month: availabilityMonths.month })
    .from(availabilityMonths)
    .where(inArray(availabilityMonths.endpointId, [...new Set(items.map((i) => i.endpointId))]));
  const have = new Set(existing.map((e) => `${e.endpointId}|${e.month}`));
  const rows = items
    .filter((i) => !have.has(`${i.endpointId}|${i.month}`))
    .map((i) => {
      const { start, end } = amsterdamMonthRange(i.month);
      return {
        endpointId: i.endpointId,
        month: i.month,
        revision: 1,
        institutionId: i.institutionId,
        vendorCode: i.vendorCode,
        ...computeMonthFigures({ month: i.month, hours: i.hours }),
        incidents: findIncidents({ samples: i.samples, from: start, to: end }),
        correction: null,
        frozenAt: now,
        actorUserId: null,
      };
    });
  for (let k = 0; k < rows.length; k += 500) await tx.insert(availabilityMonths).values(rows.slice(k, k + 500));
  return rows.length;
}
