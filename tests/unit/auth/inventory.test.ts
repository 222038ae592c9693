/**
 * Holds lib/auth/inventory.ts to the code: every page, route handler (with its HTTP methods) and
 * server action under app/ must be in the inventory, every inventory entry must still exist, and
 * the file behind each entry must ask the permission the inventory claims. The behaviour itself
 * (who really gets through) is walked by tests/e2e/authz-matrix.spec.ts.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { ACTIONS, API_OPERATIONS, HTTP_METHODS, INVENTORY, PAGES, ROUTES, rolesWith, routePatternOf, type HttpMethod, type InventoryEntry } from "@/lib/auth/inventory";
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
    const gateCall = (perm: string) => new RegExp(`(requirePagePermission|requirePermission|requireInstitutionPermission)\\(\\s*"${perm.replace(".", "\\.")}"|can\\(\\s*\\w+\\s*,\\s*"${perm.replace(".", "\\.")}"`);
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
        if (!/requireSignedIn\(|requireEnrolmentActor\(|getEnrolmentActor\(|peekSession\(|requirePageActor\(|requirePagePermission\(/.test(source)) problems.push(`${describeEntry(e)}: ${file} does not require a signed-in user`);
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
