/**
 * The onboarding step catalogue: every step an institution takes on the road to go-live with
 * DUO, as data. The database is seeded from this list; the rules in readiness.ts and
 * financing.ts read it (or a catalogue loaded from the database with the same shape).
 *
 * Decisions worth knowing:
 * - Steps belong to one of the three preconditions of the programme (agreements, Mitz
 *   connected, Mitz filled) or to the group `technical`: DPIA, PACS integration, DUO
 *   connection test and go-live are not preconditions in the programme documents, but they
 *   are mandatory for the go-live gate. A precondition is met when all its mandatory
 *   applicable steps are verified (or marked not applicable).
 * - "Mitz sufficiently filled" also depends on patients registering consent in Mitz. That is
 *   a population figure, not something an institution can report, so the checklist holds only
 *   the part the institution controls: its sources registered in Mitz.
 * - Mitz per vendor: Alphatron's Beeldtijdlijn cannot exchange at all without Mitz (consent
 *   and localisation are built on it); Enovation and Founda users exchange inside their XDS
 *   region without Mitz and need it only for DUO. Because this portal tracks the road to DUO,
 *   the Mitz steps are mandatory for every vendor; what differs is the ORDER: for Alphatron,
 *   the PACS/timeline integration can only be completed once Mitz is connected (it cannot be
 *   tested without consent checks), for Enovation/Founda it can run in parallel and Mitz is
 *   needed only before the DUO connection test. Vendor differences live in `vendorRules`, so
 *   a future decision (e.g. a step that does not apply to one vendor) is a data change.
 * - With no vendor chosen yet, the base rules apply (everything mandatory, base order).
 * - Evidence: a completion date is always required. A document, free text or a link to a
 *   check result from the connectivity checker can be required, optional or not allowed.
 */
import { VENDOR_CODES, type Vendor } from "./vendors";

export const PRECONDITION_CODES = ["agreements", "mitz_connected", "mitz_filled"] as const;
export type PreconditionCode = (typeof PRECONDITION_CODES)[number];

/**
 * The three preconditions, in the programme's order. Their labels and descriptions are messages
 * (`steps.preconditions.<code>.label|description`), like every text of this catalogue: step
 * titles, help and evidence hints (`steps.title|help|hint.<code>`), vendor notes
 * (`steps.notes.<note>`); lib/domain/onboarding-texts.ts renders them.
 */
export const PRECONDITIONS: readonly { code: PreconditionCode; order: number }[] = [
  { code: "agreements", order: 1 },
  { code: "mitz_connected", order: 2 },
  { code: "mitz_filled", order: 3 },
];

export const STEP_GROUPS = [...PRECONDITION_CODES, "technical"] as const;
export type StepGroup = (typeof STEP_GROUPS)[number];

export function isStepGroup(value: unknown): value is StepGroup {
  return typeof value === "string" && (STEP_GROUPS as readonly string[]).includes(value);
}

export const STEP_CODES = [
  "vendor_chosen",
  "vendor_contract_signed",
  "twiin_intent",
  "twiin_dossier",
  "twiin_validation",
  "twiin_board_decision",
  "twiin_agreement_signed",
  "mitz_connector_accepted",
  "mitz_test_whitelisted",
  "mitz_connected",
  "mitz_sources_registered",
  "dpia_completed",
  "pacs_integration",
  "duo_connection_tested",
  "go_live",
] as const;
export type StepCode = (typeof STEP_CODES)[number];

export function isStepCode(value: unknown): value is StepCode {
  return typeof value === "string" && (STEP_CODES as readonly string[]).includes(value);
}

/** How a piece of evidence is treated when a step is reported. */
export type EvidenceRule = "required" | "optional" | "not_allowed";

export type EvidenceRequirements = {
  /** The date the step happened (`completedOn`) is always required. */
  date: "required";
  document: EvidenceRule;
  freeText: EvidenceRule;
  /** A link to a result of the connectivity checker ("test my connection"). */
  checkResult: EvidenceRule;
};

/** A vendor-specific remark on a step: `steps.notes.<code>`. */
export const STEP_NOTE_CODES = ["mitz_xds_region", "mitz_beeldtijdlijn", "pacs_after_mitz"] as const;
export type StepNoteCode = (typeof STEP_NOTE_CODES)[number];

