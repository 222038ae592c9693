/**
 * What the HTTP benchmarks (bench-dashboard.ts, bench-load.ts) share: a throwaway Postgres, a
 * seeded database of a given size, the production server, signed-in clients, a closed-loop load
 * driver with per-route latencies, percentiles, the server's peak RSS and table printing.
 * Benchmarks, not tests: they print figures and fail only when something cannot run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inArray, sql as dsql } from "drizzle-orm";
import { recreateDatabase, startThrowawayPostgres } from "../support/postgres";
import { MALLOC_ARENA_MAX, NODE_MEMORY_FLAGS, TS_LOADER } from "../support/memory";

export const root = path.resolve(__dirname, "..", "..");
const cleanups: (() => void)[] = [];

/** Runs a benchmark's main, prints a failure readably, and always stops what it started. */
export function runBenchmark(main: () => Promise<void>) {
  main()
    .catch((e) => {
      console.error(`✖ ${e instanceof Error ? e.message : e}`);
      process.exitCode = 1;
    })
    .finally(() => {
      for (const c of cleanups.reverse()) c();
      setTimeout(() => process.exit(), 500).unref();
    });
}

export function requireBuild() {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(root, distDir, "BUILD_ID"))) throw new Error(`No production build in ${distDir}: run \`npx next build\` first (NEXT_DIST_DIR is honoured).`);
}

export { freePort, recreateDatabase as freshDatabase } from "../support/postgres";

/** DATABASE_URL, or a throwaway server from the local PostgreSQL binaries (stopped at the end). */
export async function adminDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const pg = await startThrowawayPostgres({ tmpPrefix: "duo-bench-pg-", settings: { max_connections: 100 } });
  cleanups.push(pg.stop);
  return pg.url;
}

/**
 * The database a benchmark runs on: a Postgres URL, or an embedded PGlite folder (which only one
 * process may hold: the benchmark prepares it and closes it before the server opens it).
 */
export type BenchDatabase = string | { pgliteDir: string };

export async function openBenchDatabase(target: BenchDatabase, max: number) {
  const { openDatabase } = await import("@/db/client");
  return typeof target === "string" ? openDatabase({ kind: "postgres", url: target, max }) : openDatabase({ kind: "pglite", dir: target.pgliteDir });
}

/** The environment that points scripts/start.ts at `target` (startServer's url and extraEnv). */
export function serverDatabase(target: BenchDatabase): { url: string; env: Record<string, string> } {
  return typeof target === "string" ? { url: target, env: {} } : { url: "", env: { PGLITE_DIR: target.pgliteDir } };
}

/**
 * A fresh, empty database of the kind a benchmark asks for (BENCH_DB=pglite|postgres): a PGlite
 * folder in a temporary directory (removed at the end), or on Postgres the database named in
 * BENCH_DATABASE_URL (dropped and created afresh on its server), else database `name` on
 * DATABASE_URL's server or on a throwaway one.
 */
export async function freshBenchDatabase(kind: "pglite" | "postgres", name: string): Promise<BenchDatabase> {
  if (kind === "pglite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), `${name.replace(/_/g, "-")}-`));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return { pgliteDir: path.join(dir, "pglite") };
  }
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    const u = new URL(given);
    const db = u.pathname.slice(1);
    if (!/^[a-z_][a-z0-9_]*$/.test(db) || db === "postgres") throw new Error(`BENCH_DATABASE_URL must name a database of its own (it is dropped and created afresh), not "${db || "(none)"}"`);
    u.pathname = "/postgres";
    return recreateDatabase(u.toString(), db);
  }
  return recreateDatabase(await adminDatabaseUrl(), name);
}

/** BENCH_DB: which databases to run on (default: the ones given, in this order). */
export function benchDatabaseKinds(fallback: ("pglite" | "postgres")[]): ("pglite" | "postgres")[] {
  const only = process.env.BENCH_DB?.toLowerCase();
  if (!only) return fallback;
  if (only !== "pglite" && only !== "postgres") throw new Error(`BENCH_DB must be pglite or postgres, not "${only}"`);
  return [only];
}

