/**
 * The one CSV writer: every export of the portal goes through toSafeCsv (Dutch Excel opens it
 * directly, and no cell runs as a formula).
 *
 * - UTF-8 with a BOM (so Excel reads UTF-8), `;` by default (Dutch Excel; the comma is the
 *   decimal separator), CRLF.
 * - Formula injection (OWASP "CSV injection"): a text cell starting with = + - @ TAB or CR gets a
 *   leading `'`. unmakeCellSafe strips exactly that quote again where the writer added it, so an
 *   importer can read an export back unchanged (phone numbers start with "+").
 * - Numbers are written as they are (a negative number is not an injection), null as an empty cell.
 */
import { stringify } from "csv-stringify/sync";

export type CsvSeparator = ";" | ",";
export type CsvCell = string | number | null | undefined;
export type CsvExportOptions = { separator?: CsvSeparator };

const DANGEROUS_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet will not execute. */
export function makeCellSafe(value: string): string {
  return DANGEROUS_START.test(value) ? `'${value}` : value;
}

/** Undoes `makeCellSafe`: strips the quote only where the writer would have added it. */
export function unmakeCellSafe(value: string): string {
  return value.startsWith("'") && DANGEROUS_START.test(value.slice(1)) ? value.slice(1) : value;
}

const cell = (v: CsvCell): string => (v === null || v === undefined ? "" : typeof v === "number" ? String(v) : makeCellSafe(v));

/** A header line and rows as a safe CSV document (see above). */
export function toSafeCsv(headers: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvExportOptions = {}): string {
  return stringify([headers.map(cell), ...rows.map((r) => r.map(cell))], {
    delimiter: options.separator ?? ";",
    record_delimiter: "\r\n",
    bom: true,
    quoted_match: /^\s|\s$/,
  });
}