export type VendorStepRule = {
  applies?: boolean;
  mandatory?: boolean;
  /** Added to the base prerequisites for this vendor. */
  extraPrerequisites?: readonly StepCode[];
  note?: StepNoteCode;
};

export type StepDefinition = {
  code: StepCode;
  sortOrder: number;
  precondition: StepGroup;
  /** Steps that must be done first (for every vendor, and when no vendor is chosen yet). */
  prerequisites: readonly StepCode[];
  mandatory: boolean;
  vendorRules?: Partial<Record<Vendor, VendorStepRule>>;
  evidence: EvidenceRequirements;
};

const ev = (document: EvidenceRule, freeText: EvidenceRule, checkResult: EvidenceRule): EvidenceRequirements => ({
  date: "required",
  document,
  freeText,
  checkResult,
});

const MITZ_VENDOR_NOTES: Partial<Record<Vendor, VendorStepRule>> = {
  enovation: { note: "mitz_xds_region" },
  founda: { note: "mitz_xds_region" },
  alphatron: { note: "mitz_beeldtijdlijn" },
};

const CATALOGUE: readonly StepDefinition[] = [
  {
    code: "vendor_chosen",
    sortOrder: 10,
    precondition: "agreements",
    prerequisites: [],
    mandatory: true,
    evidence: ev("optional", "optional", "not_allowed"),
  },
  {
    code: "vendor_contract_signed",
    sortOrder: 20,
    precondition: "agreements",
    prerequisites: ["vendor_chosen"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed"),
  },
  {
    code: "twiin_intent",
    sortOrder: 30,
    precondition: "agreements",
    prerequisites: [],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed"),
  },
  {
    code: "twiin_dossier",
    sortOrder: 40,
    precondition: "agreements",
    prerequisites: ["twiin_intent"],
    mandatory: true,
    evidence: ev("optional", "optional", "not_allowed"),
  },
  {
    code: "twiin_validation",
    sortOrder: 50,
    precondition: "agreements",
    prerequisites: ["twiin_dossier"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed"),
  },
  {
    code: "twiin_board_decision",
    sortOrder: 60,
    precondition: "agreements",
    prerequisites: ["twiin_validation"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed"),
  },
  {
    code: "twiin_agreement_signed",
    sortOrder: 70,
    precondition: "agreements",
    prerequisites: ["twiin_board_decision"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed"),
  },
  {
    code: "mitz_connector_accepted",
    sortOrder: 80,
    precondition: "mitz_connected",
    prerequisites: [],
    mandatory: true,
    vendorRules: MITZ_VENDOR_NOTES,
    evidence: ev("optional", "required", "not_allowed"),
  },
  {
    code: "mitz_test_whitelisted",
    sortOrder: 90,
    precondition: "mitz_connected",
    prerequisites: ["mitz_connector_accepted"],
    mandatory: true,
    vendorRules: MITZ_VENDOR_NOTES,
    evidence: ev("optional", "required", "not_allowed"),
  },
  {
    code: "mitz_connected",
    sortOrder: 100,
    precondition: "mitz_connected",
    prerequisites: ["mitz_test_whitelisted"],
    mandatory: true,
    vendorRules: MITZ_VENDOR_NOTES,
    evidence: ev("optional", "optional", "not_allowed"),
  },
  {
    code: "mitz_sources_registered",
    sortOrder: 110,
    precondition: "mitz_filled",
    prerequisites: ["mitz_connected"],
    mandatory: true,
    evidence: ev("optional", "required", "not_allowed"),
  },
  {
    code: "dpia_completed",
    sortOrder: 120,
    precondition: "technical",
    prerequisites: ["vendor_chosen"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed"),
  },
  {
    code: "pacs_integration",
    sortOrder: 130,
    precondition: "technical",
    prerequisites: ["vendor_contract_signed"],
    mandatory: true,
    vendorRules: {
      alphatron: {
        extraPrerequisites: ["mitz_connected"],
        note: "pacs_after_mitz",
      },
    },
    evidence: ev("optional", "optional", "not_allowed"),
  },
  {
    code: "duo_connection_tested",
    sortOrder: 140,
    precondition: "technical",
    prerequisites: ["pacs_integration", "mitz_test_whitelisted"],
    mandatory: true,
    evidence: ev("optional", "optional", "required"),
  },
  {
    code: "go_live",
    sortOrder: 150,
    precondition: "technical",
    prerequisites: ["duo_connection_tested", "dpia_completed", "mitz_connected", "mitz_sources_registered", "twiin_agreement_signed", "vendor_contract_signed"],
    mandatory: true,
    evidence: ev("not_allowed", "optional", "optional"),
  },
];

export const STEP_CATALOGUE: readonly StepDefinition[] = CATALOGUE;

/** The step that marks an institution live; the go-live gate is everything before it. */
export const GO_LIVE_STEP: StepCode = "go_live";

export type ResolvedStep = {
  step: StepDefinition;
  applies: boolean;
  mandatory: boolean;
  prerequisites: readonly StepCode[];
  note: StepNoteCode | null;
};

/** The step as it holds for one vendor (null: no vendor chosen yet, base rules). */
export function resolveStepForVendor({ step, vendor }: { step: StepDefinition; vendor: Vendor | null }): ResolvedStep {
  const rule = vendor ? step.vendorRules?.[vendor] : undefined;
  const applies = rule?.applies ?? true;
  const extra = rule?.extraPrerequisites ?? [];
  return {
    step,
    applies,
    mandatory: applies && (rule?.mandatory ?? step.mandatory),
    prerequisites: [...step.prerequisites, ...extra.filter((c) => !step.prerequisites.includes(c))],
    note: rule?.note ?? null,
  };
}

/** The catalogue for one vendor, in sort order. */
export function resolveCatalogue({
  vendor,
  catalogue = STEP_CATALOGUE,
}: {
  vendor: Vendor | null;
  catalogue?: readonly StepDefinition[];
}): ResolvedStep[] {
  return [...catalogue].sort((a, b) => a.sortOrder - b.sortOrder).map((step) => resolveStepForVendor({ step, vendor }));
}

export function findStep({ code, catalogue = STEP_CATALOGUE }: { code: string; catalogue?: readonly StepDefinition[] }): StepDefinition | undefined {
  return catalogue.find((s) => s.code === code);
}

export const CATALOGUE_ERROR_CODES = ["duplicate_code", "duplicate_sort_order", "unknown_prerequisite", "self_prerequisite", "cycle"] as const;

/** A catalogue problem as a code (`steps.catalogue_errors.<code>`) with what the message names. */
export type CatalogueError = {
  code: (typeof CATALOGUE_ERROR_CODES)[number];
  stepCode: string;
  vendor: Vendor | null;
  params: { order?: number; prerequisite?: string; cycle?: string[] };
};

/**
 * Checks a catalogue (the built-in one, or one edited in the database): unique codes and sort
 * orders, prerequisites that exist, and no cycles for any vendor (vendor rules add edges).
 */
export function validateStepCatalogue({ steps }: { steps: readonly StepDefinition[] }): CatalogueError[] {
  const errors: CatalogueError[] = [];
  const codes = new Set<string>();
  const orders = new Set<number>();
  for (const s of steps) {
    if (codes.has(s.code)) errors.push({ code: "duplicate_code", stepCode: s.code, vendor: null, params: {} });
    codes.add(s.code);
    if (orders.has(s.sortOrder)) errors.push({ code: "duplicate_sort_order", stepCode: s.code, vendor: null, params: { order: s.sortOrder } });
    orders.add(s.sortOrder);
  }

  for (const vendor of [null, ...VENDOR_CODES] as (Vendor | null)[]) {
    const graph = new Map<string, readonly string[]>();
    for (const s of steps) graph.set(s.code, resolveStepForVendor({ step: s, vendor }).prerequisites);
    for (const [code, prereqs] of graph) {
      for (const p of prereqs) {
        if (p === code) errors.push({ code: "self_prerequisite", stepCode: code, vendor, params: {} });
        else if (!graph.has(p)) errors.push({ code: "unknown_prerequisite", stepCode: code, vendor, params: { prerequisite: p } });
      }
    }
    const cycle = findCycle(graph);
    if (cycle) errors.push({ code: "cycle", stepCode: cycle[0], vendor, params: { cycle } });
  }
  // The same unknown prerequisite shows up once per vendor; report it once.
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}|${e.stepCode}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function findCycle(graph: Map<string, readonly string[]>): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    const s = state.get(node);
    if (s === "done") return null;
    if (s === "visiting") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next) || next === node) continue;
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    const found = visit(node);
    if (found) return found;
  }
  return null;
}
