/**
 * Demo history for the monthly availability (issue 15 §2): the 11 finished months before the seed
 * date get frozen rows for every active demo endpoint, so the endpoint page, the API and the
 * report are not empty on a fresh install. The months are made up (like the institutions): five-minute
 * checks, mostly up, a few short outages with a reason, a monthly maintenance window on Sunday
 * night for production, and one hour in which the checker itself was offline. Deterministic per
 * endpoint and month; stored through the checker's own code (recordFrozenMonths).
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { endpoints } from "@/db/schema";
import { recordFrozenMonths } from "@/lib/checker/availability";
import { amsterdamMonthOf, amsterdamMonthRange, previousMonth, type CheckSample, type HourCounts } from "@/lib/domain/availability";

const HOUR = 3_600_000;
const REASONS = ["connect_timeout", "http_status", "soap_fault", "tls_failed", "timeout"] as const;
const MONTHS = 11;

function rng(seed: string) {
  let s = parseInt(createHash("sha1").update(seed).digest("hex").slice(0, 8), 16) || 1;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

/** One endpoint's month: hour counts (12 checks an hour) and the checks around its outages. */
export function demoMonth(endpointId: string, month: string, production: boolean): { hours: HourCounts[]; samples: CheckSample[] } {
  const r = rng(`${endpointId}:${month}`);
  const { start, end } = amsterdamMonthRange(month);
  const n = (end.getTime() - start.getTime()) / HOUR;
  const hours: HourCounts[] = Array.from({ length: n }, (_, i) => ({ hour: new Date(start.getTime() + i * HOUR), up: 12, degraded: 0, down: 0, maintenance: 0, checkerOffline: 0 }));
  for (const h of hours) if (r() < 0.02) [h.up, h.degraded] = [10, 2];
  // The checker's own offline hour: the same for every endpoint (the 9th, 03:00 UTC).
  const offline = hours[8 * 24 + 3];
  [offline.up, offline.degraded, offline.checkerOffline] = [0, 0, 12];
  // Production: maintenance on the second Sunday night, 01:00-03:00 Amsterdam (whole hours).
  if (production) {
    const firstSunday = hours.findIndex((h) => new Date(h.hour.getTime() + 2 * HOUR).getUTCDay() === 0 && h.hour.getUTCHours() === 0);
    for (const h of hours.slice(firstSunday + 7 * 24, firstSunday + 7 * 24 + 2)) [h.up, h.degraded, h.maintenance] = [0, 0, 12];
  }
  const samples: CheckSample[] = [];
  const outages = Math.floor(r() * 3); // 0-2 a month
  for (let k = 0; k < outages; k++) {
    const at = 24 + Math.floor(r() * (n - 48));
    const checks = 2 + Math.floor(r() * 16); // 10-85 minutes
    const reason = REASONS[Math.floor(r() * REASONS.length)];
    const h0 = hours[at];
    if (hours.slice(at, at + Math.ceil(checks / 12) + 1).some((h) => h.maintenance || h.checkerOffline)) continue;
    for (let c = 0; c < checks; c++) {
      const h = hours[at + Math.floor(c / 12)];
      h.up -= h.up > 0 ? 1 : 0;
      h.down += 1;
      samples.push({ at: new Date(h0.hour.getTime() + c * 300_000), status: "down", suppressed: null, reason });
    }
    samples.push({ at: new Date(h0.hour.getTime() + checks * 300_000), status: "up", suppressed: null });
  }
  return { hours, samples };
}

export async function seedDemoAvailability(tx: Tx, now: Date): Promise<number> {
  const rows = await tx
    .select({ id: endpoints.id, institutionId: endpoints.institutionId, vendorCode: endpoints.vendorCode, environment: endpoints.environment })
    .from(endpoints)
    .where(eq(endpoints.status, "active"));
  const months: string[] = [];
  for (let m = previousMonth(amsterdamMonthOf(now)); months.length < MONTHS; m = previousMonth(m)) months.push(m);
  let written = 0;
  for (const e of rows) {
    const items = months.map((month) => ({ endpointId: e.id, institutionId: e.institutionId, vendorCode: e.vendorCode, month, ...demoMonth(e.id, month, e.environment === "production") }));
    written += await recordFrozenMonths(tx, items, now);
  }
  return written;
}
