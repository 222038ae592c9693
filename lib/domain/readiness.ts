/**
 * Readiness of one institution: how far it is, which phase it is in, which precondition holds
 * it back, what to do next, and whether it may go live. Also the server-side rules for a step
 * report and a verification. Pure: step states and `today` come in, figures go out.
 *
 * Definitions (shown to users, so keep them stable):
 * - A step is DONE when it is `verified`, or marked `not_applicable` by the programme office
 *   (then it leaves the denominator too). A `reported` step is not done: it counts for
 *   nothing in the percentage, the phase, the preconditions or the gate until the programme
 *   office verifies it. It is shown separately (`awaitingVerification`) and it does unlock
 *   the next report: an institution may report "dossier submitted" while "statement of
 *   intent" waits for verification, but a step can only be VERIFIED once its prerequisites are
 *   verified.
 * - Readiness % = done mandatory applicable steps (not_applicable ones excluded) / all
 *   mandatory applicable steps, rounded down (100 % only when everything is verified).
 * - Phase: `not_started` until any step is reported or verified; then the first precondition
 *   not met (`agreements`, `mitz_connection`, `mitz_filling`); then `integration` until the
 *   go-live gate passes; `ready_for_go_live`; `live` once go-live is verified. Work on later
 *   groups in parallel is normal; the phase names what still holds the institution back.
 * - A phase starts on the latest completion date (`completedOn`, the day the institution says
 *   it happened) among the steps whose verification opened it; `agreements` starts on the
 *   earliest completion date of any reported or verified step. Time in phase = days from that
 *   start to `today`.
 */
import { diffInDays, maxDate, minDate, toAmsterdamDate, type IsoDate, isIsoDate } from "./dates";
import {
  GO_LIVE_STEP,
  PRECONDITIONS,
  STEP_CATALOGUE,
  resolveCatalogue,
  resolveStepForVendor,
  type PreconditionCode,
  type ResolvedStep,
  type StepCode,
  type StepDefinition,
} from "./steps";
import type { Vendor } from "./vendors";

export const STEP_STATES = ["open", "reported", "verified", "rejected", "not_applicable"] as const;
export type StepState = (typeof STEP_STATES)[number];

export type StepStatus = {
  state: StepState;
  /** The day the institution says the step happened. */
  completedOn: IsoDate | null;
  /** Instants (ISO timestamps with zone). */
  reportedAt?: string | null;
  verifiedAt?: string | null;
  rejectionReason?: string | null;
};

/** Missing entries count as `open`. */
export type StepStatusMap = Partial<Record<StepCode, StepStatus>>;

export const PHASE_CODES = [
  "not_started",
  "agreements",
  "mitz_connection",
  "mitz_filling",
  "integration",
  "ready_for_go_live",
  "live",
] as const;
export type PhaseCode = (typeof PHASE_CODES)[number];

export function isPhaseCode(value: unknown): value is PhaseCode {
  return typeof value === "string" && (PHASE_CODES as readonly string[]).includes(value);
}

/** The phases in order; labels and descriptions are messages `readiness.phases.<code>.label|description`. */
export const PHASES: readonly { code: PhaseCode; order: number }[] = PHASE_CODES.map((code, order) => ({ code, order }));

const PHASE_OF_PRECONDITION: Record<PreconditionCode, PhaseCode> = {
  agreements: "agreements",
  mitz_connected: "mitz_connection",
  mitz_filled: "mitz_filling",
};

export type PreconditionStatus = {
  code: PreconditionCode;
  met: boolean;
  /** Latest completion date of its steps, when met. */
  metOn: IsoDate | null;
  missing: StepCode[];
};

/** The parts of a report the next-action text asks for (`readiness.next_evidence.<kind>`). */
export type EvidenceKind = "date" | "document" | "freeText" | "checkResult";

/** Every next-action text: `readiness.next.<code>`. */
export const NEXT_ACTION_CODES = ["none_live", "none", "resubmit", "resubmit_reason", "report", "await_verification", "await_verification_on", "next_step"] as const;
export type NextActionCode = (typeof NEXT_ACTION_CODES)[number];

/**
 * What to do next, as a code with parameters (rendered by nextActionText in
 * lib/domain/onboarding-texts.ts): the step is `stepCode`; `reason` is the rejection reason,
 * `reportedOn` the day of the report awaiting verification, `evidence` what a report needs.
 */
