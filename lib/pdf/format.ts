/** Dutch formatting of dates and labels for the documents. */
import { pdfText } from "./texts";
import type { DateInput, Locale } from "./types";

const TZ = "Europe/Amsterdam";

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** DD-MM-YYYY; a date-only ISO string is taken as a calendar date, a Date in Amsterdam time. */
export function formatDate(d: DateInput | null | undefined): string {
  if (d === null || d === undefined || d === "") return "";
  if (typeof d === "string") {
    const m = ISO_DATE.exec(d.trim());
    if (m) return `${m[3]}-${m[2]}-${m[1]}`;
    const parsed = new Date(d);
    if (Number.isNaN(parsed.getTime())) return d;
    d = parsed;
  }
  const parts = amsterdamParts(d);
  return `${parts.day}-${parts.month}-${parts.year}`;
}

let amsterdamFormat: Intl.DateTimeFormat | null = null;

function amsterdamParts(d: Date): Record<"year" | "month" | "day" | "hour" | "minute", string> {
  const fmt = (amsterdamFormat ??= new Intl.DateTimeFormat("en-GB", {
    timeZone: TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }));
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
  return out as Record<"year" | "month" | "day" | "hour" | "minute", string>;
}

/** "22-11-2026 14:05" in Amsterdam time. */
export function formatDateTime(d: Date): string {
  const p = amsterdamParts(d);
  return `${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute}`;
}

/** Parses DD-MM-YYYY (also D-M-YYYY, with / or .) into ISO YYYY-MM-DD; null when invalid. */
export function parseDutchDate(input: string): string | null {
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(input.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2100) return null;
  const dt = new Date(Date.UTC(year, month - 1, day));
  if (dt.getUTCMonth() !== month - 1 || dt.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function isoToDutch(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** Codes with a label in messages `pdf.<group>.<code>` (a code with "-" is looked up with "_"). */
export const ROLE_CODES = ["project_lead", "ciso", "fg", "technical", "management", "radiology", "communication", "security_officer"] as const;
export const STEP_STATE_CODES = ["open", "draft", "reported", "verified", "rejected", "not_applicable"] as const;
export const ENDPOINT_STATUS_CODES = ["active", "suspended", "off", "entered_in_error"] as const;
export const ENVIRONMENT_CODES = ["acceptance", "production"] as const;

const TRANSACTION_LABELS: Record<string, string> = {
  "ITI-38": "ITI-38 Cross Gateway Query",
  "ITI-39": "ITI-39 Cross Gateway Retrieve",
  "RAD-75": "RAD-75 Retrieve Imaging Document Set",
};

function lookup(group: string, codes: readonly string[], key: string, locale: Locale): string {
  const code = [key, key.toLowerCase()].map((k) => k.replace(/-/g, "_")).find((k) => codes.includes(k));
  return code ? pdfText(locale)(`${group}.${code}`) : key;
}

export const roleLabel = (role: string, locale: Locale = "nl") => lookup("roles", ROLE_CODES, role, locale);
export const stateLabel = (state: string, locale: Locale = "nl") => lookup("step_states", STEP_STATE_CODES, state, locale);
export const endpointStatusLabel = (s: string, locale: Locale = "nl") => lookup("endpoint_statuses", ENDPOINT_STATUS_CODES, s, locale);
export const environmentLabel = (e: string, locale: Locale = "nl") => lookup("environments", ENVIRONMENT_CODES, e, locale);
/** Transactions are named alike in every language. */
export const transactionLabel = (t: string) => TRANSACTION_LABELS[t] ?? TRANSACTION_LABELS[t.toUpperCase()] ?? t;

export type VendorKey = "enovation" | "founda" | "alphatron";

/** Maps a vendor name as the portal shows it ("Founda Health", "Alphatron Zorgverbinders") to its key. */
export function vendorKey(name: string | null | undefined): VendorKey | null {
  const n = (name ?? "").toLowerCase();
  if (n.includes("enovation")) return "enovation";
  if (n.includes("founda")) return "founda";
  if (n.includes("alphatron")) return "alphatron";
  return null;
}

export const VENDOR_INFRA: Record<VendorKey, { name: string; infra: string; world: "xds" | "beeldtijdlijn" }> = {
  enovation: { name: "Enovation", infra: "Enovation XDS", world: "xds" },
  founda: { name: "Founda Health", infra: "Founda XDSCloud", world: "xds" },
  alphatron: { name: "Alphatron Zorgverbinders", infra: "Alphatron Beeldtijdlijn (Twiin Portaal)", world: "beeldtijdlijn" },
};

export function vendorDescription(name: string | null | undefined): string {
  const key = vendorKey(name);
  if (key) return VENDOR_INFRA[key].infra;
  return name && name.trim() ? name : "Nog niet gekozen";
}
