/**
 * The HTTP wrapper of scripts/start.ts (lib/ops/http-server.ts) on a real node:http server, with
 * a stand-in for Next's request handler (issue 21, item 1): cross-site server actions get 403
 * (not Next's 500), every response carries a Content-Security-Policy, the body limit lets a file
 * of exactly the upload maximum plus its form through whole and refuses more with 413, and an
 * error that escapes Next is one JSON line with the request id.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { log } from "@/lib/log";
import { MAX_BODY_BYTES } from "@/lib/ops/http-limits";
import { createRequestListener } from "@/lib/ops/http-server";
import { isActionBodyDecodeError, logRequestError } from "@/lib/ops/request-error";
import { HTML_FALLBACK_CSP, NON_HTML_CSP } from "@/lib/security/headers";
import { UPLOAD_MAX_BYTES } from "@/lib/validation/uploads";

type Seen = { method?: string; url?: string; bytes: number };
let server: Server;
let port: number;
const seen: Seen[] = [];

/** What Next would do, reduced: read the whole body, then answer by path. */
async function fakeNext(req: IncomingMessage, res: ServerResponse) {
  let bytes = 0;
  for await (const chunk of req) bytes += (chunk as Buffer).length;
  seen.push({ method: req.method, url: req.url, bytes });
  const path = req.url ?? "/";
  if (path === "/boom") throw new Error("kapot");
  if (path === "/silent-500") {
    // Next answering an error it met outside the render itself: a 500, no rejection, no onRequestError.
    res.statusCode = 500;
    return void res.end("Internal Server Error");
  }
  if (path === "/unreadable-action") {
    // Next's action handler meeting a body that is not in React's format: onRequestError, then 500.
    logRequestError(new SyntaxError("Expected property name or '}' in JSON at position 1"), { path, method: "POST", headers: req.headers }, { routeType: "action", routePath: "/login" });
    res.statusCode = 500;
    return void res.end("Internal Server Error");
  }
  if (path === "/action-throws") {
    // Any other error of an action (not the body's fault) stays a 500.
    logRequestError(new TypeError("kapot"), { path, method: "POST", headers: req.headers }, { routeType: "action", routePath: "/login" });
    res.statusCode = 500;
    return void res.end("Internal Server Error");
  }
  if (path === "/reported-500") {
    // An error that has its line already (onRequestError, lib/ops/request-error.ts).
    log.error("request.error", { message: "al gemeld" });
    res.statusCode = 500;
    return void res.end("Internal Server Error");
  }
  if (path === "/page") {
    // A page: proxy.ts already set the nonce policy.
    res.setHeader("content-security-policy", "default-src 'self'; script-src 'nonce-abc'; frame-ancestors 'none'");
    res.setHeader("content-type", "text/html; charset=utf-8");
    return void res.end("<!doctype html><p>pagina</p>");
  }
  if (path === "/api/unknown") {
    // Next's not-found page for a path proxy.ts does not run for: HTML without a policy.
    res.statusCode = 404;
    res.setHeader("content-type", "text/html; charset=utf-8");
    return void res.end("<!doctype html><p>niet gevonden</p>");
  }
  if (path === "/raw") {
    res.writeHead(200, ["Content-Type", "text/plain"]);
    return void res.end("rauw");
  }
  if (path === "/api/evidence/x") {
    // A download written with writeHead(status, headers) in one go.
    res.writeHead(200, { "Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="x.pdf"' });
    return void res.end("%PDF-1.7");
  }
  if (path === "/own-policy") {
    res.writeHead(200, ["Content-Type", "text/plain", "Content-Security-Policy", "sandbox"]);
    return void res.end("eigen");
  }
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ status: "ok", bytes }));
}

