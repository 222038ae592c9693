/**
 * The scheduled checker on pg-boss 10.
 *
 * - Scheduler (server role): every SCHEDULER_TICK_MS it enqueues, for each active endpoint whose
 *   current slot has not been enqueued yet, one job with a deterministic id derived from
 *   endpoint × slot. pg-boss inserts with ON CONFLICT DO NOTHING, so several servers (or a
 *   restart) never enqueue a slot twice. Slots are per endpoint: interval (default 5 min, at
 *   least 1 min) shifted by a stable per-endpoint jitter, so checks spread over the interval.
 * - Worker (server and `npm run worker`): fetches up to CHECKER_CONCURRENCY jobs at a time and
 *   runs them as one sweep (`runChecks`), so concurrency is bounded per process.
 * - Housekeeping: notification delivery every 30 s; retention hourly; the notification centre
 *   (lib/notifications, server role) queues daily digests every minute when a user's hour has
 *   come and tells editors about passed planned dates hourly.
 * - Monthly availability (issue 15 §2): every hour the server offers a job to freeze the last
 *   finished Europe/Amsterdam month (FREEZE_QUEUE, one job id per month and day, so it runs at
 *   most daily per month; `freezeMonth` is idempotent and turns late data into an audited
 *   revision). It runs in the first hour after the month ends and again on the following days
 *   of the raw window, catching checks recorded late.
 * - Event reminders (issue 18 §3): every hour the server offers a job (EVENT_REMINDER_QUEUE, one
 *   job id per Amsterdam day and hour) that hands the day-before reminders of events to the
 *   notification outbox (lib/events/reminders.ts; once per registration however often it runs).
 *
 * On PGlite pg-boss runs on the server's own PGlite instance (one connection, queries serialised
 * by PGlite); on Postgres it uses its own small pool.
 */
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Db, DbHandle } from "@/db/client";
import { endpointHealth, endpoints } from "@/db/schema";
import { log } from "@/lib/log";
import { setWorkerStatus } from "@/lib/ops/status";
import { deliverDueNotifications } from "./notify";
import { runRetention } from "./retention";
import { freezeMonth } from "./availability";
import { amsterdamMonthOf, previousMonth } from "@/lib/domain/availability";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { runChecks } from "./runner";
import { queueDueDigests } from "@/lib/notifications/service";
import { notifyPassedPlannedDates } from "@/lib/notifications/events";
import { amsterdamHour } from "@/lib/domain/notifications";
import { sendEventReminders } from "@/lib/events/reminders";
import { notifyInfrastructureChanges } from "@/lib/status/service";
import { env } from "@/lib/env";
import { getRunnerSettings, type RunnerSettings } from "./settings";
import { clampInterval, currentSlot } from "./state";

export const CHECK_QUEUE = "checker-check";
export const FREEZE_QUEUE = "availability-freeze";
export const EVENT_REMINDER_QUEUE = "event-reminders";
/** Days after a month ends on which its freeze runs again (late checks, then nothing changes). */
const FREEZE_REPEAT_DAYS = 3;
const SCHEDULER_TICK_MS = 15_000;
/** How often the infrastructures' automatic states are compared with the last ones (issue 16 §2). */
const INFRASTRUCTURE_TICK_MS = 60_000;
const RETENTION_TICK_MS = 3_600_000;
const DIGEST_TICK_MS = 60_000;

type PgliteLike = {
  query: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
  exec: (text: string) => Promise<Array<{ rows: unknown[] }>>;
};

/** pg-boss's Db interface over PGlite: parameterised statements via query, multi-statement scripts via exec. */
export function pgliteBossDb(pg: PgliteLike): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length) return (await pg.query(text, values)) as { rows: unknown[] };
      const results = await pg.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  } as PgBoss.Db;
}

/** A stable UUID for endpoint × slot: the idempotency key of a scheduled check. */
export function jobIdFor(endpointId: string, slot: number): string {
  return stableUuid(`check:${endpointId}:${slot}`);
}

