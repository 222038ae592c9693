import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gracefulShutdown, type ShutdownDeps } from "@/lib/ops/shutdown";
import { MAX_BODY_BYTES, checkBodyLimits } from "@/lib/ops/http-limits";

/** A fake world: records the order of events; the test decides when requests finish. */
function world(opts: { checkerFails?: boolean; serverNeverDrains?: boolean } = {}) {
  const events: string[] = [];
  let finishRequests: () => void = () => {};
  let fireTimer: (() => void) | null = null;
  let draining = false;
  const deps: ShutdownDeps = {
    graceMs: 10_000,
    setDraining: (d) => {
      draining = d;
      events.push(`draining=${d}`);
    },
    server: {
      close(cb) {
        events.push("server.close");
        finishRequests = () => {
          events.push("requests.finished");
          cb();
        };
      },
      closeIdleConnections: () => events.push("server.closeIdle"),
      closeAllConnections: () => {
        events.push("server.closeAll");
        // The server's close callback fires once the cut connections are gone.
        finishRequests();
      },
    },
    stopChecker: async () => {
      events.push("checker.stopping");
      await new Promise((r) => setImmediate(r));
      if (opts.checkerFails) throw new Error("pg-boss would not stop");
      events.push("checker.stopped");
    },
    closeOthers: async () => {
      events.push("simulator.closed");
    },
    closeDatabase: async () => {
      assert.ok(draining, "the database closes only after draining started");
      events.push("database.closed");
    },
    log: (event) => events.push(`log:${event}`),
    setTimer: (fn, ms) => {
      assert.equal(ms, 10_000);
      fireTimer = fn;
      return { unref() {} };
    },
    clearTimer: () => {
      fireTimer = null;
      events.push("timer.cleared");
    },
  };
  return { deps, events, finish: () => finishRequests(), expireGrace: () => fireTimer?.() };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("graceful shutdown", () => {
  test("drains first, waits for the requests in flight, closes the database last, exits 0", async () => {
    const w = world();
    const done = gracefulShutdown(w.deps);
    await flush();
    await flush();
    // Requests are still running: nothing may be closed underneath them.
    assert.ok(!w.events.includes("database.closed"));
    assert.deepEqual(w.events.slice(0, 4), ["draining=true", "log:shutdown.draining", "server.close", "server.closeIdle"]);
    w.finish();
    const r = await done;
    assert.deepEqual(r, { exitCode: 0, forcedConnections: false, failed: [] });
    const at = (e: string) => w.events.indexOf(e);
    assert.ok(at("checker.stopped") > -1 && at("requests.finished") > -1);
    assert.ok(at("database.closed") > at("checker.stopped"), "database after the checker");
    assert.ok(at("database.closed") > at("requests.finished"), "database after the requests");
    assert.ok(at("simulator.closed") < at("database.closed"));
    assert.ok(w.events.includes("timer.cleared"), "the grace timer is cancelled when requests finish in time");
    assert.equal(w.events.at(-1), "log:shutdown.done");
  });

  test("requests that outlive the grace period get their connections cut, then the database closes", async () => {
    const w = world();
    const done = gracefulShutdown(w.deps);
    await flush();
    await flush();
    w.expireGrace();
    const r = await done;
    assert.equal(r.forcedConnections, true);
    assert.equal(r.exitCode, 0);
    assert.ok(w.events.indexOf("server.closeAll") < w.events.indexOf("database.closed"));
    assert.ok(w.events.includes("log:shutdown.grace_expired"));
  });

  test("a step that fails is reported, the database still closes, and the exit code is 1", async () => {
    const w = world({ checkerFails: true });
    const done = gracefulShutdown(w.deps);
    await flush();
    w.finish();
    const r = await done;
    assert.deepEqual(r.failed, ["checker"]);
    assert.equal(r.exitCode, 1);
    assert.ok(w.events.includes("database.closed"));
    assert.ok(w.events.includes("log:shutdown.step_failed"));
  });
});

describe("body limits of the HTTP server", () => {
  const cases: [string, string, Record<string, string | undefined>, number | null][] = [
    ["GET without a body", "/dashboard", {}, null],
    ["a form post within the limit", "/login", { "content-length": "512" }, null],
    ["an evidence upload of 11 MB", "/institutions/x/steps/y", { "content-length": String(11 * 1024 * 1024) }, null],
    ["exactly the limit", "/x", { "content-length": String(MAX_BODY_BYTES) }, null],
    ["one byte over the limit", "/x", { "content-length": String(MAX_BODY_BYTES + 1) }, 413],
    ["a huge declared API body", "/api/v1/endpoints", { "content-length": "999999999999" }, 413],
    ["chunked to a page", "/institutions/x/steps/y", { "transfer-encoding": "chunked" }, 411],
    ["chunked to next-auth", "/api/auth/callback/credentials", { "transfer-encoding": "chunked" }, 411],
    ["chunked to the REST API (counted while streaming)", "/api/v1/endpoints", { "transfer-encoding": "chunked" }, null],
  ];
  for (const [name, path, headers, status] of cases) {
    test(name, () => {
      const r = checkBodyLimits({ path, headers });
      assert.equal(r?.status ?? null, status);
      if (r) {
        assert.equal(r.body.status, status);
        assert.match(r.body.detail, /\S/);
      }
    });
  }
});
