/**
 * CSV import and export of the institution register (issue 3, item 6).
 *
 * Import is a pure function from the file's bytes to a preview: valid rows plus per-row errors
 * with 1-based file line numbers (header = line 1), so the admin can fix the file in Excel and
 * upload again. The caller commits all-or-nothing: only when `ok` is true.
 *
 * What Dutch spreadsheets actually produce, and why we handle it:
 * - Dutch Excel writes `;` as separator (the comma is the decimal separator); other tools write
 *   `,`. We detect it from the header line, outside quotes.
 * - "CSV UTF-8" starts with a BOM; plain "CSV" is Windows-1252. We refuse anything that is not
 *   valid UTF-8 instead of guessing, since a wrong guess silently corrupts names like "Fryslân".
 * - Excel drops leading zeros of 8-digit codes; the identifier checks say so in their message.
 *
 * Errors are codes with messages as keys and values (`CsvText`, texts in "csv_import.*" and the
 * identifier checks' "checks.*"); `csvText` renders one in the reader's language.
 *
 * Export goes through the portal's one safe CSV writer (lib/csv.ts: BOM, `;`, CRLF, formula
 * injection defused); the importer strips exactly the quote that writer adds (unmakeCellSafe),
 * so an export can be re-imported unchanged (phone numbers start with "+").
 */
import { parse } from "csv-parse/sync";
import { toSafeCsv, unmakeCellSafe, type CsvExportOptions, type CsvSeparator } from "@/lib/csv";
import { VENDOR_INFO } from "@/lib/domain/vendors";
import type { Translate } from "@/lib/validation/messages";
import {
  INSTITUTION_KIND_LABELS,
  PROVINCES,
  checkAgb,
  checkInstitutionKind,
  checkKvk,
  checkProvince,
  checkUra,
  parseVendorCode,
  type InstitutionKind,
  type ProvinceCode,
  type VendorCode,
} from "@/lib/validation/identifiers";

