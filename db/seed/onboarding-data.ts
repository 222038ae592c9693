/**
 * Believable onboarding histories for the 130 demo institutions, as of a given `today`
 * (the demo runs on 2026-11-22). Pure and deterministic: a seeded PRNG, no clock; the seed
 * script turns these events into step-history rows.
 *
 * How a history is made:
 * 1. Every institution gets a target phase from a fixed plan per vendor (so the programme
 *    dashboard shows a stable spread: ~30 live, Mitz connection the most common blocker, the
 *    8 institutions without a vendor not started or only at the Twiin intent).
 * 2. The target becomes a set of verified steps (closed under prerequisites), optionally a
 *    "frontier" step in flight (reported and waiting, or rejected), a few steps verified only
 *    after a rejection, and for two long-time Twiin participants the Twiin admission steps
 *    marked not applicable.
 * 3. Dates are simulated forward from a start day with random work gaps, reporting lags and
 *    verification delays, and floors from the milestone plan (DOMAIN.md, milestones.ts):
 *    XDS institutions (Enovation/Founda) test DUO from December 2025 and go live from January
 *    2026; Alphatron's first 12 connect to Mitz in January 2026 ("TLB with Mitz", 01-02-2026),
 *    the rest after; Alphatron goes live with DUO from late May 2026 (01-06-2026: all three
 *    infrastructures joined). The start day is fitted (binary search; every date is monotone
 *    in it) so an anchor event lands on its target day and nothing passes `today`.
 * 4. Frontier steps are placed last, 1 to 40 days before `today`, after their prerequisites.
 *
 * Rules every history keeps (checked in tests/unit/seed/onboarding-data.test.ts): a step is
 * reported only when its prerequisites are verified (or not applicable); verification or
 * rejection follows its report; a rejection is followed by a new report; completedOn is never
 * after the report day, never in the future and never before a prerequisite's completedOn;
 * programme staff act on working days between 09:00 and 17:00 Amsterdam time.
 */
import { toAmsterdamDate, type IsoDate } from "@/lib/domain/dates";
import type { StepEvent } from "@/lib/domain/phase-at";
import { resolveCatalogue, type ResolvedStep, type StepCode } from "@/lib/domain/steps";
import type { Vendor } from "@/lib/domain/vendors";
import { DEMO_HOME_INSTITUTION } from "./demo-users";
import type { DemoInstitution } from "./institutions-data";
import { createRng, slugify, type Rng } from "./names";

export const DEMO_TODAY: IsoDate = "2026-11-22";
export const DEMO_ONBOARDING_SEED = 20261122;

/** The step the e2e journey reports for the home institution: open, prerequisites verified. */
export const DEMO_HOME_OPEN_STEP = "mitz_connector_accepted" satisfies StepCode;

export type DemoStepAction = "reported" | "verified" | "rejected" | "marked_not_applicable";

export type DemoStepEvent = {
  stepCode: StepCode;
  action: DemoStepAction;
  /** ISO instant (UTC), e.g. "2026-03-04T10:15:00.000Z". */
  at: string;
  /** The day the step happened: on reports, repeated on verifications; null otherwise. */
  completedOn: IsoDate | null;
  note: string | null;
  /** Dutch rejection reason, on rejections only. */
  reason: string | null;
  by: "institution" | "programme";
};

export type DemoOnboarding = { ura: string; events: DemoStepEvent[] };

export type DemoTarget = "not_started" | "agreements" | "mitz_connection" | "mitz_filling" | "integration" | "ready" | "live";

/** How many institutions of each vendor end in each target phase (sums: 36, 21, 65, 8). */
export const DEMO_TARGET_PLAN: Readonly<Record<Vendor | "none", Readonly<Record<DemoTarget, number>>>> = {
  enovation: { not_started: 0, agreements: 5, mitz_connection: 7, mitz_filling: 3, integration: 5, ready: 2, live: 14 },
  founda: { not_started: 0, agreements: 4, mitz_connection: 4, mitz_filling: 2, integration: 3, ready: 1, live: 7 },
  alphatron: { not_started: 0, agreements: 14, mitz_connection: 27, mitz_filling: 6, integration: 7, ready: 2, live: 9 },
  none: { not_started: 4, agreements: 4, mitz_connection: 0, mitz_filling: 0, integration: 0, ready: 0, live: 0 },
};

