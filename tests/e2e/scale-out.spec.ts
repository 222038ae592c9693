/**
 * The deployment shape of README "Deployment shape (scale-out)", run for real (issue 21 §5): two
 * web instances (scripts/start.ts, as `npm start`) and two checker workers (scripts/worker.ts,
 * as `npm run worker`) on ONE Postgres database of this spec's own, and what must hold across them:
 *
 *   1. a session made on instance A works on instance B (same AUTH_SECRET, sessions in Postgres);
 *   2. failed sign-ins alternated between A and B hit the per-account limit at its configured
 *      total, not at twice it;
 *   3. a sweep of 200 endpoints, with one worker SIGKILLed once it has taken check jobs: every
 *      endpoint × slot is recorded exactly once (endpoint_health.checked_slot), the killed
 *      worker's jobs retried by the others (CHECKER_JOB_EXPIRE_SECONDS=10);
 *   4. an institution import SIGKILLed mid-commit leaves no row of its file and no
 *      `institution.import` audit event.
 *
 * Postgres only: it runs in the "e2e Postgres" phase (not @core, PGlite is one process) and needs
 * E2E_DATABASE_URL, whose server it creates `scale_<random>` on (dropped in afterAll). Without it
 * the spec fails: it never skips. Every process it starts is stopped in afterAll, also on failure.
 * No timing assertions: it polls with generous deadlines (a loaded 2-core machine).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "@/db/seed/demo-users";
import { currentSlot } from "@/lib/checker/state";
import { startSimulator, TRANSACTION_PATHS, type Simulator } from "@/lib/checker/simulator/server";
import { MALLOC_ARENA_MAX, NODE_MEMORY_FLAGS, TS_LOADER } from "../../scripts/support/memory";
import { freePort } from "../../scripts/support/postgres";

const ROOT = path.resolve(__dirname, "..", "..");
/** The per-account limit the instances run with (LOGIN_MAX_FAILURES_PER_ACCOUNT, lib/env.ts default). */
const LOGIN_LIMIT = 5;
const ENDPOINTS = 200;
/** Each probe waits this long at the simulator, so a worker still holds its jobs when it is killed. */
const PROBE_DELAY_MS = 4000;
/** The test endpoints' check interval: their slot cannot roll over while the spec runs (see below). */
const INTERVAL_SECONDS = 3600;
const IMPORT_ROWS = 5000;
const IMPORT_URA_BASE = 62_000_000;
const SWEEP_URA_BASE = 63_000_000;

const viewer = DEMO_USERS.find((u) => u.email === "viewer@duo-demo.test")!; // programme_viewer: no second factor
const lockVictim = DEMO_USERS.find((u) => u.email === "projectleider2@duo-demo.test")!;

/** The admin URL (database `postgres`) of E2E_DATABASE_URL's server; throws without one. */
function adminUrl(): string {
  const given = process.env.E2E_DATABASE_URL;
  if (!given)
    throw new Error(
      "scale-out.spec.ts needs a real Postgres: set E2E_DATABASE_URL (tests/run.ts does in the e2e Postgres phase, `npm test -- e2e`). It creates a database of its own on that server; it does not run on PGlite and never skips.",
    );
  const u = new URL(given);
  u.pathname = "/postgres";
  return u.toString();
}

