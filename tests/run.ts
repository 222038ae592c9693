/**
 * `npm test`: the whole suite, in order:
 *   typecheck   tsc --noEmit over the project (the build skips type checking)
 *   unit        node:test, no database
 *   integration node:test on a fresh in-memory PGlite per file, then on a real Postgres
 *   e2e         Playwright in Debian's Chromium against `next start`, on PGlite and on Postgres
 * Pick suites with `npm test -- unit integration`.
 *
 * Real Postgres: TEST_PG_URL (or DATABASE_URL) is used when given; otherwise a throwaway
 * server is started from the local PostgreSQL binaries and stopped at the end. Nothing is
 * skipped silently: when Postgres or Chromium is missing the run fails and says how to fix it.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");
process.chdir(root);

export function listTests(dir: string, suffix = ".test.ts"): string[] {
  const out: string[] = [];
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(suffix)) out.push(path.relative(root, p));
    }
  };
  walk(abs);
  return out;
}

type Result = { suite: string; passed: number; failed: number; ok: boolean; note?: string };
const results: Result[] = [];
const cleanups: (() => void)[] = [];

function fail(suite: string, note: string): Result {
  console.error(`\n✖ ${suite}: ${note}`);
  return { suite, passed: 0, failed: 1, ok: false, note };
}

function runNodeTests(suite: string, files: string[], env: Record<string, string>): Result {
  if (files.length === 0) return fail(suite, "no test files found");
  console.log(`\n▶ ${suite} (${files.length} files)`);
  const res = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...files], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(res.stdout ?? "");
  const passed = Number(/ℹ pass (\d+)/.exec(res.stdout ?? "")?.[1] ?? 0);
  const failed = Number(/ℹ fail (\d+)/.exec(res.stdout ?? "")?.[1] ?? 0);
  const ok = res.status === 0 && failed === 0 && passed > 0;
  return { suite, passed, failed: ok ? 0 : Math.max(failed, 1), ok };
}

function runTypecheck(): Result {
  console.log("\n▶ typecheck (tsc --noEmit)");
  const res = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."], { cwd: root, stdio: "inherit" });
  return res.status === 0 ? { suite: "typecheck", passed: 1, failed: 0, ok: true } : fail("typecheck", "type errors (see above)");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function findPgBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], "bin") : null;
}

/** A throwaway Postgres in a temp dir, run as the `postgres` user when we are root. */
async function startThrowawayPostgres(): Promise<{ url: string } | { error: string }> {
  const bin = findPgBin();
  if (!bin) return { error: "no PostgreSQL server binaries found. Install them (apt-get install -y postgresql) or set TEST_PG_URL=postgres://user@127.0.0.1:PORT/postgres." };
  const isRoot = process.getuid?.() === 0;
  const asPg = (cmd: string, args: string[]): SpawnSyncReturns<string> =>
    isRoot ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" });
  if (isRoot && spawnSync("id", ["postgres"]).status !== 0) return { error: "running as root but there is no `postgres` user to run the server as (apt-get install -y postgresql creates it)." };
  const dir = mkdtempSync(path.join(os.tmpdir(), "duo-test-pg-"));
  if (isRoot) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const init = asPg(path.join(bin, "initdb"), ["-D", data, "--auth=trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  if (init.status !== 0) return { error: `initdb failed: ${init.stderr || init.stdout}` };
  const port = await freePort();
  const start = asPg(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, "start"]);
  if (start.status !== 0) return { error: `pg_ctl start failed: ${start.stderr || start.stdout}` };
  cleanups.push(() => {
    asPg(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
    rmSync(dir, { recursive: true, force: true });
  });
  console.log(`• started a throwaway Postgres on 127.0.0.1:${port}`);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres` };
}

async function postgresUrl(): Promise<{ url: string } | { error: string }> {
  const given = process.env.TEST_PG_URL || process.env.DATABASE_URL;
  if (given) return { url: given };
  return startThrowawayPostgres();
}

function chromiumPath(): string | null {
  const p = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  return existsSync(p) ? p : null;
}

function build(): boolean {
  console.log("\n▶ next build (for the e2e suite)");
  const res = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  return res.status === 0;
}

async function createDatabase(adminUrl: string, name: string) {
  const { default: postgres } = await import("postgres");
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${name} with (force)`);
  await sql.unsafe(`create database ${name}`);
  await sql.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function runE2e(label: string, env: Record<string, string>): Promise<Result> {
  console.log(`\n▶ e2e (${label})`);
  const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/@playwright/test/cli.js"), "test"], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      process.stdout.write(d);
    });
    child.on("close", (code) => resolve({ code: code ?? 1, stdout }));
  });
  const clean = out.stdout.replace(/\x1b\[[0-9;]*m/g, "");
  const passed = Number(/(\d+) passed/.exec(clean)?.[1] ?? 0);
  const failed = Number(/(\d+) failed/.exec(clean)?.[1] ?? 0) + Number(/(\d+) flaky/.exec(clean)?.[1] ?? 0);
  const ok = out.code === 0 && failed === 0 && passed > 0;
  return { suite: `e2e (${label})`, passed, failed: ok ? 0 : Math.max(failed, 1), ok };
}

