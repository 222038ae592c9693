/**
 * The 130 fictional care institutions of the demo, as plain objects (no database access here;
 * the seed script inserts them). Deterministic: a seeded PRNG, never Math.random, so every
 * machine, test and screenshot sees the same institutions.
 *
 * The mix follows the programme (shared/DOMAIN.md): 73 hospitals of which 7 UMCs, 6 diagnostic
 * centres, 51 clinics (ZBC) and rehabilitation centres; about 57 on the XDS world (Enovation
 * 36, all under the Knoop.convenant, and Founda Health 21), the rest on Alphatron's
 * Beeldtijdlijn, and 8 that have not chosen a vendor yet.
 *
 * Identifier conventions (format-valid, but recognisably demo data):
 * - URA: "99" + 6 digits.
 * - AGB-Z: a two-digit care-type prefix + 6 digits. 06 for hospitals and UMCs and 22 for ZBCs
 *   follow the Vektis care-type codes as we understand them; 08 (rehabilitation) and 24
 *   (diagnostic centres) are our own choice. Nothing validates the prefix; it only makes the
 *   demo look plausible.
 * - KvK: 8 digits, not starting with 0.
 * - E-mail: <first>.<rest-of-name>@<institution-slug>.demo.test (".test" is reserved, RFC 2606).
 * - Phone: +31 20 000 0xxx (Dutch subscriber numbers never start with 0, so none is real).
 */
import {
  INSTITUTION_KINDS,
  PROVINCE_CODES,
  type InstitutionKind,
  type ProvinceCode,
  type VendorCode,
} from "@/lib/validation/identifiers";
import { VENDOR_INFO } from "@/lib/domain/vendors";
import { DIACRITIC_NAMES, createPersonNamer, createPlaceNamer, createRng, emailLocalPart, slugify, type Rng } from "./names";

export const DEMO_SEED = 20261231;

export type DemoContactRole = "project_lead" | "ciso" | "fg" | "technical";
export const DEMO_CONTACT_ROLES: readonly DemoContactRole[] = ["project_lead", "ciso", "fg", "technical"];

export type DemoContact = { role: DemoContactRole; name: string; email: string; phone: string };

export type DemoInstitution = {
  name: string;
  kind: InstitutionKind;
  ura: string;
  agb: string;
  kvk: string;
  city: string;
  province: ProvinceCode;
  vendor: VendorCode | null;
  groupName: string | null;
  contacts: DemoContact[];
};

type KindCounts = Record<InstitutionKind, number>;

/**
 * Where the institutions are. Weighted like the real map: the Randstad and Brabant/Gelderland
 * carry most; UMCs sit in the provinces that have one in reality (ZH two, NH, UT, GR, GE, LI).
 */
export const DEMO_PROVINCE_PLAN: Readonly<Record<ProvinceCode, KindCounts>> = {
  "NL-ZH": { hospital: 13, umc: 2, diagnostic_centre: 1, clinic: 6, rehab: 2 },
  "NL-NH": { hospital: 9, umc: 1, diagnostic_centre: 1, clinic: 6, rehab: 2 },
  "NL-NB": { hospital: 10, umc: 0, diagnostic_centre: 1, clinic: 6, rehab: 1 },
  "NL-GE": { hospital: 8, umc: 1, diagnostic_centre: 1, clinic: 4, rehab: 1 },
  "NL-UT": { hospital: 4, umc: 1, diagnostic_centre: 1, clinic: 2, rehab: 1 },
  "NL-OV": { hospital: 5, umc: 0, diagnostic_centre: 1, clinic: 2, rehab: 1 },
  "NL-LI": { hospital: 4, umc: 1, diagnostic_centre: 0, clinic: 3, rehab: 1 },
  "NL-GR": { hospital: 2, umc: 1, diagnostic_centre: 0, clinic: 2, rehab: 1 },
  "NL-FR": { hospital: 4, umc: 0, diagnostic_centre: 0, clinic: 3, rehab: 0 },
  "NL-DR": { hospital: 3, umc: 0, diagnostic_centre: 0, clinic: 2, rehab: 0 },
  "NL-FL": { hospital: 2, umc: 0, diagnostic_centre: 0, clinic: 2, rehab: 0 },
  "NL-ZE": { hospital: 2, umc: 0, diagnostic_centre: 0, clinic: 3, rehab: 0 },
};