before(async () => {
  server = createServer(createRequestListener({ handle: fakeNext, trustProxy: false }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Answer = { status: number; headers: IncomingMessage["headers"]; body: string };

function send(opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer | string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** A browser's multipart body: the step form's fields and one file of `fileBytes` bytes. */
async function multipart(fileBytes: number) {
  const fd = new FormData();
  fd.set("1_$ACTION_ID_0123456789abcdef0123456789abcdef01234567", "");
  fd.set("institutionId", "0f8fad5b-d9cb-469f-a165-70867728950e");
  fd.set("completedOn", "2026-12-05");
  fd.set("note", "n".repeat(2000));
  fd.set("link", "https://example.org/bewijs");
  fd.set("intent", "draft");
  fd.set("evidence", new File([new Uint8Array(fileBytes)], "bewijs.pdf", { type: "application/pdf" }));
  const res = new Response(fd);
  return { body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get("content-type")! };
}

describe("cross-site server actions", () => {
  const action = { "next-action": "0123456789abcdef0123456789abcdef01234567", "content-type": "text/plain;charset=UTF-8" };

  test("a server action from another site is answered 403 (problem+json) and never reaches Next", async () => {
    const before = seen.length;
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1.evil.example", "not a url"]) {
      const res = await send({ method: "POST", path: "/institutions", headers: { ...action, origin, host: `127.0.0.1:${port}` }, body: "[]" });
      assert.equal(res.status, 403, origin);
      assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
      assert.equal(JSON.parse(res.body).status, 403);
      assert.equal(res.headers["content-security-policy"], NON_HTML_CSP);
      assert.ok(res.headers["x-request-id"]);
    }
    // The no-JavaScript form of an action (multipart, no Next-Action header) too.
    const form = await multipart(10);
    const mpa = await send({ method: "POST", path: "/toolkit/x", headers: { "content-type": form.contentType, "content-length": form.body.length, origin: "https://evil.example" }, body: form.body });
    assert.equal(mpa.status, 403);
    assert.equal(seen.length, before, "Next saw none of them");
  });

  test("the portal's own pages, callers without Origin and the APIs' own POSTs go through", async () => {
    const own = await send({ method: "POST", path: "/institutions", headers: { ...action, origin: `http://127.0.0.1:${port}` }, body: "[]" });
    assert.equal(own.status, 200);
    const noOrigin = await send({ method: "POST", path: "/institutions", headers: action, body: "[]" });
    assert.equal(noOrigin.status, 200);
    const api = await send({ method: "POST", path: "/api/v1/endpoints", headers: { "content-type": "application/json", origin: "https://client.example" }, body: "{}" });
    assert.equal(api.status, 200);
    const get = await send({ path: "/institutions", headers: { origin: "https://evil.example" } });
    assert.equal(get.status, 200);
  });
});

describe("a Content-Security-Policy on every response", () => {
  test("JSON and downloads get the strict policy; a page keeps its nonce policy; an own policy stays", async () => {
    for (const path of ["/api/health", "/api/session", "/api/v1/endpoints", "/fhir/metadata", "/api/evidence/x"]) {
      const res = await send({ path });
      assert.equal(res.headers["content-security-policy"], NON_HTML_CSP, path);
      assert.match(String(res.headers["content-security-policy"]), /frame-ancestors 'none'/);
    }
    const page = await send({ path: "/page" });
    assert.match(String(page.headers["content-security-policy"]), /nonce-abc/);
    const raw = await send({ path: "/raw" });
    assert.equal(raw.headers["content-security-policy"], NON_HTML_CSP);
    const own = await send({ path: "/own-policy" });
    assert.equal(own.headers["content-security-policy"], "sandbox");
  });

  test("HTML without a policy gets one without inline scripts, still unframeable", async () => {
    const res = await send({ path: "/api/unknown" });
    assert.equal(res.status, 404);
    assert.equal(res.headers["content-security-policy"], HTML_FALLBACK_CSP);
    assert.match(HTML_FALLBACK_CSP, /frame-ancestors 'none'/);
    assert.doesNotMatch(HTML_FALLBACK_CSP, /unsafe-inline'[^;]*script|script-src[^;]*unsafe/);
  });
});

describe("body limits around the upload maximum", () => {
  test("a file of exactly the maximum plus its form reaches Next whole", async () => {
    const form = await multipart(UPLOAD_MAX_BYTES);
    assert.ok(form.body.length > UPLOAD_MAX_BYTES && form.body.length <= MAX_BODY_BYTES);
    const res = await send({ method: "POST", path: "/institutions/x/steps/y", headers: { "content-type": form.contentType, "content-length": form.body.length, origin: `http://127.0.0.1:${port}` }, body: form.body });
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).bytes, form.body.length);
  });

  test("a file 10.5 MB in size still reaches Next (whose action refuses it in words)", async () => {
    const form = await multipart(10_500_000);
    const res = await send({ method: "POST", path: "/toolkit/x/intake", headers: { "content-type": form.contentType, "content-length": form.body.length }, body: form.body });
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).bytes, form.body.length);
  });

  test("a body over the limit is 413 with the limit in Dutch, and Next reads none of it", async () => {
    const before = seen.length;
    const body = Buffer.alloc(MAX_BODY_BYTES + 1, 0x61);
    const res = await send({ method: "POST", path: "/institutions/x/steps/y", headers: { "content-type": "multipart/form-data; boundary=x", "content-length": body.length }, body });
    assert.equal(res.status, 413);
    assert.match(JSON.parse(res.body).detail, /te groot: hoogstens 12 MB/);
    assert.equal(res.headers["content-security-policy"], NON_HTML_CSP);
    assert.equal(seen.length, before);
  });
});

/** The JSON lines at level error written while `fn` runs (the access log's finish event included). */
async function errorLinesOf(fn: () => Promise<Answer>) {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  let res: Answer;
  try {
    res = await fn();
    // The access log runs on the response's finish event: let it.
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    console.error = original;
  }
  return { res, errors: lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === "error") };
}