export type NextAction = {
  kind: "report" | "resubmit" | "await_verification" | "none";
  stepCode: StepCode | null;
  code: NextActionCode;
  params: { reason?: string; reportedOn?: IsoDate; evidence?: EvidenceKind[] };
};

export type Readiness = {
  vendor: Vendor | null;
  percent: number;
  doneCount: number;
  mandatoryCount: number;
  awaitingVerification: StepCode[];
  phase: PhaseCode;
  phaseStartedOn: IsoDate | null;
  daysInPhase: number | null;
  preconditions: PreconditionStatus[];
  blockingPrecondition: PreconditionCode | null;
  nextAction: NextAction;
  goLiveGate: { passed: boolean; missing: StepCode[] };
  isLive: boolean;
};

function getStatus(steps: StepStatusMap, code: StepCode): StepStatus {
  return steps[code] ?? { state: "open", completedOn: null };
}

function isDone(s: StepStatus): boolean {
  return s.state === "verified" || s.state === "not_applicable";
}

/** Enough for a dependent step to be reported (not yet to be verified). */
function isReportedOrDone(s: StepStatus): boolean {
  return s.state === "reported" || isDone(s);
}

/** The day a step counts from; falls back to the report/verification day for old rows without one. */
function getEffectiveDate(s: StepStatus): IsoDate | null {
  if (s.completedOn) return s.completedOn;
  if (s.verifiedAt) return toAmsterdamDate(s.verifiedAt);
  if (s.reportedAt) return toAmsterdamDate(s.reportedAt);
  return null;
}

export function computeReadiness({
  vendor,
  steps,
  today,
  catalogue = STEP_CATALOGUE,
}: {
  vendor: Vendor | null;
  steps: StepStatusMap;
  today: IsoDate;
  catalogue?: readonly StepDefinition[];
}): Readiness {
  const resolved = resolveCatalogue({ vendor, catalogue });
  const mandatory = resolved.filter((r) => r.mandatory);
  const counted = mandatory.filter((r) => getStatus(steps, r.step.code).state !== "not_applicable");
  const doneCount = counted.filter((r) => getStatus(steps, r.step.code).state === "verified").length;
  const mandatoryCount = counted.length;
  const percent = mandatoryCount === 0 ? 100 : Math.floor((100 * doneCount) / mandatoryCount);

  const preconditions: PreconditionStatus[] = PRECONDITIONS.map((p) => {
    const group = mandatory.filter((r) => r.step.precondition === p.code);
    const missing = group.filter((r) => !isDone(getStatus(steps, r.step.code))).map((r) => r.step.code);
    const met = missing.length === 0;
    return {
      code: p.code,
      met,
      metOn: met ? maxDate(group.map((r) => getEffectiveDate(getStatus(steps, r.step.code)))) : null,
      missing,
    };
  });
  const blocking = preconditions.find((p) => !p.met) ?? null;

  const gateSteps = mandatory.filter((r) => r.step.code !== GO_LIVE_STEP);
  const gateMissing = gateSteps.filter((r) => !isDone(getStatus(steps, r.step.code))).map((r) => r.step.code);
  const goLive = getStatus(steps, GO_LIVE_STEP);
  const isLive = goLive.state === "verified";

  const applicable = resolved.filter((r) => r.applies);
  const startedOn = minDate(
    applicable
      .map((r) => getStatus(steps, r.step.code))
      .filter((s) => s.state === "reported" || s.state === "verified")
      .map(getEffectiveDate),
  );
  const started = applicable.some((r) => {
    const s = getStatus(steps, r.step.code).state;
    return s === "reported" || s === "verified";
  });

  let phase: PhaseCode;
  if (isLive) phase = "live";
  else if (!started) phase = "not_started";
  else if (blocking) phase = PHASE_OF_PRECONDITION[blocking.code];
  else if (gateMissing.length > 0) phase = "integration";
  else phase = "ready_for_go_live";

  const phaseStartedOn = computePhaseStart({ phase, mandatory, steps, startedOn });
  const daysInPhase = phaseStartedOn ? Math.max(0, diffInDays(today, phaseStartedOn)) : null;

  return {
    vendor,
    percent,
    doneCount,
    mandatoryCount,
    awaitingVerification: applicable.filter((r) => getStatus(steps, r.step.code).state === "reported").map((r) => r.step.code),
    phase,
    phaseStartedOn,
    daysInPhase,
    preconditions,
    blockingPrecondition: blocking?.code ?? null,
    nextAction: computeNextAction({ mandatory, steps, isLive }),
    goLiveGate: { passed: gateMissing.length === 0, missing: gateMissing },
    isLive,
  };
}

