/**
 * Hostile input at the HTTP level (issue 9, "Bad input"): oversized headers and bodies, forged
 * and tampered session cookies, path traversal in download URLs, request ids. No browser: the
 * request fixture, and raw node:http where a client library would normalise the URL first.
 */
import { request as httpRequest } from "node:http";
import { expect, test, type Page, type Request } from "@playwright/test";
import { DEMO_HOME_INSTITUTION, DEMO_OTHER_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { DEMO_URA_MISMATCH } from "@/lib/checker/demo";
import { UPLOAD_MAX_BYTES } from "@/lib/validation/uploads";
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

// Issue 21 §1, the upload limits through the real browser, Next and the server wrapper: a file of
// exactly the maximum is stored, a 10.5 MB file gets the Dutch "te groot" — from the form's own
// check and, posted past that check, from the server action — and nothing of it is stored.
test.describe("issue 21: one coherent set of upload limits", () => {
  /** A PDF (by its first bytes) of exactly `size` bytes. */
  const pdfOf = (size: number) => {
    const head = Buffer.from("%PDF-1.4\n% groot bewijsstuk\n");
    return Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]);
  };
  const TEN_AND_A_HALF_MB = 11_010_048;

  // A demo institution no other spec reports on (onboarding, keyboard, check-evidence, planning,
  // registry and checker keep to their own), reported on by the programme admin: one without a
  // vendor, so its first step ("Leverancier gekozen", evidence optional) is still open.
  const spare = DEMO_INSTITUTIONS.find(
    (d, i) => d.vendor === null && ![DEMO_HOME_INSTITUTION, DEMO_OTHER_INSTITUTION, DEMO_INSTITUTIONS.length - 1].includes(i) && !["99220760", "99929559", DEMO_URA_MISMATCH.institutionUra].includes(d.ura),
  )!;

  async function spareInstitutionId(page: Page): Promise<string> {
    const res = await page.request.get(`/fhir/Organization?identifier=${encodeURIComponent(`http://fhir.nl/fhir/NamingSystem/ura|${spare.ura}`)}`);
    expect(res.status()).toBe(200);
    return ((await res.json()) as { entry: { resource: { id: string } }[] }).entry[0].resource.id;
  }

  /** The server action a click sends (its Next-Action id and form), for posting past the form's own check. */
  async function actionRequest(page: Page, click: () => Promise<void>): Promise<Request> {
    const [req] = await Promise.all([page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined), click()]);
    return req;
  }

  /**
   * Calls a server action from the page as Next's client does (fetch with Next-Action, the form
   * encoded as React's reply: the form's fields under "_1_", the argument "$K1" as field "0"), with
   * a PDF of `size` bytes as the file: the request a form without its own size check would send.
   */
  async function callActionWithFile(page: Page, action: Request, fields: Record<string, string>, file: { field: string; name: string; size: number }) {
    return page.evaluate(
      async ({ actionId, fields, file }) => {
        const fd = new FormData();
        for (const [k, v] of Object.entries(fields)) fd.append(`_1_${k}`, v);
        const bytes = new Uint8Array(file.size).fill(0x20);
        bytes.set(new TextEncoder().encode("%PDF-1.4\n"));
        fd.append(`_1_${file.field}`, new File([bytes], file.name, { type: "application/pdf" }));
        // The root last, as React sends it: the server resolves it from the parts read before it.
        fd.append("0", '["$K1"]');
        const res = await fetch(location.pathname, { method: "POST", headers: { "Next-Action": actionId, Accept: "text/x-component" }, body: fd });
        return { status: res.status, text: await res.text() };
      },
      { actionId: action.headers()["next-action"], fields, file },
    );
  }

  test("a step draft with a file of exactly 10,485,760 bytes is stored; 10.5 MB is 'te groot' in the form and from the action, and nothing of it is stored", async ({ browser }) => {
    test.setTimeout(180_000);
    const page = await pageAs(browser, USERS.admin);
    const id = await spareInstitutionId(page);
    await page.goto(`/institutions/${id}/steps/vendor_chosen`);
    await expect(page.locator("main h1")).toHaveText("Leverancier gekozen");
    const main = page.locator("main");
    // The programme admin reports on the institution's behalf: the form is folded away.
    await main.getByText("Aanpassen namens de instelling").click();
    // The hint names the limit the checks use.
    await expect(main.getByLabel(/^Bewijsstuk/)).toBeVisible();
    await expect(main.getByText(/max\. 10 MB/)).toBeVisible();

    await main.getByLabel("Datum waarop de stap is afgerond").fill(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date()));
    await main.getByLabel(/^Bewijsstuk/).setInputFiles({ name: "precies-10-mib.pdf", mimeType: "application/pdf", buffer: pdfOf(UPLOAD_MAX_BYTES) });
    // The browser sends a 10 MiB file plus the form's fields: more than Next's old 10 MB cut.
    const action = await actionRequest(page, () => main.getByRole("button", { name: "Opslaan als concept" }).click());
    // Sending 10 MiB and storing it takes a while on a busy machine.
    await expect(main.locator("[role=status]")).toContainText("Het concept is opgeslagen", { timeout: 90_000 });
    await expect(main.getByText("Huidig bewijsstuk: precies-10-mib.pdf")).toBeVisible();

    // 10.5 MB in the form: its own check says so, nothing is sent.
    await main.getByLabel(/^Bewijsstuk/).setInputFiles({ name: "te-groot.pdf", mimeType: "application/pdf", buffer: pdfOf(TEN_AND_A_HALF_MB) });
    await main.getByRole("button", { name: "Opslaan als concept" }).click();
    await expect(main.getByText("Het bestand is te groot: hoogstens 10 MB.").first()).toBeVisible();

    // 10.5 MB posted to the action past the form's check: the action's own Dutch refusal, no 500.
    const fields = await page.evaluate(() => {
      const form = document.querySelector("main input[name=stepCode]")!.closest("form")!;
      const out: Record<string, string> = {};
      for (const el of Array.from(form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input[name], textarea[name]"))) if (el.type !== "file" && (el.type !== "checkbox" || (el as HTMLInputElement).checked)) out[el.name] = el.value;
      return out;
    });
    const res = await callActionWithFile(page, action, { ...fields, intent: "draft" }, { field: "evidence", name: "te-groot.pdf", size: TEN_AND_A_HALF_MB });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Het bestand is te groot: hoogstens 10 MB.");

    // Nothing of it was stored: the draft still holds the 10 MiB file.
    await page.reload();
    await main.getByText("Aanpassen namens de instelling").click();
    await expect(main.getByText("Huidig bewijsstuk: precies-10-mib.pdf")).toBeVisible();
    await expect(main.getByText(/te-groot\.pdf/)).toHaveCount(0);
    await page.context().close();
  });

  test("a 10.5 MB PDF on the intake form is 'te groot' in the form and from the action, never a 500", async ({ browser }) => {
    const page = await pageAs(browser, USERS.admin);
    const id = await spareInstitutionId(page);
    await page.goto(`/toolkit/${id}/intake`);
    const main = page.locator("main");
    await expect(main.getByText("Het ingevulde formulier als PDF, hoogstens 10 MB.")).toBeVisible();
    const file = main.getByLabel("Ingevuld intakeformulier (PDF)");

    await file.setInputFiles({ name: "intake.pdf", mimeType: "application/pdf", buffer: pdfOf(TEN_AND_A_HALF_MB) });
    await main.getByRole("button", { name: "Voorbeeld bekijken" }).click();
    await expect(main.locator("[role=alert]")).toContainText("Het bestand is te groot: hoogstens 10 MB.");

    // A small file sends the preview action; the same action with 10.5 MB is refused in words.
    await file.setInputFiles({ name: "klein.pdf", mimeType: "application/pdf", buffer: pdfOf(1024) });
    const action = await actionRequest(page, () => main.getByRole("button", { name: "Voorbeeld bekijken" }).click());
    await expect(main.locator("[role=alert]")).toBeVisible();
    const res = await callActionWithFile(page, action, { institutionId: id }, { field: "file", name: "intake.pdf", size: TEN_AND_A_HALF_MB });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Het bestand is te groot: hoogstens 10 MB.");
    await page.context().close();
  });

  test("a server action body that is not in React's format is 400 with the request id, not 500", async ({ browser }) => {
    const page = await pageAs(browser, null);
    await page.goto("/login");
    await page.getByLabel("E-mailadres").fill("niemand@example.invalid");
    await page.getByLabel("Wachtwoord", { exact: true }).fill("geen-wachtwoord");
    const action = await actionRequest(page, () => page.locator("main").getByRole("button", { name: "Inloggen" }).click());
    const answers = await page.evaluate(async (actionId) => {
      const post = async (contentType: string, body: string) => {
        const res = await fetch("/login", { method: "POST", headers: { "next-action": actionId, "content-type": contentType }, body });
        return { status: res.status, requestId: res.headers.get("x-request-id") };
      };
      return [await post("text/plain;charset=UTF-8", "{{{geen json"), await post("multipart/form-data; boundary=duo", "--duo\r\nkapot"), await post("multipart/form-data", "geen grens")];
    }, action.headers()["next-action"]);
    for (const a of answers) {
      expect(a.status).toBe(400);
      expect(a.requestId).toMatch(UUID);
    }
    await page.context().close();
  });

  test("a navigation with a router-state header Next cannot read is 400 with the request id, not 500", async ({ request }) => {
    for (const header of ["garbage%%", "%7B%7D"]) {
      const res = await request.get("/login", { headers: { rsc: "1", "next-router-state-tree": header }, maxRedirects: 0 });
      expect(res.status(), header).toBe(400);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      expect(res.headers()["x-request-id"]).toMatch(UUID);
    }
  });
});
