/**
 * Security headers. The Content-Security-Policy carries a per-request nonce (set in proxy.ts):
 * Next.js reads it from the request and puts it on its own scripts, so no inline script runs
 * without it. Styles may be inline (React style attributes); scripts may not.
 */
export function buildCsp(opts: { nonce: string; dev: boolean }) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.dev ? " ws:" : ""}`,
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

/** Headers for every response, static files included (next.config.ts). */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

export const HSTS = "max-age=63072000; includeSubDomains";

/** HSTS only makes sense (and is only honoured) over https: directly or behind a TLS proxy. */
export function isHttps(url: URL, forwardedProto: string | null) {
  return url.protocol === "https:" || forwardedProto?.split(",")[0]?.trim() === "https";
}

/**
 * The Content-Security-Policy of a response that did not get the page policy from proxy.ts: route
 * handlers (/api/*, /fhir/*, downloads), Next's static files and the HTTP server's own refusals.
 * scripts/start.ts adds it when a response is about to be written without one (lib/ops/http-server.ts),
 * so every response carries a policy and `frame-ancestors 'none'`.
 * - Anything but HTML: nothing may load or run, and nobody may frame it.
 * - HTML without the page policy (Next's not-found page for an unknown /api path): its own files
 *   and styles, no inline script (there is no nonce), no framing.
 */
export const NON_HTML_CSP = "default-src 'none'; frame-ancestors 'none'";
export const HTML_FALLBACK_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join("; ");

export function fallbackCsp(contentType: string | undefined): string {
  return /^\s*text\/html\b/i.test(contentType ?? "") ? HTML_FALLBACK_CSP : NON_HTML_CSP;
}