/** Migrates and seeds `size` institutions with histories: the demo 130, then copies with new URAs. */
export async function seedInstitutions(target: BenchDatabase, size: number) {
  if (typeof target === "string") process.env.DATABASE_URL = target;
  else process.env.PGLITE_DIR = target.pgliteDir;
  const { migrateDatabase } = await import("@/lib/database");
  const { seedDemoData } = await import("@/db/seed");
  const { seedDemoOnboarding } = await import("@/db/seed/onboarding");
  const { DEMO_INSTITUTIONS } = await import("@/db/seed/institutions-data");
  const { DEMO_USERS } = await import("@/db/seed/demo-users");
  const { institutions, users } = await import("@/db/schema");
  const { refreshMissingReadiness } = await import("@/lib/onboarding/store");
  const h = await openBenchDatabase(target, 4);
  await migrateDatabase(h, typeof target === "string" ? target : undefined);
  await seedDemoData(h.db);
  const admin = DEMO_USERS.find((u) => u.role === "programme_admin")!;
  const [adminRow] = await h.db.select({ id: users.id }).from(users).where(inArray(users.email, [admin.email]));
  for (let batch = 1; batch * DEMO_INSTITUTIONS.length < size; batch++) {
    const copies = DEMO_INSTITUTIONS.map((d, i) => ({
      ...d,
      name: `${d.name} (${batch + 1})`,
      ura: String(90_000_000 + batch * 1000 + i).padStart(8, "0"),
    }));
    await h.db.transaction(async (tx) => {
      await tx.insert(institutions).values(copies.map((d) => ({ name: d.name, kind: d.kind, ura: d.ura, city: d.city, province: d.province, vendorCode: d.vendor, groupName: d.groupName })));
      await seedDemoOnboarding(tx, { institutions: copies, programmeActor: { userId: adminRow.id, label: admin.email }, editorByUra: new Map() });
    });
  }
  await refreshMissingReadiness(h.db, new Date().toISOString().slice(0, 10));
  // postgres.js answers the rows, PGlite an object with them.
  const count = async (q: ReturnType<typeof dsql>) => {
    const r = (await h.db.execute(q)) as unknown as { n: number }[] | { rows: { n: number }[] };
    return Number((Array.isArray(r) ? r : r.rows)[0].n);
  };
  const n = await count(dsql`select count(*)::int as n from institutions`);
  const e = await count(dsql`select count(*)::int as n from onboarding_step_events`);
  await h.close();
  return { institutions: n, events: e };
}

/**
 * `count` extra users with one role and one password (hashed once), for benchmarks that want
 * distinct signed-in people rather than one person signed in many times. Use roles that sign
 * in with a password only (programme_viewer, institution_editor): others need a second factor.
 */
export async function createBenchUsers(target: BenchDatabase, opts: { count: number; role: "programme_viewer" | "institution_editor"; password: string; institutionId?: string }) {
  const { users, memberships } = await import("@/db/schema");
  const { hashPassword } = await import("@/lib/auth/passwords");
  const h = await openBenchDatabase(target, 2);
  const passwordHash = await hashPassword(opts.password);
  const emails = Array.from({ length: opts.count }, (_, i) => `bench-${opts.role.replace("_", "-")}-${String(i + 1).padStart(3, "0")}@bench.invalid`);
  await h.db.transaction(async (tx) => {
    const rows = await tx
      .insert(users)
      .values(emails.map((email, i) => ({ email, name: `Bench ${opts.role} ${i + 1}`, passwordHash })))
      .returning({ id: users.id });
    await tx.insert(memberships).values(rows.map((r) => ({ userId: r.id, role: opts.role, institutionId: opts.institutionId ?? null, vendorCode: null })));
  });
  await h.close();
  return emails;
}

