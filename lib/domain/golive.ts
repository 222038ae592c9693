/**
 * The go-live gate from evidence (issue 17 §1). Pure: the evidence comes in (step verifications,
 * production endpoints with their daily check counts and certificates, confirmations, changes),
 * the six conditions, the gate and the after-go-live status go out. Dates are `YYYY-MM-DD`
 * (Europe/Amsterdam), instants ISO strings; `at` is the moment of evaluation.
 *
 * Definitions (shown to users, so keep them stable):
 * - Required transactions: ITI-38 and ITI-39 (an image source answers queries and retrieves) and
 *   RAD-75 (it shares images). Every institution in the DUO programme is an image source that
 *   shares images, so all three are required for everyone (`requiredTransactions`).
 * - `production_endpoint_active`: per required transaction an `active` production endpoint whose
 *   period has started and not ended (that is what the FHIR directory publishes).
 * - `endpoint_green_days`: per required endpoint, the days since the last day with a failed check
 *   (or since the first check) are at least N (programme setting, default 14), and the checker
 *   checked it yesterday or today. Checks in a maintenance window or while the checker was offline
 *   are not failures: maintenance does not break the run. Holds since run start + N days.
 * - `certificate_valid`: the certificate of the latest check of every required endpoint was
 *   trusted (chain valid under the trust store, not expired) and expires more than 30 days after `at`.
 * - `ura_match`: that certificate carries the institution's URA.
 * - `cross_infrastructure_exchange_confirmed`: the newest confirmation (partner institution on
 *   another infrastructure, or the vendor) is about a retrieval on or after the last change.
 * - A change ("retest trigger") is a new address or vendor of a production endpoint of a required
 *   transaction, a new certificate fingerprint on one, or a down period longer than the retest
 *   setting (default 24 h). After a change the exchange must be confirmed again.
 * - Status: `not_live` until the step "go_live" is verified; then `live` when all conditions hold,
 *   `live_override` when a programme override stands in for failing conditions, else
 *   `live_attention` ("hertest nodig") with the changes since the last confirmation as reasons.
 */
import { addDays, diffInDays, maxDate, toAmsterdamDate, type IsoDate } from "./dates";

export const GO_LIVE_CONDITIONS = [
  "preconditions_verified",
  "production_endpoint_active",
  "endpoint_green_days",
  "certificate_valid",
  "ura_match",
  "cross_infrastructure_exchange_confirmed",
] as const;
export type GoLiveConditionCode = (typeof GO_LIVE_CONDITIONS)[number];

export const GO_LIVE_TRANSACTIONS = ["iti-38", "iti-39", "rad-75"] as const;
export type GoLiveTransaction = (typeof GO_LIVE_TRANSACTIONS)[number];

/** The transactions an institution's production gateway must offer (see the header). */
export function requiredTransactions(): readonly GoLiveTransaction[] {
  return GO_LIVE_TRANSACTIONS;
}

export const GO_LIVE_STATUSES = ["not_live", "live", "live_attention", "live_override"] as const;
export type GoLiveStatus = (typeof GO_LIVE_STATUSES)[number];

export const RETEST_TRIGGER_KINDS = ["address", "vendor", "certificate", "down"] as const;
export type RetestTriggerKind = (typeof RETEST_TRIGGER_KINDS)[number];

/** Detail codes of a condition (`golive.detail.<code>`), with their parameters. */
export const GO_LIVE_DETAIL_CODES = [
  "preconditions_met",
  "preconditions_missing",
  "endpoints_active",
  "endpoints_missing",
  "green_days_met",
  "green_days_short",
  "green_days_no_checks",
  "certificate_ok",
  "certificate_missing",
  "certificate_untrusted",
  "certificate_expiring",
  "ura_ok",
  "ura_mismatch",
  "exchange_confirmed",
  "exchange_unconfirmed",
  "exchange_stale",
] as const;
export type GoLiveDetailCode = (typeof GO_LIVE_DETAIL_CODES)[number];
export type GoLiveDetail = { code: GoLiveDetailCode; params: Record<string, string | number> };

