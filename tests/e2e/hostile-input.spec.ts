/**
 * Hostile input at the HTTP level (issue 9, "Bad input"): oversized headers and bodies, forged
 * and tampered session cookies, path traversal in download URLs, request ids. No browser: the
 * request fixture, and raw node:http where a client library would normalise the URL first.
 */
import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { USERS, cookieHeaderFor, pageAs } from "./support";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A request with the path sent exactly as written (no URL normalisation of %2e%2e or ../). */
function raw(baseURL: string, opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean }): Promise<Raw> {
  const base = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, method: opts.method ?? "GET", path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (opts.chunked) {
      // No Content-Length: node:http sends Transfer-Encoding: chunked.
      req.write(opts.body ?? "x");
      req.end();
    } else req.end(opts.body);
  });
}

test.describe("request ids", () => {
  test("every response carries an X-Request-Id; a safe incoming id is kept, an unsafe one replaced", async ({ request }) => {
    for (const path of ["/login", "/api/health", "/api/ready", "/bestaat-niet"]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.headers()["x-request-id"], path).toMatch(UUID);
    }
    const kept = await request.get("/api/health", { headers: { "X-Request-Id": "lb-trace.2026-11-22_0042" } });
    expect(kept.headers()["x-request-id"]).toBe("lb-trace.2026-11-22_0042");
    const replaced = await request.get("/api/health", { headers: { "X-Request-Id": 'abc","level":"error' } });
    expect(replaced.headers()["x-request-id"]).toMatch(UUID);
  });
});

test.describe("oversized input", () => {
  test("64 KB of headers: 431 with a structured body", async ({ baseURL }) => {
    const res = await raw(baseURL!, { path: "/login", headers: { "X-Padding": "a".repeat(64 * 1024) } });
    expect(res.status).toBe(431);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(JSON.parse(res.body)).toMatchObject({ status: 431 });
  });

  test("headers just within the limit are served", async ({ request }) => {
    const res = await request.get("/api/health", { headers: { "X-Padding": "a".repeat(8 * 1024) } });
    expect(res.status()).toBe(200);
  });

  test("a body over 12 MB is refused with 413 before it reaches the API or a server action", async ({ request }) => {
    const big = Buffer.alloc(13 * 1024 * 1024, 0x61);
    for (const path of ["/api/v1/endpoints", "/login"]) {
      const res = await request.post(path, { data: big, headers: { "content-type": path.startsWith("/api") ? "application/json" : "multipart/form-data; boundary=x" } });
      expect(res.status(), path).toBe(413);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      const body = await res.json();
      expect(body).toMatchObject({ status: 413, title: "Payload too large" });
      expect(body.detail).toContain("12 MB");
      expect(res.headers()["x-request-id"]).toMatch(UUID);
    }
  });

  test("a body without a declared length is refused with 411 outside the REST API", async ({ baseURL }) => {
    const res = await raw(baseURL!, { method: "POST", path: "/login", headers: { "content-type": "text/plain" }, body: "x".repeat(1000), chunked: true });
    expect(res.status).toBe(411);
    expect(JSON.parse(res.body)).toMatchObject({ status: 411 });
  });
});

test.describe("forged and tampered session cookies count as signed out", () => {
  test("a forged cookie: pages redirect to the login page, route handlers answer 401, never 500", async ({ baseURL }) => {
    const forged = [
      "authjs.session-token=forged",
      "authjs.session-token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
      `authjs.session-token=${"A".repeat(3000)}`,
      "authjs.session-token.0=abc; authjs.session-token.1=def",
    ];
    for (const cookie of forged) {
      const page = await raw(baseURL!, { path: "/dashboard", headers: { cookie } });
      expect(page.status, cookie.slice(0, 40)).toBe(307);
      expect(String(page.headers.location)).toMatch(/\/login/);
      const api = await raw(baseURL!, { path: "/api/evidence/0f8fad5b-d9cb-469f-a165-70867728950e", headers: { cookie } });
      expect(api.status, cookie.slice(0, 40)).toBe(401);
    }
  });

  test("a real session cookie with one character changed is refused the same way", async ({ baseURL }) => {
    // The editor's stored session (auth.setup.ts); changing a copy of its cookie ends nothing.
    const cookie = cookieHeaderFor(USERS.editor);
    const ok = await raw(baseURL!, { path: "/institutions", headers: { cookie } });
    expect(ok.status).toBe(200);
    const tampered = cookie.replace(/(authjs\.session-token=)([^;]{100})(.)/, (_m, name: string, head: string, c: string) => `${name}${head}${c === "A" ? "B" : "A"}`);
    expect(tampered).not.toBe(cookie);
    const res = await raw(baseURL!, { path: "/institutions", headers: { cookie: tampered } });
    expect(res.status).toBe(307);
    expect(String(res.headers.location)).toMatch(/\/login/);
  });
});

