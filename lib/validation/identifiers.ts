/**
 * Identifiers and fixed code lists of a care institution (see /work/shared/DOMAIN.md,
 * "Identifiers of an institution"). Every check exists twice on purpose: a plain function
 * (for CSV import previews, seeds, FHIR mapping) and a zod schema built on that function
 * (for forms and server actions), so both always give the same Dutch message.
 *
 * Pure: no I/O, safe in the browser.
 */
import { z } from "zod";
import { VENDOR_INFO, type Vendor } from "@/lib/domain/vendors";

/** A failed check: a stable code for programs, a Dutch message for people, and its English twin. */
export type Invalid<C extends string = string> = { ok: false; code: C; message: string; messageEn: string };
export type Valid<T> = { ok: true; value: T };
export type CheckResult<T, C extends string = string> = Valid<T> | Invalid<C>;

const invalid = <C extends string>(code: C, message: string, messageEn: string): Invalid<C> => ({
  ok: false,
  code,
  message,
  messageEn,
});

/** Adds a failed check to a zod context; `params.code` lets a form map the issue to its own text. */
function addIssue(ctx: z.RefinementCtx, result: Invalid, path?: PropertyKey[]) {
  ctx.addIssue({
    code: "custom",
    message: result.message,
    params: { code: result.code, messageEn: result.messageEn },
    ...(path ? { path } : {}),
  });
}

/** Builds a trimmed-string schema from a check function (output: the check's normalised value). */
function schemaFromCheck<T extends string>(
  check: (input: string) => CheckResult<T>,
  missing: { nl: string; en: string },
) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null ? missing.nl : "Ongeldige invoer: verwacht tekst",
    })
    .transform((raw, ctx) => {
      const result = check(raw);
      if (!result.ok) {
        addIssue(ctx, result);
        return z.NEVER;
      }
      return result.value;
    });
}

// ---------------------------------------------------------------------------------------------
// URA, AGB-Z, KvK: all three are exactly 8 digits, without check digit.

export type EightDigitCode = "required" | "not_digits" | "wrong_length";

type EightDigitLabel = { nl: string; en: string };

function checkEightDigits(label: EightDigitLabel, input: string): CheckResult<string, EightDigitCode> {
  const value = (input ?? "").trim();
  if (value === "") {
    return invalid("required", `${label.nl} is verplicht`, `${label.en} is required`);
  }
  if (!/^\d+$/.test(value)) {
    return invalid(
      "not_digits",
      `${label.nl} moet uit precies 8 cijfers bestaan; "${value}" bevat ook andere tekens (geen spaties, punten of letters)`,
      `${label.en} must consist of exactly 8 digits; "${value}" contains other characters (no spaces, dots or letters)`,
    );
  }
  if (value.length !== 8) {
    // Spreadsheet programs store these codes as numbers and drop leading zeros; say so, since
    // that is by far the most common cause in CSV imports.
    const hint =
      value.length < 8
        ? { nl: " Mogelijk is een voorloopnul weggevallen (bijvoorbeeld door Excel).", en: " A leading zero may have been lost (e.g. by Excel)." }
        : { nl: "", en: "" };
    return invalid(
      "wrong_length",
      `${label.nl} moet uit precies 8 cijfers bestaan (nu ${value.length}).${hint.nl}`,
      `${label.en} must consist of exactly 8 digits (got ${value.length}).${hint.en}`,
    );
  }
  return { ok: true, value };
}

const URA_LABEL = { nl: "URA", en: "URA" };
const AGB_LABEL = { nl: "AGB-code", en: "AGB code" };
const KVK_LABEL = { nl: "KvK-nummer", en: "Chamber of Commerce (KvK) number" };

/** URA: UZI-register subscriber number, the institution's primary id. */
export const checkUra = (input: string) => checkEightDigits(URA_LABEL, input);
/** AGB-Z: care provider code (for institutions the first two digits are the care type). */
export const checkAgb = (input: string) => checkEightDigits(AGB_LABEL, input);
/** KvK: chamber of commerce number (institutions and vendors). */
export const checkKvk = (input: string) => checkEightDigits(KVK_LABEL, input);

export const isValidUra = (input: string) => checkUra(input).ok;
export const isValidAgb = (input: string) => checkAgb(input).ok;
export const isValidKvk = (input: string) => checkKvk(input).ok;

export const uraSchema = schemaFromCheck(checkUra, { nl: "URA is verplicht", en: "URA is required" });
export const agbSchema = schemaFromCheck(checkAgb, { nl: "AGB-code is verplicht", en: "AGB code is required" });
export const kvkSchema = schemaFromCheck(checkKvk, { nl: "KvK-nummer is verplicht", en: "KvK number is required" });