export type GoLiveSettings = { greenDays: number; retestDownHours: number };
export const DEFAULT_GO_LIVE_SETTINGS: GoLiveSettings = { greenDays: 14, retestDownHours: 24 };
/** A certificate must stay valid at least this many days beyond the evaluation moment. */
export const CERTIFICATE_MIN_DAYS = 30;

/** One Amsterdam day of checks of an endpoint (the checker's daily rollup). */
export type DayCounts = { day: IsoDate; up: number; degraded: number; down: number; excluded: number };
/** What the green run needs of an endpoint's days (the database computes the same in SQL). */
export type DaySummary = { firstDay: IsoDate | null; lastBadDay: IsoDate | null; lastDay: IsoDate | null };

/** A day breaks the run when a check failed outside maintenance and checker-offline time. */
export function summarizeDays(days: readonly DayCounts[]): DaySummary {
  let firstDay: IsoDate | null = null;
  let lastBadDay: IsoDate | null = null;
  let lastDay: IsoDate | null = null;
  for (const d of days) {
    if (d.up + d.degraded + d.down + d.excluded === 0) continue;
    if (firstDay === null || d.day < firstDay) firstDay = d.day;
    if (lastDay === null || d.day > lastDay) lastDay = d.day;
    if (d.down > 0 && (lastBadDay === null || d.day > lastBadDay)) lastBadDay = d.day;
  }
  return { firstDay, lastBadDay, lastDay };
}

/** The current run of days without a failed check: its first day and its length in whole days. */
export function greenRun({ summary, today }: { summary: DaySummary; today: IsoDate }): { start: IsoDate | null; days: number } {
  if (!summary.firstDay || !summary.lastDay || diffInDays(today, summary.lastDay) > 1) return { start: null, days: 0 };
  const start = summary.lastBadDay ? maxDate([addDays(summary.lastBadDay, 1), summary.firstDay])! : summary.firstDay;
  return { start, days: Math.max(0, diffInDays(today, start)) };
}

export type CertificateEvidence = { fingerprint: string; notAfter: string; ura: string | null; trusted: boolean; firstSeenAt: string };

export type EndpointEvidence = {
  transaction: GoLiveTransaction;
  endpointId: string;
  /** Active and inside its period: published in the FHIR directory. */
  published: boolean;
  /** Since when (registration or period start). */
  since: string;
  days: DaySummary;
  /** The certificate of the latest check, null when none was seen. */
  certificate: CertificateEvidence | null;
};

export type ConfirmationEvidence = {
  exchangedOn: IsoDate;
  createdAt: string;
  confirmerKind: "partner_institution" | "vendor";
  /** The partner institution's or vendor's name. */
  confirmedBy: string;
  actorLabel: string;
};

/** A version of a production endpoint (of any of its endpoints over time) for one transaction. */
export type EndpointVersionEvidence = { transaction: GoLiveTransaction; endpointId: string; at: string; url: string; vendorCode: string; status: string };
export type CertificateSighting = { transaction: GoLiveTransaction; endpointId: string; fingerprint: string; firstSeenAt: string };
/** A period in which a production endpoint was down (end null: still down at `at`). */
export type DownPeriod = { transaction: GoLiveTransaction; endpointId: string; start: string; end: string | null };

export type RetestTrigger = { kind: RetestTriggerKind; at: string; transaction: GoLiveTransaction; detail: string | null };

const ms = (iso: string) => Date.parse(iso);

/**
 * The changes that make the exchange need confirming again: a new address or vendor (compared
 * with the previous version for the same transaction, across endpoint replacements), a new
 * certificate fingerprint on the same endpoint, a down period longer than the setting.
 */
