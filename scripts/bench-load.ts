/**
 * `npm run bench:load`: the portal under mixed load (issue 9). A benchmark, not a test.
 *
 * On the configured Postgres (DATABASE_URL; without it a throwaway server from the local
 * PostgreSQL binaries) with the demo data (130 institutions, BENCH_INSTITUTIONS to grow it):
 * starts the production server (scripts/start.ts --no-build, so build first), signs in 50
 * distinct programme viewers (BENCH_CLIENTS; bench users created for the run — password only,
 * no second factor, no failed attempts, so the login rate limits never apply) and drives them in
 * a closed loop for 60 s (BENCH_SECONDS) over the dashboard, the institution list, the registry
 * and institution pages (every client walks the four routes, starting at a different one;
 * institution pages rotate over all institutions). Prints requests/s, p50/p95/max per route and
 * overall, errors and the server's peak RSS. Target: 0 errors, p95 ≤ 300 ms.
 *
 * The closed loop (no pause between a client's requests) measures the server at saturation. With
 * BENCH_THINK_MS each client pauses 0.5–1.5 × that long between pages, as people reading them do,
 * which measures what 50 simultaneous users experience rather than the most the server can take.
 */
import { benchDatabaseKinds, createBenchUsers, driveLoad, freePort, freshBenchDatabase, ms, portalMix, printTable, requireBuild, runBenchmark, seedInstitutions, serverDatabase, signIn, startServer, stopServer, treeRss } from "./bench/support";

const CLIENTS = Number(process.env.BENCH_CLIENTS || 50);
const SECONDS = Number(process.env.BENCH_SECONDS || 60);
const INSTITUTIONS = Number(process.env.BENCH_INSTITUTIONS || 130);
const PASSWORD = "Bench-Belasting-2026";
const THINK_MS = Number(process.env.BENCH_THINK_MS || 0);
const TARGET_P95_MS = 300;

async function main() {
  requireBuild();
  const [kind] = benchDatabaseKinds(["postgres"]);
  const target = await freshBenchDatabase(kind, "duo_bench_load");
  const t0 = Date.now();
  const seeded = await seedInstitutions(target, INSTITUTIONS);
  const emails = await createBenchUsers(target, { count: CLIENTS, role: "programme_viewer", password: PASSWORD });
  const stepFor = await portalMix(target);
  console.log(`• ${kind}: seeded ${seeded.institutions} institutions, ${seeded.events} history events and ${emails.length} bench users in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const port = await freePort();
  const { url, env } = serverDatabase(target);
  const server = await startServer(url, port, env);
  const startRssMb = treeRss(server.pid!) / 1024 / 1024;
  const base = `http://127.0.0.1:${port}`;
  const cookies: string[] = [];
  for (const email of emails) cookies.push(await signIn(base, email, PASSWORD));
  console.log(`• ${cookies.length} clients signed in; driving for ${SECONDS} s ${THINK_MS > 0 ? `with ~${THINK_MS} ms think time between pages` : "in a closed loop (no think time)"}…`);

  const r = await driveLoad({ base, cookies, seconds: SECONDS, serverPid: server.pid!, stepFor, thinkMs: THINK_MS });
  await stopServer(server);

  const row = (name: string, s: typeof r.overall) => [name, String(s.requests), s.rps.toFixed(1), ms(s.p50), ms(s.p95), ms(s.max), String(s.errors)];
  console.log(`\n${kind}, ${seeded.institutions} institutions, ${CLIENTS} clients, ${r.elapsed.toFixed(0)} s, think time ${THINK_MS} ms; server RSS after start ${startRssMb.toFixed(0)} MB, peak ${r.peakRssMb.toFixed(0)} MB\n`);
  printTable(
    ["route", "requests", "req/s", "p50", "p95", "max", "errors"],
    [...[...r.routes].sort(([a], [b]) => a.localeCompare(b)).map(([name, s]) => row(name, s)), row("**all**", r.overall)],
  );
  const met = r.overall.errors === 0 && r.overall.p95 <= TARGET_P95_MS;
  console.log(`\nTarget (0 errors, p95 ≤ ${TARGET_P95_MS} ms): ${met ? "met" : "NOT met"} — ${r.overall.errors} errors, p95 ${ms(r.overall.p95)}.`);
  console.log("README row:");
  printTable(
    ["institutions", "clients", "think time", "duration", "req/s", "p50", "p95", "max", "errors", "server RSS (peak)"],
    [[String(seeded.institutions), String(CLIENTS), THINK_MS > 0 ? `~${THINK_MS} ms` : "none", `${SECONDS} s`, r.overall.rps.toFixed(1), ms(r.overall.p50), ms(r.overall.p95), ms(r.overall.max), String(r.overall.errors), `${r.peakRssMb.toFixed(0)} MB`]],
  );
}

runBenchmark(main);
