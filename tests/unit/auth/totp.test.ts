import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  RECOVERY_CODE_COUNT,
  generateRecoveryCodes,
  generateTotpSecret,
  groupSecret,
  isBase32Secret,
  looksLikeRecoveryCode,
  normalizeRecoveryCode,
  timeStep,
  totpCodeAt,
  totpCodeForStep,
  totpUri,
  verifyTotp,
} from "@/lib/auth/totp";
import { isTwoFactorRequired, type Role } from "@/lib/auth/roles";

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" (base32 below), 8-digit values;
// a 6-digit code is the last six digits of the same truncation.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [seconds: number, code8: string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP codes (RFC 6238, SHA-1, 30 s)", () => {
  for (const [seconds, code8] of RFC_VECTORS) {
    test(`T=${seconds}s gives ${code8.slice(2)}`, () => {
      assert.equal(totpCodeAt(RFC_SECRET, seconds * 1000), code8.slice(2));
    });
  }

  test("time steps are 30 seconds", () => {
    assert.equal(timeStep(0), 0);
    assert.equal(timeStep(29_999), 0);
    assert.equal(timeStep(30_000), 1);
    assert.equal(timeStep(new Date("2026-05-01T12:00:00Z")), Math.floor(Date.parse("2026-05-01T12:00:00Z") / 30_000));
  });

  test("a new secret is 160 bits of base32, different each time", () => {
    const a = generateTotpSecret();
    const b = generateTotpSecret();
    assert.equal(a.length, 32);
    assert.ok(isBase32Secret(a));
    assert.notEqual(a, b);
  });

  test("the otpauth URI names issuer and account and the parameters apps need", () => {
    const uri = new URL(totpUri(RFC_SECRET, "anne@example.test"));
    assert.equal(uri.protocol, "otpauth:");
    assert.equal(uri.host, "totp");
    assert.equal(decodeURIComponent(uri.pathname), "/DUO-portaal:anne@example.test");
    assert.equal(uri.searchParams.get("secret"), RFC_SECRET);
    assert.equal(uri.searchParams.get("issuer"), "DUO-portaal");
    assert.equal(uri.searchParams.get("algorithm"), "SHA1");
    assert.equal(uri.searchParams.get("digits"), "6");
    assert.equal(uri.searchParams.get("period"), "30");
  });

  test("the key for manual entry is shown in groups of four", () => {
    assert.equal(groupSecret("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567");
    assert.equal(groupSecret("ABCDEF"), "ABCD EF");
  });
});

describe("verifyTotp: drift, replay, format (fixed clock)", () => {
  const NOW = new Date("2026-05-01T12:00:10.000Z");
  const S = timeStep(NOW);
  const code = (offset: number) => totpCodeForStep(RFC_SECRET, S + offset);
  const cases: { name: string; code: string; last: number | null; expect: ReturnType<typeof verifyTotp> }[] = [
    { name: "current step, never used", code: code(0), last: null, expect: { ok: true, step: S } },
    { name: "one step behind (slow phone clock)", code: code(-1), last: null, expect: { ok: true, step: S - 1 } },
    { name: "one step ahead (fast phone clock)", code: code(1), last: null, expect: { ok: true, step: S + 1 } },
    { name: "two steps behind", code: code(-2), last: null, expect: { ok: false, reason: "invalid" } },
    { name: "two steps ahead", code: code(2), last: null, expect: { ok: false, reason: "invalid" } },
    { name: "same step used before: replay", code: code(0), last: S, expect: { ok: false, reason: "replayed" } },
    { name: "older step after a newer one: replay", code: code(-1), last: S, expect: { ok: false, reason: "replayed" } },
    { name: "newer step after an older one", code: code(1), last: S, expect: { ok: true, step: S + 1 } },
    { name: "current step after the previous one", code: code(0), last: S - 1, expect: { ok: true, step: S } },
    { name: "spaces and a dash are ignored", code: `${code(0).slice(0, 3)} ${code(0).slice(3)}`, last: null, expect: { ok: true, step: S } },
    { name: "wrong digits", code: code(0) === "000000" ? "111111" : "000000", last: null, expect: { ok: false, reason: "invalid" } },
    { name: "five digits", code: "12345", last: null, expect: { ok: false, reason: "malformed" } },
    { name: "seven digits", code: "1234567", last: null, expect: { ok: false, reason: "malformed" } },
    { name: "letters", code: "abcdef", last: null, expect: { ok: false, reason: "malformed" } },
    { name: "empty", code: "", last: null, expect: { ok: false, reason: "malformed" } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(verifyTotp({ secret: RFC_SECRET, code: c.code, now: NOW, lastUsedStep: c.last }), c.expect);
    });
  }

  test("at a step boundary the previous code still works, the one before it no longer", () => {
    const boundary = new Date((S + 1) * 30_000);
    assert.deepEqual(verifyTotp({ secret: RFC_SECRET, code: code(0), now: boundary, lastUsedStep: null }), { ok: true, step: S });
    assert.deepEqual(verifyTotp({ secret: RFC_SECRET, code: code(-1), now: boundary, lastUsedStep: null }), { ok: false, reason: "invalid" });
  });
});

describe("recovery codes", () => {
  test("ten distinct codes of the form XXXXX-XXXXX without look-alike characters", () => {
    const codes = generateRecoveryCodes();
    assert.equal(codes.length, RECOVERY_CODE_COUNT);
    assert.equal(new Set(codes).size, codes.length);
    for (const c of codes) {
      assert.match(c, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
      assert.doesNotMatch(c, /[015820OILSBZ]/);
      assert.ok(looksLikeRecoveryCode(c));
    }
  });

  const typed: [input: string, normalized: string, plausible: boolean][] = [
    ["ACDEF-GHJKM", "ACDEFGHJKM", true],
    ["acdef-ghjkm", "ACDEFGHJKM", true],
    [" ACDEF GHJKM ", "ACDEFGHJKM", true],
    ["ACDEFGHJKM", "ACDEFGHJKM", true],
    ["ACDEF-GHJK", "ACDEFGHJK", false],
    ["ACDEF-GHJK0", "ACDEFGHJK0", false],
    ["123456", "123456", false],
    ["", "", false],
  ];
  for (const [input, normalized, plausible] of typed) {
    test(`typed ${JSON.stringify(input)}`, () => {
      assert.equal(normalizeRecoveryCode(input), normalized);
      assert.equal(looksLikeRecoveryCode(input), plausible);
    });
  }
});

describe("which roles require a second factor", () => {
  const table: [roles: Role[], required: boolean][] = [
    [["programme_admin"], true],
    [["security_officer"], true],
    [["programme_viewer"], false],
    [["institution_editor"], false],
    [["vendor_editor"], false],
    [["institution_editor", "security_officer"], true],
    [[], false],
  ];
  for (const [roles, required] of table) {
    test(`${roles.join(" + ") || "no role"}: ${required ? "required" : "optional"}`, () => assert.equal(isTwoFactorRequired(roles), required));
  }
});
