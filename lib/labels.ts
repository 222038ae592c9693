/** Display names for stored codes that are not UI text (province codes). */
import { PROVINCES, type ProvinceCode } from "@/lib/validation/identifiers";
import type { Locale } from "@/lib/i18n/messages";

export function provinceName(code: string | null | undefined, locale: Locale = "nl"): string {
  if (!code) return "—";
  const p = PROVINCES[code as ProvinceCode];
  return p ? p[locale] : code;
}
