import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createOneTimeToken, hashToken, looksLikeToken } from "@/lib/auth/tokens";

describe("createOneTimeToken", () => {
  test("gives a 43-character base64url token and its SHA-256", () => {
    const { token, tokenHash } = createOneTimeToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(looksLikeToken(token), true);
    assert.match(tokenHash, /^[0-9a-f]{64}$/);
    assert.equal(tokenHash, hashToken(token));
    assert.notEqual(tokenHash, token);
  });

  test("never repeats (200 draws)", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => createOneTimeToken().token));
    assert.equal(tokens.size, 200);
  });
});

describe("hashToken", () => {
  test("is SHA-256 hex of the UTF-8 text", () => {
    assert.equal(hashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert.equal(hashToken(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
  test("is deterministic and sensitive to every character", () => {
    const t = createOneTimeToken().token;
    assert.equal(hashToken(t), hashToken(t));
    assert.notEqual(hashToken(t), hashToken(`${t.slice(0, -1)}${t.endsWith("A") ? "B" : "A"}`));
  });
});

describe("looksLikeToken", () => {
  const good = "A".repeat(21) + "z-_09".repeat(4) + "xy";
  const cases: [string, unknown, boolean][] = [
    ["43 base64url characters", good, true],
    ["42 characters", good.slice(1), false],
    ["44 characters", `${good}A`, false],
    ["standard base64 '+'", `${good.slice(1)}+`, false],
    ["standard base64 '/'", `${good.slice(1)}/`, false],
    ["padding '='", `${good.slice(1)}=`, false],
    ["space inside", `${good.slice(2)} A`, false],
    ["trailing newline", `${good.slice(1)}\n`, false],
    ["empty", "", false],
    ["undefined", undefined, false],
    ["null", null, false],
    ["number", 12345, false],
    ["array holding a token", [good], false],
  ];
  test("the fixture is 43 characters", () => assert.equal(good.length, 43));
  for (const [name, value, expected] of cases) test(name, () => assert.equal(looksLikeToken(value), expected));
});