async function main() {
  const args = process.argv.slice(2);
  const want = (s: string) => args.length === 0 || args.includes(s);
  let pg: { url: string } | { error: string } | undefined;
  const needPg = want("integration") || want("e2e");
  if (needPg && process.env.TEST_SKIP_POSTGRES !== "1") pg = await postgresUrl();

  if (want("typecheck")) results.push(runTypecheck());
  if (want("unit")) results.push(runNodeTests("unit", listTests("tests/unit"), {}));
  if (want("integration")) {
    const files = listTests("tests/integration");
    results.push(runNodeTests("integration (PGlite)", files, { TEST_DB: "pglite" }));
    if (process.env.TEST_SKIP_POSTGRES === "1") results.push(fail("integration (Postgres)", "skipped on request (TEST_SKIP_POSTGRES=1): this run does NOT cover real Postgres"));
    else if (pg && "url" in pg) results.push(runNodeTests("integration (Postgres)", files, { TEST_DB: "postgres", TEST_PG_URL: pg.url }));
    else results.push(fail("integration (Postgres)", `cannot start a real Postgres: ${pg && "error" in pg ? pg.error : "unknown"}`));
  }
  if (want("e2e")) {
    const chromium = chromiumPath();
    if (!chromium) {
      results.push(fail("e2e", `Chromium not found at ${process.env.CHROMIUM_PATH || "/usr/bin/chromium"}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`));
    } else if (!build()) {
      results.push(fail("e2e", "next build failed"));
    } else {
      const tmp = path.join(root, "tests", ".tmp");
      mkdirSync(tmp, { recursive: true });
      const stamp = Date.now().toString(36);
      const pgliteDir = path.join(tmp, `e2e-pglite-${stamp}`);
      cleanups.push(() => rmSync(pgliteDir, { recursive: true, force: true }));
      cleanups.push(() => rmSync(`${pgliteDir}.lock`, { force: true }));
      results.push(await runE2e("PGlite", { CHROMIUM_PATH: chromium, E2E_PGLITE_DIR: pgliteDir, E2E_DATABASE_URL: "" }));
      if (process.env.TEST_SKIP_POSTGRES === "1") results.push(fail("e2e (Postgres)", "skipped on request (TEST_SKIP_POSTGRES=1): this run does NOT cover real Postgres"));
      else if (pg && "url" in pg) {
        const url = await createDatabase(pg.url, `duo_e2e_${stamp}`);
        results.push(await runE2e("Postgres", { CHROMIUM_PATH: chromium, E2E_DATABASE_URL: url }));
      } else results.push(fail("e2e (Postgres)", `cannot start a real Postgres: ${pg && "error" in pg ? pg.error : "unknown"}`));
    }
  }
}

function summarize() {
  for (const c of cleanups.reverse()) {
    try {
      c();
    } catch {
      /* best effort */
    }
  }
  console.log("\n── summary ──");
  for (const r of results) console.log(`${r.ok ? "✔" : "✖"} ${r.suite}: ${r.passed} passed, ${r.failed} failed${r.note ? ` — ${r.note}` : ""}`);
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(results.length > 0 && results.every((r) => r.ok) ? 0 : 1);
}

if (require.main === module) {
  process.once("SIGINT", () => summarize());
  main()
    .catch((e) => results.push(fail("runner", (e as Error).message)))
    .finally(summarize);
}
