/**
 * lib/i18n/compiled-messages.ts: every message of both catalogues, formatted with arguments of
 * each kind it takes, gives exactly what next-intl's own translator gives (use-intl's
 * createTranslator, configured as next-intl configures it on the server).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTranslator, _createCache, _createIntlFormatters } from "use-intl/core";
import { TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { messages } from "@/lib/i18n/messages";
import { compiledMessage, withCompiledMessages } from "@/lib/i18n/compiled-messages";

function flatten(obj: Record<string, unknown>, prefix = ""): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : v && typeof v === "object" ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : []));
}

/** Argument values of every kind the message's elements take: numbers for plural/number, an option for select, text otherwise. */
function valuesFor(ast: MessageFormatElement[], variant: number, out: Record<string, string | number> = {}) {
  for (const el of ast) {
    if (el.type === TYPE.argument) out[el.value] ??= variant === 0 ? "Tekst" : "waarde met 'quote' & <teken>";
    else if (el.type === TYPE.number) out[el.value] = [0, 1, 1234.5][variant % 3];
    else if (el.type === TYPE.plural) {
      out[el.value] = [0, 1, 7][variant % 3];
      for (const o of Object.values(el.options)) valuesFor(o.value, variant, out);
    } else if (el.type === TYPE.select) {
      const keys = Object.keys(el.options);
      out[el.value] = keys[variant % keys.length];
      for (const o of Object.values(el.options)) valuesFor(o.value, variant, out);
    } else if (el.type === TYPE.tag) valuesFor(el.children, variant, out);
  }
  return out;
}

for (const locale of ["nl", "en"] as const) {
  test(`${locale}: every message with arguments formats as next-intl formats it`, () => {
    const cache = _createCache();
    const t = createTranslator({ locale, messages: messages[locale], timeZone: "Europe/Amsterdam", _cache: cache, _formatters: _createIntlFormatters(cache) } as never) as unknown as (key: string, values?: Record<string, string | number>) => string;
    const fast = withCompiledMessages(t, locale);
    // next-intl's other calls stay next-intl's own.
    for (const m of ["rich", "markup", "raw", "has"] as const) assert.equal((fast as unknown as Record<string, unknown>)[m], (t as unknown as Record<string, unknown>)[m], m);
    let compared = 0;
    let compiledCount = 0;
    for (const [key, message] of flatten(messages[locale] as Record<string, unknown>)) {
      if (!message.includes("{")) continue;
      const ast = new IntlMessageFormat(message, locale).getAst();
      for (let variant = 0; variant < 3; variant++) {
        const values = valuesFor(ast, variant);
        if (Object.keys(values).length === 0) continue;
        let want: string;
        try {
          want = t(key, values);
        } catch {
          continue; // e.g. a rich-text message, which t() refuses to format as a string; t.rich is not wrapped
        }
        assert.equal(fast(key, values), want, `${locale} ${key} ${JSON.stringify(values)}`);
        compared++;
      }
      if (compiledMessage(locale, message)) compiledCount++;
    }
    assert.ok(compared > 300, `compared ${compared}`);
    assert.ok(compiledCount > 100, `compiled ${compiledCount}`);
  });
}

test("only calls whose result cannot differ are compiled; the rest go to next-intl", () => {
  const table: [string, boolean][] = [
    ["{date}: {value}", true],
    ["{count, plural, one {# dag} other {# dagen}}", true],
    ["Gepland op {date, date, medium}", false], // a date argument: next-intl applies the time zone
    ["om {at, time, short}", false],
    ["Lees <link>de handleiding</link>", false], // rich text
    ["{unclosed", false], // not a message intl-messageformat can parse
  ];
  for (const [message, eligible] of table) assert.equal(compiledMessage("nl", message) !== null, eligible, message);

  // Dates, missing keys and extra format options are next-intl's: the call is handed on as it is.
  const calls: unknown[][] = [];
  const t = Object.assign((...args: unknown[]) => (calls.push(args), "next-intl"), { raw: (k: string) => (k === "x" ? "{a}" : undefined), has: (k: string) => k === "x", rich: () => "rich" });
  const fast = withCompiledMessages(t, "nl") as unknown as ((key: string, values?: Record<string, unknown>, formats?: unknown) => string) & { rich(): string };
  assert.equal(fast("x", { a: "één" }), "één");
  assert.equal(fast("x", { a: new Date(0) }), "next-intl");
  assert.equal(fast("missing", { a: "b" }), "next-intl");
  assert.equal(fast("x", { a: "b" }, { number: {} }), "next-intl");
  assert.equal(fast("x"), "next-intl");
  assert.equal(fast.rich(), "rich");
  assert.equal(calls.length, 4);
});
