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

/** The decoded token, or null when there is none or it does not decrypt (tampered, old secret). */
export async function readSessionToken(cookies: readonly Cookie[], secret: string): Promise<JWT | null> {
  for (const name of SESSION_COOKIE_NAMES) {
    const token = sessionCookieValue(cookies, name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret, salt: name });
      if (payload) return payload;
    } catch {
      /* undecryptable: treated as signed out */
    }
  }
  return null;
}
