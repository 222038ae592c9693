/**
 * Each page carries only the client message groups its client components need (issue 21 §3):
 * `base` from app/layout.tsx and the groups of every <ClientMessages groups={[…]}> in the layouts
 * above it (CLIENT_MESSAGE_GROUPS in lib/i18n/messages.ts). A text missing on the client shows as
 * its key ("registry.url"), so this follows every route file's imports to the client components
 * it renders and checks that what they read is sent with it:
 *   - the keys a translator from useTranslations("ns") is called with (`t("code_label")`), or all
 *     of "ns" when a key is not written out (`t(code)`, `t(\`kinds.${k}\`)` needs "ns.kinds");
 *   - message keys as data ("checks.url.required", `registry.v.${code}`) in the client code of a
 *     component whose code reads texts through the root translator (useTranslations(), as
 *     useMessageText does for validation messages); a key put together at run time
 *     (`checks.${field}`) needs its whole namespace.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { CLIENT_MESSAGE_GROUPS, clientMessagesJson, messages, type ClientMessageGroup } from "@/lib/i18n/messages";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const APP = path.join(ROOT, "app");
const NAMESPACES = new Set(Object.keys(messages.nl));
const MESSAGES_MODULE = path.join(ROOT, "lib", "i18n", "messages.ts");
const ALL_GROUPS = Object.values(CLIENT_MESSAGE_GROUPS).flat() as string[];
/**
 * A sent path covers a need when it is the need or holds it ("two_factor" holds
 * "two_factor.code_label"); "x.*" (any key under x: a key put together at run time, or a
 * translator whose keys cannot be read) needs x itself or what holds it.
 */
const covers = (sent: string[], need: string) => {
  const wanted = need.endsWith(".*") ? need.slice(0, -2) : need;
  return sent.some((q) => q === wanted || wanted.startsWith(`${q}.`));
};

/**
 * The needs of a key put together at run time from `prefix`: "ns.kinds." needs "ns.kinds.*";
 * "ns.ms_kind_" needs every "ns.ms_kind_…" the catalogue has.
 */
