/** The checks behind /api/ready: database reachable, every committed migration applied, worker. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { migrationsFolder } from "@/db/client";
import { getWorkerStatus, isDraining } from "./status";

export type ReadyReport = {
  ready: boolean;
  /** True while the process shuts down (SIGTERM): not ready, whatever the checks say. */
  draining: boolean;
  checks: { database: "ok" | "unreachable"; migrations: { applied: number; expected: number; ok: boolean }; worker: ReturnType<typeof getWorkerStatus> & { required: boolean } };
};

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

const rows = (r: unknown): Record<string, unknown>[] => (Array.isArray(r) ? r : ((r as { rows?: Record<string, unknown>[] }).rows ?? []));

export async function checkReadiness(db: Executor, opts: { workerRequired: boolean }): Promise<ReadyReport> {
  const expected = expectedMigrations();
  let database: "ok" | "unreachable" = "ok";
  let applied = 0;
  try {
    await db.execute(sql`select 1`);
    const r = rows(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
    applied = Number(r[0]?.n ?? 0);
  } catch {
    database = "unreachable";
  }
  const worker = { ...getWorkerStatus(), required: opts.workerRequired };
  const migrationsOk = database === "ok" && applied >= expected;
  const workerOk = !opts.workerRequired || worker.state === "running";
  const draining = isDraining();
  return { ready: !draining && database === "ok" && migrationsOk && workerOk, draining, checks: { database, migrations: { applied, expected, ok: migrationsOk }, worker } };
}