export const CONTACT_ROLES = ["project_lead", "ciso", "fg", "technical"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export type InstitutionCsvContact = { role: ContactRole; name: string; email: string; phone: string | null };

export type InstitutionCsvRow = {
  /** 1-based line in the file where the record starts (header = 1). */
  line: number;
  name: string;
  kind: InstitutionKind;
  ura: string;
  agb: string | null;
  kvk: string | null;
  city: string;
  province: ProvinceCode;
  vendor: VendorCode | null;
  /**
   * The group or covenant (e.g. "Knoop.convenant"); empty = none. Undefined when the file has no
   * such column: the import then leaves each institution's group as it is.
   */
  groupName?: string | null;
  contacts: InstitutionCsvContact[];
};

export type CsvRowErrorCode =
  | "column_count"
  | "required"
  | "too_long"
  | "not_digits"
  | "wrong_length"
  | "unknown_kind"
  | "unknown_province"
  | "unknown_vendor"
  | "contact_incomplete"
  | "bad_email"
  | "bad_phone"
  | "duplicate_ura";

/**
 * A message of the importer: a catalogue key with its values. A value may itself be a message
 * (a contact role, a quoted column name) or a list of them; `sentence` ends the text with a full
 * stop when the message has none (the identifier checks' own messages, used as they are).
 */
export type CsvText = { key: string; params?: Record<string, CsvValue>; sentence?: true };
export type CsvValue = string | number | CsvText | { list: (string | CsvText)[]; sep: string };

/** The keys under "csv_import" the importer uses (tests/unit/foundation/i18n.test.ts). */
export const CSV_MESSAGES = [
  "utf16",
  "invalid_encoding",
  "invalid_encoding_at",
  "empty",
  "unreadable",
  "unreadable_at",
  "missing_header",
  "missing_headers",
  "missing_header_one_column",
  "missing_headers_one_column",
  "unknown_header",
  "unknown_headers",
  "empty_header",
  "quoted",
  "duplicate_pair",
  "duplicate_headers",
  "column_count",
  "name_required",
  "city_required",
  "name_too_long",
  "city_too_long",
  "group_too_long",
  "unknown_vendor",
  "contact_email_without_name",
  "contact_phone_without_name",
  "contact_without_email",
  "bad_email",
  "bad_phone",
  "contact_name_too_long",
  "duplicate_ura",
  "no_rows",
  "roles.project_lead",
  "roles.ciso",
  "roles.fg",
  "roles.technical",
] as const;
type CsvMessage = (typeof CSV_MESSAGES)[number];

const msg = (key: CsvMessage, params?: Record<string, CsvValue>): CsvText => ({ key: `csv_import.${key}`, ...(params ? { params } : {}) });

function valueText(t: Translate, v: CsvValue): string | number {
  if (typeof v === "string" || typeof v === "number") return v;
  if ("list" in v) return v.list.map((x) => (typeof x === "string" ? x : csvText(t, x))).join(v.sep);
  return csvText(t, v);
}

/** The text of an importer message with a next-intl translator at the root of the catalogue. */
export function csvText(t: Translate, m: CsvText): string {
  const params = Object.fromEntries(Object.entries(m.params ?? {}).map(([k, v]) => [k, valueText(t, v)]));
  const text = t(m.key, params);
  return m.sentence && !text.endsWith(".") ? `${text}.` : text;
}

export type CsvRowError = {
  line: number;
  /** The header as written in the file; null for errors about the whole row. */
  column: string | null;
  code: CsvRowErrorCode;
  /** Specific: what is wrong and how to fix it (render with csvText). */
  message: CsvText;
};

export type CsvFileErrorCode =
  | "empty"
  | "invalid_encoding"
  | "utf16"
  | "unreadable"
  | "missing_headers"
  | "unknown_headers"
  | "duplicate_headers"
  | "no_rows";

export type CsvFileError = { code: CsvFileErrorCode; message: CsvText };

export type InstitutionCsvParseResult = {
  /** True when the file can be committed as is: no file error and no row errors. */
  ok: boolean;
  /** Rows without errors (a row with any error is left out and listed in `errors`). */
  rows: InstitutionCsvRow[];
  errors: CsvRowError[];
  separator: CsvSeparator;
  fileError?: CsvFileError;
};

// ---------------------------------------------------------------------------------------------
// Headers

type Field = "name" | "kind" | "ura" | "agb" | "kvk" | "city" | "province" | "vendor" | "group" | `${ContactRole}_${"name" | "email" | "phone"}`;

/** Dutch header names, in export order; also what error messages call the columns. */
export const CSV_HEADERS_NL: Readonly<Record<Field, string>> = {
  name: "naam",
  kind: "soort",
  ura: "ura",
  agb: "agb",
  kvk: "kvk",
  city: "plaats",
  province: "provincie",
  vendor: "leverancier",
  group: "groep",
  project_lead_name: "projectleider_naam",
  project_lead_email: "projectleider_email",
  project_lead_phone: "projectleider_telefoon",
  ciso_name: "ciso_naam",
  ciso_email: "ciso_email",
  ciso_phone: "ciso_telefoon",
  fg_name: "fg_naam",
  fg_email: "fg_email",
  fg_phone: "fg_telefoon",
  technical_name: "technisch_naam",
  technical_email: "technisch_email",
  technical_phone: "technisch_telefoon",
};

const REQUIRED_FIELDS: readonly Field[] = ["name", "kind", "ura", "city", "province"];

const ROLE_PREFIXES: Record<ContactRole, readonly string[]> = {
  project_lead: ["projectleider", "project_lead", "projectlead"],
  ciso: ["ciso"],
  fg: ["fg", "dpo"],
  technical: ["technisch", "technical", "technisch_contact", "technical_contact"],
};
const PART_SUFFIXES: Record<"name" | "email" | "phone", readonly string[]> = {
  name: ["naam", "name"],
  email: ["email", "e_mail", "mail"],
  phone: ["telefoon", "phone", "tel", "telefoonnummer"],
};

const HEADER_ALIASES = new Map<string, Field>();
{
  const base: Record<"name" | "kind" | "ura" | "agb" | "kvk" | "city" | "province" | "vendor" | "group", readonly string[]> = {
    name: ["naam", "name", "naam_instelling", "instelling"],
    kind: ["soort", "kind", "soort_instelling", "type"],
    ura: ["ura", "ura_nummer"],
    agb: ["agb", "agb_code", "agb_z"],
    kvk: ["kvk", "kvk_nummer"],
    city: ["plaats", "city", "vestigingsplaats"],
    province: ["provincie", "province"],
    vendor: ["leverancier", "vendor"],
    group: ["groep", "group", "samenwerkingsverband", "convenant", "regio"],
  };
  for (const [field, aliases] of Object.entries(base)) for (const a of aliases) HEADER_ALIASES.set(a, field as Field);
  for (const role of CONTACT_ROLES) {
    for (const prefix of ROLE_PREFIXES[role]) {
      for (const part of ["name", "email", "phone"] as const) {
        for (const suffix of PART_SUFFIXES[part]) HEADER_ALIASES.set(`${prefix}_${suffix}`, `${role}_${part}`);
      }
    }
  }
}

/** "Projectleider E-mail" -> "projectleider_e_mail": case, accents and spacing do not matter. */
function normalizeHeader(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
}

// ---------------------------------------------------------------------------------------------
// Export (the safe writer itself is lib/csv.ts)


/** What the exporter needs of an institution; `InstitutionCsvRow` and `DemoInstitution` both fit. */
export type InstitutionCsvInput = {
  name: string;
  kind: InstitutionKind;
  ura: string;
  agb?: string | null;
  kvk?: string | null;
  city: string;
  province: ProvinceCode;
  vendor?: VendorCode | null;
  groupName?: string | null;
  contacts?: readonly { role: ContactRole; name: string; email: string; phone?: string | null }[];
};

/**
 * Columns the register export adds for reading (phase, readiness, blocker); the importer
 * accepts and ignores them, so an export can be edited and imported again as it is.
 */
export const INFORMATIONAL_HEADERS = ["fase", "gereedheid_procent", "blokkerende_randvoorwaarde", "wacht_op_verificatie"] as const;

export const INSTITUTION_CSV_HEADERS: readonly string[] = Object.values(CSV_HEADERS_NL);

/** The import columns of one institution, in INSTITUTION_CSV_HEADERS order. */
export function institutionCsvCells(r: InstitutionCsvInput): (string | null)[] {
  return serializeCells(r);
}

/** The register as a CSV that Dutch Excel opens directly and this importer reads back. */
export function serializeInstitutionCsv(rows: readonly InstitutionCsvInput[], options: CsvExportOptions = {}): string {
  const fields = Object.keys(CSV_HEADERS_NL) as Field[];
  return toSafeCsv(fields.map((f) => CSV_HEADERS_NL[f]), rows.map(serializeCells), options);
}

function serializeCells(r: InstitutionCsvInput): (string | null)[] {
  const fields = Object.keys(CSV_HEADERS_NL) as Field[];
  const contact = (role: ContactRole) => r.contacts?.find((c) => c.role === role);
    return fields.map((f): string | null => {
      switch (f) {
        case "name":
          return r.name;
        case "kind":
          return INSTITUTION_KIND_LABELS[r.kind].nl;
        case "ura":
          return r.ura;
        case "agb":
          return r.agb ?? null;
        case "kvk":
          return r.kvk ?? null;
        case "city":
          return r.city;
        case "province":
          return PROVINCES[r.province].nl;
        case "vendor":
          return r.vendor ? VENDOR_INFO[r.vendor].name : null;
        case "group":
          return r.groupName ?? null;
        default: {
          const [, role, part] = /^(project_lead|ciso|fg|technical)_(name|email|phone)$/.exec(f)!;
          const c = contact(role as ContactRole);
          return c ? ((c[part as "name" | "email" | "phone"] ?? null) as string | null) : null;
        }
      }
    });
}

// ---------------------------------------------------------------------------------------------
// Import

const EMAIL_RE = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]{2,}$/;
const PHONE_RE = /^\+?[0-9 ()-]{6,20}$/;
const MAX_TEXT = 200;
/** As the register's form (lib/validation/institution.ts). */
const MAX_GROUP = 100;


