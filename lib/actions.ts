/**
 * How server actions answer: one result type, and one place that turns errors into it.
 * Expected errors (AppError, zod) become localised messages; anything else is logged with a
 * reference and the user sees a friendly message, never a stack trace or SQL.
 */
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";
import { errorText, translate, type Locale } from "@/lib/i18n/messages";
import { getLocale } from "@/lib/i18n/server";
import { errorFields, log } from "@/lib/log";
import { errorReference } from "@/lib/request-context";
import { messageText } from "@/lib/validation/messages";

export type ActionError = { code: ErrorCode; message: string; fieldErrors?: Record<string, string> };
export type ActionResult<T = null> = { ok: true; data: T; message?: string } | { ok: false; error: ActionError };

/** Field messages are message keys, with values where they have them ("checks.ura.wrong_length {…}", lib/validation/messages.ts), or text that is already localised. */
const localise = (locale: Locale, m: string) => messageText((key, values) => translate(locale, key, values), m);

function firstMessages(locale: Locale, fieldErrors: Record<string, string[] | undefined>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fieldErrors)) if (v?.[0]) out[k] = localise(locale, v[0]);
  return out;
}

export function toActionError(e: unknown, locale: Locale): ActionError {
  if (e instanceof AppError) {
    return {
      code: e.code,
      message: errorText(locale, e),
      fieldErrors: e.fieldErrors ? firstMessages(locale, e.fieldErrors) : undefined,
    };
  }
  if (e instanceof z.ZodError) {
    const flat = z.flattenError(e);
    return { code: "validation", message: translate(locale, "errors.validation"), fieldErrors: firstMessages(locale, flat.fieldErrors) };
  }
  const reference = errorReference();
  log.error("action.failed", { reference, ...errorFields(e) });
  return { code: "internal", message: `${translate(locale, "errors.internal")} (${translate(locale, "errors.reference")}: ${reference})` };
}

export async function runAction<T>(fn: () => Promise<T>, okMessage?: string): Promise<ActionResult<T>> {
  try {
    const data = await fn();
    return { ok: true, data, message: okMessage };
  } catch (e) {
    unstable_rethrow(e); // redirects and not-found are control flow, not errors
    return { ok: false, error: toActionError(e, await getLocale()) };
  }
}

/**
 * A server action's form, or an empty one when a crafted request sent something else (no
 * argument, a string, an object): its fields then read as missing and get the usual Dutch
 * refusal instead of a TypeError logged as an internal error.
 */
export function formOf(input: unknown): FormData {
  return input instanceof FormData ? input : new FormData();
}