test.describe("path traversal in download URLs", () => {
  test("traversal instead of an id is a 404, and nothing outside the portal is served", async ({ baseURL }) => {
    const cookie = cookieHeaderFor(USERS.editor);
    const page = await raw(baseURL!, { path: "/toolkit", headers: { cookie } });
    const own = /\/toolkit\/([0-9a-f-]{36})/.exec(page.body)?.[1];
    expect(own, "the editor's own institution on /toolkit").toBeTruthy();

    const attempts = [
      "/api/evidence/..%2F..%2F..%2Fetc%2Fpasswd",
      "/api/evidence/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "/api/evidence/0f8fad5b-d9cb-469f-a165-70867728950e%00.pdf",
      "/api/evidence/0f8fad5b-d9cb-469f-a165-70867728950e%0d%0aSet-Cookie:%20x=1",
      "/api/evidence/..%5c..%5cwindows%5cwin.ini",
      `/toolkit/${own}/documents/..%2F..%2F..%2Fetc%2Fpasswd`,
      `/toolkit/${own}/documents/%2e%2e%2f%2e%2e%2fpackage.json`,
      "/toolkit/..%2F..%2Fetc%2Fpasswd/pack",
      "/toolkit/%2e%2e/pack",
      "/institutions/..%2F..%2Fetc%2Fpasswd",
    ];
    for (const path of attempts) {
      const res = await raw(baseURL!, { path, headers: { cookie } });
      expect(res.status, path).toBe(404);
      expect(res.headers["content-disposition"], path).toBeUndefined();
      expect(res.headers["set-cookie"] ?? [], path).not.toContainEqual(expect.stringContaining("x=1"));
      expect(res.body, path).not.toContain("root:x:0:0");
    }

    // The static file server must not step out of its folder either.
    for (const path of ["/_next/static/..%2F..%2F..%2Fpackage.json", "/_next/static/%2e%2e/%2e%2e/.env.local", "/%2e%2e/%2e%2e/.env.local", "/..%2F.env"]) {
      const res = await raw(baseURL!, { path, headers: { cookie } });
      expect(res.status, path).not.toBe(200);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body, path).not.toContain("AUTH_SECRET");
      expect(res.body, path).not.toContain('"devDependencies"');
    }
  });
});

// Issue 21, item 1: none of these may answer 500.
test.describe("issue 21: hostile and careless input without 500s", () => {
  test("a form of just over 10 MB (a 10 MB file plus its fields) reaches Next whole: no 500", async ({ request }) => {
    const boundary = "----duo21";
    const file = Buffer.alloc(10 * 1024 * 1024, 0x41);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="1_$ACTION_ID_00000000000000000000000000000000000000aa"\r\n\r\n\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="groot.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await request.post("/login", { data: body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
    // An unknown action id: Next answers 4xx once it has read the whole form (the cut body was a 500).
    expect(res.status()).toBeLessThan(500);
  });

  test("a server action posted from another site is 403, not 500", async ({ request }) => {
    const res = await request.post("/login", { data: "[]", headers: { "next-action": "00000000000000000000000000000000000000aa", "content-type": "text/plain;charset=UTF-8", origin: "https://evil.example" } });
    expect(res.status()).toBe(403);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
  });

  test("route handlers and the APIs carry a Content-Security-Policy with frame-ancestors 'none'", async ({ request }) => {
    for (const path of ["/api/health", "/api/session", "/api/v1/endpoints", "/fhir/metadata", "/api/evidence/0f8fad5b-d9cb-469f-a165-70867728950e"]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
    }
    const health = await request.get("/api/health");
    expect(health.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  test("an empty CSV is called empty, not missing", async ({ browser }) => {
    const page = await pageAs(browser, USERS.admin);
    await page.goto("/admin/imports");
    await page.getByLabel("CSV-bestand").setInputFiles({ name: "leeg.csv", mimeType: "text/csv", buffer: Buffer.alloc(0) });
    await page.getByRole("button", { name: "Voorbeeld bekijken" }).click();
    await expect(page.locator("main [role=alert]")).toContainText("Het bestand is leeg");
    await expect(page.locator("main [role=alert]")).not.toContainText("Kies eerst een CSV-bestand");
    await page.context().close();
  });
});
