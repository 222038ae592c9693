/**
 * Validation texts as codes. A check returns a catalogue key with its ICU values
 * (`{ key: "checks.ura.wrong_length", params: { length: "7" } }`), never a sentence; the texts
 * live in messages/*.json. A zod issue carries its text as one string, so a message with values
 * travels as the key followed by its values as JSON (`checks.ura.wrong_length {"length":"7"}`);
 * `messageText` turns either form back into text with a next-intl translator: `useTranslations()`
 * in a form, `getTranslations()` or `translator(locale)` on the server. The namespaces the forms
 * read are in the client message groups of their pages (CLIENT_MESSAGE_GROUPS, lib/i18n/messages.ts).
 *
 * Pure and browser-safe. Numbers go in as strings, so "2048" is not shown as "2.048".
 */
export type MessageParams = Record<string, string | number>;
export type Message = { key: string; params?: MessageParams };

/** A next-intl translator, loosely typed: keys here are built at run time. */
export type Translate = (key: string, params?: MessageParams) => string;

const KEY_RE = /^[a-z_]+(\.[a-z0-9_]+)+$/;

/** The string a zod issue carries for a message: the key, or the key and its values. */
export function encodeMessage(m: Message): string {
  return m.params && Object.keys(m.params).length > 0 ? `${m.key} ${JSON.stringify(m.params)}` : m.key;
}

/** A message string as a key with its values; null when it is not a catalogue key (text as it is). */
export function decodeMessage(s: string): Message | null {
  const space = s.indexOf(" ");
  const key = space < 0 ? s : s.slice(0, space);
  if (!KEY_RE.test(key)) return null;
  if (space < 0) return { key };
  try {
    const params = JSON.parse(s.slice(space + 1)) as unknown;
    if (params && typeof params === "object" && !Array.isArray(params)) return { key, params: params as MessageParams };
  } catch {
    // not ours: fall through
  }
  return null;
}

/** The text of a message string (a key, a key with values, or text that is already text). */
export function messageText(t: Translate, s: string): string {
  const m = decodeMessage(s);
  return m ? t(m.key, m.params) : s;
}

/** Adds a check's failure to a zod context as one issue; `params.code` keeps the check's code for programs. */
export function issue(m: Message & { code?: string }, path?: PropertyKey[]) {
  return { code: "custom" as const, message: encodeMessage(m), params: { code: m.code, ...m.params }, ...(path ? { path } : {}) };
}
