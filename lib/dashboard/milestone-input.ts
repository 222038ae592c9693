/**
 * The milestone editor's input: one zod schema for the form and the action, plus the rules
 * that depend on the milestone (manual or counted) and on today. Pure.
 */
import { z } from "zod";
import { isIsoDate, type IsoDate } from "@/lib/domain/dates";
import { validateMilestones, type Milestone, type MilestoneMetric } from "@/lib/domain/milestones";
import { PRECONDITION_CODES, type PreconditionCode } from "@/lib/domain/steps";
import { VENDOR_CODES, type Vendor } from "@/lib/domain/vendors";
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

/** Removing a milestone: which one, at the version the admin saw. */
export const milestoneRemoveSchema = z.object({ code: z.string().min(1).max(100), version: z.coerce.number().int().min(1) });

/** What a new milestone counts: the kinds of MilestoneMetric, as the form offers them. */
export const MILESTONE_METRIC_KINDS = ["institutions_live", "institutions_precondition_met", "infrastructures_live", "manual"] as const;

/** A new milestone (issue 17 §3: e.g. a vendor's growth wave, "Alphatron 12 → 55+"). */
export const milestoneCreateSchema = z.object({
  titleNl: z.string().trim().min(3, "dashboard.v_title").max(200, "dashboard.v_title"),
  titleEn: z.string().trim().min(3, "dashboard.v_title").max(200, "dashboard.v_title"),
  descriptionNl: z.string().trim().max(1000, "dashboard.v_description"),
  descriptionEn: z.string().trim().max(1000, "dashboard.v_description"),
  date: z.string().trim().refine(isIsoDate, "dashboard.v_date"),
  metricKind: z.enum(MILESTONE_METRIC_KINDS, { message: "dashboard.v_metric" }),
  precondition: z.string().trim(),
  vendors: z.array(z.string()),
  target: z.string().trim().max(10),
});
export type MilestoneCreateInput = z.input<typeof milestoneCreateSchema>;

/** A code for a new milestone: readable, stable, unique among the existing ones (removed ones included). */
export function newMilestoneCode(titleNl: string, existing: ReadonlySet<string>): string {
  const slug =
    titleNl
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 60) || "mijlpaal";
  const base = `custom_${slug}`;
  if (!existing.has(base)) return base;
  for (let i = 2; ; i++) if (!existing.has(`${base}_${i}`)) return `${base}_${i}`;
}

/**
 * Builds a new milestone from the form: the metric from its kind (a precondition for
 * "precondition met", one or more vendors for "infrastructures live", optional vendors for the
 * institution counts), a whole-number target for counted metrics and none for manual ones.
 */
export function buildNewMilestone({ input, existingCodes }: { input: z.output<typeof milestoneCreateSchema>; existingCodes: ReadonlySet<string> }): MilestoneEditResult {
  const errors: Record<string, string[]> = {};
  const add = (f: string, m: string) => (errors[f] ??= []).push(m);
  const vendors = [...new Set(input.vendors)];
  if (vendors.some((v) => !(VENDOR_CODES as readonly string[]).includes(v))) add("vendors", "dashboard.v_vendors");
  const chosen = vendors.filter((v): v is Vendor => (VENDOR_CODES as readonly string[]).includes(v));
  let metric: MilestoneMetric;
  switch (input.metricKind) {
    case "manual":
      if (chosen.length) add("vendors", "dashboard.v_vendors_manual");
      metric = { kind: "manual" };
      break;
    case "institutions_live":
      metric = { kind: "institutions_live", vendors: chosen.length ? chosen : null };
      break;
    case "institutions_precondition_met":
      if (!(PRECONDITION_CODES as readonly string[]).includes(input.precondition)) add("precondition", "dashboard.v_precondition");
      metric = { kind: "institutions_precondition_met", precondition: input.precondition as PreconditionCode, vendors: chosen.length ? chosen : null };
      break;
    case "infrastructures_live":
      if (!chosen.length) add("vendors", "dashboard.v_vendors_required");
      metric = { kind: "infrastructures_live", vendors: chosen };
      break;
  }
  let target: number | null = null;
  if (metric.kind === "manual") {
    if (input.target !== "") add("target", "dashboard.v_target_manual");
  } else if (!/^\d{1,6}$/.test(input.target) || Number(input.target) > 100_000) add("target", "dashboard.v_target");
  else target = Number(input.target);
  const milestone: Milestone = {
    code: newMilestoneCode(input.titleNl, existingCodes),
    date: input.date,
    title: { nl: input.titleNl, en: input.titleEn },
    description: { nl: input.descriptionNl, en: input.descriptionEn },
    metric,
    target,
    achievedOn: null,
  };
  if (Object.keys(errors).length === 0) {
    for (const e of validateMilestones({ milestones: [milestone] })) add(e.code === "invalid_target" ? "target" : "date", encodeMessage({ key: `milestones.errors.${e.code}`, params: { code: e.milestoneCode } }));
  }
  return Object.keys(errors).length ? { ok: false, fieldErrors: errors } : { ok: true, milestone };
}
