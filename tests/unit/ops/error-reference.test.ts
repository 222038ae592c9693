/**
 * The reference of an unexpected error is the request id (issue 21, item 1): the digest Next
 * gives the error pages, the reference of a failed server action or route handler, and the
 * JSON log line of the error all carry the X-Request-Id of the request.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createReactServerErrorHandler } from "next/dist/server/app-render/create-error-handler";
import { isNextRouterError } from "next/dist/client/components/is-next-router-error";
import { notFound, redirect, unstable_rethrow } from "next/navigation";
import { toActionError } from "@/lib/actions";
import { routeError } from "@/lib/api/route";
import { installRequestIdDigest } from "@/lib/ops/error-digest";
import { logRequestError } from "@/lib/ops/request-error";
import { errorReference, withRequestContext } from "@/lib/request-context";

installRequestIdDigest();
type WithDigest = Error & { digest?: string };
const ID = "req-0001-abcdef";

/** The JSON lines written at level warn/error while `fn` runs. */
async function errorLines(fn: () => unknown | Promise<unknown>) {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    await fn();
  } finally {
    console.error = original;
  }
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as Error & { digest?: string };
  }
  throw new Error("did not throw");
};

describe("the error pages' reference is the request id", () => {
  test("Next's own digest for an error thrown while rendering a request is its id", () => {
    const handler = createReactServerErrorHandler(false, false, new Map(), () => {});
    const digest = withRequestContext({ requestId: ID }, () => handler(new Error("database gone")));
    assert.equal(digest, ID);
    // A thrown string too (Next wraps it in an Error).
    assert.equal(withRequestContext({ requestId: "req-0002-abcdef" }, () => createReactServerErrorHandler(false, false, new Map(), () => {})("kapot")), "req-0002-abcdef");
  });

  test("outside a request nothing changes: no digest, Next hashes as before", () => {
    assert.equal((new Error("x") as WithDigest).digest, undefined);
    const digest = createReactServerErrorHandler(false, false, new Map(), () => {})(new Error("x"));
    assert.match(String(digest), /^\d+$/);
  });

  test("redirect and notFound keep their own digest and stay control flow", () => {
    withRequestContext({ requestId: ID }, () => {
      const r = thrown(() => redirect("/login"));
      assert.match(String(r.digest), /^NEXT_REDIRECT;/);
      assert.ok(isNextRouterError(r));
      assert.throws(() => unstable_rethrow(r));
      const n = thrown(() => notFound());
      assert.match(String(n.digest), /^NEXT_HTTP_ERROR_FALLBACK;404/);
      // An ordinary error is not mistaken for one.
      const plain: WithDigest = new Error("x");
      assert.equal(plain.digest, ID);
      assert.equal(isNextRouterError(plain), false);
      assert.doesNotThrow(() => unstable_rethrow(plain));
    });
  });

  test("an error that sets a digest of its own keeps it", () => {
    withRequestContext({ requestId: ID }, () => {
      const e = Object.assign(new Error("x"), { digest: "eigen" });
      assert.equal(e.digest, "eigen");
      assert.equal((new Error("y") as WithDigest).digest, ID);
    });
  });
});

describe("references of failed actions and route handlers", () => {
  test("a server action's unexpected error names the request id as its reference, and logs it", async () => {
    const lines = await errorLines(() =>
      withRequestContext({ requestId: ID }, () => {
        const e = toActionError(new Error("boom"), "nl");
        assert.equal(e.code, "internal");
        assert.ok(e.message.includes(`Referentie: ${ID}`), e.message);
      }),
    );
    assert.equal(lines.length, 1);
    assert.equal(lines[0].level, "error");
    assert.equal(lines[0].requestId, ID);
    assert.equal(lines[0].reference, ID);
  });

  test("a route handler's 500 carries the request id as reference", async () => {
    let body: Record<string, unknown> = {};
    await errorLines(async () => {
      const res = withRequestContext({ requestId: ID }, () => routeError(new Error("boom")));
      assert.equal(res.status, 500);
      body = await res.json();
    });
    assert.equal(body.reference, ID);
  });

  test("outside a request a short random reference", () => assert.match(errorReference(), /^[0-9a-f]{8}$/));
});

describe("instrumentation: onRequestError", () => {
  test("one JSON error line with the request id, the route and the error, without the query string", async () => {
    const err = withRequestContext({ requestId: ID }, () => new Error("relation \"x\" does not exist"));
    const lines = await errorLines(() =>
      logRequestError(err, { path: "/institutions?q=geheim@example.org", method: "GET", headers: { "x-request-id": ID } }, { routePath: "/institutions", routeType: "render", renderSource: "react-server-components" }),
    );
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line.level, "error");
    assert.equal(line.event, "request.error");
    assert.equal(line.requestId, ID);
    assert.equal(line.path, "/institutions");
    assert.equal(line.routeType, "render");
    assert.equal(line.message, 'relation "x" does not exist');
    assert.equal(line.digest, undefined, "the digest is the request id: not repeated");
  });

  test("inside the request's context the context's id is used", async () => {
    const lines = await errorLines(() => withRequestContext({ requestId: ID }, () => logRequestError(new Error("x"), { path: "/", method: "POST", headers: {} }, { routeType: "action" })));
    assert.equal(lines[0].requestId, ID);
  });
});
