/**
 * ESLint rule `duo/client-boundary`: a module that starts with "use client" ends up in the browser
 * bundle together with everything it imports, so it must not reach server-only code: the database
 * (drizzle, postgres.js, PGlite, pg-boss, @/db/**), the session and NextAuth's server side, Node
 * built-ins, secrets (@/lib/env) or the services under lib/.
 *
 * The check is transitive: a local import (`@/…` or relative) is followed through every module it
 * imports at run time, so a shared helper that itself imports the drizzle schema is caught too.
 * Type-only imports are erased by the compiler and never followed. A "use server" module is the
 * one legitimate door: a client imports its actions as references, not its code, so the walk stops
 * there.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith("_")));

/** Package and local module specifiers that never belong in a client bundle, with the reason. */
const SERVER_MODULES = [
  [/^drizzle-orm(\/|$)/, "the database layer (drizzle-orm)"],
  [/^drizzle-kit(\/|$)/, "the database layer (drizzle-kit)"],
  [/^postgres(\/|$)/, "the database driver (postgres.js)"],
  [/^@electric-sql\/pglite(\/|$)/, "the embedded database (PGlite)"],
  [/^pg-boss(\/|$)/, "the job queue (pg-boss)"],
  [/^nodemailer(\/|$)/, "the mailer (nodemailer)"],
  [/^server-only$/, "a server-only module"],
  [/^next\/(headers|cache)$/, "a server-only Next.js API"],
  // next-auth/react is the client half; everything else of next-auth runs on the server.
  [/^next-auth(?!\/react$)(\/|$)/, "NextAuth's server side"],
  [/^@\/db(\/|$)/, "the database (@/db)"],
  [/^@\/lib\/auth\/(session|auth|accounts|login|user-sessions|two-factor|mails|passwords)$/, "the session and account code (server only)"],
  [/^@\/lib\/env$/, "the server environment and its secrets"],
  [/^@\/lib\/(.+\/)?service$/, "a server-side service"],
];

const EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx"];

/** Why a module specifier is server-only by itself (not following it), or null. */
export function serverReasonOfSpecifier(spec) {
  if (spec.startsWith("node:")) return `a Node.js built-in (${spec})`;
  if (BUILTINS.has(spec.split("/")[0]) && !spec.startsWith(".")) return `a Node.js built-in (${spec})`;
  for (const [re, reason] of SERVER_MODULES) if (re.test(spec)) return reason;
  return null;
}

/** The file a local specifier points at, or null (packages, unresolvable). */
export function resolveLocal(spec, fromFile) {
  let base;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith("./") || spec.startsWith("../")) base = path.resolve(path.dirname(fromFile), spec);
  else return null;
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  for (const c of candidates) {
    try {
      if (existsSync(c) && statSync(c).isFile()) return c;
    } catch {
      // unreadable: treat as unresolved
    }
  }
  return null;
}

/** The directive a source file starts with ("use client", "use server"), or null. */
function leadingDirective(sf) {
  const first = sf.statements[0];
  if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression)) return first.expression.text;
  return null;
}

/** The specifiers a module loads at run time (type-only imports and re-exports left out). */
function runtimeSpecifiers(sf) {
  const out = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause &&
        (clause.isTypeOnly ||
          (!clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
      return;
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.isTypeOnly || (node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
      return;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      out.push(node.arguments[0].text);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "require" && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Per lint run: file → { directive, specifiers }. Files do not change during one run. */
const parsed = new Map();
function parseFile(file) {
  let p = parsed.get(file);
  if (!p) {
    const text = readFileSync(file, "utf8");
    const kind = file.endsWith(".tsx") || file.endsWith(".jsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
    p = { directive: leadingDirective(sf), specifiers: runtimeSpecifiers(sf) };
    parsed.set(file, p);
  }
  return p;
}

/** file → the chain to the first server-only module it reaches (array of labels), or null. */
const reaches = new Map();

/**
 * Does this local module (followed transitively) reach a server-only module? Answers the chain of
 * specifiers that leads there plus the reason, or null. "use server" modules are not followed.
 */
export function serverChainOf(file, stack = new Set()) {
  if (reaches.has(file)) return reaches.get(file);
  if (stack.has(file)) return null; // a cycle: judged where it started
  stack.add(file);
  let result = null;
  const { directive, specifiers } = parseFile(file);
  if (directive !== "use server") {
    for (const spec of specifiers) {
      const reason = serverReasonOfSpecifier(spec);
      if (reason) {
        result = { chain: [spec], reason };
        break;
      }
      const target = resolveLocal(spec, file);
      if (!target) continue;
      const sub = serverChainOf(target, stack);
      if (sub) {
        result = { chain: [spec, ...sub.chain], reason: sub.reason };
        break;
      }
    }
  }
  stack.delete(file);
  reaches.set(file, result);
  return result;
}

/** Forget what was learnt (tests that write files between runs). */
export function clearCaches() {
  parsed.clear();
  reaches.clear();
}

/** @type {import("eslint").Rule.RuleModule} */
export const clientBoundaryRule = {
  meta: {
    type: "problem",
    docs: { description: 'Modules starting with "use client" must not import server-only code, directly or through other modules' },
    schema: [],
    messages: {
      direct: '"use client" module imports {{spec}}: {{reason}} must not reach the browser bundle. Move what the client needs (a zod schema, a constant, a type) into a module without server imports (e.g. lib/validation/…), or use a server action.',
      transitive:
        '"use client" module imports {{spec}}, which reaches {{chain}}: {{reason}} must not reach the browser bundle. Move what the client needs (a zod schema, a constant, a type) into a module without server imports (e.g. lib/validation/…), or use a server action.',
    },
  },
  create(context) {
    const body = context.sourceCode.ast.body;
    const first = body[0];
    const isClient = first && first.type === "ExpressionStatement" && first.directive === "use client";
    if (!isClient) return {};
    const file = context.filename;

    function check(node, spec) {
      const reason = serverReasonOfSpecifier(spec);
      if (reason) {
        context.report({ node, messageId: "direct", data: { spec, reason } });
        return;
      }
      const target = resolveLocal(spec, file);
      if (!target) return;
      if (parseFile(target).directive === "use server") return; // server action references
      const hit = serverChainOf(target);
      if (hit) context.report({ node, messageId: "transitive", data: { spec, chain: hit.chain.join(" → "), reason: hit.reason } });
    }

    return {
      ImportDeclaration(node) {
        if (node.importKind === "type") return;
        if (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === "ImportSpecifier" && s.importKind === "type")) return;
        check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source && node.exportKind !== "type") check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        if (node.exportKind !== "type") check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === "Literal" && typeof node.source.value === "string") check(node, node.source.value);
      },
    };
  },
};

export default { meta: { name: "duo-local" }, rules: { "client-boundary": clientBoundaryRule } };
