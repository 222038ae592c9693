/**
 * `npm run bench:soak`: the server's memory under a bounded, steady load over time (issue 21 §4).
 * A benchmark, not a test.
 *
 * Per database (BENCH_DB=pglite|postgres; default both, PGlite first): a fresh database (a
 * temporary PGlite folder; on Postgres the database named in BENCH_DATABASE_URL, dropped and
 * created afresh, else `duo_bench_soak` on DATABASE_URL's server or a throwaway one) with the demo
 * data and BENCH_CLIENTS (4) bench programme viewers; starts the production server
 * (scripts/start.ts --no-build, so build first), samples its RSS after start, then drives the
 * clients through bench:load's request mix for SOAK_MINUTES (30), each pausing 0.5–1.5 ×
 * BENCH_THINK_MS (250 ms) between pages, and samples the server's RSS (VmRSS from /proc) at
 * every minute. Prints each sample, then the least-squares slope in MB/min over all samples and
 * over the second half, and PASS/FAIL against:
 *   - after start ≤ 350 MB (RSS once the server answers, before any signed-in page);
 *   - under load ≤ 500 MB (the highest RSS seen, sampled every 250 ms);
 *   - no upward trend: the slope over the second half of the samples ≤ 1 MB/min (the first half
 *     is warm-up: V8 and PGlite grow to their working size, Next fills its caches).
 */
import os from "node:os";
import { benchDatabaseKinds, createBenchUsers, driveLoad, freePort, freshBenchDatabase, ms, portalMix, printTable, processTree, requireBuild, runBenchmark, seedInstitutions, serverDatabase, signIn, startServer, stopServer, treeRss } from "./bench/support";

const MINUTES = Number(process.env.SOAK_MINUTES || 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 4);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 250);
const PASSWORD = "Bench-Duurtest-2026";
const TARGET_START_MB = 350;
const TARGET_LOAD_MB = 500;
const TARGET_SLOPE_MB_PER_MIN = 1;

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Least-squares slope of y over x (MB per minute); 0 with fewer than two points. */
function slope(points: { minute: number; rssMb: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.minute, 0) / n;
  const my = points.reduce((s, p) => s + p.rssMb, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.minute - mx) * (p.rssMb - my), 0);
  const sxx = points.reduce((s, p) => s + (p.minute - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

type Summary = { kind: string; startMb: number; peakMb: number; lastMb: number; slopeAll: number; slopeSecondHalf: number; requests: number; errors: number };

async function soak(kind: "pglite" | "postgres"): Promise<Summary> {
  const target = await freshBenchDatabase(kind, "duo_bench_soak");
  await seedInstitutions(target, 130);
  const emails = await createBenchUsers(target, { count: CLIENTS, role: "programme_viewer", password: PASSWORD });
  const stepFor = await portalMix(target);

  const port = await freePort();
  const { url, env } = serverDatabase(target);
  const server = await startServer(url, port, env);
  const base = `http://127.0.0.1:${port}`;
  await new Promise((r) => setTimeout(r, 2_000));
  const tree = processTree(server.pid!);
  const startMb = mb(treeRss(server.pid!));
  console.log(`• ${kind}: server tree ${tree.map((p) => `${p.name} ${p.pid} ${mb(p.rssBytes).toFixed(0)} MB`).join(", ")}`);
  console.log(`• ${kind}: RSS after start ${startMb.toFixed(0)} MB`);

  const cookies: string[] = [];
  for (const email of emails) cookies.push(await signIn(base, email, PASSWORD));
  const samples = [{ minute: 0, rssMb: mb(treeRss(server.pid!)) }];
  console.log(`• ${kind}: ${CLIENTS} clients signed in (RSS ${samples[0].rssMb.toFixed(0)} MB); ${MINUTES} min with ~${THINK_MS} ms think time`);
  let peakMb = samples[0].rssMb;
  let requests = 0;
  let errors = 0;
  for (let minute = 1; minute <= MINUTES; minute++) {
    const r = await driveLoad({ base, cookies, seconds: 60, serverPid: server.pid!, stepFor, thinkMs: THINK_MS, warmUp: minute === 1 });
    const rssMb = mb(treeRss(server.pid!));
    samples.push({ minute, rssMb });
    peakMb = Math.max(peakMb, r.peakRssMb);
    requests += r.overall.requests;
    errors += r.overall.errors;
    console.log(`  ${kind} min ${String(minute).padStart(2)}: RSS ${rssMb.toFixed(0)} MB (peak in the minute ${r.peakRssMb.toFixed(0)} MB) · ${r.overall.requests} requests, ${r.overall.rps.toFixed(1)} req/s, p95 ${ms(r.overall.p95)}, ${r.overall.errors} errors · load ${os.loadavg()[0].toFixed(1)}`);
  }
  await stopServer(server);
  const secondHalf = samples.filter((s) => s.minute >= MINUTES / 2);
  return { kind, startMb, peakMb, lastMb: samples.at(-1)!.rssMb, slopeAll: slope(samples), slopeSecondHalf: slope(secondHalf), requests, errors };
}

async function main() {
  requireBuild();
  const results: Summary[] = [];
  for (const kind of benchDatabaseKinds(["pglite", "postgres"])) results.push(await soak(kind));
  const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
  console.log(`\n${MINUTES} min, ${CLIENTS} clients, think time ~${THINK_MS} ms; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (${os.cpus().length} cores)\n`);
  printTable(
    ["database", "after start", "peak under load", "last sample", "slope (all)", "slope (2nd half)", "requests", "errors", `start ≤ ${TARGET_START_MB} MB`, `load ≤ ${TARGET_LOAD_MB} MB`, `no upward trend (≤ ${TARGET_SLOPE_MB_PER_MIN} MB/min)`],
    results.map((r) => [
      r.kind,
      `${r.startMb.toFixed(0)} MB`,
      `${r.peakMb.toFixed(0)} MB`,
      `${r.lastMb.toFixed(0)} MB`,
      `${r.slopeAll.toFixed(2)} MB/min`,
      `${r.slopeSecondHalf.toFixed(2)} MB/min`,
      String(r.requests),
      String(r.errors),
      verdict(r.startMb <= TARGET_START_MB),
      verdict(r.peakMb <= TARGET_LOAD_MB),
      verdict(r.slopeSecondHalf <= TARGET_SLOPE_MB_PER_MIN),
    ]),
  );
}

runBenchmark(main);
