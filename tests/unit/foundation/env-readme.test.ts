import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ENV_KEYS, EnvError, env, envSchema, envValue, parseEnv, readEnv, resetEnvCache } from "@/lib/env";
import { DEFAULT_DOWN_AFTER, DEFAULT_INTERVAL_SECONDS, DEFAULT_UP_AFTER } from "@/lib/checker/state";

const SECRET = "s".repeat(32);

/** The variable names in the first column of the README's configuration table. */
function readmeVariables(): string[] {
  const readme = readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8");
  const start = readme.indexOf("\n## Configuration\n");
  assert.ok(start >= 0, "README has a Configuration section");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const names: string[] = [];
  for (const line of section.split("\n")) {
    if (!line.startsWith("| `")) continue;
    const firstCell = line.split("|")[1];
    for (const m of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.push(m[1]);
  }
  return names;
}

describe("one configuration: README table and schema", () => {
  test("the README configuration table and lib/env.ts list exactly the same variables", () => {
    const documented = readmeVariables();
    assert.equal(new Set(documented).size, documented.length, "no variable is documented twice");
    const schema = [...ENV_KEYS].sort();
    assert.deepEqual([...documented].sort(), schema, "add the variable to both, or remove it from both");
    assert.deepEqual(ENV_KEYS, Object.keys(envSchema.shape));
  });

  test("the checker's state defaults in the schema equal lib/checker/state.ts", () => {
    const e = parseEnv({ AUTH_SECRET: SECRET });
    assert.equal(e.CHECKER_DOWN_AFTER, DEFAULT_DOWN_AFTER);
    assert.equal(e.CHECKER_UP_AFTER, DEFAULT_UP_AFTER);
    assert.equal(e.CHECKER_INTERVAL_SECONDS, DEFAULT_INTERVAL_SECONDS);
  });
});

describe("env(): read once, per variable", () => {
  const saved = { ...process.env };
  const restore = () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    resetEnvCache();
  };

  test("is cached until resetEnvCache()", () => {
    try {
      process.env.LOGIN_WINDOW_MINUTES = "20";
      resetEnvCache();
      const first = env();
      assert.equal(first.LOGIN_WINDOW_MINUTES, 20);
      process.env.LOGIN_WINDOW_MINUTES = "25";
      assert.equal(env(), first, "same object until reset");
      assert.equal(env().LOGIN_WINDOW_MINUTES, 20);
      resetEnvCache();
      assert.equal(env().LOGIN_WINDOW_MINUTES, 25);
    } finally {
      restore();
    }
  });

  test("without AUTH_SECRET (next build) other variables still read; AUTH_SECRET itself throws", () => {
    try {
      delete process.env.AUTH_SECRET;
      process.env.NEXT_DIST_DIR = ".next-x";
      resetEnvCache();
      assert.equal(env().NEXT_DIST_DIR, ".next-x");
      assert.equal(env().SESSION_MAX_AGE_HOURS, 8);
      assert.throws(() => env().AUTH_SECRET, (e: unknown) => e instanceof EnvError && /AUTH_SECRET is missing/.test(e.message));
      assert.equal(envValue("AUTH_SECRET"), undefined);
    } finally {
      restore();
    }
  });

  test("readEnv: some variables, problems of just those", () => {
    assert.deepEqual(readEnv(["CHECKER_TIMEOUT_MS", "CHECKER_WEBHOOK_URLS"], {}), { CHECKER_TIMEOUT_MS: 10_000, CHECKER_WEBHOOK_URLS: [] });
    assert.throws(() => readEnv(["CHECKER_CONCURRENCY"], { CHECKER_CONCURRENCY: "0" }), /^EnvError|CHECKER_CONCURRENCY: /);
  });

  test("rules between variables", () => {
    assert.throws(() => parseEnv({ AUTH_SECRET: SECRET, CHECKER_WEBHOOK_URLS: "https://hooks.example/x" }), /CHECKER_WEBHOOK_SECRET: required with CHECKER_WEBHOOK_URLS/);
    assert.throws(() => parseEnv({ AUTH_SECRET: SECRET, CHECKER_WEBHOOK_URLS: "ftp://x", CHECKER_WEBHOOK_SECRET: "s".repeat(16) }), /CHECKER_WEBHOOK_URLS: ftp:\/\/x is not an http\(s\) URL/);
    assert.throws(() => parseEnv({ AUTH_SECRET: SECRET, CHECKER_CLIENT_CERT: "/x.pem" }), /CHECKER_CLIENT_KEY: CHECKER_CLIENT_CERT and CHECKER_CLIENT_KEY must be set together/);
    assert.equal(parseEnv({ AUTH_SECRET: SECRET }).CHECKER_SIMULATOR_PORT, 3000 + 6443);
    assert.equal(parseEnv({ AUTH_SECRET: SECRET, PORT: "4000" }).CHECKER_SIMULATOR_PORT, 4000 + 6443);
    assert.equal(parseEnv({ AUTH_SECRET: SECRET, CHECKER_SIMULATOR_PORT: "9999" }).CHECKER_SIMULATOR_PORT, 9999);
  });
});
