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
import { diffInDays, formatDate, maxDate, minDate, toAmsterdamDate, type IsoDate, type LocalizedText, isIsoDate } from "./dates";
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

export const STEP_STATE_LABELS: Record<StepState, LocalizedText> = {
  open: { nl: "Open", en: "Open" },
  reported: { nl: "Gemeld", en: "Reported" },
  verified: { nl: "Geverifieerd", en: "Verified" },
  rejected: { nl: "Afgewezen", en: "Rejected" },
  not_applicable: { nl: "Niet van toepassing", en: "Not applicable" },
};

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

export const PHASES: readonly { code: PhaseCode; order: number; label: LocalizedText; description: LocalizedText }[] = [
  {
    code: "not_started",
    order: 0,
    label: { nl: "Nog niet gestart", en: "Not started" },
    description: { nl: "Er is nog geen stap gemeld.", en: "No step has been reported yet." },
  },
  {
    code: "agreements",
    order: 1,
    label: { nl: "Overeenkomsten", en: "Agreements" },
    description: {
      nl: "Leverancier kiezen en contracteren, deelnemer worden van Twiin.",
      en: "Choosing and contracting a vendor, joining Twiin.",
    },
  },
  {
    code: "mitz_connection",
    order: 2,
    label: { nl: "Aansluiten op Mitz", en: "Connecting to Mitz" },
    description: { nl: "Connector, whitelisting in de testomgeving, aansluiting in productie.", en: "Connector, test whitelisting, production connection." },
  },
  {
    code: "mitz_filling",
    order: 3,
    label: { nl: "Vullen van Mitz", en: "Filling Mitz" },
    description: { nl: "Bronnen aanmelden in Mitz.", en: "Registering sources in Mitz." },
  },
  {
    code: "integration",
    order: 4,
    label: { nl: "Integratie en test", en: "Integration and testing" },
    description: { nl: "DPIA, integratie in het PACS en test van de DUO-verbinding.", en: "DPIA, PACS integration and DUO connection test." },
  },
  {
    code: "ready_for_go_live",
    order: 5,
    label: { nl: "Klaar voor go-live", en: "Ready for go-live" },
    description: { nl: "Alle verplichte stappen zijn geverifieerd.", en: "All mandatory steps are verified." },
  },
  {
    code: "live",
    order: 6,
    label: { nl: "Live", en: "Live" },
    description: { nl: "In gebruik met DUO.", en: "Using DUO in production." },
  },
];

const PHASE_OF_PRECONDITION: Record<PreconditionCode, PhaseCode> = {
  agreements: "agreements",
  mitz_connected: "mitz_connection",
  mitz_filled: "mitz_filling",
};

export type PreconditionStatus = {
  code: PreconditionCode;
  label: LocalizedText;
  met: boolean;
  /** Latest completion date of its steps, when met. */
  metOn: IsoDate | null;
  missing: StepCode[];
};

export type NextAction = {
  kind: "report" | "resubmit" | "await_verification" | "none";
  stepCode: StepCode | null;
  text: LocalizedText;
};

