/**
 * Reads the session JWT straight from the cookie: one decryption, nothing written back.
 * next-auth's auth() does the same decode but then re-encrypts the token into a fresh cookie
 * on every call (a rolling session), which is wasted work here: sessions end at an absolute
 * time (loginAt) and on the server-side checks in loadActor, never by cookie expiry alone.
 */
import { decode, type JWT } from "next-auth/jwt";

/** next-auth's session cookie: plain over http, __Secure- over https; chunked as .0, .1 … when large. */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

type Cookie = { name: string; value: string };

/** The cookie value for `base`, joining chunks in order when the token was split. */
export function sessionCookieValue(cookies: readonly Cookie[], base: string): string | null {
  const whole = cookies.find((c) => c.name === base);
  if (whole?.value) return whole.value;
  const chunks = cookies
    .map((c) => ({ c, m: c.name.startsWith(`${base}.`) ? /^\d+$/.exec(c.name.slice(base.length + 1)) : null }))
    .filter((x) => x.m)
    .sort((a, b) => Number(a.m![0]) - Number(b.m![0]));
  return chunks.length ? chunks.map((x) => x.c.value).join("") : null;
}

/**
 * Tokens decrypted lately, by cookie name, secret and the token itself: a browser sends the same
 * cookie with every request, and decrypting it (a key derivation and AES) cost ~3 % of the
 * server's CPU under a steady page load (issue 21 §3). Only a token that decrypted is kept, for at
 * most DECODED_TTL_MS and never past its own expiry; whether its session still holds is checked
 * in the database on every request all the same (lib/auth/actor.ts).
 */
const decoded = new Map<string, { payload: JWT; until: number }>();
const DECODED_TTL_MS = 60_000;
const DECODED_MAX = 2_000;

async function decodeRemembered(token: string, secret: string, salt: string, now: number): Promise<JWT | null> {
  const key = `${salt}\u0000${secret}\u0000${token}`;
  const hit = decoded.get(key);
  if (hit && hit.until > now) return { ...hit.payload };
  if (hit) decoded.delete(key);
  const payload = await decode({ token, secret, salt });
  if (!payload) return null;
  const expires = typeof payload.exp === "number" ? payload.exp * 1000 : now;
  if (expires > now) {
    // The oldest entry goes first once the bound is reached (a Map keeps insertion order).
    if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
    decoded.set(key, { payload: { ...payload }, until: Math.min(expires, now + DECODED_TTL_MS) });
  }
  return payload;
}

/** The decoded token, or null when there is none or it does not decrypt (tampered, old secret). */
export async function readSessionToken(cookies: readonly Cookie[], secret: string): Promise<JWT | null> {
  const now = Date.now();
  for (const name of SESSION_COOKIE_NAMES) {
    const token = sessionCookieValue(cookies, name);
    if (!token) continue;
    try {
      const payload = await decodeRemembered(token, secret, name, now);
      if (payload) return payload;
    } catch {
      /* undecryptable: treated as signed out */
    }
  }
  return null;
}
