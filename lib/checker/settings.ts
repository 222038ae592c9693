/**
 * Settings of the scheduled checker (not of one probe; those are in config.ts): the variables
 * below from the one schema (lib/env.ts, which holds their syntax, ranges and defaults), as the
 * runner, the scheduler and "check now" use them:
 *
 * CHECKER_DOWN_AFTER / CHECKER_UP_AFTER   consecutive failing / succeeding checks before a state flips (3 / 2)
 * CHECKER_INTERVAL_SECONDS                default interval per endpoint (300, at least 60)
 * CHECKER_CONCURRENCY                     probes at once per worker (20)
 * CHECKER_RAW_RETENTION_DAYS              raw results kept (30); rollups are kept 5 years
 * CHECKER_GUARD_MIN_ENDPOINTS             distinct endpoints that must all fail at DNS/TCP before the checker calls itself offline (3)
 * CHECKER_SCHEDULER                       "false" disables the in-server scheduler and worker
 * CHECKER_JOB_EXPIRE_SECONDS              a taken check job not finished within this long goes to another process (300)
 * CHECKER_DELIVERY_TICK_SECONDS           how often each checker process sends the due notifications of the outbox (30)
 * CHECKER_WEBHOOK_URLS / CHECKER_WEBHOOK_SECRET   programme-wide default webhooks (signed JSON) for state changes and certificate expiry; alert rules (/alerts) add more
 * CHECK_NOW_PER_ENDPOINT_SECONDS / CHECK_NOW_PER_USER_PER_HOUR   rate limits of "check now" (15 s / 30)
 */
import { EnvError, env, readEnv, resetEnvCache, type EnvSource } from "@/lib/env";

const RUNNER_KEYS = [
  "CHECKER_DOWN_AFTER",
  "CHECKER_UP_AFTER",
  "CHECKER_INTERVAL_SECONDS",
  "CHECKER_CONCURRENCY",
  "CHECKER_RAW_RETENTION_DAYS",
  "CHECKER_GUARD_MIN_ENDPOINTS",
  "CHECKER_SCHEDULER",
  "CHECKER_JOB_EXPIRE_SECONDS",
  "CHECKER_DELIVERY_TICK_SECONDS",
  "CHECKER_WEBHOOK_URLS",
  "CHECKER_WEBHOOK_SECRET",
  "CHECK_NOW_PER_ENDPOINT_SECONDS",
  "CHECK_NOW_PER_USER_PER_HOUR",
] as const;

export interface RunnerSettings {
  downAfter: number;
  upAfter: number;
  intervalSeconds: number;
  concurrency: number;
  rawRetentionDays: number;
  guardMinEndpoints: number;
  schedulerEnabled: boolean;
  /** How long a taken check job may run before pg-boss expires it and retries it elsewhere. */
  jobExpireSeconds: number;
  /** How often the outbox (mails, webhooks, in-portal notifications) is sent. */
  deliveryTickSeconds: number;
  webhooks: { urls: string[]; secret: string | null };
  checkNowPerEndpointSeconds: number;
  checkNowPerUserPerHour: number;
}

function readRunnerEnv(source?: EnvSource) {
  try {
    return readEnv(RUNNER_KEYS, source);
  } catch (err) {
    if (err instanceof EnvError) throw new Error(`Invalid checker settings:\n  ${err.problems.join("\n  ")}`);
    throw err;
  }
}

/** The settings from lib/env.ts, or from `source` when given (tests, benchmarks). */
export function loadRunnerSettings(source?: EnvSource): RunnerSettings {
  const e = readRunnerEnv(source);
  return {
    downAfter: e.CHECKER_DOWN_AFTER,
    upAfter: e.CHECKER_UP_AFTER,
    intervalSeconds: e.CHECKER_INTERVAL_SECONDS,
    concurrency: e.CHECKER_CONCURRENCY,
    rawRetentionDays: e.CHECKER_RAW_RETENTION_DAYS,
    guardMinEndpoints: e.CHECKER_GUARD_MIN_ENDPOINTS,
    schedulerEnabled: e.CHECKER_SCHEDULER === "true",
    jobExpireSeconds: e.CHECKER_JOB_EXPIRE_SECONDS,
    deliveryTickSeconds: e.CHECKER_DELIVERY_TICK_SECONDS,
    webhooks: { urls: e.CHECKER_WEBHOOK_URLS, secret: e.CHECKER_WEBHOOK_SECRET ?? null },
    checkNowPerEndpointSeconds: e.CHECK_NOW_PER_ENDPOINT_SECONDS,
    checkNowPerUserPerHour: e.CHECK_NOW_PER_USER_PER_HOUR,
  };
}

let cached: { from: object; settings: RunnerSettings } | null = null;
/** The process-wide settings, recomputed only when the environment is read again (resetEnvCache). */
export function getRunnerSettings(): RunnerSettings {
  const from = env();
  if (cached?.from !== from) cached = { from, settings: loadRunnerSettings() };
  return cached.settings;
}
/** Tests and the demo start change the environment after first use: read it again. */
export function resetRunnerSettings() {
  resetEnvCache();
  cached = null;
}