/** Maps the demo events onto the domain's history events (for computeReadinessAt and friends). */
export function toStepEvents(events: readonly DemoStepEvent[]): StepEvent[] {
  const state = { reported: "reported", verified: "verified", rejected: "rejected", marked_not_applicable: "not_applicable" } as const;
  return events.map((e) => ({
    stepCode: e.stepCode,
    state: state[e.action],
    at: e.at,
    completedOn: e.completedOn,
    rejectionReason: e.reason,
  }));
}

// ---------------------------------------------------------------------------------------------
// Day numbers: integers (days since 1970-01-01) keep the simulation cheap and exact.

const DAY_MS = 86_400_000;
const toDay = (d: IsoDate): number => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
const fromDay = (n: number): IsoDate => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const weekday = (n: number) => (((n + 4) % 7) + 7) % 7;
const isWeekend = (n: number) => weekday(n) === 0 || weekday(n) === 6;
const nextWorkday = (n: number): number => (isWeekend(n) ? nextWorkday(n + 1) : n);
const prevWorkday = (n: number): number => (isWeekend(n) ? prevWorkday(n - 1) : n);

/** Last Sunday of a month (month 1-12) as a day number. */
function lastSunday(year: number, month: number): number {
  const last = toDay(new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10));
  return last - weekday(last);
}

/** Amsterdam local time on a day → ISO instant (CET +1, CEST +2 between the last Sundays of March and October). */
function toInstant(day: number, hour: number, minute: number): string {
  const year = Number(fromDay(day).slice(0, 4));
  const summer = day >= lastSunday(year, 3) && day < lastSunday(year, 10);
  return new Date(day * DAY_MS + ((hour - (summer ? 2 : 1)) * 60 + minute) * 60_000).toISOString();
}

const ddmmyyyy = (day: number) => {
  const [y, m, d] = fromDay(day).split("-");
  return `${d}-${m}-${y}`;
};

// ---------------------------------------------------------------------------------------------
// Plans

const AGREEMENT_STEPS: readonly StepCode[] = [
  "vendor_chosen",
  "vendor_contract_signed",
  "twiin_intent",
  "twiin_dossier",
  "twiin_validation",
  "twiin_board_decision",
  "twiin_agreement_signed",
];
const TWIIN_CHAIN: readonly StepCode[] = ["twiin_intent", "twiin_dossier", "twiin_validation", "twiin_board_decision", "twiin_agreement_signed"];
const TWIIN_ADMISSION: readonly StepCode[] = ["twiin_intent", "twiin_dossier", "twiin_validation", "twiin_board_decision"];
const MITZ_CHAIN: readonly StepCode[] = ["mitz_connector_accepted", "mitz_test_whitelisted", "mitz_connected"];
/** Steps that need a vendor: an institution without one cannot have done them. */
const NEEDS_VENDOR: readonly StepCode[] = ["vendor_chosen", "vendor_contract_signed", "dpia_completed", "pacs_integration", "duo_connection_tested", "go_live"];

type FrontierKind = "awaiting" | "rejected" | "resubmitted";

type Plan = {
  target: DemoTarget;
  verified: Set<StepCode>;
  notApplicable: Set<StepCode>;
  rejectedOnce: Set<StepCode>;
  frontier: Map<StepCode, FrontierKind>;
  /** Earliest completedOn per step (milestone floors plus per-institution spreads). */
  floors: Partial<Record<StepCode, number>>;
  anchor: { step: StepCode | null; day: number };
  /** No event of the verified set after this day. */
  lastLimit: number;
  /** The first Alphatron institution live with DUO: a pilot, tested and verified quickly. */
  fastTail?: boolean;
  /** Work-gap multiplier to try first: institutions that are not live yet often move slowly. */
  pace: number;
};

const FLOORS_ALL: Partial<Record<StepCode, IsoDate>> = {
  mitz_connector_accepted: "2025-04-01",
  mitz_test_whitelisted: "2025-05-12",
  mitz_connected: "2025-09-01",
  mitz_sources_registered: "2025-09-15",
};
const FLOORS_XDS: Partial<Record<StepCode, IsoDate>> = {
  duo_connection_tested: "2025-12-08",
  go_live: "2026-01-05",
};
const FLOORS_ALPHATRON: Partial<Record<StepCode, IsoDate>> = {
  mitz_connected: "2026-02-09",
  duo_connection_tested: "2026-05-11",
  go_live: "2026-05-20",
};
/** Alphatron's "TLB with Mitz" pioneers connect in December/January. */
const ALPHATRON_PIONEERS = 12;
const PIONEER_MITZ_FLOOR = "2025-11-17";