export function findRetestTriggers({
  versions,
  certificates,
  downPeriods,
  at,
  settings,
}: {
  versions: readonly EndpointVersionEvidence[];
  certificates: readonly CertificateSighting[];
  downPeriods: readonly DownPeriod[];
  at: string;
  settings: GoLiveSettings;
}): RetestTrigger[] {
  const out: RetestTrigger[] = [];
  for (const tx of GO_LIVE_TRANSACTIONS) {
    const list = versions.filter((v) => v.transaction === tx && v.status === "active").sort((a, b) => ms(a.at) - ms(b.at));
    for (let i = 1; i < list.length; i++) {
      const [prev, cur] = [list[i - 1], list[i]];
      if (cur.url !== prev.url) out.push({ kind: "address", at: cur.at, transaction: tx, detail: cur.url });
      if (cur.vendorCode !== prev.vendorCode) out.push({ kind: "vendor", at: cur.at, transaction: tx, detail: cur.vendorCode });
    }
  }
  const byEndpoint = new Map<string, CertificateSighting[]>();
  for (const c of certificates) byEndpoint.set(c.endpointId, [...(byEndpoint.get(c.endpointId) ?? []), c]);
  for (const list of byEndpoint.values()) {
    const sorted = [...list].sort((a, b) => ms(a.firstSeenAt) - ms(b.firstSeenAt));
    for (const c of sorted.slice(1)) out.push({ kind: "certificate", at: c.firstSeenAt, transaction: c.transaction, detail: c.fingerprint });
  }
  const limit = settings.retestDownHours * 3_600_000;
  for (const p of downPeriods) {
    const end = p.end ?? at;
    if (ms(end) - ms(p.start) > limit) out.push({ kind: "down", at: new Date(ms(p.start) + limit).toISOString(), transaction: p.transaction, detail: p.start });
  }
  return out.filter((t) => ms(t.at) <= ms(at)).sort((a, b) => ms(a.at) - ms(b.at) || a.kind.localeCompare(b.kind));
}

/** Consecutive hours that were down only, as periods; the current down state (since) extends to `at`. */
export function downPeriodsFromHours({
  hours,
  currentDownSince,
  transaction,
  endpointId,
}: {
  /** Starts of the hours (ISO) in which every counted check failed. */
  hours: readonly string[];
  currentDownSince: string | null;
  transaction: GoLiveTransaction;
  endpointId: string;
}): DownPeriod[] {
  const H = 3_600_000;
  const sorted = [...new Set(hours)].map(ms).sort((a, b) => a - b);
  const periods: { start: number; end: number | null }[] = [];
  for (const h of sorted) {
    const last = periods.at(-1);
    if (last && last.end === h) last.end = h + H;
    else periods.push({ start: h, end: h + H });
  }
  if (currentDownSince) {
    const since = ms(currentDownSince);
    const touching = periods.filter((p) => p.end !== null && p.end >= since);
    const start = Math.min(since, ...touching.map((p) => p.start));
    for (const p of touching) periods.splice(periods.indexOf(p), 1);
    periods.push({ start, end: null });
  }
  return periods.map((p) => ({ transaction, endpointId, start: new Date(p.start).toISOString(), end: p.end === null ? null : new Date(p.end).toISOString() }));
}

export type GoLiveOverrideEvidence = { by: string; reason: string; at: string };

export type GoLiveEvidence = {
  ura: string;
  preconditions: { met: boolean; since: IsoDate | null; missing: readonly string[] };
  endpoints: readonly EndpointEvidence[];
  confirmation: ConfirmationEvidence | null;
  triggers: readonly RetestTrigger[];
  goLive: { verified: boolean; at: string | null };
  override: GoLiveOverrideEvidence | null;
};

export type GoLiveCondition = { code: GoLiveConditionCode; met: boolean; since: IsoDate | null; detail: GoLiveDetail };

export type GoLiveEvaluation = {
  gate: "open" | "closed";
  conditions: GoLiveCondition[];
  status: GoLiveStatus;
  override: GoLiveOverrideEvidence | null;
  /** The changes since the last confirmation (the reasons for "hertest nodig"). */
  retestReasons: RetestTrigger[];
  /** May the step "go_live" be verified now: the gate is open or an override stands. */
  mayVerify: boolean;
};

