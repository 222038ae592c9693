/**
 * `npm run bench:history`: a year of 1-minute check history for 650 endpoints, kept the way the
 * checker keeps it, and the endpoint page's read of its health figures on top. A benchmark, not a test.
 *
 * On the configured Postgres (DATABASE_URL; without it a throwaway server from the local
 * PostgreSQL binaries, via scripts/bench/support.ts like the other benchmarks) in a fresh
 * database `duo_bench_history` with the demo data, topped up to 650 endpoints.
 *
 * What is real and what is generated — one year at one check a minute is 650 × 525,600 =
 * 341.6 M raw results; pushing them all through the runner would take days, and retention would
 * delete 92 % of them again. So:
 *  - months beyond raw retention (and the last 30 days of the endpoints outside the sample) are
 *    generated directly as hourly rollups with SQL `generate_series` — the columns and meaning
 *    applyRollups writes (60 checks an hour, a few hours with degraded or down minutes, latency
 *    sums, min, max) — and the daily rollups are summed from them per Europe/Amsterdam day, as
 *    applyRollups buckets them;
 *  - for a SAMPLE of endpoints (BENCH_SAMPLE, default 5), CHECKER_RAW_RETENTION_DAYS + 1 days of
 *    raw 1-minute results go the real way: rows built by the runner's own checkResultValues()
 *    from real probe results (the bundled simulator: ok, slow, Receiver fault), kept in full only
 *    where the runner keeps them (samples.ts keepFullResult: failures, changes, the first check
 *    of an hour), every check packed into the hourly rollup by the runner's applyRollups(), then
 *    pruned by runRetention();
 *  - the endpoints outside the sample get their raw window's packed samples (9 bytes a check) as
 *    random bytes of the same length, so the rollup table has its real size;
 *  - storage per endpoint is then: rollups (measured over all 650) + the raw window (measured on
 *    the sample, per endpoint) + certificate and health rows. The raw part for the other 645 is
 *    an extrapolation from the sample, said so in the output;
 *  - before the go-live timing (after the storage figures), the endpoints outside the sample get
 *    the full result rows the runner keeps for any endpoint, however healthy: the first check of
 *    each hour of the raw window, with its certificate.
 * Then the endpoint page's health figures (lib/checker/queries.ts getEndpointAvailability: 12 months,
 * uptime over 24 h / 7 / 30 / 90 days and latency, from the frozen months, the uptime sums and the
 * hours of the current month and the latency week) are read for every endpoint; p50/p95 are
 * printed. Then the dashboard's go-live evaluation (lib/golive/queries.ts loadGoLiveDashboard,
 * every institution's evidence over the year) is timed. Targets (issue 6): ≤ 50 ms per endpoint,
 * ≤ 5 MB per endpoint-year.
 *
 * BENCH_ENDPOINTS (650), BENCH_SAMPLE (5) and CHECKER_RAW_RETENTION_DAYS (30) adjust it.
 */
import { sql } from "drizzle-orm";
import { toAmsterdamDate } from "@/lib/domain/dates";
import type { ProbeResult } from "@/lib/checker/probe";
import { adminDatabaseUrl, freshDatabase, pct, printTable, runBenchmark } from "./bench/support";

const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS || 650);
const SAMPLE = Math.min(ENDPOINTS, Number(process.env.BENCH_SAMPLE || 5));
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MB = 1024 * 1024;
const TARGET_QUERY_MS = 50;
const TARGET_MB_PER_ENDPOINT_YEAR = 5;
const GO_LIVE_RUNS = 10;

const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const rowsOf = <T>(res: unknown) => (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];

/** The UTC instant of Amsterdam midnight `daysBack` days before `now`'s Amsterdam date. */
function amsterdamMidnight(now: Date, daysBack: number): Date {
  const date = toAmsterdamDate(new Date(now.getTime() - daysBack * DAY));
  // Amsterdam is UTC+1 or UTC+2: try both and keep the one that is midnight there.
  for (const offset of [1, 2]) {
    const t = new Date(`${date}T00:00:00Z`);
    t.setUTCHours(-offset);
    if (toAmsterdamDate(t) === date && toAmsterdamDate(new Date(t.getTime() - 1)) !== date) return t;
  }
  throw new Error(`no Amsterdam midnight found for ${date}`);
}