/** For forms where AGB/KvK may be left empty: "" and undefined become null. */
export const optionalAgbSchema = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v),
  agbSchema.nullable(),
);
export const optionalKvkSchema = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v),
  kvkSchema.nullable(),
);

// ---------------------------------------------------------------------------------------------
// OID and homeCommunityId

/**
 * IHE ITI TF-3 limits OIDs used in XDS metadata (homeCommunityId among them) to 64 characters.
 */
export const OID_MAX_LENGTH = 64;

export type OidCode = "required" | "too_long" | "bad_syntax" | "leading_zero" | "too_few_arcs" | "bad_root" | "bad_second_arc";

export function checkOid(input: string): CheckResult<string, OidCode> {
  const value = (input ?? "").trim();
  if (value === "") return invalid("required", "OID is verplicht", "OID is required");
  if (value.length > OID_MAX_LENGTH) {
    return invalid(
      "too_long",
      `Een OID mag hoogstens ${OID_MAX_LENGTH} tekens lang zijn (nu ${value.length})`,
      `An OID may be at most ${OID_MAX_LENGTH} characters long (got ${value.length})`,
    );
  }
  if (!/^\d+(\.\d+)*$/.test(value)) {
    return invalid(
      "bad_syntax",
      `Een OID bestaat uit getallen gescheiden door punten (bijvoorbeeld 2.16.528.1.1007.3.3); "${value}" voldoet daar niet aan`,
      `An OID consists of numbers separated by dots (e.g. 2.16.528.1.1007.3.3); "${value}" does not`,
    );
  }
  const arcs = value.split(".");
  const zeroPadded = arcs.find((arc) => arc.length > 1 && arc.startsWith("0"));
  if (zeroPadded !== undefined) {
    return invalid(
      "leading_zero",
      `Een deel van een OID mag niet met een 0 beginnen ("${zeroPadded}"); alleen het getal 0 zelf is toegestaan`,
      `An OID arc may not start with 0 ("${zeroPadded}"); only 0 itself is allowed`,
    );
  }
  if (arcs.length < 2) {
    return invalid("too_few_arcs", "Een OID bestaat uit minstens twee delen (bijvoorbeeld 2.16)", "An OID has at least two arcs (e.g. 2.16)");
  }
  const root = arcs[0];
  if (root !== "0" && root !== "1" && root !== "2") {
    return invalid(
      "bad_root",
      `Een OID begint met 0, 1 of 2 (niet met ${root})`,
      `An OID starts with 0, 1 or 2 (not ${root})`,
    );
  }
  // Arcs can exceed Number's safe range, so compare the digit string rather than parse it.
  const second = arcs[1];
  if ((root === "0" || root === "1") && (second.length > 2 || Number(second) >= 40)) {
    return invalid(
      "bad_second_arc",
      `Na ${root}. moet het tweede deel van een OID kleiner dan 40 zijn (nu ${second})`,
      `After ${root}. the second arc of an OID must be below 40 (got ${second})`,
    );
  }
  return { ok: true, value };
}

export const isValidOid = (input: string) => checkOid(input).ok;
export const oidSchema = schemaFromCheck(checkOid, { nl: "OID is verplicht", en: "OID is required" });

export type HomeCommunityIdCode = "required" | "bad_prefix" | "bad_oid" | "bad_uuid";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * homeCommunityId: `urn:oid:<oid>`; `urn:uuid:<uuid>` is tolerated because some gateways use it.
 * The URN prefix is case-insensitive (RFC 8141) and is normalised to lower case, as is a UUID.
 */
export function checkHomeCommunityId(input: string): CheckResult<string, HomeCommunityIdCode> {
  const value = (input ?? "").trim();
  if (value === "") {
    return invalid("required", "homeCommunityId is verplicht", "homeCommunityId is required");
  }
  const lower = value.toLowerCase();
  if (lower.startsWith("urn:oid:")) {
    const oid = checkOid(value.slice("urn:oid:".length));
    if (!oid.ok) {
      return invalid(
        "bad_oid",
        `homeCommunityId bevat geen geldige OID: ${oid.message}`,
        `homeCommunityId does not contain a valid OID: ${oid.messageEn}`,
      );
    }
    return { ok: true, value: `urn:oid:${oid.value}` };
  }
  if (lower.startsWith("urn:uuid:")) {
    const uuid = lower.slice("urn:uuid:".length);
    if (!UUID_RE.test(uuid)) {
      return invalid(
        "bad_uuid",
        "homeCommunityId met urn:uuid: moet een UUID bevatten zoals urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "A urn:uuid: homeCommunityId must hold a UUID such as urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8",
      );
    }
    return { ok: true, value: `urn:uuid:${uuid}` };
  }
  return invalid(
    "bad_prefix",
    'homeCommunityId moet beginnen met "urn:oid:" gevolgd door een OID (bijvoorbeeld urn:oid:2.16.528.1.1007.3.3.1234567)',
    'homeCommunityId must start with "urn:oid:" followed by an OID (e.g. urn:oid:2.16.528.1.1007.3.3.1234567)',
  );
}

