/**
 * Limits the HTTP server (scripts/start.ts) enforces before a request reaches Next. Pure, so the
 * decisions are table-tested; the server only applies them.
 *
 * - Headers: at most MAX_HEADER_BYTES in total (Node's parser answers 431 beyond it).
 * - Bodies: a declared Content-Length above MAX_BODY_BYTES is refused with 413 before a byte is
 *   read. MAX_BODY_BYTES is the upload limit plus headroom (lib/validation/uploads.ts: 10 MB files
 *   plus 2 MB for the other fields, the multipart framing and a file somewhat over the maximum),
 *   and next.config.ts gives Next the same figure twice (NEXT_BODY_LIMIT_BYTES): as the
 *   server-action body limit and as the proxy's body limit (Next buffers a body for proxy.ts and
 *   cuts it at 10 MB unless told otherwise, which made a 10 MB file plus its form a 500). So
 *   every body this server lets through is read whole by Next, the action itself refuses a file
 *   over the maximum with its own message and stores nothing, and a bigger body gets this 413.
 * - A body without a declared length (chunked) cannot be judged up front; only /api/v1 accepts
 *   it, because that handler counts the bytes as they arrive (32 KB cap, lib/api/v1.ts). Browsers
 *   always declare the length of form posts and server-action calls, and reverse proxies such
 *   as nginx buffer and declare it too.
 */
// Relative, not "@/": next.config.ts loads this module too, without the path alias.
import { UPLOAD_BODY_HEADROOM_BYTES, UPLOAD_MAX_BYTES } from "../validation/uploads";

export const MAX_HEADER_BYTES = 16 * 1024;
export const MAX_BODY_BYTES = UPLOAD_MAX_BYTES + UPLOAD_BODY_HEADROOM_BYTES;
/** next.config.ts: serverActions.bodySizeLimit and proxyClientMaxBodySize (bytes). Never below MAX_BODY_BYTES. */
export const NEXT_BODY_LIMIT_BYTES = MAX_BODY_BYTES;
export const HEADERS_TIMEOUT_MS = 30_000;
export const REQUEST_TIMEOUT_MS = 300_000;

const STREAM_COUNTED_PREFIXES = ["/api/v1/"];

export type LimitRefusal = { status: 400 | 403 | 411 | 413; body: { type: string; title: string; status: number; detail: string } };

function refusal(status: 403 | 411 | 413, title: string, detail: string): LimitRefusal {
  return { status, body: { type: "about:blank", title, status, detail } };
}

export function checkBodyLimits(req: { path: string; headers: Record<string, string | string[] | undefined> }): LimitRefusal | null {
  const length = req.headers["content-length"];
  const te = req.headers["transfer-encoding"];
  if (typeof length === "string" && length.trim() !== "") {
    const n = Number(length);
    if (Number.isFinite(n) && n > MAX_BODY_BYTES) {
      return refusal(413, "Payload too large", `Het verzoek is te groot: hoogstens ${MAX_BODY_BYTES / 1024 / 1024} MB. / The request body may be at most ${MAX_BODY_BYTES} bytes.`);
    }
    return null;
  }
  if (te !== undefined && !STREAM_COUNTED_PREFIXES.some((p) => req.path.startsWith(p))) {
    return refusal(411, "Length required", "Stuur de lengte van het verzoek mee (Content-Length). / Send the body with a Content-Length header.");
  }
  return null;
}

type Headers = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(",")[0]?.trim() || undefined;

/** The host of an Origin header ("null" for an opaque origin), or undefined when it is missing or unreadable. */
function originHost(origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (origin === "null") return "null";
  try {
    return new URL(origin).host;
  } catch {
    return "unreadable";
  }
}

/**
 * Server actions posted from another site (cross-site request forgery). Next refuses them itself,
 * but by throwing, which made the answer a 500 and an error page. The server answers 403 first,
 * applying Next's own rule (app-render/action-handler.js) to the requests Next would check: a POST
 * that carries the Next-Action header (the fetch form of an action) or a multipart form posted to
 * a page (the no-JavaScript form); /api and /fhir answer their own POSTs. The rule: when an Origin
 * is sent, its host must equal X-Forwarded-Host (its first value) or else Host. No Origin is let
 * through, as Next does: browsers always send one with a POST, so only a hand-made request lacks
 * it, and that cannot carry a victim's cookies. A forged X-Forwarded-Host cannot help another
 * site either: a browser will not send that header cross-site without a CORS preflight, which fails.
 */
export function checkActionOrigin(req: { method: string | undefined; path: string; headers: Headers }): LimitRefusal | null {
  if (req.method !== "POST") return null;
  const isFetchAction = req.headers["next-action"] !== undefined;
  const contentType = first(req.headers["content-type"])?.toLowerCase() ?? "";
  const isPagePost = !/^\/(api|fhir)(\/|$)/.test(req.path) && contentType.startsWith("multipart/form-data");
  if (!isFetchAction && !isPagePost) return null;
  const origin = originHost(first(req.headers.origin));
  if (origin === undefined) return null;
  const host = first(req.headers["x-forwarded-host"]) ?? first(req.headers.host);
  if (host !== undefined && origin === host) return null;
  return refusal(403, "Forbidden", "Dit formulier kan alleen vanaf het portaal zelf worden verstuurd. / This form may only be posted from the portal itself.");
}
