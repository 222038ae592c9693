/**
 * Holds lib/auth/inventory.ts to the code: every page, route handler (with its HTTP methods) and
 * server action under app/ must be in the inventory, every inventory entry must still exist, and
 * the file behind each entry must ask the permission the inventory claims. The behaviour itself
 * (who really gets through) is walked by tests/e2e/authz-matrix.spec.ts.
 *
 * Server actions are held to more: the FIRST statement of every exported function of a "use server"
 * module is its gate (parsed with the TypeScript compiler, not matched with regexes), and it asks
 * exactly the permission the inventory states. Public actions state here what they do first instead.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { ACTIONS, API_OPERATIONS, HTTP_METHODS, INVENTORY, PAGES, ROUTES, rolesWith, routePatternOf, type ActionEntry, type HttpMethod, type InventoryEntry } from "@/lib/auth/inventory";
import { ROLES } from "@/lib/auth/roles";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const APP = path.join(ROOT, "app");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The HTTP methods a route module exports, in every form a route handler can take. */
export function exportedHttpMethods(source: string): HttpMethod[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\s*\(/g)) names.add(m[1]);
  for (const m of source.matchAll(/export\s+(?:const|let|var)\s+([A-Z]+)\s*[=:]/g)) names.add(m[1]);
  for (const m of source.matchAll(/export\s+(?:const|let|var)\s*\{([^}]*)\}\s*=/g)) for (const n of m[1].split(",")) names.add(n.split(":").pop()!.trim());
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) for (const n of m[1].split(",")) names.add(n.split(/\s+as\s+/).pop()!.trim());
  return HTTP_METHODS.filter((h) => names.has(h));
}

