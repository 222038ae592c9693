/**
 * The one configuration module: every environment variable the portal reads is in `envSchema`
 * (exactly the variables of the README's configuration table; tests/unit/foundation/env-readme.test.ts
 * keeps the two equal), validated by one zod schema and read from `process.env` once per process.
 * Nothing outside this file reads `process.env` (scripts/ and tests/ aside).
 *
 * - `env()`: the typed values, parsed once and cached. A variable whose value is invalid throws an
 *   `EnvError` when it is *read*, so code that runs where secrets are absent (`next build`,
 *   next.config.ts, proxy.ts) reads what it needs without `AUTH_SECRET`.
 * - `validateEnv()`: every problem at once; start-up calls it (instrumentation.ts, scripts/bootstrap.ts
 *   via `parseEnv`), so an invalid configuration stops the start with a readable list.
 * - `parseEnv(source)` / `readEnv(keys, source?)`: the same rules on any record, for all or some
 *   variables (the checker's loaders take an explicit source in tests and benchmarks).
 * - `resetEnvCache()`: code that changes `process.env` after the first read (tests, scripts/start.ts)
 *   calls it, and the next `env()` reads again. Caches derived from `env()` (the checker's
 *   settings) recompute when `env()` returns a new object.
 *
 * Empty strings count as unset, so a blank line in .env.local behaves like a missing one.
 * Edge-safe and a leaf: it imports zod and nothing from the project, so every layer (app/, lib/,
 * db/, proxy.ts, next.config.ts) may import it.
 */
import { z } from "zod";

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const intWithDefault = (def: number, min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(def));
const optionalInt = (min: number, max: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).optional());
const optionalString = z.preprocess(emptyAsUndefined, z.string().trim().optional());
const stringWithDefault = (def: string) => z.preprocess(emptyAsUndefined, z.string().default(def));
/** "true" / "false", as written in the README; compare with `=== "true"`. */
const flag = (def: "true" | "false") => z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default(def));

function isHttpUrl(u: string): boolean {
  try {
    return ["https:", "http:"].includes(new URL(u).protocol);
  } catch {
    return false;
  }
}

