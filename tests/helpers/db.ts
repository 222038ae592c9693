/**
 * A database per test file, copied from a snapshot that is built once per run:
 *
 *   createTestDb({ from: "empty" | "migrated" | "seeded" })
 *
 * - "empty":    nothing in it (the tests of migrating itself);
 * - "migrated": the committed migrations and the reference data (the default);
 * - "seeded":   migrated plus the demo data of db/seed (seedDemoData), as `npm start` has it.
 *
 * PGlite (TEST_DB=pglite, the default): an in-memory PGlite loaded from a dumpDataDir() tarball.
 * Postgres (TEST_DB=postgres): `CREATE DATABASE … TEMPLATE` from a template database, dropped
 * afterwards. Refuses to create or drop databases on anything but a local server.
 *
 * tests/run.ts builds the snapshots once (prepareSnapshots below, in its own process) and hands
 * their location to every test process in TEST_SNAPSHOT_DIR / TEST_PG_TEMPLATE_PREFIX. A test
 * file run on its own (`node --import tsx --test tests/integration/x.test.ts`) builds what it
 * needs in-process, once, so nothing depends on the runner.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { openDatabase, setDbHandleForTests, type DbHandle } from "@/db/client";
import { migrateDatabase } from "@/lib/database";
import { resetEnvCache } from "@/lib/env";

// Second-factor secrets are sealed with a key derived from AUTH_SECRET (the demo seed, enrolment):
// tests get a fixed one unless the environment brings its own.
process.env.AUTH_SECRET ||= "integration-only-secret-0123456789-abcdef";
// lib/env.ts reads the environment once; a module imported before this file may already have.
resetEnvCache();

export type Snapshot = "empty" | "migrated" | "seeded";
export type TestDb = DbHandle & { url?: string; dispose: () => Promise<void> };

export function testTarget(): "pglite" | "postgres" {
  return process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
}

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host) && process.env.TEST_ALLOW_REMOTE_DB !== "1") {
    throw new Error(`Refusing to create test databases on ${host}: tests only touch a local Postgres (set TEST_ALLOW_REMOTE_DB=1 to override).`);
  }
}

function withDatabase(adminUrl: string, name: string) {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Brings a database to a snapshot's content. `migrated`: it already holds the "migrated" snapshot
 * (a copy of it), so a "seeded" one only needs the demo seed.
 */
async function fill(handle: DbHandle, from: Snapshot, opts: { url?: string; migrated?: boolean } = {}) {
  if (from === "empty") return;
  if (!opts.migrated) await migrateDatabase(handle, opts.url);
  if (from === "seeded") {
    const { seedDemoData } = await import("@/db/seed");
    await seedDemoData(handle.db);
  }
}

// ---------------------------------------------------------------------------------------------
// PGlite: tarballs

const pgliteFile = (dir: string, from: Snapshot) => path.join(dir, `pglite-${from}.tar`);
const inProcess = new Map<Snapshot, Promise<Blob>>();

/** Builds a snapshot; "seeded" starts from the "migrated" one when it is given. */
async function buildPgliteSnapshot(from: Snapshot, migrated?: Blob): Promise<Blob> {
  const h = openDatabase({ kind: "pglite-memory", loadDataDir: from === "seeded" ? migrated : undefined });
  try {
    await fill(h, from, { migrated: from === "seeded" && migrated !== undefined });
    const pg = (h.db as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } }).$client;
    return await pg.dumpDataDir("none");
  } finally {
    await h.close();
  }
}

async function pgliteSnapshot(from: Snapshot): Promise<Blob> {
  const dir = process.env.TEST_SNAPSHOT_DIR;
  if (dir && existsSync(pgliteFile(dir, from))) return new Blob([readFileSync(pgliteFile(dir, from))]);
  let p = inProcess.get(from);
  if (!p) inProcess.set(from, (p = from === "seeded" ? pgliteSnapshot("migrated").then((m) => buildPgliteSnapshot("seeded", m)) : buildPgliteSnapshot(from)));
  return p;
}

// ---------------------------------------------------------------------------------------------
// Postgres: template databases

/** The template database of a snapshot, when tests/run.ts prepared them. */
function templateName(from: Snapshot): string | null {
  const prefix = process.env.TEST_PG_TEMPLATE_PREFIX;
  return prefix ? `${prefix}_${from}` : null;
}

