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
import type { LocalizedText } from "./dates";
import { VENDOR_CODES, type Vendor } from "./vendors";

export const PRECONDITION_CODES = ["agreements", "mitz_connected", "mitz_filled"] as const;
export type PreconditionCode = (typeof PRECONDITION_CODES)[number];

/** The three preconditions, in the programme's order, with their labels. */
export const PRECONDITIONS: readonly { code: PreconditionCode; order: number; label: LocalizedText; description: LocalizedText }[] = [
  {
    code: "agreements",
    order: 1,
    label: { nl: "Overeenkomsten getekend en vertrouwen geborgd", en: "Agreements signed, trust secured" },
    description: {
      nl: "De instelling heeft een leverancier gekozen en de overeenkomst getekend, en is via Twiin deelnemer geworden (Twiin-deelnemersovereenkomst).",
      en: "The institution chose a vendor and signed with it, and joined Twiin (Twiin participant agreement).",
    },
  },
  {
    code: "mitz_connected",
    order: 2,
    label: { nl: "Aangesloten op Mitz", en: "Connected to Mitz" },
    description: {
      nl: "De instelling is via een geaccepteerde Mitz-connector aangesloten op Mitz voor toestemming en lokalisatie.",
      en: "The institution is connected to Mitz for consent and localisation through an accepted Mitz connector.",
    },
  },
  {
    code: "mitz_filled",
    order: 3,
    label: { nl: "Voldoende vulling van Mitz", en: "Mitz sufficiently filled" },
    description: {
      nl: "De instelling heeft haar beschikbare bronmateriaal in Mitz aangemeld, zodat patiënten er toestemming voor kunnen geven.",
      en: "The institution registered its available source material in Mitz, so patients can give consent for it.",
    },
  },
];

export type StepGroup = PreconditionCode | "technical";

export const STEP_GROUP_LABELS: Record<StepGroup, LocalizedText> = {
  agreements: PRECONDITIONS[0].label,
  mitz_connected: PRECONDITIONS[1].label,
  mitz_filled: PRECONDITIONS[2].label,
  technical: { nl: "Techniek en ingebruikname", en: "Technology and go-live" },
};

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
  /** What to upload / write, shown next to the field. */
  hint?: LocalizedText;
};

export type VendorStepRule = {
  applies?: boolean;
  mandatory?: boolean;
  /** Added to the base prerequisites for this vendor. */
  extraPrerequisites?: readonly StepCode[];
  note?: LocalizedText;
};

export type StepDefinition = {
  code: StepCode;
  sortOrder: number;
  precondition: StepGroup;
  title: LocalizedText;
  help: LocalizedText;
  /** Steps that must be done first (for every vendor, and when no vendor is chosen yet). */
  prerequisites: readonly StepCode[];
  mandatory: boolean;
  vendorRules?: Partial<Record<Vendor, VendorStepRule>>;
  evidence: EvidenceRequirements;
};

const ev = (document: EvidenceRule, freeText: EvidenceRule, checkResult: EvidenceRule, hint?: LocalizedText): EvidenceRequirements => ({
  date: "required",
  document,
  freeText,
  checkResult,
  ...(hint ? { hint } : {}),
});

const MITZ_VENDOR_NOTES: Partial<Record<Vendor, VendorStepRule>> = {
  enovation: {
    note: {
      nl: "Voor uitwisseling binnen de eigen XDS-regio is Mitz niet nodig; voor DUO wel.",
      en: "Not needed for exchange inside the own XDS region; needed for DUO.",
    },
  },
  founda: {
    note: {
      nl: "Voor uitwisseling binnen de eigen XDS-regio is Mitz niet nodig; voor DUO wel.",
      en: "Not needed for exchange inside the own XDS region; needed for DUO.",
    },
  },
  alphatron: {
    note: {
      nl: "Zonder Mitz kan de Beeldtijdlijn niet uitwisselen: toestemming en lokalisatie lopen via Mitz.",
      en: "Without Mitz the Beeldtijdlijn cannot exchange at all: consent and localisation run through Mitz.",
    },
  },
};

