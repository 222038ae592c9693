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
import { adminDatabaseUrl, driveLoad, freePort, freshDatabase, ms, printTable, requireBuild, runBenchmark, seedInstitutions, signIn, startServer, stopServer } from "./bench/support";

const CLIENTS = Number(process.env.BENCH_CLIENTS || 20);
const SECONDS = Number(process.env.BENCH_SECONDS || 30);
const SIZES = (process.env.BENCH_SIZES || "130,1300").split(",").map(Number);

async function main() {
  requireBuild();
  const adminUrl = await adminDatabaseUrl();
  const { DEMO_USERS } = await import("@/db/seed/demo-users");
  const viewer = DEMO_USERS.find((u) => u.role === "programme_viewer")!;
  const results: string[][] = [];
  for (const size of SIZES) {
    const url = await freshDatabase(adminUrl, `duo_bench_${size}`);
    const t0 = Date.now();
    const seeded = await seedInstitutions(url, size);
    console.log(`• seeded ${seeded.institutions} institutions, ${seeded.events} history events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const port = await freePort();
    const server = await startServer(url, port);
    const base = `http://127.0.0.1:${port}`;
    const cookies: string[] = [];
    for (let i = 0; i < CLIENTS; i++) cookies.push(await signIn(base, viewer.email, viewer.password));
    const { overall: r, peakRssMb } = await driveLoad({ base, cookies, seconds: SECONDS, serverPid: server.pid!, stepFor: () => ({ route: "/dashboard", path: "/dashboard", expect: "Programmadashboard" }) });
    await stopServer(server);
    console.log(`\n${seeded.institutions} institutions: ${r.requests} requests, p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, max ${ms(r.max)}, ${r.rps.toFixed(1)} req/s, ${r.errors} errors, server RSS peak ${peakRssMb.toFixed(0)} MB\n`);
    results.push([String(seeded.institutions), String(CLIENTS), `${SECONDS} s`, ms(r.p50), ms(r.p95), ms(r.max), r.rps.toFixed(1), String(r.errors), `${peakRssMb.toFixed(0)} MB`]);
  }
  printTable(["institutions", "clients", "duration", "p50", "p95", "max", "req/s", "errors", "server RSS (peak)"], results);
}

runBenchmark(main);
