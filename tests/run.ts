/**
 * `npm test`: the whole suite, in phases; each prints its wall time, and the run ends with a
 * per-phase table and one `N passed, N failed` line.
 *   checks       lint (ESLint), typecheck (tsc --noEmit), unit (node:test, no database), the
 *                integration snapshots and `next build` for the e2e suites, side by side
 *   integration  node:test on PGlite and on a real Postgres; every file gets its own database
 *   and e2e      copied from a snapshot built once per run (tests/helpers/db.ts); and, at the same
 *                time, Playwright in Debian's Chromium against `next start`: the whole suite on
 *                Postgres and the main journeys (@core) on the embedded PGlite default, from a
 *                fresh folder
 * Pick suites with `npm test -- lint typecheck unit integration e2e`.
 *
 * Real Postgres: TEST_PG_URL (or DATABASE_URL) is used when given; otherwise a throwaway
 * server is started from the local PostgreSQL binaries and stopped at the end. Nothing is
 * skipped silently: when Postgres or Chromium is missing the run fails and says how to fix it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { recreateDatabase, startThrowawayPostgres } from "../scripts/support/postgres";

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

type Result = { suite: string; passed: number; failed: number; ok: boolean; note?: string; seconds?: number };
const results: Result[] = [];
const phases: { name: string; seconds: number }[] = [];
const cleanups: (() => void)[] = [];
const LOG_DIR = path.join(root, "tests", ".tmp", "logs");

function fail(suite: string, note: string): Result {
  console.error(`\n✖ ${suite}: ${note}`);
  return { suite, passed: 0, failed: 1, ok: false, note };
}

const secondsSince = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

/** Runs the jobs of one phase side by side and prints the phase's wall time. */
async function phase(name: string, jobs: (() => Promise<Result | Result[]>)[]): Promise<Result[]> {
  console.log(`\n━━ phase: ${name} ━━`);
  const t0 = performance.now();
  const out = (await Promise.all(jobs.map((j) => j()))).flat();
  const seconds = secondsSince(t0);
  phases.push({ name, seconds });
  results.push(...out);
  console.log(`━━ ${name}: ${seconds} s — ${out.map((r) => `${r.ok ? "✔" : "✖"} ${r.suite} ${r.passed}/${r.passed + r.failed}${r.seconds !== undefined ? ` (${r.seconds} s)` : ""}`).join(", ")}`);
  return out;
}

/**
 * One child process. Alone in its phase it streams its output; beside others (`quiet`) its
 * output goes to tests/.tmp/logs/<label>.log and is printed in one piece when it ends, so
 * parallel suites do not interleave line by line.
 */
function runProcess(label: string, args: string[], opts: { env?: Record<string, string>; quiet?: boolean } = {}): Promise<{ code: number; stdout: string; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let all = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
      all += d;
      if (!opts.quiet) process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      all += d;
      if (!opts.quiet) process.stderr.write(d);
    });
    child.on("close", (code) => {
      mkdirSync(LOG_DIR, { recursive: true });
      const file = path.join(LOG_DIR, `${label.replace(/[^a-z0-9]+/gi, "-")}.log`);
      writeFileSync(file, all);
      if (opts.quiet) {
        console.log(`\n┄┄ ${label} (exit ${code ?? 1}, ${secondsSince(t0)} s; also in ${path.relative(root, file)}) ┄┄`);
        process.stdout.write(all.endsWith("\n") || all === "" ? all : `${all}\n`);
      }
      resolve({ code: code ?? 1, stdout, seconds: secondsSince(t0) });
    });
  });
}

async function runNodeTests(suite: string, files: string[], env: Record<string, string>, quiet: boolean, concurrency = 1): Promise<Result> {
  if (files.length === 0) return fail(suite, "no test files found");
  console.log(`▶ ${suite} (${files.length} files)`);
  const res = await runProcess(suite, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files], { env: { NODE_ENV: "test", ...env }, quiet });
  const passed = Number(/ℹ pass (\d+)/.exec(res.stdout)?.[1] ?? 0);
  const failed = Number(/ℹ fail (\d+)/.exec(res.stdout)?.[1] ?? 0);
  const skipped = Number(/ℹ skipped (\d+)/.exec(res.stdout)?.[1] ?? 0) + Number(/ℹ todo (\d+)/.exec(res.stdout)?.[1] ?? 0);
  const ok = res.code === 0 && failed === 0 && skipped === 0 && passed > 0;
  return { suite, passed, failed: ok ? 0 : Math.max(failed, 1), ok, seconds: res.seconds, note: skipped ? `${skipped} skipped or todo: nothing may be skipped` : undefined };
}