/** A child process with its output kept (for waiting on a line, and for the failure message). */
class Proc {
  readonly lines: string[] = [];
  private waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  readonly exited: Promise<number | null>;
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let partial = "";
    const onData = (d: Buffer) => {
      partial += d.toString();
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) {
        this.lines.push(line);
        if (this.lines.length > 5000) this.lines.splice(0, 1000);
        this.waiters = this.waiters.filter((w) => {
          if (!w.re.test(line)) return true;
          w.resolve(line);
          return false;
        });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }
  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  tail(n = 25) {
    return `── last output of ${this.name} ──\n${this.lines.slice(-n).join("\n")}`;
  }
  /** Resolves with the first line from now on that matches; rejects when the process exits or the time is up. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no line matching ${re} within ${timeoutMs / 1000} s\n${this.tail()}`)), timeoutMs);
      this.waiters.push({
        re,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? this.child.signalCode}) while waiting for ${re}\n${this.tail()}`));
      });
    });
  }
  async stop() {
    if (!this.running) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

const procs: Proc[] = [];
// Should this worker process end without running afterAll (interrupted run), take the children along.
process.once("exit", () => {
  for (const p of procs) if (p.running) p.child.kill("SIGKILL");
});

/** `node --require tsx/cjs <script>` in the repository, with `npm start`'s memory bounds and loader (package.json). */
function startNode(name: string, script: string[], env: Record<string, string>): Proc {
  const flags = (process.env.NODE_MEMORY_FLAGS ?? NODE_MEMORY_FLAGS).split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, ...TS_LOADER.split(" "), ...script], {
    cwd: ROOT,
    env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? MALLOC_ARENA_MAX, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const p = new Proc(name, child);
  procs.push(p);
  return p;
}

async function poll<T>(what: string, fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, intervalMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    let error: unknown;
    try {
      value = await fn();
      if (done(value)) return value;
    } catch (e) {
      error = e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s (last: ${error ? String(error) : JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ---------------------------------------------------------------------------------------------
// The cluster

let admin: postgres.Sql | null = null;
let sql: postgres.Sql;
let dbName = "";
let dbUrl = "";
let sim: Simulator | null = null;
let env: Record<string, string> = {};
let instanceA: { proc: Proc; base: string };
let instanceB: { proc: Proc; base: string };
let workers: Proc[] = [];

test.describe.configure({ mode: "serial" });

test.describe("scale-out: two instances and two workers on one Postgres", () => {
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    const t0 = Date.now();
    const server = adminUrl();
    dbName = `scale_${randomBytes(5).toString("hex")}`;
    admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dbName}`);
    const u = new URL(server);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();

    // The simulator that answers the sweep's endpoints, with its PKI kept per worktree.
    sim = await startSimulator({ scenarios: [], pkiDir: path.join(ROOT, "tests", ".tmp", "scale-out-pki") });
    env = {
      DATABASE_URL: dbUrl,
      NODE_ENV: "production",
      AUTH_SECRET: `scale-out-only-secret-${randomBytes(16).toString("hex")}`,
      PASSWORD_HASH_COST: process.env.PASSWORD_HASH_COST || "4",
      SEED_DEMO: "false",
      CHECKER_SIMULATOR: "false",
      CHECKER_JOB_EXPIRE_SECONDS: "10",
      // Trust the simulator's PKI and allow its loopback address (CHECKER_ALLOW_TARGETS), which
      // the SSRF guard refuses otherwise.
      ...sim.env,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(LOGIN_LIMIT),
      LOGIN_MAX_FAILURES_PER_IP: "1000",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    };

    // Migrate and seed once, as `npm run db:seed` does; the instances then start with SEED_DEMO=false.
    const seed = startNode("seed", ["scripts/seed.ts"], env);
    const code = await seed.exited;
    if (code !== 0) throw new Error(`migrating and seeding ${dbName} failed (exit ${code})\n${seed.tail()}`);
    sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
    // Only this spec's endpoints are checked: the demo ones point at demo hosts.
    await sql`update endpoints set status = 'off' where status = 'active'`;

    const [portA, portB] = [await freePort(), await freePort()];
    const instance = (name: string, port: number) => {
      const base = `http://127.0.0.1:${port}`;
      // The instances check too (in-process worker), in batches of 2: the workers (batches of 20)
      // take most of the sweep, so one of them is sure to hold jobs when it is killed.
      const proc = startNode(name, ["scripts/start.ts", "--no-build"], { ...env, PORT: String(port), HOSTNAME: "127.0.0.1", APP_URL: base, WORKER_REQUIRED: "true", CHECKER_CONCURRENCY: "2" });
      return { proc, base };
    };
    // All four at once: migrations take an advisory lock, so they may (README).
    instanceA = instance("instance A", portA);
    instanceB = instance("instance B", portB);
    // Workers log each batch of check jobs they take (debug: checker.batch).
    workers = [1, 2].map((n) => startNode(`worker ${n}`, ["scripts/worker.ts"], { ...env, LOG_LEVEL: "debug" }));
    await Promise.all(workers.map((w) => w.waitForLine(/Checker worker running/, 180_000)));
    for (const { proc, base } of [instanceA, instanceB]) {
      // /api/ready with WORKER_REQUIRED=true: the database answers and the in-process checker runs.
      await poll(
        `${proc.name} ready`,
        async () => {
          if (!proc.running) throw new Error(`${proc.name} exited\n${proc.tail()}`);
          return (await fetch(`${base}/api/ready`)).status;
        },
        (s) => s === 200,
        180_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}\n${proc.tail()}`);
      });
    }
    console.log(`scale-out: database ${dbName} seeded, 2 instances and 2 workers ready in ${Math.round((Date.now() - t0) / 1000)} s`);
  });

  test.afterAll(async () => {
    test.setTimeout(120_000);
    await Promise.all(procs.map((p) => p.stop().catch(() => {})));
    await sim?.close().catch(() => {});
    await sql?.end({ timeout: 5 }).catch(() => {});
    if (admin && dbName) await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin?.end({ timeout: 5 }).catch(() => {});
  });

  test("a session made on instance A works on instance B", async () => {
    const jar = await signIn(instanceA.base, viewer.email, viewer.password);
    expect(jar.location, "signed in on A").not.toContain("error=");
    const cookie = jar.cookie;
    expect(cookie).toContain("session-token");

    for (const { proc, base } of [instanceA, instanceB]) {
      const session = await fetch(`${base}/api/session`, { headers: { cookie } });
      expect(session.status, `${proc.name}: /api/session with A's cookie`).toBe(200);
      const page = await fetch(`${base}/account`, { headers: { cookie }, redirect: "manual" });
      expect(page.status, `${proc.name}: /account with A's cookie`).toBe(200);
      expect(await page.text(), `${proc.name}: /account names the user`).toContain(viewer.name);
    }
    // Without the cookie B knows nobody: the session is what carried over.
    expect((await fetch(`${instanceB.base}/api/session`)).status).toBe(401);
    const anonymous = await fetch(`${instanceB.base}/account`, { redirect: "manual" });
    expect(anonymous.headers.get("location") ?? "", "B sends a visitor without the cookie to the login page").toContain("/login");
  });

  test(`failed sign-ins alternated between A and B are limited at ${LOGIN_LIMIT} in total, not ${2 * LOGIN_LIMIT}`, async () => {
    const codeOf = (location: string) => new URL(location, "http://x").searchParams.get("code") ?? "";
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      const on = i % 2 === 0 ? instanceA : instanceB;
      const res = await signIn(on.base, lockVictim.email, `fout-${i}`);
      expect(codeOf(res.location), `failed attempt ${i + 1} on ${on.proc.name}`).toBe("invalid_credentials");
    }
    // Each instance has seen only about half of them; the limit is the total in Postgres.
    for (const on of [instanceA, instanceB]) {
      const wrong = await signIn(on.base, lockVictim.email, "nog-een-keer-fout");
      expect(codeOf(wrong.location), `a further wrong password on ${on.proc.name}`).toMatch(/^rate_limited_account:\d+$/);
      const right = await signIn(on.base, lockVictim.email, lockVictim.password);
      expect(codeOf(right.location), `the right password on ${on.proc.name}`).toMatch(/^rate_limited_account:\d+$/);
      expect(right.cookie, `no session on ${on.proc.name}`).not.toContain("session-token");
    }
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from login_attempts where email = ${lockVictim.email} and not success`;
    expect(n, "failed attempts recorded (refusals by the limit are not attempts)").toBe(LOGIN_LIMIT);
  });

  test(`a sweep of ${ENDPOINTS} endpoints with a worker SIGKILLed mid-sweep records every endpoint × slot exactly once`, async () => {
    test.setTimeout(300_000);
    // The endpoints: 6 per institution (one active per environment × transaction), each on its
    // institution's own simulator listener (a certificate with its URA), answering after
    // PROBE_DELAY_MS. Ids are chosen so that their slot (interval 3600 s, jittered per id) has at
    // least 15 minutes left: one slot per endpoint for the whole spec, known in advance.
    const combos = (["acceptance", "production"] as const).flatMap((environment) => (["iti-38", "iti-39", "rad-75"] as const).map((transaction) => ({ environment, transaction })));
    const institutionCount = Math.ceil(ENDPOINTS / combos.length);
    const insts = Array.from({ length: institutionCount }, (_, i) => ({ id: randomUUID(), ura: String(SWEEP_URA_BASE + i), name: `Schaaltest ziekenhuis ${i + 1}` }));
    const ports = new Map<string, number>();
    for (const inst of insts) ports.set(inst.ura, await sim!.serveUra(inst.ura, { organisation: inst.name }));
    const now = new Date();
    const pickId = () => {
      for (;;) {
        const id = randomUUID();
        const { dueAt } = currentSlot(id, INTERVAL_SECONDS, now);
        if (dueAt.getTime() + INTERVAL_SECONDS * 1000 - now.getTime() > 15 * 60_000) return id;
      }
    };
    const xca = { "iti-38": "iti38", "iti-39": "iti39", "rad-75": "rad75" } as const;
    const eps = Array.from({ length: ENDPOINTS }, (_, i) => {
      const inst = insts[Math.floor(i / combos.length)];
      const { environment, transaction } = combos[i % combos.length];
      const id = pickId();
      const url = sim!.url("slow", { ura: inst.ura, path: `${i}/${TRANSACTION_PATHS[xca[transaction]]}`, query: { delay: PROBE_DELAY_MS } });
      return { id, institutionId: inst.id, environment, transaction, url, slot: currentSlot(id, INTERVAL_SECONDS, now).slot };
    });
    const ids = eps.map((e) => e.id);

    await sql.begin(async (tx) => {
      await tx`insert into institutions ${tx(insts.map((i) => ({ id: i.id, name: i.name, kind: "hospital", ura: i.ura, city: "Zwolle", province: "NL-OV", vendor_code: "enovation" })))}`;
      await tx`insert into endpoints ${tx(eps.map((e) => ({ id: e.id, institution_id: e.institutionId, vendor_code: "enovation", environment: e.environment, transaction: e.transaction, url: e.url, home_community_id: `urn:oid:2.16.840.1.113883.2.4.6.6.${e.id.slice(0, 8)}` })))}`;
      await tx`insert into endpoint_health ${tx(eps.map((e) => ({ endpoint_id: e.id, interval_seconds: INTERVAL_SECONDS })))}`;
    });

    // The instances' schedulers (both: one job id per endpoint × slot) enqueue within 15 s; all
    // four processes take jobs. The first worker to take a batch is killed at once: its probes
    // still wait at the simulator, so those jobs are active and not completed.
    const firstBatch = workers.map((w) => w.waitForLine(/"event":"checker\.batch"/, 120_000).then(() => w));
    for (const p of firstBatch) p.catch(() => {}); // the other worker's wait may time out unheard
    const victim = await Promise.any(firstBatch).catch(() => {
      throw new Error(`neither worker took a batch of check jobs within 120 s\n${workers.map((w) => w.tail(10)).join("\n")}`);
    });
    const survivor = workers.find((w) => w !== victim)!;
    victim.child.kill("SIGKILL");
    await victim.exited;
    const recorded = async () => {
      const [r] = await sql<{ n: number }[]>`select count(*)::int as n from endpoint_health where endpoint_id in ${sql(ids)} and checked_slot is not null`;
      return r.n;
    };
    const atKill = await recorded();
    expect(atKill, "the worker was killed mid-sweep").toBeLessThan(ENDPOINTS);

    // Everything settles: every endpoint recorded and no check job waiting or running any more
    // (the killed worker's expire, go back to the queue and are taken by another process).
    type JobState = { state: string; n: number };
    const settled = await poll(
      "all endpoints recorded and no check job left",
      async () => {
        const jobs = await sql<JobState[]>`select state::text, count(*)::int as n from pgboss.job where name = 'checker-check' group by state`;
        return { jobs, recorded: await recorded() };
      },
      (v) => v.recorded === ENDPOINTS && v.jobs.every((j) => j.state === "completed" || j.state === "failed" || j.state === "cancelled"),
      240_000,
      2000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${survivor.tail(10)}\n${instanceA.proc.tail(10)}`);
    });
    expect(settled.jobs, "check jobs by state: all completed, none given up").toEqual([{ state: "completed", n: ENDPOINTS }]);

