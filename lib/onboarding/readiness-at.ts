/**
 * Readiness per institution "as it was on date D", computed in the database from the
 * append-only step history (onboarding_step_events), with the same rules as
 * lib/domain/readiness.ts + phase-at.ts (integration tests compare both on PGlite and Postgres).
 *
 * - A step's state on D is the one set by its last event recorded by the end of Dutch day D
 *   (draft saves do not change a state). Late reports do not rewrite the past.
 * - Vendor rules (which steps apply / are mandatory per vendor) come from resolveCatalogue as a
 *   VALUES list, so a catalogue change needs no SQL change. The vendor is the institution's
 *   current one (the register keeps no vendor history).
 *
 * `readinessSnapshotSql(null)` reads the maintained institution_readiness rows instead: the
 * same columns for "now", cheaper.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { IsoDate } from "@/lib/domain/dates";
import { resolveCatalogue } from "@/lib/domain/steps";
import { VENDOR_CODES } from "@/lib/domain/vendors";

const SAFE = /^[a-z_]*$/;
const lit = (s: string) => {
  if (!SAFE.test(s)) throw new Error(`unsafe literal ${s}`);
  return `'${s}'`;
};

let catalogueSqlCache: string | null = null;
/** (vkey, step_code, grp, mandatory, applies) for every vendor ('' = no vendor chosen). */
export function catalogueValuesSql(): SQL {
  if (!catalogueSqlCache) {
    const rows: string[] = [];
    for (const v of [null, ...VENDOR_CODES]) {
      for (const r of resolveCatalogue({ vendor: v })) {
        rows.push(`(${lit(v ?? "")}, ${lit(r.step.code)}, ${lit(r.step.precondition)}, ${r.mandatory}, ${r.applies})`);
      }
    }
    catalogueSqlCache = `(values ${rows.join(", ")}) as c(vkey, step_code, grp, mandatory, applies)`;
  }
  return sql.raw(catalogueSqlCache);
}

export const vendorKeySql = sql.raw(`(case when i.vendor_code in (${VENDOR_CODES.map(lit).join(",")}) then i.vendor_code else '' end)`);

/** The first instant after Dutch day D: events before it were recorded by the end of D. */
export function endOfDaySql(asOf: IsoDate): SQL {
  return sql`((${asOf}::date + 1)::timestamp at time zone 'Europe/Amsterdam')`;
}

/** Each step's state on D: institution_id, step_code, state, eff (effective date), at. */
export function stepStatesAtSql(asOf: IsoDate): SQL {
  return sql`select distinct on (e.institution_id, e.step_code)
      e.institution_id, e.step_code, e.state::text as state, e.completed_on, e.at,
      case when e.state = 'open' then null else coalesce(e.completed_on, (e.at at time zone 'Europe/Amsterdam')::date) end as eff
    from onboarding_step_events e
    where e.action not in ('draft_saved', 'draft_discarded') and e.at < ${endOfDaySql(asOf)}
    order by e.institution_id, e.step_code, e.at desc, e.id desc`;
}

const DONE = sql.raw(`state in ('verified','not_applicable')`);

/**
 * One row per institution: institution_id, phase, percent, blocking_precondition,
 * phase_started_on (text), is_live, go_live_ready, agreements_met, mitz_connected_met,
 * mitz_filled_met, awaiting_verification.
 */
export function readinessAtSql(asOf: IsoDate): SQL {
  return sql`with st as (${stepStatesAtSql(asOf)}),
  j as (
    select i.id as institution_id, c.step_code, c.grp, c.mandatory, c.applies,
      coalesce(st.state, 'open') as state, st.eff
    from institutions i
    join ${catalogueValuesSql()} on c.vkey = ${vendorKeySql}
    left join st on st.institution_id = i.id and st.step_code = c.step_code
  ),
  a as (
    select institution_id,
      bool_or(applies and state in ('reported','verified')) as started,
      bool_or(step_code = 'go_live' and state = 'verified') as is_live,
      bool_and(not (mandatory and grp = 'agreements') or ${DONE}) as agreements_met,
      bool_and(not (mandatory and grp = 'mitz_connected') or ${DONE}) as mitz_connected_met,
      bool_and(not (mandatory and grp = 'mitz_filled') or ${DONE}) as mitz_filled_met,
      bool_and(not (mandatory and step_code <> 'go_live') or ${DONE}) as gate,
      count(*) filter (where applies and state = 'reported') as awaiting,
      count(*) filter (where mandatory and state = 'verified') as done_count,
      count(*) filter (where mandatory and state <> 'not_applicable') as m_count,
      min(eff) filter (where applies and state in ('reported','verified')) as started_on,
      max(eff) filter (where step_code = 'go_live' and state = 'verified') as live_on,
      max(eff) filter (where mandatory and grp = 'agreements' and state = 'verified') as d_agr,
      max(eff) filter (where mandatory and grp in ('agreements','mitz_connected') and state = 'verified') as d_mc,
      max(eff) filter (where mandatory and grp <> 'technical' and state = 'verified') as d_int,
      max(eff) filter (where mandatory and step_code <> 'go_live' and state = 'verified') as d_ready
    from j group by institution_id
  ),
  p as (
    select a.*,
      case when is_live then 'live' when not started then 'not_started'
        when not agreements_met then 'agreements' when not mitz_connected_met then 'mitz_connection'
        when not mitz_filled_met then 'mitz_filling' when not gate then 'integration' else 'ready_for_go_live' end as phase
    from a
  )
  select institution_id, phase,
    (case when m_count = 0 then 100 else floor(100.0 * done_count / m_count) end)::int as percent,
    case when not agreements_met then 'agreements' when not mitz_connected_met then 'mitz_connected'
      when not mitz_filled_met then 'mitz_filled' end as blocking_precondition,
    (case phase when 'not_started' then null when 'live' then coalesce(live_on, started_on)
      when 'agreements' then started_on when 'mitz_connection' then greatest(started_on, d_agr)
      when 'mitz_filling' then greatest(started_on, d_mc) when 'integration' then greatest(started_on, d_int)
      else greatest(started_on, d_ready) end)::text as phase_started_on,
    is_live, gate as go_live_ready, agreements_met, mitz_connected_met, mitz_filled_met,
    awaiting::int as awaiting_verification
  from p`;
}

/** The same columns from the maintained readiness rows (the state now). */
export function readinessNowSql(): SQL {
  return sql`select i.id as institution_id, coalesce(r.phase, 'not_started') as phase, coalesce(r.percent, 0) as percent,
      r.blocking_precondition, r.phase_started_on::text as phase_started_on, coalesce(r.is_live, false) as is_live,
      coalesce(r.go_live_ready, false) as go_live_ready, coalesce(r.agreements_met, false) as agreements_met,
      coalesce(r.mitz_connected_met, false) as mitz_connected_met, coalesce(r.mitz_filled_met, false) as mitz_filled_met,
      coalesce(r.awaiting_verification, 0) as awaiting_verification
    from institutions i left join institution_readiness r on r.institution_id = i.id`;
}

export function readinessSnapshotSql(asOf: IsoDate | null): SQL {
  return asOf ? readinessAtSql(asOf) : readinessNowSql();
}

/** Rows of a raw query on either driver (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}
