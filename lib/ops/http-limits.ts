/**
 * Limits the HTTP server (scripts/start.ts) enforces before a request reaches Next. Pure, so the
 * decisions are table-tested; the server only applies them.
 *
 * - Headers: at most MAX_HEADER_BYTES in total (Node's parser answers 431 beyond it).
 * - Bodies: a declared Content-Length above MAX_BODY_BYTES is refused with 413 before a byte is
 *   read. It sits just above the server-action limit in next.config.ts (11 MB: 10 MB evidence
 *   and template uploads plus form fields), which Next enforces itself on the stream.
 * - A body without a declared length (chunked) cannot be judged up front; only /api/v1 accepts
 *   it, because that handler counts the bytes as they arrive (32 KB cap, lib/api/v1.ts). Browsers
 *   always declare the length of form posts and server-action calls, and reverse proxies such
 *   as nginx buffer and declare it too.
 */
export const MAX_HEADER_BYTES = 16 * 1024;
export const MAX_BODY_BYTES = 12 * 1024 * 1024;
export const HEADERS_TIMEOUT_MS = 30_000;
export const REQUEST_TIMEOUT_MS = 300_000;

const STREAM_COUNTED_PREFIXES = ["/api/v1/"];

export type LimitRefusal = { status: 411 | 413; body: { type: string; title: string; status: number; detail: string } };

function refusal(status: 411 | 413, title: string, detail: string): LimitRefusal {
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
