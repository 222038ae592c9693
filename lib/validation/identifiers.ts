/**
 * Identifiers and fixed code lists of a care institution (see /work/shared/DOMAIN.md,
 * "Identifiers of an institution"). Every check exists twice on purpose: a plain function
 * (for CSV import previews, seeds, FHIR mapping) and a zod schema built on that function
 * (for forms and server actions), so both always give the same message.
 *
 * A failed check is a code and a message key with its values (texts: "checks.*" in
 * messages/*.json; lib/validation/messages.ts renders them). Pure: no I/O, safe in the browser.
 */
import { z } from "zod";
import { VENDOR_INFO, type Vendor } from "@/lib/domain/vendors";
import { encodeMessage, issue, type Message } from "./messages";

/** A failed check: a stable code for programs and the message key (with values) for people. */
export type Invalid<C extends string = string> = { ok: false; code: C; key: string; params?: Record<string, string> };
export type Valid<T> = { ok: true; value: T };
export type CheckResult<T, C extends string = string> = Valid<T> | Invalid<C>;

const invalid = <C extends string>(code: C, key: string, params?: Record<string, string>): Invalid<C> => ({
  ok: false,
  code,
  key: `checks.${key}`,
  ...(params ? { params } : {}),
});

/** Not a string at all (a form or API sent a number or an object). */
export const NOT_TEXT: Message = { key: "checks.not_text" };

/** Builds a trimmed-string schema from a check function (output: the check's normalised value). */
function schemaFromCheck<T extends string>(check: (input: string) => CheckResult<T>, missingKey: string) {
  return z
    .string({
      error: (iss) => encodeMessage(iss.input === undefined || iss.input === null ? { key: `checks.${missingKey}` } : NOT_TEXT),
    })
    .transform((raw, ctx) => {
      const result = check(raw);
      if (!result.ok) {
        ctx.addIssue(issue(result));
        return z.NEVER;
      }
      return result.value;
    });
}

// ---------------------------------------------------------------------------------------------
// URA, AGB-Z, KvK: all three are exactly 8 digits, without check digit.

export type EightDigitCode = "required" | "not_digits" | "wrong_length";

/** Which of the three: the messages name the field ("checks.ura.*", "checks.agb.*", "checks.kvk.*"). */
type EightDigitField = "ura" | "agb" | "kvk";

function checkEightDigits(field: EightDigitField, input: string): CheckResult<string, EightDigitCode> {
  const value = (input ?? "").trim();
  if (value === "") return invalid("required", `${field}.required`);
  if (!/^\d+$/.test(value)) return invalid("not_digits", `${field}.not_digits`, { value });
  if (value.length !== 8) {
    // Spreadsheet programs store these codes as numbers and drop leading zeros; the short
    // message says so, since that is by far the most common cause in CSV imports.
    return invalid("wrong_length", `${field}.${value.length < 8 ? "wrong_length_short" : "wrong_length"}`, { length: String(value.length) });
  }
  return { ok: true, value };
}

/** URA: UZI-register subscriber number, the institution's primary id. */
export const checkUra = (input: string) => checkEightDigits("ura", input);
/** AGB-Z: care provider code (for institutions the first two digits are the care type). */
export const checkAgb = (input: string) => checkEightDigits("agb", input);
/** KvK: chamber of commerce number (institutions and vendors). */
export const checkKvk = (input: string) => checkEightDigits("kvk", input);

export const isValidUra = (input: string) => checkUra(input).ok;
export const isValidAgb = (input: string) => checkAgb(input).ok;
export const isValidKvk = (input: string) => checkKvk(input).ok;

export const uraSchema = schemaFromCheck(checkUra, "ura.required");
export const agbSchema = schemaFromCheck(checkAgb, "agb.required");
export const kvkSchema = schemaFromCheck(checkKvk, "kvk.missing");

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

export const OID_CODES = ["required", "too_long", "bad_syntax", "leading_zero", "too_few_arcs", "bad_root", "bad_second_arc"] as const;
export type OidCode = (typeof OID_CODES)[number];

export function checkOid(input: string): CheckResult<string, OidCode> {
  const value = (input ?? "").trim();
  if (value === "") return invalid("required", "oid.required");
  if (value.length > OID_MAX_LENGTH) return invalid("too_long", "oid.too_long", { max: String(OID_MAX_LENGTH), length: String(value.length) });
  if (!/^\d+(\.\d+)*$/.test(value)) return invalid("bad_syntax", "oid.bad_syntax", { value });
  const arcs = value.split(".");
  const zeroPadded = arcs.find((arc) => arc.length > 1 && arc.startsWith("0"));
  if (zeroPadded !== undefined) return invalid("leading_zero", "oid.leading_zero", { arc: zeroPadded });
  if (arcs.length < 2) return invalid("too_few_arcs", "oid.too_few_arcs");
  const root = arcs[0];
  if (root !== "0" && root !== "1" && root !== "2") return invalid("bad_root", "oid.bad_root", { root });
  // Arcs can exceed Number's safe range, so compare the digit string rather than parse it.
  const second = arcs[1];
  if ((root === "0" || root === "1") && (second.length > 2 || Number(second) >= 40)) {
    return invalid("bad_second_arc", "oid.bad_second_arc", { root, second });
  }
  return { ok: true, value };
}