/** Picks `;` or `,` from the header line: whichever occurs more often outside quotes. */
export function detectSeparator(text: string): CsvSeparator {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch === ";") semi++;
    else if (!quoted && ch === ",") comma++;
  }
  return comma > semi ? "," : ";";
}

type Decoded = { ok: true; text: string; bytes: Buffer } | { ok: false; error: CsvFileError };

function decode(input: Uint8Array | string): Decoded {
  if (typeof input === "string") {
    const text = input.replace(/^\uFEFF/, "");
    return { ok: true, text, bytes: Buffer.from(text, "utf8") };
  }
  if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
    return { ok: false, error: { code: "utf16", message: msg("utf16") } };
  }
  const hasBom = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf;
  const body = hasBom ? input.subarray(3) : input;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    const at = findInvalidUtf8Line(body);
    return { ok: false, error: { code: "invalid_encoding", message: at ? msg("invalid_encoding_at", { line: String(at) }) : msg("invalid_encoding") } };
  }
  return { ok: true, text, bytes: Buffer.from(body) };
}

/** Line of the first byte sequence that is not UTF-8, for the error message. */
function findInvalidUtf8Line(bytes: Uint8Array): number | null {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return null;
}

type ParsedRecord = { record: string[]; info: { bytes: number } };

const fileFailure = (separator: CsvSeparator, error: CsvFileError): InstitutionCsvParseResult => ({
  ok: false,
  rows: [],
  errors: [],
  separator,
  fileError: error,
});