export const STEP_CATALOGUE: readonly StepDefinition[] = [
  {
    code: "vendor_chosen",
    sortOrder: 10,
    precondition: "agreements",
    title: { nl: "Leverancier gekozen", en: "Vendor chosen" },
    help: {
      nl: "De instelling heeft haar oplossing voor de tijdlijn gekozen: Enovation (XDS), Founda Health (XDSCloud) of Alphatron (Beeldtijdlijn). Dat mag de oplossing zijn die al naar tevredenheid in gebruik is.",
      en: "The institution chose its timeline solution: Enovation (XDS), Founda Health (XDSCloud) or Alphatron (Beeldtijdlijn). This may be the solution it already uses.",
    },
    prerequisites: [],
    mandatory: true,
    evidence: ev("optional", "optional", "not_allowed", {
      nl: "Bijvoorbeeld het besluit of de offerte.",
      en: "For example the decision or the quotation.",
    }),
  },
  {
    code: "vendor_contract_signed",
    sortOrder: 20,
    precondition: "agreements",
    title: { nl: "Overeenkomst met leverancier getekend", en: "Vendor contract signed" },
    help: {
      nl: "De overeenkomst met de gekozen leverancier is getekend, of een bestaande overeenkomst dekt ook DUO.",
      en: "The contract with the chosen vendor is signed, or an existing contract also covers DUO.",
    },
    prerequisites: ["vendor_chosen"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed", {
      nl: "De getekende overeenkomst of een bevestiging van de leverancier (PDF).",
      en: "The signed contract or a confirmation from the vendor (PDF).",
    }),
  },
  {
    code: "twiin_intent",
    sortOrder: 30,
    precondition: "agreements",
    title: { nl: "Twiin: intentieverklaring ingediend", en: "Twiin: statement of intent submitted" },
    help: {
      nl: "De instelling heeft bij Twiin verklaard deelnemer van het Twiin-afsprakenstelsel te willen worden.",
      en: "The institution told Twiin it intends to join the Twiin trust framework.",
    },
    prerequisites: [],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed", {
      nl: "De ingediende intentieverklaring.",
      en: "The submitted statement of intent.",
    }),
  },
  {
    code: "twiin_dossier",
    sortOrder: 40,
    precondition: "agreements",
    title: { nl: "Twiin: dossier ingediend", en: "Twiin: dossier submitted" },
    help: {
      nl: "Het toetredingsdossier is bij Twiin ingediend.",
      en: "The admission dossier has been submitted to Twiin.",
    },
    prerequisites: ["twiin_intent"],
    mandatory: true,
    evidence: ev("optional", "optional", "not_allowed", {
      nl: "Bijvoorbeeld de ontvangstbevestiging of het kenmerk van het dossier.",
      en: "For example the acknowledgement or the dossier reference.",
    }),
  },
  {
    code: "twiin_validation",
    sortOrder: 50,
    precondition: "agreements",
    title: { nl: "Twiin: advies validatieloket ontvangen", en: "Twiin: validation desk advice received" },
    help: {
      nl: "Het validatieloket van Twiin heeft het dossier beoordeeld en advies uitgebracht.",
      en: "The Twiin validation desk reviewed the dossier and gave its advice.",
    },
    prerequisites: ["twiin_dossier"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed", {
      nl: "Het advies van het validatieloket.",
      en: "The validation desk's advice.",
    }),
  },
  {
    code: "twiin_board_decision",
    sortOrder: 60,
    precondition: "agreements",
    title: { nl: "Twiin: bestuursbesluit genomen", en: "Twiin: board decision taken" },
    help: {
      nl: "Het besluit over de toetreding tot het Twiin-afsprakenstelsel is genomen.",
      en: "The decision on joining the Twiin trust framework has been taken.",
    },
    prerequisites: ["twiin_validation"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed", {
      nl: "Het besluit (of een uittreksel).",
      en: "The decision (or an extract).",
    }),
  },
  {
    code: "twiin_agreement_signed",
    sortOrder: 70,
    precondition: "agreements",
    title: { nl: "Twiin-deelnemersovereenkomst getekend", en: "Twiin participant agreement signed" },
    help: {
      nl: "De instelling heeft de Twiin-deelnemersovereenkomst getekend: de generieke set afspraken voor onderling vertrouwen.",
      en: "The institution signed the Twiin participant agreement: the common set of arrangements for mutual trust.",
    },
    prerequisites: ["twiin_board_decision"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed", {
      nl: "De getekende Twiin-deelnemersovereenkomst (PDF).",
      en: "The signed Twiin participant agreement (PDF).",
    }),
  },
  {
    code: "mitz_connector_accepted",
    sortOrder: 80,
    precondition: "mitz_connected",
    title: { nl: "Mitz-connector geaccepteerd", en: "Mitz connector accepted" },
    help: {
      nl: "De instelling sluit aan via een door Mitz geaccepteerde connector, van de eigen leverancier of van een andere partij.",
      en: "The institution connects through a connector accepted by Mitz, from its own vendor or another party.",
    },
    prerequisites: [],
    mandatory: true,
    vendorRules: MITZ_VENDOR_NOTES,
    evidence: ev("optional", "required", "not_allowed", {
      nl: "Vermeld welke connector (leverancier en product).",
      en: "State which connector (supplier and product).",
    }),
  },
  {
    code: "mitz_test_whitelisted",
    sortOrder: 90,
    precondition: "mitz_connected",
    title: { nl: "Mitz-testomgeving: certificaat en notificatie-endpoint gewhitelist", en: "Mitz test environment: certificate and notification endpoint whitelisted" },
    help: {
      nl: "In de testomgeving van Mitz zijn het clientcertificaat en het notificatie-endpoint van de instelling gewhitelist.",
      en: "In Mitz's test environment the institution's client certificate and notification endpoint have been whitelisted.",
    },
    prerequisites: ["mitz_connector_accepted"],
    mandatory: true,
    vendorRules: MITZ_VENDOR_NOTES,
    evidence: ev("optional", "required", "not_allowed", {
      nl: "Vermeld de vingerafdruk van het clientcertificaat en de URL van het notificatie-endpoint.",
      en: "State the client certificate fingerprint and the notification endpoint URL.",
    }),
  },
  {
    code: "mitz_connected",
    sortOrder: 100,
    precondition: "mitz_connected",
    title: { nl: "Aangesloten op Mitz (productie)", en: "Connected to Mitz (production)" },
    help: {
      nl: "De instelling is in productie aangesloten op Mitz voor toestemming en lokalisatie.",
      en: "The institution is connected to Mitz in production for consent and localisation.",
    },
    prerequisites: ["mitz_test_whitelisted"],
    mandatory: true,
    vendorRules: MITZ_VENDOR_NOTES,
    evidence: ev("optional", "optional", "not_allowed", {
      nl: "Bijvoorbeeld de bevestiging van Mitz.",
      en: "For example Mitz's confirmation.",
    }),
  },
  {
    code: "mitz_sources_registered",
    sortOrder: 110,
    precondition: "mitz_filled",
    title: { nl: "Bronnen aangemeld in Mitz", en: "Sources registered in Mitz" },
    help: {
      nl: "De instelling heeft haar beschikbare bronmateriaal (radiologische beelden en verslagen) in Mitz aangemeld, zodat raadplegers het met toestemming van de patiënt kunnen vinden.",
      en: "The institution registered its available source material (radiology images and reports) in Mitz, so consulting parties can find it with the patient's consent.",
    },
    prerequisites: ["mitz_connected"],
    mandatory: true,
    evidence: ev("optional", "required", "not_allowed", {
      nl: "Vermeld welke bronnen zijn aangemeld.",
      en: "State which sources were registered.",
    }),
  },
  {
    code: "dpia_completed",
    sortOrder: 120,
    precondition: "technical",
    title: { nl: "DPIA afgerond", en: "DPIA completed" },
    help: {
      nl: "De gegevensbeschermingseffectbeoordeling (DPIA) voor DUO is uitgevoerd en vastgesteld, met advies van de functionaris gegevensbescherming (FG). De handreiking DPIA staat in de toolkit.",
      en: "The data protection impact assessment (DPIA) for DUO has been carried out and adopted, with advice from the data protection officer. The DPIA guide is in the toolkit.",
    },
    prerequisites: ["vendor_chosen"],
    mandatory: true,
    evidence: ev("required", "optional", "not_allowed", {
      nl: "De vastgestelde DPIA of het besluit daarover.",
      en: "The adopted DPIA or the decision on it.",
    }),
  },
  {
    code: "pacs_integration",
    sortOrder: 130,
    precondition: "technical",
    title: { nl: "Tijdlijn geïntegreerd in het PACS", en: "Timeline integrated in the PACS" },
    help: {
      nl: "De tijdlijnapplicatie opent vanuit de eigen werkomgeving en opgevraagde onderzoeken kunnen in het eigen PACS worden opgeslagen.",
      en: "The timeline application opens from the own working environment and retrieved studies can be stored in the own PACS.",
    },
    prerequisites: ["vendor_contract_signed"],
    mandatory: true,
    vendorRules: {
      alphatron: {
        extraPrerequisites: ["mitz_connected"],
        note: {
          nl: "Bij de Beeldtijdlijn kan de integratie pas worden afgerond na aansluiting op Mitz: zonder toestemmingscontrole wordt niets uitgewisseld.",
          en: "With the Beeldtijdlijn the integration can only be completed once Mitz is connected: nothing is exchanged without a consent check.",
        },
      },
    },
    evidence: ev("optional", "optional", "not_allowed"),
  },
  {
    code: "duo_connection_tested",
    sortOrder: 140,
    precondition: "technical",
    title: { nl: "DUO-verbinding getest", en: "DUO connection tested" },
    help: {
      nl: "De verbinding via DUO (XCA-I volgens NTA v1.1) is getest met een verbindingstest uit deze portal.",
      en: "The DUO connection (XCA-I per NTA v1.1) has been tested with a connection test from this portal.",
    },
    prerequisites: ["pacs_integration", "mitz_test_whitelisted"],
    mandatory: true,
    evidence: ev("optional", "optional", "required", {
      nl: "Koppel het resultaat van de verbindingstest ('test mijn verbinding').",
      en: "Link the result of the connection test ('test my connection').",
    }),
  },
  {
    code: "go_live",
    sortOrder: 150,
    precondition: "technical",
    title: { nl: "In gebruik genomen (go-live)", en: "Live (go-live)" },
    help: {
      nl: "De instelling gebruikt de landelijke tijdlijn voor beeldbeschikbaarheid met DUO in productie.",
      en: "The institution uses the national imaging timeline with DUO in production.",
    },
    prerequisites: ["duo_connection_tested", "dpia_completed", "mitz_connected", "mitz_sources_registered", "twiin_agreement_signed", "vendor_contract_signed"],
    mandatory: true,
    evidence: ev("not_allowed", "optional", "optional"),
  },
];