export const isValidHomeCommunityId = (input: string) => checkHomeCommunityId(input).ok;
export const homeCommunityIdSchema = schemaFromCheck(checkHomeCommunityId, {
  nl: "homeCommunityId is verplicht",
  en: "homeCommunityId is required",
});

// ---------------------------------------------------------------------------------------------
// Fixed lists: provinces, institution kinds, vendor infrastructures

/** Lower-case, without diacritics, spaces, hyphens or apostrophes: "Fryslân" -> "fryslan". */
export function foldForLookup(input: string): string {
  return input
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s\-_'’.]/g, "");
}

/** ISO 3166-2:NL codes; stored in the database as these strings. */
export const PROVINCE_CODES = [
  "NL-GR",
  "NL-FR",
  "NL-DR",
  "NL-OV",
  "NL-FL",
  "NL-GE",
  "NL-UT",
  "NL-NH",
  "NL-ZH",
  "NL-ZE",
  "NL-NB",
  "NL-LI",
] as const;
export type ProvinceCode = (typeof PROVINCE_CODES)[number];

export type Province = { code: ProvinceCode; nl: string; en: string; aliases: readonly string[] };

export const PROVINCES: Readonly<Record<ProvinceCode, Province>> = {
  "NL-GR": { code: "NL-GR", nl: "Groningen", en: "Groningen", aliases: [] },
  // Fryslân is the official name since 1997; Friesland is what most people type.
  "NL-FR": { code: "NL-FR", nl: "Friesland", en: "Friesland", aliases: ["Fryslân", "Friesland (Fryslân)"] },
  "NL-DR": { code: "NL-DR", nl: "Drenthe", en: "Drenthe", aliases: [] },
  "NL-OV": { code: "NL-OV", nl: "Overijssel", en: "Overijssel", aliases: [] },
  "NL-FL": { code: "NL-FL", nl: "Flevoland", en: "Flevoland", aliases: [] },
  "NL-GE": { code: "NL-GE", nl: "Gelderland", en: "Gelderland", aliases: [] },
  "NL-UT": { code: "NL-UT", nl: "Utrecht", en: "Utrecht", aliases: [] },
  "NL-NH": { code: "NL-NH", nl: "Noord-Holland", en: "North Holland", aliases: [] },
  "NL-ZH": { code: "NL-ZH", nl: "Zuid-Holland", en: "South Holland", aliases: [] },
  "NL-ZE": { code: "NL-ZE", nl: "Zeeland", en: "Zeeland", aliases: [] },
  "NL-NB": { code: "NL-NB", nl: "Noord-Brabant", en: "North Brabant", aliases: ["Brabant"] },
  "NL-LI": { code: "NL-LI", nl: "Limburg", en: "Limburg", aliases: [] },
};

const provinceLookup = new Map<string, ProvinceCode>();
for (const p of Object.values(PROVINCES)) {
  for (const key of [p.code, p.code.slice(3), p.nl, p.en, ...p.aliases]) provinceLookup.set(foldForLookup(key), p.code);
}

/** Accepts a code ("NL-ZH", "ZH"), a Dutch or English name or an alias, in any case. */
export function parseProvince(input: string): ProvinceCode | null {
  const folded = foldForLookup((input ?? "").replace(/^\s*provincie\s+/i, ""));
  return provinceLookup.get(folded) ?? null;
}

export function checkProvince(input: string): CheckResult<ProvinceCode, "required" | "unknown_province"> {
  if ((input ?? "").trim() === "") return invalid("required", "Provincie is verplicht", "Province is required");
  const code = parseProvince(input);
  if (!code) {
    return invalid(
      "unknown_province",
      `Onbekende provincie "${input.trim()}". Kies een van: ${Object.values(PROVINCES).map((p) => p.nl).join(", ")}`,
      `Unknown province "${input.trim()}". Choose one of: ${Object.values(PROVINCES).map((p) => p.en).join(", ")}`,
    );
  }
  return { ok: true, value: code };
}