/** The group every Enovation institution works under (DOMAIN.md: the largest group, 36). */
export const KNOOP_CONVENANT = "Knoop.convenant";

/** Founda Health's regional groups (fictional names), by province. */
const FOUNDA_GROUP_BY_PROVINCE: Partial<Record<ProvinceCode, string>> = {
  "NL-ZH": "XDS-regio West",
  "NL-ZE": "XDS-regio West",
  "NL-UT": "XDS-regio West",
  "NL-NB": "XDS-regio Zuid",
  "NL-LI": "XDS-regio Zuid",
  "NL-GE": "XDS-regio Zuid",
};
const FOUNDA_DEFAULT_GROUP = "XDS-regio Noord";
/** Founda's institutions cluster in the south and west; the rest of the XDS world is Enovation. */
const FOUNDA_PROVINCES = new Set<ProvinceCode>(["NL-ZH", "NL-ZE", "NL-NB", "NL-LI"]);

export const DEMO_VENDOR_PLAN = { enovation: 36, founda: 21, alphatron: 65, none: 8 } as const;
/** XDS institutions that are not hospitals (diagnostic centres and clinics also use XDS). */
const XDS_NON_HOSPITALS = 5;

export const AGB_PREFIX_BY_KIND: Readonly<Record<InstitutionKind, string>> = {
  hospital: "06",
  umc: "06",
  diagnostic_centre: "24",
  clinic: "22",
  rehab: "08",
};

function sumKinds(): KindCounts {
  const out = { hospital: 0, umc: 0, diagnostic_centre: 0, clinic: 0, rehab: 0 } as KindCounts;
  for (const plan of Object.values(DEMO_PROVINCE_PLAN)) for (const k of INSTITUTION_KINDS) out[k] += plan[k];
  return out;
}

/** The counts the generator is built to produce; the tests hold the output to them. */
export const DEMO_INSTITUTION_COUNTS = {
  total: Object.values(DEMO_PROVINCE_PLAN).reduce((a, p) => a + INSTITUTION_KINDS.reduce((b, k) => b + p[k], 0), 0),
  byKind: sumKinds(),
  byProvince: Object.fromEntries(
    PROVINCE_CODES.map((code) => [code, INSTITUTION_KINDS.reduce((a, k) => a + DEMO_PROVINCE_PLAN[code][k], 0)]),
  ) as Record<ProvinceCode, number>,
  byVendor: DEMO_VENDOR_PLAN,
  knoopConvenant: DEMO_VENDOR_PLAN.enovation,
  contactsPerInstitution: DEMO_CONTACT_ROLES.length,
} as const;

/** Weighted template choice: [weight, template with {X} for the place name]. */
const NAME_TEMPLATES: Readonly<Record<InstitutionKind, readonly (readonly [number, string])[]>> = {
  umc: [[1, "Universitair Medisch Centrum {X}"]],
  hospital: [
    [45, "Ziekenhuis {X}"],
    [20, "Medisch Centrum {X}"],
    [15, "{X} Gasthuis"],
    [10, "Streekziekenhuis {X}"],
    [10, "Ziekenhuisgroep {X}"],
  ],
  diagnostic_centre: [
    [60, "Diagnostisch Centrum {X}"],
    [25, "Radiologisch Centrum {X}"],
    [15, "Diagnostiekcentrum {X}"],
  ],
  clinic: [
    [35, "Kliniek {X}"],
    [20, "Orthopedische Kliniek {X}"],
    [15, "Zelfstandig Behandelcentrum {X}"],
    [10, "Oogkliniek {X}"],
    [10, "Dagkliniek {X}"],
    [10, "Sportmedisch Behandelcentrum {X}"],
  ],
  rehab: [
    [70, "Revalidatiecentrum {X}"],
    [30, "Revalidatie {X}"],
  ],
};

