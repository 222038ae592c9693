/**
 * The directory clock: the instants that FHIR `meta.lastUpdated`, `_history?_since=` and a
 * replica's sync point are made of, so that "a full load plus `_history?_since=<the first
 * page's meta.lastUpdated>` never misses a change".
 *
 * The danger is a change stamped *before* a replica's sync point but committed *after* the
 * replica read: `_since` would skip it and the page read did not see it. So:
 *
 * - every write of an endpoint or an institution (what FHIR serves) first takes the exclusive
 *   directory lock (a transaction-level advisory lock, held until commit) and stamps its change
 *   with `stampDirectoryChange`: never earlier than the database clock at that moment;
 * - a reader takes the same lock shared, reads the database clock (`directorySyncPoint`) and
 *   releases it. No write is in progress then, so every change stamped before that instant is
 *   committed and visible to the page reads that follow, and every later write is stamped at or
 *   after it (the database clock is the one clock both sides read; milliseconds, as FHIR
 *   instants and JavaScript dates carry them).
 *
 * The lock is taken before any row lock, so writers cannot deadlock on it.
 */
import { sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";

/** Advisory-lock key of directory writes (727xxx: the portal's lock keys). */
export const DIRECTORY_LOCK = 727010;

const rows = (r: unknown): Record<string, unknown>[] => (Array.isArray(r) ? r : ((r as { rows?: Record<string, unknown>[] }).rows ?? []));

async function clockMs(tx: Executor): Promise<number> {
  const [row] = rows(await tx.execute(sql`select floor(extract(epoch from clock_timestamp()) * 1000)::float8 as ms`));
  return Number(row.ms);
}

/**
 * In a write transaction, as its first statement: serialises directory writes until commit and
 * returns the instant to stamp the change with: `now`, or the database clock when that is later.
 */
export async function stampDirectoryChange(tx: Executor, now: Date): Promise<Date> {
  await tx.execute(sql`select pg_advisory_xact_lock(${DIRECTORY_LOCK})`);
  return new Date(Math.max(now.getTime(), await clockMs(tx)));
}

/**
 * A reader's sync point: every change stamped before it is committed (and visible to queries run
 * after this returns), every change committed later is stamped at or after it.
 */
export async function directorySyncPoint(db: Db): Promise<Date> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock_shared(${DIRECTORY_LOCK})`);
    return new Date(await clockMs(tx));
  });
}
