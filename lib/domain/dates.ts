/**
 * Calendar-date primitives for the domain rules.
 *
 * Convention for all of `lib/domain`: a calendar date (the day a step happened, a milestone,
 * `today`, an as-of date) is an ISO string `YYYY-MM-DD` without a time or zone. Such strings
 * sort and compare correctly as plain strings, and arithmetic here runs on UTC midnights, so a
 * server in any time zone (or a DST switch) never shifts a day. Instants (reportedAt,
 * verifiedAt, history event times) are ISO timestamps with a zone (`...Z`); they become a
 * calendar date only through `toAmsterdamDate`, because the programme runs on Dutch days.
 *
 * These are tiny positional primitives (like Math functions); the domain functions built on
 * them take named options objects.
 */

import type { Locale } from "@/lib/i18n/messages";
import { numberFormat } from "./intl";

/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

/** Text shown in the UI, in Dutch (primary) and English. */
export type LocalizedText = { nl: string; en: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== "string") return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function toUtcMs(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): ${String(date)}`);
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + Math.round(days) * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function diffInDays(to: IsoDate, from: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(dates: readonly (IsoDate | null | undefined)[]): IsoDate | null {
  let best: IsoDate | null = null;
  for (const d of dates) if (d && (best === null || d > best)) best = d;
  return best;
}

export function minDate(dates: readonly (IsoDate | null | undefined)[]): IsoDate | null {
  let best: IsoDate | null = null;
  for (const d of dates) if (d && (best === null || d < best)) best = d;
  return best;
}

/** Last calendar day of the given month (month 1-12). */
export function getMonthEnd(year: number, month: number): IsoDate {
  return fromUtcMs(Date.UTC(year, month, 0));
}

export function getMonthStart(year: number, month: number): IsoDate {
  return fromUtcMs(Date.UTC(year, month - 1, 1));
}

/** en-CA formats as YYYY-MM-DD. Built once: constructing a formatter costs far more than formatting. */
const AMSTERDAM_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * The Dutch calendar date of an instant. A report submitted at 00:30 in Amsterdam is
 * 22:30 or 23:30 UTC the day before; slicing the ISO string would put it on the wrong day.
 * Accepts a plain `YYYY-MM-DD` too (returned unchanged).
 */
export function toAmsterdamDate(instant: string | Date): IsoDate {
  if (typeof instant === "string" && isIsoDate(instant)) return instant;
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return AMSTERDAM_DAY.format(d);
}

const DATE_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
};
const EURO_LOCALES: Record<Locale, string> = { nl: "nl-NL", en: "en-GB" };

/**
 * "10 december 2026" / "10 December 2026" in one language; without a locale, in every language
 * (`{ nl, en }`, for callers that pick later).
 */
export function formatDate(date: IsoDate, locale: Locale): string;
export function formatDate(date: IsoDate): LocalizedText;
export function formatDate(date: IsoDate, locale?: Locale): string | LocalizedText {
  const [y, m, d] = date.split("-").map(Number);
  const at = new Date(Date.UTC(y, m - 1, d));
  if (locale) return DATE_FORMATS[locale].format(at);
  return inEveryLanguage((l) => DATE_FORMATS[l].format(at));
}

const INSTANT_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat("nl-NL", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" }),
};

/** A moment as the account pages show it: "20 nov 2026, 10:00" (Amsterdam time). */
export function formatInstant(at: Date, locale: Locale): string {
  return INSTANT_FORMATS[locale].format(at);
}

/** Amounts are integer euro cents everywhere in the domain; this formats them for text (in one language, or in every one). */
export function formatEuroCents(cents: number, locale: Locale): string;
export function formatEuroCents(cents: number): LocalizedText;
export function formatEuroCents(cents: number, locale?: Locale): string | LocalizedText {
  const euros = cents / 100;
  const whole = Number.isInteger(euros);
  const opts = { style: "currency", currency: "EUR", minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 } as const;
  // ICU puts a no-break space after the euro sign; a plain space is safer in CSV, PDF and tests.
  const format = (l: Locale) => numberFormat(EURO_LOCALES[l], opts).format(euros).replace(/[\u00a0\u202f]/g, " ");
  return locale ? format(locale) : inEveryLanguage(format);
}

function inEveryLanguage(text: (locale: Locale) => string): LocalizedText {
  return Object.fromEntries((Object.keys(DATE_FORMATS) as Locale[]).map((l) => [l, text(l)])) as LocalizedText;
}
