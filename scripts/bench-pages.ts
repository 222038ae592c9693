/**
 * `npm run bench:pages`: what one page costs the portal compared with a minimal Next.js app on
 * the same machine in the same run (issue 21 §3). A benchmark, not a test.
 *
 * 1. The reference: a minimal Next.js app (app/layout.tsx, and app/page.tsx that reads a cookie
 *    through next/headers and renders a 130-row table, ~47 KB of HTML) written into a temporary
 *    folder, built and started (`next build`, `next start`) with the project's own `next`,
 *    `react` and `react-dom` (its node_modules is a symlink to the project's).
 * 2. The portal: the production build (`npx next build` first) started as bench:load does
 *    (scripts/start.ts --no-build, the checker's scheduler off) on each database — PGlite in a temporary folder, then
 *    Postgres (BENCH_DATABASE_URL names a database of its own, else a database with a random name
 *    on DATABASE_URL's server or a throwaway one; dropped at the end) — with the demo data, and
 *    the programme-office demo user (programme viewer, password only) signed in.
 * 3. Per page, the page and the reference side by side: a warm-up of each, then BENCH_ROUNDS
 *    rounds; each round sends BENCH_REQUESTS / BENCH_ROUNDS requests one after the other to each
 *    (concurrency 1: p50, p95 over all rounds) and runs BENCH_CONCURRENCY clients in a closed
 *    loop for BENCH_SECONDS / BENCH_ROUNDS against each (requests/s over all rounds), the two in
 *    alternating order from round to round. The page's ratios are to the reference measured in
 *    the same rounds: the load of this shared machine drifts within seconds (the reference's own
 *    p50 moved between 3.1 and 8.7 ms from one measurement to the next), so a reference measured
 *    once per database, or even right before the page, moved the ratios by a third.
 *
 *    A third side runs in the same rounds: the reference's table grown to the page's own size
 *    (/sized?rows=N, N chosen so its HTML is as large as the page's). It is the framework's own
 *    cost for that many bytes, and separates what a page costs beyond its size from its size.
 *
 * Prints a table page × database with p50, p95, req/s, the adjacent reference's p50 and req/s,
 * p50 ÷ reference, req/s ÷ reference and
 * PASS/FAIL against the targets (p50 ≤ 2 × the reference, req/s ≥ 0.5 × the reference, no
 * errors), then the same-size reference's p50 and the page's p50 and req/s ratios to it (shown,
 * not judged: the targets are the issue's, on the 130-row reference). A request is an error when it fails, is not 200, or lacks the text the page must
 * contain. Absolute times depend on the machine and its load; the ratios are the point.
 *
 * BENCH_PAGES (comma-separated names, default all: dashboard, dashboard-attention,
 * dashboard-network, institutions, institution,
 * registry, endpoint, toolkit, status, login, account), BENCH_DB (pglite | postgres, default
 * both), BENCH_REQUESTS (200), BENCH_WARMUP (30), BENCH_CONCURRENCY (10), BENCH_SECONDS (10),
 * BENCH_ROUNDS (5),
 * BENCH_NODE_ARGS (extra node flags for the portal server, e.g. --cpu-prof).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { benchDatabaseKinds, freePort, freshBenchDatabase, openBenchDatabase, pct, printTable, requireBuild, root, runBenchmark, seedInstitutions, serverDatabase, signIn, startServer, stopServer, type BenchDatabase } from "./bench/support";

const REQUESTS = Number(process.env.BENCH_REQUESTS || 200);
const WARMUP = Number(process.env.BENCH_WARMUP || 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 10);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS || 5));
const TARGET_P50_RATIO = 2;
const TARGET_RPS_RATIO = 0.5;
/** The programme-office demo user: a programme viewer, who signs in with a password only. */
const VIEWER = { email: "viewer@duo-demo.test", password: "Voortgang-Lezen-2026" };

const PAGE_NAMES = ["dashboard", "dashboard-attention", "dashboard-network", "institutions", "institution", "registry", "endpoint", "toolkit", "status", "login", "account"] as const;
type PageName = (typeof PAGE_NAMES)[number];
/** One page: its path, whether it is asked for signed in, and a text only a good answer contains. */
type Page = { name: PageName | "reference"; path: string; signedIn: boolean; expect: string };

