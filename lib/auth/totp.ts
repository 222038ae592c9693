/**
 * TOTP (RFC 6238: 30-second steps, 6 digits, HMAC-SHA-1 — what every authenticator app reads
 * from a QR code) and recovery codes. Pure apart from randomness: the clock is always passed in,
 * so the rules (drift of one step either way, no code accepted twice) are table-tested.
 */
import { randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ALGORITHM = "SHA1";
/** Steps accepted either side of the current one: a phone clock that is up to ~30 s off still works. */
export const TOTP_DRIFT_STEPS = 1;
export const TOTP_ISSUER = "DUO-portaal";
export const RECOVERY_CODE_COUNT = 10;

/** A fresh 160-bit secret (the size RFC 4226 recommends for SHA-1), base32 as apps expect it. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function isBase32Secret(secret: string) {
  return /^[A-Z2-7]{16,}$/.test(secret);
}

function totp(secret: string, label = "") {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountName: string) {
  return totp(secret, accountName).toString();
}

export function timeStep(now: Date | number) {
  return Math.floor((typeof now === "number" ? now : now.getTime()) / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a time step (the demo helper and the tests use it; the server only verifies). */
export function totpCodeForStep(secret: string, step: number) {
  return totp(secret).generate({ timestamp: step * TOTP_PERIOD_SECONDS * 1000 });
}

export function totpCodeAt(secret: string, now: Date | number) {
  return totpCodeForStep(secret, timeStep(now));
}

/** Spaces and dashes people type or paste ("123 456") are ignored. */
export function normalizeTotpCode(code: string) {
  return code.replace(/[\s-]/g, "");
}

export type TotpVerdict = { ok: true; step: number } | { ok: false; reason: "malformed" | "invalid" | "replayed" };

/**
 * Checks a code against the secret at `now`, allowing TOTP_DRIFT_STEPS either way. A code for a
 * step at or before the last accepted one is refused as replayed: each code works once, and an
 * older code never works after a newer one did.
 */
export function verifyTotp(opts: { secret: string; code: string; now: Date; lastUsedStep: number | null }): TotpVerdict {
  const code = normalizeTotpCode(opts.code);
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return { ok: false, reason: "malformed" };
  const delta = totp(opts.secret).validate({ token: code, timestamp: opts.now.getTime(), window: TOTP_DRIFT_STEPS });
  if (delta === null) return { ok: false, reason: "invalid" };
  const step = timeStep(opts.now) + delta;
  if (opts.lastUsedStep !== null && step <= opts.lastUsedStep) return { ok: false, reason: "replayed" };
  return { ok: true, step };
}

/** For manual entry: "ABCD EFGH IJKL …", groups of four are easier to read and to type. */
export function groupSecret(secret: string) {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

// No 0/O, 1/I/L, 5/S, 2/Z, 8/B: recovery codes are read off paper and typed in.
const RECOVERY_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";

/** Ten codes of ten characters (≈ 46 bits each), shown as "XXXXX-XXXXX". */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const raw = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when a recovery code is typed. */
export function normalizeRecoveryCode(code: string) {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

export function looksLikeRecoveryCode(code: string) {
  return new RegExp(`^[${RECOVERY_ALPHABET}]{10}$`).test(normalizeRecoveryCode(code));
}