export const envSchema = z.object({
  // Set by npm start (production), next dev (development) and the test runner (test).
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(["development", "production", "test"]).default("development")),

  // Database
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
      .optional(),
  ),
  PGLITE_DIR: z.preprocess(emptyAsUndefined, z.string().trim().default("./.data/pglite")),
  // The embedded database's page cache (PGlite's WASM memory never shrinks, so this bounds it).
  PGLITE_SHARED_BUFFERS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^\d+(kB|MB|GB)$/, "PGLITE_SHARED_BUFFERS must be a size such as 32MB")
      .default("32MB"),
  ),
  // Read by the shell of `npm start` / `npm run worker` (package.json; scripts/support/memory.ts),
  // before node starts; validated here so a typo stops the start with a readable message.
  NODE_MEMORY_FLAGS: z
    .string()
    .regex(/^\s*((--[a-z][a-z0-9-]*(=\d+)?)(\s+|$))*$/, "NODE_MEMORY_FLAGS must be node flags such as --max-old-space-size=320")
    .optional(),
  MALLOC_ARENA_MAX: optionalInt(1, 64),

  // Server, sessions, sign-in
  AUTH_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string({ error: "AUTH_SECRET is missing (npm start generates one into .env.local)" }).min(32, "AUTH_SECRET must be at least 32 characters"),
  ),
  APP_URL: z.preprocess(emptyAsUndefined, z.url("APP_URL must be a URL such as http://localhost:3000").default("http://localhost:3000")),
  PORT: intWithDefault(3000, 1, 65535),
  HOSTNAME: stringWithDefault("0.0.0.0"),
  SMTP_URL: z.preprocess(emptyAsUndefined, z.string().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional()),
  MAIL_FROM: stringWithDefault("DUO-portaal <no-reply@duo-portaal.test>"),
  SESSION_MAX_AGE_HOURS: intWithDefault(8, 1, 24 * 30),
  /** A session ends after this long without a request (lib/auth/session-rules.ts). */
  SESSION_IDLE_MINUTES: intWithDefault(30, 1, 24 * 60),
  INVITE_TTL_HOURS: intWithDefault(72, 1, 24 * 30),
  RESET_TTL_MINUTES: intWithDefault(60, 5, 24 * 60),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: intWithDefault(5, 1, 1000),
  LOGIN_MAX_FAILURES_PER_IP: intWithDefault(30, 1, 100000),
  LOGIN_WINDOW_MINUTES: intWithDefault(15, 1, 24 * 60),
  /** bcrypt cost of new password hashes (lib/auth/passwords.ts); `npm test` uses 4. */
  PASSWORD_HASH_COST: intWithDefault(12, 4, 15),
  TRUST_PROXY: flag("false"),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["debug", "info", "warn", "error"]).default("info")),
  SEED_DEMO: flag("true"),
  API_RATE_LIMIT_PER_MINUTE: intWithDefault(300, 1, 1_000_000),
  WORKER_REQUIRED: flag("false"),
  NEXT_DIST_DIR: stringWithDefault(".next"),
  PDF_FONT_DIR: optionalString,

  // The checker: one probe (lib/checker/config.ts turns these into probe options)
  CHECKER_CLIENT_CERT: optionalString,
  CHECKER_CLIENT_KEY: optionalString,
  CHECKER_TRUST_STORE: optionalString,
  CHECKER_ALLOW_TARGETS: optionalString,
  CHECKER_ALLOW_HTTP: z.preprocess(emptyAsUndefined, z.enum(["true", "false", "1", "0"]).default("false")),
  CHECKER_TEST_PATIENT: optionalString,
  CHECKER_TIMEOUT_MS: intWithDefault(10_000, 100, 120_000),
  CHECKER_SLOW_MS: intWithDefault(2_000, 1, 120_000),

  // The checker: scheduling, state, retention, notifications (lib/checker/settings.ts).
  // The defaults of DOWN/UP_AFTER and INTERVAL_SECONDS equal lib/checker/state.ts (a test checks it).
  CHECKER_DOWN_AFTER: intWithDefault(3, 1, 100),
  CHECKER_UP_AFTER: intWithDefault(2, 1, 100),
  CHECKER_INTERVAL_SECONDS: intWithDefault(300, 60, 86_400),
  CHECKER_CONCURRENCY: intWithDefault(20, 1, 500),
  CHECKER_RAW_RETENTION_DAYS: intWithDefault(30, 1, 3650),
  CHECKER_GUARD_MIN_ENDPOINTS: intWithDefault(3, 1, 1000),
  CHECKER_SCHEDULER: flag("true"),
  /** Seconds a check job may stay taken before pg-boss hands it to another process (a killed worker's jobs). */
  CHECKER_JOB_EXPIRE_SECONDS: intWithDefault(300, 10, 3600),
  CHECKER_DELIVERY_TICK_SECONDS: intWithDefault(30, 1, 3600),
  /** Comma-separated http(s) URLs, read as a list. */
  CHECKER_WEBHOOK_URLS: z.preprocess(emptyAsUndefined, z.string().optional()).transform((v, ctx) => {
    const urls = (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const u of urls) if (!isHttpUrl(u)) ctx.addIssue({ code: "custom", message: `${u} is not an http(s) URL` });
    return urls;
  }),
  CHECKER_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, "at least 16 characters").optional()),
  CHECK_NOW_PER_ENDPOINT_SECONDS: intWithDefault(15, 0, 3600),
  CHECK_NOW_PER_USER_PER_HOUR: intWithDefault(30, 1, 10_000),

  // The go-live gate from evidence (lib/golive/settings.ts, issue 17)
  GOLIVE_GREEN_DAYS: intWithDefault(14, 1, 365),
  GOLIVE_RETEST_DOWN_HOURS: intWithDefault(24, 1, 24 * 90),

  // The public status page (issue 16): an infrastructure is "storing" when more than this share
  // (percent) of its institutions' production gateways are down at once.
  STATUS_OUTAGE_PERCENT: intWithDefault(20, 1, 99),
  /** Subscriptions the public subscribe form accepts per client address per hour. */
  STATUS_SUBSCRIBE_PER_HOUR: intWithDefault(5, 1, 1000),

  // The demo's XCA simulator (scripts/start.ts, npm run simulator)
  CHECKER_SIMULATOR: flag("true"),
  /** Default PORT + 6443 (filled in after parsing). */
  CHECKER_SIMULATOR_PORT: optionalInt(0, 65535),
  /** Default <tmp>/duo-xca-simulator-pki (lib/checker/simulator/pki.ts; no node:os here, to stay edge-safe). */
  CHECKER_SIMULATOR_PKI_DIR: optionalString,
});

export type EnvKey = keyof typeof envSchema.shape;
export type Env = Omit<z.output<typeof envSchema>, "CHECKER_SIMULATOR_PORT"> & { CHECKER_SIMULATOR_PORT: number };
export type EnvSource = Record<string, string | undefined>;

