/**
 * GET /metrics for Prometheus (issue 16 §4): API tokens with the `metrics` permission only (a
 * session does not count), rate limited like the API; errors as problem+json. What the token
 * sees is its scope (lib/registry/principal.ts readScope): a vendor token only its endpoints.
 */
import type { Db } from "@/db/client";
import { renderMetrics } from "@/lib/checker/metrics";
import { readScope } from "@/lib/registry/principal";
import { problem } from "./v1";
import { authenticateRequest } from "./request-auth";

export async function handleMetricsRequest(req: Request, ctx: { db: Db; now: Date; limitPerMinute?: number }): Promise<Response> {
  const auth = await authenticateRequest(ctx.db, req, { now: ctx.now, limitPerMinute: ctx.limitPerMinute, permission: "metrics" });
  if (!auth.ok) {
    if (auth.status === 429) return problem(429, "rate-limited", auth.message, { headers: { "Retry-After": String(auth.retryAfterSeconds) } });
    if (auth.status === 403) return problem(403, "token-not-permitted", auth.message);
    return problem(401, `token-${auth.reason}`, auth.message, { headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  if (req.method !== "GET") return problem(405, "method-not-allowed", "GET only.", { headers: { Allow: "GET" } });
  const { contentType, body } = await renderMetrics(ctx.db, { scope: readScope(auth.principal), now: ctx.now });
  return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store", ...auth.headers } });
}
