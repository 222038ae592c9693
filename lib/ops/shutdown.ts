/**
 * Graceful shutdown of `npm start` on SIGTERM (or Ctrl+C), as one sequence with its parts
 * injected so it can be tested without a server:
 *
 * 1. draining: /api/ready answers 503, responses ask clients to close their connection;
 * 2. the HTTP server stops accepting connections and the requests in flight finish, for at most
 *    `graceMs`; connections still open then are cut;
 *    at the same time the checker stops: pg-boss lets running checks finish (bounded) and marks
 *    jobs it could not finish failed, so they are retried elsewhere or after the restart;
 * 3. the rest (the demo simulator), then
 * 4. the database closes last — nothing can write after it; PGlite flushes its data folder and
 *    the pid lock is removed.
 *
 * Exit code 0 when every step succeeded, 1 when one threw (the later steps still run).
 */
export type ClosableServer = {
  close(callback: (err?: Error) => void): unknown;
  closeIdleConnections?(): void;
  closeAllConnections?(): void;
};

export type ShutdownDeps = {
  server: ClosableServer;
  setDraining: (draining: boolean) => void;
  stopChecker: () => Promise<void>;
  /** Anything else to close before the database (the demo simulator). */
  closeOthers?: () => Promise<void>;
  closeDatabase: () => Promise<void>;
  /** How long requests in flight may take before their connections are cut. */
  graceMs: number;
  log: (event: string, fields?: Record<string, unknown>) => void;
  /** Injected for tests. */
  setTimer?: (fn: () => void, ms: number) => { unref?: () => unknown } | unknown;
  clearTimer?: (t: unknown) => void;
};

export type ShutdownResult = { exitCode: 0 | 1; forcedConnections: boolean; failed: string[] };

export async function gracefulShutdown(deps: ShutdownDeps): Promise<ShutdownResult> {
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  const failed: string[] = [];
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      failed.push(name);
      deps.log("shutdown.step_failed", { step: name, error: (e as Error)?.name, message: String((e as Error)?.message ?? e).slice(0, 200) });
    }
  };

  deps.setDraining(true);
  deps.log("shutdown.draining", { graceMs: deps.graceMs });

  let forcedConnections = false;
  const drainHttp = new Promise<void>((resolve) => {
    const timer = setTimer(() => {
      forcedConnections = true;
      deps.log("shutdown.grace_expired", { graceMs: deps.graceMs });
      deps.server.closeAllConnections?.();
      resolve();
    }, deps.graceMs);
    (timer as { unref?: () => unknown })?.unref?.();
    deps.server.close(() => {
      clearTimer(timer);
      resolve();
    });
    // Keep-alive connections without a request in flight would hold close() open until they time out.
    deps.server.closeIdleConnections?.();
  });

  await Promise.all([drainHttp, step("checker", deps.stopChecker)]);
  if (deps.closeOthers) await step("others", deps.closeOthers);
  await step("database", deps.closeDatabase);
  deps.log("shutdown.done", { forcedConnections, failed });
  return { exitCode: failed.length ? 1 : 0, forcedConnections, failed };
}
