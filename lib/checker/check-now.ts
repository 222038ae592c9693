/**
 * "Check now": one immediate check by a person (or API token) allowed to edit the endpoint.
 * Rate-limited per endpoint (one per CHECK_NOW_PER_ENDPOINT_SECONDS, across everyone) and per
 * user (CHECK_NOW_PER_USER_PER_HOUR), counted from the stored results so the limit holds across
 * processes; a per-process in-flight set stops a double click from starting two probes.
 * Refusals are AppErrors with message keys ("checker.errors.*"); the caller renders them.
 */
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { checkResults, endpoints, institutions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { mayWriteEndpoint, principalAuditActor, readScope, scopeCovers, type Principal } from "@/lib/registry/principal";
import { runChecks, type RecordedCheck } from "./runner";
import { getRunnerSettings, type RunnerSettings } from "./settings";

const inflight = new Set<string>();

export class RateLimitedError extends AppError {
  constructor(
    messageKey: string,
    params: Record<string, string> | undefined,
    public readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", messageKey, undefined, params);
  }
}

export async function checkNow(
  db: Db,
  opts: { endpointId: string; principal: Principal; now?: () => Date; settings?: RunnerSettings; runOptions?: Partial<Parameters<typeof runChecks>[2]> },
): Promise<RecordedCheck & { row: NonNullable<RecordedCheck["row"]> }> {
  const settings = opts.settings ?? getRunnerSettings();
  const now = opts.now ?? (() => new Date());
  const [row] = await db
    .select({ id: endpoints.id, institutionId: endpoints.institutionId, vendorCode: institutions.vendorCode })
    .from(endpoints)
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .where(eq(endpoints.id, opts.endpointId));
  if (!row) throw new AppError("not_found");
  const ref = { id: row.institutionId, vendorCode: row.vendorCode };
  if (!mayWriteEndpoint(opts.principal, ref)) {
    // Outside what the caller may read, an endpoint does not exist for them (as in updateEndpoint).
    if (!scopeCovers(readScope(opts.principal), ref)) throw new AppError("not_found");
    throw new AppError("forbidden", "checker.errors.forbidden");
  }

  const at = now();
  const perEndpoint = settings.checkNowPerEndpointSeconds;
  if (perEndpoint > 0) {
    const [last] = await db
      .select({ checkedAt: checkResults.checkedAt })
      .from(checkResults)
      .where(and(eq(checkResults.endpointId, row.id), inArray(checkResults.trigger, ["user", "api"]), gt(checkResults.checkedAt, new Date(at.getTime() - perEndpoint * 1000))))
      .orderBy(desc(checkResults.checkedAt))
      .limit(1);
    if (last) {
      const wait = Math.max(1, Math.ceil((last.checkedAt.getTime() + perEndpoint * 1000 - at.getTime()) / 1000));
      throw new RateLimitedError("checker.errors.rate_endpoint", { seconds: String(wait) }, wait);
    }
  }
  const userId = opts.principal.kind === "user" ? opts.principal.actor.userId : null;
  if (userId) {
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(checkResults)
      .where(and(eq(checkResults.actorUserId, userId), gt(checkResults.checkedAt, new Date(at.getTime() - 3_600_000))));
    if (n >= settings.checkNowPerUserPerHour) throw new RateLimitedError("checker.errors.rate_user", { limit: String(settings.checkNowPerUserPerHour) }, 600);
  }
  if (inflight.has(row.id)) throw new RateLimitedError("checker.errors.in_progress", undefined, 5);
  inflight.add(row.id);
  try {
    const out = await runChecks(db, [row.id], {
      trigger: opts.principal.kind === "user" ? "user" : "api",
      actor: principalAuditActor(opts.principal),
      settings,
      ...opts.runOptions,
    });
    const c = out.checks[0];
    // A check someone asked for always keeps its full row (samples.ts keepFullResult).
    if (!c || !c.row) throw new AppError("internal");
    return { ...c, row: c.row };
  } finally {
    inflight.delete(row.id);
  }
}