/** Three real results from the simulator, to give the raw rows their real shape and size. */
async function probeTemplates() {
  const { startSimulator } = await import("@/lib/checker/simulator/server");
  const { loadCheckerConfig } = await import("@/lib/checker/config");
  const { probeEndpoint } = await import("@/lib/checker/probe");
  const sim = await startSimulator({ scenarios: [] });
  try {
    const config = loadCheckerConfig({ ...sim.env, CHECKER_ALLOW_TARGETS: "127.0.0.0/8" });
    const probe = (url: string, slowMs = 2000) => probeEndpoint({ ...config, url, expectedUra: sim.pki.serverUra, timeoutMs: 5000, slowMs });
    const [up, degraded, down] = [await probe(sim.url("ok")), await probe(sim.url("ok"), 1), await probe(sim.url("fault-receiver"))];
    if (up.status !== "up" || degraded.status !== "degraded" || down.status !== "down") {
      throw new Error(`the simulator did not give up/degraded/down (${up.status}/${degraded.status}/${down.status}): ${up.detail ?? ""}`);
    }
    return { up, degraded, down };
  } finally {
    await sim.close();
  }
}

async function main() {
  process.env.AUTH_SECRET ||= "bench-secret-bench-secret-bench-secret-42";
  const { openDatabase } = await import("@/db/client");
  const { migrateDatabase } = await import("@/lib/database");
  const { seedDemoData } = await import("@/db/seed");
  const { endpoints, institutions, checkResults, endpointHealth, endpointCertificates } = await import("@/db/schema");
  const { applyRollups, checkResultValues, upsertCertificate } = await import("@/lib/checker/runner");
  const { keepFullResult, SAMPLE_BYTES } = await import("@/lib/checker/samples");
  const { runRetention } = await import("@/lib/checker/retention");
  const { loadRunnerSettings } = await import("@/lib/checker/settings");
  const { getEndpointAvailability } = await import("@/lib/checker/queries");
  const { loadGoLiveDashboard } = await import("@/lib/golive/queries");
  const { freezeMonth } = await import("@/lib/checker/availability");
  const { amsterdamMonthOf, amsterdamMonthRange, hourlyRowsSince, previousMonth } = await import("@/lib/domain/availability");
  const rawDays = loadRunnerSettings().rawRetentionDays;

  const t0 = performance.now();
  const url = await freshDatabase(await adminDatabaseUrl(), "duo_bench_history");
  const h = openDatabase({ kind: "postgres", url, max: 4 });
  const db = h.db;
  try {
    await migrateDatabase(h, url);
    await seedDemoData(db);

    // 650 endpoints: the demo ones, then more per institution (one active per environment × transaction).
    const existing = await db.select({ institutionId: endpoints.institutionId, environment: endpoints.environment, transaction: endpoints.transaction }).from(endpoints);
    const taken = new Set(existing.map((e) => `${e.institutionId}|${e.environment}|${e.transaction}`));
    const insts = await db.select({ id: institutions.id, vendor: institutions.vendorCode }).from(institutions).orderBy(institutions.ura);
    const extra: Array<typeof endpoints.$inferInsert> = [];
    for (const env of ["acceptance", "production"] as const) {
      for (const tx of ["iti-38", "iti-39", "rad-75"] as const) {
        for (const inst of insts) {
          if (existing.length + extra.length >= ENDPOINTS) break;
          if (taken.has(`${inst.id}|${env}|${tx}`)) continue;
          const n = existing.length + extra.length;
          extra.push({ institutionId: inst.id, vendorCode: inst.vendor ?? "enovation", environment: env, transaction: tx, url: `https://gw-${n}.bench.example/${tx}`, homeCommunityId: `urn:oid:2.16.840.1.113883.2.4.3.9${n}` });
        }
      }
    }
    for (let i = 0; i < extra.length; i += 500) await db.insert(endpoints).values(extra.slice(i, i + 500));
    const ids = (await db.select({ id: endpoints.id }).from(endpoints).orderBy(endpoints.id).limit(ENDPOINTS)).map((r) => r.id);
    if (ids.length < ENDPOINTS) throw new Error(`only ${ids.length} endpoints could be created`);
    const sample = ids.slice(0, SAMPLE);
    const rest = ids.slice(SAMPLE);
    console.log(`• fresh database with the demo data and ${ids.length} endpoints (${extra.length} added) in ${secs(t0)}`);

    // The demo seed leaves five weeks of daily rollups (and an outage's hours) for the go-live
    // evidence; this benchmark builds the whole year itself, so they go first.
    await db.execute(sql`delete from check_rollups_daily where true`);
    await db.execute(sql`delete from check_rollups_hourly where true`);

    const now = new Date();
    now.setUTCSeconds(0, 0);
    const nowHour = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    const yearFrom = amsterdamMidnight(now, 365);
    const rawFrom = amsterdamMidnight(now, rawDays + 1); // one day more than kept, so retention has work
    const templates = await probeTemplates();

    // 1. Rollups generated in SQL: the year before the raw window for everyone, the raw window too
    //    for the endpoints outside the sample. Same buckets and columns as applyRollups.
    const t1 = performance.now();
    const generate = async (epIds: string[], from: Date, to: Date) => {
      for (let i = 0; i < epIds.length; i += 50) {
        const chunk = epIds.slice(i, i + 50);
        await db.execute(sql`
          insert into check_rollups_hourly (endpoint_id, hour, up, degraded, down, excluded, total_ms_sum, total_ms_min, total_ms_max)
          select id, hour, 60 - down - degraded, degraded, down, 0,
                 (60 - down - degraded)::bigint * fast + degraded * 2400 + down * 5000,
                 fast - 60, case when down > 0 then 5000 when degraded > 0 then 2600 else fast * 3 end
          from (
            select e.id, h.hour,
                   case when random() < 0.004 then 1 + floor(random() * 59)::int else 0 end as down,
                   case when random() < 0.03 then 1 + floor(random() * 4)::int else 0 end as degraded,
                   140 + floor(random() * 120)::int as fast
            from unnest(${`{${chunk.join(",")}}`}::uuid[]) as e(id)
            cross join generate_series(${from.toISOString()}::timestamptz, ${new Date(to.getTime() - HOUR).toISOString()}::timestamptz, interval '1 hour') as h(hour)
          ) g`);
        await db.execute(sql`
          insert into check_rollups_daily (endpoint_id, day, up, degraded, down, excluded, total_ms_sum, total_ms_min, total_ms_max)
          select endpoint_id, (hour at time zone 'Europe/Amsterdam')::date, sum(up), sum(degraded), sum(down), sum(excluded), sum(total_ms_sum), min(total_ms_min), max(total_ms_max)
          from check_rollups_hourly
          where endpoint_id = any(${`{${chunk.join(",")}}`}::uuid[]) and hour >= ${from.toISOString()}::timestamptz and hour < ${to.toISOString()}::timestamptz
          group by 1, 2`);
      }
    };
    await generate(ids, yearFrom, rawFrom);
    await generate(rest, rawFrom, nowHour);
    // Their raw window's packed checks: 60 a generated hour, as random bytes of the packed size.
    await db.execute(sql`
      update check_rollups_hourly set samples = substring(decode(repeat(md5(random()::text), ${Math.ceil((60 * SAMPLE_BYTES) / 16)}), 'hex') from 1 for ${60 * SAMPLE_BYTES})
      where hour >= ${rawFrom.toISOString()}::timestamptz and endpoint_id = any(${`{${rest.join(",")}}`}::uuid[])`);
    const [{ hourly }] = rowsOf<{ hourly: number }>(await db.execute(sql`select count(*)::int as hourly from check_rollups_hourly`));
    console.log(`• ${Number(hourly).toLocaleString("en")} hourly rollups (and their daily sums) generated in SQL in ${secs(t1)}`);

    // 2. The sample: raw 1-minute results as the runner stores them, rolled up by the runner's code.
    const t2 = performance.now();
    let rand = 42;
    const next = () => ((rand = (rand * 1103515245 + 12345) % 2147483648) / 2147483648);
    let rawRows = 0;
    let fullRows = 0;
    for (const endpointId of sample) {
      let previous: { status: string | null; reason: string | null; at: Date | null } | null = null;
      const certificateId = await db.transaction((tx) => upsertCertificate(tx, endpointId, templates.up, rawFrom));
      const minutes = Math.floor((now.getTime() - rawFrom.getTime()) / 60_000);
      for (let m = 0; m < minutes; m += 1000) {
        const batch: ProbeResult[] = [];
        for (let k = m; k < Math.min(minutes, m + 1000); k++) {
          const p = next();
          const template = p < 0.005 ? templates.down : p < 0.03 ? templates.degraded : templates.up;
          const totalMs = template === templates.down ? 5000 : template === templates.degraded ? 2100 + Math.floor(next() * 800) : 140 + Math.floor(next() * 120);
          const checkedAt = new Date(rawFrom.getTime() + k * 60_000 + Math.floor(next() * 5000));
          batch.push({ ...template, checkedAt: checkedAt.toISOString(), phases: { ...template.phases, totalMs } });
        }
        // The runner's rule for which checks keep a full row (health transitions are rare here and
        // always coincide with a status change, which the rule keeps anyway).
        const full = batch.map((r) => {
          const at = new Date(r.checkedAt);
          const keep = keepFullResult({ trigger: "schedule", status: r.status, reason: r.reason, at, previous, healthChanged: false });
          previous = { status: r.status, reason: r.reason, at };
          return keep;
        });
        await db.transaction(async (tx) => {
          const rows = batch.filter((_, i) => full[i]).map((r) => checkResultValues(endpointId, r, { trigger: "schedule", actorUserId: null, certificateId, suppressed: null }));
          if (rows.length) await tx.insert(checkResults).values(rows);
          await applyRollups(tx, batch.map((r, i) => ({ endpointId, checkedAt: new Date(r.checkedAt), status: r.status, totalMs: r.phases.totalMs, excluded: false, full: full[i] })));
        });
        rawRows += batch.length;
        fullRows += full.filter(Boolean).length;
      }
    }
    console.log(
      `• sample: ${rawRows.toLocaleString("en")} checks for ${sample.length} endpoints (${rawDays + 1} days × 1,440) packed into the rollups, ${fullRows.toLocaleString("en")} (${((fullRows / rawRows) * 100).toFixed(1)} %) also stored as full result rows, through the runner's code in ${secs(t2)}`,
    );

    // Health and certificate rows for everyone (one each, as after the first check).
    await db.execute(sql`
      insert into ${endpointCertificates} (endpoint_id, fingerprint, subject, issuer, not_after, ura, expected_ura, first_seen_at, last_seen_at)
      select id, md5(id::text), ${templates.up.certificate.subject}, ${templates.up.certificate.issuer}, ${templates.up.certificate.notAfter}::timestamptz, ${templates.up.certificate.ura}, ${templates.up.certificate.ura}, ${yearFrom.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      from unnest(${`{${rest.join(",")}}`}::uuid[]) as e(id)`);
    await db.insert(endpointHealth).values(ids.map((endpointId) => ({ endpointId, status: "up" as const, since: yearFrom, consecutiveSuccesses: 2, lastCheckedAt: now, lastStatus: "up" as const, lastTotalMs: 180, intervalSeconds: 60 })));

    // 3. Retention, as the worker runs it.
    const t3 = performance.now();
    const pruned = await runRetention(db, { now, rawRetentionDays: rawDays });
    const [{ left }] = rowsOf<{ left: number }>(await db.execute(sql`select count(*)::int as left from check_results`));
    console.log(`• runRetention (CHECKER_RAW_RETENTION_DAYS=${rawDays}): ${pruned.raw.toLocaleString("en")} raw results older than ${rawDays} days pruned, ${Number(left).toLocaleString("en")} kept, in ${secs(t3)}`);
    // 3b. The frozen months (issue 15 §2): every finished month of the year, as the scheduled job freezes them.
    const t3b = performance.now();
    const months: string[] = [];
    for (let m = previousMonth(amsterdamMonthOf(now)); amsterdamMonthRange(m).start >= yearFrom; m = previousMonth(m)) months.push(m);
    let frozenRows = 0;
    let corrected = 0;
    for (const month of months) {
      const out = await freezeMonth(db, { month, now });
      frozenRows += out.frozen;
      corrected += out.corrected;
    }
    // The demo seed's made-up months of its endpoints differ from the generated rollups: those become late_data revisions.
    console.log(`• ${months.length} finished months frozen in ${secs(t3b)}: ${frozenRows.toLocaleString("en")} new rows, ${corrected.toLocaleString("en")} late_data revisions of the demo seed's months`);
    await db.execute(sql`vacuum full analyze check_results, check_rollups_hourly, check_rollups_daily, endpoint_certificates, endpoint_health, availability_months`);

    // 4. Storage.
    const size = async (table: string) => Number(rowsOf<{ b: string }>(await db.execute(sql`select pg_total_relation_size(${table}::regclass)::bigint as b`))[0].b);
    const sizes = {
      raw: await size("check_results"),
      hourly: await size("check_rollups_hourly"),
      daily: await size("check_rollups_daily"),
      certs: await size("endpoint_certificates"),
      health: await size("endpoint_health"),
      months: await size("availability_months"),
    };
    const rollupsPerEndpoint = (sizes.hourly + sizes.daily) / ids.length / MB;
    const smallPerEndpoint = (sizes.certs + sizes.health) / ids.length / MB;
    // Monthly rows: 12 a year per endpoint, at the measured size per row (table and indexes).
    const [{ monthRows }] = rowsOf<{ monthRows: number }>(await db.execute(sql`select count(*)::int as "monthRows" from availability_months`));
    const monthsPerEndpoint = ((sizes.months / Math.max(1, Number(monthRows))) * 12) / MB;
    const rawPerEndpoint = sizes.raw / sample.length / MB;
    const rawPerRow = sizes.raw / Number(left);
    const steady = rollupsPerEndpoint + rawPerEndpoint + smallPerEndpoint + monthsPerEndpoint;

    // 5. The endpoint page's health figures (12 months, uptime, latency: the frozen months and one
    //    read of the hourly rollups), for every endpoint (shuffled), after a warm-up.
    const order = [...ids].sort(() => next() - 0.5);
    for (const id of order.slice(0, 20)) await getEndpointAvailability(db, id, now);
    const times: number[] = [];
    let d90Sum = 0;
    for (const id of order) {
      const q0 = performance.now();
      const { uptime: u } = await getEndpointAvailability(db, id, now);
      times.push(performance.now() - q0);
      d90Sum += u.d90 ?? 0;
    }
    times.sort((a, b) => a - b);
    // How the hourly rows are read: the current month's and the latency week's (the frozen months' hours are not).
    const recentStart = hourlyRowsSince([amsterdamMonthOf(now)], new Set(), now);
    const scanOf = async (q: ReturnType<typeof sql>) => {
      const plan = rowsOf<{ "QUERY PLAN": string }>(await db.execute(sql`explain (analyze, buffers) ${q}`)).map((r) => r["QUERY PLAN"]);
      return plan.find((l) => /Scan/.test(l))?.trim() ?? plan[0];
    };
    const plan = await scanOf(sql`select hour, up, degraded, down, excluded, checker_offline, total_ms_sum, total_ms_max from check_rollups_hourly where endpoint_id = ${order[0]} and hour >= ${recentStart.toISOString()}::timestamptz`);
    const p50 = pct(times, 50);
    const p95 = pct(times, 95);

    // 6. The dashboard's go-live evaluation (every institution's evidence, over the year of
    //    rollups): the dashboard keeps it at most 5 s, so a busy dashboard makes it every 5 s.
    //    It reads each endpoint's newest result with a certificate, so the endpoints outside the
    //    sample first get the full result rows the runner keeps for every endpoint however healthy
    //    (keepFullResult: the first check of each hour of the raw window), with their certificate.
    //    After the storage figures above, which count the sample's rows only.
    const t6 = performance.now();
    await db.execute(sql`
      insert into check_results (endpoint_id, checked_at, status, mode, total_ms, trigger, certificate_id)
      select e.id, h, 'up', 'transport', 180, 'schedule', (select max(c.id) from endpoint_certificates c where c.endpoint_id = e.id)
      from unnest(${`{${rest.join(",")}}`}::uuid[]) as e(id)
      cross join generate_series(${new Date(nowHour.getTime() - rawDays * DAY).toISOString()}::timestamptz, ${nowHour.toISOString()}::timestamptz, interval '1 hour') as h`);
    await db.execute(sql`analyze check_results`);
    const [{ resultRows }] = rowsOf<{ resultRows: number }>(await db.execute(sql`select count(*)::int as "resultRows" from check_results`));
    console.log(`\n• the first check of every hour of the raw window stored as a full row for the ${rest.length} endpoints outside the sample (${Number(resultRows).toLocaleString("en")} result rows in all) in ${secs(t6)}`);
    const goLiveTimes: number[] = [];
    for (let i = 0; i < GO_LIVE_RUNS + 2; i++) {
      const q0 = performance.now();
      await loadGoLiveDashboard(db, now);
      if (i >= 2) goLiveTimes.push(performance.now() - q0);
    }
    goLiveTimes.sort((a, b) => a - b);
    const downPlan = await scanOf(
      sql`select endpoint_id, hour from check_rollups_hourly where endpoint_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) and hour <= ${now.toISOString()}::timestamptz and check_rollups_hourly.down > 0 and check_rollups_hourly.up + check_rollups_hourly.degraded = 0`,
    );

    console.log(`\nThe endpoint page's health figures (getEndpointAvailability: 12 months, uptime over 24 h / 7 / 30 / 90 days and latency: the frozen months, the uptime sums, and the hours of the current month and the latency week) for ${times.length} endpoints:`);
    console.log(`  p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms; mean 90-day uptime ${(d90Sum / times.length).toFixed(2)} %`);
    console.log(`  the hourly rows read: ${plan}`);
    console.log(`\nThe dashboard's go-live evaluation (loadGoLiveDashboard: every institution's evidence over the year), ${goLiveTimes.length} runs after 2 warm-ups:`);
    console.log(`  p50 ${pct(goLiveTimes, 50).toFixed(1)} ms, max ${goLiveTimes.at(-1)!.toFixed(1)} ms`);
    console.log(`  the hours each endpoint was down throughout: ${downPlan}`);
    console.log(`\nStorage (pg_total_relation_size after VACUUM FULL, tables with their indexes):`);
    console.log(`  hourly rollups ${(sizes.hourly / MB).toFixed(1)} MB + daily ${(sizes.daily / MB).toFixed(1)} MB for ${ids.length} endpoint-years = ${rollupsPerEndpoint.toFixed(2)} MB per endpoint-year`);
    console.log(`  raw results: ${(sizes.raw / MB).toFixed(1)} MB for ${Number(left).toLocaleString("en")} rows of the sample = ${rawPerRow.toFixed(0)} bytes per row, ${rawPerEndpoint.toFixed(1)} MB per endpoint for the ${rawDays}-day window at 1 check/minute`);
    console.log(`    (extrapolated to all ${ids.length} endpoints: ${((rawPerEndpoint * ids.length) / 1024).toFixed(1)} GB; only the sample's raw rows were stored)`);
    console.log(`    (at the default 5-minute interval the same window is ${(rawPerEndpoint / 5).toFixed(1)} MB per endpoint)`);
    console.log(`  certificates + health ${((sizes.certs + sizes.health) / MB).toFixed(1)} MB = ${smallPerEndpoint.toFixed(3)} MB per endpoint`);
    console.log(`  frozen months ${(sizes.months / MB).toFixed(1)} MB for ${Number(monthRows).toLocaleString("en")} rows = ${monthsPerEndpoint.toFixed(3)} MB per endpoint-year (12 rows)`);
    console.log(`  steady state per endpoint (a year of rollups with the raw window's packed checks + full result rows + monthly rows + certificate/health): ${steady.toFixed(1)} MB`);
    console.log(`\nTargets:`);
    console.log(`  ${p95 <= TARGET_QUERY_MS ? "✔" : "✖"} endpoint page's health figures (a year of rollups: 12 months, uptime, latency) ≤ ${TARGET_QUERY_MS} ms per endpoint (p95 ${p95.toFixed(1)} ms)`);
    console.log(`  ${rollupsPerEndpoint + smallPerEndpoint + monthsPerEndpoint <= TARGET_MB_PER_ENDPOINT_YEAR ? "✔" : "✖"} ≤ ${TARGET_MB_PER_ENDPOINT_YEAR} MB per endpoint-year of history kept (rollups + monthly rows + certificate/health: ${(rollupsPerEndpoint + smallPerEndpoint + monthsPerEndpoint).toFixed(2)} MB)`);
    console.log(`  ${steady <= TARGET_MB_PER_ENDPOINT_YEAR ? "✔" : "✖"} ≤ ${TARGET_MB_PER_ENDPOINT_YEAR} MB per endpoint including the ${rawDays}-day raw window at 1-minute checks (${steady.toFixed(1)} MB)`);
    console.log("");
    printTable(
      ["endpoints", "health figures p50", "p95", "rollups / endpoint-year", "raw window / endpoint (1 min, " + rawDays + " d)", "steady state / endpoint"],
      [[String(ids.length), `${p50.toFixed(1)} ms`, `${p95.toFixed(1)} ms`, `${rollupsPerEndpoint.toFixed(2)} MB`, `${rawPerEndpoint.toFixed(1)} MB (${rawPerRow.toFixed(0)} B/row)`, `${steady.toFixed(1)} MB`]],
    );
  } finally {
    await h.close();
  }
}

runBenchmark(main);