function keysStartingWith(prefix: string): string[] {
  if (prefix.endsWith(".")) return [`${prefix.slice(0, -1)}.*`];
  const cut = prefix.lastIndexOf(".");
  const parent = prefix.slice(0, cut);
  const stem = prefix.slice(cut + 1);
  let node: unknown = messages.nl;
  for (const part of parent.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  const keys = Object.keys((node as Record<string, unknown> | undefined) ?? {}).filter((k) => k.startsWith(stem));
  return keys.length ? keys.map((k) => `${parent}.${k}`) : [`${parent}.*`];
}

/** Whether a dotted key names a text (or a section of texts) in the Dutch catalogue. */
function inCatalogue(key: string): boolean {
  let node: unknown = messages.nl;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return node !== undefined;
}
const ROUTE_FILES = new Set(["page.tsx", "layout.tsx", "not-found.tsx", "forbidden.tsx", "unauthorized.tsx", "error.tsx", "loading.tsx", "template.tsx", "default.tsx"]);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const sources = new Map<string, string>();
const source = (file: string) => {
  let s = sources.get(file);
  if (s === undefined) sources.set(file, (s = readFileSync(file, "utf8")));
  return s;
};

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.tsx`, `${base}.ts`, path.join(base, "index.tsx"), path.join(base, "index.ts")]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const importCache = new Map<string, string[]>();
function importsOf(file: string): string[] {
  let list = importCache.get(file);
  if (list) return list;
  const src = source(file);
  // Type-only imports bring no code along.
  const specs = [...src.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']/g), ...src.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  list = [...new Set(specs.map((s) => resolveImport(file, s)).filter((f): f is string => f !== null && !f.endsWith(".d.ts")))];
  importCache.set(file, list);
  return list;
}

const directive = (file: string, name: string) => new RegExp(`^(?:\\s|//[^\\n]*\\n|/\\*[\\s\\S]*?\\*/)*["']${name}["']`).test(source(file));
const isClient = (file: string) => directive(file, "use client");

/**
 * Every file reachable from `start` through relative and "@/" imports, `start` included. With
 * `clientOnly`, server actions ("use server") are not followed: the browser gets a reference to
 * them, not their code.
 */
function closure(start: string, clientOnly = false): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length) {
    for (const next of importsOf(queue.pop()!)) {
      if (seen.has(next) || (clientOnly && directive(next, "use server"))) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

/** Source without its comments (which name keys as examples). */
const withoutComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/[^\n]*/g, "$1");

/** What a client component and the client code it imports read. */
function clientNeeds(file: string): Map<string, string> {
  const files = closure(file, true);
  const needs = new Map<string, string>();
  let rootTranslator = false;
  for (const f of files) {
    const code = withoutComments(source(f));
    const rel = path.relative(ROOT, f);
    // A namespaced translator: the keys it is called with, each as a need of its own.
    for (const m of code.matchAll(/useTranslations\(\s*["']([^"']+)["']\s*\)/g)) {
      const ns = m[1];
      const assigned = code.slice(Math.max(0, m.index - 60), m.index).match(/(?:const|let)\s+(\w+)\s*=\s*$/);
      if (!assigned) {
        needs.set(`${ns}.*`, rel);
        continue;
      }
      const calls = new RegExp(`(?<![\\w.])${assigned[1]}(?:\\.(?:rich|markup|raw|has))?\\(\\s*(?:(["'])([^"'\\n]*)\\1|\`([^\`]*)\`|([^)\\s]))`, "g");
      let found = 0;
      for (const c of code.matchAll(calls)) {
        found++;
        if (c[2] !== undefined) {
          // A key this translator's namespace does not have belongs to another translator of the
          // same name in the same file.
          if (inCatalogue(`${ns}.${c[2]}`)) needs.set(`${ns}.${c[2]}`, rel);
        } else if (c[3] !== undefined) {
          if (!c[3].includes("${")) needs.set(`${ns}.${c[3]}`, rel);
          else for (const key of keysStartingWith(`${ns}.${c[3].split("${")[0]}`)) needs.set(key, rel);
        } else needs.set(`${ns}.*`, rel);
      }
      // Handed on to other code: any key of the namespace.
      if (found === 0) needs.set(`${ns}.*`, rel);
    }
    if (/useTranslations\(\s*\)/.test(code)) rootTranslator = true;
  }
  if (rootTranslator) {
    for (const f of files) {
      // The group table itself names every key that travels; a component with a namespaced
      // translator names keys relative to its namespace (`kinds.${kind}` in "notifications").
      const src = source(f);
      if (f === MESSAGES_MODULE || (/useTranslations\(\s*["']/.test(src) && !/useTranslations\(\s*\)/.test(src))) continue;
      const code = withoutComments(src);
      // A key put together at run time (`checks.${field}`) can be any key of its namespace.
      for (const m of code.matchAll(/`([a-z][A-Za-z_]*)\.\$\{/g)) {
        if (NAMESPACES.has(m[1]) && covers(ALL_GROUPS, m[1])) needs.set(`${m[1]}.*`, path.relative(ROOT, f));
      }
      for (const m of code.matchAll(/["'`]([a-z][A-Za-z_]*)\.([A-Za-z_]+)/g)) {
        const key = `${m[1]}.${m[2]}`;
        // Only keys some group sends: a key no group sends was never meant for the browser (a
        // server-side text the shared module also names), which is not this test's question.
        if (NAMESPACES.has(m[1]) && covers(ALL_GROUPS, key)) needs.set(key, path.relative(ROOT, f));
      }
    }
  }
  return needs;
}

/** The groups a route file's own <ClientMessages groups={[…]}> elements send. */
function groupsIn(file: string): ClientMessageGroup[] {
  const out: ClientMessageGroup[] = [];
  for (const m of source(file).matchAll(/<ClientMessages\s+groups=\{\[([^\]]*)\]\}/g)) {
    for (const g of m[1].matchAll(/["']([a-z_]+)["']/g)) {
      assert.ok(g[1] in CLIENT_MESSAGE_GROUPS, `${path.relative(ROOT, file)}: unknown client message group "${g[1]}"`);
      out.push(g[1] as ClientMessageGroup);
    }
  }
  return out;
}

/** What is sent with a route file: base, the layouts above it, and (but for a layout) its own. */
function provided(file: string): string[] {
  const groups = new Set<ClientMessageGroup>(["base"]);
  const isLayout = path.basename(file) === "layout.tsx";
  if (!isLayout) for (const g of groupsIn(file)) groups.add(g);
  for (let dir = path.dirname(file); dir.startsWith(APP); dir = path.dirname(dir)) {
    const layout = path.join(dir, "layout.tsx");
    if (layout !== file && existsSync(layout)) for (const g of groupsIn(layout)) groups.add(g);
  }
  return [...groups].flatMap((g) => [...CLIENT_MESSAGE_GROUPS[g]] as string[]);
}


const routeFiles = walk(APP).filter((f) => ROUTE_FILES.has(path.basename(f)));
const clientCache = new Map<string, Map<string, string>>();

/** Everything the client components a route file renders read, with the file that reads it. */
function routeNeeds(file: string): Map<string, string> {
  const needs = new Map<string, string>();
  for (const f of closure(file)) {
    if (!isClient(f)) continue;
    let n = clientCache.get(f);
    if (!n) clientCache.set(f, (n = clientNeeds(f)));
    for (const [k, v] of n) needs.set(k, v);
  }
  return needs;
}

describe("client message groups", () => {
  test("every route file sends what its client components read", () => {
    const missing: string[] = [];
    for (const file of routeFiles) {
      const sent = provided(file);
      for (const [need, reader] of routeNeeds(file)) {
        if (!covers(sent, need)) missing.push(`${path.relative(ROOT, file)}: "${need}" (read in ${reader})`);
      }
    }
    assert.deepEqual(missing, [], `add the group that holds these to the layout above the page (lib/i18n/messages.ts):\n${missing.join("\n")}`);
  });

  test("the analysis sees the client components and the message keys they use", () => {
    const byName = (rel: string) => path.join(APP, rel);
    // A scoped translator, a form's message keys as data, and a component two imports away.
    const login = routeNeeds(byName("(public)/login/page.tsx"));
    assert.ok(login.has("login.email") && login.has("two_factor.code_label"), [...login.keys()].join(", "));
    assert.ok([...routeNeeds(byName("(portal)/registry/new/page.tsx")).keys()].some((k) => k.startsWith("checks.")));
    assert.ok([...routeNeeds(byName("(portal)/registry/[id]/page.tsx")).keys()].some((k) => k.startsWith("checker.")));
    // A key put together from a stem needs each key of the catalogue with that stem.
    assert.ok(routeNeeds(byName("(admin)/admin/milestones/page.tsx")).has("dashboard.ms_kind_manual"));
    // The institution form's schema builds its keys at run time (lib/validation/identifiers.ts).
    assert.ok(routeNeeds(byName("(admin)/admin/institutions/new/page.tsx")).has("checks.*"));
    assert.ok(routeFiles.length > 50, `${routeFiles.length} route files`);
  });

  test("a page without forms carries only the base texts", () => {
    for (const locale of ["nl", "en"] as const) {
      const size = Buffer.byteLength(clientMessagesJson(locale));
      // Every page carries it, forms or not: the scroll box and the idle notice texts, ~640 bytes.
      assert.ok(size < 1_000, `${locale}: base is ${size} bytes`);
      assert.ok(clientMessagesJson(locale, ["registry"]).length > size);
    }
    // The same groups in another order are the same JSON, built once.
    assert.equal(clientMessagesJson("nl", ["golive", "registry"]), clientMessagesJson("nl", ["registry", "golive"]));
  });
});
