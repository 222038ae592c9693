/**
 * Pure rules of the checker's bookkeeping: health transitions with thresholds, maintenance
 * windows, the self-check guard, schedule slots with jitter, uptime from rollups.
 * No I/O and no clock: `now` comes in.
 */
import type { MaintenanceWindow } from "@/db/schema/endpoints";
import type { CheckStatus, ReasonCode } from "./verdicts";

export type HealthStatus = "unknown" | "up" | "degraded" | "down";

export const DEFAULT_DOWN_AFTER = 3;
export const DEFAULT_UP_AFTER = 2;
export const DEFAULT_INTERVAL_SECONDS = 300;
export const MIN_INTERVAL_SECONDS = 60;

export interface HealthCounters {
  status: HealthStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
}

export interface TransitionInput {
  current: HealthCounters;
  observed: CheckStatus;
  downAfter: number;
  upAfter: number;
  /** In a maintenance window or while the checker is offline: record, never move. */
  suppressed: boolean;
}

export interface TransitionOutput extends HealthCounters {
  changed: boolean;
  from: HealthStatus;
}

/**
 * A failure is a `down` check; `up` and `degraded` are successes.
 * - unknown: the first check decides at once (there is no known state to protect from flapping);
 * - up/degraded: down after `downAfter` consecutive failures; up <-> degraded follows the check at once;
 * - down: back to the observed status after `upAfter` consecutive successes.
 * Suppressed checks leave state and counters alone (a maintenance window does not count towards
 * the threshold, and a check after it starts from where the endpoint was).
 */
export function nextHealth(input: TransitionInput): TransitionOutput {
  const { current, observed } = input;
  const from = current.status;
  if (input.suppressed) return { ...current, changed: false, from };
  const failed = observed === "down";
  const failures = failed ? current.consecutiveFailures + 1 : 0;
  const successes = failed ? 0 : current.consecutiveSuccesses + 1;
  let status: HealthStatus = current.status;
  if (current.status === "unknown") status = observed;
  else if (current.status === "down") {
    if (!failed && successes >= Math.max(1, input.upAfter)) status = observed;
  } else if (failed) {
    if (failures >= Math.max(1, input.downAfter)) status = "down";
  } else status = observed;
  return { status, consecutiveFailures: failures, consecutiveSuccesses: successes, changed: status !== from, from };
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const amsterdamParts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** ISO weekday (1 = Monday) and "HH:MM" of an instant in Europe/Amsterdam. */
export function amsterdamWeekTime(now: Date): { day: number; time: string } {
  const parts = Object.fromEntries(amsterdamParts.formatToParts(now).map((p) => [p.type, p.value]));
  return { day: WEEKDAY[parts.weekday as string], time: `${parts.hour}:${parts.minute}` };
}

/** The window that covers `now`, if any. Weekly windows are Amsterdam wall-clock times, end exclusive. */
export function activeMaintenanceWindow(windows: readonly MaintenanceWindow[], now: Date): MaintenanceWindow | null {
  const t = now.getTime();
  let week: { day: number; time: string } | null = null;
  for (const w of windows) {
    if (w.kind === "once") {
      if (Date.parse(w.start) <= t && t < Date.parse(w.end)) return w;
    } else {
      week ??= amsterdamWeekTime(now);
      if (week.day === w.day && w.start <= week.time && week.time < w.end) return w;
    }
  }
  return null;
}

/** Reasons at the layers the checker's own network decides: if all checks fail here, suspect ourselves. */
export const NETWORK_REASONS: readonly ReasonCode[] = ["dns_failed", "connect_refused", "connect_timeout"];

export function isNetworkFailure(r: { status: CheckStatus; reason: string | null }): boolean {
  return r.status === "down" && r.reason !== null && (NETWORK_REASONS as readonly string[]).includes(r.reason);
}

export interface GuardInput {
  /** Results of this sweep. */
  sweep: ReadonlyArray<{ endpointId: string; status: CheckStatus; reason: string | null }>;
  /** Other endpoints' recent results (the rest of the current sweep period). */
  recent: { total: number; networkFailures: number; endpoints: number };
  /** At least this many distinct endpoints must have been tried before we blame ourselves. */
  minEndpoints: number;
}

/**
 * The self-check guard: when every check across at least `minEndpoints` distinct endpoints
 * failed at DNS/TCP, the checker's own network is the likeliest cause.
 */
export function checkerLooksOffline(input: GuardInput): boolean {
  if (input.sweep.length === 0) return false;
  if (!input.sweep.every(isNetworkFailure)) return false;
  if (input.recent.networkFailures < input.recent.total) return false;
  const distinct = new Set(input.sweep.map((s) => s.endpointId)).size + input.recent.endpoints;
  return distinct >= input.minEndpoints;
}

/** Deterministic per-endpoint jitter in [0, interval): spreads checks evenly over the interval. */
export function jitterSeconds(endpointId: string, intervalSeconds: number): number {
  let h = 2166136261;
  for (let i = 0; i < endpointId.length; i++) {
    h ^= endpointId.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % Math.max(1, intervalSeconds);
}

export function clampInterval(seconds: number | null | undefined): number {
  if (!seconds || !Number.isFinite(seconds)) return DEFAULT_INTERVAL_SECONDS;
  return Math.max(MIN_INTERVAL_SECONDS, Math.round(seconds));
}

/** The slot (integer) an endpoint is in at `now`, and when that slot started. */
export function currentSlot(endpointId: string, intervalSeconds: number, now: Date): { slot: number; dueAt: Date } {
  const interval = clampInterval(intervalSeconds);
  const offset = jitterSeconds(endpointId, interval);
  const slot = Math.floor((now.getTime() / 1000 - offset) / interval);
  return { slot, dueAt: new Date((slot * interval + offset) * 1000) };
}

export interface RollupCounts {
  up: number;
  degraded: number;
  down: number;
  excluded: number;
}

/** Availability in percent: up and degraded count as available; excluded checks do not count. null without data. */
export function uptimePercent(rows: readonly RollupCounts[]): number | null {
  let ok = 0;
  let all = 0;
  for (const r of rows) {
    ok += r.up + r.degraded;
    all += r.up + r.degraded + r.down;
  }
  return all === 0 ? null : (ok / all) * 100;
}

/** Certificate expiry thresholds (days) that trigger a notification, largest first. */
export const CERT_EXPIRY_THRESHOLDS = [30, 14, 7] as const;

/** The smallest threshold the certificate has crossed, or null (not yet within 30 days). */
export function certExpiryThreshold(daysLeft: number | null): (typeof CERT_EXPIRY_THRESHOLDS)[number] | null {
  if (daysLeft === null) return null;
  let hit: (typeof CERT_EXPIRY_THRESHOLDS)[number] | null = null;
  for (const t of CERT_EXPIRY_THRESHOLDS) if (daysLeft <= t) hit = t;
  return hit;
}