function computePhaseStart({
  phase,
  mandatory,
  steps,
  startedOn,
}: {
  phase: PhaseCode;
  mandatory: ResolvedStep[];
  steps: StepStatusMap;
  startedOn: IsoDate | null;
}): IsoDate | null {
  if (phase === "not_started") return null;
  if (phase === "live") return getEffectiveDate(getStatus(steps, GO_LIVE_STEP)) ?? startedOn;
  const opening: Record<Exclude<PhaseCode, "not_started" | "live">, (r: ResolvedStep) => boolean> = {
    agreements: () => false,
    mitz_connection: (r) => r.step.precondition === "agreements",
    mitz_filling: (r) => r.step.precondition === "agreements" || r.step.precondition === "mitz_connected",
    integration: (r) => r.step.precondition !== "technical",
    ready_for_go_live: (r) => r.step.code !== GO_LIVE_STEP,
  };
  const dates = mandatory
    .filter(opening[phase])
    .map((r) => getStatus(steps, r.step.code))
    .filter((s) => s.state === "verified")
    .map(getEffectiveDate);
  return maxDate([startedOn, ...dates]);
}

function evidenceNeeded(step: StepDefinition): EvidenceKind[] {
  const kinds: EvidenceKind[] = ["date"];
  if (step.evidence.document === "required") kinds.push("document");
  if (step.evidence.freeText === "required") kinds.push("freeText");
  if (step.evidence.checkResult === "required") kinds.push("checkResult");
  return kinds;
}

function computeNextAction({
  mandatory,
  steps,
  isLive,
}: {
  mandatory: ResolvedStep[];
  steps: StepStatusMap;
  isLive: boolean;
}): NextAction {
  const remaining = mandatory.filter((r) => !isDone(getStatus(steps, r.step.code)));
  if (isLive || remaining.length === 0) {
    return { kind: "none", stepCode: null, code: isLive ? "none_live" : "none", params: {} };
  }
  const actionable = remaining.find((r) => {
    const s = getStatus(steps, r.step.code);
    if (s.state === "rejected") return true;
    return s.state === "open" && r.prerequisites.every((p) => isReportedOrDone(getStatus(steps, p)) || !mandatory.some((m) => m.step.code === p));
  });
  if (actionable) {
    const s = getStatus(steps, actionable.step.code);
    if (s.state === "rejected") {
      // Quoted inside a sentence "(reden: …)": a closing full stop, comma, colon or semicolon of its own
      // would double the punctuation ("…ontbreekt.)."); a question or exclamation mark stays.
      const reason = s.rejectionReason?.trim().replace(/[\s.,;:]+$/u, "");
      return reason
        ? { kind: "resubmit", stepCode: actionable.step.code, code: "resubmit_reason", params: { reason } }
        : { kind: "resubmit", stepCode: actionable.step.code, code: "resubmit", params: {} };
    }
    return { kind: "report", stepCode: actionable.step.code, code: "report", params: { evidence: evidenceNeeded(actionable.step) } };
  }
  const waiting = remaining.find((r) => getStatus(steps, r.step.code).state === "reported");
  if (waiting) {
    const s = getStatus(steps, waiting.step.code);
    return s.reportedAt
      ? { kind: "await_verification", stepCode: waiting.step.code, code: "await_verification_on", params: { reportedOn: toAmsterdamDate(s.reportedAt) } }
      : { kind: "await_verification", stepCode: waiting.step.code, code: "await_verification", params: {} };
  }
  // Only reachable with a catalogue whose mandatory steps wait on optional ones.
  return { kind: "report", stepCode: remaining[0].step.code, code: "next_step", params: {} };
}

// ---------------------------------------------------------------------------------------------
// Report and verification rules (enforced on the server; the form shows the same messages)
// ---------------------------------------------------------------------------------------------

export const STEP_REPORT_ERROR_CODES = [
  "step_not_applicable",
  "already_verified",
  "prerequisite_missing",
  "date_invalid",
  "date_in_future",
  "date_before_prerequisite",
  "evidence_missing",
  "evidence_not_allowed",
  "check_result_down",
] as const;
export type StepReportErrorCode = (typeof STEP_REPORT_ERROR_CODES)[number];

/** The evidence codes have one message per evidence field: `readiness.report_errors.<code>.<field>`. */
export const EVIDENCE_FIELDS = ["document", "freeText", "checkResult"] as const;

