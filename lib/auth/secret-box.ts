/**
 * Encryption at rest for small secrets (the TOTP secrets): AES-256-GCM with a key derived from
 * AUTH_SECRET by HKDF-SHA256, so no second key has to be configured and a database dump alone
 * does not reveal anyone's second factor. Each purpose gets its own key (the HKDF "info"), and
 * the caller binds a ciphertext to its row with associated data (the user id), so a sealed
 * value copied onto another user does not open.
 *
 * Format: "v1.<iv>.<ciphertext>.<tag>", base64url. Changing AUTH_SECRET makes every sealed
 * value unreadable (open() returns null): those users sign in with a recovery code or are reset.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { envValue } from "@/lib/env";

const VERSION = "v1";
const SALT = "duo-portaal secret-box v1";

function authSecret(explicit?: string): string {
  const secret = explicit ?? envValue("AUTH_SECRET");
  if (!secret || secret.length < 32) throw new Error("AUTH_SECRET (at least 32 characters) is needed to encrypt or read second-factor secrets");
  return secret;
}

/** A 32-byte key for one purpose ("totp-secret", "recovery-code"), derived from AUTH_SECRET. */
export function deriveKey(purpose: string, secret?: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(secret), SALT, `duo-portaal:${purpose}`, 32));
}

export function seal(plain: string, opts: { purpose: string; aad: string; secret?: string }): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(opts.purpose, opts.secret), iv);
  cipher.setAAD(Buffer.from(opts.aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The plain text, or null when the value was tampered with, belongs to another row or another key. */
export function open(sealed: string, opts: { purpose: string; aad: string; secret?: string }): string | null {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  try {
    const [iv, ct, tag] = parts.slice(1).map((p) => Buffer.from(p, "base64url"));
    if (iv.length !== 12 || tag.length !== 16) return null;
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(opts.purpose, opts.secret), iv);
    decipher.setAAD(Buffer.from(opts.aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * A keyed hash (HMAC-SHA256 with a derived key) for values that are only ever compared, such as
 * recovery codes: unlike a plain SHA-256 it cannot be brute-forced from a database dump alone.
 */
export function keyedHash(value: string, opts: { purpose: string; secret?: string }): string {
  return createHmac("sha256", deriveKey(opts.purpose, opts.secret)).update(value, "utf8").digest("hex");
}
