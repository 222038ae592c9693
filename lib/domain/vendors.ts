/**
 * The three vendor infrastructures an institution can choose, and the vendor an institution
 * had on a given date (vendor switches happen; financing pays per month on the vendor of that
 * month).
 */
import type { IsoDate } from "./dates";

/** The vendors' codes: the one list that validation, the domain and the SQL read models use. */
export const VENDOR_CODES = ["enovation", "founda", "alphatron"] as const;
export type Vendor = (typeof VENDOR_CODES)[number];

export type VendorInfo = {
  code: Vendor;
  name: string;
  /** Which of the two worlds DUO joins (see DOMAIN.md). */
  infrastructure: "xds" | "beeldtijdlijn";
  /** Other names the vendor goes by (the CSV import accepts these too). */
  aliases: readonly string[];
};

/** Each vendor's name, infrastructure and aliases (also the reference rows of the `vendors` table). */
export const VENDOR_INFO: Readonly<Record<Vendor, VendorInfo>> = {
  enovation: { code: "enovation", name: "Enovation", infrastructure: "xds", aliases: ["Enovation XDS"] },
  founda: { code: "founda", name: "Founda Health", infrastructure: "xds", aliases: ["Founda", "XDSCloud", "Founda XDSCloud"] },
  alphatron: {
    code: "alphatron",
    name: "Alphatron",
    infrastructure: "beeldtijdlijn",
    aliases: ["Alphatron Medical", "Beeldtijdlijn", "TLB"],
  },
};

/** Each vendor's display name (a proper name: the same in every language) and world. */
export const VENDOR_LABELS: Record<Vendor, { name: string; world: "xds" | "beeldtijdlijn" }> = {
  enovation: { name: "Enovation", world: "xds" },
  founda: { name: "Founda Health", world: "xds" },
  alphatron: { name: "Alphatron", world: "beeldtijdlijn" },
};

export function isVendor(value: unknown): value is Vendor {
  return typeof value === "string" && (VENDOR_CODES as readonly string[]).includes(value);
}

/** From `from` (inclusive) the institution is on `vendor` (null: no vendor chosen / none). */
export type VendorPeriod = { vendor: Vendor | null; from: IsoDate };

/** The vendor on `date`: the last period starting on or before it; null before the first. */
export function resolveVendorAt({ history, date }: { history: readonly VendorPeriod[]; date: IsoDate }): Vendor | null {
  let current: VendorPeriod | null = null;
  for (const p of history) {
    if (p.from <= date && (current === null || p.from >= current.from)) current = p;
  }
  return current?.vendor ?? null;
}
