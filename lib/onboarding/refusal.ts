/**
 * A refused report or verification as codes: the service throws a StepRefusal (an AppError
 * that keeps the domain's codes), the caller puts it into words in the user's language with
 * `localiseRefusal` (server actions) or `refusalText` (anything else). Several institutions'
 * refusals travel together for a bulk verification.
 */
import { AppError, isMessageKey, type ErrorCode } from "@/lib/errors";
import { translator, type Locale } from "@/lib/i18n/messages";
import type { StepReportError, StepVerificationError } from "@/lib/domain/readiness";
import { stepReportErrorText, stepVerificationErrorText } from "@/lib/domain/onboarding-texts";
import { evidenceErrorText, type EvidenceErrorCode } from "./evidence";

export type StepIssue =
  /** A report rule; `field` is the form field it belongs to. */
  | { kind: "report"; error: StepReportError; field: string }
  | { kind: "verify"; error: StepVerificationError }
  /** A refused evidence file (field "evidence"). */
  | { kind: "evidence"; error: { code: EvidenceErrorCode; params: { bytes: number } } }
  /** Any other refusal: a message key with its values (or the bare error code). */
  | { kind: "message"; key: string; params?: Record<string, string | number> };

/** The refusals of one institution; `institution` names it in a bulk verification. */
export type RefusalPart = { institution?: string; issues: StepIssue[] };

export class StepRefusal extends AppError {
  constructor(
    code: ErrorCode,
    public readonly parts: readonly RefusalPart[],
  ) {
    // Unrendered, the message is the generic text of the code.
    super(code, `errors.${code === "forbidden" || code === "conflict" || code === "not_found" ? code : "validation"}`);
    this.name = "StepRefusal";
  }
}

/** Any error inside a bulk verification as issues: a refusal keeps its codes, an AppError its key. */
export function issuesOf(e: unknown): StepIssue[] {
  if (e instanceof StepRefusal) return e.parts.flatMap((p) => p.issues);
  if (e instanceof AppError) return [{ kind: "message", key: isMessageKey(e.message) ? e.message : `errors.${e.code}`, params: e.params }];
  return [{ kind: "message", key: "onboarding.bulk_failed" }];
}

function messageText(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const t = translator(locale) as unknown as { (key: string, values?: Record<string, string | number>): string; has: (key: string) => boolean };
  return t.has(key) ? t(key, params) : t("errors.validation");
}

export function issueText(issue: StepIssue, locale: Locale): string {
  switch (issue.kind) {
    case "report":
      return stepReportErrorText(issue.error, locale);
    case "verify":
      return stepVerificationErrorText(issue.error, locale);
    case "evidence":
      return evidenceErrorText(issue.error, locale);
    case "message":
      return messageText(locale, issue.key, issue.params);
  }
}

/**
 * The refusal in words: one message (issues joined by a space, institutions by " · ", each
 * prefixed with its name) and per form field its messages.
 */
export function refusalText(e: StepRefusal, locale: Locale): { message: string; fieldErrors?: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  const parts = e.parts.map((p) => {
    const text = p.issues.map((i) => issueText(i, locale)).join(" ");
    for (const i of p.issues) {
      const field = i.kind === "report" ? i.field : i.kind === "evidence" ? "evidence" : null;
      if (field) (fieldErrors[field] ??= []).push(issueText(i, locale));
    }
    return p.institution === undefined ? text : `${p.institution}: ${text}`;
  });
  return { message: parts.join(" · "), ...(Object.keys(fieldErrors).length ? { fieldErrors } : {}) };
}

/** For a server action: a refusal becomes an AppError whose message and field errors are text already. */
export function localiseRefusal(e: unknown, locale: Locale): unknown {
  if (!(e instanceof StepRefusal)) return e;
  const { message, fieldErrors } = refusalText(e, locale);
  return new AppError(e.code, message, fieldErrors);
}
