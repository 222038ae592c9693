import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Actor } from "@/lib/auth/policy";
import { bearerFrom, generateApiToken, hashApiToken, tokenState } from "@/lib/registry/api-tokens";
import { mayChooseAnyVendor, mayWriteEndpoint, readScope, type TokenPrincipal } from "@/lib/registry/principal";

const HOME = { id: "11111111-1111-4111-8111-111111111111", vendorCode: "enovation" };
const OTHER = { id: "22222222-2222-4222-8222-222222222222", vendorCode: "founda" };
const token = (scope: TokenPrincipal["scope"], over: Partial<TokenPrincipal> = {}): TokenPrincipal => ({ id: "t", name: "n", tokenPrefix: "duo_abcdefgh", scope, institutionId: null, vendorCode: null, ...over });

describe("token scope: write per scope and institution", () => {
  const cases: [string, TokenPrincipal, boolean, boolean][] = [
    ["programme token reads all, writes nothing", token("programme"), false, false],
    ["institution token writes only its institution", token("institution", { institutionId: HOME.id }), true, false],
    ["vendor token writes the vendor's institutions", token("vendor", { vendorCode: "enovation" }), true, false],
    ["vendor token of another vendor", token("vendor", { vendorCode: "alphatron" }), false, false],
  ];
  for (const [name, tok, home, other] of cases) {
    test(name, () => {
      const p = { kind: "token" as const, token: tok };
      assert.equal(mayWriteEndpoint(p, HOME), home);
      assert.equal(mayWriteEndpoint(p, OTHER), other);
      assert.equal(mayChooseAnyVendor(p), false);
    });
  }
  test("read scopes", () => {
    assert.deepEqual(readScope({ kind: "token", token: token("programme") }), { kind: "all" });
    assert.deepEqual(readScope({ kind: "token", token: token("vendor", { vendorCode: "founda" }) }), { kind: "some", institutionIds: [], vendorCodes: ["founda"] });
    const admin: Actor = { userId: "u", email: "a@x.test", name: "A", locale: "nl", memberships: [{ role: "programme_admin", institutionId: null, vendorCode: null }] };
    assert.equal(mayChooseAnyVendor({ kind: "user", actor: admin }), true);
  });
});

describe("tokens", () => {
  test("format, hash and prefix", () => {
    const { token: raw, tokenHash, tokenPrefix } = generateApiToken();
    assert.match(raw, /^duo_[A-Za-z0-9_-]{43}$/);
    assert.equal(tokenHash, hashApiToken(raw));
    assert.equal(tokenPrefix, raw.slice(0, 12));
    assert.notEqual(generateApiToken().token, raw);
  });
  const headers: [string | null, string | null][] = [
    [null, null],
    ["Bearer duo_x", "duo_x"],
    ["bearer   duo_x  ", "duo_x"],
    ["Basic abc", ""],
    ["Bearer", ""],
  ];
  for (const [h, expected] of headers) test(`bearerFrom(${JSON.stringify(h)})`, () => assert.equal(bearerFrom(h), expected));
  test("tokenState", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    assert.equal(tokenState({ revokedAt: null, expiresAt: new Date("2026-02-01") }, now), "active");
    assert.equal(tokenState({ revokedAt: null, expiresAt: now }, now), "expired");
    assert.equal(tokenState({ revokedAt: now, expiresAt: new Date("2027-01-01") }, now), "revoked");
  });
});
