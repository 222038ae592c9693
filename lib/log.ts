/**
 * Structured JSON log lines, one per event. Callers pass ids and codes, never secrets or personal
 * data; as a second line of defence the logger redacts fields whose name suggests a secret or a
 * person (password, token, cookie, e-mail, …) and masks e-mail addresses inside text (database
 * errors quote the offending value). Lines written while a request is handled carry its
 * `requestId` (lib/request-context.ts).
 */
import { envValue } from "@/lib/env";
import { currentRequestId, markErrorLogged } from "@/lib/request-context";

type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values are never written (matched anywhere in the name, any case). */
const SENSITIVE_KEY = /pass(word|wd|phrase)?|secret|token|authorization|cookie|e-?mail|session|credential|api[-_]?key|private[-_]?key|totp|^otp|otp[-_]?code|recovery|csrf|^to$|^from$|^phone|^name$/i;
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
export const REDACTED = "[redacted]";

function clean(value: unknown, depth: number): unknown {
  if (typeof value === "string") return value.replace(EMAIL_IN_TEXT, "[email]");
  if (value === null || typeof value !== "object") return value;
  if (depth >= 4) return "[nested]";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEY.test(k) ? REDACTED : clean(v, depth + 1);
  return out;
}

/** The fields as they may be logged: sensitive names redacted, e-mail addresses masked. */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return clean(fields, 0) as Record<string, unknown>;
}

/** The JSON line for an event, or null when LOG_LEVEL filters it out. Exported for tests. */
export function formatLogLine(level: Level, event: string, fields?: Record<string, unknown>, now = new Date()): string | null {
  // envValue: an invalid LOG_LEVEL (refused at start-up) must not make logging itself throw.
  const min: Level = envValue("LOG_LEVEL") ?? "info";
  if (order[level] < order[min]) return null;
  const requestId = currentRequestId();
  // The context's id wins over a field of the same name.
  return JSON.stringify({ t: now.toISOString(), level, event, ...(fields ? redactFields(fields) : {}), ...(requestId ? { requestId } : {}) });
}

function write(level: Level, event: string, fields?: Record<string, unknown>) {
  const line = formatLogLine(level, event, fields);
  if (level === "error") markErrorLogged();
  if (line === null) return;
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => write("debug", event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};

/** Reduces an error to what may be logged: name, message, code — no SQL parameters. */
export function errorFields(e: unknown) {
  // Drizzle wraps driver errors in "Failed query: <sql> params: <values>": log the cause only.
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : null;
  if (cause) return { error: cause.name, message: cause.message.split("\n")[0].slice(0, 300), code: (cause as { code?: string }).code };
  if (e instanceof Error) return { error: e.name, message: e.message.split("\n")[0].slice(0, 300), code: (e as { code?: string }).code };
  return { error: String(e).slice(0, 300) };
}