/** Every variable of the schema, in schema order (the README test compares this list). */
export const ENV_KEYS = Object.keys(envSchema.shape) as EnvKey[];

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

interface Analysis {
  values: Partial<Record<EnvKey, unknown>>;
  /** Problems per variable, each written as "NAME: message". */
  problems: Partial<Record<EnvKey, string[]>>;
}

/** Every variable on its own (so one bad value does not hide the others), then the rules between variables. */
function analyse(source: EnvSource): Analysis {
  const values: Analysis["values"] = {};
  const problems: Analysis["problems"] = {};
  const problem = (key: EnvKey, message: string) => (problems[key] ??= []).push(`${key}: ${message}`);
  for (const key of ENV_KEYS) {
    const r = envSchema.shape[key].safeParse(source[key]);
    if (r.success) values[key] = r.data;
    else for (const issue of r.error.issues) problem(key, issue.message);
  }
  if (Boolean(values.CHECKER_CLIENT_CERT) !== Boolean(values.CHECKER_CLIENT_KEY) && !problems.CHECKER_CLIENT_CERT && !problems.CHECKER_CLIENT_KEY) {
    problem("CHECKER_CLIENT_KEY", "CHECKER_CLIENT_CERT and CHECKER_CLIENT_KEY must be set together");
  }
  if (Array.isArray(values.CHECKER_WEBHOOK_URLS) && values.CHECKER_WEBHOOK_URLS.length > 0 && !values.CHECKER_WEBHOOK_SECRET && !problems.CHECKER_WEBHOOK_SECRET) {
    problem("CHECKER_WEBHOOK_SECRET", "required with CHECKER_WEBHOOK_URLS");
  }
  if (values.CHECKER_SIMULATOR_PORT === undefined && !problems.CHECKER_SIMULATOR_PORT) {
    values.CHECKER_SIMULATOR_PORT = Math.min(65535, (typeof values.PORT === "number" ? values.PORT : 3000) + 6443);
  }
  return { values, problems };
}

const allProblems = (a: Analysis) => ENV_KEYS.flatMap((k) => a.problems[k] ?? []);

/** Parses an environment; throws EnvError listing every problem in readable form. */
export function parseEnv(source: EnvSource): Env {
  const a = analyse(source);
  const problems = allProblems(a);
  if (problems.length) throw new EnvError(problems);
  return a.values as Env;
}

/** Some variables of `source` (default: the process environment, as read by `env()`); throws EnvError naming the problems of just these. */
export function readEnv<K extends EnvKey>(keys: readonly K[], source?: EnvSource): Pick<Env, K> {
  const a = source ? analyse(source) : current().analysis;
  const problems = keys.flatMap((k) => a.problems[k] ?? []);
  if (problems.length) throw new EnvError(problems);
  return Object.fromEntries(keys.map((k) => [k, a.values[k]])) as Pick<Env, K>;
}

/** A read-only view: valid variables read as values, an invalid one throws its EnvError when read. */
function view(a: Analysis): Env {
  const out = {} as Record<EnvKey, unknown>;
  for (const key of ENV_KEYS) {
    const problems = a.problems[key];
    if (problems) {
      Object.defineProperty(out, key, {
        enumerable: true,
        get() {
          throw new EnvError(problems);
        },
      });
    } else out[key] = a.values[key];
  }
  return Object.freeze(out) as Env;
}

let cached: { analysis: Analysis; env: Env } | undefined;
function current() {
  if (!cached) {
    const analysis = analyse(process.env);
    cached = { analysis, env: view(analysis) };
  }
  return cached;
}

/**
 * The process environment, validated and typed (cached after the first call). Reading a variable
 * whose value is invalid throws an EnvError that names it.
 */
export function env(): Env {
  return current().env;
}

/** The process environment with every problem reported at once (start-up). */
export function validateEnv(): Env {
  const problems = allProblems(current().analysis);
  if (problems.length) throw new EnvError(problems);
  return current().env;
}

/** One variable, or undefined when it is unset or invalid: for code that must never throw (logging) or only asks "is it there?". */
export function envValue<K extends EnvKey>(key: K): Env[K] | undefined {
  const a = current().analysis;
  return a.problems[key] ? undefined : (a.values[key] as Env[K]);
}

/** For tests and scripts that change process.env after the first read: the next env() reads it again. */
export function resetEnvCache() {
  cached = undefined;
}

/**
 * True inside `next build` (Next sets NEXT_PHASE itself; it is not configuration, so it is not in
 * the schema): start-up work such as the checker's scheduler stays out of the build.
 */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}