const txList = (txs: readonly string[]) => txs.map((t) => t.toUpperCase()).join(", ");

export function evaluateGoLive({ evidence, at, settings }: { evidence: GoLiveEvidence; at: string; settings: GoLiveSettings }): GoLiveEvaluation {
  const today = toAmsterdamDate(at);
  const required = requiredTransactions();
  const byTx = new Map(evidence.endpoints.filter((e) => e.published).map((e) => [e.transaction, e]));
  const present = required.flatMap((tx) => (byTx.has(tx) ? [byTx.get(tx)!] : []));
  const missingTx = required.filter((tx) => !byTx.has(tx));
  const conditions: GoLiveCondition[] = [];

  const pre = evidence.preconditions;
  conditions.push({
    code: "preconditions_verified",
    met: pre.met,
    since: pre.met ? pre.since : null,
    detail: pre.met ? { code: "preconditions_met", params: {} } : { code: "preconditions_missing", params: { missing: pre.missing.join(", "), count: pre.missing.length } },
  });

  conditions.push({
    code: "production_endpoint_active",
    met: missingTx.length === 0,
    since: missingTx.length === 0 ? maxDate(present.map((e) => toAmsterdamDate(e.since))) : null,
    detail: missingTx.length === 0 ? { code: "endpoints_active", params: { transactions: txList(required) } } : { code: "endpoints_missing", params: { transactions: txList(missingTx), count: missingTx.length } },
  });

  // Green days: every required endpoint; the weakest decides the detail.
  const runs = present.map((e) => ({ e, run: greenRun({ summary: e.days, today }) }));
  const noChecks = runs.filter((r) => r.run.start === null).map((r) => r.e.transaction);
  const shortest = runs.length ? runs.reduce((a, b) => (b.run.days < a.run.days ? b : a)) : null;
  const greenMet = missingTx.length === 0 && runs.every((r) => r.run.start !== null && r.run.days >= settings.greenDays);
  conditions.push({
    code: "endpoint_green_days",
    met: greenMet,
    since: greenMet ? maxDate(runs.map((r) => addDays(r.run.start!, settings.greenDays))) : null,
    detail:
      noChecks.length > 0
        ? { code: "green_days_no_checks", params: { transactions: txList(noChecks), required: settings.greenDays } }
        : greenMet || !shortest
          ? { code: greenMet ? "green_days_met" : "green_days_short", params: { days: shortest?.run.days ?? 0, required: settings.greenDays, transaction: shortest ? shortest.e.transaction.toUpperCase() : "" } }
          : { code: "green_days_short", params: { days: shortest.run.days, required: settings.greenDays, transaction: shortest.e.transaction.toUpperCase() } },
  });

  // Certificates: the one of each required endpoint's latest check.
  const minNotAfter = ms(at) + CERTIFICATE_MIN_DAYS * 86_400_000;
  const noCert = present.filter((e) => !e.certificate).map((e) => e.transaction);
  const untrusted = present.filter((e) => e.certificate && !e.certificate.trusted).map((e) => e.transaction);
  const expiring = present.filter((e) => e.certificate && e.certificate.trusted && ms(e.certificate.notAfter) < minNotAfter);
  const certMet = missingTx.length === 0 && noCert.length === 0 && untrusted.length === 0 && expiring.length === 0;
  const certSince = maxDate(present.flatMap((e) => (e.certificate ? [toAmsterdamDate(e.certificate.firstSeenAt)] : [])));
  const firstExpiry = present.flatMap((e) => (e.certificate ? [e.certificate.notAfter] : [])).sort()[0];
  conditions.push({
    code: "certificate_valid",
    met: certMet,
    since: certMet ? certSince : null,
    detail: noCert.length || missingTx.length
      ? { code: "certificate_missing", params: { transactions: txList([...missingTx, ...noCert]) } }
      : untrusted.length
        ? { code: "certificate_untrusted", params: { transactions: txList(untrusted) } }
        : expiring.length
          ? { code: "certificate_expiring", params: { transactions: txList(expiring.map((e) => e.transaction)), date: toAmsterdamDate(expiring[0].certificate!.notAfter), days: CERTIFICATE_MIN_DAYS } }
          : { code: "certificate_ok", params: { date: firstExpiry ? toAmsterdamDate(firstExpiry) : "" } },
  });

  const wrongUra = present.filter((e) => e.certificate && e.certificate.ura !== evidence.ura);
  const uraMet = missingTx.length === 0 && noCert.length === 0 && wrongUra.length === 0;
  conditions.push({
    code: "ura_match",
    met: uraMet,
    since: uraMet ? certSince : null,
    detail: noCert.length || missingTx.length
      ? { code: "certificate_missing", params: { transactions: txList([...missingTx, ...noCert]) } }
      : wrongUra.length
        ? { code: "ura_mismatch", params: { transactions: txList(wrongUra.map((e) => e.transaction)), found: wrongUra[0].certificate!.ura ?? "-", expected: evidence.ura } }
        : { code: "ura_ok", params: { ura: evidence.ura } },
  });

  const conf = evidence.confirmation;
  const retestReasons = conf ? evidence.triggers.filter((t) => !confirmationCovers(conf, t)) : [...evidence.triggers];
  const confMet = conf !== null && retestReasons.length === 0;
  conditions.push({
    code: "cross_infrastructure_exchange_confirmed",
    met: confMet,
    since: confMet ? toAmsterdamDate(conf.createdAt) : null,
    detail: !conf
      ? { code: "exchange_unconfirmed", params: {} }
      : confMet
        ? { code: "exchange_confirmed", params: { by: conf.confirmedBy, date: conf.exchangedOn, kind: conf.confirmerKind } }
        : { code: "exchange_stale", params: { date: conf.exchangedOn, change: retestReasons[0].kind, changedOn: toAmsterdamDate(retestReasons[0].at) } },
  });

  const open = conditions.every((c) => c.met);
  const status: GoLiveStatus = !evidence.goLive.verified ? "not_live" : open ? "live" : evidence.override ? "live_override" : "live_attention";
  return {
    gate: open ? "open" : "closed",
    conditions,
    status,
    override: evidence.override,
    retestReasons: evidence.goLive.verified ? retestReasons : [],
    mayVerify: open || evidence.override !== null,
  };
}