describe("an error that escapes Next", () => {
  test("a 500 Next answers itself without reporting it still gets one error line with the request id", async () => {
    const { res, errors } = await errorLinesOf(() => send({ path: "/silent-500", headers: { "x-request-id": "trace-silent-0001" } }));
    assert.equal(res.status, 500);
    assert.equal(res.headers["x-request-id"], "trace-silent-0001");
    assert.equal(errors.length, 1);
    assert.deepEqual([errors[0].event, errors[0].requestId, errors[0].status, errors[0].path], ["request.failed", "trace-silent-0001", 500, "/silent-500"]);
  });

  test("a 500 whose error was logged already gets no second line", async () => {
    const { res, errors } = await errorLinesOf(() => send({ path: "/reported-500", headers: { "x-request-id": "trace-reported-0001" } }));
    assert.equal(res.status, 500);
    assert.deepEqual(
      errors.map((e) => [e.event, e.requestId]),
      [["request.error", "trace-reported-0001"]],
    );
  });

  test("a server action whose body Next cannot decode is 400 with a warning line, not a 500; another action error stays 500", async () => {
    const { res, errors } = await errorLinesOf(() => send({ path: "/unreadable-action", method: "POST", headers: { "x-request-id": "trace-action-0001", "next-action": "60d4" }, body: "{{{garbage" }));
    assert.equal(res.status, 400);
    assert.deepEqual(errors, [], "a client's error is no error line");
    const other = await errorLinesOf(() => send({ path: "/action-throws", method: "POST", headers: { "x-request-id": "trace-action-0002", "next-action": "60d4" }, body: "[]" }));
    assert.equal(other.res.status, 500);
    assert.deepEqual(other.errors.map((e) => e.event), ["request.error"]);
  });

  test("which errors are a body Next cannot decode", () => {
    const table: [Error, string, boolean][] = [
      [new SyntaxError("Unexpected token"), "action", true],
      [new Error("Unexpected end of form"), "action", true],
      [new Error("Multipart: Boundary not found"), "action", true],
      [new TypeError("Failed to parse body as FormData."), "render", true],
      [new SyntaxError("Unexpected token"), "render", false],
      [new TypeError("Cannot read properties of undefined"), "action", false],
      [new Error("Unexpected end of form"), "route", false],
    ];
    for (const [error, routeType, expected] of table) assert.equal(isActionBodyDecodeError(error, { routeType }), expected, `${routeType}: ${error.message}`);
  });

  test("a Next-Router-State-Tree header Next cannot parse is 400, before Next (which threw: a 500)", async () => {
    const before = seen.length;
    for (const header of ["garbage%%", "%5B%22%22%5D", "%7B%7D"]) {
      const res = await send({ path: "/institutions", headers: { rsc: "1", "next-router-state-tree": header } });
      assert.equal(res.status, 400, header.slice(0, 20));
      assert.equal(res.headers["content-type"], "application/problem+json");
      assert.equal(res.headers["content-security-policy"], NON_HTML_CSP);
    }
    assert.equal(seen.length, before);
    // The header as Next's client sends it goes through.
    const valid = encodeURIComponent(JSON.stringify(["", { children: ["institutions", {}] }, null, null]));
    assert.equal((await send({ path: "/institutions", headers: { rsc: "1", "next-router-state-tree": valid } })).status, 200);
  });

  test("is answered 500 and logged as one JSON error line carrying the request id", async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    let res: Answer;
    try {
      res = await send({ path: "/boom", headers: { "x-request-id": "trace-boom-0001" } });
    } finally {
      console.error = original;
    }
    assert.equal(res.status, 500);
    assert.equal(res.headers["x-request-id"], "trace-boom-0001");
    const errors = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === "error");
    assert.equal(errors.length, 1);
    assert.equal(errors[0].requestId, "trace-boom-0001");
    assert.equal(errors[0].event, "request.failed");
    assert.equal(errors[0].message, "kapot");
  });
});
