/**
 * A throwaway PostgreSQL server for the test runner (tests/run.ts) and the benchmarks
 * (scripts/bench/support.ts): the newest local server binaries, a temp folder, run as the
 * `postgres` user when we are root (initdb refuses root), TCP on 127.0.0.1 (postgres.js ignores
 * a socket dir in the URL). Plus a free port and a fresh database on a server.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** The bin folder of the newest PostgreSQL server installed from Debian's packages, if any. */
export function findPgBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], "bin") : null;
}

export type ThrowawayPostgres = { url: string; port: number; stop: () => void };

/**
 * Starts a server (trust auth, user `postgres`) and answers its admin URL and how to stop it
 * (stop also removes the folder). Throws with a message that says what to install or set.
 */
export async function startThrowawayPostgres(opts: { tmpPrefix: string; settings: Record<string, string | number>; port?: number }): Promise<ThrowawayPostgres> {
  const bin = findPgBin();
  if (!bin) throw new Error("no PostgreSQL server binaries found. Install them (apt-get install -y postgresql) or set TEST_PG_URL=postgres://user@127.0.0.1:PORT/postgres.");
  const isRoot = process.getuid?.() === 0;
  const asPg = (cmd: string, args: string[]): SpawnSyncReturns<string> =>
    isRoot ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" });
  if (isRoot && spawnSync("id", ["postgres"]).status !== 0) throw new Error("running as root but there is no `postgres` user to run the server as (apt-get install -y postgresql creates it).");
  const dir = mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix));
  if (isRoot) {
    const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  const data = path.join(dir, "data");
  const init = asPg(path.join(bin, "initdb"), ["-D", data, "--auth=trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = opts.port ?? (await freePort());
  const settings = Object.entries({ listen_addresses: "127.0.0.1", ...opts.settings }).map(([k, v]) => ` -c ${k}=${v}`).join("");
  const start = asPg(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir}${settings}`, "start"]);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr || start.stdout}`);
  const stop = () => {
    asPg(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop };
}

/** Drops (forcefully) and creates database `name` on the server of `adminUrl`; answers its URL. */
export async function recreateDatabase(adminUrl: string, name: string): Promise<string> {
  const { default: postgres } = await import("postgres");
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${name} with (force)`);
  await sql.unsafe(`create database ${name}`);
  await sql.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