function selectedPages(): PageName[] {
  const given = process.env.BENCH_PAGES?.split(",").map((s) => s.trim()).filter(Boolean);
  if (!given?.length) return [...PAGE_NAMES];
  const unknown = given.filter((p) => !(PAGE_NAMES as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`BENCH_PAGES: unknown page(s) ${unknown.join(", ")}; known: ${PAGE_NAMES.join(", ")}`);
  return given as PageName[];
}

// ——— the reference app ———

const REFERENCE_LAYOUT = `export const metadata = { title: "Reference" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="nl">
      <body>{children}</body>
    </html>
  );
}
`;

/** Dynamic (it reads a cookie), 130 rows of five cells: ~47 KB of HTML with the RSC payload. */
const REFERENCE_PAGE = `import { cookies } from "next/headers";

const KINDS = ["ziekenhuis", "umc", "zbc", "kliniek"];
const CITIES = ["Amsterdam", "Rotterdam", "Utrecht", "Groningen", "Eindhoven", "Maastricht", "Zwolle"];

export default async function Page() {
  const who = (await cookies()).get("ref_user")?.value ?? "anonymous";
  const rows = Array.from({ length: 130 }, (_, i) => ({
    id: i + 1,
    name: \`Instelling \${String(i + 1).padStart(3, "0")}\`,
    kind: KINDS[i % KINDS.length],
    city: CITIES[i % CITIES.length],
    progress: (i * 37) % 101,
  }));
  return (
    <main>
      <h1>Reference table</h1>
      <p>Signed in as {who}</p>
      <table>
        <thead>
          <tr><th>#</th><th>Naam</th><th>Soort</th><th>Plaats</th><th>Voortgang</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>{r.name}</td>
              <td>{r.kind}</td>
              <td>{r.city}</td>
              <td>{r.progress} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
`;

/**
 * The same table with as many rows as `?rows=` asks (1–5,000): the framework's own cost for a page
 * of a given size. bench:pages sizes it to each portal page's HTML, so a page's ratio to it says
 * what the page costs beyond the bytes it sends (the page's ratio to the 130-row reference is the
 * issue's target; this one only explains it).
 */
const SIZED_PAGE = REFERENCE_PAGE.replace(
  "export default async function Page() {\n  const who",
  "export default async function Page({ searchParams }: { searchParams: Promise<{ rows?: string }> }) {\n  const n = Math.min(5000, Math.max(1, Number((await searchParams).rows) || 130));\n  const who",
).replace("length: 130", "length: n");
if (!SIZED_PAGE.includes("length: n")) throw new Error("bench:pages: the sized reference page could not be derived from the reference page");

const REFERENCE_TSCONFIG = {
  compilerOptions: { target: "ES2022", lib: ["dom", "dom.iterable", "esnext"], strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler", jsx: "react-jsx", isolatedModules: true, skipLibCheck: true, plugins: [{ name: "next" }] },
  include: ["**/*.ts", "**/*.tsx"],
  exclude: ["node_modules"],
};

/** Writes, builds and starts the reference app; answers its base URL and process. */
async function startReference(cleanups: (() => void)[]): Promise<{ base: string; child: ChildProcess }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "duo-bench-ref-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, "app"));
  writeFileSync(path.join(dir, "app", "layout.tsx"), REFERENCE_LAYOUT);
  writeFileSync(path.join(dir, "app", "page.tsx"), REFERENCE_PAGE);
  mkdirSync(path.join(dir, "app", "sized"));
  writeFileSync(path.join(dir, "app", "sized", "page.tsx"), SIZED_PAGE);
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(REFERENCE_TSCONFIG, null, 2));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "duo-bench-reference", private: true, scripts: { build: "next build", start: "next start" } }, null, 2));
  // Turbopack resolves only inside its root: the common ancestor of the app and the project's
  // node_modules (which the symlink points at).
  writeFileSync(path.join(dir, "next.config.mjs"), `export default { turbopack: { root: ${JSON.stringify(commonAncestor(dir, root))} } };\n`);
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  // Its own build folder (.next in the temporary folder), whatever NEXT_DIST_DIR says for the portal.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.NEXT_DIST_DIR;
  const t0 = Date.now();
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: dir, env, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`the reference app did not build:\n${build.stdout}\n${build.stderr}`);
  console.log(`• reference app built in ${((Date.now() - t0) / 1000).toFixed(0)} s (${dir})`);
  const port = await freePort();
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, env, stdio: ["ignore", "ignore", "inherit"] });
  cleanups.push(() => child.kill("SIGTERM"));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await get(base, "/").catch(() => null))?.status === 200) return { base, child };
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("the reference app did not start within 60 s");
}

