/**
 * The one size limit for files uploaded through a form (evidence, template versions, the filled-in
 * intake form), shared by the forms (hint and client-side check), the server actions (the Dutch
 * "te groot" refusal) and the HTTP limits derived from it (lib/ops/http-limits.ts: the request
 * limit of scripts/start.ts and the body limits in next.config.ts). Pure and client-safe.
 *
 * The request limit sits UPLOAD_BODY_HEADROOM_BYTES above the file limit, so a file a little over
 * the maximum still reaches the action (which refuses it in words and stores nothing) and a file of
 * exactly the maximum plus the other form fields and the multipart framing always fits.
 *
 * Texts that name the limit (the forms' hints, the "te groot" refusals) take it as an ICU value
 * (UPLOAD_LIMIT_PARAMS), so no message carries a figure of its own.
 */
// Relative, not "@/": next.config.ts loads this module too (through lib/ops/http-limits.ts).
import { encodeMessage } from "./messages";

export const UPLOAD_MAX_MB = 10;
export const UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1024 * 1024;
/** The ICU values of every text that names the upload limit: `{mb}` in "max. {mb} MB". */
export const UPLOAD_LIMIT_PARAMS = { mb: String(UPLOAD_MAX_MB) };
/** The refusal of a file over UPLOAD_MAX_BYTES as a field-error message string (key and values, lib/validation/messages.ts). */
export const FILE_TOO_LARGE_MESSAGE = encodeMessage({ key: "v.file_too_large", params: UPLOAD_LIMIT_PARAMS });
/** The institution CSV import's own, smaller limit (its form checks it too). */
export const CSV_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Room for the form's other fields, the multipart boundaries and a file somewhat over the maximum. */
export const UPLOAD_BODY_HEADROOM_BYTES = 2 * 1024 * 1024;

export type UploadCheck = { ok: true; file: File } | { ok: false; reason: "missing" | "empty" | "too_large" };

/**
 * What a server action does first with a form's file field: none chosen, chosen but empty
 * (0 bytes), or larger than `maxBytes` (UPLOAD_MAX_BYTES unless the form has its own limit).
 */
export function checkUpload(value: FormDataEntryValue | null, maxBytes: number = UPLOAD_MAX_BYTES): UploadCheck {
  // A form without a chosen file still posts the field: an empty File named "" (browsers send
  // `filename=""`). A chosen file of 0 bytes has a name.
  if (!(value instanceof File) || (value.size === 0 && value.name === "")) return { ok: false, reason: "missing" };
  if (value.size === 0) return { ok: false, reason: "empty" };
  if (value.size > maxBytes) return { ok: false, reason: "too_large" };
  return { ok: true, file: value };
}
