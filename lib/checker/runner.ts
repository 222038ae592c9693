/**
 * Runs checks for endpoint rows and records them: the raw result, the certificate seen, the
 * health transition (thresholds), the hourly/daily rollups and the notifications to send, all
 * for one result in ONE transaction. Probes run outside any transaction (they take seconds).
 *
 * A call with several endpoints is a sweep: the self-check guard looks at the whole sweep plus
 * the other endpoints' results of the last interval, and when everything failed at DNS/TCP it
 * marks the checker offline and records the results without moving any endpoint.
 */
import { and, desc, eq, gt, inArray, notInArray, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "@/db/client";
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
  type CheckResultRow,
  type Endpoint,
  type EndpointHealth,
} from "@/db/schema";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { log } from "@/lib/log";
import { getCheckerConfig, type CheckerConfig } from "./config";
import { probeEndpoint, type ProbeOptions, type ProbeResult } from "./probe";
import { getRunnerSettings, type RunnerSettings } from "./settings";
import { toXcaTransaction } from "./soap";
import { activeMaintenanceWindow, certExpiryThreshold, checkerLooksOffline, isNetworkFailure, NETWORK_REASONS, nextHealth, type HealthStatus } from "./state";
import { enqueueCertificateNotifications, enqueueRuleEvent, enqueueStateNotifications } from "./notify";
import { keepFullResult, packSamples } from "./samples";
import { notifyCertificateExpiry, notifyEndpointHealth } from "@/lib/notifications/events";

export type CheckTrigger = "schedule" | "user" | "api";

export interface RunOptions {
  trigger: CheckTrigger;
  /** The person behind a "check now" (audited). */
  actor?: AuditActor | null;
  now?: () => Date;
  config?: CheckerConfig;
  settings?: RunnerSettings;
  /** Replaces the real probe (tests of the bookkeeping). */
  probe?: (opts: ProbeOptions) => Promise<ProbeResult>;
  /**
   * Scheduled checks: the schedule slot each endpoint is checked for. An endpoint whose recorded
   * slot (endpoint_health.checked_slot) is already at or past it is neither probed nor recorded,
   * so a retried job never records the same endpoint × slot twice.
   */
  slots?: ReadonlyMap<string, number>;
}

export interface RecordedCheck {
  endpointId: string;
  result: ProbeResult;
  /**
   * The stored full result row, or null for a routine scheduled check that lives only as a
   * packed sample in the hourly rollup (samples.ts keepFullResult; checks by people and tokens are always stored).
   */
  row: CheckResultRow | null;
  health: { status: HealthStatus; changed: boolean; from: HealthStatus };
  suppressed: "maintenance" | "checker_offline" | null;
}

export interface SweepOutcome {
  checks: RecordedCheck[];
  checkerOffline: boolean;
}

type Target = { endpoint: Endpoint; ura: string; health: EndpointHealth | null; chain: NonNullable<ProbeOptions["chain"]> | null };

/**
 * The endpoints with, for query mode, the community's other addresses (the same institution's
 * active ITI-38/ITI-39/RAD-75 endpoints in the same environment): the chain runs over them.
 */