export const provinceSchema = schemaFromCheck(checkProvince, { nl: "Provincie is verplicht", en: "Province is required" });

export const INSTITUTION_KINDS = ["hospital", "umc", "diagnostic_centre", "clinic", "rehab"] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const INSTITUTION_KIND_LABELS: Readonly<Record<InstitutionKind, { nl: string; en: string; aliases: readonly string[] }>> = {
  hospital: { nl: "Ziekenhuis", en: "Hospital", aliases: ["algemeen ziekenhuis", "streekziekenhuis"] },
  umc: { nl: "Universitair medisch centrum", en: "University medical centre", aliases: ["UMC", "academisch ziekenhuis"] },
  diagnostic_centre: { nl: "Diagnostisch centrum", en: "Diagnostic centre", aliases: ["diagnostic center"] },
  clinic: {
    nl: "Zelfstandig behandelcentrum (ZBC)",
    en: "Independent treatment centre (ZBC)",
    aliases: ["ZBC", "zelfstandig behandelcentrum", "kliniek", "independent treatment centre"],
  },
  rehab: { nl: "Revalidatiecentrum", en: "Rehabilitation centre", aliases: ["revalidatie", "rehabilitation center"] },
};

const kindLookup = new Map<string, InstitutionKind>();
for (const kind of INSTITUTION_KINDS) {
  const l = INSTITUTION_KIND_LABELS[kind];
  for (const key of [kind, l.nl, l.en, ...l.aliases]) kindLookup.set(foldForLookup(key), kind);
}

/** Accepts the code or a Dutch/English label ("ZBC", "Revalidatiecentrum"), in any case. */
export function parseInstitutionKind(input: string): InstitutionKind | null {
  return kindLookup.get(foldForLookup(input ?? "")) ?? null;
}

export function checkInstitutionKind(input: string): CheckResult<InstitutionKind, "required" | "unknown_kind"> {
  if ((input ?? "").trim() === "") return invalid("required", "Soort instelling is verplicht", "Kind of institution is required");
  const kind = parseInstitutionKind(input);
  if (!kind) {
    return invalid(
      "unknown_kind",
      `Onbekende soort instelling "${input.trim()}". Kies een van: ${INSTITUTION_KINDS.map((k) => INSTITUTION_KIND_LABELS[k].nl).join(", ")}`,
      `Unknown kind of institution "${input.trim()}". Choose one of: ${INSTITUTION_KINDS.map((k) => INSTITUTION_KIND_LABELS[k].en).join(", ")}`,
    );
  }
  return { ok: true, value: kind };
}

export const institutionKindSchema = schemaFromCheck(checkInstitutionKind, {
  nl: "Soort instelling is verplicht",
  en: "Kind of institution is required",
});

/** A vendor code as the identifier checks return it (the codes and names: lib/domain/vendors.ts). */
export type VendorCode = Vendor;

const vendorLookup = new Map<string, VendorCode>();
for (const v of Object.values(VENDOR_INFO)) {
  for (const key of [v.code, v.name, ...v.aliases]) vendorLookup.set(foldForLookup(key), v.code);
}

/** Accepts the code or the vendor's name ("Founda Health", "Founda"), in any case. */
export function parseVendorCode(input: string): VendorCode | null {
  return vendorLookup.get(foldForLookup(input ?? "")) ?? null;
}

export function checkVendorCode(input: string): CheckResult<VendorCode, "required" | "unknown_vendor"> {
  if ((input ?? "").trim() === "") return invalid("required", "Leverancier is verplicht", "Vendor is required");
  const code = parseVendorCode(input);
  if (!code) {
    return invalid(
      "unknown_vendor",
      `Onbekende leverancier "${input.trim()}". Kies een van: ${Object.values(VENDOR_INFO).map((v) => v.name).join(", ")}`,
      `Unknown vendor "${input.trim()}". Choose one of: ${Object.values(VENDOR_INFO).map((v) => v.name).join(", ")}`,
    );
  }
  return { ok: true, value: code };
}

export const vendorCodeSchema = schemaFromCheck(checkVendorCode, { nl: "Leverancier is verplicht", en: "Vendor is required" });

/** An institution may not have chosen a vendor yet: "" and undefined become null. */
export const optionalVendorCodeSchema = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v),
  vendorCodeSchema.nullable(),
);
