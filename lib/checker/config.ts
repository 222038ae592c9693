/**
 * The checker's configuration from the environment, validated once with zod and then
 * passed into `probeEndpoint` as plain options (the probe itself never reads env or files).
 *
 * CHECKER_CLIENT_CERT / CHECKER_CLIENT_KEY  PEM files: our client certificate (chain) and key, for mutual TLS
 * CHECKER_TRUST_STORE                       PEM bundle: the ONLY roots server chains are checked against
 * CHECKER_ALLOW_TARGETS                     comma-separated CIDRs that may be probed although private/loopback
 * CHECKER_ALLOW_HTTP                        "true" lets http:// URLs through to allow-listed targets (dev only)
 * CHECKER_TEST_PATIENT                      BSN or CX of the agreed acceptance test patient (query mode)
 * CHECKER_TIMEOUT_MS / CHECKER_SLOW_MS      defaults for the total deadline and the slow threshold
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseAllowList, type AllowList } from "./target-safety";
import { toPatientCx } from "./soap";

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().trim().optional());
const optionalInt = (min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).optional());

export const checkerEnvSchema = z
  .object({
    CHECKER_CLIENT_CERT: optionalString,
    CHECKER_CLIENT_KEY: optionalString,
    CHECKER_TRUST_STORE: optionalString,
    CHECKER_ALLOW_TARGETS: optionalString,
    CHECKER_ALLOW_HTTP: z.preprocess(emptyAsUndefined, z.enum(["true", "false", "1", "0"]).optional()),
    CHECKER_TEST_PATIENT: optionalString,
    CHECKER_TIMEOUT_MS: optionalInt(100, 120_000),
    CHECKER_SLOW_MS: optionalInt(1, 120_000),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.CHECKER_CLIENT_CERT) !== Boolean(env.CHECKER_CLIENT_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: ["CHECKER_CLIENT_KEY"],
        message: "CHECKER_CLIENT_CERT and CHECKER_CLIENT_KEY must be set together",
      });
    }
    if (env.CHECKER_ALLOW_TARGETS) {
      try {
        parseAllowList(env.CHECKER_ALLOW_TARGETS);
      } catch (err) {
        ctx.addIssue({ code: "custom", path: ["CHECKER_ALLOW_TARGETS"], message: (err as Error).message });
      }
    }
    if (env.CHECKER_TEST_PATIENT) {
      try {
        toPatientCx(env.CHECKER_TEST_PATIENT);
      } catch (err) {
        ctx.addIssue({ code: "custom", path: ["CHECKER_TEST_PATIENT"], message: (err as Error).message });
      }
    }
  });

/** What the probe needs from configuration; spread it into `probeEndpoint` options. */
export interface CheckerConfig {
  clientCert: string | null;
  clientKey: string | null;
  /** PEM bundle. null means "no trust store": every server chain is untrusted (fail closed). */
  trustStore: string | null;
  allowTargets: AllowList;
  allowHttp: boolean;
  testPatient: string | null;
  timeoutMs: number;
  slowMs: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_SLOW_MS = 2_000;

export class CheckerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckerConfigError";
  }
}

function readPem(variable: string, path: string | undefined): string | null {
  if (!path) return null;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CheckerConfigError(`${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (!text.includes("-----BEGIN ")) throw new CheckerConfigError(`${variable}: ${path} is not a PEM file`);
  return text;
}

/** Reads and validates the CHECKER_* variables; throws CheckerConfigError with a readable message. */
export type EnvSource = Record<string, string | undefined>;

export function loadCheckerConfig(env: EnvSource = process.env): CheckerConfig {
  const parsed = checkerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`);
    throw new CheckerConfigError(`Invalid checker configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  return {
    clientCert: readPem("CHECKER_CLIENT_CERT", e.CHECKER_CLIENT_CERT),
    clientKey: readPem("CHECKER_CLIENT_KEY", e.CHECKER_CLIENT_KEY),
    trustStore: readPem("CHECKER_TRUST_STORE", e.CHECKER_TRUST_STORE),
    allowTargets: parseAllowList(e.CHECKER_ALLOW_TARGETS ?? ""),
    allowHttp: e.CHECKER_ALLOW_HTTP === "true" || e.CHECKER_ALLOW_HTTP === "1",
    testPatient: e.CHECKER_TEST_PATIENT ?? null,
    timeoutMs: e.CHECKER_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS,
    slowMs: e.CHECKER_SLOW_MS ?? DEFAULT_SLOW_MS,
  };
}

let cached: CheckerConfig | null = null;
/** The process-wide configuration, read once (the worker and the server use this). */
export function getCheckerConfig(): CheckerConfig {
  cached ??= loadCheckerConfig();
  return cached;
}