export type Readiness = {
  vendor: Vendor | null;
  percent: number;
  doneCount: number;
  mandatoryCount: number;
  awaitingVerification: StepCode[];
  phase: PhaseCode;
  phaseLabel: LocalizedText;
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
      label: p.label,
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
    phaseLabel: PHASES.find((p) => p.code === phase)!.label,
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

function describeEvidence(step: StepDefinition): LocalizedText {
  const nl: string[] = ["de datum waarop het is gebeurd"];
  const en: string[] = ["the date it happened"];
  if (step.evidence.document === "required") {
    nl.push("het bewijsstuk");
    en.push("the supporting document");
  }
  if (step.evidence.freeText === "required") {
    nl.push("een toelichting");
    en.push("an explanation");
  }
  if (step.evidence.checkResult === "required") {
    nl.push("het resultaat van de verbindingstest");
    en.push("the connection test result");
  }
  const join = (parts: string[], and: string) =>
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} ${and} ${parts[parts.length - 1]}`;
  return { nl: join(nl, "en"), en: join(en, "and") };
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
    return {
      kind: "none",
      stepCode: null,
      text: isLive
        ? { nl: "Geen actie nodig: de instelling is live met DUO.", en: "No action needed: the institution is live with DUO." }
        : { nl: "Geen actie nodig.", en: "No action needed." },
    };
  }
  const actionable = remaining.find((r) => {
    const s = getStatus(steps, r.step.code);
    if (s.state === "rejected") return true;
    return s.state === "open" && r.prerequisites.every((p) => isReportedOrDone(getStatus(steps, p)) || !mandatory.some((m) => m.step.code === p));
  });
  if (actionable) {
    const s = getStatus(steps, actionable.step.code);
    const t = actionable.step.title;
    if (s.state === "rejected") {
      const reason = s.rejectionReason?.trim();
      return {
        kind: "resubmit",
        stepCode: actionable.step.code,
        text: {
          nl: `Meld „${t.nl}” opnieuw: de melding is afgewezen${reason ? ` (reden: ${reason})` : ""}.`,
          en: `Report “${t.en}” again: the report was rejected${reason ? ` (reason: ${reason})` : ""}.`,
        },
      };
    }
    const evidence = describeEvidence(actionable.step);
    return {
      kind: "report",
      stepCode: actionable.step.code,
      text: {
        nl: `Volgende stap: „${t.nl}”. Meld deze stap zodra die is afgerond, met ${evidence.nl}.`,
        en: `Next step: “${t.en}”. Report it once it is done, with ${evidence.en}.`,
      },
    };
  }
  const waiting = remaining.find((r) => getStatus(steps, r.step.code).state === "reported");
  if (waiting) {
    const s = getStatus(steps, waiting.step.code);
    const on = s.reportedAt ? formatDate(toAmsterdamDate(s.reportedAt)) : null;
    return {
      kind: "await_verification",
      stepCode: waiting.step.code,
      text: {
        nl: `Wacht op verificatie van „${waiting.step.title.nl}” door het programmabureau${on ? ` (gemeld op ${on.nl})` : ""}.`,
        en: `Waiting for the programme office to verify “${waiting.step.title.en}”${on ? ` (reported on ${on.en})` : ""}.`,
      },
    };
  }
  // Only reachable with a catalogue whose mandatory steps wait on optional ones.
  const first = remaining[0];
  return {
    kind: "report",
    stepCode: first.step.code,
    text: {
      nl: `Volgende stap: „${first.step.title.nl}”.`,
      en: `Next step: “${first.step.title.en}”.`,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Report and verification rules (enforced on the server; the form shows the same messages)
// ---------------------------------------------------------------------------------------------

export type StepReportErrorCode =
  | "step_not_applicable"
  | "already_verified"
  | "prerequisite_missing"
  | "date_invalid"
  | "date_in_future"
  | "date_before_prerequisite"
  | "evidence_missing"
  | "evidence_not_allowed"
  | "check_result_down";

export type StepReportError = {
  code: StepReportErrorCode;
  field: "step" | "completedOn" | "document" | "freeText" | "checkResult";
  /** The prerequisite involved, for prerequisite errors. */
  stepCode?: StepCode;
  message: LocalizedText;
};

export type EvidencePresent = { document: boolean; freeText: boolean; checkResult: boolean };

const EVIDENCE_LABELS: Record<keyof EvidencePresent, LocalizedText> = {
  document: { nl: "een bewijsstuk (PDF, PNG of JPEG)", en: "a supporting document (PDF, PNG or JPEG)" },
  freeText: { nl: "een toelichting", en: "an explanation" },
  checkResult: { nl: "het resultaat van een verbindingstest", en: "a connection test result" },
};

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
  catalogue = STEP_CATALOGUE,
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
  catalogue?: readonly StepDefinition[];
}): StepReportError[] {
  const errors: StepReportError[] = [];
  const resolved = resolveStepForVendor({ step, vendor });
  if (!resolved.applies) {
    errors.push({
      code: "step_not_applicable",
      field: "step",
      message: {
        nl: `De stap „${step.title.nl}” is niet van toepassing voor deze leverancier.`,
        en: `The step “${step.title.en}” does not apply to this vendor.`,
      },
    });
    return errors;
  }
  if (getStatus(stepStates, step.code).state === "verified") {
    errors.push({
      code: "already_verified",
      field: "step",
      message: {
        nl: `De stap „${step.title.nl}” is al geverifieerd.`,
        en: `The step “${step.title.en}” has already been verified.`,
      },
    });
  }

  const prereqTitles = new Map<StepCode, LocalizedText>();
  for (const p of resolved.prerequisites) {
    const def = catalogue.find((s) => s.code === p);
    prereqTitles.set(p, def?.title ?? { nl: p, en: p });
    if (!isReportedOrDone(getStatus(stepStates, p))) {
      const t = prereqTitles.get(p)!;
      errors.push({
        code: "prerequisite_missing",
        field: "step",
        stepCode: p,
        message: {
          nl: `Meld eerst de stap „${t.nl}”; die moet voorafgaan aan „${step.title.nl}”.`,
          en: `Report the step “${t.en}” first; it must precede “${step.title.en}”.`,
        },
      });
    }
  }

  if (!completedOn || !isIsoDate(completedOn)) {
    errors.push({
      code: "date_invalid",
      field: "completedOn",
      message: {
        nl: "Vul een geldige datum in (dag-maand-jaar) waarop de stap is afgerond.",
        en: "Enter a valid date (day-month-year) on which the step was completed.",
      },
    });
  } else if (completedOn > today) {
    errors.push({
      code: "date_in_future",
      field: "completedOn",
      message: {
        nl: `De datum ${formatDate(completedOn).nl} ligt in de toekomst. Meld een stap pas als die is afgerond.`,
        en: `The date ${formatDate(completedOn).en} is in the future. Report a step only once it is done.`,
      },
    });
  } else {
    for (const p of resolved.prerequisites) {
      const pd = getStatus(stepStates, p);
      if (pd.state === "not_applicable" || !pd.completedOn) continue;
      if (completedOn < pd.completedOn) {
        const t = prereqTitles.get(p)!;
        errors.push({
          code: "date_before_prerequisite",
          field: "completedOn",
          stepCode: p,
          message: {
            nl: `De datum ${formatDate(completedOn).nl} ligt vóór de datum van „${t.nl}” (${formatDate(pd.completedOn).nl}).`,
            en: `The date ${formatDate(completedOn).en} is before the date of “${t.en}” (${formatDate(pd.completedOn).en}).`,
          },
        });
      }
    }
  }

  if (checkResultStatus === "down" && step.evidence.checkResult !== "not_allowed") {
    errors.push({
      code: "check_result_down",
      field: "checkResult",
      message: {
        nl: "De gekoppelde verbindingstest was niet geslaagd (status onbereikbaar) en toont dus niet aan dat de verbinding werkt. Los het probleem op, voer de test opnieuw uit en koppel een geslaagde test.",
        en: "The attached connection test did not succeed (status down), so it does not show that the connection works. Fix the problem, run the test again and attach a successful test.",
      },
    });
  }
  for (const kind of ["document", "freeText", "checkResult"] as const) {
    const rule = step.evidence[kind];
    if (rule === "required" && !evidence[kind]) {
      errors.push({
        code: "evidence_missing",
        field: kind,
        message: {
          nl: `Voor „${step.title.nl}” is ${EVIDENCE_LABELS[kind].nl} verplicht.`,
          en: `“${step.title.en}” requires ${EVIDENCE_LABELS[kind].en}.`,
        },
      });
    } else if (rule === "not_allowed" && evidence[kind]) {
      errors.push({
        code: "evidence_not_allowed",
        field: kind,
        message: {
          nl: `Bij „${step.title.nl}” hoort geen ${EVIDENCE_LABELS[kind].nl.replace(/^(een|het) /, "")}.`,
          en: `“${step.title.en}” does not take ${EVIDENCE_LABELS[kind].en}.`,
        },
      });
    }
  }
  return errors;
}

export type StepVerificationError = {
  code: "not_reported" | "own_report" | "prerequisite_not_verified";
  stepCode?: StepCode;
  message: LocalizedText;
};

/** Four-eyes and order rules for verifying a reported step. */
export function validateStepVerification({
  step,
  vendor,
  stepStates,
  reporterId,
  verifierId,
  catalogue = STEP_CATALOGUE,
}: {
  step: StepDefinition;
  vendor: Vendor | null;
  stepStates: StepStatusMap;
  reporterId: string | null;
  verifierId: string;
  catalogue?: readonly StepDefinition[];
}): StepVerificationError[] {
  const errors: StepVerificationError[] = [];
  if (getStatus(stepStates, step.code).state !== "reported") {
    errors.push({
      code: "not_reported",
      message: { nl: "Alleen een gemelde stap kan worden geverifieerd.", en: "Only a reported step can be verified." },
    });
  }
  if (reporterId !== null && reporterId === verifierId) {
    errors.push({
      code: "own_report",
      message: {
        nl: "U kunt uw eigen melding niet verifiëren (vier-ogenprincipe). Laat een collega verifiëren.",
        en: "You cannot verify your own report (four-eyes principle). Ask a colleague.",
      },
    });
  }
  for (const p of resolveStepForVendor({ step, vendor }).prerequisites) {
    if (!isDone(getStatus(stepStates, p))) {
      const t = catalogue.find((s) => s.code === p)?.title ?? { nl: p, en: p };
      errors.push({
        code: "prerequisite_not_verified",
        stepCode: p,
        message: {
          nl: `Verifieer eerst „${t.nl}”.`,
          en: `Verify “${t.en}” first.`,
        },
      });
    }
  }
  return errors;
}