/** Is the module a "use server" module (the directive before any other statement)? */
export function isUseServerModule(source: string): boolean {
  const body = source.replace(/^\s*(?:(?:\/\/[^\n]*\n)|(?:\/\*[\s\S]*?\*\/)|\s)*/, "");
  return /^["']use server["']/.test(body);
}

/** The server actions a "use server" module exports. */
export function exportedFunctions(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  for (const m of source.matchAll(/export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) for (const n of m[1].split(",")) if (n.trim()) names.add(n.split(/\s+as\s+/).pop()!.trim());
  if (/export\s+default\b/.test(source)) names.add("default");
  return [...names].sort();
}

/** The text of one exported function, up to the next top-level export. */
function functionBody(source: string, name: string): string {
  const start = source.search(new RegExp(`export\\s+(?:async\\s+)?function\\s+${name}\\b`));
  if (start < 0) return "";
  const rest = source.slice(start + 1);
  const next = rest.search(/\nexport\s/);
  return next < 0 ? rest : rest.slice(0, next);
}

const isPage = (f: string) => /\/page\.(tsx|ts|jsx|js|mdx)$/.test(f);
const isRoute = (f: string) => /\/route\.(tsx|ts|jsx|js)$/.test(f);
const sourceFiles = walk(APP).filter((f) => /\.(tsx?|jsx?|mjs)$/.test(f));

const foundPages = new Map(sourceFiles.filter(isPage).map((f) => [routePatternOf(path.relative(APP, f).split(path.sep).join("/")), rel(f)]));
const foundRoutes = new Map(
  sourceFiles.filter(isRoute).map((f) => [routePatternOf(path.relative(APP, f).split(path.sep).join("/")), { file: rel(f), methods: exportedHttpMethods(readFileSync(f, "utf8")) }]),
);
// Server actions can live anywhere the app imports from; look beyond app/ too.
const actionModules = ["app", "lib", "components", "db"]
  .flatMap((d) => {
    try {
      return walk(path.join(ROOT, d));
    } catch {
      return [];
    }
  })
  .filter((f) => /\.(tsx?|jsx?|mjs)$/.test(f) && !f.includes(`${path.sep}tests${path.sep}`));
const foundActions = actionModules
  .filter((f) => isUseServerModule(readFileSync(f, "utf8")))
  .flatMap((f) => exportedFunctions(readFileSync(f, "utf8")).map((name) => `${rel(f)}#${name}`));

const describeEntry = (e: InventoryEntry) => (e.kind === "action" ? `${e.file}#${e.name}` : `${e.kind} ${e.path}`);

describe("the authorization inventory covers the code", () => {
  test("every page under app/ is in the inventory, and every inventoried page exists", () => {
    const inventoried = new Set(PAGES.map((p) => p.path));
    const missing = [...foundPages].filter(([p]) => !inventoried.has(p)).map(([p, f]) => `${p} (${f})`);
    const stale = [...inventoried].filter((p) => !foundPages.has(p));
    assert.deepEqual(missing, [], `pages missing from lib/auth/inventory.ts PAGES — add them with the permission that gates them:\n  ${missing.join("\n  ")}`);
    assert.deepEqual(stale, [], `PAGES in lib/auth/inventory.ts that no longer exist under app/:\n  ${stale.join("\n  ")}`);
    assert.ok(foundPages.size >= 30, `the scan found only ${foundPages.size} pages; is it looking in the right place?`);
  });

  test("every route handler and each HTTP method it exports is in the inventory", () => {
    const byPath = new Map(ROUTES.map((r) => [r.path, r]));
    const problems: string[] = [];
    for (const [p, { file, methods }] of foundRoutes) {
      const entry = byPath.get(p);
      if (!entry) {
        problems.push(`route ${p} (${file}, ${methods.join(", ") || "no methods found"}) is missing from ROUTES`);
        continue;
      }
      for (const m of methods) if (!entry.methods.includes(m)) problems.push(`route ${p}: method ${m} is exported by ${file} but not in the inventory`);
      for (const m of entry.methods) if (!methods.includes(m)) problems.push(`route ${p}: the inventory lists ${m}, ${file} does not export it`);
    }
    for (const p of byPath.keys()) if (!foundRoutes.has(p)) problems.push(`route ${p} is in ROUTES but no route handler exists for it`);
    assert.deepEqual(problems, [], `lib/auth/inventory.ts ROUTES is out of date:\n  ${problems.join("\n  ")}`);
    assert.ok(foundRoutes.size >= 10, `the scan found only ${foundRoutes.size} route handlers`);
  });

  test("every server action (export of a \"use server\" module) is in the inventory, and every inventoried action exists", () => {
    const inventoried = new Set(ACTIONS.map((a) => `${a.file}#${a.name}`));
    const missing = foundActions.filter((a) => !inventoried.has(a));
    const stale = [...inventoried].filter((a) => !foundActions.includes(a));
    assert.deepEqual(missing, [], `server actions missing from lib/auth/inventory.ts ACTIONS — add them with the permission they ask first:\n  ${missing.join("\n  ")}`);
    assert.deepEqual(stale, [], `ACTIONS in lib/auth/inventory.ts that no longer exist:\n  ${stale.join("\n  ")}`);
    assert.ok(foundActions.length >= 30, `the scan found only ${foundActions.length} server actions`);
  });

  test("no inline \"use server\" functions: actions live in \"use server\" modules, where the inventory can name them", () => {
    const inline = actionModules.filter((f) => {
      const s = readFileSync(f, "utf8");
      return !isUseServerModule(s) && /["']use server["']/.test(s.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ""));
    });
    assert.deepEqual(inline.map(rel), [], "inline server actions cannot be inventoried: move them to an actions.ts module");
  });

  test("every /api/v1 operation in the OpenAPI description is in API_OPERATIONS, and back", () => {
    const doc = buildOpenApiDocument("http://x/api/v1") as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).filter((m) => HTTP_METHODS.includes(m.toUpperCase() as HttpMethod)).map((m) => `${m.toUpperCase()} /api/v1${p}`));
    const inventoried = API_OPERATIONS.filter((o) => o.path.startsWith("/api/v1/") && o.path !== "/api/v1/openapi.json").map((o) => `${o.method} ${o.path}`);
    assert.deepEqual([...inventoried].sort(), [...documented].sort());
  });
});

describe("the inventory states its gates truthfully", () => {
  test("allowed roles are exactly the roles the policy grants the stated permission", () => {
    for (const e of [...INVENTORY, ...API_OPERATIONS]) {
      if (e.kind === "api") continue;
      if (e.permission) assert.deepEqual([...e.allow], rolesWith(e.permission), describeEntry(e));
      else assert.deepEqual([...e.allow], [...ROLES], `${describeEntry(e)}: public and signed-in entries are open to every role`);
      if (e.public) assert.ok(e.why && e.why.length > 10, `${describeEntry(e)}: a public entry says what protects it instead`);
    }
  });

  test("the file behind each entry asks the permission the inventory claims", () => {
    const gateCall = (perm: string) =>
      new RegExp(`(requirePagePermission|requirePermission|requireInstitutionPermission)\\(\\s*"${perm.replace(".", "\\.")}"|can\\(\\s*\\w+\\s*,\\s*"${perm.replace(".", "\\.")}"|withRoute(<[^>]*>)?\\(\\s*\\{\\s*permission:\\s*"${perm.replace(".", "\\.")}"`);
    const problems: string[] = [];
    for (const e of INVENTORY) {
      let file: string;
      if (e.kind === "page") file = foundPages.get(e.path) ?? "";
      else if (e.kind === "route") file = foundRoutes.get(e.path)?.file ?? "";
      else file = e.file;
      if (!file) continue; // reported by the coverage tests
      const own = e.kind === "action" ? functionBody(read(file), e.name) : read(file);
      const source = e.gateFile ? read(e.gateFile) : own;
      if (e.permission) {
        if (!gateCall(e.permission).test(source)) problems.push(`${describeEntry(e)}: ${e.gateFile ?? file} does not check "${e.permission}"`);
      } else if (e.signedIn) {
        if (!/requireSignedIn\(|requireEnrolmentActor\(|getEnrolmentActor\(|peekSession\(|requirePageActor\(|requirePagePermission\(|withRoute(<[^>]*>)?\(\s*\{\s*signedIn:\s*true/.test(source)) problems.push(`${describeEntry(e)}: ${file} does not require a signed-in user`);
      }
    }
    assert.deepEqual(problems, [], problems.join("\n"));
  });

  test("entries are unique", () => {
    const keys = [...INVENTORY.map(describeEntry), ...API_OPERATIONS.map((o) => `${o.method} ${o.path}`)];
    assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
  });

  test("rolesWith follows the policy", () => {
    assert.deepEqual(rolesWith("users.manage"), ["programme_admin"]);
    assert.deepEqual(rolesWith("toolkit.acknowledge"), ["security_officer"]);
    assert.deepEqual(rolesWith("endpoint.edit"), ["programme_admin", "institution_editor", "vendor_editor"]);
    assert.deepEqual(rolesWith("institution.read"), [...ROLES]);
  });
});

/**
 * The gates of lib/auth/session.ts an action may open with. They throw an AppError when the caller
 * may not go on. (getEnrolmentActor/getActor answer null instead of refusing: not a gate by themselves.)
 */
const PERMISSION_GATES = ["requirePermission", "requireInstitutionPermission"];
const SIGNED_IN_GATES = ["requireSignedIn", "requireEnrolmentActor"];
/** Wrappers whose callback runs first (lib/actions.ts): `return runAction(async () => { gate; … })`. */
const WRAPPERS = ["runAction"];

/**
 * Public actions have no permission to ask: what each does first instead, and why that is enough.
 * `call` is the callee of the first statement (inside runAction), as written in the source.
 */
const PUBLIC_FIRST: Record<string, { call: string; why: string }> = {
  "app/(public)/login/actions.ts#loginAction": {
    call: "loginSchema.parse",
    why: "the sign-in itself: the input is validated first, then signIn checks the password, rate limited per account and per IP (lib/auth/login.ts)",
  },
  "app/(public)/forgot-password/actions.ts#forgotPasswordAction": {
    call: "forgotPasswordSchema.parse",
    why: "validates the address first; answers the same whether it has an account or not, and only mails the account's own address",
  },
  "app/(public)/reset-password/actions.ts#resetPasswordAction": { call: "findPasswordReset", why: "the one-time reset token is the permission: it is looked up first" },
  "app/(public)/status/subscribe/actions.ts#subscribeAction": {
    call: "subscribeSchema.parse",
    why: "validates the address and infrastructures first; only the confirmation mail is sent (double opt-in), rate limited per client address",
  },
  "app/(public)/status/subscriptions/actions.ts#confirmSubscriptionAction": { call: "confirmSubscription", why: "the HMAC token from the confirmation mail is the permission: it is checked first" },
  "app/(public)/status/subscriptions/actions.ts#unsubscribeAction": { call: "unsubscribe", why: "the HMAC token from a status mail is the permission: it is checked first" },
  "app/(public)/accept-invite/actions.ts#acceptInviteAction": { call: "findInvitation", why: "the one-time invitation token is the permission: it is looked up first" },
  "app/_components/auth-actions.ts#signOutAction": {
    call: "getCurrentSession",
    why: "ends only the session of the caller's own cookie (none: just signs out); reading that session is the first thing it does",
  },
  "app/_components/locale-actions.ts#setLocaleAction": {
    call: "formOf(formData).get",
    why: "only sets the caller's own language cookie, and only to a known locale (isLocale, the next statement)",
  },
};

type FirstCall =
  | {
      ok: true;
      /** the callee as written, e.g. "requirePermission" or "loginSchema.parse" */
      call: string;
      /** its first argument when that is a string literal */
      arg?: string;
      /** awaited, or the promise itself is the body of a wrapper's callback (the wrapper awaits it) */
      awaited: boolean;
    }
  | { ok: false; problem: string };

const unwrap = (e: ts.Expression): ts.Expression => {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    else if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) e = e.operand;
    else return e;
  }
};

/** The expression a statement starts by evaluating, for the statement forms a gate can take. */
function leadingExpression(st: ts.Statement): ts.Expression | undefined {
  if (ts.isExpressionStatement(st)) return st.expression;
  if (ts.isReturnStatement(st)) return st.expression;
  if (ts.isIfStatement(st)) return st.expression;
  if (ts.isVariableStatement(st) && st.declarationList.declarations.length === 1) return st.declarationList.declarations[0].initializer;
  return undefined;
}

/**
 * The call an action makes first: the first statement of its body, looking through wrappers
 * (`runAction(async () => { … })`) into their callback. When a wrapper's callback is only the gate
 * (`const gate = await runAction(() => requirePermission("x"))`), the next statement must give
 * up on a refusal: `if (!gate.ok) return gate;`.
 */
export function firstCallOf(fn: ts.FunctionLikeDeclaration, sf: ts.SourceFile): FirstCall {
  const body = fn.body;
  if (!body) return { ok: false, problem: "has no body" };
  const statements = ts.isBlock(body) ? body.statements : undefined;
  const first = statements ? statements[0] : undefined;
  let expr = statements ? (first ? leadingExpression(first) : undefined) : (body as ts.Expression);
  if (!expr) return { ok: false, problem: first ? `starts with "${first.getText(sf).split("\n")[0]}", not a call` : "is empty" };
  expr = unwrap(expr);
  let awaited = !statements; // an expression body is returned to (and awaited by) the caller
  if (ts.isAwaitExpression(expr)) {
    awaited = true;
    expr = unwrap(expr.expression);
  }
  if (!ts.isCallExpression(expr)) return { ok: false, problem: `starts with "${expr.getText(sf).split("\n")[0]}", not a call` };
  const call = expr.expression.getText(sf).replace(/\s+/g, "");
  if (WRAPPERS.includes(call)) {
    const cb = expr.arguments[0];
    if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return { ok: false, problem: `calls ${call} without an inline callback` };
    const inner = firstCallOf(cb, sf);
    if (inner.ok && !ts.isBlock(cb.body)) {
      // The callback is the gate alone: its refusal comes back as a value and must be returned.
      const decl = first && ts.isVariableStatement(first) ? first.declarationList.declarations[0] : undefined;
      const name = decl && ts.isIdentifier(decl.name) ? decl.name.text : undefined;
      const next = statements?.[1];
      const returnsRefusal =
        name !== undefined &&
        next !== undefined &&
        ts.isIfStatement(next) &&
        next.expression.getText(sf).replace(/\s+/g, "") === `!${name}.ok` &&
        /^(\{\s*)?return\s+/.test(next.thenStatement.getText(sf)) &&
        next.thenStatement.getText(sf).replace(/[\s{};]/g, "") === `return${name}`;
      if (!returnsRefusal) return { ok: false, problem: `runs the gate ${inner.call} in ${call} but the next statement is not "if (!${name ?? "result"}.ok) return ${name ?? "result"};"` };
    }
    return inner;
  }
  const a0 = expr.arguments[0];
  return { ok: true, call, arg: a0 && ts.isStringLiteralLike(a0) ? a0.text : undefined, awaited };
}

/** The exported functions of a module, by exported name, as the TypeScript parser sees them. */
export function exportedFunctionNodes(sf: ts.SourceFile): Map<string, ts.FunctionLikeDeclaration | null> {
  const local = new Map<string, ts.FunctionLikeDeclaration>();
  const out = new Map<string, ts.FunctionLikeDeclaration | null>();
  const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st)) {
      if (st.name) local.set(st.name.text, st);
      if (isExported(st)) out.set(isDefault(st) ? "default" : (st.name?.text ?? "default"), st);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        const fn = init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : null;
        if (ts.isIdentifier(d.name) && fn) local.set(d.name.text, fn);
        if (isExported(st) && ts.isIdentifier(d.name)) out.set(d.name.text, fn);
      }
    }
  }
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) out.set(el.name.text, local.get((el.propertyName ?? el.name).text) ?? null);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier) {
      out.set(`* from ${st.moduleSpecifier.getText(sf)}`, null);
    } else if (ts.isExportAssignment(st)) {
      const e = unwrap(st.expression);
      out.set("default", ts.isIdentifier(e) ? (local.get(e.text) ?? null) : ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? e : null);
    }
  }
  return out;
}

const parseSource = (file: string, text = read(file)) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

/** What is wrong with how an action opens, given its inventory entry (null: it opens with its gate). */
export function gateProblem(entry: ActionEntry, fn: ts.FunctionLikeDeclaration | null, sf: ts.SourceFile): string | null {
  if (!fn) return "is not a function declaration the check can read";
  const first = firstCallOf(fn, sf);
  if (!first.ok) return first.problem;
  const key = `${entry.file}#${entry.name}`;
  if (entry.permission) {
    if (!PERMISSION_GATES.includes(first.call)) return `starts with ${first.call}(), not ${PERMISSION_GATES.join("/")}("${entry.permission}")`;
    if (first.arg !== entry.permission) return `asks ${first.call}(${first.arg ? `"${first.arg}"` : "…"}) first, the inventory says "${entry.permission}"`;
  } else if (entry.signedIn) {
    if (!SIGNED_IN_GATES.includes(first.call)) return `starts with ${first.call}(), not ${SIGNED_IN_GATES.join("/")}()`;
  } else {
    const alt = PUBLIC_FIRST[key];
    if (!alt) return "is public but PUBLIC_FIRST in this test does not say what it does first, and why that is enough";
    if (first.call !== alt.call) return `starts with ${first.call}(), PUBLIC_FIRST says ${alt.call}() (${alt.why})`;
    return null;
  }
  if (!first.awaited) return `calls ${first.call}() first without awaiting it: the refusal would be lost`;
  return null;
}

describe("every server action opens with its gate", () => {
  test("the first statement of each exported function of a \"use server\" module asks the inventoried permission", () => {
    const byKey = new Map(ACTIONS.map((a) => [`${a.file}#${a.name}`, a]));
    const problems: string[] = [];
    let checked = 0;
    for (const file of new Set(foundActions.map((a) => a.split("#")[0]))) {
      const sf = parseSource(file);
      for (const [name, fn] of exportedFunctionNodes(sf)) {
        const entry = byKey.get(`${file}#${name}`);
        if (!entry) {
          problems.push(`${file}#${name}: exported but not in the inventory`);
          continue;
        }
        const problem = gateProblem(entry, fn, sf);
        if (problem) problems.push(`${file}#${name} ${problem}`);
        checked++;
      }
    }
    assert.deepEqual(problems, [], `move the gate to the first line of these actions:\n  ${problems.join("\n  ")}`);
    assert.equal(checked, ACTIONS.length, "every inventoried action was parsed and checked");
  });

  test("PUBLIC_FIRST lists exactly the public actions, each with its reason", () => {
    const publicActions = ACTIONS.filter((a) => a.public).map((a) => `${a.file}#${a.name}`);
    assert.deepEqual(Object.keys(PUBLIC_FIRST).sort(), publicActions.sort());
    for (const [k, v] of Object.entries(PUBLIC_FIRST)) assert.ok(v.why.length > 20, `${k}: say why its first statement is enough`);
  });

  test("the parser reads the forms an action takes, and rejects a gate that is not first", () => {
    const entry = (over: Partial<ActionEntry>): ActionEntry => ({ kind: "action", file: "x.ts", name: "a", permission: "users.manage", allow: [], ...over }) as ActionEntry;
    const check = (src: string, e: ActionEntry = entry({})) => {
      const sf = parseSource("x.ts", `"use server";\n${src}`);
      const fns = exportedFunctionNodes(sf);
      return gateProblem(e, fns.get("a") ?? null, sf);
    };
    assert.equal(check('export async function a() { const actor = await requirePermission("users.manage"); return actor; }'), null);
    assert.equal(check('export async function a() { return runAction(async () => { await requirePermission("users.manage"); return 1; }); }'), null);
    assert.equal(check('export const a = async () => runAction(async () => { const { actor } = await requireInstitutionPermission("users.manage", x); });'), null);
    assert.equal(check('export async function a() { const gate = await runAction(() => requirePermission("users.manage")); if (!gate.ok) return gate; return gate.data; }'), null);
    assert.equal(check('async function b() { await requirePermission("users.manage"); }\nexport { b as a };'), null);
    assert.equal(check("export async function a() { const actor = await requireSignedIn(); }", entry({ permission: undefined, signedIn: true } as Partial<ActionEntry>)), null);
    assert.match(
      check('export async function a() { const gate = await runAction(() => requirePermission("users.manage")); return 1; }') ?? "",
      /next statement is not "if \(!gate\.ok\) return gate;"/,
    );
    assert.match(check('export async function a() { const locale = await getLocale(); await requirePermission("users.manage"); }') ?? "", /starts with getLocale\(\)/);
    assert.match(check('export async function a() { let actor; try { actor = await requirePermission("users.manage"); } catch {} }') ?? "", /starts with "let actor;", not a call/);
    assert.match(check('export async function a() { await requirePermission("toolkit.manage"); }') ?? "", /the inventory says "users\.manage"/);
    assert.match(check('export async function a() { requirePermission("users.manage"); }') ?? "", /without awaiting/);
    assert.match(check("export async function a() { return runAction(async () => { const x = 1; }); }") ?? "", /starts with "const x = 1;", not a call|starts with "1"/);
    assert.match(check("export const a = 1;") ?? "", /not a function/);
  });
});

/**
 * Route handlers not opened by withRoute (lib/api/route.ts), and why: each answers in a format of
 * its own and checks its caller itself.
 */
const ROUTES_WITHOUT_WITHROUTE: Record<string, string> = {
  "/api/auth/[...nextauth]": "next-auth's own handlers",
  "/api/v1/[...path]": "API tokens only, checked per operation by lib/api/v1.ts, which answers problem+json itself",
  "/fhir/[[...path]]": "a token or a session, checked by lib/fhir/handler.ts, which answers with FHIR OperationOutcomes",
  "/api/session": "peeks at the session without counting it as activity, and says why it ended (peekSession)",
  "/metrics": "API tokens with the metrics permission only, checked by lib/api/metrics.ts, which answers in the Prometheus text format (problem+json on errors)",
};

/** The gate object of `withRoute({ … }, handler)` as the parser sees it, or why there is none. */
export function withRouteGate(init: ts.Expression | undefined, sf: ts.SourceFile): { permission?: string; scope: boolean; signedIn: boolean; public: boolean } | string {
  const call = init && unwrap(init);
  if (!call || !ts.isCallExpression(call) || call.expression.getText(sf) !== "withRoute") return `is ${call ? `"${call.getText(sf).split("\n")[0].slice(0, 60)}"` : "not a const"}, not withRoute(…)`;
  const gate = call.arguments[0];
  if (!gate || !ts.isObjectLiteralExpression(gate)) return "calls withRoute without an inline gate object";
  const prop = (name: string) => gate.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === name);
  const perm = prop("permission");
  const permission = perm && ts.isPropertyAssignment(perm) && ts.isStringLiteralLike(perm.initializer) ? perm.initializer.text : undefined;
  return { permission, scope: !!prop("scope"), signedIn: !!prop("signedIn"), public: !!prop("public") };
}