/** The step that marks an institution live; the go-live gate is everything before it. */
export const GO_LIVE_STEP: StepCode = "go_live";

export type ResolvedStep = {
  step: StepDefinition;
  applies: boolean;
  mandatory: boolean;
  prerequisites: readonly StepCode[];
  note: LocalizedText | null;
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

export type CatalogueError = {
  code: "duplicate_code" | "duplicate_sort_order" | "unknown_prerequisite" | "self_prerequisite" | "cycle";
  stepCode: string;
  vendor: Vendor | null;
  message: LocalizedText;
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
    if (codes.has(s.code)) {
      errors.push({
        code: "duplicate_code",
        stepCode: s.code,
        vendor: null,
        message: { nl: `Stapcode ${s.code} komt dubbel voor.`, en: `Step code ${s.code} occurs twice.` },
      });
    }
    codes.add(s.code);
    if (orders.has(s.sortOrder)) {
      errors.push({
        code: "duplicate_sort_order",
        stepCode: s.code,
        vendor: null,
        message: { nl: `Volgorde ${s.sortOrder} van ${s.code} is al in gebruik.`, en: `Sort order ${s.sortOrder} of ${s.code} is already used.` },
      });
    }
    orders.add(s.sortOrder);
  }

  for (const vendor of [null, ...VENDOR_CODES] as (Vendor | null)[]) {
    const graph = new Map<string, readonly string[]>();
    for (const s of steps) graph.set(s.code, resolveStepForVendor({ step: s, vendor }).prerequisites);
    for (const [code, prereqs] of graph) {
      for (const p of prereqs) {
        if (p === code) {
          errors.push({
            code: "self_prerequisite",
            stepCode: code,
            vendor,
            message: { nl: `Stap ${code} kan niet zichzelf als voorwaarde hebben.`, en: `Step ${code} cannot require itself.` },
          });
        } else if (!graph.has(p)) {
          errors.push({
            code: "unknown_prerequisite",
            stepCode: code,
            vendor,
            message: { nl: `Stap ${code} verwijst naar onbekende stap ${p}.`, en: `Step ${code} refers to unknown step ${p}.` },
          });
        }
      }
    }
    const cycle = findCycle(graph);
    if (cycle) {
      errors.push({
        code: "cycle",
        stepCode: cycle[0],
        vendor,
        message: {
          nl: `De voorwaarden vormen een kring: ${cycle.join(" → ")}.`,
          en: `The prerequisites form a cycle: ${cycle.join(" → ")}.`,
        },
      });
    }
  }
  // The same unknown prerequisite shows up once per vendor; report it once.
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}|${e.stepCode}|${e.message.en}`;
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
