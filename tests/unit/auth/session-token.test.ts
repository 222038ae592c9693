import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encode } from "next-auth/jwt";
import { readSessionToken, sessionCookieValue } from "@/lib/auth/session-token";

const secret = "unit-test-secret-unit-test-secret-0123456789";

describe("sessionCookieValue", () => {
  const cases: { name: string; cookies: { name: string; value: string }[]; want: string | null }[] = [
    { name: "no cookies", cookies: [], want: null },
    { name: "whole cookie", cookies: [{ name: "authjs.session-token", value: "abc" }], want: "abc" },
    { name: "chunks joined in numeric order", cookies: [{ name: "authjs.session-token.10", value: "c" }, { name: "authjs.session-token.0", value: "a" }, { name: "authjs.session-token.2", value: "b" }], want: "abc" },
    { name: "look-alike names ignored", cookies: [{ name: "authjs.session-token.x", value: "no" }, { name: "xauthjs.session-token", value: "no" }], want: null },
    { name: "empty value is no session", cookies: [{ name: "authjs.session-token", value: "" }], want: null },
  ];
  for (const c of cases) it(c.name, () => assert.equal(sessionCookieValue(c.cookies, "authjs.session-token"), c.want));
});

describe("readSessionToken", () => {
  it("decodes a token next-auth encoded, under either cookie name", async () => {
    for (const name of ["authjs.session-token", "__Secure-authjs.session-token"]) {
      const token = await encode({ token: { uid: "u1", sv: 3, loginAt: 42 }, secret, salt: name });
      const got = await readSessionToken([{ name, value: token }], secret);
      assert.equal(got?.uid, "u1");
      assert.equal(got?.sv, 3);
      assert.equal(got?.loginAt, 42);
    }
  });

  it("refuses a tampered token, a wrong secret, a token salted for the other cookie, and an expired one", async () => {
    const name = "authjs.session-token";
    const token = await encode({ token: { uid: "u1" }, secret, salt: name });
    const flipped = token.slice(0, -5) + (token.at(-5) === "A" ? "B" : "A") + token.slice(-4);
    assert.equal(await readSessionToken([{ name, value: flipped }], secret), null);
    assert.equal(await readSessionToken([{ name, value: token }], `${secret}-other`), null);
    assert.equal(await readSessionToken([{ name: "__Secure-authjs.session-token", value: token }], secret), null);
    const expired = await encode({ token: { uid: "u1" }, secret, salt: name, maxAge: -60 });
    assert.equal(await readSessionToken([{ name, value: expired }], secret), null);
    assert.equal(await readSessionToken([{ name, value: "garbage" }], secret), null);
  });

  it("a token read before is read again from memory, and that changes none of the refusals", async () => {
    const name = "authjs.session-token";
    const token = await encode({ token: { uid: "u2", sv: 1 }, secret, salt: name });
    const first = await readSessionToken([{ name, value: token }], secret);
    assert.equal(first?.uid, "u2");
    // A caller that changes what it got does not change what the next request reads.
    (first as Record<string, unknown>).uid = "someone-else";
    assert.equal((await readSessionToken([{ name, value: token }], secret))?.uid, "u2");
    // Remembered by cookie name, secret and token: the same token under another secret or the
    // other cookie name, or one character off, is still refused.
    assert.equal(await readSessionToken([{ name, value: token }], `${secret}-other`), null);
    assert.equal(await readSessionToken([{ name: "__Secure-authjs.session-token", value: token }], secret), null);
    const flipped = token.slice(0, -5) + (token.at(-5) === "A" ? "B" : "A") + token.slice(-4);
    assert.equal(await readSessionToken([{ name, value: flipped }], secret), null);
  });

  it("an expired token is not remembered", async () => {
    const name = "authjs.session-token";
    const expired = await encode({ token: { uid: "u3" }, secret, salt: name, maxAge: -60 });
    assert.equal(await readSessionToken([{ name, value: expired }], secret), null);
    assert.equal(await readSessionToken([{ name, value: expired }], secret), null);
  });
});
