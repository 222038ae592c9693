/**
 * `npm run bench:import`: committing a 10,000-row institution CSV through the import page, on the
 * embedded PGlite and on Postgres, and how the rest of the portal answers meanwhile. A benchmark,
 * not a test: it prints figures and fails only when something cannot run.
 *
 * Per database: a production server (scripts/start.ts --no-build, demo seed) on a fresh database
 * (a temporary PGlite folder; a throwaway Postgres, or DATABASE_URL's server), the programme admin
 * signed in through the real login form with its demo TOTP code in Chromium (CHROMIUM_PATH,
 * default /usr/bin/chromium), then two commits through the form, each timed from the click on
 * "Importeren" to "Import voltooid" (upload, the server's second check of the file and the write):
 *   new      10,000 new institutions, each with 4 contacts (40,000) and a readiness row;
 *   updates  the same 10,000 again, every city and every project lead's phone changed (10,000
 *            institution rows and 10,000 contacts rewritten).
 * Meanwhile two probes ask the same server, one request after the other with 50 ms between:
 * `/api/health` (no database) and `/api/session` (signed in: a session lookup in the database).
 * Printed per commit: its time, and each probe's worst and median latency while it ran.
 * Targets (issue 21): commit ≤ 5 s, every probe answered within 1 s.
 *
 * BENCH_ROWS (default 10000) sets the size; BENCH_DB=pglite|postgres runs one database only.
 * The figures depend on the machine's load: the load average is printed with them.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { DEMO_USERS } from "@/db/seed/demo-users";
import { timeStep, totpCodeForStep } from "@/lib/auth/totp";
import { serializeInstitutionCsv } from "@/lib/institutions/csv";
import { adminDatabaseUrl, freePort, freshDatabase, ms, pct, printTable, requireBuild, runBenchmark, startServer, stopServer } from "./bench/support";

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const ONLY = process.env.BENCH_DB;

/** `count` institutions with URAs from 60,000,000 on; `variant` 1 changes every city and project lead phone. */
function csvFile(count: number, variant: 0 | 1) {
  const rows = Array.from({ length: count }, (_, i) => {
    const d = DEMO_INSTITUTIONS[i % DEMO_INSTITUTIONS.length];
    return {
      ...d,
      name: `${d.name} ${i + 1}`,
      ura: String(60_000_000 + i),
      agb: null,
      kvk: null,
      city: variant ? `${d.city}-Noord` : d.city,
      contacts: d.contacts.map((c) => (variant && c.role === "project_lead" ? { ...c, phone: "+31 30 000 0000" } : c)),
    };
  });
  return serializeInstitutionCsv(rows);
}

async function signInAdmin(page: Page) {
  const admin = DEMO_USERS.find((u) => u.role === "programme_admin" && u.totpSecret)!;
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill(admin.email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(admin.password);
  await page.locator("main").getByRole("button", { name: "Inloggen" }).click();
  await page.locator("main").getByLabel("Code uit de authenticator-app").waitFor();
  await page.locator("main").getByLabel("Code uit de authenticator-app").fill(totpCodeForStep(admin.totpSecret!, timeStep(Date.now())));
  await page.locator("main").getByRole("button", { name: "Bevestigen" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 60_000 });
}

/** Asks `path` one request after the other (50 ms apart) until stopped; answers the latencies. */
function probe(base: string, p: string, cookie: string) {
  const latencies: number[] = [];
  let errors = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}${p}`, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      const sorted = [...latencies].sort((a, b) => a - b);
      return { n: sorted.length, max: sorted.at(-1) ?? 0, p50: pct(sorted, 50), errors };
    },
  };
}

type Row = { db: string; run: string; seconds: number; health: Awaited<ReturnType<ReturnType<typeof probe>["stop"]>>; session: Awaited<ReturnType<ReturnType<typeof probe>["stop"]>> };

async function measure(db: "PGlite" | "Postgres", rows: Row[]) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let extraEnv: Record<string, string> = { SEED_DEMO: "true", CHECKER_SIMULATOR: "false" };
  let url = "";
  let dir: string | null = null;
  if (db === "Postgres") url = await freshDatabase(await adminDatabaseUrl(), "duo_bench_import");
  else {
    dir = mkdtempSync(path.join(os.tmpdir(), "duo-bench-import-"));
    extraEnv = { ...extraEnv, PGLITE_DIR: path.join(dir, "pglite") };
  }
  const server = await startServer(url, port, extraEnv);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  try {
    const context = await browser.newContext({ baseURL: base, locale: "nl-NL" });
    const page = await context.newPage();
    await signInAdmin(page);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    for (const [run, variant] of [["new", 0], ["updates", 1]] as const) {
      const file = path.join(os.tmpdir(), `duo-bench-import-${process.pid}-${run}.csv`);
      writeFileSync(file, csvFile(ROWS, variant));
      await page.goto("/admin/imports");
      await page.getByLabel("CSV-bestand").setInputFiles(file);
      await page.getByRole("button", { name: "Voorbeeld bekijken" }).click();
      await page.locator("main [role=status]").filter({ hasText: "Het bestand is in orde" }).waitFor({ timeout: 120_000 });
      const health = probe(base, "/api/health", "");
      const session = probe(base, "/api/session", cookie);
      const t0 = performance.now();
      await page.getByRole("button", { name: "Importeren" }).click();
      await page.locator("main [role=status]").filter({ hasText: "Import voltooid" }).waitFor({ timeout: 300_000 });
      const seconds = (performance.now() - t0) / 1000;
      rows.push({ db, run, seconds, health: await health.stop(), session: await session.stop() });
      rmSync(file, { force: true });
      console.log(`  ${db} ${run}: ${seconds.toFixed(1)} s`);
    }
  } finally {
    await browser.close();
    await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark(async () => {
  requireBuild();
  const rows: Row[] = [];
  for (const db of ["PGlite", "Postgres"] as const) {
    if (ONLY && ONLY.toLowerCase() !== db.toLowerCase()) continue;
    console.log(`• ${db}: ${ROWS.toLocaleString("en")} rows`);
    await measure(db, rows);
  }
  console.log(`\nload average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (${os.cpus().length} cores)\n`);
  const s = (p: Row["health"]) => `${ms(p.max)} (p50 ${ms(p.p50)}, n ${p.n}${p.errors ? `, ${p.errors} errors` : ""})`;
  printTable(
    ["database", "commit", "time (target ≤ 5 s)", "/api/health worst (≤ 1 s)", "/api/session worst (≤ 1 s)"],
    rows.map((r) => [r.db, r.run, `${r.seconds.toFixed(1)} s`, s(r.health), s(r.session)]),
  );
});
