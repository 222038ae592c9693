/**
 * The escalation and decision forms (issue 17 §4): shared by the client forms and the server
 * actions, so free of server imports. Messages are i18n keys under `escalations.v`.
 */
import { z } from "zod";
import { isIsoDate } from "@/lib/domain/dates";
import { DECISION_FORUMS, ESCALATION_KINDS, ESCALATION_STATUSES } from "@/lib/domain/escalations";
import { VENDOR_CODES } from "@/lib/domain/vendors";

const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess((v) => (v === undefined || v === null || v === false || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(max, "escalations.v.too_many"));
const links = {
  institutionIds: list(z.uuid("escalations.v.link"), 50),
  vendorCodes: list(z.enum(VENDOR_CODES, "escalations.v.link"), VENDOR_CODES.length),
  milestoneCodes: list(z.string().min(1).max(100), 50),
};

export const escalationSchema = z.object({
  kind: z.enum(ESCALATION_KINDS, "escalations.v.kind"),
  title: z.string().trim().min(3, "escalations.v.title").max(200, "escalations.v.title"),
  description: z.string().trim().min(3, "escalations.v.description").max(4000, "escalations.v.description"),
  owner: z.string().trim().min(2, "escalations.v.owner").max(200, "escalations.v.owner"),
  dueOn: z.string().trim().refine((v) => v === "" || isIsoDate(v), "escalations.v.date"),
  ...links,
});
export type EscalationInput = z.input<typeof escalationSchema>;
export type EscalationValues = z.output<typeof escalationSchema>;

export const escalateSchema = z.object({
  id: z.uuid("escalations.v.link"),
  version: z.coerce.number().int().min(1),
  note: z.string().trim().min(3, "escalations.v.note").max(2000, "escalations.v.note"),
});
export type EscalateInput = z.input<typeof escalateSchema>;

export const statusSchema = z.object({
  id: z.uuid("escalations.v.link"),
  version: z.coerce.number().int().min(1),
  status: z.enum(ESCALATION_STATUSES, "escalations.v.status"),
  note: z.string().trim().max(2000, "escalations.v.note"),
});
export type StatusInput = z.input<typeof statusSchema>;

export const decisionSchema = z.object({
  decidedOn: z.string().trim().refine(isIsoDate, "escalations.v.date_required"),
  forum: z.enum(DECISION_FORUMS, "escalations.v.forum"),
  decision: z.string().trim().min(3, "escalations.v.decision").max(4000, "escalations.v.decision"),
  ...links,
  escalationIds: list(z.uuid("escalations.v.link"), 50),
});
export type DecisionInput = z.input<typeof decisionSchema>;
export type DecisionValues = z.output<typeof decisionSchema>;
