/**
 * The public address of the portal as a client outside sees it, for the absolute URLs the
 * machine interfaces hand out (FHIR `Bundle.link`, `fullUrl`, the CapabilityStatement, the
 * OpenAPI `servers`). Next.js itself only knows the address it listens on (scripts/start.ts:
 * http://localhost:PORT), so `req.url` is never used for this.
 *
 * - `APP_URL` (the configured public address, path prefix included) by default;
 * - with `TRUST_PROXY=true`, `X-Forwarded-Proto` / `X-Forwarded-Host` as the one reverse proxy
 *   in front wrote them (the right-most entry, as for `X-Forwarded-For`). A malformed value is
 *   ignored and `APP_URL` used instead. The path prefix always comes from `APP_URL`.
 *
 * Without TRUST_PROXY the Host and X-Forwarded-* headers are ignored: a client could otherwise
 * make the server hand out links to an address of its choosing.
 */
import { readEnv } from "@/lib/env";

export type PublicUrlConfig = { appUrl: string; trustProxy: boolean };

export function publicUrlConfig(): PublicUrlConfig {
  const e = readEnv(["APP_URL", "TRUST_PROXY"]);
  return { appUrl: e.APP_URL, trustProxy: e.TRUST_PROXY === "true" };
}

const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function lastEntry(value: string | null): string | undefined {
  return value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
}

/** The public origin plus APP_URL's path prefix, without a trailing slash: `https://duo.example` or `https://host/duo`. */
export function publicBase(headers: Pick<Headers, "get">, cfg: PublicUrlConfig = publicUrlConfig()): string {
  const app = new URL(cfg.appUrl);
  const prefix = app.pathname.replace(/\/+$/, "");
  let origin = app.origin;
  if (cfg.trustProxy) {
    const host = lastEntry(headers.get("x-forwarded-host"))?.toLowerCase();
    const proto = lastEntry(headers.get("x-forwarded-proto"))?.toLowerCase();
    const protoOk = proto === "http" || proto === "https";
    if (host && HOST_RE.test(host)) origin = `${protoOk ? proto : app.protocol.slice(0, -1)}://${host}`;
    else if (protoOk) origin = `${proto}://${app.host}`;
  }
  return `${origin}${prefix}`;
}

/** The public URL of a request: the public base, then the request's own path and query. */
export function publicRequestUrl(req: Request, cfg: PublicUrlConfig = publicUrlConfig()): URL {
  const u = new URL(req.url);
  return new URL(`${publicBase(req.headers, cfg)}${u.pathname}${u.search}`);
}
