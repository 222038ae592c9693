/**
 * The words of the documents' chrome (headers, footers, table headings, labels) in one language:
 * messages `pdf.*` in messages/*.json, read with next-intl's translator. Body text is Dutch and
 * lives with the documents in content/.
 */
import { translator } from "@/lib/i18n/messages";
import type { Locale } from "./types";

export type PdfText = (key: string, values?: Record<string, string | number>) => string;

/** `t("shared.role")` reads `pdf.shared.role`. Numbers that must not be grouped ("1.000") go in as strings. */
export function pdfText(locale: Locale): PdfText {
  const t = translator(locale) as unknown as PdfText;
  return (key, values) => t(`pdf.${key}`, values);
}
