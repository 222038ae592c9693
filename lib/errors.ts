/**
 * One error type with codes for everything a user or API client can get wrong. Codes map to
 * localised messages (lib/i18n) and HTTP statuses in one place; stack traces and SQL never
 * reach a user.
 */
export const errorStatus = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation: 400,
  conflict: 409,
  rate_limited: 429,
  invalid_token: 400,
  expired_token: 410,
  used_token: 410,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message?: string,
    public readonly fieldErrors?: Record<string, string[]>,
    /** Values for the ICU placeholders of `message` when it is a catalogue key. */
    public readonly params?: Record<string, string | number>,
  ) {
    super(message ?? code);
    this.name = "AppError";
  }
  get status() {
    return errorStatus[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Is this message a catalogue key ("toolkit.errors.no_published") rather than the bare code? */
export const isMessageKey = (m: string) => /^[a-z_]+(\.[a-z0-9_]+)+$/.test(m);