async function loadTargets(db: Executor, ids: readonly string[]): Promise<Target[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ endpoint: endpoints, ura: institutions.ura, health: endpointHealth })
    .from(endpoints)
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .leftJoin(endpointHealth, eq(endpointHealth.endpointId, endpoints.id))
    .where(inArray(endpoints.id, [...ids]));
  const queryInstitutions = [...new Set(rows.filter((r) => r.endpoint.probeMode === "query").map((r) => r.endpoint.institutionId))];
  const siblings =
    queryInstitutions.length === 0
      ? []
      : await db
          .select({ institutionId: endpoints.institutionId, environment: endpoints.environment, transaction: endpoints.transaction, url: endpoints.url })
          .from(endpoints)
          .where(and(inArray(endpoints.institutionId, queryInstitutions), eq(endpoints.status, "active")));
  const urlOf = (e: Endpoint, transaction: Endpoint["transaction"]) =>
    siblings.find((s) => s.institutionId === e.institutionId && s.environment === e.environment && s.transaction === transaction)?.url ?? null;
  return rows.map((r) => ({
    ...r,
    chain:
      r.endpoint.probeMode === "query"
        ? { queryUrl: urlOf(r.endpoint, "iti-38"), retrieveUrl: urlOf(r.endpoint, "iti-39"), imagingUrl: urlOf(r.endpoint, "rad-75") }
        : null,
  }));
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Probes and records a set of endpoints (a sweep). Unknown ids are ignored. */
export async function runChecks(db: Db, endpointIds: readonly string[], opts: RunOptions): Promise<SweepOutcome> {
  const now = opts.now ?? (() => new Date());
  const config = opts.config ?? getCheckerConfig();
  const settings = opts.settings ?? getRunnerSettings();
  const probe = opts.probe ?? probeEndpoint;
  const slots = opts.slots;
  const alreadyChecked = (t: Target) => {
    const slot = slots?.get(t.endpoint.id);
    return slot !== undefined && t.health?.checkedSlot != null && t.health.checkedSlot >= slot;
  };
  const targets = (await loadTargets(db, endpointIds)).filter((t) => !alreadyChecked(t));
  if (targets.length === 0) return { checks: [], checkerOffline: false };

  const results = await mapLimit(targets, settings.concurrency, (t) =>
    probe({
      ...config,
      url: t.endpoint.url,
      mode: t.endpoint.probeMode,
      // The registered transaction decides the request (issue 15); query mode chains over the siblings.
      transaction: toXcaTransaction(t.endpoint.transaction) ?? "iti38",
      chain: t.chain,
      expectedUra: t.ura,
      homeCommunityId: t.endpoint.homeCommunityId,
      timeoutMs: t.health?.timeoutMs ?? config.timeoutMs,
      slowMs: t.health?.slowMs ?? config.slowMs,
      now,
    }),
  );

  const offline = await evaluateGuard(db, targets, results, settings, now());
  const checks: RecordedCheck[] = [];
  for (let i = 0; i < targets.length; i++) {
    try {
      const recorded = await recordCheck(db, targets[i], results[i], { ...opts, settings, now, checkerOffline: offline });
      if (recorded) checks.push(recorded);
    } catch (e) {
      log.error("checker.record_failed", { endpointId: targets[i].endpoint.id, message: (e as Error).message?.slice(0, 200) });
      if (targets.length === 1) throw e;
    }
  }
  return { checks, checkerOffline: offline };
}

async function evaluateGuard(db: Db, targets: Target[], results: ProbeResult[], settings: RunnerSettings, at: Date): Promise<boolean> {
  const sweep = targets.map((t, i) => ({ endpointId: t.endpoint.id, status: results[i].status, reason: results[i].reason }));
  let offline = false;
  if (sweep.every(isNetworkFailure)) {
    const since = new Date(at.getTime() - settings.intervalSeconds * 1000);
    // The other endpoints' latest checks of the last interval (their health rows: routine checks
    // keep no full result row, issue 15 §3).
    const [recent] = await db
      .select({
        total: sql<number>`count(*)::int`,
        networkFailures: sql<number>`(count(*) filter (where ${endpointHealth.lastStatus} = 'down' and ${inArray(endpointHealth.lastReason, [...NETWORK_REASONS])}))::int`,
        endpoints: sql<number>`count(distinct ${endpointHealth.endpointId})::int`,
      })
      .from(endpointHealth)
      .where(and(gt(endpointHealth.lastCheckedAt, since), notInArray(endpointHealth.endpointId, sweep.map((s) => s.endpointId))));
    offline = checkerLooksOffline({ sweep, recent, minEndpoints: settings.guardMinEndpoints });
  }
  const [state] = await db.select().from(checkerState).where(eq(checkerState.id, CHECKER_STATE_ID));
  const status = offline ? "offline" : "online";
  // A sweep that only saw network failures but too few endpoints to blame ourselves leaves the state alone.
  const decisive = offline || !sweep.every(isNetworkFailure);
  if (!state) {
    await db
      .insert(checkerState)
      .values({ id: CHECKER_STATE_ID, status, since: at, reason: offline ? "network" : null, lastSweepAt: at, updatedAt: at })
      .onConflictDoNothing();
  } else if (decisive && state.status !== status) {
    await db.update(checkerState).set({ status, since: at, reason: offline ? "network" : null, lastSweepAt: at, updatedAt: at }).where(eq(checkerState.id, CHECKER_STATE_ID));
    log.warn(offline ? "checker.offline" : "checker.online", {});
  } else {
    await db.update(checkerState).set({ lastSweepAt: at, updatedAt: at }).where(eq(checkerState.id, CHECKER_STATE_ID));
  }
  return offline;
}

type RecordOpts = RunOptions & { settings: RunnerSettings; now: () => Date; checkerOffline: boolean };