export const isValidOid = (input: string) => checkOid(input).ok;
export const oidSchema = schemaFromCheck(checkOid, "oid.required");

export type HomeCommunityIdCode = "required" | "bad_prefix" | "bad_oid" | "bad_uuid";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * homeCommunityId: `urn:oid:<oid>`; `urn:uuid:<uuid>` is tolerated because some gateways use it.
 * The URN prefix is case-insensitive (RFC 8141) and is normalised to lower case, as is a UUID.
 */
export function checkHomeCommunityId(input: string): CheckResult<string, HomeCommunityIdCode> {
  const value = (input ?? "").trim();
  if (value === "") return invalid("required", "hcid.required");
  const lower = value.toLowerCase();
  if (lower.startsWith("urn:oid:")) {
    const oid = checkOid(value.slice("urn:oid:".length));
    // "homeCommunityId bevat geen geldige OID: " followed by the OID's own message.
    if (!oid.ok) return invalid("bad_oid", `hcid.bad_oid.${oid.code}`, oid.params);
    return { ok: true, value: `urn:oid:${oid.value}` };
  }
  if (lower.startsWith("urn:uuid:")) {
    const uuid = lower.slice("urn:uuid:".length);
    if (!UUID_RE.test(uuid)) return invalid("bad_uuid", "hcid.bad_uuid");
    return { ok: true, value: `urn:uuid:${uuid}` };
  }
  return invalid("bad_prefix", "hcid.bad_prefix");
}

export const isValidHomeCommunityId = (input: string) => checkHomeCommunityId(input).ok;
export const homeCommunityIdSchema = schemaFromCheck(checkHomeCommunityId, "hcid.required");

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

/**
 * A province's names in both languages: vocabulary, not UI text. The CSV import accepts either
 * name (and the aliases), the CSV export writes the Dutch one; pages name provinces with
 * lib/labels.ts.
 */
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
  if ((input ?? "").trim() === "") return invalid("required", "province.required");
  const code = parseProvince(input);
  // The message lists the twelve names (tests/unit/validation/identifiers.test.ts keeps it in step with PROVINCES).
  if (!code) return invalid("unknown_province", "province.unknown", { value: input.trim() });
  return { ok: true, value: code };
}

export const provinceSchema = schemaFromCheck(checkProvince, "province.required");

export const INSTITUTION_KINDS = ["hospital", "umc", "diagnostic_centre", "clinic", "rehab"] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** The names the CSV import accepts for each kind (the export writes the Dutch one); page labels are "kinds.*" messages. */
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
  if ((input ?? "").trim() === "") return invalid("required", "kind.required");
  const kind = parseInstitutionKind(input);
  // The message lists the five labels (kept in step with INSTITUTION_KIND_LABELS by the tests).
  if (!kind) return invalid("unknown_kind", "kind.unknown", { value: input.trim() });
  return { ok: true, value: kind };
}

export const institutionKindSchema = schemaFromCheck(checkInstitutionKind, "kind.required");

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
  if ((input ?? "").trim() === "") return invalid("required", "vendor.required");
  const code = parseVendorCode(input);
  if (!code) return invalid("unknown_vendor", "vendor.unknown", { value: input.trim(), choices: Object.values(VENDOR_INFO).map((v) => v.name).join(", ") });
  return { ok: true, value: code };
}

export const vendorCodeSchema = schemaFromCheck(checkVendorCode, "vendor.required");

/** An institution may not have chosen a vendor yet: "" and undefined become null. */
export const optionalVendorCodeSchema = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v),
  vendorCodeSchema.nullable(),
);

/** Every message a check here can return: "checks.<name>" (tests/unit/foundation/i18n.test.ts). */
export const IDENTIFIER_MESSAGES: readonly string[] = [
  "not_text",
  ...["ura", "agb", "kvk"].flatMap((f) => ["required", "not_digits", "wrong_length", "wrong_length_short"].map((c) => `${f}.${c}`)),
  "kvk.missing",
  ...OID_CODES.map((c) => `oid.${c}`),
  "hcid.required",
  "hcid.bad_prefix",
  "hcid.bad_uuid",
  ...OID_CODES.map((c) => `hcid.bad_oid.${c}`),
  "province.required",
  "province.unknown",
  "kind.required",
  "kind.unknown",
  "vendor.required",
  "vendor.unknown",
];
