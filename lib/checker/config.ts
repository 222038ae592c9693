/**
 * The checker's configuration: the CHECKER_* probe variables of the one schema (lib/env.ts), with
 * the checks only the checker can make, turned into plain options for `probeEndpoint` (the probe
 * itself never reads env or files).
 *
 * CHECKER_CLIENT_CERT / CHECKER_CLIENT_KEY  PEM files: our client certificate (chain) and key, for mutual TLS
 * CHECKER_TRUST_STORE                       PEM bundle: the ONLY roots server chains are checked against
 * CHECKER_ALLOW_TARGETS                     comma-separated CIDRs that may be probed although private/loopback
 * CHECKER_ALLOW_HTTP                        "true" lets http:// URLs through to allow-listed targets (dev only)
 * CHECKER_TEST_PATIENT                      BSN or CX of the agreed acceptance test patient (query mode)
 * CHECKER_TIMEOUT_MS / CHECKER_SLOW_MS      defaults for the total deadline and the slow threshold
 */
import { readFileSync } from "node:fs";
import { EnvError, env, readEnv, type EnvSource } from "@/lib/env";
import { parseAllowList, type AllowList } from "./target-safety";
import { toPatientCx } from "./soap";

/** The variables this loader reads; their syntax and defaults are in the one schema, lib/env.ts. */
const CHECKER_CONFIG_KEYS = [
  "CHECKER_CLIENT_CERT",
  "CHECKER_CLIENT_KEY",
  "CHECKER_TRUST_STORE",
  "CHECKER_ALLOW_TARGETS",
  "CHECKER_ALLOW_HTTP",
  "CHECKER_TEST_PATIENT",
  "CHECKER_TIMEOUT_MS",
  "CHECKER_SLOW_MS",
] as const;

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

export type { EnvSource };

function readCheckerEnv(source?: EnvSource) {
  try {
    return readEnv(CHECKER_CONFIG_KEYS, source);
  } catch (err) {
    if (err instanceof EnvError) throw new CheckerConfigError(`Invalid checker configuration:\n  ${err.problems.join("\n  ")}`);
    throw err;
  }
}

/**
 * Reads the CHECKER_* probe variables (from lib/env.ts, or from `source` when given: tests, the
 * CLI, benchmarks), checks what only the checker knows (CIDRs, the test patient) and reads the PEM
 * files; throws CheckerConfigError with a readable message.
 */
export function loadCheckerConfig(source?: EnvSource): CheckerConfig {
  const e = readCheckerEnv(source);
  const problems: string[] = [];
  let allowTargets: AllowList | null = null;
  try {
    allowTargets = parseAllowList(e.CHECKER_ALLOW_TARGETS ?? "");
  } catch (err) {
    problems.push(`CHECKER_ALLOW_TARGETS: ${(err as Error).message}`);
  }
  if (e.CHECKER_TEST_PATIENT) {
    try {
      toPatientCx(e.CHECKER_TEST_PATIENT);
    } catch (err) {
      problems.push(`CHECKER_TEST_PATIENT: ${(err as Error).message}`);
    }
  }
  if (problems.length || !allowTargets) throw new CheckerConfigError(`Invalid checker configuration:\n  ${problems.join("\n  ")}`);
  return {
    clientCert: readPem("CHECKER_CLIENT_CERT", e.CHECKER_CLIENT_CERT),
    clientKey: readPem("CHECKER_CLIENT_KEY", e.CHECKER_CLIENT_KEY),
    trustStore: readPem("CHECKER_TRUST_STORE", e.CHECKER_TRUST_STORE),
    allowTargets,
    allowHttp: e.CHECKER_ALLOW_HTTP === "true" || e.CHECKER_ALLOW_HTTP === "1",
    testPatient: e.CHECKER_TEST_PATIENT ?? null,
    timeoutMs: e.CHECKER_TIMEOUT_MS,
    slowMs: e.CHECKER_SLOW_MS,
  };
}

let cached: { from: object; config: CheckerConfig } | null = null;
/** The process-wide configuration, read once per read of the environment (the worker and the server use this). */
export function getCheckerConfig(): CheckerConfig {
  const from = env();
  if (cached?.from !== from) cached = { from, config: loadCheckerConfig() };
  return cached.config;
}
