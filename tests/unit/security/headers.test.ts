import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { HSTS, STATIC_SECURITY_HEADERS, buildCsp, isHttps } from "@/lib/security/headers";

describe("Content-Security-Policy", () => {
  const csp = buildCsp({ nonce: "abc123", dev: false });
  const directive = (name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

  test("scripts only with the nonce, never unsafe-inline or unsafe-eval in production", () => {
    assert.equal(directive("script-src"), "script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    assert.doesNotMatch(directive("script-src"), /unsafe/);
  });
  test("no framing, no plugins, no foreign form targets or base URLs", () => {
    assert.equal(directive("frame-ancestors"), "frame-ancestors 'none'");
    assert.equal(directive("object-src"), "object-src 'none'");
    assert.equal(directive("form-action"), "form-action 'self'");
    assert.equal(directive("base-uri"), "base-uri 'none'");
  });
  test("development adds only what the dev server needs", () => {
    const dev = buildCsp({ nonce: "n", dev: true });
    assert.match(dev, /script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'/);
    assert.match(dev, /connect-src 'self' ws:/);
  });
});

describe("static headers and HSTS", () => {
  const table: [string, string][] = [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Frame-Options", "DENY"],
  ];
  for (const [key, value] of table) {
    test(`${key}: ${value}`, () => assert.equal(STATIC_SECURITY_HEADERS.find((h) => h.key === key)?.value, value));
  }
  test("Permissions-Policy switches off camera, microphone and geolocation", () => {
    const pp = STATIC_SECURITY_HEADERS.find((h) => h.key === "Permissions-Policy")?.value ?? "";
    for (const f of ["camera=()", "microphone=()", "geolocation=()"]) assert.ok(pp.includes(f), f);
  });
  const https: [string, string | null, boolean][] = [
    ["https://portal.example/", null, true],
    ["http://localhost:3000/", null, false],
    ["http://portal.internal/", "https", true],
    ["http://portal.internal/", "https, http", true],
    ["http://portal.internal/", "http", false],
  ];
  for (const [url, proto, expected] of https) {
    test(`HSTS ${expected ? "on" : "off"} for ${url} (forwarded ${proto})`, () => assert.equal(isHttps(new URL(url), proto), expected));
  }
  test("HSTS lasts two years", () => assert.match(HSTS, /max-age=63072000/));
});
