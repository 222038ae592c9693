/**
 * The DTO report's sections beyond the dashboard model (issue 17 §5): go-live conditions, live
 * versus exchanging, open escalations at stuurgroep/DTO level, the month's network availability
 * per infrastructure and the financing totals. Programme scope: callers check `dashboard.view`.
 */
import type { Executor } from "@/db/client";
import { availabilityRows, type AvailabilityRow } from "@/lib/checker/availability-rows";
import { loadMonthlyAvailability } from "@/lib/checker/queries";
import { addDays, toAmsterdamDate, type IsoDate } from "@/lib/domain/dates";
import { isReportedUpwards, type EscalationLevel, type EscalationStatus } from "@/lib/domain/escalations";
import { listEscalations } from "@/lib/escalations/queries";
import { getFinancingSummary, type FinancingOverview } from "@/lib/financing/summary";
import { exchangeSummary, goLiveConditionCounts, lastCompleteMonth, type ExchangeSummary, type GoLiveConditionCounts } from "@/lib/golive/queries";

export type DtoEscalation = { number: number; title: string; level: EscalationLevel; status: EscalationStatus; owner: string; dueOn: IsoDate | null };

export type DtoExtras = {
  /** The instant the go-live gate is evaluated at: the end of `day` (or now, for today). */
  at: Date;
  goLive: GoLiveConditionCounts;
  /** The last complete month before `at`. */
  month: string;
  exchange: ExchangeSummary;
  escalations: DtoEscalation[];
  /** Per vendor infrastructure, production and acceptance endpoints together. */
  availability: AvailabilityRow[];
  financing: Pick<FinancingOverview, "years" | "totals">;
};

/** The last instant of a Dutch day (a day ends at midnight Amsterdam time, 23:00 or 22:00 UTC). */
export function endOfDutchDay(day: IsoDate): Date {
  const next = addDays(day, 1);
  for (const offset of [1, 2]) {
    const candidate = new Date(`${next}T00:00:00+0${offset}:00`);
    if (toAmsterdamDate(candidate) === next && toAmsterdamDate(new Date(candidate.getTime() - 1)) === day) return new Date(candidate.getTime() - 1);
  }
  return new Date(`${day}T22:59:59.999Z`);
}

/** The instant the go-live gate is evaluated at for a report or dashboard date: the end of that day, or now. */
export function goLiveInstant(day: IsoDate, now: Date): Date {
  const end = endOfDutchDay(day);
  return end.getTime() < now.getTime() ? end : now;
}

export async function loadDtoExtras(db: Executor, opts: { day: IsoDate; now: Date }): Promise<DtoExtras> {
  const at = goLiveInstant(opts.day, opts.now);
  const month = lastCompleteMonth(at);
  const [goLive, exchange, escalationRows, monthly, financing] = await Promise.all([
    goLiveConditionCounts(db, at),
    exchangeSummary(db, month),
    listEscalations(db, { status: "open_only" }),
    loadMonthlyAvailability(db, { month, scope: { kind: "all" } }),
    getFinancingSummary(db, { today: opts.day }),
  ]);
  const escalations = escalationRows
    .filter((r) => r.createdAt.getTime() <= at.getTime() && isReportedUpwards({ level: r.level as EscalationLevel, status: r.status as EscalationStatus }))
    .sort((a, b) => (a.level === b.level ? a.number - b.number : a.level === "dto" ? -1 : 1))
    .map((r) => ({ number: r.number, title: r.title, level: r.level as EscalationLevel, status: r.status as EscalationStatus, owner: r.owner, dueOn: r.dueOn }));
  return { at, goLive, month, exchange, escalations, availability: availabilityRows(monthly, "vendor"), financing: { years: financing.years, totals: financing.totals } };
}
