/**
 * Backup and restore of the whole database. PGlite: its own data-dir dump (a gzipped tarball)
 * taken from a closed folder; Postgres: pg_dump/pg_restore in custom format. Both restore into
 * an EMPTY target only, so a restore never mixes with existing data.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { acquireDataDirLock } from "@/db/lock";

export class BackupError extends Error {}

function pgBin(name: string): string {
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin", name))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(base, versions[0], "bin", name);
  }
  return name; // on PATH, or a clear ENOENT below
}

function run(cmd: string, args: string[]) {
  const res = spawnSync(cmd, args, { encoding: "utf8" });
  if (res.error) throw new BackupError(`${path.basename(cmd)} could not be started (${(res.error as NodeJS.ErrnoException).code}); install the PostgreSQL client tools.`);
  if (res.status !== 0) throw new BackupError(`${path.basename(cmd)} failed: ${(res.stderr || res.stdout).trim().split("\n").slice(-3).join(" ")}`);
}

export async function backupPglite(opts: { dir: string; out: string }) {
  if (!existsSync(opts.dir)) throw new BackupError(`No embedded database at ${opts.dir}.`);
  const release = acquireDataDirLock(opts.dir); // refuses while the portal is running on it
  try {
    const pg = new PGlite(opts.dir);
    await pg.waitReady; // dumpDataDir on a database that is still opening never resolves
    const dump = await pg.dumpDataDir("gzip");
    await pg.close();
    writeFileSync(opts.out, Buffer.from(await dump.arrayBuffer()));
  } finally {
    release();
  }
}

export async function restorePglite(opts: { file: string; dir: string }) {
  if (existsSync(opts.dir) && readdirSync(opts.dir).length > 0) {
    throw new BackupError(`${opts.dir} is not empty. Restore into a new folder (set PGLITE_DIR) or move the old one away first.`);
  }
  mkdirSync(opts.dir, { recursive: true });
  const release = acquireDataDirLock(opts.dir);
  try {
    const blob = new Blob([readFileSync(opts.file)], { type: "application/x-gzip" });
    const pg = new PGlite(opts.dir, { loadDataDir: blob });
    await pg.waitReady;
    await pg.query("select 1");
    await pg.close();
  } finally {
    release();
  }
}

export function backupPostgres(opts: { url: string; out: string }) {
  run(pgBin("pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", `--file=${opts.out}`, `--dbname=${opts.url}`]);
}

export function restorePostgres(opts: { file: string; url: string }) {
  run(pgBin("pg_restore"), ["--no-owner", "--no-privileges", "--exit-on-error", `--dbname=${opts.url}`, opts.file]);
}
