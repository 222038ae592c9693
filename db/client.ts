/**
 * The database: PGlite (embedded Postgres in a local folder) when DATABASE_URL is unset,
 * postgres.js against a real Postgres otherwise. One instance per process, kept on globalThis
 * so dev reloads do not open the folder twice.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { env, type Env } from "@/lib/env";
import * as schema from "./schema";
import { acquireDataDirLock } from "./lock";
import { preparedByDefault } from "./prepared";
import { preparedPglite } from "./pglite-prepared";
import { cacheFileSizes, type EmscriptenFsModule } from "./pglite-size-cache";

/** Both drivers expose the same query builder; the postgres.js type is used for both. */
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  /** Human-readable location (folder or host/database), never the password. */
  where: string;
  close: () => Promise<void>;
};

export type OpenOptions =
  | { kind: "postgres"; url: string; max?: number }
  | { kind: "pglite"; dir: string; /** a dumpDataDir() tarball to start from (tests, restores) */ loadDataDir?: Blob; sharedBuffers?: string }
  | { kind: "pglite-memory"; loadDataDir?: Blob; sharedBuffers?: string };

/** PGLITE_SHARED_BUFFERS' default (lib/env.ts): PGlite's own is Postgres' 128MB. */
export const DEFAULT_PGLITE_SHARED_BUFFERS = "32MB";

/**
 * PGlite's options: its WASM memory grows to hold shared_buffers and is never given back, so
 * the page cache is bounded (measured: 128MB → 16MB took ~190 MB off the RSS of a 40 MB table).
 */
function pgliteOptions(opts: { loadDataDir?: Blob; sharedBuffers?: string }) {
  return {
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${opts.sharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS}`],
  };
}

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export function describeUrl(url: string) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "postgres";
  }
}

export function openDatabase(opts: OpenOptions): DbHandle {
  if (opts.kind === "postgres") {
    const client = preparedByDefault(postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {} }));
    return {
      db: drizzlePostgres(client, { schema }),
      kind: "postgres",
      where: describeUrl(opts.url),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (opts.kind === "pglite-memory") {
    const pg = new PGlite(pgliteOptions(opts));
    preparedPglite(pg);
    return {
      db: drizzlePglite(pg, { schema }) as unknown as Db,
      kind: "pglite",
      where: "memory",
      close: () => pg.close(),
    };
  }
  const dir = path.resolve(opts.dir);
  const release = acquireDataDirLock(dir);
  mkdirSync(dir, { recursive: true });
  const pg = new PGlite(dir, pgliteOptions(opts));
  // drizzle's parameterised queries as named statements: parsed once, then one call per run (db/pglite-prepared.ts).
  preparedPglite(pg);
  // Relation sizes remembered between writes instead of one fstat per seek (db/pglite-size-cache.ts).
  void pg.waitReady.then(() => cacheFileSizes(pg.Module as unknown as EmscriptenFsModule));
  return {
    db: drizzlePglite(pg, { schema }) as unknown as Db,
    kind: "pglite",
    where: dir,
    close: async () => {
      await pg.close();
      release();
    },
  };
}

/**
 * Applies the committed migrations (the schema only; lib/database.ts migrateDatabase adds the
 * reference data). On Postgres an advisory lock serialises concurrent starters.
 */
export async function applyMigrations(handle: DbHandle, url?: string) {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as never, { migrationsFolder });
  } else {
    await migratePostgresLocked(url);
  }
}

async function migratePostgresLocked(url?: string) {
  if (!url) throw new Error("applyMigrations needs the Postgres URL");
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(727001)`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(727001)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Postgres when DATABASE_URL is set, else the embedded PGlite in PGLITE_DIR (lib/env.ts). */
export function optionsFromEnv(source: Pick<Env, "DATABASE_URL" | "PGLITE_DIR"> & Partial<Pick<Env, "PGLITE_SHARED_BUFFERS">> = env()): OpenOptions {
  if (source.DATABASE_URL) return { kind: "postgres", url: source.DATABASE_URL };
  return { kind: "pglite", dir: source.PGLITE_DIR, sharedBuffers: source.PGLITE_SHARED_BUFFERS };
}

type GlobalDb = { handle?: DbHandle; ready?: Promise<void> };
const g = globalThis as unknown as { __duoDb?: GlobalDb };
const state: GlobalDb = (g.__duoDb ??= {});

/** The process-wide database handle, opened on first use from the environment. */
export function getDbHandle(): DbHandle {
  if (!state.handle) state.handle = openDatabase(optionsFromEnv());
  return state.handle;
}

export function getDb(): Db {
  return getDbHandle().db;
}

/**
 * Runs `prepare` once per process (again after a failure); safe to await from many places. The
 * preparation itself (migrations plus reference data) is lib/database.ts ensureDatabaseReady.
 */
export function readyOnce(prepare: () => Promise<void>): Promise<void> {
  if (!state.ready) {
    state.ready = prepare().catch((e) => {
      state.ready = undefined;
      throw e;
    });
  }
  return state.ready;
}

/** Tests swap in their own database (a fresh PGlite or Postgres database per file). */
export function setDbHandleForTests(handle: DbHandle | undefined) {
  state.handle = handle;
  state.ready = handle ? Promise.resolve() : undefined;
}

export async function closeDatabase() {
  const h = state.handle;
  state.handle = undefined;
  state.ready = undefined;
  if (h) await h.close();
}

export { schema };
