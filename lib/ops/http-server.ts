/**
 * The HTTP wrapper around Next's request handler (scripts/start.ts runs it; tests start it with a
 * stand-in for Next). Per request, before Next sees it:
 *
 * - an id (X-Request-Id, kept from the caller when safe) carried into every log line written
 *   while the request is handled (lib/request-context.ts), and one access-log line;
 * - the client's address for per-IP rate limiting (lib/auth/client-ip.ts);
 * - the body limits and the cross-site server-action refusal (lib/ops/http-limits.ts), answered
 *   as problem+json (413, 411, 403) instead of reaching Next;
 * - a Content-Security-Policy on every response that is written without one
 *   (lib/security/headers.ts: fallbackCsp), so route handlers, downloads and static files carry
 *   `frame-ancestors 'none'` as pages do;
 * - a Next-Router-State-Tree header Next could not parse is answered 400 (Next threw: a 500), and
 *   so is a server action whose body is not in React's format (Next answers 500);
 * - an error Next lets escape is logged as one JSON line with the request id and answered 500;
 *   and a 5xx answered while no line at level error was written for the request (Next answers
 *   some errors itself, outside the render and without onRequestError) gets one such line too,
 *   so every 500 can be found in the log by the id the client saw.
 */
import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { CLIENT_IP_HEADER, resolveClientIp } from "@/lib/auth/client-ip";
import { errorFields, log } from "@/lib/log";
import { checkActionOrigin, checkBodyLimits, type LimitRefusal } from "@/lib/ops/http-limits";
import { isDraining } from "@/lib/ops/status";
import { ROUTER_STATE_HEADER, isUnreadableRouterState } from "@/lib/ops/router-state";
import { REQUEST_ID_HEADER, loggablePath, resolveRequestId, withRequestContext, type RequestContext } from "@/lib/request-context";
import { isPublicPath } from "@/lib/auth/policy";
import { env } from "@/lib/env";
import { NON_HTML_CSP, fallbackCsp } from "@/lib/security/headers";
import { PAGE_HEADERS_DONE, PROXY_PATH, hasSessionCookie, pageSecurityHeaders } from "@/lib/security/page-headers";

export type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

type HeadersArg = OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;

function findInArg(headers: HeadersArg, name: string): string | undefined {
  if (!headers) return undefined;
  if (Array.isArray(headers)) {
    // Raw headers: [name, value, name, value, …].
    for (let i = 0; i + 1 < headers.length; i += 2) if (String(headers[i]).toLowerCase() === name) return String(headers[i + 1]);
    return undefined;
  }
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && v !== undefined) return String(v);
  return undefined;
}

/** Adds fallbackCsp(content type) to a response that is about to be written without a policy. */
export function ensureContentSecurityPolicy(res: ServerResponse) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    const headers = (typeof rest[0] === "string" ? rest[1] : rest[0]) as HeadersArg;
    if (!this.hasHeader("content-security-policy") && findInArg(headers, "content-security-policy") === undefined) {
      const policy = fallbackCsp(findInArg(headers, "content-type") ?? String(this.getHeader("content-type") ?? ""));
      if (Array.isArray(headers)) headers.push("content-security-policy", policy);
      else this.setHeader("content-security-policy", policy);
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
  } as ServerResponse["writeHead"];
}

/**
 * A server action whose body Next could not decode (not in React's format: lib/ops/request-error.ts
 * marks the request) is the client's error: 400, where Next answers 500.
 */
function answerUnreadableActionBodyWith400(res: ServerResponse, context: RequestContext) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (statusCode === 500 && context.unreadableActionBody) {
      statusCode = 400;
      this.statusCode = 400;
      if (typeof rest[0] === "string") rest[0] = "Bad Request";
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
  } as ServerResponse["writeHead"];
}

const UNREADABLE_ROUTER_STATE: LimitRefusal = {
  status: 400,
  body: { type: "about:blank", title: "Bad Request", status: 400, detail: "De navigatiegegevens van dit verzoek zijn onleesbaar. / The Next-Router-State-Tree header cannot be read." },
};

