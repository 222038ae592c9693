/** Public API of the PDF generators (pure: options in, bytes out). */
export * from "./types";
export { DOCUMENT_TYPES, documentAudience, documentTitle, generateDocument, generatePack, generateToolkitDocument, generators, isDocumentType } from "./toolkit";
export type { DocumentTypeInfo } from "./toolkit";
export {
  INTAKE_FIELDS,
  INTAKE_FIELD_ERROR_CODES,
  PDF_ERROR_CODES,
  VENDOR_OPTIONS,
  fieldErrorText,
  fillAcroForm,
  flattenIntakeValues,
  intakeChanges,
  intakeFieldLabel,
  loadUntrustedPdf,
  pdfErrorText,
  readIntakeForm,
} from "./intake-form";
export type { FieldError, IntakeChange, IntakeFieldDef, IntakeFieldErrorCode, IntakeValues, PdfError, PdfErrorCode, PdfResult } from "./intake-form";
export { Layout } from "./layout";
export type { Block, RichText, RunningHeader } from "./layout";
export { formatDate, formatDateTime, parseDutchDate } from "./format";
export { toolkitVariant, type ToolkitVariant } from "./content/shared";