/** A UUID (version 5 layout) derived from a key: pg-boss job ids that make enqueueing idempotent. */
function stableUuid(key: string): string {
  const h = createHash("sha1").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/**
 * A check job taken by a process that then dies (SIGKILL, a lost machine) stays `active` until it
 * expires (CHECKER_JOB_EXPIRE_SECONDS, 300); pg-boss's maintenance, which runs at least that often,
 * then puts it back for retry after at most 30 s, and another process takes it. Production: the
 * job is checked again within ~10 minutes; the scale-out test sets 10 s.
 */
export function checkJobTiming(settings: Pick<RunnerSettings, "jobExpireSeconds">) {
  const expireInSeconds = settings.jobExpireSeconds;
  return { expireInSeconds, retryDelay: Math.min(30, expireInSeconds), maintenanceIntervalSeconds: Math.min(300, expireInSeconds) };
}

export function createBoss(handle: Pick<DbHandle, "db" | "kind">, url?: string): PgBoss {
  const { maintenanceIntervalSeconds } = checkJobTiming(getRunnerSettings());
  const common = { schema: "pgboss", schedule: false, supervise: true, maintenanceIntervalSeconds, archiveCompletedAfterSeconds: 3600, deleteAfterDays: 2 } as const;
  let boss: PgBoss;
  if (handle.kind === "pglite") {
    const client = (handle.db as unknown as { $client: PgliteLike }).$client;
    boss = new PgBoss({ ...common, db: pgliteBossDb(client) });
  } else {
    if (!url) throw new Error("pg-boss on Postgres needs DATABASE_URL");
    boss = new PgBoss({ ...common, connectionString: url, max: 3, application_name: "duo-checker" });
  }
  // pg-boss reports errors as "error" events, and an EventEmitter without a listener throws them.
  // stop() does not wait for a maintenance or monitor query already under way, so one may fail
  // after its pool has closed: without this listener that crashed the process (an integration
  // file on Postgres under load). Every boss logs them instead.
  boss.on("error", (e) => log.error("checker.boss_error", { message: (e as Error).message?.slice(0, 200) }));
  return boss;
}

/** Advisory lock key of pg-boss's set-up (the migrations take 727001, db/client.ts). */
const BOSS_SETUP_LOCK = 727002;

/**
 * Starts pg-boss and makes sure the queues exist. On first start pg-boss creates its schema and
 * each queue its own partition of the job table; several processes doing that at once on a fresh
 * database can deadlock ("deadlock detected", seen when two instances and two workers start
 * together). On Postgres they take turns under an advisory lock, held by a transaction of the
 * portal's own pool while pg-boss works on its connections; PGlite is one process.
 */
export async function startBossOnce(handle: DbHandle, boss: PgBoss) {
  if (handle.kind === "pglite") {
    await boss.start();
    await ensureQueue(boss);
    return;
  }
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOSS_SETUP_LOCK})`);
    await boss.start();
    await ensureQueue(boss);
  });
}

export async function ensureQueue(boss: PgBoss) {
  const existing = await boss.getQueue(CHECK_QUEUE);
  // Each job carries its own expiry and retry delay (enqueueDueChecks), so a changed setting also
  // holds for a queue created before; these are the queue's defaults.
  const { expireInSeconds, retryDelay } = checkJobTiming(getRunnerSettings());
  if (!existing) await boss.createQueue(CHECK_QUEUE, { name: CHECK_QUEUE, policy: "standard", retryLimit: 1, retryDelay, expireInSeconds });
  if (!(await boss.getQueue(FREEZE_QUEUE))) await boss.createQueue(FREEZE_QUEUE, { name: FREEZE_QUEUE, policy: "standard", retryLimit: 3, retryDelay: 300, expireInSeconds: 900 });
  if (!(await boss.getQueue(EVENT_REMINDER_QUEUE))) await boss.createQueue(EVENT_REMINDER_QUEUE, { name: EVENT_REMINDER_QUEUE, policy: "standard", retryLimit: 3, retryDelay: 300, expireInSeconds: 900 });
}

/**
 * Offers the run of the event reminders for this Amsterdam day and hour (deterministic job id:
 * several servers, or a restart, never enqueue it twice). Returns the job's key.
 */
export async function enqueueEventReminders(boss: PgBoss, now: Date): Promise<string> {
  const key = `event-reminders:${toAmsterdamDate(now)}:${amsterdamHour(now)}`;
  await boss.insert([{ id: stableUuid(key), name: EVENT_REMINDER_QUEUE, data: {}, singletonKey: key, expireInSeconds: 900 }] as never);
  return key;
}

/**
 * Offers the freeze of the last finished month, once per Amsterdam day in the first
 * FREEZE_REPEAT_DAYS days of the new month (deterministic job id: several servers, or a
 * restart, never enqueue it twice). Returns the month offered, or null.
 */
export async function enqueueMonthFreeze(boss: PgBoss, now: Date): Promise<string | null> {
  const today = toAmsterdamDate(now);
  if (Number(today.slice(8, 10)) > FREEZE_REPEAT_DAYS) return null;
  const month = previousMonth(amsterdamMonthOf(now));
  await boss.insert([{ id: stableUuid(`freeze:${month}:${today}`), name: FREEZE_QUEUE, data: { month }, singletonKey: `freeze:${month}:${today}`, expireInSeconds: 900 }] as never);
  return month;
}

/** Enqueues the endpoints whose current slot is not enqueued yet. Returns how many jobs were offered. */
export async function enqueueDueChecks(db: Db, boss: PgBoss, opts: { now: Date; settings: RunnerSettings }): Promise<number> {
  const rows = await db
    .select({ id: endpoints.id, interval: endpointHealth.intervalSeconds, lastSlot: endpointHealth.lastSlot, hasHealth: endpointHealth.endpointId })
    .from(endpoints)
    .leftJoin(endpointHealth, eq(endpointHealth.endpointId, endpoints.id))
    .where(eq(endpoints.status, "active"));
  const due: Array<{ id: string; slot: number; hasHealth: boolean }> = [];
  for (const r of rows) {
    const { slot } = currentSlot(r.id, clampInterval(r.interval ?? opts.settings.intervalSeconds), opts.now);
    if (r.lastSlot === null || r.lastSlot < slot) due.push({ id: r.id, slot, hasHealth: r.hasHealth !== null });
  }
  if (due.length === 0) return 0;
  const { expireInSeconds, retryDelay } = checkJobTiming(opts.settings);
  for (let i = 0; i < due.length; i += 500) {
    const chunk = due.slice(i, i + 500);
    await boss.insert(
      chunk.map((d) => ({ id: jobIdFor(d.id, d.slot), name: CHECK_QUEUE, data: { endpointId: d.id, slot: d.slot }, singletonKey: `${d.id}:${d.slot}`, expireInSeconds, retryDelay })) as never,
    );
    const missing = chunk.filter((d) => !d.hasHealth);
    if (missing.length) await db.insert(endpointHealth).values(missing.map((d) => ({ endpointId: d.id, intervalSeconds: opts.settings.intervalSeconds }))).onConflictDoNothing();
    await db.execute(
      sql`update ${endpointHealth} set last_slot = v.slot from (values ${sql.join(
        chunk.map((d) => sql`(${d.id}::uuid, ${d.slot}::bigint)`),
        sql`, `,
      )}) as v(id, slot) where ${endpointHealth.endpointId} = v.id and (${endpointHealth.lastSlot} is null or ${endpointHealth.lastSlot} < v.slot)`,
    );
  }
  return due.length;
}

export interface CheckerService {
  role: "server" | "worker";
  boss: PgBoss;
  stop(): Promise<void>;
}

const GLOBAL_KEY = "__duoCheckerService";
type G = { [GLOBAL_KEY]?: Promise<CheckerService> };

export function runningCheckerService(): Promise<CheckerService> | undefined {
  return (globalThis as G)[GLOBAL_KEY];
}

/** Starts (once per process) pg-boss, the worker, housekeeping, and in the server role the scheduler. */
export function startCheckerService(opts: { handle: DbHandle; url?: string; role: "server" | "worker" }): Promise<CheckerService> {
  const g = globalThis as G;
  g[GLOBAL_KEY] ??= start(opts).catch((e) => {
    delete g[GLOBAL_KEY];
    setWorkerStatus("failed", (e as Error).message?.slice(0, 200));
    throw e;
  });
  return g[GLOBAL_KEY]!;
}

async function start(opts: { handle: DbHandle; url?: string; role: "server" | "worker" }): Promise<CheckerService> {
  const settings = getRunnerSettings();
  const db = opts.handle.db;
  const boss = createBoss(opts.handle, opts.url);
  await startBossOnce(opts.handle, boss);
  const timers: NodeJS.Timeout[] = [];
  let stopping = false;
  const guard = (name: string, fn: () => Promise<unknown>) => async () => {
    if (stopping) return;
    try {
      await fn();
    } catch (e) {
      log.error(`checker.${name}_failed`, { message: (e as Error).message?.slice(0, 200) });
    }
  };
  let inflight = Promise.resolve() as Promise<unknown>;
  const every = (ms: number, name: string, fn: () => Promise<unknown>, runNow = false) => {
    const run = guard(name, fn);
    // Ticks of one kind never overlap: a slow tick delays the next instead of piling up.
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      inflight = run().finally(() => (busy = false));
    };
    timers.push(setInterval(tick, ms));
    if (runNow) setTimeout(tick, 1000).unref();
  };

  await boss.work<{ endpointId: string; slot: number }>(CHECK_QUEUE, { batchSize: settings.concurrency, pollingIntervalSeconds: 2 }, async (jobs) => {
    log.debug("checker.batch", { jobs: jobs.length });
    // The slot of each job goes along: a slot whose check is recorded already (this job was taken
    // before by a process that died after recording it) is not checked again.
    const slots = new Map<string, number>();
    for (const j of jobs) slots.set(j.data.endpointId, Math.max(j.data.slot, slots.get(j.data.endpointId) ?? j.data.slot));
    await runChecks(db, [...slots.keys()], { trigger: "schedule", settings, slots });
  });
  await boss.work<{ month: string }>(FREEZE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 30 }, async (jobs) => {
    for (const j of jobs) {
      const out = await freezeMonth(db, { month: j.data.month, now: new Date() });
      log.info("availability.frozen", out);
    }
  });
  await boss.work(EVENT_REMINDER_QUEUE, { batchSize: 1, pollingIntervalSeconds: 30 }, async () => {
    const sent = await sendEventReminders(db, { now: new Date() });
    if (sent) log.info("events.reminders_sent", { sent });
  });
  every(settings.deliveryTickSeconds * 1000, "deliver", () => deliverDueNotifications(db, { settings }));
  if (opts.role === "server") {
    every(SCHEDULER_TICK_MS, "schedule", () => enqueueDueChecks(db, boss, { now: new Date(), settings }), true);
    every(RETENTION_TICK_MS, "retention", () => runRetention(db, { now: new Date(), rawRetentionDays: settings.rawRetentionDays }));
    every(RETENTION_TICK_MS, "freeze", () => enqueueMonthFreeze(boss, new Date()), true);
    // Notification centre (issue 18): daily digests when a user's hour has come, passed planned dates hourly.
    every(DIGEST_TICK_MS, "digest", () => queueDueDigests(db, { now: new Date() }), true);
    every(RETENTION_TICK_MS, "planned_dates", () => notifyPassedPlannedDates(db, { now: new Date() }), true);
    every(RETENTION_TICK_MS, "event_reminders", () => enqueueEventReminders(boss, new Date()), true);
    // Status-page subscribers hear of the checker's automatic infrastructure state changes.
    every(INFRASTRUCTURE_TICK_MS, "infrastructure_status", () => notifyInfrastructureChanges(db, { now: new Date(), baseUrl: env().APP_URL.replace(/\/$/, "") }));
  }
  log.info("checker.started", { role: opts.role, db: opts.handle.kind, concurrency: settings.concurrency });
  setWorkerStatus("running"); // read by /api/ready (WORKER_REQUIRED)

  return {
    role: opts.role,
    boss,
    async stop() {
      if (stopping) return;
      stopping = true;
      setWorkerStatus("stopping");
      for (const t of timers) clearInterval(t);
      await inflight.catch(() => {});
      // Graceful: let running checks finish (bounded), then close pg-boss's pool.
      await boss.stop({ graceful: true, wait: true, timeout: 8000 }).catch(() => {});
      delete (globalThis as G)[GLOBAL_KEY];
      setWorkerStatus("stopped");
      log.info("checker.stopped", { role: opts.role });
    },
  };
}