export async function upsertCertificate(tx: Tx, endpointId: string, r: ProbeResult, at: Date): Promise<number | null> {
  const c = r.certificate;
  if (!c.fingerprint || !c.notAfter) return null;
  const [row] = await tx
    .insert(endpointCertificates)
    .values({
      endpointId,
      fingerprint: c.fingerprint,
      subject: c.subject ?? "",
      issuer: c.issuer ?? "",
      notAfter: new Date(c.notAfter),
      ura: c.ura,
      expectedUra: r.expectedUra,
      firstSeenAt: at,
      lastSeenAt: at,
    })
    .onConflictDoUpdate({
      target: [endpointCertificates.endpointId, endpointCertificates.fingerprint],
      set: { lastSeenAt: at, expectedUra: r.expectedUra },
    })
    .returning({ id: endpointCertificates.id });
  return row.id;
}

export type RollupInput = {
  endpointId: string;
  checkedAt: Date;
  status: "up" | "degraded" | "down";
  totalMs: number;
  excluded: boolean;
  /** Why an excluded check is excluded (default maintenance). */
  suppressed?: "maintenance" | "checker_offline" | null;
  /** Whether the check also has a full result row (recorded in its sample). */
  full?: boolean;
};

/** Adds results to the hourly and daily rollups (one upsert per bucket). Used by the runner and the history benchmark. */
export async function applyRollups(tx: Executor, results: readonly RollupInput[]) {
  if (results.length === 0) return;
  type Acc = { endpointId: string; up: number; degraded: number; down: number; excluded: number; checkerOffline: number; sum: number; min: number | null; max: number | null; samples: RollupInput[] };
  const add = (m: Map<string, Acc & { bucket: string }>, bucket: string, r: RollupInput) => {
    const key = `${r.endpointId}|${bucket}`;
    let a = m.get(key);
    if (!a) m.set(key, (a = { endpointId: r.endpointId, bucket, up: 0, degraded: 0, down: 0, excluded: 0, checkerOffline: 0, sum: 0, min: null, max: null, samples: [] }));
    a.samples.push(r);
    if (r.excluded) {
      a.excluded++;
      if (r.suppressed === "checker_offline") a.checkerOffline++;
      return;
    }
    a[r.status]++;
    a.sum += r.totalMs;
    a.min = a.min === null ? r.totalMs : Math.min(a.min, r.totalMs);
    a.max = a.max === null ? r.totalMs : Math.max(a.max, r.totalMs);
  };
  const hours = new Map<string, Acc & { bucket: string }>();
  const days = new Map<string, Acc & { bucket: string }>();
  for (const r of results) {
    const h = new Date(r.checkedAt);
    h.setUTCMinutes(0, 0, 0);
    add(hours, h.toISOString(), r);
    add(days, toAmsterdamDate(r.checkedAt), r);
  }
  const values = (m: Map<string, Acc & { bucket: string }>) => [...m.values()];
  const conflictSet = (t: typeof checkRollupsHourly | typeof checkRollupsDaily) => ({
    ...(t === checkRollupsHourly
      ? { checkerOffline: sql`${checkRollupsHourly.checkerOffline} + excluded.checker_offline`, samples: sql`coalesce(${checkRollupsHourly.samples}, ''::bytea) || excluded.samples` }
      : {}),
    up: sql`${t.up} + excluded.up`,
    degraded: sql`${t.degraded} + excluded.degraded`,
    down: sql`${t.down} + excluded.down`,
    excluded: sql`${t.excluded} + excluded.excluded`,
    totalMsSum: sql`${t.totalMsSum} + excluded.total_ms_sum`,
    totalMsMin: sql`least(${t.totalMsMin}, excluded.total_ms_min)`,
    totalMsMax: sql`greatest(${t.totalMsMax}, excluded.total_ms_max)`,
  });
  const hourRows = values(hours).map((a) => ({
    endpointId: a.endpointId,
    hour: new Date(a.bucket),
    up: a.up,
    degraded: a.degraded,
    down: a.down,
    excluded: a.excluded,
    checkerOffline: a.checkerOffline,
    totalMsSum: a.sum,
    totalMsMin: a.min,
    totalMsMax: a.max,
    samples: packSamples(
      a.samples.map((r) => ({ at: r.checkedAt, status: r.status, suppressed: r.excluded ? (r.suppressed ?? "maintenance") : null, totalMs: r.totalMs, full: r.full ?? true })),
    ),
  }));
  const dayRows = values(days).map((a) => ({ endpointId: a.endpointId, day: a.bucket, up: a.up, degraded: a.degraded, down: a.down, excluded: a.excluded, totalMsSum: a.sum, totalMsMin: a.min, totalMsMax: a.max }));
  for (let i = 0; i < hourRows.length; i += 1000) {
    await tx
      .insert(checkRollupsHourly)
      .values(hourRows.slice(i, i + 1000))
      .onConflictDoUpdate({ target: [checkRollupsHourly.endpointId, checkRollupsHourly.hour], set: conflictSet(checkRollupsHourly) });
  }
  for (let i = 0; i < dayRows.length; i += 1000) {
    await tx
      .insert(checkRollupsDaily)
      .values(dayRows.slice(i, i + 1000))
      .onConflictDoUpdate({ target: [checkRollupsDaily.endpointId, checkRollupsDaily.day], set: conflictSet(checkRollupsDaily) });
  }
}

