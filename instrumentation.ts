/**
 * Runs once when the server starts: validate the configuration and make sure the database is
 * migrated before the first request (npm start already did; a bare `next start` has not).
 * Then the scheduled connectivity checker (pg-boss) starts inside the server process — never
 * during `next build` and never with CHECKER_SCHEDULER=false.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
  const { getDbHandle } = await import("@/db/client");
  const { ensureDatabaseReady } = await import("@/lib/database");
  await ensureDatabaseReady();
  if (process.env.NEXT_PHASE === "phase-production-build" || process.env.NODE_ENV === "test" || process.env.CHECKER_SCHEDULER === "false") return;
  const { startCheckerService } = await import("@/lib/checker/service");
  const { log } = await import("@/lib/log");
  try {
    await startCheckerService({ handle: getDbHandle(), url: process.env.DATABASE_URL?.trim() || undefined, role: "server" });
  } catch (e) {
    // The portal works without the checker; the endpoint pages then show the last known state.
    log.error("checker.start_failed", { message: (e as Error).message?.slice(0, 300) });
  }
}
