import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  absoluteSecondsLeft,
  activeSince,
  idleSecondsLeft,
  isIdle,
  isLoginReason,
  isSessionActive,
  loginReasonFor,
  nextIdleCheckSeconds,
  retentionCutoff,
  shouldTouch,
  signedInSince,
  warningSecondsFor,
} from "@/lib/auth/session-rules";
import { translator } from "@/lib/i18n/messages";
import { parseEnv } from "@/lib/env";

const T = Date.parse("2026-05-01T12:00:00Z");
const min = 60_000;

describe("isIdle", () => {
  const cases: [string, number, number, boolean][] = [
    ["just seen", 0, 30, false],
    ["29 min 59 s quiet", 30 * min - 1000, 30, false],
    ["exactly at the limit: still valid", 30 * min, 30, false],
    ["1 ms past the limit", 30 * min + 1, 30, true],
    ["an hour quiet", 60 * min, 30, true],
    ["1-minute timeout, 61 s quiet", 61_000, 1, true],
    ["a clock behind the stored value (negative) is not idle", -5 * min, 30, false],
  ];
  for (const [name, quietMs, idle, expected] of cases) test(name, () => assert.equal(isIdle(T - quietMs, T, idle), expected));
});

describe("shouldTouch: at most once a minute", () => {
  const cases: [number, boolean][] = [
    [0, false],
    [1000, false],
    [59_999, false],
    [60_000, true],
    [10 * min, true],
    [-1000, false],
  ];
  for (const [ago, expected] of cases) test(`${ago} ms ago → ${expected}`, () => assert.equal(shouldTouch(new Date(T - ago), new Date(T)), expected));
});

describe("seconds left", () => {
  test("idle: full, partial (rounded up), none", () => {
    assert.equal(idleSecondsLeft(T, T, 30), 1800);
    assert.equal(idleSecondsLeft(T - 28 * min - 500, T, 30), 120);
    assert.equal(idleSecondsLeft(T - 31 * min, T, 30), 0);
  });
  test("absolute", () => {
    assert.equal(absoluteSecondsLeft(T - 3600_000, T, 8 * 3600), 7 * 3600);
    assert.equal(absoluteSecondsLeft(T - 9 * 3600_000, T, 8 * 3600), 0);
  });
});

describe("isSessionActive and the SQL bounds", () => {
  const opts = { idleMinutes: 30, maxAgeSeconds: 8 * 3600 };
  const now = new Date(T);
  const cases: [string, { createdAt: number; lastSeenAt: number; revokedAt: number | null }, boolean][] = [
    ["fresh", { createdAt: T - min, lastSeenAt: T - min, revokedAt: null }, true],
    ["revoked", { createdAt: T - min, lastSeenAt: T - min, revokedAt: T }, false],
    ["idle", { createdAt: T - 40 * min, lastSeenAt: T - 31 * min, revokedAt: null }, false],
    ["past the absolute lifetime though active", { createdAt: T - 8 * 3600_000 - 1, lastSeenAt: T - min, revokedAt: null }, false],
  ];
  for (const [name, s, expected] of cases) {
    test(name, () => {
      const row = { createdAt: new Date(s.createdAt), lastSeenAt: new Date(s.lastSeenAt), revokedAt: s.revokedAt ? new Date(s.revokedAt) : null };
      assert.equal(isSessionActive(row, now, opts), expected);
      // The SQL bounds (strictly after) agree with the rule for these rows.
      const sql = !row.revokedAt && row.lastSeenAt > activeSince(now, 30) && row.createdAt > signedInSince(now, 8 * 3600);
      assert.equal(sql, expected);
    });
  }
  test("retention cutoff is 30 days back", () => assert.equal(retentionCutoff(now).getTime(), T - 30 * 24 * 3600_000));
});

describe("nextIdleCheckSeconds (the client's timer)", () => {
  const cases: [number, number][] = [
    [1800, 1680], // ask again when 2 minutes are left
    [121, 5], // floor of 5 s
    [300, 180],
    [120, 121], // warning shows: ask right after the timeout
    [30, 31],
    [0, 5],
  ];
  for (const [left, next] of cases) test(`${left} s left → ${next}`, () => assert.equal(nextIdleCheckSeconds(left), next));
  test("the warning comes 2 minutes ahead, or halfway through a short timeout", () => {
    assert.deepEqual([30, 5, 4, 2, 1].map(warningSecondsFor), [120, 120, 120, 60, 30]);
    // 1-minute timeout: after "stay signed in" (60 s left) the next check waits until the warning moment.
    assert.equal(nextIdleCheckSeconds(60, warningSecondsFor(1)), 30);
  });
});

describe("login reasons", () => {
  test("lookup reasons map to the login page's reason parameter", () => {
    assert.equal(loginReasonFor("session_idle"), "idle");
    assert.equal(loginReasonFor("session_revoked"), "revoked");
    assert.equal(loginReasonFor("session_expired"), "expired");
    assert.equal(loginReasonFor("disabled"), "disabled");
    assert.equal(loginReasonFor("no_user"), null);
    assert.equal(loginReasonFor(undefined), null);
  });
  test("the idle duration in words, singular and plural", () => {
    const t = translator("nl");
    assert.equal(t("sessions.minutes", { minutes: 1 }), "1 minuut");
    assert.equal(t("sessions.minutes", { minutes: 30 }), "30 minuten");
    assert.equal(translator("en")("sessions.minutes", { minutes: 1 }), "1 minute");
  });
  test("only known reasons are accepted from the URL", () => {
    for (const ok of ["idle", "revoked", "expired", "disabled"]) assert.equal(isLoginReason(ok), true);
    for (const bad of ["", "IDLE", "<b>", undefined, ["idle"]]) assert.equal(isLoginReason(bad), false);
  });
});

describe("SESSION_IDLE_MINUTES", () => {
  const SECRET = "x".repeat(32);
  test("default 30, a configured value, out of range refused", () => {
    assert.equal(parseEnv({ AUTH_SECRET: SECRET }).SESSION_IDLE_MINUTES, 30);
    assert.equal(parseEnv({ AUTH_SECRET: SECRET, SESSION_IDLE_MINUTES: "15" }).SESSION_IDLE_MINUTES, 15);
    for (const bad of ["0", "1441", "abc"]) assert.throws(() => parseEnv({ AUTH_SECRET: SECRET, SESSION_IDLE_MINUTES: bad }), /SESSION_IDLE_MINUTES/);
  });
});
