/**
 * `npm run bench:dashboard`: the programme dashboard under load. A benchmark, not a test.
 *
 * For 130 and then 1,300 institutions with full step histories (the demo histories, repeated
 * with new URAs), on the configured Postgres (DATABASE_URL; without it a throwaway server is
 * started from the local PostgreSQL binaries, as tests/run.ts does): starts the production
 * server (scripts/start.ts --no-build, so build first), signs in 20 programme viewers, and
 * drives them at /dashboard for 30 s (BENCH_SECONDS). Prints p50/p95/max latency, requests/s,
 * errors and the server's peak RSS. Targets (issue 4): p95 ≤ 100 ms at 130, ≤ 250 ms at 1,300,
 * 0 errors, RSS ≤ 300 MB.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { inArray, sql as dsql } from "drizzle-orm";

const root = path.resolve(__dirname, "..");
const CLIENTS = Number(process.env.BENCH_CLIENTS || 20);
const SECONDS = Number(process.env.BENCH_SECONDS || 30);
const SIZES = (process.env.BENCH_SIZES || "130,1300").split(",").map(Number);
const cleanups: (() => void)[] = [];

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

function throwawayPostgres(port: number): string {
  const base = "/usr/lib/postgresql";
  const version = existsSync(base) ? readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error("No DATABASE_URL and no PostgreSQL server binaries (apt-get install -y postgresql).");
  const bin = path.join(base, version, "bin");
  const isRoot = process.getuid?.() === 0;
  const asPg = (cmd: string, args: string[]) => (isRoot ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" }));
  const dir = mkdtempSync(path.join(os.tmpdir(), "duo-bench-pg-"));
  if (isRoot) {
    const id = (f: string) => Number(spawnSync("id", [f, "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  const data = path.join(dir, "data");
  const init = asPg(path.join(bin, "initdb"), ["-D", data, "--auth=trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const start = asPg(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`, "start"]);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}`);
  cleanups.push(() => {
    asPg(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
    rmSync(dir, { recursive: true, force: true });
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${name} with (force)`);
  await sql.unsafe(`create database ${name}`);
  await sql.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Migrates and seeds `size` institutions with histories: the demo 130, then copies with new URAs. */
async function seed(url: string, size: number) {
  process.env.DATABASE_URL = url;
  const { openDatabase, migrateDatabase } = await import("@/db/client");
  const { seedDemoData } = await import("@/db/seed");
  const { seedDemoOnboarding } = await import("@/db/seed/onboarding");
  const { DEMO_INSTITUTIONS } = await import("@/db/seed/institutions-data");
  const { DEMO_USERS } = await import("@/db/seed/demo-users");
  const { institutions, users } = await import("@/db/schema");
  const { refreshMissingReadiness } = await import("@/lib/onboarding/store");
  const h = openDatabase({ kind: "postgres", url, max: 4 });
  await migrateDatabase(h, url);
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
  const [{ n }] = (await h.db.execute(dsql`select count(*)::int as n from institutions`)) as unknown as { n: number }[];
  const [{ e }] = (await h.db.execute(dsql`select count(*)::int as e from onboarding_step_events`)) as unknown as { e: number }[];
  await h.close();
  return { institutions: Number(n), events: Number(e) };
}

function treeRss(pid: number): number {
  // The server runs in a child of the tsx launcher: the largest process of the tree is the server.
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
  let total = 0;
  const walk = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      total = Math.max(total, m ? Number(m[1]) * 1024 : 0);
    } catch {
      /* gone */
    }
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return total;
}

async function startServer(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts", "--no-build"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOSTNAME: "127.0.0.1", SEED_DEMO: "false", NODE_ENV: "production", LOG_LEVEL: "warn", APP_URL: `http://127.0.0.1:${port}`, AUTH_SECRET: process.env.AUTH_SECRET || "bench-secret-bench-secret-bench-secret-42", LOGIN_MAX_FAILURES_PER_IP: "1000" },
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

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  cookiesOf(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/dashboard` }),
  });
  cookiesOf(res, jar);
  const check = await fetch(`${base}/dashboard`, { headers: { cookie: cookieHeader(jar) }, redirect: "manual" });
  if (check.status !== 200) throw new Error(`sign-in failed: /dashboard answered ${check.status}`);
  return cookieHeader(jar);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

async function drive(base: string, cookies: string[], pid: number) {
  let errors = 0;
  const latencies: number[] = [];
  let peakRss = treeRss(pid);
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, treeRss(pid))), 250);
  // Warm-up (not counted): every client once.
  await Promise.all(cookies.map((c) => fetch(`${base}/dashboard`, { headers: { cookie: c } }).then((r) => r.text())));
  const end = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    cookies.map(async (cookie) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        try {
          const res = await fetch(`${base}/dashboard`, { headers: { cookie }, redirect: "manual" });
          const body = await res.text();
          if (res.status !== 200 || !body.includes("Programmadashboard")) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, treeRss(pid));
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: latencies.length, rps: latencies.length / elapsed, p50: pct(sorted, 50), p95: pct(sorted, 95), max: sorted.at(-1) ?? 0, errors, peakRssMb: peakRss / 1024 / 1024 };
}

async function main() {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(root, distDir, "BUILD_ID"))) throw new Error(`No production build in ${distDir}: run \`npx next build\` first (NEXT_DIST_DIR is honoured).`);
  const adminUrl = process.env.DATABASE_URL || throwawayPostgres(await freePort());
  const { DEMO_USERS } = await import("@/db/seed/demo-users");
  const viewer = DEMO_USERS.find((u) => u.role === "programme_viewer")!;
  const results: string[] = [];
  for (const size of SIZES) {
    const url = await freshDatabase(adminUrl, `duo_bench_${size}`);
    const t0 = Date.now();
    const seeded = await seed(url, size);
    console.log(`• seeded ${seeded.institutions} institutions, ${seeded.events} history events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const port = await freePort();
    const server = await startServer(url, port);
    const base = `http://127.0.0.1:${port}`;
    const cookies: string[] = [];
    for (let i = 0; i < CLIENTS; i++) cookies.push(await signIn(base, viewer.email, viewer.password));
    const r = await drive(base, cookies, server.pid!);
    server.kill("SIGTERM");
    await new Promise((res) => server.once("exit", res));
    const line = `| ${seeded.institutions} | ${CLIENTS} | ${SECONDS} s | ${r.p50.toFixed(0)} ms | ${r.p95.toFixed(0)} ms | ${r.max.toFixed(0)} ms | ${r.rps.toFixed(1)} | ${r.errors} | ${r.peakRssMb.toFixed(0)} MB |`;
    console.log(`\n${seeded.institutions} institutions: ${r.requests} requests, p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, max ${r.max.toFixed(0)} ms, ${r.rps.toFixed(1)} req/s, ${r.errors} errors, server RSS peak ${r.peakRssMb.toFixed(0)} MB\n`);
    results.push(line);
  }
  console.log("| institutions | clients | duration | p50 | p95 | max | req/s | errors | server RSS (peak) |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const l of results) console.log(l);
}

main()
  .catch((e) => {
    console.error(`✖ ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of cleanups.reverse()) c();
    setTimeout(() => process.exit(), 500).unref();
  });
