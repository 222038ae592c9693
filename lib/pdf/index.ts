/** Public API of the PDF generators (pure: options in, bytes out). */
export * from "./types";
export { DOCUMENT_TYPES, documentTitle, generateDocument, generatePack, generateToolkitDocument, generators, isDocumentType } from "./toolkit";
export type { DocumentTypeInfo } from "./toolkit";
export {
  INTAKE_FIELDS,
  VENDOR_OPTIONS,
  fillAcroForm,
  flattenIntakeValues,
  intakeChanges,
  loadUntrustedPdf,
  readIntakeForm,
} from "./intake-form";
export type { FieldError, IntakeChange, IntakeFieldDef, IntakeValues, PdfError, PdfErrorCode, PdfResult } from "./intake-form";
export { Layout } from "./layout";
export type { Block, RichText, RunningHeader } from "./layout";
export { formatDate, formatDateTime, parseDutchDate } from "./format";
