/**
 * The one size limit for files uploaded through a form (evidence, template versions, the filled-in
 * intake form), shared by the forms (hint and client-side check), the server actions (the Dutch
 * "te groot" refusal) and the HTTP limits derived from it (lib/ops/http-limits.ts: the request
 * limit of scripts/start.ts and the body limits in next.config.ts). Pure and client-safe.
 *
 * The request limit sits UPLOAD_BODY_HEADROOM_BYTES above the file limit, so a file a little over
 * the maximum still reaches the action (which refuses it in words and stores nothing) and a file of
 * exactly the maximum plus the other form fields and the multipart framing always fits.
 */
export const UPLOAD_MAX_MB = 10;
export const UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1024 * 1024;
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
