/**
 * Retention: raw results, and the packed checks in the hourly rollups (issue 15 §3), are kept
 * CHECKER_RAW_RETENTION_DAYS (default 30); hourly and daily
 * rollups 5 years; the notification log 1 year. Deletes in batches so a large backlog never
 * holds one long transaction.
 */
import { and, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { checkResults, checkRollupsDaily, checkRollupsHourly, evidenceFiles, notificationDeliveries } from "@/db/schema";
import { toAmsterdamDate } from "@/lib/domain/dates";

export const ROLLUP_RETENTION_YEARS = 5;
const DAY = 86_400_000;

export async function runRetention(db: Db, opts: { now: Date; rawRetentionDays: number; batch?: number }) {
  const rawBefore = new Date(opts.now.getTime() - opts.rawRetentionDays * DAY);
  const rollupBefore = new Date(opts.now);
  rollupBefore.setUTCFullYear(rollupBefore.getUTCFullYear() - ROLLUP_RETENTION_YEARS);
  const batch = opts.batch ?? 50_000;
  let raw = 0;
  for (;;) {
    const res = await db.execute<{ n: number }>(
      // Results attached as onboarding evidence stay: the reviewer's link to them must keep working.
      sql`with gone as (delete from ${checkResults} where id in (select c.id from ${checkResults} c where c.checked_at < ${rawBefore.toISOString()}::timestamptz and not exists (select 1 from ${evidenceFiles} e where e.check_result_id = c.id) limit ${batch}) returning 1) select count(*)::int as n from gone`,
    );
    const rows = (Array.isArray(res) ? res : (res as { rows: { n: number }[] }).rows) as { n: number }[];
    const n = Number(rows[0]?.n ?? 0);
    raw += n;
    if (n < batch) break;
  }
  // The raw window's compact record: the counts stay, the per-check samples go. Frozen months
  // (availability_months) already hold their incidents.
  const samples = await db
    .update(checkRollupsHourly)
    .set({ samples: null })
    .where(and(lt(checkRollupsHourly.hour, rawBefore), isNotNull(checkRollupsHourly.samples)))
    .returning({ h: checkRollupsHourly.hour });
  const hourly = await db.delete(checkRollupsHourly).where(lt(checkRollupsHourly.hour, rollupBefore)).returning({ h: checkRollupsHourly.hour });
  const daily = await db.delete(checkRollupsDaily).where(lt(checkRollupsDaily.day, toAmsterdamDate(rollupBefore))).returning({ d: checkRollupsDaily.day });
  const yearAgo = new Date(opts.now.getTime() - 365 * DAY);
  await db.delete(notificationDeliveries).where(and(lt(notificationDeliveries.createdAt, yearAgo), sql`${notificationDeliveries.status} <> 'pending'`));
  return { raw, samples: samples.length, hourly: hourly.length, daily: daily.length };
}
