/**
 * Reads for the programme dashboard. Aggregates are grouped in the database (one query per
 * widget family); only small, bounded lists (top blockers, oldest reports) come back as rows.
 * Programme scope only: callers check `dashboard.view` first.
 */
import { asc, eq, isNull, sql } from "drizzle-orm";
import { dataVersion } from "@/lib/ops/data-version";
import type { Executor } from "@/db/client";
import { endpoints, onboardingStepEvents, programmeMilestones, type ProgrammeMilestone } from "@/db/schema";
import type { IsoDate } from "@/lib/domain/dates";
import type { Milestone, MilestoneMetric } from "@/lib/domain/milestones";
import type { InstitutionHistory, StepEvent } from "@/lib/domain/phase-at";
import type { StepState } from "@/lib/domain/readiness";
import { isStepCode } from "@/lib/domain/steps";
import { isVendor } from "@/lib/domain/vendors";
import { catalogueValuesSql, queryRows, readinessSnapshotSql, stepStatesAtSql, vendorKeySql } from "@/lib/onboarding/readiness-at";

export type AggregateRow = {
  /** Which grouping set: see AGG_SETS. */
  set: "total" | "vendor" | "kind" | "province" | "phase" | "blocking" | "vendor_phase";
  vendor: string | null;
  kind: string | null;
  province: string | null;
  phase: string | null;
  blocking: string | null;
  n: number;
  live: number;
  ready: number;
  agreementsMet: number;
  mitzConnectedMet: number;
  mitzFilledMet: number;
  awaiting: number;
  percentSum: number;
};

// grouping(vendor_code, kind, province, phase, blocking): a 1 bit marks a column NOT grouped.
const SET_BY_BITS: Record<number, AggregateRow["set"]> = {
  0b11111: "total",
  0b01111: "vendor",
  0b10111: "kind",
  0b11011: "province",
  0b11101: "phase",
  0b11110: "blocking",
  0b01101: "vendor_phase",
};

