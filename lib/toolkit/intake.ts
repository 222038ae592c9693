/**
 * The intake round-trip, between reading the form (lib/pdf readIntakeForm/intakeChanges) and
 * writing: the portal's current values under the form's field names, and the plan of what
 * applying exactly the changed fields means. Pure: no I/O.
 *
 * Planned dates are stored as plans (institution_plans), not as step reports: a plan says
 * when something will happen, and a report that a step is done cannot lie in the future.
 */
import { createHash } from "node:crypto";
import { translator, type Locale } from "@/lib/i18n/messages";
import { intakeFieldLabel, type IntakeChange } from "@/lib/pdf/intake-form";

import { EARLIEST_PLAN, LATEST_PLAN, PLAN_KEYS, type PlanKey } from "@/lib/domain/planning";

export { PLAN_KEYS, type PlanKey };
export const INTAKE_CONTACT_ROLES = ["project_lead", "ciso", "fg", "technical"] as const;
export type IntakeContactRole = (typeof INTAKE_CONTACT_ROLES)[number];

/** The onboarding step each plan belongs to, to show a plan beside its step. */
export const PLAN_STEP: Record<PlanKey, string> = {
  twiin_signed: "twiin_agreement_signed",
  mitz_connected: "mitz_connected",
  dpia_completed: "dpia_completed",
  go_live: "go_live",
};

/** A plan's label: the label of its field on the intake form (`planned.<key>`). */
export function planLabel(key: PlanKey, locale: Locale): string {
  return intakeFieldLabel(`planned.${key}`, locale);
}

export type IntakeContactRow = { role: IntakeContactRole; name: string; email: string; phone: string | null };

export type IntakeCurrent = {
  contacts: readonly { role: string; name: string; email: string; phone: string | null }[];
  vendorCode: string | null;
  plans: readonly { planKey: string; plannedOn: string }[];
  lastRemarks: string | null;
};

/** The portal's values under the intake form's field names, for intakeChanges. */
export function currentIntakeValues(c: IntakeCurrent): Record<string, string | null> {
  const out: Record<string, string | null> = { vendor: c.vendorCode, remarks: c.lastRemarks };
  for (const role of INTAKE_CONTACT_ROLES) {
    const row = c.contacts.find((x) => x.role === role);
    out[`contact.${role}.name`] = row?.name ?? null;
    out[`contact.${role}.email`] = row?.email ?? null;
    out[`contact.${role}.phone`] = row?.phone ?? null;
  }
  for (const key of PLAN_KEYS) out[`planned.${key}`] = c.plans.find((p) => p.planKey === key)?.plannedOn ?? null;
  return out;
}

export type IntakeApplyPlan = {
  /** Complete rows for the contact roles that change; other roles are left alone. */
  contacts: IntakeContactRow[];
  /** The new vendor code, or undefined when the vendor does not change. */
  vendor: string | undefined;
  plans: { planKey: PlanKey; plannedOn: string }[];
  remarks: string | null;
  /** Codes; when there is any, nothing may be applied. intakePlanErrorText puts them into words. */
  errors: IntakePlanError[];
};

/** Every code of an IntakePlanError; each has a message `toolkit.intake_plan_errors.<code>`. */
export const INTAKE_PLAN_ERROR_CODES = ["contact_name_missing", "contact_email_missing", "contact_too_long", "plan_date_out_of_range"] as const;

export type IntakePlanError =
  | { code: "contact_name_missing" | "contact_email_missing" | "contact_too_long"; role: IntakeContactRole }
  | { code: "plan_date_out_of_range"; planKey: PlanKey; date: string };

/** A plan error in words: "Voor de CISO ontbreekt een naam; …" (roles: `toolkit.intake_roles.<role>`). */
export function intakePlanErrorText(e: IntakePlanError, locale: Locale): string {
  const t = translator(locale) as unknown as (key: string, values?: Record<string, string>) => string;
  if (e.code === "plan_date_out_of_range") {
    const [y, m, d] = e.date.split("-");
    return t(`toolkit.intake_plan_errors.${e.code}`, { label: planLabel(e.planKey, locale), date: `${d}-${m}-${y}` });
  }
  return t(`toolkit.intake_plan_errors.${e.code}`, { role: t(`toolkit.intake_roles.${e.role}`) });
}

export function planIntakeApply(changes: readonly IntakeChange[], current: IntakeCurrent): IntakeApplyPlan {
  const errors: IntakePlanError[] = [];
  const byField = new Map(changes.map((c) => [c.field, c.to]));
  const contacts: IntakeContactRow[] = [];
  for (const role of INTAKE_CONTACT_ROLES) {
    const fields = ["name", "email", "phone"] as const;
    if (!fields.some((f) => byField.has(`contact.${role}.${f}`))) continue;
    const before = current.contacts.find((c) => c.role === role);
    const next = {
      role,
      name: byField.get(`contact.${role}.name`) ?? before?.name ?? "",
      email: byField.get(`contact.${role}.email`) ?? before?.email ?? "",
      phone: byField.get(`contact.${role}.phone`) ?? before?.phone ?? null,
    };
    if (!next.name.trim()) errors.push({ code: "contact_name_missing", role });
    else if (!next.email.trim()) errors.push({ code: "contact_email_missing", role });
    else if (next.name.length > 200 || next.email.length > 254) errors.push({ code: "contact_too_long", role });
    contacts.push(next);
  }
  const plans: IntakeApplyPlan["plans"] = [];
  for (const key of PLAN_KEYS) {
    const to = byField.get(`planned.${key}`);
    if (!to) continue;
    if (to < EARLIEST_PLAN || to > LATEST_PLAN) errors.push({ code: "plan_date_out_of_range", planKey: key, date: to });
    plans.push({ planKey: key, plannedOn: to });
  }
  return {
    contacts,
    vendor: byField.get("vendor"),
    plans,
    remarks: byField.get("remarks") ?? null,
    errors,
  };
}

/** A fingerprint of a preview: applying is refused when the changes differ from what was shown. */
export function changesFingerprint(changes: readonly IntakeChange[]): string {
  return createHash("sha256")
    .update(JSON.stringify(changes.map((c) => [c.field, c.from, c.to])))
    .digest("hex")
    .slice(0, 32);
}
