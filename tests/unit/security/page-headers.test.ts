import { test } from "node:test";
import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { applyPageHeaders } from "@/lib/ops/http-server";
import { PAGE_HEADERS_DONE, hasSessionCookie } from "@/lib/security/page-headers";
import { HSTS } from "@/lib/security/headers";
import { config } from "@/proxy";

function run(url: string, headers: Record<string, string> = {}) {
  const req = { url, headers: { ...headers } } as unknown as IncomingMessage;
  const set: Record<string, string> = {};
  const res = { setHeader: (k: string, v: string) => void (set[k.toLowerCase()] = v) } as unknown as ServerResponse;
  applyPageHeaders(req, res);
  return { req: req.headers as Record<string, string | undefined>, res: set };
}

const SESSION = "authjs.session-token=abc";

test("hasSessionCookie: a non-empty next-auth session cookie, plain, __Secure- or chunked", () => {
  const table: [string | undefined, boolean][] = [
    [undefined, false],
    ["", false],
    ["duo_lang=en", false],
    ["authjs.session-token=", false],
    ["authjs.session-token", false],
    [SESSION, true],
    ["duo_lang=nl; __Secure-authjs.session-token=x", true],
    ["authjs.session-token.0=part; authjs.session-token.1=rest", true],
    ["xauthjs.session-token=abc", false],
  ];
  for (const [header, expected] of table) assert.equal(hasSessionCookie(header), expected, String(header));
});

test("a page with a session cookie gets the nonce, the CSP and the mark that makes proxy.ts skip it", () => {
  const { req, res } = run("/dashboard?weeks=4", { cookie: SESSION });
  assert.ok(req["x-nonce"]);
  assert.match(req["content-security-policy"]!, new RegExp(`'nonce-${req["x-nonce"]!.replace(/[+/=]/g, "\\$&")}'`));
  assert.equal(res["content-security-policy"], req["content-security-policy"]);
  assert.equal(req[PAGE_HEADERS_DONE], "1");
  assert.equal(res["strict-transport-security"], undefined, "no HSTS over plain http");
  assert.notEqual(run("/dashboard", { cookie: SESSION }).req["x-nonce"], req["x-nonce"], "a fresh nonce per request");
});

test("public pages are handled without a session; HSTS when X-Forwarded-Proto says https, as Next's proxy sees it", () => {
  assert.equal(run("/login").req[PAGE_HEADERS_DONE], "1");
  assert.equal(run("/status/incidents").req[PAGE_HEADERS_DONE], "1");
  assert.equal(run("/login", { "x-forwarded-proto": "https" }).res["strict-transport-security"], HSTS);
  assert.equal(run("/login", { "x-forwarded-proto": "http, https" }).res["strict-transport-security"], HSTS);
});

test("left to proxy.ts: non-public pages without a session (the redirect), and paths its matcher leaves out", () => {
  for (const [url, headers] of [
    ["/dashboard", {}],
    ["/api/health", { cookie: SESSION }],
    ["/_next/static/chunks/x.js", { cookie: SESSION }],
    ["/favicon.ico", { cookie: SESSION }],
  ] as const) {
    const { req, res } = run(url, { ...headers });
    assert.equal(req[PAGE_HEADERS_DONE], undefined, url);
    assert.equal(req["x-nonce"], undefined, url);
    assert.deepEqual(res, {}, url);
  }
  // A mark the client sent is removed, so proxy.ts runs.
  assert.equal(run("/dashboard", { [PAGE_HEADERS_DONE]: "1" }).req[PAGE_HEADERS_DONE], undefined);
});

test("proxy.ts's matcher skips exactly the marked requests", () => {
  const [m] = config.matcher;
  assert.deepEqual(m.missing, [{ type: "header", key: PAGE_HEADERS_DONE }]);
});
