/**
 * The log line of an error Next could not answer (instrumentation.ts, onRequestError): one JSON
 * line at level error, with the request id (the "Referentie" the error page shows, see
 * lib/ops/error-digest.ts), the route, and the error reduced to name, message and code — never a
 * stack, SQL parameters or the query string.
 */
import { errorFields, log } from "@/lib/log";
import { REQUEST_ID_HEADER, loggablePath, markUnreadableActionBody } from "@/lib/request-context";

export type RequestErrorInfo = { path: string; method: string; headers: NodeJS.Dict<string | string[]> };
export type RequestErrorContextInfo = { routePath?: string; routeType?: string; renderSource?: string };

/**
 * The errors Next's server-action handler meets while it decodes a body that is not in React's
 * format (before any action code runs): JSON that does not parse, and busboy's multipart errors.
 * The portal's own actions catch their errors (lib/actions.ts), so these are the client's fault.
 */
const BODY_DECODE_MESSAGES = ["Unexpected end of form", "Unexpected end of file", "Malformed part header", "Malformed content type", "Malformed urlencoded form", "Missing Content-Type", "Multipart: Boundary not found"];
/** A multipart POST to a page without a Next-Action header (a form's no-JavaScript action) whose body is not a form. */
const MPA_FORM_UNREADABLE = "Failed to parse body as FormData.";
export function isActionBodyDecodeError(error: unknown, context: RequestErrorContextInfo): boolean {
  if (!(error instanceof Error)) return false;
  if (context.routeType === "render") return error.message === MPA_FORM_UNREADABLE;
  if (context.routeType !== "action") return false;
  return error.name === "SyntaxError" || BODY_DECODE_MESSAGES.includes(error.message);
}

export function logRequestError(error: unknown, request: RequestErrorInfo, context: RequestErrorContextInfo) {
  const header = request.headers[REQUEST_ID_HEADER];
  const requestId = Array.isArray(header) ? header[0] : header;
  const digest = (error as { digest?: unknown } | null)?.digest;
  const fields = {
    method: request.method,
    path: loggablePath(request.path),
    routePath: context.routePath,
    routeType: context.routeType,
    ...(context.renderSource ? { renderSource: context.renderSource } : {}),
    ...errorFields(error),
    // The line's own requestId comes from the request context; this one is for a line written
    // outside it (the logger lets the context's id win).
    requestId,
    ...(typeof digest === "string" && digest !== requestId ? { digest } : {}),
  };
  if (isActionBodyDecodeError(error, context)) {
    // The client's error: the wrapper (lib/ops/http-server.ts) answers 400, the line is a warning.
    markUnreadableActionBody();
    log.warn("request.unreadable_action_body", fields);
  } else {
    log.error("request.error", fields);
  }
}
