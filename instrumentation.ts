/**
 * Runs once when the server starts: validate the configuration and make sure the database is
 * migrated before the first request (npm start already did; a bare `next start` has not).
 * Then the scheduled connectivity checker (pg-boss) starts inside the server process — never
 * during `next build` and never with CHECKER_SCHEDULER=false.
 */
export async function register() {
  // NEXT_RUNTIME is not configuration: Next replaces it per bundle at build time, which keeps the
  // Node-only imports below out of the edge bundle. It is the one process.env read outside lib/env.ts.
  // eslint-disable-next-line no-restricted-properties -- a build-time constant, see above
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isBuildPhase, validateEnv } = await import("@/lib/env");
  const config = validateEnv();
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
