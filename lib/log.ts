/** Structured JSON log lines. Callers pass ids and codes, never secrets or personal data. */
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function write(level: Level, event: string, fields?: Record<string, unknown>) {
  const min = (process.env.LOG_LEVEL as Level) || "info";
  if (order[level] < (order[min] ?? 20)) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields });
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
