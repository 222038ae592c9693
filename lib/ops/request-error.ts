/**
 * The log line of an error Next could not answer (instrumentation.ts, onRequestError): one JSON
 * line at level error, with the request id (the "Referentie" the error page shows, see
 * lib/ops/error-digest.ts), the route, and the error reduced to name, message and code — never a
 * stack, SQL parameters or the query string.
 */
import { errorFields, log } from "@/lib/log";
import { REQUEST_ID_HEADER, loggablePath } from "@/lib/request-context";

export type RequestErrorInfo = { path: string; method: string; headers: NodeJS.Dict<string | string[]> };
export type RequestErrorContextInfo = { routePath?: string; routeType?: string; renderSource?: string };

export function logRequestError(error: unknown, request: RequestErrorInfo, context: RequestErrorContextInfo) {
  const header = request.headers[REQUEST_ID_HEADER];
  const digest = (error as { digest?: unknown } | null)?.digest;
  log.error("request.error", {
    method: request.method,
    path: loggablePath(request.path),
    routePath: context.routePath,
    routeType: context.routeType,
    ...(context.renderSource ? { renderSource: context.renderSource } : {}),
    ...errorFields(error),
    // The line's own requestId comes from the request context; this one is for a line written
    // outside it (the logger lets the context's id win).
    requestId: Array.isArray(header) ? header[0] : header,
    ...(typeof digest === "string" && digest !== (Array.isArray(header) ? header[0] : header) ? { digest } : {}),
  });
}
