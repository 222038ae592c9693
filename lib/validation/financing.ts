/**
 * The financing rule set form (one schema for the react-hook-form resolver and the server
 * action), the conversion between the form and lib/domain's FinancingRuleSet, and the shape
 * check of the JSON stored in financing_rule_sets.definition.
 *
 * Amounts are typed in euros the way Dutch users write them ("35.000", "35000", "1.250,50",
 * "€ 35.000,-") and stored as integer cents; "nog te bepalen" is a separate checkbox (null).
 * Messages are keys under `financing.v.*` (messages/nl.json).
 */
import { z } from "zod";
import type { FinancingRule, FinancingRuleSet } from "@/lib/domain/financing";
import { VENDOR_CODES, type Vendor } from "@/lib/domain/vendors";
import type { FinancingRuleSetDefinition } from "@/db/schema/financing";

// ---------------------------------------------------------------------------------------------
// Euro amounts

export type EuroParse = { ok: true; cents: number } | { ok: false; code: "empty" | "invalid" | "negative" | "too_precise" | "too_large" };

const MAX_CENTS = 100_000_000_000; // EUR 1 billion: anything above is a typo

/** "35.000" -> 3_500_000 cents; "1.250,50" -> 125_050; "-5" -> negative. */
export function parseEuroAmount(input: string): EuroParse {
  let s = input.replace(/[€\s\u00a0]/g, "").replace(/,-$/, "").replace(/^EUR/i, "");
  if (s === "") return { ok: false, code: "empty" };
  const negative = s.startsWith("-");
  if (negative) s = s.slice(1);
  let whole: string;
  let fraction = "";
  if (s.includes(",")) {
    // Dutch: comma decimals, dots group thousands.
    const [w, f, ...rest] = s.split(",");
    if (rest.length > 0 || !/^\d{1,3}(\.\d{3})*$|^\d+$/.test(w)) return { ok: false, code: "invalid" };
    whole = w.replace(/\./g, "");
    fraction = f;
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    whole = s.replace(/\./g, "");
  } else if (/^\d+(\.\d+)?$/.test(s)) {
    [whole, fraction = ""] = s.split(".");
  } else {
    return { ok: false, code: "invalid" };
  }
  if (!/^\d*$/.test(fraction)) return { ok: false, code: "invalid" };
  if (fraction.length > 2) return { ok: false, code: "too_precise" };
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0") || "0");
  if (negative && cents > 0) return { ok: false, code: "negative" };
  if (!Number.isSafeInteger(cents) || cents > MAX_CENTS) return { ok: false, code: "too_large" };
  return { ok: true, cents };
}

