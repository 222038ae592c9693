/**
 * The plain-language explanation of an eligibility result, as message codes with parameters
 * (never sentences): `financing.explain.<code>` in messages/*.json. `renderExplanation` turns
 * the lines into text for one locale; rule titles, descriptions and exclusions are rule set
 * content (stored in both languages) and are picked by locale.
 */
import { translator, type Locale } from "@/lib/i18n/messages";
import { formatDate, formatEuroCents, type IsoDate, type LocalizedText } from "../dates";
import { stepTitle as onboardingStepTitle } from "../onboarding-texts";
import type { StepCode } from "../steps";
import { VENDOR_LABELS, type Vendor } from "../vendors";
import type { EligibilityResult, MissingCondition } from "./eligibility";
import type { FinancingRuleSet } from "./rules";

export type ExplanationLine =
  | { code: "eligible"; titles: LocalizedText[]; since: IsoDate | null }
  | { code: "eligible_from"; date: IsoDate }
  | { code: "not_yet"; missing: MissingCondition[] }
  | { code: "no_payment" }
  | { code: "no_rule_set"; date: IsoDate }
  | { code: "annual"; title: LocalizedText; year: number; amountCents: number | null; proRata: boolean; months: number[] }
  | { code: "annual_segment"; version: number; vendor: Vendor; annualAmountCents: number | null; months: number }
  | { code: "one_off"; title: LocalizedText; amountCents: number | null; month: number; year: number }
  | { code: "content"; text: LocalizedText }
  | { code: "package_integral"; steps: StepCode[] }
  | { code: "review"; date: IsoDate };

/** Every code above: each has a message `financing.explain.<code>` except `content` (rule set text). */
export const EXPLANATION_CODES = ["eligible", "eligible_since", "eligible_from", "not_yet", "no_payment", "no_rule_set", "annual", "annual_segment", "one_off", "package_integral", "review"] as const;

export function explainEligibility({ result, ruleSet }: { result: Omit<EligibilityResult, "explanation">; ruleSet: FinancingRuleSet | null }): ExplanationLine[] {
  const lines: ExplanationLine[] = [];
  switch (result.status) {
    case "eligible":
      lines.push({ code: "eligible", titles: result.rules.filter((r) => r.status === "eligible").map((r) => r.title), since: result.eligibleFrom });
      break;
    case "eligible_from":
      lines.push({ code: "eligible_from", date: result.eligibleFrom! });
      break;
    case "not_yet":
      lines.push({ code: "not_yet", missing: result.missing });
      break;
    case "not_applicable":
      lines.push(ruleSet ? { code: "no_payment" } : { code: "no_rule_set", date: result.today });
      break;
  }
  for (const a of result.annual) {
    lines.push({
      code: "annual",
      title: a.title,
      year: result.year,
      amountCents: a.toBeDetermined && a.amountCents === 0 ? null : a.amountCents,
      proRata: a.proRata === "monthly",
      months: a.months,
    });
    if (a.segments.length > 1) {
      for (const s of a.segments) lines.push({ code: "annual_segment", version: s.version, vendor: s.vendor, annualAmountCents: s.annualAmountCents, months: s.months.length });
    }
  }
  for (const o of result.oneOff) lines.push({ code: "one_off", title: o.title, amountCents: o.amountCents, month: Number(o.dueOn.slice(5, 7)), year: o.dueYear });
  for (const c of result.centralFunding) {
    const rule = ruleSet?.rules.find((r) => r.code === c.ruleCode);
    if (rule) lines.push({ code: "content", text: rule.description });
  }
  if (ruleSet) {
    if (ruleSet.packageConditions.length > 0) lines.push({ code: "package_integral", steps: [...ruleSet.packageConditions] });
    for (const x of ruleSet.exclusions) lines.push({ code: "content", text: x });
    if (ruleSet.reviewDate) lines.push({ code: "review", date: ruleSet.reviewDate });
  }
  return lines;
}

/** A step's title (messages `steps.title.<code>`; the code itself for an unknown step). */
export function stepTitle(code: string, locale: Locale): string {
  return onboardingStepTitle(code, locale);
}

/** The explanation as text, one line per entry; segment lines start with two spaces. */
export function renderExplanation(lines: readonly ExplanationLine[], locale: Locale): string {
  const t = translator(locale) as unknown as (key: string, values?: Record<string, string | number>) => string;
  const x = (key: string, values?: Record<string, string | number>) => t(`financing.explain.${key}`, values);
  const quoted = (title: string) => x("quoted", { title });
  const and = ` ${x("and")} `;
  const amount = (cents: number | null) => (cents === null ? x("amount_tbd") : formatEuroCents(cents)[locale]);
  const date = (d: IsoDate) => formatDate(d)[locale];
  const month = (m: number) => formatDate(`2000-${String(m).padStart(2, "0")}-01`)[locale].split(" ")[1];
  const missingTitle = (m: MissingCondition) => (m.kind === "vendor" ? t("financing.missing_vendor") : stepTitle(m.stepCode, locale));
  return lines
    .map((l) => {
      switch (l.code) {
        case "eligible": {
          const titles = l.titles.map((title) => quoted(title[locale])).join(and);
          return l.since ? x("eligible_since", { titles, date: date(l.since) }) : x("eligible", { titles });
        }
        case "eligible_from":
        case "no_rule_set":
        case "review":
          return x(l.code, { date: date(l.date) });
        case "not_yet":
          return x("not_yet", { missing: l.missing.map((m) => quoted(missingTitle(m))).join(", ") });
        case "no_payment":
          return x("no_payment");
        case "annual": {
          const whole = l.months.length === 12;
          return x("annual", {
            title: l.title[locale],
            year: l.year,
            amount: amount(l.amountCents),
            proRata: l.proRata && !whole ? "yes" : "no",
            whole: whole ? "yes" : "no",
            months: l.months.length,
            from: month(l.months[0]),
          });
        }
        case "annual_segment":
          return x("annual_segment", { version: l.version, vendor: VENDOR_LABELS[l.vendor].name, amount: amount(l.annualAmountCents), months: l.months });
        case "one_off":
          return x("one_off", { title: l.title[locale], amount: amount(l.amountCents), month: month(l.month), year: l.year });
        case "content":
          return l.text[locale];
        case "package_integral":
          return x("package_integral", { titles: l.steps.map((s) => quoted(stepTitle(s, locale))).join(and) });
      }
    })
    .join("\n");
}