async function runTool(suite: string, args: string[], quiet: boolean, what: string): Promise<Result> {
  console.log(`▶ ${suite}`);
  const res = await runProcess(suite, args, { quiet });
  return res.code === 0 ? { suite, passed: 1, failed: 0, ok: true, seconds: res.seconds } : { ...fail(suite, what), seconds: res.seconds };
}

const runLint = (quiet: boolean) => runTool("lint", [path.join(root, "node_modules/eslint/bin/eslint.js"), ".", "--max-warnings=0"], quiet, "lint errors (see above)");
const runTypecheck = (quiet: boolean) => runTool("typecheck", [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."], quiet, "type errors (see above)");
const runBuild = (quiet = false) =>
  runTool("next build", [path.join(root, "node_modules/next/dist/bin/next"), "build"], quiet, "next build failed (see above)");

/** A throwaway Postgres in a temp dir (scripts/support/postgres.ts), stopped at the end of the run. */
async function throwawayPostgres(): Promise<{ url: string } | { error: string }> {
  try {
    const pg = await startThrowawayPostgres({ tmpPrefix: "duo-test-pg-", settings: { fsync: "off", max_connections: 200 } });
    cleanups.push(pg.stop);
    console.log(`• started a throwaway Postgres on 127.0.0.1:${pg.port}`);
    return { url: pg.url };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

async function postgresUrl(): Promise<{ url: string } | { error: string }> {
  const given = process.env.TEST_PG_URL || process.env.DATABASE_URL;
  if (given) return { url: given };
  return throwawayPostgres();
}

function chromiumPath(): string | null {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  // Chromium's headless shell first: the same engine without the desktop browser around it, a
  // third of the full browser's CPU in our e2e suite (measured: 58 s against 167 s for the same
  // four specs). The full browser works too.
  return ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((p) => existsSync(p)) ?? null;
}

async function runE2e(label: string, env: Record<string, string>, extraArgs: string[] = [], quiet = false): Promise<Result> {
  console.log(`▶ e2e (${label})`);
  const res = await runProcess(`e2e (${label})`, [path.join(root, "node_modules/@playwright/test/cli.js"), "test", ...extraArgs], { env, quiet });
  const clean = res.stdout.replace(/\x1b\[[0-9;]*m/g, "");
  const passed = Number(/(\d+) passed/.exec(clean)?.[1] ?? 0);
  const failed = Number(/(\d+) failed/.exec(clean)?.[1] ?? 0) + Number(/(\d+) flaky/.exec(clean)?.[1] ?? 0);
  const skipped = Number(/(\d+) skipped/.exec(clean)?.[1] ?? 0) + Number(/(\d+) did not run/.exec(clean)?.[1] ?? 0);
  const ok = res.code === 0 && failed === 0 && skipped === 0 && passed > 0;
  return { suite: `e2e (${label})`, passed, failed: ok ? 0 : Math.max(failed, 1), ok, seconds: res.seconds, note: skipped ? `${skipped} skipped or did not run: nothing may be skipped` : undefined };
}

/** Builds the per-run database snapshots (PGlite tarballs, Postgres template databases). */
async function prepareSnapshots(env: Record<string, string>): Promise<Result> {
  console.log("▶ database snapshots (migrated, seeded)");
  const res = await runProcess("snapshots", ["--import", "tsx", path.join(root, "tests/helpers/db.ts"), "prepare"], { env: { NODE_ENV: "test", ...env }, quiet: true });
  return res.code === 0 ? { suite: "snapshots", passed: 0, failed: 0, ok: true, seconds: res.seconds } : { ...fail("snapshots", "building the test database snapshots failed (see above)"), seconds: res.seconds };
}

/**
 * Every suite hashes passwords at bcrypt cost 4 (PASSWORD_HASH_COST, README): the suites sign in
 * and hash hundreds of times, and cost only changes how long that takes. The children inherit it.
 */
process.env.PASSWORD_HASH_COST ||= "4";

/** Playwright workers per e2e phase (README, Tests). */
const E2E_WORKERS = process.env.E2E_WORKERS || "1";
/**
 * The PGlite e2e run's server and SMTP ports (the Postgres run keeps E2E_PORT / E2E_SMTP_PORT).
 * 1000 apart: each server's demo simulator takes PORT + 6443 and the ~400 ports above it.
 */
const E2E_PGLITE_PORT = String(Number(process.env.E2E_PORT || 3100) + 1000);
const E2E_PGLITE_SMTP_PORT = String(Number(process.env.E2E_SMTP_PORT || 2526) + 1000);

const SUITES = ["lint", "typecheck", "unit", "integration", "e2e"] as const;

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !(SUITES as readonly string[]).includes(a));
  if (unknown.length) {
    results.push(fail("runner", `unknown suite ${unknown.join(", ")}: choose from ${SUITES.join(", ")}`));
    return;
  }
  const want = (s: (typeof SUITES)[number]) => args.length === 0 || args.includes(s);
  const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const tmp = path.join(root, "tests", ".tmp");
  mkdirSync(tmp, { recursive: true });
  rmSync(LOG_DIR, { recursive: true, force: true });

  let pg: { url: string } | { error: string } | undefined;
  const needPg = want("integration") || want("e2e");
  if (needPg && process.env.TEST_SKIP_POSTGRES !== "1") pg = await postgresUrl();
  const pgUrl = pg && "url" in pg ? pg.url : null;
  const pgMissing = (suite: string) =>
    process.env.TEST_SKIP_POSTGRES === "1"
      ? fail(suite, "skipped on request (TEST_SKIP_POSTGRES=1): this run does NOT cover real Postgres")
      : fail(suite, `cannot start a real Postgres: ${pg && "error" in pg ? pg.error : "unknown"}`);

  // 1. Static checks, unit tests, the integration snapshots and the production build for the e2e
  //    suites, side by side.
  const unitFiles = listTests("tests/unit");
  const integrationFiles = listTests("tests/integration");
  const snapshotDir = path.join(tmp, `snapshots-${stamp}`);
  const prefix = `duo_tpl_${stamp}`;
  const snapEnv: Record<string, string> = { TEST_SNAPSHOT_DIR: snapshotDir, ...(pgUrl ? { TEST_PG_URL: pgUrl, TEST_PG_TEMPLATE_PREFIX: prefix } : {}) };
  if (want("integration")) {
    cleanups.push(() => rmSync(snapshotDir, { recursive: true, force: true }));
    if (pgUrl) cleanups.push(() => void spawnSync(process.execPath, ["--import", "tsx", path.join(root, "tests/helpers/db.ts"), "drop"], { cwd: root, env: { ...process.env, ...snapEnv }, stdio: "ignore" }));
  }
  const chromium = want("e2e") ? chromiumPath() : null;
  if (want("e2e") && !chromium) results.push(fail("e2e", `Chromium not found at ${process.env.CHROMIUM_PATH || "/usr/bin/chromium-headless-shell or /usr/bin/chromium"}. Install it with: apt-get install -y chromium-headless-shell (or set CHROMIUM_PATH).`));
  const firstJobs: (() => Promise<Result>)[] = [];
  if (want("lint")) firstJobs.push(() => runLint(true));
  if (want("typecheck")) firstJobs.push(() => runTypecheck(true));
  // Unit files are independent (no fixed ports or paths): two at a time, so the second core is
  // used once lint, tsc and the snapshots are done.
  if (want("unit")) firstJobs.push(() => runNodeTests("unit", unitFiles, {}, true, 2));
  if (want("integration")) firstJobs.push(() => prepareSnapshots(snapEnv));
  if (chromium) firstJobs.push(() => runBuild(true));
  const first = firstJobs.length ? await phase("checks", firstJobs) : [];

  // 2. Integration on both databases and end to end, all at once. The integration suites keep
  //    both cores busy; the e2e runs wait much of their time (a browser, a server and fresh codes,
  //    mail and polling), so beside the integration suites they add little wall time of their own.
  //    - integration: each file on a copy of a snapshot, on PGlite and on Postgres;
  //    - e2e: the whole Playwright suite on Postgres and the main journeys (@core) on the embedded
  //      PGlite default from a fresh folder, one Playwright worker each, on their own ports, mail
  //      and session folders (tests/e2e/support.ts keys them by E2E_PORT).
  const jobs: (() => Promise<Result>)[] = [];
  if (want("integration")) {
    if (!first.find((r) => r.suite === "snapshots")?.ok) results.push(fail("integration", "the database snapshots could not be built, so no integration run"));
    else
      jobs.push(
        () => runNodeTests("integration (PGlite)", integrationFiles, { TEST_DB: "pglite", TEST_SNAPSHOT_DIR: snapshotDir }, true),
        async () => (pgUrl ? runNodeTests("integration (Postgres)", integrationFiles, { TEST_DB: "postgres", ...snapEnv }, true) : pgMissing("integration (Postgres)")),
      );
  }
  if (chromium && first.find((r) => r.suite === "next build")?.ok) {
    const pgliteDir = path.join(tmp, `e2e-pglite-${stamp}`);
    cleanups.push(() => rmSync(pgliteDir, { recursive: true, force: true }));
    cleanups.push(() => rmSync(`${pgliteDir}.lock`, { force: true }));
    // Both servers' demo simulators read the PKI in .data/simulator-pki (scripts/start.ts): made
    // here once, so two servers starting at the same moment do not each generate and swap it.
    const pki = spawnSync(process.execPath, ["--import", "tsx", "-e", `require("@/lib/checker/simulator/pki").loadOrCreateTestPki(${JSON.stringify(path.join(root, ".data", "simulator-pki"))}).catch((e) => { console.error(e); process.exit(1); })`], { cwd: root, stdio: "inherit" });
    if (pki.status !== 0) results.push(fail("e2e", "could not prepare the demo simulator's PKI in .data/simulator-pki (see above)"));
    else
      jobs.push(
        async () => {
          if (!pgUrl) return pgMissing("e2e (Postgres)");
          const url = await recreateDatabase(pgUrl, `duo_e2e_${stamp}`);
          return runE2e("Postgres, every spec", { CHROMIUM_PATH: chromium, E2E_DATABASE_URL: url, E2E_WORKERS: E2E_WORKERS }, [], true);
        },
        () =>
          runE2e(
            "PGlite, main journeys",
            { CHROMIUM_PATH: chromium, E2E_PGLITE_DIR: pgliteDir, E2E_DATABASE_URL: "", E2E_WORKERS: E2E_WORKERS, E2E_PORT: E2E_PGLITE_PORT, E2E_SMTP_PORT: E2E_PGLITE_SMTP_PORT },
            ["--grep", "@core"],
            true,
          ),
      );
  } else if (chromium) results.push(fail("e2e", "next build failed, so no e2e run (see above)"));
  if (jobs.length) await phase(want("integration") && chromium ? "integration and e2e" : want("integration") ? "integration" : "e2e", jobs);
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
  for (const r of results) console.log(`${r.ok ? "✔" : "✖"} ${r.suite}: ${r.passed} passed, ${r.failed} failed${r.seconds !== undefined ? ` in ${r.seconds} s` : ""}${r.note ? ` — ${r.note}` : ""}`);
  console.log("\n── wall time per phase ──");
  for (const p of phases) console.log(`${p.name.padEnd(20)} ${String(p.seconds).padStart(7)} s`);
  console.log(`${"total".padEnd(20)} ${String(secondsSince(started)).padStart(7)} s`);
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(results.length > 0 && results.every((r) => r.ok) ? 0 : 1);
}

const started = performance.now();
if (require.main === module) {
  process.once("SIGINT", () => summarize());
  main()
    .catch((e) => results.push(fail("runner", (e as Error).message)))
    .finally(summarize);
}