function pickWeighted<T>(rng: Rng, items: readonly (readonly [number, T])[]): T {
  const total = items.reduce((a, [w]) => a + w, 0);
  let r = rng.next() * total;
  for (const [w, item] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1][1];
}

function uniqueCode(used: Set<string>, make: () => string): string {
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const code = make();
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
  throw new Error("could not find a free identifier");
}

type Draft = Omit<DemoInstitution, "vendor" | "groupName" | "contacts">;

export type GenerateDemoInstitutionsOptions = { seed?: number };

export function generateDemoInstitutions(options: GenerateDemoInstitutionsOptions = {}): DemoInstitution[] {
  const rng = createRng(options.seed ?? DEMO_SEED);
  const nextPlace = createPlaceNamer(rng);
  const nextPerson = createPersonNamer(rng);
  const usedUra = new Set<string>();
  const usedAgb = new Set<string>();
  const usedKvk = new Set<string>();
  const usedStems = new Set<string>();
  const drafts: Draft[] = [];

  for (const province of PROVINCE_CODES) {
    const plan = DEMO_PROVINCE_PLAN[province];
    const total = INSTITUTION_KINDS.reduce((a, k) => a + plan[k], 0);
    // Roughly two institutions for every three towns: big towns host several.
    const cities = Array.from({ length: Math.max(2, Math.round(total * 0.7)) }, () => nextPlace(province));
    // Earlier towns are bigger: they draw more institutions.
    const cityWeights = cities.map((c, i) => [1 / Math.sqrt(i + 1), c] as const);
    const hospitalFreeCities = [...cities];

    const kindsInOrder: InstitutionKind[] = ["umc", "hospital", "diagnostic_centre", "clinic", "rehab"];
    let umcIndex = 0;
    for (const kind of kindsInOrder) {
      for (let n = 0; n < plan[kind]; n++) {
        let city: string;
        if (kind === "umc") {
          city = cities[umcIndex++];
          hospitalFreeCities.splice(hospitalFreeCities.indexOf(city), 1);
        } else if (kind === "hospital" && hospitalFreeCities.length > 0) {
          // Spread hospitals over towns first, as the real map does.
          city = hospitalFreeCities.shift()!;
        } else {
          city = pickWeighted(rng, cityWeights);
        }

        // UMCs carry their city's name; others often do, unless it is taken already.
        let stem: string;
        if ((kind === "umc" || rng.next() < 0.55) && !usedStems.has(city)) stem = city;
        else stem = nextPlace(province);
        usedStems.add(stem);

        const name = pickWeighted(rng, NAME_TEMPLATES[kind]).replace("{X}", stem);
        drafts.push({
          name,
          kind,
          city,
          province,
          ura: uniqueCode(usedUra, () => `99${rng.digits(6)}`),
          agb: uniqueCode(usedAgb, () => `${AGB_PREFIX_BY_KIND[kind]}${rng.digits(6)}`),
          kvk: uniqueCode(usedKvk, () => `${rng.int(1, 9)}${rng.digits(7)}`),
        });
      }
    }
  }

  const vendors = assignVendors(rng, drafts);

  // Spread the names with letters outside Latin-1 over institutions and roles, so they turn
  // up on many screens rather than all on the first institution.
  const contactTotal = drafts.length * DEMO_CONTACT_ROLES.length;
  const spacing = Math.floor(contactTotal / DIACRITIC_NAMES.length) + 1;
  const fixedAt = new Map(DIACRITIC_NAMES.map((name, j) => [j * spacing, name] as const));

  let contactIndex = 0;
  return drafts.map((draft, i) => {
    const domain = `${slugify(draft.name)}.demo.test`;
    const contacts = DEMO_CONTACT_ROLES.map((role) => {
      const index = contactIndex++;
      const personName = fixedAt.get(index) ?? nextPerson();
      return {
        role,
        name: personName,
        email: `${emailLocalPart(personName)}@${domain}`,
        phone: `+31 20 000 0${String(index).padStart(3, "0")}`,
      };
    });
    return { ...draft, vendor: vendors[i].vendor, groupName: vendors[i].groupName, contacts };
  });
}