/**
 * The request mix of bench:load (and bench:soak): every client walks dashboard → institution
 * list → registry → an institution page, starting at a different one; institution pages rotate
 * over all institutions. Each step names what a good answer contains (the page's own heading; an
 * error page or the login page lacks it).
 */
export async function portalMix(target: BenchDatabase): Promise<(client: number, i: number) => Step> {
  const { institutions: table } = await import("@/db/schema");
  const h = await openBenchDatabase(target, 1);
  const institutions = await h.db.select({ id: table.id, ura: table.ura }).from(table).orderBy(table.ura);
  await h.close();
  const routes: ((client: number, i: number) => Step)[] = [
    () => ({ route: "/dashboard", path: "/dashboard", expect: "Programmadashboard" }),
    () => ({ route: "/institutions", path: "/institutions", expect: "<h1>Instellingen</h1>" }),
    () => ({ route: "/registry", path: "/registry", expect: "<h1>Netwerkregister</h1>" }),
    (client, i) => {
      const inst = institutions[(client * 7 + i) % institutions.length];
      return { route: "/institutions/<id>", path: `/institutions/${inst.id}`, expect: inst.ura };
    },
  ];
  return (client, i) => routes[(client + i) % routes.length](client, i);
}

/** The processes of the tree under `pid` (itself included), with their resident memory (VmRSS). */
export function processTree(pid: number): { pid: number; name: string; rssBytes: number }[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  const out: { pid: number; name: string; rssBytes: number }[] = [];
  const walk = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      out.push({ pid: p, name: /Name:\s+(\S+)/.exec(status)?.[1] ?? "?", rssBytes: m ? Number(m[1]) * 1024 : 0 });
    } catch {
      /* gone */
    }
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/** RSS of the server: the largest process of its tree (with a launcher, the server, not the launcher). */
export function treeRss(pid: number): number {
  return Math.max(0, ...processTree(pid).map((p) => p.rssBytes));
}

/**
 * scripts/start.ts --no-build on Postgres, no demo seed, warnings only in the log. `extraEnv`
 * overrides (bench:import: the demo seed, or PGlite with DATABASE_URL "" and a PGLITE_DIR).
 */
export async function startServer(url: string, port: number, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  // `node --require tsx/cjs` (as `npm start` does), not the tsx launcher: the launcher relays SIGTERM
  // and SIGKILLs a child that is too busy to acknowledge it within 30 ms.
  // The server runs with `npm start`'s memory bounds (scripts/support/memory.ts) unless
  // NODE_MEMORY_FLAGS / MALLOC_ARENA_MAX say otherwise. BENCH_NODE_ARGS: extra node flags for the
  // server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses the profiling flags).
  const nodeArgs = [process.env.NODE_MEMORY_FLAGS ?? NODE_MEMORY_FLAGS, process.env.BENCH_NODE_ARGS ?? ""].join(" ").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...TS_LOADER.split(" "), "scripts/start.ts", "--no-build"], {
    cwd: root,
    env: { MALLOC_ARENA_MAX, ...process.env, DATABASE_URL: url, PORT: String(port), HOSTNAME: "127.0.0.1", SEED_DEMO: "false", NODE_ENV: "production", LOG_LEVEL: "warn", APP_URL: `http://127.0.0.1:${port}`, AUTH_SECRET: process.env.AUTH_SECRET || "bench-secret-bench-secret-bench-secret-42", LOGIN_MAX_FAILURES_PER_IP: "1000", ...extraEnv },
    stdio: ["ignore", "inherit", "inherit"],
  });
  cleanups.push(() => child.kill("SIGTERM"));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/login`);
      if (res.ok) return child;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not start within 120 s");
}

export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((res) => child.once("exit", res));
}

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * Signs in through the credentials callback (password only: the benchmarks use roles that need
 * no second factor) and returns the Cookie header; `checkPath` must then answer 200.
 */
export async function signIn(base: string, email: string, password: string, checkPath = "/dashboard"): Promise<string> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  cookiesOf(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}${checkPath}` }),
  });
  cookiesOf(res, jar);
  const check = await fetch(`${base}${checkPath}`, { headers: { cookie: cookieHeader(jar) }, redirect: "manual" });
  if (check.status !== 200) throw new Error(`sign-in failed: ${checkPath} answered ${check.status}`);
  return cookieHeader(jar);
}

