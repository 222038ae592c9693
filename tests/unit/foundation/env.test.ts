import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { EnvError, parseEnv } from "@/lib/env";

const SECRET = "s".repeat(32);

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (e) {
    assert.ok(e instanceof EnvError, `expected EnvError, got ${String(e)}`);
    assert.match(e.message, /^Invalid configuration:/);
    for (const p of e.problems) assert.ok(e.message.includes(p), `message lists "${p}"`);
    return e.problems;
  }
  assert.fail("parseEnv accepted the environment");
}

describe("parseEnv", () => {
  test("AUTH_SECRET missing: an EnvError that names it", () => {
    const problems = problemsOf({});
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^AUTH_SECRET: /);
    assert.match(problems[0], /AUTH_SECRET is missing/);
  });

  for (const blank of ["", "   ", "\t"]) {
    test(`AUTH_SECRET=${JSON.stringify(blank)} counts as missing`, () => {
      const problems = problemsOf({ AUTH_SECRET: blank });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /AUTH_SECRET is missing/);
    });
  }

  test("AUTH_SECRET too short", () => {
    const problems = problemsOf({ AUTH_SECRET: "s".repeat(31) });
    assert.deepEqual(problems, ["AUTH_SECRET: AUTH_SECRET must be at least 32 characters"]);
  });

  test("defaults when only AUTH_SECRET is set", () => {
    const env = parseEnv({ AUTH_SECRET: SECRET });
    assert.equal(env.AUTH_SECRET, SECRET);
    assert.equal(env.NODE_ENV, "development");
    assert.equal(env.DATABASE_URL, undefined);
    assert.equal(env.SMTP_URL, undefined);
    assert.equal(env.PGLITE_DIR, "./.data/pglite");
    assert.equal(env.APP_URL, "http://localhost:3000");
    assert.equal(env.TRUST_PROXY, "false");
    assert.equal(env.LOG_LEVEL, "info");
    assert.match(env.MAIL_FROM, /@/);
  });

  const numericDefaults: [string, number][] = [
    ["PORT", 3000],
    ["SESSION_MAX_AGE_HOURS", 8],
    ["SESSION_IDLE_MINUTES", 30],
    ["INVITE_TTL_HOURS", 72],
    ["RESET_TTL_MINUTES", 60],
    ["LOGIN_MAX_FAILURES_PER_ACCOUNT", 5],
    ["LOGIN_MAX_FAILURES_PER_IP", 30],
    ["LOGIN_WINDOW_MINUTES", 15],
  ];
  for (const [key, def] of numericDefaults) {
    test(`${key}: default ${def}, empty string means default, "7" is parsed as a number`, () => {
      const read = (v: string | undefined) => (parseEnv({ AUTH_SECRET: SECRET, [key]: v }) as Record<string, unknown>)[key];
      assert.equal(read(undefined), def);
      assert.equal(read(""), def);
      assert.equal(read("  "), def);
      assert.strictEqual(read("7"), 7);
    });
    test(`${key}: non-numbers and fractions are refused, naming the variable`, () => {
      for (const bad of ["abc", "1.5", "-3"]) {
        const problems = problemsOf({ AUTH_SECRET: SECRET, [key]: bad });
        assert.equal(problems.length, 1, `${key}=${bad}`);
        assert.match(problems[0], new RegExp(`^${key}: `));
      }
    });
  }

  test("empty strings count as unset for every optional variable", () => {
    const env = parseEnv({
      AUTH_SECRET: SECRET,
      NODE_ENV: "",
      DATABASE_URL: "",
      PGLITE_DIR: "",
      APP_URL: " ",
      SMTP_URL: "",
      MAIL_FROM: "",
      TRUST_PROXY: "",
      LOG_LEVEL: "",
    });
    assert.equal(env.NODE_ENV, "development");
    assert.equal(env.DATABASE_URL, undefined);
    assert.equal(env.PGLITE_DIR, "./.data/pglite");
    assert.equal(env.APP_URL, "http://localhost:3000");
    assert.equal(env.SMTP_URL, undefined);
    assert.equal(env.TRUST_PROXY, "false");
    assert.equal(env.LOG_LEVEL, "info");
  });

  const urlCases: { key: "DATABASE_URL" | "SMTP_URL"; value: string; ok: boolean }[] = [
    { key: "DATABASE_URL", value: "postgres://duo:pw@127.0.0.1:5432/duo", ok: true },
    { key: "DATABASE_URL", value: "postgresql://duo@db.internal/duo", ok: true },
    { key: "DATABASE_URL", value: "mysql://duo@localhost/duo", ok: false },
    { key: "DATABASE_URL", value: "localhost:5432/duo", ok: false },
    { key: "DATABASE_URL", value: "http://localhost:5432", ok: false },
    { key: "SMTP_URL", value: "smtp://mail.example.test:25", ok: true },
    { key: "SMTP_URL", value: "smtps://user:pw@mail.example.test:465", ok: true },
    { key: "SMTP_URL", value: "http://mail.example.test", ok: false },
    { key: "SMTP_URL", value: "mail.example.test:25", ok: false },
  ];
  for (const c of urlCases) {
    test(`${c.key}=${c.value} ${c.ok ? "accepted" : "refused with a readable message"}`, () => {
      if (c.ok) {
        assert.equal(parseEnv({ AUTH_SECRET: SECRET, [c.key]: c.value })[c.key], c.value);
        return;
      }
      const problems = problemsOf({ AUTH_SECRET: SECRET, [c.key]: c.value });
      assert.equal(problems.length, 1);
      const scheme = c.key === "DATABASE_URL" ? "postgres://" : "smtp://";
      assert.ok(problems[0].startsWith(`${c.key}: `), problems[0]);
      assert.ok(problems[0].includes(scheme), `message tells what is expected: ${problems[0]}`);
      assert.ok(!problems[0].includes("{"), "no raw zod JSON");
    });
  }

  test("every problem is listed at once", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://x", SMTP_URL: "http://x", PORT: "abc", TRUST_PROXY: "yes", APP_URL: "not a url" });
    const keys = problems.map((p) => p.split(":")[0]).sort();
    assert.deepEqual(keys, ["APP_URL", "AUTH_SECRET", "DATABASE_URL", "PORT", "SMTP_URL", "TRUST_PROXY"]);
  });

  test("enumerations", () => {
    assert.equal(parseEnv({ AUTH_SECRET: SECRET, TRUST_PROXY: "true" }).TRUST_PROXY, "true");
    assert.equal(parseEnv({ AUTH_SECRET: SECRET, NODE_ENV: "production" }).NODE_ENV, "production");
    assert.match(problemsOf({ AUTH_SECRET: SECRET, NODE_ENV: "staging" })[0], /^NODE_ENV: /);
    assert.match(problemsOf({ AUTH_SECRET: SECRET, LOG_LEVEL: "verbose" })[0], /^LOG_LEVEL: /);
  });

  test("ranges", () => {
    assert.match(problemsOf({ AUTH_SECRET: SECRET, PORT: "70000" })[0], /^PORT: /);
    assert.match(problemsOf({ AUTH_SECRET: SECRET, LOGIN_MAX_FAILURES_PER_ACCOUNT: "0" })[0], /^LOGIN_MAX_FAILURES_PER_ACCOUNT: /);
    assert.match(problemsOf({ AUTH_SECRET: SECRET, RESET_TTL_MINUTES: "1" })[0], /^RESET_TTL_MINUTES: /);
  });

  test("unknown variables are ignored", () => {
    assert.doesNotThrow(() => parseEnv({ AUTH_SECRET: SECRET, PATH: "/usr/bin", HOME: "/root" }));
  });
});
