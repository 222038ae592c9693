import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { withRoute } from "@/lib/api/route";
import { env } from "@/lib/env";
import { checkReadiness } from "@/lib/ops/readiness";
import { isDraining } from "@/lib/ops/status";

/**
 * Readiness for a load balancer: database reachable, migrations applied, background worker
 * running (required when WORKER_REQUIRED=true). Public by design: states only, no details
 * beyond counts. 503 when not ready, and at once while shutting down (the database is about to
 * close; touching it then would only reopen it).
 */
export const GET = withRoute({ public: "readiness for a load balancer: states and counts only" }, async () => {
  if (isDraining()) return Response.json({ ready: false, draining: true }, { status: 503, headers: { "cache-control": "no-store" } });
  try {
    await ensureDatabaseReady();
  } catch {
    /* reported as unreachable below */
  }
  const report = await checkReadiness(getDb(), { workerRequired: env().WORKER_REQUIRED === "true" });
  return Response.json(report, { status: report.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});
