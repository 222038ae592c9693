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