/**
 * A refused report as a code (`readiness.report_errors.<code>`) with what its message names:
 * the reported step, the prerequisite involved (`stepCode`), the date given and the
 * prerequisite's date (ISO dates, formatted by the renderer).
 */
export type StepReportError = {
  code: StepReportErrorCode;
  field: "step" | "completedOn" | "document" | "freeText" | "checkResult";
  /** The prerequisite involved, for prerequisite errors. */
  stepCode?: StepCode;
  params: { step: StepCode; date?: IsoDate; prerequisiteDate?: IsoDate };
};

export type EvidencePresent = { document: boolean; freeText: boolean; checkResult: boolean };

/**
 * Checks a report of `step` before it becomes `reported`. Order of the errors: applicability,
 * prerequisites, date, evidence (the form shows them top-down).
 */
export function validateStepReport({
  step,
  vendor,
  completedOn,
  today,
  stepStates,
  evidence,
  checkResultStatus = null,
}: {
  step: StepDefinition;
  vendor: Vendor | null;
  /** As typed by the user: validated here, so not yet an IsoDate. */
  completedOn: string | null | undefined;
  today: IsoDate;
  stepStates: StepStatusMap;
  evidence: EvidencePresent;
  /**
   * Status of the attached connectivity check, when one is attached. A down result can sit in a
   * draft, but a report "connection tested" cannot rest on a test that failed.
   */
  checkResultStatus?: "up" | "degraded" | "down" | null;
}): StepReportError[] {
  const errors: StepReportError[] = [];
  const params = { step: step.code };
  const resolved = resolveStepForVendor({ step, vendor });
  if (!resolved.applies) {
    errors.push({ code: "step_not_applicable", field: "step", params });
    return errors;
  }
  if (getStatus(stepStates, step.code).state === "verified") {
    errors.push({ code: "already_verified", field: "step", params });
  }

  for (const p of resolved.prerequisites) {
    if (!isReportedOrDone(getStatus(stepStates, p))) {
      errors.push({ code: "prerequisite_missing", field: "step", stepCode: p, params });
    }
  }

  if (!completedOn || !isIsoDate(completedOn)) {
    errors.push({ code: "date_invalid", field: "completedOn", params });
  } else if (completedOn > today) {
    errors.push({ code: "date_in_future", field: "completedOn", params: { ...params, date: completedOn } });
  } else {
    for (const p of resolved.prerequisites) {
      const pd = getStatus(stepStates, p);
      if (pd.state === "not_applicable" || !pd.completedOn) continue;
      if (completedOn < pd.completedOn) {
        errors.push({ code: "date_before_prerequisite", field: "completedOn", stepCode: p, params: { ...params, date: completedOn, prerequisiteDate: pd.completedOn } });
      }
    }
  }

  if (checkResultStatus === "down" && step.evidence.checkResult !== "not_allowed") {
    errors.push({ code: "check_result_down", field: "checkResult", params });
  }
  for (const kind of EVIDENCE_FIELDS) {
    const rule = step.evidence[kind];
    if (rule === "required" && !evidence[kind]) {
      errors.push({ code: "evidence_missing", field: kind, params });
    } else if (rule === "not_allowed" && evidence[kind]) {
      errors.push({ code: "evidence_not_allowed", field: kind, params });
    }
  }
  return errors;
}

/** Every verification refusal: `readiness.verify_errors.<code>`. */
export const STEP_VERIFICATION_ERROR_CODES = ["not_reported", "own_report", "prerequisite_not_verified"] as const;

export type StepVerificationError = {
  code: (typeof STEP_VERIFICATION_ERROR_CODES)[number];
  /** The prerequisite that is not verified yet. */
  stepCode?: StepCode;
};

/** Four-eyes and order rules for verifying a reported step. */
export function validateStepVerification({
  step,
  vendor,
  stepStates,
  reporterId,
  verifierId,
}: {
  step: StepDefinition;
  vendor: Vendor | null;
  stepStates: StepStatusMap;
  reporterId: string | null;
  verifierId: string;
}): StepVerificationError[] {
  const errors: StepVerificationError[] = [];
  if (getStatus(stepStates, step.code).state !== "reported") errors.push({ code: "not_reported" });
  if (reporterId !== null && reporterId === verifierId) errors.push({ code: "own_report" });
  for (const p of resolveStepForVendor({ step, vendor }).prerequisites) {
    if (!isDone(getStatus(stepStates, p))) errors.push({ code: "prerequisite_not_verified", stepCode: p });
  }
  return errors;
}