describe("every route handler opens with withRoute", () => {
  test("each exported method is withRoute({ gate }, handler) with the inventoried gate", () => {
    const byPath = new Map(ROUTES.map((r) => [r.path, r]));
    const problems: string[] = [];
    for (const [p, { file, methods }] of foundRoutes) {
      if (ROUTES_WITHOUT_WITHROUTE[p]) continue;
      const entry = byPath.get(p);
      if (!entry) continue; // reported by the coverage test
      const sf = parseSource(file);
      const consts = new Map<string, ts.Expression | undefined>();
      for (const st of sf.statements) if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) consts.set(d.name.text, d.initializer);
      for (const m of methods) {
        const gate = withRouteGate(consts.get(m), sf);
        if (typeof gate === "string") {
          problems.push(`${file} ${m} ${gate}`);
          continue;
        }
        const expected = entry.public ? "public" : entry.signedIn ? "signedIn" : `permission "${entry.permission}"${entry.scope ? " with scope" : ""}`;
        const found = gate.public ? "public" : gate.signedIn ? "signedIn" : `permission "${gate.permission}"${gate.scope ? " with scope" : ""}`;
        if (expected !== found) problems.push(`${file} ${m}: withRoute gate is ${found}, the inventory says ${expected}`);
      }
    }
    assert.deepEqual(problems, [], `open these route handlers with withRoute (lib/api/route.ts) or list them in ROUTES_WITHOUT_WITHROUTE:\n  ${problems.join("\n  ")}`);
  });

  test("the exceptions exist", () => {
    for (const p of Object.keys(ROUTES_WITHOUT_WITHROUTE)) assert.ok(foundRoutes.has(p), `${p} is listed in ROUTES_WITHOUT_WITHROUTE but has no route handler`);
  });

  test("the parser reads the gate forms", () => {
    const gateOf = (src: string) => {
      const sf = parseSource("x.ts", src);
      const st = sf.statements.find(ts.isVariableStatement)!;
      return withRouteGate(st.declarationList.declarations[0].initializer, sf);
    };
    assert.deepEqual(gateOf('export const GET = withRoute({ permission: "dashboard.view" }, async () => x);'), { permission: "dashboard.view", scope: false, signedIn: false, public: false });
    assert.deepEqual(gateOf('export const GET = withRoute<{ id: string }>({ permission: "toolkit.download", scope: ({ params }) => params.id }, h);'), { permission: "toolkit.download", scope: true, signedIn: false, public: false });
    assert.deepEqual(gateOf('export const GET = withRoute({ public: "liveness" }, h);'), { permission: undefined, scope: false, signedIn: false, public: true });
    assert.match(String(gateOf("export const GET = handle;")), /not withRoute/);
  });
});

