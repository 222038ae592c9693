/**
 * The planning figures the dashboard and the DTO report show for one day (issue 17 §3): planned
 * versus actual per plan, the institutions that slipped or plan after the deadline, and the
 * forecast from plans and pace. Pure: the inputs (lib/planning/queries.ts) and the live figures in.
 */
import type { IsoDate } from "@/lib/domain/dates";
import { computePlanForecast, type PlanForecast } from "@/lib/domain/forecast";
import { PLAN_KEYS, PROGRAMME_DEADLINE, summarizePlanning, type PlanKey, type PlanKeyFigures, type PlanStatus } from "@/lib/domain/planning";
import type { PlanningInstitution } from "./queries";

export type PlanningListRow = {
  institutionId: string;
  name: string;
  vendorCode: string | null;
  key: PlanKey;
  plannedOn: IsoDate | null;
  firstPlannedOn: IsoDate | null;
  actualOn: IsoDate | null;
  slips: number;
  slipDays: number;
  status: PlanStatus;
  slipped: boolean;
};

export type PlanningView = {
  figures: PlanKeyFigures[];
  /** Plans that slipped (moved later, overdue, or done late), most days first. */
  slipped: PlanningListRow[];
  /** Open plans after the programme deadline. */
  afterDeadline: PlanningListRow[];
  /** Institutions (not plans) with at least one slipped plan / a plan after the deadline. */
  slippedInstitutions: number;
  afterDeadlineInstitutions: number;
  forecast: PlanForecast;
  deadline: IsoDate;
};

export function buildPlanningView({
  inputs,
  day,
  live,
  total,
  pacePerWeek,
  targetCount,
  targetDate,
}: {
  inputs: readonly PlanningInstitution[];
  day: IsoDate;
  live: number;
  total: number;
  pacePerWeek: number;
  targetCount: number;
  targetDate: IsoDate;
}): PlanningView {
  const { figures, rows } = summarizePlanning({ institutions: inputs, day });
  const byId = new Map(inputs.map((i) => [i.institutionId, i]));
  const list = rows.map(
    (r): PlanningListRow => ({
      institutionId: r.institutionId,
      name: byId.get(r.institutionId)?.name ?? "",
      vendorCode: byId.get(r.institutionId)?.vendorCode ?? null,
      key: r.key,
      ...r.summary,
    }),
  );
  const order = (a: PlanningListRow, b: PlanningListRow) => b.slipDays - a.slipDays || a.name.localeCompare(b.name, "nl") || PLAN_KEYS.indexOf(a.key) - PLAN_KEYS.indexOf(b.key);
  const slipped = list.filter((r) => r.slipped).sort(order);
  const afterDeadline = list.filter((r) => r.status === "after_deadline").sort((a, b) => (a.plannedOn! < b.plannedOn! ? 1 : -1) || a.name.localeCompare(b.name, "nl"));
  const goLivePlans = list.filter((r) => r.key === "go_live" && r.actualOn === null && r.plannedOn !== null).map((r) => r.plannedOn!);
  return {
    figures,
    slipped,
    afterDeadline,
    slippedInstitutions: new Set(slipped.map((r) => r.institutionId)).size,
    afterDeadlineInstitutions: new Set(afterDeadline.map((r) => r.institutionId)).size,
    forecast: computePlanForecast({ live, pending: Math.max(0, total - live), goLivePlans, pacePerWeek, targetCount, targetDate, today: day }),
    deadline: PROGRAMME_DEADLINE,
  };
}
