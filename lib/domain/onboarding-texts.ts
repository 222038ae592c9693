/**
 * The words for the onboarding codes of lib/domain/steps.ts and lib/domain/readiness.ts, in one
 * language: messages `steps.*` and `readiness.*` in messages/*.json, read with next-intl's
 * translator. Server components may read the plain labels with getTranslations("steps") too;
 * the composite texts (next action, refusals) are rendered here so that every page, CSV and PDF
 * words them alike. Steps, dates and evidence kinds travel as codes and ISO dates and are put
 * into words only here.
 */
import { translator, type Locale } from "@/lib/i18n/messages";
import { formatDate } from "./dates";
import type { NextAction, PhaseCode, StepReportError, StepState, StepVerificationError } from "./readiness";
import type { CatalogueError, PreconditionCode, StepGroup, StepNoteCode } from "./steps";

type Values = Record<string, string | number>;
type Translate = (key: string, values?: Values) => string;

const t = (locale: Locale) => translator(locale) as unknown as Translate;
const has = (locale: Locale, key: string) => (translator(locale) as unknown as { has: (k: string) => boolean }).has(key);

/** A step's title; an unknown code (an old or hand-edited row) is shown as it is. */
export function stepTitle(code: string, locale: Locale): string {
  return has(locale, `steps.title.${code}`) ? t(locale)(`steps.title.${code}`) : code;
}

/** The step's title in both languages, for the catalogue copy in the database (title_nl, title_en). */
export function stepTitles(code: string): { nl: string; en: string } {
  return { nl: stepTitle(code, "nl"), en: stepTitle(code, "en") };
}

export function stepHelp(code: string, locale: Locale): string {
  return has(locale, `steps.help.${code}`) ? t(locale)(`steps.help.${code}`) : "";
}

/** What to upload or write for the step, or null when the step has no hint. */
export function stepHint(code: string, locale: Locale): string | null {
  return has(locale, `steps.hint.${code}`) ? t(locale)(`steps.hint.${code}`) : null;
}

export function stepNoteText(note: StepNoteCode, locale: Locale): string {
  return t(locale)(`steps.notes.${note}`);
}

export function preconditionLabel(code: PreconditionCode, locale: Locale): string {
  return t(locale)(`steps.preconditions.${code}.label`);
}

export function preconditionDescription(code: PreconditionCode, locale: Locale): string {
  return t(locale)(`steps.preconditions.${code}.description`);
}

/** A checklist group: a precondition's label, or "technology and go-live". */
export function stepGroupLabel(group: StepGroup, locale: Locale): string {
  return group === "technical" ? t(locale)("steps.groups.technical") : preconditionLabel(group, locale);
}

export function stepStateLabel(state: StepState, locale: Locale): string {
  return t(locale)(`readiness.states.${state}`);
}

export function phaseLabel(code: PhaseCode, locale: Locale): string {
  return t(locale)(`readiness.phases.${code}.label`);
}

export function phaseDescription(code: PhaseCode, locale: Locale): string {
  return t(locale)(`readiness.phases.${code}.description`);
}

/** "a, b and c" with the language's "and", as the next-action text lists evidence. */
function joinAnd(parts: string[], locale: Locale): string {
  if (parts.length === 1) return parts[0];
  return t(locale)("readiness.next_evidence.and", { first: parts.slice(0, -1).join(", "), last: parts[parts.length - 1] });
}

export function nextActionText(action: NextAction, locale: Locale): string {
  const x = t(locale);
  const values: Values = {};
  if (action.stepCode) values.step = stepTitle(action.stepCode, locale);
  if (action.params.reason !== undefined) values.reason = action.params.reason;
  if (action.params.reportedOn) values.date = formatDate(action.params.reportedOn, locale);
  if (action.params.evidence) values.evidence = joinAnd(action.params.evidence.map((k) => x(`readiness.next_evidence.${k}`)), locale);
  return x(`readiness.next.${action.code}`, values);
}

/** The message key of a report refusal (the evidence codes have one per field). */
export function stepReportErrorKey(e: Pick<StepReportError, "code" | "field">): string {
  return e.code === "evidence_missing" || e.code === "evidence_not_allowed" ? `readiness.report_errors.${e.code}.${e.field}` : `readiness.report_errors.${e.code}`;
}

export function stepReportErrorText(e: StepReportError, locale: Locale): string {
  const values: Values = { step: stepTitle(e.params.step, locale) };
  if (e.stepCode) values.prerequisite = stepTitle(e.stepCode, locale);
  if (e.params.date) values.date = formatDate(e.params.date, locale);
  if (e.params.prerequisiteDate) values.prerequisiteDate = formatDate(e.params.prerequisiteDate, locale);
  return t(locale)(stepReportErrorKey(e), values);
}

export function stepVerificationErrorText(e: StepVerificationError, locale: Locale): string {
  return t(locale)(`readiness.verify_errors.${e.code}`, e.stepCode ? { prerequisite: stepTitle(e.stepCode, locale) } : {});
}

export function catalogueErrorText(e: CatalogueError, locale: Locale): string {
  const values: Values = { step: e.stepCode };
  if (e.params.order !== undefined) values.order = String(e.params.order);
  if (e.params.prerequisite !== undefined) values.prerequisite = e.params.prerequisite;
  if (e.params.cycle) values.cycle = e.params.cycle.join(" → ");
  return t(locale)(`steps.catalogue_errors.${e.code}`, values);
}
