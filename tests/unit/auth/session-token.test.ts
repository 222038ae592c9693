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
});