/** The check_results row for a probe result, exactly as the runner stores it (also used by the history benchmark). */
export function checkResultValues(
  endpointId: string,
  r: ProbeResult,
  meta: { trigger: CheckTrigger; actorUserId: string | null; certificateId: number | null; suppressed: RecordedCheck["suppressed"] },
): typeof checkResults.$inferInsert {
  return {
    endpointId,
    checkedAt: new Date(r.checkedAt),
    status: r.status,
    reason: r.reason,
    reasons: r.reasons,
    warnings: r.warnings,
    mode: r.mode,
    dnsMs: r.phases.dnsMs,
    connectMs: r.phases.connectMs,
    tlsMs: r.phases.tlsMs,
    firstByteMs: r.phases.firstByteMs,
    totalMs: Math.round(r.phases.totalMs),
    tlsProtocol: r.tls.protocol,
    tlsCipher: r.tls.cipher,
    certificateId: meta.certificateId,
    httpStatus: r.httpStatus,
    soap: r.soap.action || r.soap.status || r.soap.fault || r.soap.errors.length ? r.soap : null,
    extra: {
      address: r.address,
      redirectLocation: r.redirectLocation,
      expectedUra: r.expectedUra,
      timeoutMs: r.limits.timeoutMs,
      slowMs: r.limits.slowMs,
      maxBodyBytes: r.limits.maxBodyBytes,
      // Issue 15: the transaction probed, the one an address answered as, and the query-mode chain.
      ...(r.transaction && r.transaction !== "iti38" ? { transaction: r.transaction } : {}),
      ...(r.otherTransaction ? { otherTransaction: r.otherTransaction } : {}),
      ...(r.verdictTransaction ? { verdictTransaction: r.verdictTransaction } : {}),
      ...(r.steps ? { steps: r.steps.map((s) => ({ ...s, detail: s.detail?.slice(0, 300) ?? null })) } : {}),
    },
    detail: r.detail?.slice(0, 500) ?? null,
    trigger: meta.trigger,
    actorUserId: meta.actorUserId,
    suppressed: meta.suppressed,
  };
}