/** Every count of the dashboard on one date (null = now), grouped in one query. */
export async function getReadinessAggregates(db: Executor, asOf: IsoDate | null): Promise<AggregateRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with s as (${readinessSnapshotSql(asOf)})
    select grouping(i.vendor_code, i.kind, i.province, s.phase, s.blocking_precondition) as g,
      i.vendor_code as vendor, i.kind::text as kind, i.province, s.phase, s.blocking_precondition as blocking,
      count(*)::int as n,
      (count(*) filter (where s.is_live))::int as live,
      (count(*) filter (where s.phase = 'ready_for_go_live'))::int as ready,
      (count(*) filter (where s.agreements_met))::int as agreements_met,
      (count(*) filter (where s.mitz_connected_met))::int as mitz_connected_met,
      (count(*) filter (where s.mitz_filled_met))::int as mitz_filled_met,
      coalesce(sum(s.awaiting_verification), 0)::int as awaiting,
      coalesce(sum(s.percent), 0)::int as percent_sum
    from s join institutions i on i.id = s.institution_id
    group by grouping sets ((), (i.vendor_code), (i.kind), (i.province), (s.phase), (s.blocking_precondition), (i.vendor_code, s.phase))`,
  );
  return rows.map((r) => ({
    set: SET_BY_BITS[Number(r.g)],
    vendor: (r.vendor as string | null) ?? null,
    kind: (r.kind as string | null) ?? null,
    province: (r.province as string | null) ?? null,
    phase: (r.phase as string | null) ?? null,
    blocking: (r.blocking as string | null) ?? null,
    n: Number(r.n),
    live: Number(r.live),
    ready: Number(r.ready),
    agreementsMet: Number(r.agreements_met),
    mitzConnectedMet: Number(r.mitz_connected_met),
    mitzFilledMet: Number(r.mitz_filled_met),
    awaiting: Number(r.awaiting),
    percentSum: Number(r.percent_sum),
  }));
}

export type DeltaRow = { day: IsoDate; vendor: string; metric: string; delta: number };

/**
 * Burn-up changes from the whole history: per recorded Dutch day and vendor, how many
 * institutions went live (+1) or stopped being live (-1), and how many started / stopped
 * meeting each precondition. Cumulative sums of these are the burn-up series (lib/dashboard/series.ts).
 */
export async function getBurnUpDeltas(db: Executor): Promise<DeltaRow[]> {
  const rows = await queryRows<{ day: string; vkey: string; metric: string; delta: number }>(
    db,
    sql`with ev as (
      select distinct on (e.institution_id, e.step_code, (e.at at time zone 'Europe/Amsterdam')::date)
        e.institution_id, e.step_code, e.state::text as state, (e.at at time zone 'Europe/Amsterdam')::date as d
      from onboarding_step_events e where e.action not in ('draft_saved', 'draft_discarded')
      order by e.institution_id, e.step_code, (e.at at time zone 'Europe/Amsterdam')::date, e.at desc, e.id desc
    ),
    x as (
      select ev.institution_id, ev.step_code, ev.d, c.vkey, c.grp, c.mandatory,
        (ev.state in ('verified','not_applicable'))::int as done,
        (ev.state = 'verified' and ev.step_code = 'go_live')::int as live
      from ev join institutions i on i.id = ev.institution_id
      join ${catalogueValuesSql()} on c.vkey = ${vendorKeySql} and c.step_code = ev.step_code
    ),
    y as (
      select x.*, done - coalesce(lag(done) over w, 0) as d_done, live - coalesce(lag(live) over w, 0) as d_live
      from x window w as (partition by institution_id, step_code order by d)
    ),
    g as (
      select institution_id, vkey, grp, d, sum(d_done) as dd from y
      where mandatory and grp <> 'technical' and d_done <> 0 group by institution_id, vkey, grp, d
    ),
    n as (select c.vkey, c.grp, count(*) filter (where c.mandatory) as n from ${catalogueValuesSql()} group by c.vkey, c.grp),
    cum as (
      select g.institution_id, g.vkey, g.grp, g.d, (sum(g.dd) over (partition by g.institution_id, g.grp order by g.d) >= n.n)::int as m
      from g join n on n.vkey = g.vkey and n.grp = g.grp
    ),
    met as (
      select d, vkey, grp as metric, m - coalesce(lag(m) over (partition by institution_id, grp order by d), 0) as delta from cum
    )
    select d::text as day, vkey, metric, sum(delta)::int as delta from met where delta <> 0 group by d, vkey, metric
    union all
    select d::text as day, vkey, 'live' as metric, sum(d_live)::int as delta from y where d_live <> 0 group by d, vkey
    order by day`,
  );
  return rows.map((r) => ({ day: r.day, vendor: r.vkey, metric: r.metric, delta: Number(r.delta) }));
}

export type BlockerRow = {
  institutionId: string;
  name: string;
  vendorCode: string | null;
  blocking: string;
  phase: string;
  phaseStartedOn: IsoDate | null;
};

/** Per blocking precondition, the institutions longest in their phase first (at most `perGroup` each). */
export async function listTopBlockers(db: Executor, opts: { asOf: IsoDate | null; perGroup: number }): Promise<BlockerRow[]> {
  const rows = await queryRows<Record<string, string | null>>(
    db,
    sql`with s as (${readinessSnapshotSql(opts.asOf)}),
    r as (
      select s.institution_id, i.name, i.vendor_code, s.blocking_precondition, s.phase, s.phase_started_on,
        row_number() over (partition by s.blocking_precondition order by s.phase_started_on asc nulls last, i.name asc) as rn
      from s join institutions i on i.id = s.institution_id
      where s.blocking_precondition is not null and s.phase <> 'not_started'
    )
    select * from r where rn <= ${opts.perGroup} order by blocking_precondition, rn`,
  );
  return rows.map((r) => ({
    institutionId: r.institution_id!,
    name: r.name!,
    vendorCode: r.vendor_code,
    blocking: r.blocking_precondition!,
    phase: r.phase!,
    phaseStartedOn: r.phase_started_on,
  }));
}

export type AwaitingRow = { institutionId: string; name: string; stepCode: string; reportedAt: string; completedOn: IsoDate | null };

/** Reports waiting for verification on D (the state on D was `reported`), oldest first. */
export async function listAwaitingAt(db: Executor, opts: { asOf: IsoDate; limit: number }) {
  const base = sql`with st as (${stepStatesAtSql(opts.asOf)})
    select st.institution_id, i.name, st.step_code, st.at, st.completed_on::text as completed_on
    from st join institutions i on i.id = st.institution_id
    join ${catalogueValuesSql()} on c.vkey = ${vendorKeySql} and c.step_code = st.step_code
    where st.state = 'reported' and c.applies`;
  const [rows, [count]] = await Promise.all([
    queryRows<Record<string, unknown>>(db, sql`${base} order by st.at asc, i.name asc limit ${opts.limit}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from (${base}) q`),
  ]);
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map(
      (r): AwaitingRow => ({
        institutionId: String(r.institution_id),
        name: String(r.name),
        stepCode: String(r.step_code),
        reportedAt: new Date(r.at as string | Date).toISOString(),
        completedOn: (r.completed_on as string | null) ?? null,
      }),
    ),
  };
}

/** Active endpoints per vendor infrastructure and environment (the registry now). */
export async function countEndpointsByVendor(db: Executor) {
  const rows = await db
    .select({ vendor: endpoints.vendorCode, environment: endpoints.environment, n: sql<number>`count(*)::int`, institutions: sql<number>`count(distinct ${endpoints.institutionId})::int` })
    .from(endpoints)
    .where(eq(endpoints.status, "active"))
    .groupBy(endpoints.vendorCode, endpoints.environment);
  return rows.map((r) => ({ ...r, n: Number(r.n), institutions: Number(r.institutions) }));
}

/** The newest history event: the history is append-only, so this identifies its content. */
export async function getHistoryVersion(db: Executor): Promise<string> {
  const [row] = await db.select({ id: sql<string | null>`max(${onboardingStepEvents.id})::text`, n: sql<number>`count(*)::int` }).from(onboardingStepEvents);
  return `${row?.id ?? 0}:${row?.n ?? 0}`;
}

const STATE_OF_ACTION: Record<string, StepState> = { reported: "reported", verified: "verified", rejected: "rejected", marked_not_applicable: "not_applicable", reopened: "open" };

/** Histories in the shape lib/domain replays (drafts left out), for a bounded set of institutions or all (tests). */
export async function loadInstitutionHistories(db: Executor, opts: { institutionIds?: readonly string[] } = {}): Promise<InstitutionHistory[]> {
  if (opts.institutionIds && opts.institutionIds.length === 0) return [];
  const ids = opts.institutionIds;
  const insts = await queryRows<{ id: string; vendor_code: string | null }>(
    db,
    sql`select id, vendor_code from institutions ${ids ? sql`where id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})` : sql``} order by id`,
  );
  const events = await queryRows<{ institution_id: string; step_code: string; action: string; state: string; at: string | Date; completed_on: string | Date | null; reason: string | null }>(
    db,
    sql`select institution_id, step_code, action::text as action, state::text as state, at, completed_on::text as completed_on, reason
      from onboarding_step_events where action not in ('draft_saved', 'draft_discarded')
      ${ids ? sql`and institution_id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})` : sql``}
      order by at asc, id asc`,
  );
  const byId = new Map<string, StepEvent[]>(insts.map((i) => [i.id, []]));
  for (const e of events) {
    if (!isStepCode(e.step_code)) continue;
    byId.get(e.institution_id)?.push({
      stepCode: e.step_code,
      state: (STATE_OF_ACTION[e.action] ?? e.state) as StepState,
      at: new Date(e.at).toISOString(),
      completedOn: (e.completed_on as string | null) ?? null,
      rejectionReason: e.reason,
    });
  }
  return insts.map((i) => ({ id: i.id, vendor: isVendor(i.vendor_code) ? i.vendor_code : null, events: byId.get(i.id) ?? [] }));
}

/** Every institution with each step's state and dates, on D (null = now), for the CSV export. */
export async function listStepStatesForExport(db: Executor, asOf: IsoDate | null) {
  const states = asOf
    ? sql`select institution_id, step_code, state, completed_on::text as completed_on, at from (${stepStatesAtSql(asOf)}) x`
    : sql`select institution_id, step_code, state::text as state, completed_on::text as completed_on, greatest(reported_at, verified_at, rejected_at, updated_at) as at from onboarding_steps`;
  return queryRows<{ institution_id: string; step_code: string; state: string; completed_on: string | null; at: string | Date | null }>(db, states);
}

/** The institutions with their readiness on D (null = now), for the CSV export. */
export async function listReadinessForExport(db: Executor, asOf: IsoDate | null) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`with s as (${readinessSnapshotSql(asOf)})
    select i.id, i.name, i.ura, i.kind::text as kind, i.province, i.city, i.vendor_code, s.phase, s.percent, s.blocking_precondition,
      s.phase_started_on, s.is_live, s.awaiting_verification
    from institutions i join s on s.institution_id = i.id order by i.name asc`,
  );
}

/** The milestones in force (removed ones stay in the table for the audit log, not here). */
export async function listProgrammeMilestones(db: Executor): Promise<ProgrammeMilestone[]> {
  return db.select().from(programmeMilestones).where(isNull(programmeMilestones.removedAt)).orderBy(asc(programmeMilestones.sortOrder), asc(programmeMilestones.date));
}

export function toDomainMilestone(m: ProgrammeMilestone): Milestone {
  return {
    code: m.code,
    date: m.date,
    title: { nl: m.titleNl, en: m.titleEn },
    description: { nl: m.descriptionNl, en: m.descriptionEn },
    // Written from DEFAULT_MILESTONES or a validated new milestone (buildNewMilestone); the editor never changes it.
    metric: m.metric as MilestoneMetric,
    target: m.target,
    achievedOn: m.achievedOn,
  };
}

/**
 * A version of everything the dashboard shows: step history (append-only), the register,
 * readiness rows, milestones and endpoints. Equal versions mean equal figures. The change
 * counter answers it in O(1) (lib/ops/data-version.ts); while a write is under way, the
 * fingerprint below reads the tables.
 */
export async function getDashboardDataVersion(db: Executor): Promise<string> {
  return dataVersion(db, dashboardFingerprint);
}

async function dashboardFingerprint(db: Executor): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    db,
    sql`select concat_ws('|',
      (select coalesce(max(id), 0) || ':' || count(*) from onboarding_step_events),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from institutions),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from institution_readiness),
      (select coalesce(sum(version), 0) || ':' || coalesce(max(updated_at)::text, '') from programme_milestones),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from endpoints),
      (select count(*) || ':' || coalesce(max(at)::text, '') from institution_plan_changes),
      (select count(*) from onboarding_steps where state = 'reported')) as v`,
  );
  return String(row?.v ?? "");
}

export type HealthCountRow = { vendor: string; status: "unknown" | "up" | "degraded" | "down"; n: number };

/** Active endpoints per vendor and current checker verdict (no health row yet = unknown). */
export async function countEndpointHealthByVendor(db: Executor): Promise<HealthCountRow[]> {
  const rows = await queryRows<{ vendor: string; status: string; n: number }>(
    db,
    sql`select e.vendor_code as vendor, coalesce(h.status::text, 'unknown') as status, count(*)::int as n
          from endpoints e left join endpoint_health h on h.endpoint_id = e.id
         where e.status = 'active'
         group by 1, 2`,
  );
  return rows.map((r) => ({ vendor: r.vendor, status: r.status as HealthCountRow["status"], n: Number(r.n) }));
}
