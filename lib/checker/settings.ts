/**
 * Settings of the scheduled checker (not of one probe; those are in config.ts), from the
 * environment, validated with zod:
 *
 * CHECKER_DOWN_AFTER / CHECKER_UP_AFTER   consecutive failing / succeeding checks before a state flips (3 / 2)
 * CHECKER_INTERVAL_SECONDS                default interval per endpoint (300, at least 60)
 * CHECKER_CONCURRENCY                     probes at once per worker (20)
 * CHECKER_RAW_RETENTION_DAYS              raw results kept (30); rollups are kept 5 years
 * CHECKER_GUARD_MIN_ENDPOINTS             distinct endpoints that must all fail at DNS/TCP before the checker calls itself offline (3)
 * CHECKER_SCHEDULER                       "false" disables the in-server scheduler and worker
 * CHECKER_WEBHOOK_URLS / CHECKER_WEBHOOK_SECRET   signed webhooks for state changes and certificate expiry
 * CHECK_NOW_PER_ENDPOINT_SECONDS / CHECK_NOW_PER_USER_PER_HOUR   rate limits of "check now" (15 s / 30)
 */
import { z } from "zod";
import { DEFAULT_DOWN_AFTER, DEFAULT_INTERVAL_SECONDS, DEFAULT_UP_AFTER, MIN_INTERVAL_SECONDS } from "./state";

const empty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const int = (min: number, max: number, def: number) => z.preprocess(empty, z.coerce.number().int().min(min).max(max).default(def));

const schema = z.object({
  CHECKER_DOWN_AFTER: int(1, 100, DEFAULT_DOWN_AFTER),
  CHECKER_UP_AFTER: int(1, 100, DEFAULT_UP_AFTER),
  CHECKER_INTERVAL_SECONDS: int(MIN_INTERVAL_SECONDS, 86_400, DEFAULT_INTERVAL_SECONDS),
  CHECKER_CONCURRENCY: int(1, 500, 20),
  CHECKER_RAW_RETENTION_DAYS: int(1, 3650, 30),
  CHECKER_GUARD_MIN_ENDPOINTS: int(1, 1000, 3),
  CHECKER_SCHEDULER: z.preprocess(empty, z.enum(["true", "false"]).default("true")),
  CHECKER_WEBHOOK_URLS: z.preprocess(empty, z.string().optional()),
  CHECKER_WEBHOOK_SECRET: z.preprocess(empty, z.string().min(16, "at least 16 characters").optional()),
  CHECK_NOW_PER_ENDPOINT_SECONDS: int(0, 3600, 15),
  CHECK_NOW_PER_USER_PER_HOUR: int(1, 10_000, 30),
  CHECKER_DEMO_URA: z.preprocess(empty, z.string().regex(/^\d{8}$/).optional()),
});

export interface RunnerSettings {
  downAfter: number;
  upAfter: number;
  intervalSeconds: number;
  concurrency: number;
  rawRetentionDays: number;
  guardMinEndpoints: number;
  schedulerEnabled: boolean;
  webhooks: { urls: string[]; secret: string | null };
  checkNowPerEndpointSeconds: number;
  checkNowPerUserPerHour: number;
  /** Demo only (set by npm start with the simulator): the URA expected from simulator-backed demo endpoints. */
  demoUra: string | null;
}

export function loadRunnerSettings(env: Record<string, string | undefined> = process.env): RunnerSettings {
  const r = schema.safeParse(env);
  if (!r.success) throw new Error(`Invalid checker settings:\n  ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n  ")}`);
  const e = r.data;
  const urls = (e.CHECKER_WEBHOOK_URLS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const u of urls) {
    let ok = false;
    try {
      ok = ["https:", "http:"].includes(new URL(u).protocol);
    } catch {
      // not a URL at all: ok stays false
    }
    if (!ok) throw new Error(`Invalid checker settings:\n  CHECKER_WEBHOOK_URLS: ${u} is not an http(s) URL`);
  }
  if (urls.length && !e.CHECKER_WEBHOOK_SECRET) throw new Error("Invalid checker settings:\n  CHECKER_WEBHOOK_SECRET is required with CHECKER_WEBHOOK_URLS");
  return {
    downAfter: e.CHECKER_DOWN_AFTER,
    upAfter: e.CHECKER_UP_AFTER,
    intervalSeconds: e.CHECKER_INTERVAL_SECONDS,
    concurrency: e.CHECKER_CONCURRENCY,
    rawRetentionDays: e.CHECKER_RAW_RETENTION_DAYS,
    guardMinEndpoints: e.CHECKER_GUARD_MIN_ENDPOINTS,
    schedulerEnabled: e.CHECKER_SCHEDULER === "true",
    webhooks: { urls, secret: e.CHECKER_WEBHOOK_SECRET ?? null },
    checkNowPerEndpointSeconds: e.CHECK_NOW_PER_ENDPOINT_SECONDS,
    checkNowPerUserPerHour: e.CHECK_NOW_PER_USER_PER_HOUR,
    demoUra: e.CHECKER_DEMO_URA ?? null,
  };
}

let cached: RunnerSettings | null = null;
export function getRunnerSettings(): RunnerSettings {
  cached ??= loadRunnerSettings();
  return cached;
}
/** Tests and the demo start change the environment after first use. */
export function resetRunnerSettings() {
  cached = null;
}
