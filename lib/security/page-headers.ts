/**
 * The headers every page gets (proxy.ts): a Content-Security-Policy with a fresh nonce, passed to
 * Next on the request (it puts the nonce on its scripts) and sent on the response, and HSTS over
 * https. Two places apply them, with this one function:
 *
 * - the production server's HTTP wrapper (lib/ops/http-server.ts), before Next sees the request,
 *   for every page request it can answer this way (a session cookie, or a public page); it then
 *   marks the request with PAGE_HEADERS_DONE, and proxy.ts's matcher skips requests so marked.
 *   Running Next's proxy costs ~2 ms per request on the 2-core machine (measured on a minimal
 *   app: 4.4 ms per page without it, 6–7 ms with it), a third of a small page;
 * - proxy.ts itself for everything else: `next dev`, which has no wrapper, and requests without
 *   a session cookie for non-public pages, which it sends to the login page.
 */
import { HSTS, buildCsp } from "./headers";

/** Set by the HTTP wrapper once it has applied the page headers; proxy.ts's matcher skips such requests (it names it literally). */
export const PAGE_HEADERS_DONE = "x-duo-page-headers";

/** The paths proxy.ts runs for (its matcher's source, as a regular expression on the pathname). */
export const PROXY_PATH = /^\/(?!api|_next\/static|_next\/image|favicon\.ico|robots\.txt).*$/;

/** next-auth's cookie names (plain over http, __Secure- over https), possibly chunked (.0, .1). */
export const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/**
 * The request headers (x-nonce, content-security-policy) and response headers of a page. `https`:
 * whether the request came over https (Next: x-forwarded-proto contains "https").
 */
export function pageSecurityHeaders(opts: { dev: boolean; https: boolean }) {
  const nonce = btoa(crypto.randomUUID());
  const csp = buildCsp({ nonce, dev: opts.dev });
  return {
    request: { "x-nonce": nonce, "content-security-policy": csp },
    response: { "content-security-policy": csp, ...(opts.https ? { "strict-transport-security": HSTS } : {}) },
  };
}

/**
 * Whether a raw Cookie header carries a non-empty session cookie. Conservative: when it answers
 * false, the request goes through proxy.ts as before, which decides with Next's own parser.
 */
export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  for (const part of cookieHeader.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (SESSION_COOKIE.test(part.slice(0, i).trim()) && part.slice(i + 1).trim() !== "") return true;
  }
  return false;
}