export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export type LatencyStats = { requests: number; rps: number; p50: number; p95: number; max: number; errors: number };

export function latencyStats(latencies: number[], errors: number, seconds: number): LatencyStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: latencies.length, rps: latencies.length / seconds, p50: pct(sorted, 50), p95: pct(sorted, 95), max: sorted.at(-1) ?? 0, errors };
}

/** One request a client makes: which route it counts under, the path, and what a good answer contains. */
export type Step = { route: string; path: string; expect: string };

export type LoadResult = { overall: LatencyStats; routes: Map<string, LatencyStats>; peakRssMb: number; elapsed: number };

/**
 * A closed loop: every client (one Cookie header each) makes its next request as soon as the
 * previous one is answered, for `seconds`. `stepFor(client, i)` picks the request. A request is
 * an error when it fails, is not 200 or lacks the expected text. Every client first makes its
 * first request once as a warm-up, not counted. Peak RSS of the server tree sampled every 250 ms.
 */
/**
 * Drives every signed-in client for `seconds`. A closed loop (the next request as soon as the
 * previous answer is read) unless `thinkMs` is given: then each client starts at a random moment
 * within the first thinkMs and pauses a random 0.5–1.5 × thinkMs between requests, as a person
 * reading the page would.
 */
export async function driveLoad(opts: { base: string; cookies: string[]; seconds: number; serverPid: number; stepFor: (client: number, i: number) => Step; thinkMs?: number; warmUp?: boolean }): Promise<LoadResult> {
  const { base, cookies, seconds, serverPid, stepFor, thinkMs = 0, warmUp = true } = opts;
  const perRoute = new Map<string, { latencies: number[]; errors: number }>();
  const bucket = (route: string) => {
    let b = perRoute.get(route);
    if (!b) perRoute.set(route, (b = { latencies: [], errors: 0 }));
    return b;
  };
  let peakRss = treeRss(serverPid);
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, treeRss(serverPid))), 250);
  if (warmUp) await Promise.all(cookies.map((c, client) => fetch(`${base}${stepFor(client, 0).path}`, { headers: { cookie: c } }).then((r) => r.text())));
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    cookies.map(async (cookie, client) => {
      // People do not all click at the same instant: with think time, each client starts at a
      // random moment within the first pause (a closed loop starts everyone at once).
      if (thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs * Math.random()));
      for (let i = 0; Date.now() < end; i++) {
        const step = stepFor(client, i);
        const b = bucket(step.route);
        const t0 = performance.now();
        try {
          const res = await fetch(`${base}${step.path}`, { headers: { cookie }, redirect: "manual" });
          const body = await res.text();
          if (res.status !== 200 || !body.includes(step.expect)) b.errors++;
        } catch {
          b.errors++;
        }
        b.latencies.push(performance.now() - t0);
        if (thinkMs > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, treeRss(serverPid));
  const routes = new Map([...perRoute].map(([route, b]) => [route, latencyStats(b.latencies, b.errors, elapsed)] as const));
  const all = [...perRoute.values()];
  const overall = latencyStats(
    all.flatMap((b) => b.latencies),
    all.reduce((n, b) => n + b.errors, 0),
    elapsed,
  );
  return { overall, routes, peakRssMb: peakRss / 1024 / 1024, elapsed };
}

/** A Markdown table, as it goes into the README. */
export function printTable(header: string[], rows: string[][]) {
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

export const ms = (v: number) => `${v.toFixed(0)} ms`;