async function createPostgresDb(from: Snapshot): Promise<{ handle: DbHandle; url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_PG_URL;
  if (!adminUrl) throw new Error("TEST_DB=postgres needs TEST_PG_URL (tests/run.ts sets it)");
  assertLocal(adminUrl);
  const name = `duo_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const template = templateName(from);
  await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = withDatabase(adminUrl, name);
  const handle = openDatabase({ kind: "postgres", url, max: 4 });
  if (!template) await fill(handle, from, { url });
  return {
    handle,
    url,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

// ---------------------------------------------------------------------------------------------

export async function createTestDb(opts: { from?: Snapshot; install?: boolean } = {}): Promise<TestDb> {
  const from = opts.from ?? "migrated";
  let handle: TestDb;
  if (testTarget() === "pglite") {
    const h = openDatabase({ kind: "pglite-memory", loadDataDir: from === "empty" ? undefined : await pgliteSnapshot(from) });
    handle = { ...h, dispose: () => h.close() };
  } else {
    const { handle: h, url, drop } = await createPostgresDb(from);
    handle = {
      ...h,
      url,
      dispose: async () => {
        await h.close();
        await drop();
      },
    };
  }
  // Code under test that calls getDb() gets this database too.
  if (opts.install !== false) setDbHandleForTests(handle);
  return handle;
}

/** A data folder for the embedded database, filled from a snapshot (tests of folders: backup, locks). */
export async function createPgliteFolder(dir: string, from: Exclude<Snapshot, "empty">): Promise<DbHandle> {
  return openDatabase({ kind: "pglite", dir, loadDataDir: await pgliteSnapshot(from) });
}

/** A new Postgres database from a snapshot, for tests that manage their own connections (backup). */
export async function createPostgresDatabase(from: Exclude<Snapshot, "empty">): Promise<{ url: string; drop: () => Promise<void> }> {
  const { handle, url, drop } = await createPostgresDb(from);
  await handle.close();
  return { url, drop };
}

/**
 * Builds the snapshots for one run (called by tests/run.ts in a child process): PGlite tarballs
 * in `dir`, and on Postgres template databases `<prefix>_migrated` / `<prefix>_seeded`.
 */
export async function prepareSnapshots(opts: { dir?: string; pgAdminUrl?: string; pgPrefix?: string }) {
  const jobs: Promise<void>[] = [];
  if (opts.dir) {
    const dir = opts.dir;
    mkdirSync(dir, { recursive: true });
    jobs.push(
      (async () => {
        let migrated: Blob | undefined;
        for (const from of ["migrated", "seeded"] as const) {
          const blob = await buildPgliteSnapshot(from, migrated);
          if (from === "migrated") migrated = blob;
          const tmp = `${pgliteFile(dir, from)}.partial`;
          writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
          renameSync(tmp, pgliteFile(dir, from));
        }
      })(),
    );
  }
  if (opts.pgAdminUrl && opts.pgPrefix) {
    const adminUrl = opts.pgAdminUrl;
    const prefix = opts.pgPrefix;
    assertLocal(adminUrl);
    jobs.push(
      (async () => {
        const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
        try {
          for (const from of ["migrated", "seeded"] as const) {
            const name = `${prefix}_${from}`;
            await admin.unsafe(`drop database if exists ${name} with (force)`);
            // The seeded template starts as a copy of the migrated one.
            await admin.unsafe(from === "seeded" ? `create database ${name} template ${prefix}_migrated` : `create database ${name}`);
            const url = withDatabase(adminUrl, name);
            const h = openDatabase({ kind: "postgres", url, max: 2 });
            try {
              await fill(h, from, { url, migrated: from === "seeded" });
            } finally {
              await h.close();
            }
          }
        } finally {
          await admin.end({ timeout: 5 });
        }
      })(),
    );
  }
  await Promise.all(jobs);
}

/** Drops the template databases of a run. */
export async function dropSnapshots(pgAdminUrl: string, pgPrefix: string) {
  const admin = postgres(pgAdminUrl, { max: 1, onnotice: () => {} });
  try {
    for (const from of ["migrated", "seeded"] as const) await admin.unsafe(`drop database if exists ${pgPrefix}_${from} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

// `node --import tsx tests/helpers/db.ts prepare|drop` (tests/run.ts)
if (require.main === module) {
  const [cmd] = process.argv.slice(2);
  const env = process.env;
  const run =
    cmd === "prepare"
      ? prepareSnapshots({ dir: env.TEST_SNAPSHOT_DIR, pgAdminUrl: env.TEST_PG_URL, pgPrefix: env.TEST_PG_TEMPLATE_PREFIX })
      : cmd === "drop"
        ? dropSnapshots(env.TEST_PG_URL!, env.TEST_PG_TEMPLATE_PREFIX!)
        : Promise.reject(new Error(`unknown command ${cmd}: prepare | drop`));
  run.then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