/** Reads an uploaded register file into validated rows and per-row errors. */
export function parseInstitutionCsv(input: Uint8Array | string): InstitutionCsvParseResult {
  const decoded = decode(input);
  if (!decoded.ok) return fileFailure(";", decoded.error);
  const { text, bytes } = decoded;
  const separator = detectSeparator(text);
  if (text.trim() === "") {
    return fileFailure(separator, { code: "empty", message: msg("empty") });
  }

  let records: ParsedRecord[];
  try {
    records = parse(bytes, {
      delimiter: separator,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRecord[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    return fileFailure(separator, { code: "unreadable", message: err.lines ? msg("unreadable_at", { line: String(err.lines) }) : msg("unreadable") });
  }

  // Record start lines: count newlines up to the end of each record, minus those inside its fields.
  const withLines: { record: string[]; line: number }[] = [];
  let scanned = 0;
  let newlines = 0;
  for (const r of records) {
    const end = r.info.bytes;
    for (; scanned < end; scanned++) if (bytes[scanned] === 0x0a) newlines++;
    const endsWithNewline = end > 0 && bytes[end - 1] === 0x0a;
    const lastLine = newlines + (endsWithNewline ? 0 : 1);
    const inner = r.record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    withLines.push({ record: r.record, line: lastLine - inner });
  }

  const [header, ...data] = withLines;
  const headerCells = header.record.map((h) => h.replace(/^\uFEFF/, ""));
  const columns: (Field | null)[] = [];
  const unknown: CsvText[] = [];
  const seen = new Map<Field, string>();
  const duplicates: CsvText[] = [];
  headerCells.forEach((raw, i) => {
    const norm = normalizeHeader(raw);
    if (norm === "" && data.every((d) => (d.record[i] ?? "").trim() === "")) {
      columns.push(null);
      return;
    }
    const field = HEADER_ALIASES.get(norm);
    if (!field && (INFORMATIONAL_HEADERS as readonly string[]).includes(norm)) {
      columns.push(null);
      return;
    }
    if (!field) {
      unknown.push(raw.trim() === "" ? msg("empty_header", { column: String(i + 1) }) : msg("quoted", { name: raw.trim() }));
      columns.push(null);
      return;
    }
    if (seen.has(field)) duplicates.push(msg("duplicate_pair", { first: seen.get(field)!, second: raw.trim() }));
    seen.set(field, raw.trim());
    columns.push(field);
  });

  const missing = REQUIRED_FIELDS.filter((f) => !seen.has(f));
  if (missing.length > 0) {
    const names = missing.map((f) => CSV_HEADERS_NL[f]).join(", ");
    const key = `${missing.length === 1 ? "missing_header" : "missing_headers"}${headerCells.length === 1 ? "_one_column" : ""}` as const;
    return fileFailure(separator, { code: "missing_headers", message: msg(key, { names }) });
  }
  if (unknown.length > 0) {
    return fileFailure(separator, {
      code: "unknown_headers",
      message: msg(unknown.length === 1 ? "unknown_header" : "unknown_headers", { names: { list: unknown, sep: ", " }, allowed: Object.values(CSV_HEADERS_NL).join(", ") }),
    });
  }
  if (duplicates.length > 0) {
    return fileFailure(separator, { code: "duplicate_headers", message: msg("duplicate_headers", { pairs: { list: duplicates, sep: "; " } }) });
  }

  const rows: InstitutionCsvRow[] = [];
  const errors: CsvRowError[] = [];
  const firstLineOfUra = new Map<string, number>();

  for (const { record, line } of data) {
    if (record.every((c) => c.trim() === "")) continue;
    const rowErrors: CsvRowError[] = [];
    const fail = (field: Field | null, code: CsvRowErrorCode, message: CsvText) =>
      rowErrors.push({ line, column: field ? (seen.get(field) ?? CSV_HEADERS_NL[field]) : null, code, message });

    if (record.length !== headerCells.length) {
      fail(null, "column_count", msg("column_count", { line: String(line), count: record.length, header_count: String(headerCells.length), separator }));
      errors.push(...rowErrors);
      continue;
    }

    const value = (field: Field): string => {
      const i = columns.indexOf(field);
      return i < 0 ? "" : unmakeCellSafe(record[i] ?? "").trim();
    };
    const text = (field: "name" | "city"): string | null => {
      const v = value(field);
      if (v === "") {
        fail(field, "required", msg(`${field}_required`));
        return null;
      }
      if (v.length > MAX_TEXT) {
        fail(field, "too_long", msg(`${field}_too_long`, { length: String(v.length), max: String(MAX_TEXT) }));
        return null;
      }
      return v;
    };
    const check = <T,>(field: Field, result: { ok: true; value: T } | { ok: false; code: string; key: string; params?: Record<string, string> }): T | null => {
      if (result.ok) return result.value;
      fail(field, result.code as CsvRowErrorCode, { key: result.key, ...(result.params ? { params: result.params } : {}), sentence: true });
      return null;
    };

    const name = text("name");
    const kind = check("kind", checkInstitutionKind(value("kind")));
    const ura = check("ura", checkUra(value("ura")));
    const agb = value("agb") === "" ? null : check("agb", checkAgb(value("agb")));
    const kvk = value("kvk") === "" ? null : check("kvk", checkKvk(value("kvk")));
    const city = text("city");
    const province = check("province", checkProvince(value("province")));
    let vendor: VendorCode | null = null;
    const vendorRaw = value("vendor");
    if (vendorRaw !== "") {
      vendor = parseVendorCode(vendorRaw);
      if (!vendor) {
        fail("vendor", "unknown_vendor", msg("unknown_vendor", { value: vendorRaw, choices: Object.values(VENDOR_INFO).map((v) => v.name).join(", ") }));
      }
    }

    let groupName: string | null | undefined;
    if (columns.includes("group")) {
      const g = value("group");
      if (g.length > MAX_GROUP) fail("group", "too_long", msg("group_too_long", { length: String(g.length), max: String(MAX_GROUP) }));
      else groupName = g === "" ? null : g;
    }

    const contacts: InstitutionCsvContact[] = [];
    for (const role of CONTACT_ROLES) {
      const cName = value(`${role}_name`);
      const cEmail = value(`${role}_email`);
      const cPhone = value(`${role}_phone`);
      if (cName === "" && cEmail === "" && cPhone === "") continue;
      const label = msg(`roles.${role}`);
      let ok = true;
      if (cName === "" || cEmail === "") {
        ok = false;
        const missingField: Field = cName === "" ? `${role}_name` : `${role}_email`;
        fail(
          missingField,
          "contact_incomplete",
          cName === "" ? msg(cEmail ? "contact_email_without_name" : "contact_phone_without_name", { role: label }) : msg("contact_without_email", { role: label, name: cName }),
        );
      }
      if (cEmail !== "" && !EMAIL_RE.test(cEmail)) {
        ok = false;
        fail(`${role}_email`, "bad_email", msg("bad_email", { role: label, value: cEmail }));
      }
      if (cPhone !== "" && !PHONE_RE.test(cPhone)) {
        ok = false;
        fail(`${role}_phone`, "bad_phone", msg("bad_phone", { role: label, value: cPhone }));
      }
      if (cName.length > MAX_TEXT) {
        ok = false;
        fail(`${role}_name`, "too_long", msg("contact_name_too_long", { role: label, max: String(MAX_TEXT) }));
      }
      if (ok) contacts.push({ role, name: cName, email: cEmail.toLowerCase(), phone: cPhone === "" ? null : cPhone });
    }

    if (ura) {
      const first = firstLineOfUra.get(ura);
      if (first !== undefined) {
        fail("ura", "duplicate_ura", msg("duplicate_ura", { ura, first: String(first), line: String(line) }));
      } else {
        firstLineOfUra.set(ura, line);
      }
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({ line, name: name!, kind: kind!, ura: ura!, agb, kvk, city: city!, province: province!, vendor, ...(groupName !== undefined ? { groupName } : {}), contacts });
  }

  if (rows.length === 0 && errors.length === 0) {
    return fileFailure(separator, { code: "no_rows", message: msg("no_rows") });
  }
  return { ok: errors.length === 0, rows, errors, separator };
}