function answer(res: ServerResponse, refused: LimitRefusal) {
  // No "Connection: close": Node then discards the unread body after the answer (bounded by
  // REQUEST_TIMEOUT_MS) instead of resetting the connection before the client reads it.
  const body = JSON.stringify(refused.body);
  res.writeHead(refused.status, {
    "content-type": "application/problem+json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-security-policy": NON_HTML_CSP,
  });
  res.end(body);
}

/**
 * What proxy.ts does for a page request that it would let through (a session cookie, or a public
 * page): the CSP nonce on the request for Next, the CSP and HSTS on the response, and the mark
 * that makes proxy.ts's matcher skip the request (lib/security/page-headers.ts). A mark the client
 * sent is removed first. Requests it leaves alone go through proxy.ts as before.
 */
export function applyPageHeaders(req: IncomingMessage, res: ServerResponse) {
  delete req.headers[PAGE_HEADERS_DONE];
  let pathname: string;
  try {
    pathname = new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    return;
  }
  if (!PROXY_PATH.test(pathname)) return;
  if (!hasSessionCookie(req.headers.cookie) && !isPublicPath(pathname)) return;
  // Next's proxy sees https when X-Forwarded-Proto contains "https" (its request URL then is https).
  const proto = req.headers["x-forwarded-proto"];
  const page = pageSecurityHeaders({ dev: env().NODE_ENV === "development", https: typeof proto === "string" && proto.includes("https") });
  Object.assign(req.headers, page.request, { [PAGE_HEADERS_DONE]: "1" });
  for (const [k, v] of Object.entries(page.response)) res.setHeader(k, v);
}

/** pageHeaders: apply the page headers here instead of in Next's proxy (scripts/start.ts; see applyPageHeaders). */
export function createRequestListener(opts: { handle: NextHandler; trustProxy: boolean; pageHeaders?: boolean }) {
  const { handle, trustProxy, pageHeaders = false } = opts;
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const requestId = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
    // Next sees the id as a request header; the client gets it back to quote in a report.
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader("X-Request-Id", requestId);
    ensureContentSecurityPolicy(res);
    // While draining, every answer asks the client to open its next connection elsewhere.
    if (isDraining()) res.setHeader("Connection", "close");
    req.headers[CLIENT_IP_HEADER] = resolveClientIp({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: req.headers["x-forwarded-for"],
      trustProxy,
    });
    const path = loggablePath(req.url);
    // lib/log.ts marks the context when a line at level error is written while handling it.
    const context: RequestContext = { requestId };
    answerUnreadableActionBodyWith400(res, context);
    let logged = false;
    const accessLog = () => {
      if (logged) return;
      logged = true;
      if (res.statusCode >= 500 && !context.errorLogged) {
        // Next answered 5xx without telling us why (no onRequestError, no rejection): still one error line with the id.
        withRequestContext(context, () => log.error("request.failed", { method: req.method, path, status: res.statusCode, error: "UnreportedServerError", message: "answered without an error report" }));
      }
      const fields = { method: req.method, path, status: res.statusCode, durationMs: Math.round(performance.now() - started), requestId };
      if (res.writableFinished) log.info("http.request", fields);
      else log.info("http.request", { ...fields, aborted: true });
    };
    res.once("finish", accessLog);
    res.once("close", accessLog);
    withRequestContext(context, () => {
      const refused = checkBodyLimits({ path, headers: req.headers });
      if (refused) return answer(res, refused);
      const foreign = checkActionOrigin({ method: req.method, path, headers: req.headers });
      if (foreign) {
        log.warn("http.cross_site_action_refused", { method: req.method, path });
        return answer(res, foreign);
      }
      if (isUnreadableRouterState(req.headers[ROUTER_STATE_HEADER])) {
        log.warn("http.unreadable_router_state", { method: req.method, path });
        return answer(res, UNREADABLE_ROUTER_STATE);
      }
      if (pageHeaders) applyPageHeaders(req, res);
      handle(req, res).catch((e) => {
        log.error("request.failed", { method: req.method, path, ...errorFields(e) });
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
  };
}