/** 3_500_000 -> "35000"; 125_050 -> "1250,50" (what the form shows and parses back). */
export function centsToEuroInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(whole) : `${whole},${String(rest).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// The form

export const RULE_KINDS = ["annual", "one_off", "central_funding"] as const;

const bool = z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean());
/** A checkbox group: react-hook-form gives an array, `false` when nothing is ticked, a string for one. */
const codeList = z.preprocess((v) => (Array.isArray(v) ? v : typeof v === "string" && v !== "" ? [v] : []), z.array(z.string().max(80)).max(40));
const text = (max: number, required: string, tooLong: string) => z.string().trim().min(1, required).max(max, tooLong);
const optionalText = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).default("");
const isoDate = (msg: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, msg)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), msg);
const optionalDate = (msg: string) => z.union([z.literal(""), isoDate(msg)]).default("");

const vendorInput = z.object({ applies: bool, amount: z.string().max(40).default(""), tbd: bool });

export const ruleFormSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(1, "financing.v.code_required")
      .max(60, "financing.v.code_invalid")
      .regex(/^[a-z][a-z0-9_]*$/, "financing.v.code_invalid"),
    kind: z.enum(RULE_KINDS, "financing.v.kind_invalid"),
    titleNl: text(200, "financing.v.title_required", "financing.v.too_long"),
    titleEn: text(200, "financing.v.title_required", "financing.v.too_long"),
    descriptionNl: optionalText(2000, "financing.v.too_long"),
    descriptionEn: optionalText(2000, "financing.v.too_long"),
    fundedBy: optionalText(120, "financing.v.too_long"),
    conditions: codeList,
    proRata: bool,
    vendors: z.object({ enovation: vendorInput, founda: vendorInput, alphatron: vendorInput }),
  })
  .superRefine((r, ctx) => {
    if (!VENDOR_CODES.some((v) => r.vendors[v].applies)) ctx.addIssue({ code: "custom", path: ["vendors"], message: "financing.v.no_vendors" });
    if (r.kind === "central_funding") {
      if (r.fundedBy === "") ctx.addIssue({ code: "custom", path: ["fundedBy"], message: "financing.v.funded_by_required" });
      return;
    }
    for (const v of VENDOR_CODES) {
      const x = r.vendors[v];
      if (!x.applies || x.tbd) continue;
      const p = parseEuroAmount(x.amount);
      if (!p.ok) ctx.addIssue({ code: "custom", path: ["vendors", v, "amount"], message: `financing.v.amount_${p.code}` });
    }
  });

export const ruleSetFormSchema = z
  .object({
    effectiveFrom: isoDate("financing.v.date_invalid"),
    effectiveUntil: optionalDate("financing.v.date_invalid"),
    reviewDate: optionalDate("financing.v.date_invalid"),
    titleNl: text(200, "financing.v.title_required", "financing.v.too_long"),
    titleEn: text(200, "financing.v.title_required", "financing.v.too_long"),
    changeNote: optionalText(2000, "financing.v.too_long"),
    integral: bool,
    packageConditions: codeList,
    exclusionsNl: optionalText(4000, "financing.v.too_long"),
    exclusionsEn: optionalText(4000, "financing.v.too_long"),
    rules: z.array(ruleFormSchema).min(1, "financing.v.no_rules").max(20, "financing.v.too_many_rules"),
  })
  .superRefine((s, ctx) => {
    if (s.integral && s.packageConditions.length === 0) ctx.addIssue({ code: "custom", path: ["packageConditions"], message: "financing.v.integral_needs_conditions" });
    const nl = lines(s.exclusionsNl);
    const en = lines(s.exclusionsEn);
    if (nl.length !== en.length) ctx.addIssue({ code: "custom", path: ["exclusionsEn"], message: "financing.v.exclusions_mismatch" });
    const seen = new Set<string>();
    s.rules.forEach((r, i) => {
      if (seen.has(r.code)) ctx.addIssue({ code: "custom", path: ["rules", i, "code"], message: "financing.v.code_duplicate" });
      seen.add(r.code);
    });
  });

export type RuleSetFormInput = z.input<typeof ruleSetFormSchema>;
export type RuleSetFormValues = z.output<typeof ruleSetFormSchema>;
export type RuleFormInput = z.input<typeof ruleFormSchema>;

/** Publishing needs a reason the financiers and auditors can read. */
export function changeNoteRequired(note: string): boolean {
  return note.trim().length >= 5;
}

function lines(s: string): string[] {
  return s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** Form values (already parsed by the schema) to the domain's rule set. */
export function formToRuleSet(values: RuleSetFormValues, opts: { version: number }): FinancingRuleSet {
  const nl = lines(values.exclusionsNl);
  const en = lines(values.exclusionsEn);
  return {
    version: opts.version,
    effectiveFrom: values.effectiveFrom,
    effectiveUntil: values.effectiveUntil || null,
    reviewDate: values.reviewDate || null,
    title: { nl: values.titleNl, en: values.titleEn },
    changeNote: values.changeNote ? { nl: values.changeNote, en: values.changeNote } : undefined,
    packageConditions: (values.integral ? [...new Set(values.packageConditions)] : []) as FinancingRuleSet["packageConditions"],
    exclusions: nl.map((n, i) => ({ nl: n, en: en[i] ?? n })),
    rules: values.rules.map((r): FinancingRule => {
      const amounts: Partial<Record<Vendor, number | null>> = {};
      for (const v of VENDOR_CODES) {
        const x = r.vendors[v];
        if (!x.applies) continue;
        if (r.kind === "central_funding" || x.tbd) amounts[v] = null;
        else {
          const p = parseEuroAmount(x.amount);
          amounts[v] = p.ok ? p.cents : null;
        }
      }
      const rule: FinancingRule = {
        code: r.code,
        kind: r.kind,
        title: { nl: r.titleNl, en: r.titleEn },
        description: { nl: r.descriptionNl, en: r.descriptionEn || r.descriptionNl },
        amounts,
        conditions: [...new Set(r.conditions)] as FinancingRule["conditions"],
        proRata: r.kind === "annual" && r.proRata ? "monthly" : "none",
      };
      if (r.kind === "central_funding") rule.fundedBy = { nl: r.fundedBy, en: r.fundedBy };
      return rule;
    }),
  };
}

/** The domain's rule set as form input (for editing a draft). */
export function ruleSetToForm(rs: FinancingRuleSet): RuleSetFormInput {
  return {
    effectiveFrom: rs.effectiveFrom,
    effectiveUntil: rs.effectiveUntil ?? "",
    reviewDate: rs.reviewDate ?? "",
    titleNl: rs.title.nl,
    titleEn: rs.title.en,
    changeNote: rs.changeNote?.nl ?? "",
    integral: rs.packageConditions.length > 0,
    packageConditions: [...rs.packageConditions],
    exclusionsNl: rs.exclusions.map((x) => x.nl).join("\n"),
    exclusionsEn: rs.exclusions.map((x) => x.en).join("\n"),
    rules: rs.rules.map((r) => ruleToForm(r)),
  };
}

export function ruleToForm(r: FinancingRule): RuleFormInput {
  const vendors = Object.fromEntries(
    VENDOR_CODES.map((v) => {
      const has = Object.prototype.hasOwnProperty.call(r.amounts, v);
      const amount = r.amounts[v];
      return [v, { applies: has, amount: typeof amount === "number" ? centsToEuroInput(amount) : "", tbd: has && (amount === null || amount === undefined) && r.kind !== "central_funding" }];
    }),
  ) as RuleFormInput["vendors"];
  return {
    code: r.code,
    kind: r.kind,
    titleNl: r.title.nl,
    titleEn: r.title.en,
    descriptionNl: r.description.nl,
    descriptionEn: r.description.en,
    fundedBy: r.fundedBy?.nl ?? "",
    conditions: [...r.conditions],
    proRata: r.proRata === "monthly",
    vendors,
  };
}

/** An empty rule for "add a rule". */
export function emptyRuleForm(code: string): RuleFormInput {
  return {
    code,
    kind: "one_off",
    titleNl: "",
    titleEn: "",
    descriptionNl: "",
    descriptionEn: "",
    fundedBy: "",
    conditions: [],
    proRata: false,
    vendors: { enovation: { applies: true, amount: "", tbd: true }, founda: { applies: true, amount: "", tbd: true }, alphatron: { applies: false, amount: "", tbd: false } },
  };
}

// ---------------------------------------------------------------------------------------------
// Stored JSON

const localized = z.object({ nl: z.string(), en: z.string() });

/** The shape of financing_rule_sets.definition; the rules' meaning is checked by validateRuleSets. */
export const storedDefinitionSchema = z.object({
  title: localized,
  packageConditions: z.array(z.string()),
  exclusions: z.array(localized),
  rules: z.array(
    z.object({
      code: z.string(),
      kind: z.enum(RULE_KINDS),
      title: localized,
      description: localized,
      amounts: z.record(z.string(), z.number().nullable()),
      conditions: z.array(z.string()),
      proRata: z.enum(["monthly", "none"]),
      fundedBy: localized.optional(),
    }),
  ),
});

export function ruleSetToDefinition(rs: FinancingRuleSet): FinancingRuleSetDefinition {
  return storedDefinitionSchema.parse({
    title: rs.title,
    packageConditions: [...rs.packageConditions],
    exclusions: rs.exclusions.map((x) => ({ nl: x.nl, en: x.en })),
    rules: rs.rules.map((r) => ({ ...r, conditions: [...r.conditions], amounts: { ...r.amounts } })),
  }) as FinancingRuleSetDefinition;
}

export function definitionToRuleSet(input: {
  version: number;
  effectiveFrom: string;
  effectiveUntil: string | null;
  reviewDate: string | null;
  changeNote: string;
  definition: unknown;
}): FinancingRuleSet {
  const d = storedDefinitionSchema.parse(input.definition);
  return {
    version: input.version,
    effectiveFrom: input.effectiveFrom,
    effectiveUntil: input.effectiveUntil,
    reviewDate: input.reviewDate,
    title: d.title,
    changeNote: input.changeNote ? { nl: input.changeNote, en: input.changeNote } : undefined,
    packageConditions: d.packageConditions as FinancingRuleSet["packageConditions"],
    exclusions: d.exclusions,
    rules: d.rules.map((r) => ({ ...r, conditions: r.conditions as FinancingRule["conditions"], amounts: r.amounts as FinancingRule["amounts"] })),
  };
}
