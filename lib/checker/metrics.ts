/**
 * `GET /metrics` (issue 16 §4): the checker's view in the Prometheus text format, for a token
 * with the `metrics` permission. A fresh prom-client Registry per request, filled from the
 * database and limited to the token's scope (programme: everything; vendor: the institutions of
 * that vendor; institution: that one), so nothing of another tenant ever sits in a shared
 * registry. Nothing is kept in process memory, so every web process answers the same.
 *
 * - `duo_endpoint_up` gauge: 1 up, 0.5 degraded, 0 down (active endpoints that were checked).
 * - `duo_check_duration_seconds` histogram: every check of the last DURATION_WINDOW_HOURS hours
 *   per endpoint, read from the packed samples of the hourly rollups (a sliding window, so the
 *   buckets can fall; use `histogram_quantile` over them, not `rate()`).
 * - `duo_certificate_expiry_timestamp_seconds` gauge: notAfter of the newest certificate seen.
 * - `duo_checker_offline` gauge: 1 while the checker cannot reach the network itself.
 * - `duo_checks_total` counter by result (up, degraded, down, excluded = maintenance or checker
 *   offline): every check in the hourly rollups, which are kept five years.
 */
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Executor } from "@/db/client";
import { CHECKER_STATE_ID, checkerState, checkRollupsHourly, endpointHealth, endpoints, institutions } from "@/db/schema";
import type { InstitutionScope } from "@/lib/auth/policy";
import { institutionScopeWhere } from "@/lib/auth/scope-sql";
import { unpackSamples } from "./samples";

export const DURATION_WINDOW_HOURS = 24;
/** Seconds; the checker's default slow threshold is 2 s and its timeout 10 s. */
export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];
const HEALTH_VALUE = { up: 1, degraded: 0.5, down: 0 } as const;

const LABELS = ["endpoint_id", "institution_ura", "vendor", "transaction", "environment"] as const;

/** The metrics for one scope, as the Prometheus text exposition format. */
export async function renderMetrics(db: Executor, opts: { scope: InstitutionScope; now: Date }): Promise<{ contentType: string; body: string }> {
  const registry = new Registry();
  const up = new Gauge({ name: "duo_endpoint_up", help: "Health of an active endpoint as the checker sees it: 1 up, 0.5 degraded, 0 down.", labelNames: LABELS, registers: [registry] });
  const duration = new Histogram({
    name: "duo_check_duration_seconds",
    help: `Total duration of the checker's checks in the last ${DURATION_WINDOW_HOURS} hours (sliding window).`,
    labelNames: LABELS,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const expiry = new Gauge({ name: "duo_certificate_expiry_timestamp_seconds", help: "Expiry (notAfter, Unix seconds) of the newest TLS certificate seen on an endpoint.", labelNames: LABELS, registers: [registry] });
  const offline = new Gauge({ name: "duo_checker_offline", help: "1 while the checker itself cannot reach the network (results are then not counted), else 0.", registers: [registry] });
  const checks = new Counter({ name: "duo_checks_total", help: "Checks of the endpoints in scope by result (excluded: in a maintenance window or while the checker was offline).", labelNames: ["result"], registers: [registry] });

  const scopeWhere = institutionScopeWhere(opts.scope);
  const rows = await db
    .select({
      id: endpoints.id,
      ura: institutions.ura,
      vendor: endpoints.vendorCode,
      transaction: endpoints.transaction,
      environment: endpoints.environment,
      status: endpoints.status,
      health: endpointHealth.status,
      certificateNotAfter: sql<string | Date | null>`(select c.not_after from endpoint_certificates c where c.endpoint_id = ${endpoints.id} order by c.last_seen_at desc, c.id desc limit 1)`,
    })
    .from(endpoints)
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .leftJoin(endpointHealth, eq(endpointHealth.endpointId, endpoints.id))
    .where(and(scopeWhere, sql`${endpoints.status} <> 'entered-in-error'`))
    .orderBy(endpoints.id);
  const labelsOf = new Map<string, Record<(typeof LABELS)[number], string>>();
  for (const r of rows) {
    const labels = { endpoint_id: r.id, institution_ura: r.ura, vendor: r.vendor, transaction: r.transaction, environment: r.environment };
    labelsOf.set(r.id, labels);
    if (r.status === "active" && r.health && r.health !== "unknown") up.set(labels, HEALTH_VALUE[r.health]);
    if (r.certificateNotAfter) expiry.set(labels, Math.floor(new Date(r.certificateNotAfter).getTime() / 1000));
  }

  const ids = [...labelsOf.keys()];
  if (ids.length) {
    const since = new Date(Math.floor(opts.now.getTime() / 3_600_000) * 3_600_000 - DURATION_WINDOW_HOURS * 3_600_000);
    const hours = await db
      .select({ endpointId: checkRollupsHourly.endpointId, hour: checkRollupsHourly.hour, samples: checkRollupsHourly.samples })
      .from(checkRollupsHourly)
      .where(and(inArray(checkRollupsHourly.endpointId, ids), gte(checkRollupsHourly.hour, since)));
    const windowStart = opts.now.getTime() - DURATION_WINDOW_HOURS * 3_600_000;
    for (const h of hours) {
      const labels = labelsOf.get(h.endpointId)!;
      for (const s of unpackSamples(h.hour, h.samples)) if (s.at.getTime() > windowStart && s.at <= opts.now) duration.observe(labels, s.totalMs / 1000);
    }
  }

  const [totals] = await db
    .select({
      up: sql<string>`coalesce(sum(${checkRollupsHourly.up}), 0)`,
      degraded: sql<string>`coalesce(sum(${checkRollupsHourly.degraded}), 0)`,
      down: sql<string>`coalesce(sum(${checkRollupsHourly.down}), 0)`,
      excluded: sql<string>`coalesce(sum(${checkRollupsHourly.excluded}), 0)`,
    })
    .from(checkRollupsHourly)
    .innerJoin(endpoints, eq(endpoints.id, checkRollupsHourly.endpointId))
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .where(scopeWhere);
  for (const result of ["up", "degraded", "down", "excluded"] as const) checks.inc({ result }, Number(totals?.[result] ?? 0));

  const [state] = await db.select({ status: checkerState.status }).from(checkerState).where(eq(checkerState.id, CHECKER_STATE_ID));
  offline.set(state?.status === "offline" ? 1 : 0);

  return { contentType: registry.contentType, body: await registry.metrics() };
}
