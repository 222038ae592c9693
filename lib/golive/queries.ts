/**
 * Reads of the go-live gate (issue 17 §1) and exchange volumes (§2): the evidence of many
 * institutions at once (a handful of set-based queries, evaluated by lib/domain/golive.ts), the
 * counts the dashboard and the DTO report show, and the live-versus-exchanging summary.
 *
 * `at` bounds what counts: verifications, endpoint versions, certificates, confirmations and
 * overrides after it are left out, so a report for a date shows that date's figures as far as
 * the stored data allows (check rollups and certificates are kept, so they can be bounded too).
 */
import { and, desc, eq, gt, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { dataVersion } from "@/lib/ops/data-version";
import { DEMO_SIMULATOR_ACTOR_LABEL } from "@/lib/registry/endpoints";
import type { Executor } from "@/db/client";
import {
  checkRollupsHourly,
  endpointHealth,
  endpointVersions,
  endpoints,
  exchangeVolumes,
  goLiveConfirmations,
  goLiveOverrides,
  institutionReadiness,
  institutions,
  onboardingSteps,
  vendors,
} from "@/db/schema";
import type { InstitutionScope } from "@/lib/auth/policy";
import { institutionScopeWhere } from "@/lib/auth/scope-sql";
import { amsterdamMonthOf, amsterdamMonthRange, previousMonth } from "@/lib/domain/availability";
import { toAmsterdamDate } from "@/lib/domain/dates";
import {
  countGoLive,
  downPeriodsFromHours,
  evaluateGoLive,
  findRetestTriggers,
  GO_LIVE_TRANSACTIONS,
  type CertificateSighting,
  type DownPeriod,
  type EndpointEvidence,
  type EndpointVersionEvidence,
  type GoLiveCounts,
  type GoLiveEvaluation,
  type GoLiveEvidence,
  type GoLiveSettings,
  type GoLiveTransaction,
} from "@/lib/domain/golive";
import { GO_LIVE_STEP, PRECONDITION_CODES, STEP_CATALOGUE } from "@/lib/domain/steps";
import { VENDOR_CODES, type Vendor } from "@/lib/domain/vendors";
import { queryRows } from "@/lib/onboarding/readiness-at";
import { goLiveSettings } from "./settings";

const PRECONDITION_STEPS = STEP_CATALOGUE.filter((s) => (PRECONDITION_CODES as readonly string[]).includes(s.precondition)).map((s) => s.code);
const isTx = (t: string): t is GoLiveTransaction => (GO_LIVE_TRANSACTIONS as readonly string[]).includes(t);
const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();
/** Reasons of a check result that mean the certificate is not trusted under the trust store. */
const UNTRUSTED_REASONS = ["cert_untrusted", "cert_expired"];

export type InstitutionGoLive = { institutionId: string; name: string; vendorCode: string | null; evidence: GoLiveEvidence; evaluation: GoLiveEvaluation };

/** The per-institution evidence rows of loadGoLive: go-live steps, production endpoints, the newest confirmation, open overrides. */
function loadInstitutionEvidence(db: Executor, ids: string[], at: Date) {
  return Promise.all([
    db
      .select({ institutionId: onboardingSteps.institutionId, stepCode: onboardingSteps.stepCode, state: onboardingSteps.state, verifiedAt: onboardingSteps.verifiedAt, updatedAt: onboardingSteps.updatedAt })
      .from(onboardingSteps)
      .where(and(inArray(onboardingSteps.institutionId, ids), inArray(onboardingSteps.stepCode, [...PRECONDITION_STEPS, GO_LIVE_STEP]))),
    db
      .select()
      .from(endpoints)
      .where(and(inArray(endpoints.institutionId, ids), eq(endpoints.environment, "production"), lte(endpoints.createdAt, at))),
    db
      .selectDistinctOn([goLiveConfirmations.institutionId], {
        institutionId: goLiveConfirmations.institutionId,
        exchangedOn: goLiveConfirmations.exchangedOn,
        createdAt: goLiveConfirmations.createdAt,
        confirmerKind: goLiveConfirmations.confirmerKind,
        actorLabel: goLiveConfirmations.actorLabel,
        partnerName: sql<string | null>`(select p.name from institutions p where p.id = ${goLiveConfirmations.partnerInstitutionId})`,
        vendorName: sql<string | null>`(select v.name from vendors v where v.code = ${goLiveConfirmations.vendorCode})`,
      })
      .from(goLiveConfirmations)
      .where(and(inArray(goLiveConfirmations.institutionId, ids), lte(goLiveConfirmations.createdAt, at)))
      // Newest first; the id decides between two made at the same instant, so every reader picks the same one.
      .orderBy(goLiveConfirmations.institutionId, desc(goLiveConfirmations.createdAt), desc(goLiveConfirmations.id)),
    db
      .select()
      .from(goLiveOverrides)
      .where(and(inArray(goLiveOverrides.institutionId, ids), lte(goLiveOverrides.createdAt, at), or(isNull(goLiveOverrides.withdrawnAt), gt(goLiveOverrides.withdrawnAt, at)))),
  ]);
}

/**
 * The evidence and evaluation of the given institutions (null: every institution in scope). One
 * query per kind of evidence, whatever the number of institutions.
 */
export async function loadGoLive(
  db: Executor,
  opts: { institutionIds?: readonly string[] | null; scope?: InstitutionScope; at: Date; settings?: GoLiveSettings },
): Promise<InstitutionGoLive[]> {
  const settings = opts.settings ?? goLiveSettings();
  const at = opts.at;
  const atIso = at.toISOString();
  const where = and(opts.institutionIds ? inArray(institutions.id, [...opts.institutionIds]) : undefined, opts.scope ? institutionScopeWhere(opts.scope) : undefined);
  if (opts.institutionIds && opts.institutionIds.length === 0) return [];
  const instsQuery = db
    .select({
      id: institutions.id,
      name: institutions.name,
      ura: institutions.ura,
      vendorCode: institutions.vendorCode,
      agreementsMet: institutionReadiness.agreementsMet,
      mitzConnectedMet: institutionReadiness.mitzConnectedMet,
      mitzFilledMet: institutionReadiness.mitzFilledMet,
    })
    .from(institutions)
    .leftJoin(institutionReadiness, eq(institutionReadiness.institutionId, institutions.id))
    .where(where)
    .orderBy(institutions.name);
  // Given ids and no scope to apply (one institution's page, whose caller checked it), the
  // evidence is read side by side with the institutions: one round trip fewer on Postgres.
  // Otherwise the ids come from the scoped institutions first. Either way only institutions in
  // `insts` are evaluated below.
  const knownIds = opts.institutionIds && !opts.scope ? [...opts.institutionIds] : null;
  const [insts, evidence] = knownIds ? await Promise.all([instsQuery, loadInstitutionEvidence(db, knownIds, at)]) : [await instsQuery, null];
  if (insts.length === 0) return [];
  const ids = insts.map((i) => i.id);
  const [steps, prodEndpoints, confirmations, overrides] = evidence ?? (await loadInstitutionEvidence(db, ids, at));

  const endpointIds = prodEndpoints.map((e) => e.id);
  const today = toAmsterdamDate(at);
  const [versions, days, latestCerts, sightings, downHours, health] = endpointIds.length
    ? await Promise.all([
        db
          .select({ endpointId: endpointVersions.endpointId, at: endpointVersions.at, snapshot: endpointVersions.snapshot })
          .from(endpointVersions)
          // The demo's repointing at the local simulator stands in for the registered address.
          .where(and(inArray(endpointVersions.endpointId, endpointIds), lte(endpointVersions.at, at), ne(endpointVersions.actorLabel, DEMO_SIMULATOR_ACTOR_LABEL))),
        // Each endpoint's first, last and last bad day: three index probes per endpoint (the last
        // bad day on check_rollups_daily_down_idx) instead of aggregating every day of every
        // endpoint (30 ms for 650 endpoint-years on Postgres).
        queryRows<{ endpointId: string; firstDay: string | null; lastBadDay: string | null; lastDay: string | null }>(
          db,
          sql`select e.id as "endpointId",
                (select min(d.day) from check_rollups_daily d where d.endpoint_id = e.id and d.day <= ${today}::date)::text as "firstDay",
                (select max(d.day) from check_rollups_daily d where d.endpoint_id = e.id and d.day <= ${today}::date and d.down > 0)::text as "lastBadDay",
                (select max(d.day) from check_rollups_daily d where d.endpoint_id = e.id and d.day <= ${today}::date)::text as "lastDay"
              from endpoints e
              where e.id in (${sql.join(endpointIds.map((id) => sql`${id}::uuid`), sql`, `)})`,
        ),
        queryRows<{ endpoint_id: string; reasons: string[] | string; fingerprint: string; not_after: string | Date; ura: string | null; first_seen_at: string | Date }>(
          db,
          // Each endpoint's newest unsuppressed result with a certificate: one short backward index
          // scan per endpoint. A DISTINCT ON over every stored result of the endpoints sorted them
          // all (the raw window keeps at least the first check of every hour: ~720 rows an endpoint),
          // 300 ms for the dashboard's 260 production endpoints.
          sql`select e.id as endpoint_id, r.reasons, c.fingerprint, c.not_after, c.ura, c.first_seen_at
              from endpoints e
              cross join lateral (
                select r.reasons, r.certificate_id from check_results r
                where r.endpoint_id = e.id and r.checked_at <= ${atIso}::timestamptz and r.suppressed is null and r.certificate_id is not null
                order by r.checked_at desc, r.id desc
                limit 1
              ) r
              join endpoint_certificates c on c.id = r.certificate_id
              where e.id in (${sql.join(endpointIds.map((id) => sql`${id}::uuid`), sql`, `)})`,
        ),
        queryRows<{ endpoint_id: string; fingerprint: string; first_seen_at: string | Date }>(
          db,
          sql`select endpoint_id, fingerprint, first_seen_at from endpoint_certificates
              where endpoint_id in (${sql.join(endpointIds.map((id) => sql`${id}::uuid`), sql`, `)}) and first_seen_at <= ${atIso}::timestamptz`,
        ),
        db
          .select({ endpointId: checkRollupsHourly.endpointId, hour: checkRollupsHourly.hour })
          .from(checkRollupsHourly)
          // Spelled as check_rollups_hourly_down_idx's predicate, with literals, so the planner uses
          // it: a scan of every hour of every endpoint took 200 ms for 650 endpoint-years.
          .where(and(inArray(checkRollupsHourly.endpointId, endpointIds), lte(checkRollupsHourly.hour, at), sql`${checkRollupsHourly.down} > 0 and ${checkRollupsHourly.up} + ${checkRollupsHourly.degraded} = 0`)),
        db.select({ endpointId: endpointHealth.endpointId, status: endpointHealth.status, since: endpointHealth.since }).from(endpointHealth).where(inArray(endpointHealth.endpointId, endpointIds)),
      ])
    : [[], [], [], [], [], []];

  const daysBy = new Map(days.map((d) => [d.endpointId, d]));
  const certBy = new Map(latestCerts.map((c) => [c.endpoint_id, c]));
  const healthBy = new Map(health.map((h) => [h.endpointId, h]));
  const endpointsBy = group(prodEndpoints, (e) => e.institutionId);
  const endpointById = new Map(prodEndpoints.map((e) => [e.id, e]));
  const stepsBy = group(steps, (s) => s.institutionId);
  const confBy = new Map(confirmations.map((c) => [c.institutionId, c]));
  const overrideBy = new Map(overrides.map((o) => [o.institutionId, o]));
  const versionsBy = group(versions, (v) => endpointById.get(v.endpointId)!.institutionId);
  const sightingsBy = group(sightings, (s) => endpointById.get(s.endpoint_id)!.institutionId);
  const downBy = group(downHours, (h) => endpointById.get(h.endpointId)!.institutionId);

  return insts.map((inst) => {
    const own = endpointsBy.get(inst.id) ?? [];
    const instSteps = stepsBy.get(inst.id) ?? [];
    const done = (s: (typeof instSteps)[number]) => (s.state === "verified" && s.verifiedAt !== null && s.verifiedAt <= at) || s.state === "not_applicable";
    const goLiveRow = instSteps.find((s) => s.stepCode === GO_LIVE_STEP);
    const missing = PRECONDITION_CODES.filter((c) => !(c === "agreements" ? inst.agreementsMet : c === "mitz_connected" ? inst.mitzConnectedMet : inst.mitzFilledMet));
    const preSteps = instSteps.filter((s) => s.stepCode !== GO_LIVE_STEP && done(s));
    const preSince = preSteps.length ? toAmsterdamDate(new Date(Math.max(...preSteps.map((s) => (s.verifiedAt ?? s.updatedAt).getTime())))) : null;

    const published = (e: (typeof own)[number]) => e.status === "active" && (!e.periodStart || e.periodStart <= at) && (!e.periodEnd || e.periodEnd > at);
    const endpointsEvidence: EndpointEvidence[] = own.flatMap((e) => {
      if (!isTx(e.transaction) || !published(e)) return [];
      const d = daysBy.get(e.id);
      const c = certBy.get(e.id);
      const reasons = c ? (Array.isArray(c.reasons) ? c.reasons : parsePgArray(c.reasons)) : [];
      return [
        {
          transaction: e.transaction,
          endpointId: e.id,
          published: true,
          since: iso(e.periodStart && e.periodStart > e.createdAt ? e.periodStart : e.createdAt),
          days: { firstDay: d?.firstDay ?? null, lastBadDay: d?.lastBadDay ?? null, lastDay: d?.lastDay ?? null },
          certificate: c ? { fingerprint: c.fingerprint, notAfter: iso(c.not_after), ura: c.ura, trusted: !reasons.some((r) => UNTRUSTED_REASONS.includes(r)), firstSeenAt: iso(c.first_seen_at) } : null,
        },
      ];
    });

    const txOf = (endpointId: string) => endpointById.get(endpointId)!.transaction as GoLiveTransaction;
    const versionEvidence: EndpointVersionEvidence[] = (versionsBy.get(inst.id) ?? [])
      .filter((v) => isTx(txOf(v.endpointId)))
      .map((v) => ({ transaction: txOf(v.endpointId), endpointId: v.endpointId, at: iso(v.at), url: v.snapshot.url, vendorCode: v.snapshot.vendorCode, status: v.snapshot.status }));
    const certSightings: CertificateSighting[] = (sightingsBy.get(inst.id) ?? []).map((s) => ({ transaction: txOf(s.endpoint_id), endpointId: s.endpoint_id, fingerprint: s.fingerprint, firstSeenAt: iso(s.first_seen_at) }));
    const downPeriods: DownPeriod[] = own
      .filter((e) => isTx(e.transaction))
      .flatMap((e) => {
        const h = healthBy.get(e.id);
        const hours = (downBy.get(inst.id) ?? []).filter((x) => x.endpointId === e.id).map((x) => iso(x.hour));
        const currentDownSince = h && h.status === "down" && h.since && h.since <= at ? iso(h.since) : null;
        return downPeriodsFromHours({ hours, currentDownSince, transaction: e.transaction as GoLiveTransaction, endpointId: e.id });
      });
    const triggers = findRetestTriggers({ versions: versionEvidence, certificates: certSightings, downPeriods, at: atIso, settings });

    const conf = confBy.get(inst.id);
    const ov = overrideBy.get(inst.id);
    const evidence: GoLiveEvidence = {
      ura: inst.ura,
      preconditions: { met: missing.length === 0, since: missing.length === 0 ? preSince : null, missing },
      endpoints: endpointsEvidence,
      confirmation: conf
        ? { exchangedOn: conf.exchangedOn, createdAt: iso(conf.createdAt), confirmerKind: conf.confirmerKind, confirmedBy: (conf.confirmerKind === "vendor" ? conf.vendorName : conf.partnerName) ?? "", actorLabel: conf.actorLabel }
        : null,
      triggers,
      goLive: { verified: Boolean(goLiveRow && goLiveRow.state === "verified" && goLiveRow.verifiedAt && goLiveRow.verifiedAt <= at), at: goLiveRow?.verifiedAt ? iso(goLiveRow.verifiedAt) : null },
      override: ov ? { by: ov.actorLabel, reason: ov.reason, at: iso(ov.createdAt) } : null,
    };
    return { institutionId: inst.id, name: inst.name, vendorCode: inst.vendorCode, evidence, evaluation: evaluateGoLive({ evidence, at: atIso, settings }) };
  });
}

/** One institution's gate (null when it does not exist or is outside the scope). */
export async function getGoLive(db: Executor, opts: { institutionId: string; scope?: InstitutionScope; at: Date; settings?: GoLiveSettings }) {
  const [row] = await loadGoLive(db, { institutionIds: [opts.institutionId], scope: opts.scope, at: opts.at, settings: opts.settings });
  return row ?? null;
}

export type GoLiveConditionCounts = GoLiveCounts & {
  /** Per vendor (institutions without a vendor under "none"). */
  byVendor: Record<Vendor | "none", GoLiveCounts>;
  institutions: number;
};

/**
 * How many institutions hold each condition, and how many are live (with evidence, with
 * attention: "hertest nodig", by override) at `at`: the figures of the dashboard and the DTO report.
 */
export async function goLiveConditionCounts(db: Executor, at: Date, opts: { scope?: InstitutionScope; settings?: GoLiveSettings } = {}): Promise<GoLiveConditionCounts> {
  return countsOf(await loadGoLive(db, { at, scope: opts.scope, settings: opts.settings }));
}

/** The live institutions that need attention (hertest nodig) or stand on an override, for lists. */
export async function liveNeedingAttention(db: Executor, at: Date, opts: { scope?: InstitutionScope; settings?: GoLiveSettings } = {}) {
  const all = await loadGoLive(db, { at, scope: opts.scope, settings: opts.settings });
  return all.filter((i) => i.evaluation.status === "live_attention" || i.evaluation.status === "live_override");
}

export type ExchangeVendorRow = { vendor: Vendor; live: number; exchanging: number; exchangingLive: number; documents: number; studies: number };
export type ExchangeSummary = {
  month: string;
  total: Omit<ExchangeVendorRow, "vendor">;
  byVendor: ExchangeVendorRow[];
  /** The last 12 months up to `month`, oldest first: live at month end and exchanging per vendor. */
  trend: { month: string; live: number; exchanging: number; byVendor: Record<Vendor, { live: number; exchanging: number }> }[];
};

/**
 * Live versus exchanging for a month (`YYYY-MM`): an institution exchanges when its vendor
 * reported at least one retrieval (document or study, in or out) with another infrastructure in
 * that month. Live = the step "go_live" verified by the end of the month. Grouped by the
 * institution's current vendor.
 */
export async function exchangeSummary(db: Executor, month: string, opts: { scope?: InstitutionScope } = {}): Promise<ExchangeSummary> {
  const months: string[] = [month];
  while (months.length < 12) months.unshift(previousMonth(months[0]));
  const scopeWhere = opts.scope ? institutionScopeWhere(opts.scope) : undefined;
  const [volumes, lives] = await Promise.all([
    db
      .select({
        institutionId: exchangeVolumes.institutionId,
        month: exchangeVolumes.month,
        vendorCode: institutions.vendorCode,
        documents: sql<number>`sum(${exchangeVolumes.documents})::int`,
        studies: sql<number>`sum(${exchangeVolumes.studies})::int`,
      })
      .from(exchangeVolumes)
      .innerJoin(institutions, eq(institutions.id, exchangeVolumes.institutionId))
      .where(and(inArray(exchangeVolumes.month, months), sql`${exchangeVolumes.counterpart} is distinct from ${institutions.vendorCode}`, scopeWhere))
      .groupBy(exchangeVolumes.institutionId, exchangeVolumes.month, institutions.vendorCode),
    db
      .select({ institutionId: onboardingSteps.institutionId, verifiedAt: onboardingSteps.verifiedAt, vendorCode: institutions.vendorCode })
      .from(onboardingSteps)
      .innerJoin(institutions, eq(institutions.id, onboardingSteps.institutionId))
      .where(and(eq(onboardingSteps.stepCode, GO_LIVE_STEP), eq(onboardingSteps.state, "verified"), scopeWhere)),
  ]);
  const zero = () => ({ live: 0, exchanging: 0 });
  const trend = months.map((m) => {
    const end = amsterdamMonthRange(m).end;
    const liveIds = new Set(lives.filter((l) => l.verifiedAt && l.verifiedAt < end).map((l) => l.institutionId));
    const byVendor = Object.fromEntries(VENDOR_CODES.map((v) => [v, zero()])) as Record<Vendor, { live: number; exchanging: number }>;
    for (const l of lives) if (liveIds.has(l.institutionId) && isVendorCode(l.vendorCode)) byVendor[l.vendorCode].live += 1;
    for (const v of volumes) if (v.month === m && v.documents + v.studies > 0 && isVendorCode(v.vendorCode)) byVendor[v.vendorCode].exchanging += 1;
    return { month: m, live: liveIds.size, exchanging: volumes.filter((v) => v.month === m && v.documents + v.studies > 0).length, byVendor };
  });
  const end = amsterdamMonthRange(month).end;
  const liveNow = new Set(lives.filter((l) => l.verifiedAt && l.verifiedAt < end).map((l) => l.institutionId));
  const byVendor: ExchangeVendorRow[] = VENDOR_CODES.map((vendor) => {
    const vol = volumes.filter((v) => v.month === month && v.vendorCode === vendor && v.documents + v.studies > 0);
    return {
      vendor,
      live: lives.filter((l) => l.vendorCode === vendor && liveNow.has(l.institutionId)).length,
      exchanging: vol.length,
      exchangingLive: vol.filter((v) => liveNow.has(v.institutionId)).length,
      documents: vol.reduce((s, v) => s + v.documents, 0),
      studies: vol.reduce((s, v) => s + v.studies, 0),
    };
  });
  const sum = (k: keyof Omit<ExchangeVendorRow, "vendor">) => byVendor.reduce((s, r) => s + r[k], 0);
  return { month, total: { live: liveNow.size, exchanging: sum("exchanging"), exchangingLive: sum("exchangingLive"), documents: sum("documents"), studies: sum("studies") }, byVendor, trend };
}

/** The month of `at` (Amsterdam) whose figures are complete: the previous one. */
export function lastCompleteMonth(at: Date): string {
  return previousMonth(amsterdamMonthOf(at));
}

/** The volumes reported for one institution, newest month first. */
export async function listExchangeVolumes(db: Executor, institutionId: string) {
  return db
    .select({
      month: exchangeVolumes.month,
      direction: exchangeVolumes.direction,
      counterpart: exchangeVolumes.counterpart,
      counterpartName: vendors.name,
      documents: exchangeVolumes.documents,
      studies: exchangeVolumes.studies,
      reportedBy: exchangeVolumes.reportedBy,
      reportedAt: exchangeVolumes.reportedAt,
    })
    .from(exchangeVolumes)
    .innerJoin(vendors, eq(vendors.code, exchangeVolumes.counterpart))
    .where(eq(exchangeVolumes.institutionId, institutionId))
    .orderBy(desc(exchangeVolumes.month), exchangeVolumes.direction, exchangeVolumes.counterpart);
}

/** Confirmations of one institution, newest first (the evidence trail on the institution page). */
export async function listConfirmations(db: Executor, institutionId: string) {
  return db
    .select({
      id: goLiveConfirmations.id,
      exchangedOn: goLiveConfirmations.exchangedOn,
      confirmerKind: goLiveConfirmations.confirmerKind,
      partnerName: sql<string | null>`(select p.name from institutions p where p.id = ${goLiveConfirmations.partnerInstitutionId})`,
      vendorName: sql<string | null>`(select v.name from vendors v where v.code = ${goLiveConfirmations.vendorCode})`,
      note: goLiveConfirmations.note,
      actorLabel: goLiveConfirmations.actorLabel,
      createdAt: goLiveConfirmations.createdAt,
    })
    .from(goLiveConfirmations)
    .where(eq(goLiveConfirmations.institutionId, institutionId))
    .orderBy(desc(goLiveConfirmations.createdAt), desc(goLiveConfirmations.id))
    .limit(20);
}

function isVendorCode(v: string | null): v is Vendor {
  return v !== null && (VENDOR_CODES as readonly string[]).includes(v);
}

function group<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** A text[] as PGlite may return it for a raw query (`{a,b}`). */
function parsePgArray(v: string): string[] {
  const inner = v.replace(/^\{|\}$/g, "");
  return inner ? inner.split(",").map((s) => s.replace(/^"|"$/g, "")) : [];
}

/**
 * Institutions on another infrastructure than `vendorCode` that may be named as the partner of a
 * confirmation: all of them for the programme, else only the caller's own institutions.
 */
export async function listPartnerOptions(db: Executor, opts: { vendorCode: string; onlyIds: readonly string[] | null }) {
  if (opts.onlyIds && opts.onlyIds.length === 0) return [];
  return db
    .select({ id: institutions.id, name: institutions.name })
    .from(institutions)
    .where(and(sql`${institutions.vendorCode} is not null and ${institutions.vendorCode} <> ${opts.vendorCode}`, opts.onlyIds ? inArray(institutions.id, [...opts.onlyIds]) : undefined))
    .orderBy(institutions.name);
}

export type GoLiveAttentionItem = {
  institutionId: string;
  name: string;
  vendorCode: string | null;
  status: "live_attention" | "live_override";
  /** The changes that call for a retest (may be empty when a condition lapsed without one). */
  retestReasons: GoLiveEvaluation["retestReasons"];
  /** The conditions that do not hold now, with their evidence detail. */
  failing: GoLiveEvaluation["conditions"];
  override: GoLiveEvaluation["override"];
};

export type GoLiveDashboard = {
  at: Date;
  counts: GoLiveConditionCounts;
  /** Live institutions whose gate no longer holds (hertest nodig) or that stand on an override. */
  attention: GoLiveAttentionItem[];
  /** Live versus exchanging in the last complete month (the DTO report's month too). */
  exchange: ExchangeSummary;
};

/**
 * The dashboard's go-live figures for `at`: one evaluation of every institution (counts and the
 * attention list come from the same run, so they agree) and live versus exchanging.
 */
export async function loadGoLiveDashboard(db: Executor, at: Date, opts: { scope?: InstitutionScope; settings?: GoLiveSettings } = {}): Promise<GoLiveDashboard> {
  const [all, exchange] = await Promise.all([loadGoLive(db, { at, scope: opts.scope, settings: opts.settings }), exchangeSummary(db, lastCompleteMonth(at), { scope: opts.scope })]);
  const attention: GoLiveAttentionItem[] = all.flatMap((i) =>
    i.evaluation.status === "live_attention" || i.evaluation.status === "live_override"
      ? [{ institutionId: i.institutionId, name: i.name, vendorCode: i.vendorCode, status: i.evaluation.status, retestReasons: i.evaluation.retestReasons, failing: i.evaluation.conditions.filter((c) => !c.met), override: i.evaluation.override }]
      : [],
  );
  return { at, counts: countsOf(all), attention, exchange };
}

function countsOf(all: readonly InstitutionGoLive[]): GoLiveConditionCounts {
  const byVendor = Object.fromEntries([...VENDOR_CODES, "none"].map((v) => [v, countGoLive(all.filter((i) => (i.vendorCode ?? "none") === v).map((i) => i.evaluation))])) as Record<Vendor | "none", GoLiveCounts>;
  return { ...countGoLive(all.map((i) => i.evaluation)), byVendor, institutions: all.length };
}

/**
 * A version (the change counter in O(1), lib/ops/data-version.ts; while a write is under way the
 * fingerprint below) of the programme's own go-live evidence: institutions, readiness, steps and their
 * history, endpoints and their versions, confirmations, overrides, exchange volumes, and the
 * newest audit event (every user action writes one in its transaction). A write to any of them
 * changes it. The checker's results (rollups, certificates, health) are not in it: they change
 * with every check, so a cache keyed by this also needs a short lifetime (lib/dashboard/model.ts).
 */
export async function getGoLiveDataVersion(db: Executor): Promise<string> {
  return dataVersion(db, goLiveFingerprint);
}

async function goLiveFingerprint(db: Executor): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    db,
    sql`select concat_ws('|',
      (select coalesce(max(id), 0) from audit_events),
      (select coalesce(max(id), 0) || ':' || count(*) from onboarding_step_events),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from onboarding_steps),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from institutions),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from institution_readiness),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from endpoints),
      (select count(*) || ':' || coalesce(max(at)::text, '') from endpoint_versions),
      (select count(*) || ':' || coalesce(max(created_at)::text, '') from go_live_confirmations),
      (select count(*) || ':' || coalesce(max(created_at)::text, '') || ':' || coalesce(max(withdrawn_at)::text, '') from go_live_overrides),
      (select coalesce(max(id), 0) || ':' || count(*) || ':' || coalesce(max(reported_at)::text, '') from exchange_volumes)) as v`,
  );
  return String(row?.v ?? "");
}
