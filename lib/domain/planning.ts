/**
 * Planned dates against actual ones (issue 17 §3). An institution plans a date per precondition
 * step and for go-live; every change is kept. Pure: histories, actual dates and `day` come in.
 *
 * Definitions:
 * - The plan on a day is the `to` of the last change made on or before that day (null: no plan,
 *   or the plan was removed).
 * - A slip is a change that moves an existing plan later (removing a plan is not a slip; moving
 *   it earlier is not either). `slipDays` = current plan (or, when done, the actual date) minus
 *   the first plan, in days, never below 0.
 * - Status on `day`: `done_on_time` (actual on or before the plan in force when it was done),
 *   `done_late`, `done` (done while no plan was in force), `overdue` (no actual and the plan is before `day`), `after_deadline` (planned
 *   after the programme deadline, 31-12-2026), `planned`, `none` (no plan and not done).
 * - `slipped`: at least one slip, or overdue, or done late.
 */
import { diffInDays, type IsoDate } from "./dates";

export const PLAN_KEYS = ["twiin_signed", "mitz_connected", "dpia_completed", "go_live"] as const;
export type PlanKey = (typeof PLAN_KEYS)[number];
export const isPlanKey = (v: unknown): v is PlanKey => typeof v === "string" && (PLAN_KEYS as readonly string[]).includes(v);

/** The programme's end date: everybody connected by 31-12-2026 (DOMAIN.md). */
export const PROGRAMME_DEADLINE: IsoDate = "2026-12-31";

/** Plans may lie between these dates (the intake form uses the same range). */
export const EARLIEST_PLAN: IsoDate = "2020-01-01";
export const LATEST_PLAN: IsoDate = "2035-12-31";

export type PlanChange = { from: IsoDate | null; to: IsoDate | null; /** Dutch day of the change. */ on: IsoDate };

export const PLAN_STATUSES = ["done_on_time", "done_late", "done", "overdue", "after_deadline", "planned", "none"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export type PlanSummary = {
  plannedOn: IsoDate | null;
  firstPlannedOn: IsoDate | null;
  actualOn: IsoDate | null;
  /** Number of changes that moved the plan later. */
  slips: number;
  slipDays: number;
  status: PlanStatus;
  slipped: boolean;
};

const byDay = (a: PlanChange, b: PlanChange) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0);

/** The plan in force on `day`: the last change on or before it (stable for changes on one day). */
export function planOn({ changes, day }: { changes: readonly PlanChange[]; day: IsoDate }): IsoDate | null {
  let plan: IsoDate | null = null;
  for (const c of [...changes].sort(byDay)) if (c.on <= day) plan = c.to;
  return plan;
}

export function summarizePlan({
  changes,
  actualOn,
  day,
  deadline = PROGRAMME_DEADLINE,
}: {
  changes: readonly PlanChange[];
  /** The day the step was done (verified), or null. Ignored when after `day`. */
  actualOn: IsoDate | null;
  day: IsoDate;
  deadline?: IsoDate;
}): PlanSummary {
  const known = [...changes].filter((c) => c.on <= day).sort(byDay);
  const actual = actualOn && actualOn <= day ? actualOn : null;
  const plannedOn = known.length ? known[known.length - 1].to : null;
  const firstPlannedOn = known.find((c) => c.to !== null)?.to ?? null;
  const slips = known.filter((c) => c.from !== null && c.to !== null && c.to > c.from).length;
  // Judged against the plan in force on the day it was done (a plan set afterwards cannot be "met").
  const planWhenDone = actual ? planOn({ changes: known, day: actual }) : null;
  const reference = actual ?? plannedOn;
  const slipDays = firstPlannedOn && reference ? Math.max(0, diffInDays(reference, firstPlannedOn)) : 0;
  let status: PlanStatus;
  if (actual) status = planWhenDone === null ? "done" : actual <= planWhenDone ? "done_on_time" : "done_late";
  else if (plannedOn === null) status = "none";
  else if (plannedOn < day) status = "overdue";
  else if (plannedOn > deadline) status = "after_deadline";
  else status = "planned";
  return { plannedOn, firstPlannedOn, actualOn: actual, slips, slipDays, status, slipped: slips > 0 || status === "overdue" || status === "done_late" };
}

export type InstitutionPlans = { institutionId: string; plans: Partial<Record<PlanKey, { changes: readonly PlanChange[]; actualOn: IsoDate | null }>> };

export type PlanKeyFigures = {
  key: PlanKey;
  /** Institutions with a plan (or done) for this key on `day`. */
  planned: number;
  /** Planned to be done by `day`: the plan in force (when done: on the day it was done) is on or before `day`. */
  due: number;
  /** Done by the plan in force when it was done. */
  doneOnTime: number;
  /** Done on `day` (with or without a plan). */
  done: number;
  overdue: number;
  slipped: number;
  afterDeadline: number;
};

/** Planned versus actual per key, over all institutions. */
export function summarizePlanning({ institutions, day, deadline = PROGRAMME_DEADLINE }: { institutions: readonly InstitutionPlans[]; day: IsoDate; deadline?: IsoDate }) {
  const figures: PlanKeyFigures[] = PLAN_KEYS.map((key) => ({ key, planned: 0, due: 0, doneOnTime: 0, done: 0, overdue: 0, slipped: 0, afterDeadline: 0 }));
  const rows: { institutionId: string; key: PlanKey; summary: PlanSummary }[] = [];
  for (const inst of institutions) {
    for (const f of figures) {
      const p = inst.plans[f.key];
      if (!p) continue;
      const s = summarizePlan({ changes: p.changes, actualOn: p.actualOn, day, deadline });
      rows.push({ institutionId: inst.institutionId, key: f.key, summary: s });
      if (s.plannedOn !== null || s.firstPlannedOn !== null) f.planned++;
      if (s.actualOn) f.done++;
      if (s.status === "done_on_time") f.doneOnTime++;
      const reference = s.actualOn ? planOn({ changes: p.changes, day: s.actualOn }) : s.plannedOn;
      if (reference !== null && reference <= day) f.due++;
      if (s.status === "overdue") f.overdue++;
      if (s.slipped) f.slipped++;
      if (s.status === "after_deadline") f.afterDeadline++;
    }
  }
  return { figures, rows };
}
