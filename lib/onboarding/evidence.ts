/**
 * Evidence files: the type is decided by the first bytes, never by the name or the browser's
 * claim, so an .exe renamed .pdf is refused. Pure: no I/O.
 */
import { createHash } from "node:crypto";
import { translator, type Locale } from "@/lib/i18n/messages";
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_MB } from "@/lib/validation/uploads";

/** The form-wide upload limit (lib/validation/uploads.ts), which the HTTP limits leave room above. */
export const EVIDENCE_MAX_BYTES = UPLOAD_MAX_BYTES;

export type EvidenceType = { contentType: "application/pdf" | "image/png" | "image/jpeg"; extension: "pdf" | "png" | "jpg" };

export function sniffEvidenceType(bytes: Uint8Array): EvidenceType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return { contentType: "application/pdf", extension: "pdf" }; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: "image/png", extension: "png" };
  if (starts([0xff, 0xd8, 0xff])) return { contentType: "image/jpeg", extension: "jpg" };
  return null;
}

export type EvidenceCheck =
  | { ok: true; type: EvidenceType; sha256: string; filename: string }
  | { ok: false; code: EvidenceErrorCode; params: { bytes: number } };

export const EVIDENCE_ERROR_CODES = ["empty", "too_large", "wrong_type"] as const;
export type EvidenceErrorCode = (typeof EVIDENCE_ERROR_CODES)[number];

/** The ICU values of onboarding.evidence_errors.*: the file's size with a decimal comma, as always, and the maximum. */
export function evidenceErrorParams(bytes: number) {
  return { mb: (bytes / 1024 / 1024).toFixed(1).replace(".", ","), max: String(UPLOAD_MAX_MB) };
}

/** The refusal in words (onboarding.evidence_errors.<code>). */
export function evidenceErrorText(e: { code: EvidenceErrorCode; params: { bytes: number } }, locale: Locale): string {
  return translator(locale)(`onboarding.evidence_errors.${e.code}`, evidenceErrorParams(e.params.bytes));
}

export function checkEvidenceFile(opts: { bytes: Uint8Array; filename: string }): EvidenceCheck {
  if (opts.bytes.byteLength === 0) {
    return { ok: false, code: "empty", params: { bytes: 0 } };
  }
  if (opts.bytes.byteLength > EVIDENCE_MAX_BYTES) {
    return { ok: false, code: "too_large", params: { bytes: opts.bytes.byteLength } };
  }
  const type = sniffEvidenceType(opts.bytes);
  if (!type) {
    return { ok: false, code: "wrong_type", params: { bytes: opts.bytes.byteLength } };
  }
  return { ok: true, type, sha256: createHash("sha256").update(opts.bytes).digest("hex"), filename: safeFilename(opts.filename, type.extension) };
}

/** A file name safe for storage and for Content-Disposition: no paths, no control characters. */
export function safeFilename(name: string, extension: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f"<>:|?*]/g, "")
    .replace(/\.[^.]*$/, "")
    .trim()
    .slice(0, 100);
  return `${base || "bewijsstuk"}.${extension}`;
}

/**
 * Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). Whatever name
 * comes in (stored names are already safe, but this is the last line before a header): only the
 * last path segment, no control characters (a CR/LF would start a new header, a NUL end the
 * name), and in the fallback no "%" either, because some browsers percent-decode it.
 */
export function contentDisposition(filename: string): string {
  const base = (filename.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, "").replace(/^[.\s]+/, "").trim() || "download";
  const ascii = base.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "").replace(/%/g, "_").replace(/^[.\s]+/, "").trim() || "download";
  // encodeURIComponent leaves ' ( ) * ! unescaped; RFC 5987 attr-chars do not include ' ( ) *.
  const star = encodeURIComponent(base).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${star}`;
}
