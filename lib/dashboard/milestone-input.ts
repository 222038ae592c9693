/**
 * The milestone editor's input: one zod schema for the form and the action, plus the rules
 * that depend on the milestone (manual or counted) and on today. Pure.
 */
import { z } from "zod";
import { isIsoDate, type IsoDate } from "@/lib/domain/dates";
import { validateMilestones, type Milestone } from "@/lib/domain/milestones";
import { encodeMessage } from "@/lib/validation/messages";

/**
 * Messages are i18n keys under `dashboard.`, and `milestones.errors.*` with the milestone code as
 * their value (lib/validation/messages.ts): the form and the action translate them.
 */
export const milestoneEditSchema = z.object({
  code: z.string().min(1).max(100),
  version: z.coerce.number().int().min(1),
  date: z.string().trim().refine(isIsoDate, "dashboard.v_date"),
  target: z.string().trim().max(10),
  achievedOn: z.string().trim().max(10),
  titleNl: z.string().trim().min(3, "dashboard.v_title").max(200, "dashboard.v_title"),
  titleEn: z.string().trim().min(3, "dashboard.v_title").max(200, "dashboard.v_title"),
});
export type MilestoneEditInput = z.input<typeof milestoneEditSchema>;

export type MilestoneEditResult = { ok: true; milestone: Milestone } | { ok: false; fieldErrors: Record<string, string[]> };

/** Applies an edit to a milestone: the metric stays, date/target/achievedOn/titles change. */
export function applyMilestoneEdit({ current, input, today }: { current: Milestone; input: z.output<typeof milestoneEditSchema>; today: IsoDate }): MilestoneEditResult {
  const errors: Record<string, string[]> = {};
  const add = (f: string, m: string) => (errors[f] ??= []).push(m);
  const manual = current.metric.kind === "manual";
  let target: number | null = null;
  if (manual) {
    if (input.target !== "") add("target", "dashboard.v_target_manual");
  } else if (!/^\d{1,6}$/.test(input.target) || Number(input.target) > 100_000) add("target", "dashboard.v_target");
  else target = Number(input.target);
  let achievedOn: IsoDate | null = null;
  if (input.achievedOn !== "") {
    if (!manual) add("achievedOn", "dashboard.v_achieved_manual");
    else if (!isIsoDate(input.achievedOn)) add("achievedOn", "dashboard.v_date");
    else if (input.achievedOn > today) add("achievedOn", "dashboard.v_achieved_future");
    else achievedOn = input.achievedOn;
  }
  const milestone: Milestone = {
    ...current,
    date: input.date,
    target,
    achievedOn: manual ? achievedOn : (current.achievedOn ?? null),
    title: { nl: input.titleNl, en: input.titleEn },
  };
  if (Object.keys(errors).length === 0) {
    for (const e of validateMilestones({ milestones: [milestone] })) add(e.code === "invalid_target" ? "target" : "date", encodeMessage({ key: `milestones.errors.${e.code === "invalid_target" && e.manual ? "manual_with_target" : e.code}`, params: { code: e.milestoneCode } }));
  }
  return Object.keys(errors).length ? { ok: false, fieldErrors: errors } : { ok: true, milestone };
}