function floorsFor(vendor: Vendor | null): Partial<Record<StepCode, number>> {
  const merged = { ...FLOORS_ALL, ...(vendor === "alphatron" ? FLOORS_ALPHATRON : vendor ? FLOORS_XDS : {}) };
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, toDay(v!)]));
}

/** Steps whose prerequisites are all done and that are not done themselves. */
function availableSteps(resolved: readonly ResolvedStep[], plan: Pick<Plan, "verified" | "notApplicable" | "frontier">, vendor: Vendor | null): StepCode[] {
  const done = (c: StepCode) => plan.verified.has(c) || plan.notApplicable.has(c);
  return resolved
    .filter((r) => r.applies && !done(r.step.code) && !plan.frontier.has(r.step.code))
    .filter((r) => vendor !== null || !NEEDS_VENDOR.includes(r.step.code))
    .filter((r) => r.prerequisites.every(done))
    .map((r) => r.step.code);
}

function buildVerifiedSet(target: DemoTarget, vendor: Vendor | null, rng: Rng): Set<StepCode> {
  const v = new Set<StepCode>();
  const add = (codes: readonly StepCode[]) => codes.forEach((c) => v.add(c));
  const chance = (p: number) => rng.next() < p;
  switch (target) {
    case "not_started":
      break;
    case "live":
      add(resolveCatalogue({ vendor }).map((r) => r.step.code));
      break;
    case "ready":
      add(resolveCatalogue({ vendor }).map((r) => r.step.code).filter((c) => c !== "go_live"));
      break;
    case "integration": {
      add(AGREEMENT_STEPS);
      add(MITZ_CHAIN);
      add(["mitz_sources_registered"]);
      const missing = rng.pick([["duo_connection_tested"], ["dpia_completed"], ["pacs_integration", "duo_connection_tested"], ["dpia_completed", "duo_connection_tested"]] as StepCode[][]);
      add((["dpia_completed", "pacs_integration", "duo_connection_tested"] as StepCode[]).filter((c) => !missing.includes(c)));
      break;
    }
    case "mitz_filling":
      add(AGREEMENT_STEPS);
      add(MITZ_CHAIN);
      if (chance(0.7)) add(["dpia_completed"]);
      if (chance(0.6)) {
        add(["pacs_integration"]);
        if (chance(0.4) && vendor !== "alphatron") add(["duo_connection_tested"]);
      }
      break;
    case "mitz_connection": {
      add(AGREEMENT_STEPS);
      const r = rng.next();
      add(MITZ_CHAIN.slice(0, r < 0.4 ? 0 : r < 0.75 ? 1 : 2));
      if (chance(0.4)) add(["dpia_completed"]);
      if (vendor !== "alphatron" && chance(0.35)) add(["pacs_integration"]);
      break;
    }
    case "agreements": {
      if (vendor === null) {
        break;
      }
      add(["vendor_chosen"]);
      const contract = chance(0.6);
      if (contract) add(["vendor_contract_signed"]);
      const twiin = rng.int(0, contract ? 4 : 5);
      add(TWIIN_CHAIN.slice(0, twiin));
      if (chance(0.25)) add(["mitz_connector_accepted"]);
      if (chance(0.2)) add(["dpia_completed"]);
      break;
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Simulation

type Draws = {
  startOffset: Partial<Record<StepCode, number>>;
  gap: Record<string, number>;
  lag: Record<string, number>;
  verifyDelay: Record<string, number>;
  fix: Record<string, { reject: number; resubmit: number; verify: number }>;
  pretwiin: number;
};

type Scheduled = {
  completedOn: number | null;
  /** Report days (two when the first report was rejected). */
  reports: number[];
  rejectedOn: number | null;
  doneOn: number;
};

function drawTimings(resolved: readonly ResolvedStep[], rng: Rng, fastTail = false): Draws {
  const d: Draws = { startOffset: {}, gap: {}, lag: {}, verifyDelay: {}, fix: {}, pretwiin: rng.int(0, 280) };
  for (const r of resolved) {
    const c = r.step.code;
    d.gap[c] = rng.int(6, 40);
    d.lag[c] = rng.next() < 0.35 ? 0 : rng.int(1, 12);
    d.verifyDelay[c] = rng.int(2, 24);
    d.fix[c] = { reject: rng.int(2, 12), resubmit: rng.int(3, 20), verify: rng.int(2, 12) };
    if (fastTail && (c === "duo_connection_tested" || c === "go_live")) {
      d.gap[c] = rng.int(3, 6);
      d.lag[c] = rng.int(0, 2);
      d.verifyDelay[c] = rng.int(2, 4);
    }
  }
  d.startOffset = { vendor_chosen: 0, twiin_intent: rng.int(0, 45), mitz_connector_accepted: rng.int(40, 160) };
  return d;
}

function simulate(resolved: readonly ResolvedStep[], plan: Plan, draws: Draws, start: number, pace: number): Map<StepCode, Scheduled> {
  const out = new Map<StepCode, Scheduled>();
  for (const r of resolved) {
    const c = r.step.code;
    const isNa = plan.notApplicable.has(c);
    if (!isNa && !plan.verified.has(c)) continue;
    const pre = r.prerequisites.map((p) => out.get(p)).filter((s): s is Scheduled => s !== undefined);
    const preDone = Math.max(start - 1, ...pre.map((s) => s.doneOn));
    if (isNa) {
      const on = nextWorkday(Math.max(start + 1, preDone + 1));
      out.set(c, { completedOn: null, reports: [], rejectedOn: null, doneOn: on });
      continue;
    }
    const preCompleted = pre.map((s) => s.completedOn).filter((x): x is number => x !== null);
    let completed: number;
    if (c === "twiin_agreement_signed" && TWIIN_ADMISSION.every((p) => plan.notApplicable.has(p))) {
      // A participant since before the programme: the agreement dates from 2024.
      completed = prevWorkday(toDay("2024-03-04") + draws.pretwiin);
    } else {
      const base = preCompleted.length > 0 ? Math.max(...preCompleted) + Math.round(draws.gap[c] * pace) : start + Math.round((draws.startOffset[c] ?? 0) * pace);
      completed = nextWorkday(Math.max(base, plan.floors[c] ?? -Infinity, ...preCompleted));
    }
    const report = nextWorkday(Math.max(completed + draws.lag[c], preDone + 1));
    if (plan.rejectedOnce.has(c)) {
      const f = draws.fix[c];
      const rejectedOn = nextWorkday(report + f.reject);
      const again = nextWorkday(rejectedOn + f.resubmit);
      out.set(c, { completedOn: completed, reports: [report, again], rejectedOn, doneOn: nextWorkday(again + f.verify) });
    } else {
      out.set(c, { completedOn: completed, reports: [report], rejectedOn: null, doneOn: nextWorkday(report + draws.verifyDelay[c]) });
    }
  }
  return out;
}

function lastDay(s: Map<StepCode, Scheduled>): number {
  let max = -Infinity;
  for (const x of s.values()) max = Math.max(max, x.doneOn);
  return max;
}

/** The latest start (and the fastest pace needed) that keeps the anchor and every event in bounds. */
function fit(resolved: readonly ResolvedStep[], plan: Plan, draws: Draws, earliest: number): { start: number; pace: number } {
  // An anchor the floors make unreachable (a go-live right after DUO's release, with slow
  // verifications) moves a week later until it fits.
  const anchorDay = plan.anchor.day;
  for (let tries = 0; tries < 6; tries++) {
    for (plan.anchor.day = anchorDay; plan.anchor.day <= plan.lastLimit; plan.anchor.day += 7) {
      const found = fitOnce(resolved, plan, draws, earliest);
      if (found) return found;
    }
    // A per-institution DUO test floor late in the year can leave no room: bring it forward.
    const duo = plan.floors.duo_connection_tested;
    if (duo === undefined) break;
    plan.floors.duo_connection_tested = duo - 21;
  }
  throw new Error(`onboarding-data: cannot fit a ${plan.target} history before ${fromDay(plan.lastLimit)}`);
}

function fitOnce(resolved: readonly ResolvedStep[], plan: Plan, draws: Draws, earliest: number): { start: number; pace: number } | null {
  for (let attempt = 0; attempt < 8; attempt++) {
    const pace = plan.pace * Math.pow(0.8, attempt);
    const ok = (start: number) => {
      const s = simulate(resolved, plan, draws, start, pace);
      const anchorDay = plan.anchor.step ? s.get(plan.anchor.step)!.doneOn : lastDay(s);
      return anchorDay <= plan.anchor.day && lastDay(s) <= plan.lastLimit;
    };
    if (!ok(earliest)) continue;
    let lo = earliest;
    let hi = plan.lastLimit;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (ok(mid)) lo = mid;
      else hi = mid - 1;
    }
    return { start: lo, pace };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Texts (Dutch, as institutions and the programme office write them)

const CONNECTORS: Record<Vendor, readonly string[]> = {
  enovation: ["Enovation Mitz-connector", "Mitz-connector van Enovation (gehost)"],
  founda: ["Founda Mitz-connector", "Mitz-connector in Founda XDSCloud"],
  alphatron: ["Alphatron Mitz-connector (Beeldtijdlijn)", "Mitz-connector van Alphatron"],
};
const VENDOR_NAMES: Record<Vendor, string> = { enovation: "Enovation", founda: "Founda Health", alphatron: "Alphatron" };

function reportNote(c: StepCode, inst: DemoInstitution, vendor: Vendor | null, day: number, rng: Rng): string {
  const d = ddmmyyyy(day);
  const v = vendor ? VENDOR_NAMES[vendor] : "de leverancier";
  const slug = slugify(inst.name);
  switch (c) {
    case "vendor_chosen":
      return rng.pick([`Keuze voor ${v} vastgelegd in het MT-besluit van ${d}.`, `Besluit RvB d.d. ${d}: verder met ${v}, dat al naar tevredenheid in gebruik is.`]);
    case "vendor_contract_signed":
      return rng.pick([`Overeenkomst met ${v} getekend op ${d}.`, `Bestaande overeenkomst met ${v} aangevuld met DUO; addendum getekend op ${d}.`]);
    case "twiin_intent":
      return `Intentieverklaring Twiin ingediend op ${d}.`;
    case "twiin_dossier":
      return `Toetredingsdossier bij Twiin ingediend op ${d}, kenmerk TW-${fromDay(day).slice(0, 4)}-${rng.digits(4)}.`;
    case "twiin_validation":
      return `Positief advies van het validatieloket ontvangen op ${d}.`;
    case "twiin_board_decision":
      return `Besluit tot toetreding tot Twiin genomen door de RvB op ${d}.`;
    case "twiin_agreement_signed":
      return `Deelnemersovereenkomst getekend door RvB op ${d}.`;
    case "mitz_connector_accepted":
      return `Connector: ${vendor ? rng.pick(CONNECTORS[vendor]) : "nog te kiezen"}, door Mitz geaccepteerd; in gebruik sinds ${d}.`;
    case "mitz_test_whitelisted":
      return `Clientcertificaat (SHA-256 ${Array.from({ length: 4 }, () => rng.int(0, 255).toString(16).padStart(2, "0").toUpperCase()).join(":")}:…) en notificatie-endpoint https://mitz.${slug}.demo.test/notificaties gewhitelist op ${d}.`;
    case "mitz_connected":
      return `Productieaansluiting op Mitz bevestigd door Mitz op ${d}.`;
    case "mitz_sources_registered":
      return rng.pick([`Radiologische beelden en verslagen aangemeld in Mitz op ${d}.`, `Bronnen radiologie (PACS en RIS-verslagen) aangemeld in Mitz op ${d}.`]);
    case "dpia_completed":
      return `DPIA vastgesteld door de RvB na advies van de FG op ${d}.`;
    case "pacs_integration":
      return `Tijdlijn opent vanuit het PACS; opslaan van opgevraagde onderzoeken in het eigen PACS getest op ${d}.`;
    case "duo_connection_tested":
      return `Verbindingstest DUO (XCA-I, NTA v1.1) geslaagd op ${d}.`;
    case "go_live":
      return `In productie met DUO sinds ${d}.`;
  }
}

const REJECTION_REASONS: Partial<Record<StepCode, readonly string[]>> = {
  vendor_contract_signed: ["Het geüploade document is de conceptovereenkomst; lever de getekende versie aan.", "De handtekening van de leverancier ontbreekt op de overeenkomst."],
  twiin_intent: ["Het bijgevoegde document is de uitnodiging van Twiin, niet de ingediende intentieverklaring."],
  twiin_validation: ["Het advies van het validatieloket ontbreekt; alleen de ontvangstbevestiging is bijgevoegd."],
  twiin_board_decision: ["Het besluit is niet ondertekend; lever het getekende besluit of een uittreksel aan."],
  twiin_agreement_signed: ["De deelnemersovereenkomst is alleen door de instelling getekend; de tegengetekende versie van Twiin ontbreekt.", "De datum op de overeenkomst wijkt af van de opgegeven datum; controleer de datum."],
  mitz_connector_accepted: ["Vermeld welke connector het is (leverancier en product); 'via de leverancier' is niet voldoende."],
  mitz_test_whitelisted: ["De vingerafdruk van het clientcertificaat ontbreekt in de toelichting.", "Het notificatie-endpoint in de toelichting is een http-adres; Mitz whitelist alleen https."],
  mitz_connected: ["Mitz heeft de productieaansluiting nog niet bevestigd; meld de stap opnieuw na de bevestiging."],
  mitz_sources_registered: ["Alleen de verslagen zijn aangemeld; meld ook de beelden aan in Mitz."],
  dpia_completed: ["Alleen het concept van de DPIA is aangeleverd; lever de vastgestelde versie aan.", "Het advies van de FG ontbreekt in de DPIA."],
  pacs_integration: ["Opslaan in het eigen PACS is nog niet getest; meld de stap na die test."],
  duo_connection_tested: ["Het resultaat van de verbindingstest is ouder dan 30 dagen; voer de test opnieuw uit.", "De gekoppelde verbindingstest is tegen de testomgeving uitgevoerd, niet tegen productie."],
  go_live: ["Er is nog geen geslaagde verbindingstest in productie gekoppeld."],
};
const GENERIC_REJECTION = "Het bewijsstuk is onleesbaar; upload een nieuwe scan of PDF.";

const rejectionReason = (c: StepCode, rng: Rng) => rng.pick(REJECTION_REASONS[c] ?? [GENERIC_REJECTION]);

const VERIFY_NOTES = ["Bewijsstuk gecontroleerd.", "Gecontroleerd aan de hand van het bewijsstuk.", "Akkoord.", "Bevestiging van de leverancier gezien."];

// ---------------------------------------------------------------------------------------------
// Generator

export type GenerateDemoOnboardingOptions = {
  institutions: readonly DemoInstitution[];
  today: IsoDate;
  seed?: number;
  /** Index of the institution the e2e journey uses; its DEMO_HOME_OPEN_STEP stays open. */
  homeIndex?: number;
};

function assignTargets(institutions: readonly DemoInstitution[], homeIndex: number, rng: Rng): DemoTarget[] {
  const targets: DemoTarget[] = new Array(institutions.length).fill("agreements");
  const order: DemoTarget[] = ["live", "ready", "integration", "mitz_filling", "mitz_connection", "agreements", "not_started"];
  for (const group of ["enovation", "founda", "alphatron", "none"] as const) {
    const idx = institutions.map((inst, i) => ({ inst, i })).filter(({ inst }) => (inst.vendor ?? "none") === group).map(({ i }) => i);
    const shuffled = rng.shuffle(idx);
    const plan = DEMO_TARGET_PLAN[group];
    const list: DemoTarget[] = order.flatMap((t) => new Array<DemoTarget>(plan[t]).fill(t));
    // Lists of another size than the demo (tests, a changed register) reuse the proportions.
    shuffled.forEach((instIndex, k) => {
      targets[instIndex] = list.length === 0 ? "agreements" : list[Math.floor((k * list.length) / shuffled.length)];
    });
  }
  const home = institutions[homeIndex];
  if (home && home.vendor && targets[homeIndex] !== "mitz_connection") {
    const swap = targets.findIndex((t, i) => t === "mitz_connection" && institutions[i].vendor === home.vendor && i !== homeIndex);
    if (swap >= 0) targets[swap] = targets[homeIndex];
    targets[homeIndex] = "mitz_connection";
  }
  return targets;
}

export function generateDemoOnboarding({ institutions, today, seed = DEMO_ONBOARDING_SEED, homeIndex = DEMO_HOME_INSTITUTION }: GenerateDemoOnboardingOptions): DemoOnboarding[] {
  const rng = createRng(seed);
  const todayDay = toDay(today);
  const earliest = toDay("2025-01-06");
  const targets = assignTargets(institutions, homeIndex, rng);
  const resolvedByVendor = new Map<Vendor | null, ResolvedStep[]>();
  const resolvedFor = (v: Vendor | null) => {
    if (!resolvedByVendor.has(v)) resolvedByVendor.set(v, resolveCatalogue({ vendor: v }));
    return resolvedByVendor.get(v)!;
  };

  // --- plans
  const plans: Plan[] = institutions.map((inst, i) => {
    const vendor = inst.vendor;
    const target = targets[i];
    const verified = i === homeIndex && vendor ? new Set<StepCode>(AGREEMENT_STEPS) : buildVerifiedSet(target, vendor, rng);
    return {
      target,
      verified,
      notApplicable: new Set<StepCode>(),
      rejectedOnce: new Set<StepCode>(),
      frontier: new Map<StepCode, FrontierKind>(),
      floors: floorsFor(vendor),
      anchor: { step: null, day: todayDay - 3 },
      lastLimit: todayDay - 3,
      pace: target === "live" || target === "ready" ? 1 : 1 + rng.next() * 1.5,
    };
  });
  const isHome = (i: number) => i === homeIndex;

  // Two long-time Twiin participants: the admission steps do not apply to them.
  const naCandidates = rng.shuffle(plans.map((p, i) => ({ p, i })).filter(({ p, i }) => !isHome(i) && p.verified.has("twiin_agreement_signed") && p.target !== "live"));
  for (const { p } of naCandidates.slice(0, 2)) {
    for (const c of TWIIN_ADMISSION) {
      p.verified.delete(c);
      p.notApplicable.add(c);
    }
  }

  // Some verified steps were rejected once before they were accepted.
  plans.forEach((p, i) => {
    if (isHome(i) || p.verified.size < 3 || rng.next() > 0.22) return;
    const options = [...p.verified].filter((c) => c !== "vendor_chosen" && c !== "twiin_dossier");
    if (options.length > 0) p.rejectedOnce.add(rng.pick(options));
  });

  // Alphatron pioneers ("TLB with Mitz" by 01-02-2026): the furthest ones connect in January.
  const pioneers = plans
    .map((p, i) => ({ p, i }))
    .filter(({ p, i }) => institutions[i].vendor === "alphatron" && p.verified.has("mitz_connected"))
    .sort((a, b) => ["live", "ready", "integration", "mitz_filling"].indexOf(a.p.target) - ["live", "ready", "integration", "mitz_filling"].indexOf(b.p.target))
    .slice(0, ALPHATRON_PIONEERS);
  pioneers.forEach(({ p }, k) => {
    p.floors.mitz_connected = toDay(PIONEER_MITZ_FLOOR);
    p.anchor = { step: "mitz_connected", day: toDay("2026-01-05") + Math.floor((k * 25) / ALPHATRON_PIONEERS) };
    // Their DUO test follows Alphatron's DUO release (June 2026) at their own pace.
    if (p.verified.has("duo_connection_tested")) p.floors.duo_connection_tested = toDay("2026-05-11") + (k === 0 ? 0 : rng.int(10, 100));
    if (k === 0 && p.verified.has("go_live")) p.fastTail = true;
  });
  const pioneerSet = new Set(pioneers.map(({ i }) => i));

  // Anchors: go-live days spread over the year; others were last active days to months ago.
  const liveXds = rng.shuffle(plans.map((p, i) => ({ p, i })).filter(({ p, i }) => p.target === "live" && institutions[i].vendor !== "alphatron"));
  liveXds.forEach(({ p }, k) => {
    const span = toDay("2026-11-13") - toDay("2026-01-14");
    p.anchor = { step: "go_live", day: toDay("2026-01-14") + Math.floor(((k + rng.next()) * span) / liveXds.length) };
  });
  plans.forEach((p, i) => {
    if (pioneerSet.has(i) || (p.target === "live" && institutions[i].vendor !== "alphatron")) return;
    if (p.target === "live") p.anchor = { step: "go_live", day: toDay("2026-06-10") + rng.int(0, 155) };
    else if (p.target === "ready") p.anchor = { step: null, day: todayDay - rng.int(5, 40) };
    else p.anchor = { step: null, day: todayDay - 3 - Math.floor(rng.next() ** 2 * 120) };
    if (isHome(i)) p.anchor = { step: null, day: todayDay - rng.int(12, 30) };
  });

  // Frontier: steps in flight today (reported and waiting, or rejected).
  for (const [i, p] of plans.entries()) {
    if (institutions[i].vendor !== null || p.target !== "agreements") continue;
    // Without a vendor: half reported their Twiin intent (waiting), half had it verified.
    if (rng.next() < 0.5) p.frontier.set("twiin_intent", "awaiting");
    else p.verified.add("twiin_intent");
  }
  for (const p of plans) if (p.target === "ready" && rng.next() < 0.6) p.frontier.set("go_live", "awaiting");
  const frontierCandidates = rng.shuffle(
    plans
      .map((p, i) => ({ p, i }))
      .filter(({ p, i }) => !isHome(i) && institutions[i].vendor !== null && ["agreements", "mitz_connection", "mitz_filling", "integration"].includes(p.target)),
  );
  const kinds: FrontierKind[] = ["rejected", "rejected", "rejected", "rejected", "resubmitted", "resubmitted", ...new Array<FrontierKind>(8).fill("awaiting")];
  let k = 0;
  for (const { p, i } of frontierCandidates) {
    if (k >= kinds.length) break;
    const vendor = institutions[i].vendor;
    const options = availableSteps(resolvedFor(vendor), p, vendor).filter((c) => (p.floors[c] ?? -Infinity) <= todayDay - 45);
    if (options.length === 0) continue;
    const kind = kinds[k++];
    p.frontier.set(options[0], kind);
    // Room for a report and its rejection before today.
    if (kind !== "awaiting") {
      p.lastLimit = todayDay - 14;
      p.anchor.day = Math.min(p.anchor.day, p.lastLimit);
    }
  }

  // --- dates
  return institutions.map((inst, i) => {
    const p = plans[i];
    const vendor = inst.vendor;
    const resolved = resolvedFor(vendor);
    const draws = drawTimings(resolved, rng, p.fastTail);
    const events: DemoStepEvent[] = [];
    if (p.verified.size === 0 && p.notApplicable.size === 0 && p.frontier.size === 0) return { ura: inst.ura, events };

    const { start, pace } = fit(resolved, p, draws, earliest);
    const schedule = simulate(resolved, p, draws, start, pace);
    const instant = (day: number, from: number, to: number) => toInstant(day, rng.int(from, to - 1), rng.int(0, 59));
    const report = (c: StepCode, day: number, completedOn: number, note: string) =>
      events.push({ stepCode: c, action: "reported", at: instant(day, 8, 17), completedOn: fromDay(completedOn), note, reason: null, by: "institution" });
    const reject = (c: StepCode, day: number) =>
      events.push({ stepCode: c, action: "rejected", at: instant(day, 9, 17), completedOn: null, note: null, reason: rejectionReason(c, rng), by: "programme" });

    for (const [c, s] of schedule) {
      if (s.completedOn === null) {
        events.push({
          stepCode: c,
          action: "marked_not_applicable",
          at: instant(s.doneOn, 9, 17),
          completedOn: null,
          note: "De instelling was al vóór de start van het programma deelnemer van Twiin (deelnemersovereenkomst uit 2024); deze toetredingsstap is niet van toepassing.",
          reason: null,
          by: "programme",
        });
        continue;
      }
      const note = reportNote(c, inst, vendor, s.completedOn, rng);
      report(c, s.reports[0], s.completedOn, note);
      if (s.rejectedOn !== null) {
        reject(c, s.rejectedOn);
        report(c, s.reports[1], s.completedOn, `Aangevuld na afwijzing. ${note}`);
      }
      events.push({
        stepCode: c,
        action: "verified",
        at: instant(s.doneOn, 9, 17),
        completedOn: fromDay(s.completedOn),
        note: rng.next() < 0.3 ? rng.pick(VERIFY_NOTES) : null,
        reason: null,
        by: "programme",
      });
    }

    for (const [c, kind] of p.frontier) {
      const r = resolved.find((x) => x.step.code === c)!;
      const pre = r.prerequisites.map((x) => schedule.get(x)).filter((x): x is Scheduled => x !== undefined);
      const lowerDay = Math.max(start, ...pre.map((x) => x.doneOn + 1));
      const lowerCompleted = Math.max(start - 30, p.floors[c] ?? -Infinity, ...pre.map((x) => x.completedOn ?? -Infinity));
      const age = kind === "resubmitted" ? rng.int(22, 40) : kind === "rejected" ? rng.int(6, 38) : rng.int(1, 40);
      let day = Math.max(todayDay - age, lowerDay);
      if (prevWorkday(day) >= lowerDay) day = prevWorkday(day);
      const completedOn = Math.min(day, Math.max(lowerCompleted, day - draws.lag[c]));
      const note = reportNote(c, inst, vendor, completedOn, rng);
      report(c, day, completedOn, note);
      if (kind === "awaiting") continue;
      let rejectedOn = nextWorkday(day + rng.int(2, 8));
      if (rejectedOn > todayDay - 2) rejectedOn = prevWorkday(todayDay - 2);
      reject(c, rejectedOn);
      if (kind === "resubmitted") {
        const again = Math.min(todayDay - 1, rejectedOn + rng.int(1, 10));
        report(c, again, completedOn, `Aangevuld na afwijzing. ${note}`);
      }
    }

    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return { ura: inst.ura, events };
  });
}

/** The demo's histories (130 institutions, as of DEMO_TODAY). */
export function getDemoOnboarding(institutions: readonly DemoInstitution[]): DemoOnboarding[] {
  return generateDemoOnboarding({ institutions, today: DEMO_TODAY });
}

/** Amsterdam calendar day of an event, for seed summaries. */
export const eventDay = (e: Pick<DemoStepEvent, "at">): IsoDate => toAmsterdamDate(e.at);