    // One job per endpoint × slot, each for the slot chosen above, and some of them retried.
    const jobs = await sql<{ endpoint: string; slot: string; n: number; retried: number }[]>`
      select data->>'endpointId' as endpoint, data->>'slot' as slot, count(*)::int as n, max(retry_count)::int as retried
      from pgboss.job where name = 'checker-check' group by 1, 2`;
    expect(jobs.length, "check jobs: one per endpoint").toBe(ENDPOINTS);
    const slotOf = new Map<string, number>(eps.map((e) => [e.id, e.slot]));
    expect(jobs.filter((j) => j.n !== 1 || Number(j.slot) !== slotOf.get(j.endpoint)), "jobs enqueued twice or for another slot").toEqual([]);
    expect(jobs.filter((j) => j.retried > 0).length, "jobs of the killed worker retried by another process").toBeGreaterThan(0);

    // Recorded exactly once: the health row carries the slot, and there is one check per endpoint
    // in the rollups (every check, also those kept only as a packed sample) and one stored result.
    const rows = await sql<{ id: string; checked_slot: string | null; checks: number; samples: number; results: number }[]>`
      select h.endpoint_id as id, h.checked_slot::text,
        (select coalesce(sum(r.up + r.degraded + r.down + r.excluded), 0)::int from check_rollups_hourly r where r.endpoint_id = h.endpoint_id) as checks,
        (select coalesce(sum(octet_length(r.samples)), 0)::int from check_rollups_hourly r where r.endpoint_id = h.endpoint_id) as samples,
        (select count(*)::int from check_results c where c.endpoint_id = h.endpoint_id) as results
      from endpoint_health h where h.endpoint_id in ${sql(ids)}`;
    expect(rows.length).toBe(ENDPOINTS);
    const wrong = rows.filter((r) => Number(r.checked_slot) !== slotOf.get(r.id) || r.checks !== 1 || r.results !== 1);
    expect(wrong, "endpoints not recorded exactly once for their slot").toEqual([]);
    const sampleBytes = rows[0].samples;
    expect(rows.filter((r) => r.samples !== sampleBytes), "one packed sample per endpoint").toEqual([]);
    const statuses = await sql<{ s: string; n: number }[]>`select last_status::text as s, count(*)::int as n from endpoint_health where endpoint_id in ${sql(ids)} group by 1 order by 1`;
    console.log(
      `scale-out: ${atKill} of ${ENDPOINTS} recorded when worker 1 was killed; ${jobs.filter((j) => j.retried > 0).length} jobs retried; results ${statuses.map((r) => `${r.s} ${r.n}`).join(", ")}`,
    );
  });

  test(`an import of ${IMPORT_ROWS} rows SIGKILLed mid-commit leaves nothing of its file`, async () => {
    test.setTimeout(180_000);
    const auditBefore = await importEvents();
    // Held after its second statement (rows of 2,000 institutions written, not committed).
    const child = startNode("import", ["tests/e2e/scale-out-import.ts"], {
      ...env,
      SCALE_IMPORT_ROWS: String(IMPORT_ROWS),
      SCALE_IMPORT_URA_BASE: String(IMPORT_URA_BASE),
      SCALE_IMPORT_HOLD_AFTER: "2",
    });
    await child.waitForLine(/^holding$/, 120_000);
    const open = async () => {
      const [r] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = ${dbName} and state = 'idle in transaction' and query ilike '%insert into institutions%'`;
      return r.n;
    };
    expect(await open(), "the import's transaction is open, its rows written").toBe(1);
    child.child.kill("SIGKILL");
    await child.exited;
    // Postgres sees the connection go and rolls the transaction back.
    await poll("the import's transaction gone", open, (n) => n === 0, 60_000, 500);

    const [{ n: institutions }] = await sql<{ n: number }[]>`
      select count(*)::int as n from institutions where ura >= ${String(IMPORT_URA_BASE)} and ura < ${String(IMPORT_URA_BASE + IMPORT_ROWS)}`;
    expect(institutions, "institutions of the killed import").toBe(0);
    expect(await importEvents(), "institution.import audit events").toBe(auditBefore);
    expect(auditBefore).toBe(0);
  });
});

async function importEvents() {
  const [r] = await sql<{ n: number }[]>`select count(*)::int as n from audit_events where action = 'institution.import'`;
  return r.n;
}

/**
 * Signs in through next-auth's credentials endpoint (what the login form posts to): the CSRF
 * token first, then the credentials. Answers the cookies set and where it redirects (a refusal
 * redirects to /login?error=CredentialsSignin&code=<why>).
 */
async function signIn(base: string, email: string, password: string): Promise<{ cookie: string; location: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/dashboard` }),
  });
  keep(res);
  return { cookie: header(), location: res.headers.get("location") ?? "" };
}