/**
 * Vendors per institution (by index). The XDS world is mostly hospitals; institutions that
 * have not chosen yet are clinics and rehabilitation centres, which joined the programme last.
 */
function assignVendors(rng: Rng, drafts: Draft[]): { vendor: VendorCode | null; groupName: string | null }[] {
  const isHospital = (d: Draft) => d.kind === "hospital" || d.kind === "umc";
  const indices = drafts.map((_, i) => i);
  const out: { vendor: VendorCode | null; groupName: string | null }[] = drafts.map(() => ({
    vendor: "alphatron",
    groupName: null,
  }));

  const smallOnes = rng.shuffle(indices.filter((i) => drafts[i].kind === "clinic" || drafts[i].kind === "rehab"));
  const undecided = smallOnes.slice(0, DEMO_VENDOR_PLAN.none);
  for (const i of undecided) out[i] = { vendor: null, groupName: null };

  const xdsCount = DEMO_VENDOR_PLAN.enovation + DEMO_VENDOR_PLAN.founda;
  const nonHospitalXds = rng
    .shuffle(indices.filter((i) => !isHospital(drafts[i]) && !undecided.includes(i)))
    .slice(0, XDS_NON_HOSPITALS);
  const hospitalXds = rng.shuffle(indices.filter((i) => isHospital(drafts[i]))).slice(0, xdsCount - XDS_NON_HOSPITALS);
  const xds = [...hospitalXds, ...nonHospitalXds];

  // Founda first from its home provinces, in a random order; the rest of XDS is Enovation.
  const ranked = rng
    .shuffle(xds)
    .map((i) => ({ i, key: (FOUNDA_PROVINCES.has(drafts[i].province) ? 0 : 1) + rng.next() * 0.8 }))
    .sort((a, b) => a.key - b.key || a.i - b.i);
  ranked.forEach(({ i }, rank) => {
    if (rank < DEMO_VENDOR_PLAN.founda) {
      out[i] = { vendor: "founda", groupName: FOUNDA_GROUP_BY_PROVINCE[drafts[i].province] ?? FOUNDA_DEFAULT_GROUP };
    } else {
      out[i] = { vendor: "enovation", groupName: KNOOP_CONVENANT };
    }
  });
  return out;
}

/** The e-mail address of the demo CISO account (db/seed/demo-users.ts). */
export const DEMO_CISO_EMAIL = "ciso@duo-demo.test";

/**
 * The demo CISO account is the CISO contact of its institution (issue 20 §5): the toolkit
 * overview, the contact card and the account then name the same person. The home institution
 * is the first Enovation institution; its generated CISO contact keeps its name and takes the
 * account's e-mail address. Done here, in the data, so that everything derived from
 * DEMO_INSTITUTIONS (the seed, the CSV round trip, the tests) agrees with the database.
 */
export function withDemoCisoAccount(list: DemoInstitution[]): DemoInstitution[] {
  const home = list.findIndex((d) => d.vendor === "enovation");
  if (home < 0) return list;
  return list.map((d, i) =>
    i === home ? { ...d, contacts: d.contacts.map((c) => (c.role === "ciso" ? { ...c, email: DEMO_CISO_EMAIL } : c)) } : d,
  );
}

/** The demo data set, computed once per process. */
export const DEMO_INSTITUTIONS: readonly DemoInstitution[] = Object.freeze(withDemoCisoAccount(generateDemoInstitutions()));

/** Vendor display names, re-exported for seed scripts that print a summary. */
export const DEMO_VENDOR_NAMES = Object.fromEntries(Object.values(VENDOR_INFO).map((v) => [v.code, v.name])) as Record<
  VendorCode,
  string
>;
