/**
 * Runs once when the server starts: validate the configuration and make sure the database is
 * migrated before the first request (npm start already did; a bare `next start` has not).
 * Then the scheduled connectivity checker (pg-boss) starts inside the server process — never
 * during `next build` and never with CHECKER_SCHEDULER=false.
 *
 * onRequestError: every error Next did not get an answer for (a page, a server action, a route
 * handler) becomes one JSON log line at level error with the request id (lib/ops/request-error.ts).
 */
import type { Instrumentation } from "next";
export async function register() {
  // NEXT_RUNTIME is not configuration: Next replaces it per bundle at build time, which keeps the
  // Node-only imports below out of the edge bundle. It is the one process.env read outside lib/env.ts.
  // eslint-disable-next-line no-restricted-properties -- a build-time constant, see above
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isBuildPhase, validateEnv } = await import("@/lib/env");
  const config = validateEnv();
  // Error pages show the request id as their reference (lib/ops/error-digest.ts).
  const { installRequestIdDigest } = await import("@/lib/ops/error-digest");
  installRequestIdDigest();
  const { getDbHandle } = await import("@/db/client");
  const { ensureDatabaseReady } = await import("@/lib/database");
  await ensureDatabaseReady();
  if (isBuildPhase() || config.NODE_ENV === "test" || config.CHECKER_SCHEDULER === "false") return;
  const { startCheckerService } = await import("@/lib/checker/service");
  const { log } = await import("@/lib/log");
  try {
    await startCheckerService({ handle: getDbHandle(), url: config.DATABASE_URL, role: "server" });
  } catch (e) {
    // The portal works without the checker; the endpoint pages then show the last known state.
    log.error("checker.start_failed", { message: (e as Error).message?.slice(0, 300) });
  }
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  // eslint-disable-next-line no-restricted-properties -- a build-time constant, see register()
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logRequestError } = await import("@/lib/ops/request-error");
  logRequestError(error, request, context);
};
