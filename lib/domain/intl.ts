/**
 * Cached Intl formatters. Constructing an Intl.DateTimeFormat or Intl.NumberFormat costs tens of
 * microseconds (ICU resolves the locale and compiles a pattern); formatting with an existing one
 * costs about one. `Date#toLocaleString(locale, options)` and `Number#toLocaleString(locale,
 * options)` construct a new formatter on every call, so pages that format hundreds of values per
 * request (the status page's 90 day bars per infrastructure, the dashboard's counts) spent a
 * large share of their time building formatters. These keep one per locale and options.
 *
 * Same output as the toLocale* methods, with one caveat for dates: `Date#toLocaleString` adds a
 * date and a time when the options name neither, Intl.DateTimeFormat only a date. Callers here
 * always name what they want (dateStyle/timeStyle or fields such as day, month, hour).
 */

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
/** A bound on each cache: callers use a handful of fixed option sets, so this is never reached in practice. */
const MAX_ENTRIES = 200;

function cached<F>(cache: Map<string, F>, key: string, make: () => F): F {
  let f = cache.get(key);
  if (!f) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, (f = make()));
  }
  return f;
}

/** The Intl.DateTimeFormat for a locale and options, built once. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

/** The Intl.NumberFormat for a locale and options, built once. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(numberFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}

/** `date.toLocaleString(locale, options)` with a cached formatter (options name a date or time field). */
export function formatDateTime(date: Date, locale: string, options: Intl.DateTimeFormatOptions): string {
  return dateTimeFormat(locale, options).format(date);
}

/** `n.toLocaleString(locale, options)` with a cached formatter. */
export function formatNumber(n: number, locale: string, options?: Intl.NumberFormatOptions): string {
  return numberFormat(locale, options).format(n);
}
