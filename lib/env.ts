/**
 * Environment validation, run once at start-up (scripts/prepare.ts, instrumentation.ts) and
 * lazily by anything that reads configuration. Empty strings count as unset, so a blank line
 * in .env.local behaves like a missing one.
 */
import { z } from "zod";

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const intWithDefault = (def: number, min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(def));

export const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(["development", "production", "test"]).default("development")),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
      .optional(),
  ),
  PGLITE_DIR: z.preprocess(emptyAsUndefined, z.string().default("./.data/pglite")),
  AUTH_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string({ error: "AUTH_SECRET is missing (npm start generates one into .env.local)" }).min(32, "AUTH_SECRET must be at least 32 characters"),
  ),
  APP_URL: z.preprocess(emptyAsUndefined, z.url("APP_URL must be a URL such as http://localhost:3000").default("http://localhost:3000")),
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z.string().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional(),
  ),
  MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().default("DUO-portaal <no-reply@duo-portaal.test>")),
  SESSION_MAX_AGE_HOURS: intWithDefault(8, 1, 24 * 30),
  /** A session ends after this long without a request (lib/auth/session-rules.ts). */
  SESSION_IDLE_MINUTES: intWithDefault(30, 1, 24 * 60),
  INVITE_TTL_HOURS: intWithDefault(72, 1, 24 * 30),
  RESET_TTL_MINUTES: intWithDefault(60, 5, 24 * 60),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: intWithDefault(5, 1, 1000),
  LOGIN_MAX_FAILURES_PER_IP: intWithDefault(30, 1, 100000),
  LOGIN_WINDOW_MINUTES: intWithDefault(15, 1, 24 * 60),
  TRUST_PROXY: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default("false")),
  PORT: intWithDefault(3000, 1, 65535),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["debug", "info", "warn", "error"]).default("info")),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; throws EnvError listing every problem in readable form. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const res = envSchema.safeParse(source);
  if (!res.success) {
    throw new EnvError(res.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  return res.data;
}

let cached: Env | undefined;
/** The validated process environment (cached after the first successful parse). */
export function env(): Env {
  if (!cached) cached = parseEnv(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}
