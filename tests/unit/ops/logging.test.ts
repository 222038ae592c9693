import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as tick } from "node:timers/promises";
import { resetEnvCache } from "@/lib/env";
import { REDACTED, formatLogLine, redactFields } from "@/lib/log";
import { currentRequestId, loggablePath, resolveRequestId, withRequestContext } from "@/lib/request-context";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const savedLevel = process.env.LOG_LEVEL;
/** lib/env.ts reads the environment once: a changed LOG_LEVEL counts after resetEnvCache(). */
function setLogLevel(level: string | undefined) {
  if (level === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = level;
  resetEnvCache();
}
afterEach(() => setLogLevel(savedLevel));

describe("resolveRequestId", () => {
  const kept = ["abcdefgh", "req-2026.11.22_0001", "0f8fad5b-d9cb-469f-a165-70867728950e", "A".repeat(64)];
  for (const id of kept) test(`keeps a safe incoming id: ${id.slice(0, 20)}`, () => assert.equal(resolveRequestId(id), id));

  const replaced: [string, string | string[] | undefined][] = [
    ["missing", undefined],
    ["empty", ""],
    ["too short", "abc1234"],
    ["too long", "A".repeat(65)],
    ["CRLF injection", "abcdefgh\r\nSet-Cookie: x=1"],
    ["JSON breaking quote", 'abcdefgh","level":"error'],
    ["spaces", "abcd efgh"],
    ["non-ASCII", "verzoekéééé"],
    ["path", "../../etc/passwd"],
  ];
  for (const [name, input] of replaced) {
    test(`replaces an unsafe id (${name}) with a UUID`, () => {
      const id = resolveRequestId(input);
      assert.match(id, UUID);
      assert.notEqual(id, input);
    });
  }
  test("of a repeated header only the first counts", () => assert.equal(resolveRequestId(["first-id-1", "second-id-2"]), "first-id-1"));
  test("fresh ids differ", () => assert.notEqual(resolveRequestId(undefined), resolveRequestId(undefined)));
});

describe("loggablePath", () => {
  const cases: [string | undefined, string][] = [
    ["/institutions?q=jan%40example.nl&page=2", "/institutions"],
    ["/dashboard#top", "/dashboard"],
    ["/reset-password/3f9a1c0b7d2e4f6a8b0c1d2e3f4a5b6c", "/reset-password/:token"],
    ["/accept-invite/abcDEF123_-xyz?x=1", "/accept-invite/:token"],
    ["/reset-password", "/reset-password"],
    ["/institutions/0f8fad5b-d9cb-469f-a165-70867728950e", "/institutions/0f8fad5b-d9cb-469f-a165-70867728950e"],
    [undefined, "/"],
    ["?only=query", "/"],
  ];
  for (const [input, expected] of cases) test(`${input} → ${expected}`, () => assert.equal(loggablePath(input), expected));
  test("very long paths are cut", () => assert.ok(loggablePath(`/${"a".repeat(5000)}`).length <= 201));
});

describe("the logger never writes secrets or personal data", () => {
  const sensitive = {
    password: "Beeldtijdlijn-Beheer-2026",
    newPassword: "x",
    passwordHash: "$2b$10$abc",
    token: "tok_123",
    apiToken: "duo_abc",
    resetToken: "r",
    secret: "s",
    AUTH_SECRET: "s",
    webhookSecret: "w",
    authorization: "Bearer abc",
    Authorization: "Basic abc",
    cookie: "authjs.session-token=abc",
    "set-cookie": "a=b",
    email: "jan@example.nl",
    userEmail: "jan@example.nl",
    "e-mail": "jan@example.nl",
    sessionToken: "abc",
    totpSecret: "JBSWY3DP",
    otpCode: "123456",
    recoveryCodes: ["a", "b"],
    csrfToken: "c",
    to: "jan@example.nl",
    name: "Jan Jansen",
  };
  for (const key of Object.keys(sensitive)) {
    test(`field "${key}" is redacted`, () => {
      const out = redactFields({ [key]: sensitive[key as keyof typeof sensitive] });
      assert.equal(out[key], REDACTED);
    });
  }

  test("the written line contains none of the sensitive values, also nested", () => {
    setLogLevel("debug");
    const line = formatLogLine("error", "test.event", { user: { id: "u1", email: "jan@example.nl", credentials: { password: "geheim-wachtwoord" } }, headers: [{ authorization: "Bearer zzz" }] })!;
    for (const v of ["jan@example.nl", "geheim-wachtwoord", "Bearer zzz"]) assert.ok(!line.includes(v), `${v} leaked: ${line}`);
    assert.equal(JSON.parse(line).user.id, "u1");
  });

  test("e-mail addresses inside text (a database error quoting a value) are masked", () => {
    const out = redactFields({ message: 'duplicate key value violates unique constraint "users_email_unique": Key (email)=(Jan.Jansen+duo@ziekenhuis-west.nl) already exists.' });
    assert.ok(!String(out.message).includes("ziekenhuis-west.nl"));
    assert.match(String(out.message), /\(\[email\]\) already exists/);
  });

  test("ordinary fields are kept", () => {
    const fields = { institutionId: "0f8fad5b-d9cb-469f-a165-70867728950e", role: "programme_viewer", status: 200, durationMs: 12, path: "/dashboard", code: "23505", reference: "ab12cd34" };
    assert.deepEqual(redactFields(fields), fields);
  });
});

describe("log lines", () => {
  test("are JSON with time, level and event", () => {
    setLogLevel("info");
    const parsed = JSON.parse(formatLogLine("info", "x.happened", { n: 1 }, new Date("2026-11-22T10:00:00Z"))!);
    assert.deepEqual(parsed, { t: "2026-11-22T10:00:00.000Z", level: "info", event: "x.happened", n: 1 });
  });

  test("LOG_LEVEL filters lower levels", () => {
    setLogLevel("warn");
    assert.equal(formatLogLine("info", "x"), null);
    assert.equal(formatLogLine("debug", "x"), null);
    assert.ok(formatLogLine("warn", "x"));
    assert.ok(formatLogLine("error", "x"));
    setLogLevel("error");
    assert.equal(formatLogLine("warn", "x"), null);
    setLogLevel(undefined);
    assert.ok(formatLogLine("info", "x"), "default is info");
    assert.equal(formatLogLine("debug", "x"), null);
  });

  test("carry the request id of the request being handled, across awaits and timers", async () => {
    setLogLevel("info");
    assert.equal(currentRequestId(), undefined);
    assert.equal(JSON.parse(formatLogLine("info", "outside")!).requestId, undefined);
    const seen = await Promise.all(
      ["request-aaaa", "request-bbbb"].map((requestId) =>
        withRequestContext({ requestId }, async () => {
          await tick();
          await new Promise((r) => setTimeout(r, 5));
          return JSON.parse(formatLogLine("info", "inside")!).requestId;
        }),
      ),
    );
    assert.deepEqual(seen, ["request-aaaa", "request-bbbb"]);
  });

  test("a field cannot overwrite the request id", () => {
    setLogLevel("info");
    const line = withRequestContext({ requestId: "request-real" }, () => formatLogLine("info", "x", { requestId: "forged-by-caller" }));
    assert.equal(JSON.parse(line!).requestId, "request-real");
  });
});
