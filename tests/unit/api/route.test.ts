/**
 * The route-handler edge (lib/api/route.ts) without a database: public routes, how errors become
 * application/problem+json, and the download headers. The gates themselves are walked as every
 * role by tests/e2e/authz-matrix.spec.ts; tests/unit/auth/inventory.test.ts holds each route file
 * to its withRoute gate.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { attachment, csvAttachment, problemDetail, problemTitle, routeError, withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (handler: (req: Request, ctx: { params: Promise<any> }) => Promise<Response>, params: Record<string, string> = {}) => handler(new Request("http://x/y"), { params: Promise.resolve(params) });

describe("withRoute", () => {
  test("a public route runs its handler with the awaited params", async () => {
    const GET = withRoute<{ id: string }>({ public: "test" }, ({ params }) => Response.json({ id: params.id }));
    const res = await call(GET, { id: "a" });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: "a" });
  });

  test("an AppError thrown by the handler is problem+json with its status and today's title", async () => {
    const GET = withRoute({ public: "test" }, () => {
      throw new AppError("not_found");
    });
    const res = await call(GET);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.deepEqual(await res.json(), { type: "about:blank", title: "Niet gevonden", status: 404 });
  });

  test("a sentence as the message is its own title; keys and codes get the title of their code", () => {
    assert.equal(problemTitle(new AppError("validation", "De peildatum is ongeldig of ligt in de toekomst.")), "De peildatum is ongeldig of ligt in de toekomst.");
    assert.equal(problemTitle(new AppError("unauthenticated", "errors.unauthenticated")), "Niet ingelogd");
    assert.equal(problemTitle(new AppError("forbidden", "two_factor.enrolment_required")), "Geen toegang");
    assert.ok(problemTitle(new AppError("conflict")).length > 5, "codes without a short title use the catalogue");
  });

  test("a specific message key is the problem's detail, with its values; generic ones add none", async () => {
    const keyed = new AppError("conflict", "institution_errors.ura_in_use", undefined, { ura: "12345678", name: "Ziekenhuis A" });
    assert.equal(problemDetail(keyed), "URA 12345678 is al in gebruik door Ziekenhuis A.");
    assert.equal(problemDetail(new AppError("not_found", "errors.not_found")), undefined);
    assert.equal(problemDetail(new AppError("conflict")), undefined);
    const body = await routeError(keyed).json();
    assert.equal(body.title, problemTitle(keyed));
    assert.equal(body.detail, "URA 12345678 is al in gebruik door Ziekenhuis A.");
  });

  test("zod errors are 400 with the first message per field; anything else a 500 with a reference, no internals", async () => {
    const zodError = z.object({ a: z.string() }).safeParse({ a: 1 }).error!;
    const bad = routeError(zodError);
    assert.equal(bad.status, 400);
    assert.ok((await bad.json()).errors.a);
    const boom = routeError(new Error("select * from secrets"));
    assert.equal(boom.status, 500);
    const body = await boom.json();
    assert.match(body.reference, /^[0-9a-f]{8}$/);
    assert.doesNotMatch(JSON.stringify(body), /secrets/);
  });
});

describe("attachments", () => {
  test("a download is an attachment with a safe name, not cached, not sniffed; binary bodies carry their length", () => {
    const res = attachment(new Uint8Array([1, 2, 3]), { contentType: "application/pdf", filename: "../a\r\nb.pdf", headers: { "x-checksum-sha256": "abc" } });
    assert.equal(res.headers.get("content-length"), "3");
    assert.equal(res.headers.get("content-disposition"), `attachment; filename="ab.pdf"; filename*=UTF-8''ab.pdf`);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("cache-control"), "private, no-store");
    assert.equal(res.headers.get("x-checksum-sha256"), "abc");
    const csv = csvAttachment("a;b\r\n", "x.csv");
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
  });
});