function commonAncestor(a: string, b: string): string {
  const pa = path.resolve(a).split(path.sep);
  const pb = path.resolve(b).split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join(path.sep) || path.sep;
}

// ——— the HTTP client: node:http with keep-alive, so the client costs as little as it can ———

// `timeout`: a free socket idle for 1 s is closed by the client. Node's server closes a kept-alive
// socket after 5 s idle, and with three sides per round a server's sockets sit idle for about that
// long while the other two are measured: a request sent on a socket the server was closing at
// that moment failed with ECONNRESET (a race of the client, not an answer of the server).
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 1000 });

function get(base: string, pathname: string, cookie?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${pathname}`, { agent, headers: cookie ? { cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

type PageResult = { p50: number; p95: number; rps: number; errors: number; bytes: number; firstError?: string };
/** One side of a measurement: where to send the page's requests, and with which cookie. */
type Side = { base: string; page: Page; cookie: string | undefined };
type Tally = { latencies: number[]; done: number; ms: number; errors: number; bytes: number; firstError?: string };

async function once(side: Side, tally: Tally): Promise<number> {
  const t0 = performance.now();
  try {
    const res = await get(side.base, side.page.path, side.page.signedIn ? side.cookie : undefined);
    tally.bytes = Buffer.byteLength(res.body);
    if (res.status !== 200 || !res.body.includes(side.page.expect)) {
      tally.errors++;
      tally.firstError ??= `${side.page.path}: HTTP ${res.status}${res.status === 200 ? `, without "${side.page.expect}"` : ""}`;
    }
  } catch (err) {
    tally.errors++;
    tally.firstError ??= `${side.page.path}: ${err instanceof Error ? err.message : String(err)}`;
  }
  return performance.now() - t0;
}

/** `n` requests one after the other; their latencies go to the tally. */
async function sequential(side: Side, tally: Tally, n: number) {
  for (let i = 0; i < n; i++) tally.latencies.push(await once(side, tally));
}

/** CONCURRENCY clients in a closed loop for `ms`; what they finished goes to the tally. */
async function closedLoop(side: Side, tally: Tally, ms: number) {
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await once(side, tally);
        tally.done++;
      }
    }),
  );
  tally.ms += performance.now() - started;
}

/**
 * The sides (the reference, the page, the same-size reference) in the same rounds (file header,
 * step 3): warm-ups, then per round a share of the sequential requests and of the closed-loop time
 * for each, in forward order in even rounds and backward order in odd ones.
 */
async function measureSides(sides: Side[]): Promise<PageResult[]> {
  const tallies = sides.map((): Tally => ({ latencies: [], done: 0, ms: 0, errors: 0, bytes: 0 }));
  for (const [i, side] of sides.entries()) for (let w = 0; w < WARMUP; w++) await once(side, tallies[i]);
  for (const t of tallies) {
    t.errors = 0;
    t.firstError = undefined;
  }
  const perRound = Math.ceil(REQUESTS / ROUNDS);
  const msPerRound = (SECONDS * 1000) / ROUNDS;
  const forward = sides.map((_, i) => i);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? forward : [...forward].reverse();
    for (const i of order) await sequential(sides[i], tallies[i], perRound);
    for (const i of order) await closedLoop(sides[i], tallies[i], msPerRound);
  }
  return tallies.map((t): PageResult => {
    const sorted = [...t.latencies].sort((a, b) => a - b);
    return { p50: pct(sorted, 50), p95: pct(sorted, 95), rps: t.done / (t.ms / 1000), errors: t.errors, bytes: t.bytes, firstError: t.firstError };
  });
}

/**
 * How many rows the sized reference needs to send as many bytes as a page: its size is linear in
 * the rows, so two sizes measured once give the line.
 */
async function rowSizer(base: string): Promise<(bytes: number) => number> {
  const size = async (rows: number) => Buffer.byteLength((await get(base, `/sized?rows=${rows}`, "ref_user=bench")).body);
  const [b130, b1000] = [await size(130), await size(1000)];
  const perRow = (b1000 - b130) / 870;
  return (bytes) => Math.min(5000, Math.max(1, Math.round(130 + (bytes - b130) / perRow)));
}

// ——— the portal ———

/** The pages with the ids they need (the first demo institution by URA, and its first endpoint). */
async function portalPages(target: BenchDatabase, names: PageName[]): Promise<Page[]> {
  const { asc, eq } = await import("drizzle-orm");
  const { endpoints, institutions } = await import("@/db/schema");
  const h = await openBenchDatabase(target, 1);
  const [inst] = await h.db.select({ id: institutions.id, ura: institutions.ura }).from(institutions).orderBy(asc(institutions.ura)).limit(1);
  const [ep] = await h.db.select({ id: endpoints.id, url: endpoints.url }).from(endpoints).innerJoin(institutions, eq(institutions.id, endpoints.institutionId)).orderBy(asc(institutions.ura), asc(endpoints.url)).limit(1);
  await h.close();
  if (!inst || !ep) throw new Error("the demo seed left no institution or no endpoint");
  const all: Record<PageName, Page> = {
    dashboard: { name: "dashboard", path: "/dashboard", signedIn: true, expect: "Programmadashboard" },
    "dashboard-attention": { name: "dashboard-attention", path: "/dashboard/attention", signedIn: true, expect: "Blokkades" },
    "dashboard-network": { name: "dashboard-network", path: "/dashboard/network", signedIn: true, expect: "Netwerkgezondheid per leverancier" },
    institutions: { name: "institutions", path: "/institutions", signedIn: true, expect: "<h1>Instellingen</h1>" },
    institution: { name: "institution", path: `/institutions/${inst.id}`, signedIn: true, expect: inst.ura },
    registry: { name: "registry", path: "/registry", signedIn: true, expect: "<h1>Netwerkregister</h1>" },
    endpoint: { name: "endpoint", path: `/registry/${ep.id}`, signedIn: true, expect: ep.url },
    toolkit: { name: "toolkit", path: "/toolkit", signedIn: true, expect: "<h1>" },
    // The public pages as a visitor sees them: without a session.
    status: { name: "status", path: "/status", signedIn: false, expect: "<h1>" },
    login: { name: "login", path: "/login", signedIn: false, expect: 'name="password"' },
    account: { name: "account", path: "/account", signedIn: true, expect: "<h1>" },
  };
  return names.map((n) => all[n]);
}

async function dropDatabase(url: string) {
  const { default: postgres } = await import("postgres");
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = "/postgres";
  const sql = postgres(u.toString(), { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${name} with (force)`);
  await sql.end();
}

