/**
 * The request a piece of work belongs to, so every log line written while handling it carries
 * the same request id. scripts/start.ts runs each HTTP request inside `withRequestContext`;
 * Node's AsyncLocalStorage carries the context through every await into Next's pages, route
 * handlers and server actions (they run in the same process).
 *
 * The storage lives on globalThis: scripts/start.ts (loaded by tsx) and the Next server bundle
 * load separate copies of this module, and both must see the one store.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/**
 * errorLogged: set by lib/log.ts when a line at level error is written for the request.
 * unreadableActionBody: set when Next could not decode a server action's body (lib/ops/request-error.ts);
 * the HTTP wrapper then answers 400 instead of Next's 500.
 */
export type RequestContext = { requestId: string; errorLogged?: boolean; unreadableActionBody?: boolean };

export const REQUEST_ID_HEADER = "x-request-id";

const g = globalThis as unknown as { __duoRequestContext?: AsyncLocalStorage<RequestContext> };
export const requestContext: AsyncLocalStorage<RequestContext> = (g.__duoRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return requestContext.run(ctx, fn);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** Notes that the current request has its error line (lib/ops/http-server.ts then adds none). */
export function markErrorLogged(): void {
  const ctx = requestContext.getStore();
  if (ctx) ctx.errorLogged = true;
}

/** Notes that the current request is a server action whose body could not be read (a client error). */
export function markUnreadableActionBody(): void {
  const ctx = requestContext.getStore();
  if (ctx) ctx.unreadableActionBody = true;
}

/**
 * The reference a user sees with an unexpected error ("Referentie"): the request id, which the
 * response carries as X-Request-Id and the error's log line as `requestId`. Outside a request
 * (a script, a test) a short random one.
 */
export function errorReference(): string {
  return currentRequestId() ?? randomUUID().slice(0, 8);
}

/**
 * An id a caller (a proxy, a load balancer, an API client) sent along is kept so logs can be
 * correlated across systems, but only when it is short and plain: anything else could smuggle
 * text into log lines or response headers, and is replaced by a fresh UUID.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function resolveRequestId(incoming: string | string[] | undefined | null): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * The path as it may appear in a log: no query string (it can carry search terms, e-mail
 * addresses or tokens), and the one-time tokens in invitation and reset links replaced.
 */
const SECRET_SEGMENT_AFTER = new Set(["accept-invite", "reset-password"]);

export function loggablePath(url: string | undefined): string {
  const raw = (url ?? "/").split(/[?#]/)[0] || "/";
  const segments = raw.split("/");
  for (let i = 1; i < segments.length; i++) {
    if (SECRET_SEGMENT_AFTER.has(segments[i - 1]) && segments[i]) segments[i] = ":token";
  }
  const path = segments.join("/");
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
