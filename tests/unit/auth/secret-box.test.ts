import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { deriveKey, keyedHash, open, seal } from "@/lib/auth/secret-box";

const SECRET = "unit-test-secret-0123456789-abcdefghij";
const OTHER = "another-secret-0123456789-abcdefghijklm";
const box = { purpose: "totp-secret", aad: "user-1", secret: SECRET };

describe("secret-box: AES-256-GCM with an HKDF key from AUTH_SECRET", () => {
  test("seals and opens", () => {
    const sealed = seal("JBSWY3DPEHPK3PXP", box);
    assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.ok(!sealed.includes("JBSWY3DPEHPK3PXP"));
    assert.equal(open(sealed, box), "JBSWY3DPEHPK3PXP");
  });

  test("a fresh IV each time: the same secret seals differently", () => {
    assert.notEqual(seal("same", box), seal("same", box));
  });

  const sealed = seal("JBSWY3DPEHPK3PXP", box);
  const [v, iv, ct, tag] = sealed.split(".");
  const flip = (s: string) => {
    const b = Buffer.from(s, "base64url");
    b[0] ^= 1;
    return b.toString("base64url");
  };
  const refusals: [name: string, value: string, opts: typeof box][] = [
    ["another row (associated data)", sealed, { ...box, aad: "user-2" }],
    ["another purpose", sealed, { ...box, purpose: "recovery-code" }],
    ["another AUTH_SECRET", sealed, { ...box, secret: OTHER }],
    ["a changed ciphertext", [v, iv, flip(ct), tag].join("."), box],
    ["a changed tag", [v, iv, ct, flip(tag)].join("."), box],
    ["a changed IV", [v, flip(iv), ct, tag].join("."), box],
    ["an unknown version", ["v9", iv, ct, tag].join("."), box],
    ["a truncated value", [v, iv, ct].join("."), box],
    ["garbage", "not sealed at all", box],
  ];
  for (const [name, value, opts] of refusals) {
    test(`does not open with ${name}`, () => assert.equal(open(value, opts), null));
  }

  test("keys differ per purpose and per AUTH_SECRET, and are 32 bytes", () => {
    const a = deriveKey("totp-secret", SECRET);
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, deriveKey("recovery-code", SECRET));
    assert.notDeepEqual(a, deriveKey("totp-secret", OTHER));
    assert.deepEqual(a, deriveKey("totp-secret", SECRET));
  });

  test("keyed hashes are stable, and differ per purpose and secret", () => {
    const h = keyedHash("ACDEFGHJKM", { purpose: "recovery-code", secret: SECRET });
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.equal(h, keyedHash("ACDEFGHJKM", { purpose: "recovery-code", secret: SECRET }));
    assert.notEqual(h, keyedHash("ACDEFGHJKM", { purpose: "other", secret: SECRET }));
    assert.notEqual(h, keyedHash("ACDEFGHJKM", { purpose: "recovery-code", secret: OTHER }));
  });

  test("refuses to work without a proper AUTH_SECRET", () => {
    assert.throws(() => seal("x", { purpose: "p", aad: "a", secret: "short" }), /AUTH_SECRET/);
  });
});
