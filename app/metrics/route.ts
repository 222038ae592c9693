/** Prometheus metrics (API tokens with the `metrics` permission). The handler authenticates first. */
import { getDb } from "@/db/client";
import { handleMetricsRequest } from "@/lib/api/metrics";
import { ensureDatabaseReady } from "@/lib/database";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  await ensureDatabaseReady();
  return handleMetricsRequest(req, { db: getDb(), now: new Date() });
}