/** Records one probe result; null when its schedule slot was recorded meanwhile by another process (nothing written). */
async function recordCheck(db: Db, target: Target, r: ProbeResult, opts: RecordOpts): Promise<RecordedCheck | null> {
  const at = new Date(r.checkedAt);
  const e = target.endpoint;
  const slot = opts.slots?.get(e.id);
  const window = activeMaintenanceWindow(e.maintenanceWindows, at);
  const suppressed: RecordedCheck["suppressed"] = opts.checkerOffline ? "checker_offline" : window ? "maintenance" : null;

  return db.transaction(async (tx) => {
    // The certificate seen last before this check: a different fingerprint now is a change (alert rules).
    const [previousCert] = r.certificate.fingerprint
      ? await tx.select({ fingerprint: endpointCertificates.fingerprint }).from(endpointCertificates).where(eq(endpointCertificates.endpointId, e.id)).orderBy(desc(endpointCertificates.lastSeenAt)).limit(1)
      : [];
    const certificateId = await upsertCertificate(tx, e.id, r, at);

    // Lock the health row so two workers checking the same endpoint serialise their transitions.
    await tx.insert(endpointHealth).values({ endpointId: e.id, intervalSeconds: opts.settings.intervalSeconds }).onConflictDoNothing();
    const [health] = await tx.select().from(endpointHealth).where(eq(endpointHealth.endpointId, e.id)).for("update");
    // Under the lock: another process recorded this slot while we probed (a job that expired and
    // was taken again). Exactly once per endpoint × slot: this result is dropped.
    if (slot !== undefined && health.checkedSlot !== null && health.checkedSlot >= slot) return null;
    // An older result (a slow check that finished after a newer one) is history, not state.
    const stale = health.lastCheckedAt !== null && health.lastCheckedAt > at;
    const next = nextHealth({
      current: { status: health.status, consecutiveFailures: health.consecutiveFailures, consecutiveSuccesses: health.consecutiveSuccesses },
      observed: r.status,
      downAfter: health.downAfter ?? opts.settings.downAfter,
      upAfter: health.upAfter ?? opts.settings.upAfter,
      suppressed: suppressed !== null || stale,
    });
    // Issue 15 §3: routine checks live only as packed samples; failures, changes, the first check
    // of an hour and checks people asked for keep their full row.
    const full =
      stale ||
      keepFullResult({
        trigger: opts.trigger,
        status: r.status,
        reason: r.reason,
        at,
        previous: { status: health.lastStatus, reason: health.lastReason, at: health.lastCheckedAt },
        healthChanged: next.changed,
      });
    const [row] = full
      ? await tx
          .insert(checkResults)
          .values(checkResultValues(e.id, r, { trigger: opts.trigger, actorUserId: opts.actor?.userId ?? null, certificateId, suppressed }))
          .returning()
      : [null];
    const totalMs = Math.round(r.phases.totalMs);
    // A stale result still uses up its slot (the state update below carries it otherwise).
    if (stale && slot !== undefined) await tx.update(endpointHealth).set({ checkedSlot: slot }).where(eq(endpointHealth.endpointId, e.id));
    if (!stale) {
      await tx
        .update(endpointHealth)
        .set({
          status: next.status,
          since: next.changed || health.since === null ? at : health.since,
          consecutiveFailures: next.consecutiveFailures,
          consecutiveSuccesses: next.consecutiveSuccesses,
          lastCheckedAt: at,
          lastResultId: row?.id ?? health.lastResultId,
          lastStatus: r.status,
          lastReason: r.reason,
          lastTotalMs: totalMs,
          ...(slot !== undefined ? { checkedSlot: slot } : {}),
          updatedAt: at,
        })
        .where(eq(endpointHealth.endpointId, e.id));
    }
    await applyRollups(tx, [{ endpointId: e.id, checkedAt: at, status: r.status, totalMs, excluded: suppressed !== null, suppressed, full: row !== null }]);

    if (next.changed && next.from !== "unknown") {
      await enqueueStateNotifications(tx, { endpoint: e, from: next.from, to: next.status, result: r, resultId: row!.id, at }, opts.settings);
      await notifyEndpointHealth(tx, { endpoint: e, to: next.status, resultId: row!.id, now: at });
    }
    const threshold = certExpiryThreshold(r.certificate.daysLeft);
    if (threshold !== null && r.certificate.fingerprint && suppressed === null) {
      await enqueueCertificateNotifications(tx, { endpoint: e, threshold, result: r, at }, opts.settings);
      if (r.certificate.notAfter) await notifyCertificateExpiry(tx, { endpoint: e, fingerprint: r.certificate.fingerprint, threshold, daysLeft: r.certificate.daysLeft ?? 0, notAfter: r.certificate.notAfter, now: at });
    }
    // Events only alert rules ask for (lib/checker/notify.ts enqueueRuleEvent); each is sent once.
    if (!stale && suppressed === null) {
      if (next.status === "degraded") await enqueueRuleEvent(tx, { event: "degraded", endpoint: e, since: next.changed || health.since === null ? at : health.since, at });
      const fp = r.certificate.fingerprint;
      if (fp && previousCert && previousCert.fingerprint !== fp) await enqueueRuleEvent(tx, { event: "cert_changed", endpoint: e, fingerprint: fp, previousFingerprint: previousCert.fingerprint, at });
      if (fp && r.reasons.includes("ura_mismatch")) await enqueueRuleEvent(tx, { event: "ura_mismatch", endpoint: e, fingerprint: fp, certificateUra: r.certificate.ura, expectedUra: r.expectedUra, at });
    }
    if (opts.actor && opts.trigger !== "schedule") {
      await recordAudit(tx, {
        actor: opts.actor,
        action: "endpoint.check",
        entityType: "endpoint",
        entityId: e.id,
        institutionId: e.institutionId,
        after: { resultId: row?.id ?? null, status: r.status, reason: r.reason, trigger: opts.trigger },
      });
    }
    return { endpointId: e.id, result: r, row, health: { status: next.status, changed: next.changed, from: next.from }, suppressed };
  });
}