const fmtMs = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0));

async function main() {
  requireBuild();
  const names = selectedPages();
  const kinds = benchDatabaseKinds(["pglite", "postgres"]);
  const cleanups: (() => void)[] = [];
  process.on("exit", () => cleanups.reverse().forEach((c) => c()));
  console.log(`• load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}; ${REQUESTS} requests at concurrency 1, ${SECONDS} s at concurrency ${CONCURRENCY} per page and per reference, interleaved in ${ROUNDS} rounds`);
  const ref = await startReference(cleanups);
  const refPage: Page = { name: "reference", path: "/", signedIn: true, expect: "Reference table" };
  const refSide: Side = { base: ref.base, page: refPage, cookie: "ref_user=bench" };
  const rowsFor = await rowSizer(ref.base);

  const rows: string[][] = [];
  let failed = 0;
  for (const kind of kinds) {
    const name = `duo_bench_pages_${randomBytes(4).toString("hex")}`;
    const target = await freshBenchDatabase(kind, name);
    await seedInstitutions(target, 130);
    const pages = await portalPages(target, names);
    const port = await freePort();
    const { url, env } = serverDatabase(target);
    // The checker's scheduler stays off: its sweeps (the demo's 392 endpoints every 5 minutes, with
    // their writes) would land on whichever page happens to be measured then. bench:checker
    // measures the checker; bench:load and bench:soak run the server with it.
    const server = await startServer(url, port, { ...env, CHECKER_SCHEDULER: "false" });
    const base = `http://127.0.0.1:${port}`;
    try {
      const cookie = await signIn(base, VIEWER.email, VIEWER.password);
      const refs: PageResult[] = [];
      for (const page of pages) {
        const pageSide: Side = { base, page, cookie };
        const sizedRows = rowsFor(Buffer.byteLength((await get(base, page.path, page.signedIn ? cookie : undefined)).body));
        const sizedPage: Page = { name: "reference", path: `/sized?rows=${sizedRows}`, signedIn: true, expect: "Reference table" };
        const [r0, r, rs] = await measureSides([refSide, pageSide, { base: ref.base, page: sizedPage, cookie: "ref_user=bench" }]);
        refs.push(r0);
        const sizedP50 = r.p50 / rs.p50;
        const sizedRps = r.rps / rs.rps;
        const p50Ratio = r.p50 / r0.p50;
        const rpsRatio = r.rps / r0.rps;
        const pass = p50Ratio <= TARGET_P50_RATIO && rpsRatio >= TARGET_RPS_RATIO && r.errors === 0 && r0.errors === 0 && rs.errors === 0;
        if (!pass) failed++;
        console.log(
          `  ${page.name.padEnd(19)} p50 ${fmtMs(r.p50).padStart(5)} ms  p95 ${fmtMs(r.p95).padStart(5)} ms  ${r.rps.toFixed(0).padStart(4)} req/s  (reference ${fmtMs(r0.p50)} ms, ${r0.rps.toFixed(0)} req/s)  ×${p50Ratio.toFixed(2)} / ×${rpsRatio.toFixed(2)}  ${r.errors} errors  ${pass ? "PASS" : "FAIL"}  (same-size reference ${(rs.bytes / 1024).toFixed(0)} KB: ${fmtMs(rs.p50)} ms, ${rs.rps.toFixed(0)} req/s, ×${sizedP50.toFixed(2)} / ×${sizedRps.toFixed(2)}; load average ${os.loadavg()[0].toFixed(2)})`,
        );
        for (const side of [r0, r, rs]) if (side.firstError) console.log(`    ${side.errors} error(s), the first: ${side.firstError}`);
        rows.push([page.name, kind, fmtMs(r.p50), fmtMs(r.p95), r.rps.toFixed(0), `${(r.bytes / 1024).toFixed(0)} KB`, fmtMs(r0.p50), r0.rps.toFixed(0), p50Ratio.toFixed(2), rpsRatio.toFixed(2), String(r.errors + r0.errors + rs.errors), pass ? "PASS" : "FAIL", fmtMs(rs.p50), sizedP50.toFixed(2), sizedRps.toFixed(2)]);
      }
      const p50s = refs.map((r) => r.p50).sort((a, b) => a - b);
      const rpss = refs.map((r) => r.rps).sort((a, b) => a - b);
      console.log(`• ${kind}: the reference (${(refs[0].bytes / 1024).toFixed(0)} KB) measured ${refs.length} times: p50 ${fmtMs(p50s[0])}–${fmtMs(p50s[p50s.length - 1])} ms, ${rpss[0].toFixed(0)}–${rpss[rpss.length - 1].toFixed(0)} req/s`);
    } finally {
      await stopServer(server);
      if (typeof url === "string" && url) await dropDatabase(url);
    }
  }
  await stopServer(ref.child);
  console.log(`\nTargets: p50 ≤ ${TARGET_P50_RATIO} × the reference, req/s ≥ ${TARGET_RPS_RATIO} × the reference (concurrency ${CONCURRENCY}), no errors; each page against the reference measured in the same ${ROUNDS} rounds. The last three columns compare each page with the reference's table grown to the page's own size (measured in the same rounds): what the page costs beyond the bytes it sends. They explain the ratios; the targets stay on the 130-row reference.\n`);
  printTable(["page", "database", "p50 (ms)", "p95 (ms)", "req/s", "HTML", "ref p50 (ms)", "ref req/s", "p50 ÷ ref", "req/s ÷ ref", "errors", "target", "same-size ref p50 (ms)", "p50 ÷ same-size", "req/s ÷ same-size"], rows);
  console.log(`\n${failed === 0 ? "All targets met." : `${failed} page × database combination(s) miss a target.`}`);
  agent.destroy();
}

runBenchmark(main);