describe("the scanner", () => {
  test("finds HTTP methods in every export form", () => {
    const cases: [string, HttpMethod[]][] = [
      ["export async function GET(req) {}", ["GET"]],
      ["export function POST() {}", ["POST"]],
      ["export const PUT = handle;\nexport const DELETE = handle;", ["PUT", "DELETE"]],
      ["export const { GET, POST } = handlers;", ["GET", "POST"]],
      ["export { handler as GET, handler as HEAD };", ["GET", "HEAD"]],
      ["export const dynamic = 'force-dynamic';", []],
    ];
    for (const [src, expected] of cases) assert.deepEqual(exportedHttpMethods(src), expected, src);
  });

  test("recognises \"use server\" modules and their exports", () => {
    assert.equal(isUseServerModule('"use server";\nexport async function a() {}'), true);
    assert.equal(isUseServerModule("// why\n/* more */\n'use server';\n"), true);
    assert.equal(isUseServerModule('import x from "y";\n"use server";'), false);
    assert.deepEqual(exportedFunctions("export async function b() {}\nexport const a = async () => {};\nexport { c as d };"), ["a", "b", "d"]);
  });

  test("turns files into route patterns", () => {
    assert.equal(routePatternOf("page.tsx"), "/");
    assert.equal(routePatternOf("(admin)/admin/users/page.tsx"), "/admin/users");
    assert.equal(routePatternOf("(portal)/toolkit/[id]/documents/[type]/route.ts"), "/toolkit/[id]/documents/[type]");
  });
});
