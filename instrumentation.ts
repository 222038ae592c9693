/**
 * Runs once when the server starts: validate the configuration and make sure the database is
 * migrated before the first request (npm start already did; a bare `next start` has not).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
  const { ensureDatabaseReady } = await import("@/db/client");
  await ensureDatabaseReady();
}