/** A confirmation covers a change when the retrieval it confirms happened on or after it and was recorded after it. */
function confirmationCovers(conf: ConfirmationEvidence, t: RetestTrigger) {
  return conf.exchangedOn >= toAmsterdamDate(t.at) && ms(conf.createdAt) >= ms(t.at);
}

/** Counts for the dashboard and the DTO report. */
export type GoLiveCounts = {
  conditions: Record<GoLiveConditionCode, number>;
  gateOpen: number;
  live: number;
  liveWithEvidence: number;
  liveAttention: number;
  liveOverride: number;
};

export function countGoLive(evaluations: readonly GoLiveEvaluation[]): GoLiveCounts {
  const conditions = Object.fromEntries(GO_LIVE_CONDITIONS.map((c) => [c, 0])) as Record<GoLiveConditionCode, number>;
  const counts: GoLiveCounts = { conditions, gateOpen: 0, live: 0, liveWithEvidence: 0, liveAttention: 0, liveOverride: 0 };
  for (const e of evaluations) {
    for (const c of e.conditions) if (c.met) conditions[c.code] += 1;
    if (e.gate === "open") counts.gateOpen += 1;
    if (e.status !== "not_live") counts.live += 1;
    if (e.status === "live") counts.liveWithEvidence += 1;
    if (e.status === "live_attention") counts.liveAttention += 1;
    if (e.status === "live_override") counts.liveOverride += 1;
  }
  return counts;
}
