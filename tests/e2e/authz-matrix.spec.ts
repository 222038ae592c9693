/**
 * The authorization matrix, walked: every page, route handler, server action and API operation
 * of lib/auth/inventory.ts, as every role's demo user, anonymously, with a forged session cookie
 * (which gets past proxy.ts, so the entry's own gate answers) and against an institution outside
 * the caller's scope. Fails when anything answers that should not, and when the build holds a
 * page, route or action that the inventory does not list.
 *
 * Nothing is changed: actions are called with empty or invalid input only (an allowed caller gets
 * a validation error or similar, a refused one forbidden / unauthenticated / not found, which the
 * actions check before reading their input); actions that change something even without input are
 * only called by callers who must be refused. API tokens are created for the walk and revoked after.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse, type BrowserContext } from "@playwright/test";
import { DEMO_HOME_INSTITUTION, DEMO_OTHER_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { ACTIONS, API_OPERATIONS, PAGES, ROUTES, TOKEN_SCOPES, routePatternOf, type ActionEntry, type ApiOperation, type RouteEntry, type TokenScope } from "@/lib/auth/inventory";
import type { Role } from "@/lib/auth/roles";
import { demoEventIds, ensureAnnouncement, ensureEscalation, ensureStatusIncident, signedInAs, userOfRole } from "./support";

// React's own reply encoder and RSC decoder, as the browser uses them to call a server action.
const flight = createRequire(__filename)("next/dist/compiled/react-server-dom-webpack/client.node.js") as {
  encodeReply(value: unknown[]): Promise<string | FormData>;
  createFromReadableStream(stream: ReadableStream, options: unknown): Promise<{ a: Promise<unknown> }>;
};

const ROOT = path.join(__dirname, "..", "..");
const DIST = path.join(ROOT, process.env.NEXT_DIST_DIR || ".next");
const BASE = `http://localhost:${process.env.E2E_PORT || 3100}`;

/** One demo user per role, with the session auth.setup.ts stored for it. */
const USERS = (["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"] as const).map(userOfRole);
/** The foreign institution (Alphatron) lies outside these roles' scope; the home one (Enovation) inside. */
const SCOPED_ROLES: Role[] = ["institution_editor", "security_officer", "vendor_editor"];

type Principal = { label: string; role: Role | null; kind: "user" | "anonymous" | "forged"; request: APIRequestContext };
type Target = "own" | "foreign";
type Ids = {
  institution: Record<Target, string>;
  endpoint: Record<Target, string>;
  evidence: Record<Target, string>;
  endpointBody: Record<Target, Record<string, unknown>>;
  checkResult: Record<Target, string>;
  ruleSet: string;
  template: string;
  escalation: string;
  incident: string;
  question: string;
  article: string;
  announcement: string;
  /** The demo's events for everyone (db/seed/events.ts): the information session, the working group and its document. */
  events: { event: string; workingGroup: string; document: string };
};

const DENIALS = ["forbidden", "unauthenticated", "not_found"];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

let contexts: BrowserContext[] = [];
let principals: Principal[] = [];
let ids: Ids;
let tokens: Record<TokenScope, string>;
let admin: Principal;
const problems: string[] = [];

// ---------------------------------------------------------------------------------------------
// Helpers

async function json(res: APIResponse) {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

/**
 * Sends a request, once more when the connection was reset: the server may close an idle
 * keep-alive socket just as the client reuses it (every request here is a read or is refused).
 */
async function send(fn: () => Promise<APIResponse>): Promise<APIResponse> {
  try {
    return await fn();
  } catch (e) {
    if (!/ECONNRESET|socket hang up/.test(String(e))) throw e;
    return fn();
  }
}

/** Runs the jobs a few at a time: quicker than one by one, gentle on a 2-core machine. */
async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: size }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

/** A route pattern with its dynamic segments filled with real ids of the own or the foreign institution. */
function fill(pattern: string, target: Target): string {
  const values: Record<string, string> = {
    "/admin/institutions/[id]/edit": `/admin/institutions/${ids.institution.own}/edit`,
    "/admin/templates/[type]": "/admin/templates/dpia_guide",
    "/admin/templates/preview/[templateId]": `/admin/templates/preview/${ids.template}`,
    "/financing/rules/[id]": `/financing/rules/${ids.ruleSet}`,
    "/escalations/[id]": `/escalations/${ids.escalation}`,
    "/status/incidents/[id]": `/status/incidents/${ids.incident}`,
    "/status/subscriptions/[id]/confirm": `/status/subscriptions/${ZERO_UUID}/confirm?t=authz-matrix-not-a-token`,
    "/status/subscriptions/[id]/unsubscribe": `/status/subscriptions/${ZERO_UUID}/unsubscribe?t=authz-matrix-not-a-token`,
    "/questions/[id]": `/questions/${ids.question}`,
    "/kb/[id]": `/kb/${ids.article}`,
    // Nobody's notification: every signed-in caller is led to their own list.
    "/notifications/[id]": "/notifications/0",
    "/announcements/[id]": `/announcements/${ids.announcement}`,
    "/events/[id]": `/events/${ids.events.event}`,
    "/events/[id]/edit": `/events/${ids.events.event}/edit`,
    "/events/[id]/calendar.ics": `/events/${ids.events.event}/calendar.ics`,
    "/events/[id]/attendees.csv": `/events/${ids.events.event}/attendees.csv`,
    "/events/[id]/documents/[documentId]": `/events/${ids.events.workingGroup}/documents/${ids.events.document}`,
    "/institutions/[id]": `/institutions/${ids.institution[target]}`,
    "/institutions/[id]/steps/[code]": `/institutions/${ids.institution[target]}/steps/vendor_chosen`,
    "/registry/[id]": `/registry/${ids.endpoint[target]}`,
    "/registry/[id]/edit": `/registry/${ids.endpoint[target]}/edit`,
    "/registry/[id]/checks/[resultId]": `/registry/${ids.endpoint[target]}/checks/${ids.checkResult[target]}`,
    "/toolkit/[id]": `/toolkit/${ids.institution[target]}`,
    "/toolkit/[id]/intake": `/toolkit/${ids.institution[target]}/intake`,
    "/toolkit/[id]/documents/[type]": `/toolkit/${ids.institution[target]}/documents/dpia_guide`,
    "/toolkit/[id]/pack": `/toolkit/${ids.institution[target]}/pack`,
    "/api/evidence/[id]": `/api/evidence/${ids.evidence[target]}`,
    "/reset-password/[token]": "/reset-password/authz-matrix-not-a-token",
    "/accept-invite/[token]": "/accept-invite/authz-matrix-not-a-token",
    "/api/auth/[...nextauth]": "/api/auth/session",
  };
  if (!pattern.includes("[")) return pattern;
  const url = values[pattern];
  if (!url) throw new Error(`tests/e2e/authz-matrix.spec.ts has no ids for ${pattern}: add it to fill()`);
  return url;
}

/** The first id linked as `${prefix}<uuid>` in a page (the demo seed has a question and articles). */
function firstId(html: string, prefix: string): string {
  const id = html.match(new RegExp(`${prefix}(${UUID.source})`))?.[1];
  if (!id) throw new Error(`no ${prefix}<id> link found: the demo seed should have one`);
  return id;
}

/** Does this caller reach the target institution at all (its read scope)? */
const covers = (p: Principal, target: Target) => target === "own" || (p.role !== null && !SCOPED_ROLES.includes(p.role));
const isRedirectToLogin = (res: APIResponse) => res.status() >= 300 && res.status() < 400 && /\/login\b/.test(res.headers()["location"] ?? "");
const where = (p: Principal, target: Target) => `as ${p.label}${target === "foreign" ? " on a foreign institution" : ""}`;

// ---------------------------------------------------------------------------------------------
// Server actions over HTTP, as Next's client calls them

const manifest = () =>
  JSON.parse(readFileSync(path.join(DIST, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };

function actionId(file: string, name: string): { id: string; page: string } {
  const found = Object.entries(manifest().node).find(([, v]) => v.filename === file && v.exportedName === name);
  if (!found) throw new Error(`${file}#${name} is not in ${DIST}/server/server-reference-manifest.json: rebuild`);
  // Post to a page that loads the action (Next answers 404/409 elsewhere); the action runs before any rendering.
  const worker = Object.keys(found[1].workers).find((w) => w.endsWith("/page"))!;
  return { id: found[0], page: routePatternOf(worker.replace(/^app\//, "")) };
}

/** decoded: the server answered as a server action (an RSC payload), not with a page or an error. */
type ActionOutcome = { status: number; redirect: string | null; decoded: boolean; result: unknown; code: string | null };

async function callAction(p: Principal, file: string, name: string, args: unknown[], target: Target = "own"): Promise<ActionOutcome> {
  const { id, page } = actionId(file, name);
  const body = await flight.encodeReply(args);
  const headers = { "Next-Action": id, Accept: "text/x-component", Origin: BASE };
  const res = await send(() => p.request.post(fill(page, target), {
    headers: typeof body === "string" ? { ...headers, "Content-Type": "text/plain;charset=UTF-8" } : headers,
    ...(typeof body === "string" ? { data: body } : { multipart: body }),
    maxRedirects: 0,
  }));
  const redirect = res.status() >= 300 && res.status() < 400 ? (res.headers()["location"] ?? res.headers()["x-action-redirect"] ?? "") : null;
  let result: unknown = undefined;
  const decoded = (res.headers()["content-type"] ?? "").startsWith("text/x-component");
  if (decoded) {
    // Only the action's result is read: rows that import client components (an action that
    // revalidated sends the new page along) are left out, as this decoder has no modules to load.
    const rows = (await res.text()).split("\n").filter((row) => !/^[0-9a-f]+:(I\[|HL\[)/.test(row));
    const root = await flight.createFromReadableStream(new Response(rows.join("\n")).body!, { serverConsumerManifest: { moduleMap: {}, serverModuleMap: null, moduleLoading: null } });
    result = await root.a;
  }
  const r = result as { ok?: boolean; error?: { code?: string } } | undefined;
  return { status: res.status(), redirect, decoded, result, code: r && r.ok === false ? (r.error?.code ?? null) : null };
}

/**
 * The input each action is probed with: empty or invalid, so that an allowed caller is stopped by
 * validation after the permission check. Institution-scoped actions name the own or the foreign
 * institution, so the scope is tested, not just the role.
 */
function probe(a: ActionEntry, target: Target): { args: unknown[]; allowedCodes?: string[] } {
  const form = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    return fd;
  };
  const inst = ids.institution[target];
  switch (a.name) {
    case "previewImportAction":
    case "commitImportAction":
    case "createVersionAction":
    case "addEventDocumentAction":
    case "setLocaleAction":
      return { args: [form({})] };
    case "publishVersionAction":
      // An already published version: refused as a conflict, after the permission check.
      return { args: [form({ templateId: ids.template })] };
    case "reportStepAction":
    case "setOverrideAction":
    case "previewIntakeAction":
    case "applyIntakeAction":
      return { args: [form({ institutionId: inst })] };
    case "acknowledgeAction":
      return { args: [form({ institutionId: inst, templateId: ZERO_UUID, capacity: "none" })] };
    case "verifyStepAction":
    case "rejectStepAction":
    case "attachCheckResultAction":
    case "savePlanAction":
      return { args: [{ institutionId: inst }] };
    case "askQuestionAction":
      return { args: [{ institutionId: inst }] };
    case "replyAction":
    case "assignQuestionAction":
      // The demo's question of the home institution, with no body / no assignee: a validation error.
      return { args: [{ questionId: ids.question }] };
    case "closeQuestionAction":
      return { args: [ids.question] };
    case "withdrawOverrideAction":
      // Only refused callers call it (it withdraws whatever override there is): scope and role.
      return { args: [inst] };
    case "checkNowAction":
      // Own: an invalid id (a real one would run a check); foreign: the real id, which must look unknown.
      return { args: [target === "own" ? "not-an-endpoint" : ids.endpoint.foreign] };
    case "saveEndpointAction":
      // Own: no values; foreign: a valid change with a stale version, which must look unknown.
      return target === "own" ? { args: [undefined] } : { args: [{ id: ids.endpoint.foreign, expectedVersion: 999_999, values: ids.endpointBody.foreign }] };
    case "acceptInviteAction":
    case "resetPasswordAction":
      return { args: ["authz-matrix-not-a-token", undefined] };
    default:
      return { args: [] };
  }
}

// ---------------------------------------------------------------------------------------------
// Setup: each role's stored session (auth.setup.ts), ids from what the admin sees, API tokens

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  for (const u of USERS) {
    const context = await browser.newContext(signedInAs(u));
    contexts.push(context);
    principals.push({ label: `${u.role} (${u.email})`, role: u.role, kind: "user", request: context.request });
  }
  principals.push({ label: "anonymous", role: null, kind: "anonymous", request: await playwrightRequest.newContext({ baseURL: BASE }) });
  // A cookie that looks like a session gets past proxy.ts, so the entry's own check has to refuse it.
  principals.push({ label: "forged session cookie", role: null, kind: "forged", request: await playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { Cookie: "authjs.session-token=forged-not-a-real-session" } }) });
  admin = principals[0];
  const get = async (url: string) => {
    const res = await admin.request.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(200);
    return res;
  };

  // Institutions and their endpoints through the FHIR directory (the admin's session reads it).
  const org = async (index: number) => {
    const ura = DEMO_INSTITUTIONS[index].ura;
    const bundle = await json(await get(`/fhir/Organization?identifier=${encodeURIComponent(`http://fhir.nl/fhir/NamingSystem/ura|${ura}`)}`));
    return bundle.entry[0].resource.id as string;
  };
  const institution = { own: await org(DEMO_HOME_INSTITUTION), foreign: await org(DEMO_OTHER_INSTITUTION) };
  // The ITI-38 gateways: the specs that check on demand (checker, check-evidence) use ITI-39 ones,
  // so a check run here (the admin's checkNowAction on the foreign one) never rate-limits them.
  const iti38 = async (inst: string) =>
    ((await json(await get(`/fhir/Endpoint?organization=Organization/${inst}`))).entry as { resource: { id: string; address: string } }[]).find((e) =>
      e.resource.address.includes("/iti38/"),
    )!.resource.id;
  const endpoint = { own: await iti38(institution.own), foreign: await iti38(institution.foreign) };
  // Evidence files are linked from the step list of an institution page.
  const evidenceOf = async (inst: string) => (await (await get(`/institutions/${inst}`)).text()).match(new RegExp(`/api/evidence/(${UUID.source})`))?.[1];
  let foreignEvidence: string | undefined;
  const alphatron = [...new Set((await (await get("/institutions?vendor=alphatron")).text()).match(new RegExp(`/institutions/${UUID.source}`, "g")) ?? [])];
  for (const href of alphatron) {
    foreignEvidence = await evidenceOf(href.split("/")[2]);
    if (foreignEvidence) break;
  }
  const ownEvidence = await evidenceOf(institution.own);
  expect(ownEvidence && foreignEvidence, "demo evidence for the home and an Alphatron institution").toBeTruthy();
  const ruleSet = (await (await get("/financing/rules")).text()).match(new RegExp(`/financing/rules/(${UUID.source})`))![1];
  // A published version (only those are offered for download), so that no probe can publish a draft.
  const template = (await (await get(`/toolkit/${institution.own}`)).text()).match(new RegExp(`/documents/dpia_guide\\?version=(${UUID.source})`))![1];
  ids = { institution, endpoint, evidence: { own: ownEvidence!, foreign: foreignEvidence! }, endpointBody: { own: {}, foreign: {} }, checkResult: { own: "", foreign: "" }, ruleSet, template, escalation: await ensureEscalation(contexts[0]), incident: await ensureStatusIncident(contexts[0]), question: firstId(await (await get("/questions")).text(), "/questions/"), article: firstId(await (await get("/kb")).text(), "/kb/"), announcement: await ensureAnnouncement(contexts[0]), events: await demoEventIds(contexts[0]) };
  // A stored check result of each endpoint (linked from its page); when the scheduler has not
  // checked it yet, the admin checks it now, as the endpoint page's button does.
  for (const target of ["own", "foreign"] as const) {
    const resultOf = async () => (await (await get(`/registry/${endpoint[target]}`)).text()).match(new RegExp(`/registry/${endpoint[target]}/checks/(\\d+)`))?.[1];
    let result = await resultOf();
    if (!result) {
      await callAction(admin, "app/(portal)/registry/[id]/check-actions.ts", "checkNowAction", [endpoint[target]]);
      result = await resultOf();
    }
    expect(result, `a check result of the ${target} endpoint`).toBeTruthy();
    ids.checkResult[target] = result!;
  }

  // API tokens of each scope, made by the admin as a person would (the tokens page's action).
  const made = {} as Record<TokenScope, string>;
  for (const [scope, extra] of [
    ["programme", {}],
    ["institution", { institutionId: institution.own }],
    ["vendor", { vendorCode: "enovation" }],
  ] as const) {
    const out = await callAction(admin, "app/(portal)/registry/tokens/actions.ts", "createTokenAction", [{ name: `authz-matrix ${scope}`, scope, expiresInDays: 1, ...extra }]);
    expect(out.result, `create a ${scope} token`).toMatchObject({ ok: true });
    made[scope] = (out.result as { data: { token: string } }).data.token;
  }
  tokens = made;
  // A valid body for each endpoint, for write probes that must fail on scope or version, not validation.
  for (const target of ["own", "foreign"] as const) {
    const e = await json(await admin.request.get(`/api/v1/endpoints/${endpoint[target]}`, { headers: { Authorization: `Bearer ${tokens.programme}` } }));
    ids.endpointBody[target] = Object.fromEntries(
      ["institutionId", "vendorCode", "environment", "transaction", "url", "homeCommunityId", "status", "periodStart", "periodEnd", "maintenanceWindows", "probeMode"].map((k) => [k, e[k]]),
    );
  }
});

test.afterAll(async () => {
  // Revoke the walk's tokens: the tokens page's revoke buttons carry each token's id and name.
  if (admin) {
    const payload = await (await admin.request.get("/registry/tokens", { headers: { RSC: "1" } })).text();
    const found = [...payload.matchAll(new RegExp(`"args":\\["(${UUID.source})"\\],"label":"[^"]*authz-matrix`, "g"))];
    expect.soft(found.length, "the walk's three API tokens on the tokens page").toBe(3);
    for (const m of found) {
      const out = await callAction(admin, "app/(portal)/registry/tokens/actions.ts", "revokeTokenAction", [m[1]]);
      expect.soft(out.result, "revoke the walk's API token").toMatchObject({ ok: true });
    }
  }
  for (const p of principals) if (p.kind !== "user") await p.request.dispose();
  for (const c of contexts) await c.close();
  principals = [];
  contexts = [];
});

function report(title: string) {
  const mine = problems.splice(0);
  expect.soft(mine, `${title}: ${mine.length} cell(s) of the authorization matrix are wrong:\n  ${mine.join("\n  ")}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------

/** The build holds no page, route or server action that the inventory does not list. */
function checkBuild() {
  const appPaths = Object.keys(JSON.parse(readFileSync(path.join(DIST, "server", "app-paths-manifest.json"), "utf8")) as Record<string, string>);
  const pages = new Set(PAGES.map((p) => p.path));
  const routes = new Set(ROUTES.map((r) => r.path));
  const unlisted: string[] = [];
  for (const key of appPaths) {
    const m = /^(.*)\/(page|route)$/.exec(key);
    if (!m || m[1] === "/_not-found" || m[1] === "/_global-error") continue;
    const pattern = routePatternOf(`${m[1].replace(/^\//, "")}/x`);
    if (m[2] === "page" ? !pages.has(pattern) : !routes.has(pattern)) unlisted.push(`${m[2]} ${pattern}`);
  }
  const inventoried = new Set(ACTIONS.map((a) => `${a.file}#${a.name}`));
  const built = Object.values(manifest().node).map((v) => `${v.filename}#${v.exportedName}`);
  for (const a of built) if (!inventoried.has(a)) unlisted.push(`server action ${a}`);
  const unbuilt = [...inventoried].filter((a) => !built.includes(a));
  expect.soft(unlisted, "in the build but not in lib/auth/inventory.ts").toEqual([]);
  expect.soft(unbuilt, `in the inventory but not in the build ${DIST} (rebuild?)`).toEqual([]);
}

/** Pages: every role, anonymous, a forged cookie and a foreign institution get what the inventory says. */
async function walkPages() {
  const cells = PAGES.flatMap((e) => principals.flatMap((p) => (["own", "foreign"] as const).filter((t) => t === "own" || e.scope === "institution").map((t) => ({ e, p, t }))));
  await pool(cells, 3, async ({ e, p, t }) => {
    const url = fill(e.path, t);
    const res = await send(() => p.request.get(url, { maxRedirects: 0 }));
    const s = res.status();
    const fail = (expected: string) => problems.push(`page ${url} (${e.path}) ${where(p, t)}: expected ${expected}, got ${s}${res.headers()["location"] ? ` → ${res.headers()["location"]}` : ""}`);
    if (e.public) {
      if (s >= 400) fail("a public page (< 400)");
    } else if (p.role === null) {
      if (!isRedirectToLogin(res)) fail("a redirect to /login");
    } else if (!e.allow.includes(p.role)) {
      if (e.scope ? s !== 403 && s !== 404 : s !== 403) fail(e.scope ? "403 or 404" : "403");
    } else if (!covers(p, t)) {
      if (s !== 404) fail("404 (outside the caller's scope)");
    } else if (s !== 200 && !(e.allowedRedirect && s >= 300 && s < 400 && new URL(res.headers()["location"] ?? "", BASE).pathname.startsWith(e.allowedRedirect))) {
      fail(e.allowedRedirect ? `200 or a redirect to ${e.allowedRedirect}` : "200");
    }
  });
  report("pages");
}

/** Route handlers (except the API catch-alls), the same way. */
async function walkRoutes() {
  // The two API catch-alls are walked per operation in the next test. /metrics opens to an API
  // token with the metrics permission only (tests/integration/metrics.test.ts): no session, however
  // privileged, and no cookie opens it.
  const entries = ROUTES.filter((r) => !r.path.startsWith("/api/v1/") && !r.path.startsWith("/fhir/") && r.path !== "/metrics");
  for (const p of principals) {
    const s = (await send(() => p.request.get("/metrics", { maxRedirects: 0 }))).status();
    if (s !== 401) problems.push(`GET /metrics as ${p.label}: expected 401 (tokens with the metrics permission only), got ${s}`);
  }
  const cells = entries.flatMap((e) =>
    e.methods.flatMap((method) => principals.flatMap((p) => (["own", "foreign"] as const).filter((t) => t === "own" || e.scope === "institution").map((t) => ({ e, method, p, t })))),
  );
  await pool(cells, 3, async ({ e, method, p, t }: { e: RouteEntry; method: string; p: Principal; t: Target }) => {
    let url = fill(e.path, t);
    if (e.path === "/api/auth/[...nextauth]" && method === "POST") {
      // A sign-in attempt without a CSRF token: refused by next-auth itself, counted nowhere. Anonymous only.
      if (p.kind !== "anonymous") return;
      url = "/api/auth/callback/credentials";
    }
    const res = await send(() => p.request.fetch(url, { method, maxRedirects: 0, ...(method === "POST" ? { form: { email: "nobody@example.test", password: "x" } } : {}) }));
    const s = res.status();
    const fail = (expected: string) => problems.push(`${method} ${url} (${e.path}) ${where(p, t)}: expected ${expected}, got ${s}`);
    if (e.public) {
      if (s === 401 || s === 403 || (s >= 500 && !(e.path === "/api/ready" && s === 503))) fail("a public answer");
    } else if (p.role === null) {
      if (s !== 401 && !isRedirectToLogin(res)) fail("401 or a redirect to /login");
    } else if (!e.allow.includes(p.role)) {
      if (e.scope ? s !== 403 && s !== 404 : s !== 403) fail(e.scope ? "403 or 404" : "403");
    } else if (!covers(p, t)) {
      if (s !== 404) fail("404 (outside the caller's scope)");
    } else if (s !== 200) fail("200");
  });
  report("route handlers");
}

/** API operations (/api/v1, /fhir): each token scope, every role's session and no credentials. */
async function walkApi() {
  type Caller = { label: string; token?: TokenScope; session?: Principal };
  const callers: Caller[] = [
    { label: "no credentials" },
    ...TOKEN_SCOPES.map((token) => ({ label: `${token} token`, token })),
    ...principals.filter((p) => p.kind === "user").map((p) => ({ label: `session of ${p.label}`, session: p })),
  ];
  /** Token scopes: programme reaches everything, institution the home institution, vendor Enovation's. */
  const tokenCovers = (token: TokenScope, t: Target) => t === "own" || token === "programme";
  const anon = principals.find((p) => p.kind === "anonymous")!;
  // The foreign variant needs an id in the path (a create names its institution in the body).
  const cells = API_OPERATIONS.flatMap((op) => callers.flatMap((c) => (["own", "foreign"] as const).filter((t) => t === "own" || (op.scope === "institution" && op.path.includes("{id}"))).map((t) => ({ op, c, t }))));
  await pool(cells, 3, async ({ op, c, t }: { op: ApiOperation; c: Caller; t: Target }) => {
    const url = op.path
      .replace("/institutions/{id}", `/institutions/${ids.institution[t]}`)
      .replace("/endpoints/{id}", `/endpoints/${ids.endpoint[t]}`)
      .replace("/Organization/{id}", `/Organization/${ids.institution[t]}`)
      .replace("/Endpoint/{id}", `/Endpoint/${ids.endpoint[t]}`)
      .replace("{vid}", "1");
    const allowedToken = c.token !== undefined && op.tokens.includes(c.token);
    const sessionAllowed = c.session !== undefined && op.sessionPermission !== undefined;
    const reaches = c.token ? tokenCovers(c.token, t) : c.session ? covers(c.session, t) : false;
    // Writes that would change something for an allowed caller in scope are sent so that they fail
    // after the gate: POST with an empty body (422), PUT with a stale If-Match (412); "check now" is
    // not sent for them at all.
    if (op.sideEffectWithoutInput && (allowedToken || sessionAllowed) && reaches) return;
    const headers: Record<string, string> = c.token ? { Authorization: `Bearer ${tokens[c.token]}` } : {};
    let data: string | undefined;
    if (op.method === "POST" || op.method === "PUT") {
      headers["Content-Type"] = "application/json";
      data = op.method === "PUT" ? JSON.stringify(ids.endpointBody[t]) : "{}";
      if (op.method === "PUT") headers["If-Match"] = '"999999"';
    }
    const req = c.session ? c.session.request : anon.request;
    const res = await send(() => req.fetch(url, { method: op.method, headers, data, maxRedirects: 0 }));
    const s = res.status();
    const fail = (expected: string) => problems.push(`${op.method} ${url} (${op.path}) with ${c.label}${t === "foreign" ? " on a foreign institution" : ""}: expected ${expected}, got ${s}`);
    const allowedAnswer = op.method === "POST" ? 422 : op.method === "PUT" ? 412 : 200;
    if (op.public) {
      if (s !== 200) fail("200 (public)");
    } else if (!c.token && !sessionAllowed) {
      if (s !== 401) fail("401");
    } else if (c.token && !allowedToken) {
      if (s !== 403) fail("403 (this token scope only reads)");
    } else if (!reaches) {
      if (s !== 404) fail("404 (outside the caller's scope)");
    } else if (s !== allowedAnswer) fail(String(allowedAnswer));
  });

  // The methods of the catch-all handlers that no operation uses: refused, never served.
  const vendorAuth = { Authorization: `Bearer ${tokens.vendor}` };
  const extra: [string, string, Record<string, string>, number][] = [
    ["PATCH", `/api/v1/endpoints/${ids.endpoint.own}`, vendorAuth, 405],
    ["DELETE", `/api/v1/endpoints/${ids.endpoint.own}`, vendorAuth, 405],
    ["DELETE", `/api/v1/endpoints/${ids.endpoint.own}`, {}, 401],
    ["PATCH", "/api/v1/institutions", {}, 401],
    ["HEAD", "/fhir/Endpoint", vendorAuth, 200],
    ["HEAD", "/fhir/Endpoint", {}, 401],
    ["POST", "/fhir/Endpoint", vendorAuth, 405],
    ["PUT", `/fhir/Endpoint/${ids.endpoint.own}`, vendorAuth, 405],
    ["PATCH", `/fhir/Endpoint/${ids.endpoint.own}`, {}, 405],
    ["DELETE", `/fhir/Endpoint/${ids.endpoint.own}`, {}, 405],
  ];
  for (const [method, url, headers, expected] of extra) {
    const s = (await send(() => anon.request.fetch(url, { method, headers, maxRedirects: 0 }))).status();
    if (s !== expected) problems.push(`${method} ${url} with ${headers.Authorization ? "a vendor token" : "no credentials"}: expected ${expected}, got ${s}`);
  }
  // Every method the catch-alls export is exercised above or by an operation.
  for (const r of ROUTES.filter((x) => x.path.startsWith("/api/v1/") || x.path.startsWith("/fhir/"))) {
    const prefix = r.path.startsWith("/fhir/") ? "/fhir/" : "/api/v1/";
    const used = new Set([...API_OPERATIONS.filter((o) => o.path.startsWith(prefix)).map((o) => o.method), ...extra.filter(([, u]) => u.startsWith(prefix)).map(([m]) => m)]);
    for (const m of r.methods) if (!used.has(m)) problems.push(`${r.path}: method ${m} is exported but no operation or check covers it`);
  }
  report("API operations");
}

/** Server actions: every role, anonymous, a forged cookie and a foreign institution. */
async function walkActions() {
  const cells = ACTIONS.flatMap((e) => principals.flatMap((p) => (["own", "foreign"] as const).filter((t) => t === "own" || e.scope === "institution").map((t) => ({ e, p, t }))));
  await pool(cells, 3, async ({ e, p, t }) => {
    const allowed = e.public || (p.role !== null && e.allow.includes(p.role));
    // Public actions are called without a session only (and with invalid input); an action with a
    // side effect even without input only by callers who must be refused.
    if (e.public ? p.kind === "user" : e.sideEffectWithoutInput && allowed) return;
    const { args, allowedCodes } = probe(e, t);
    const out = await callAction(p, e.file, e.name, args, t);
    const what = `${e.file}#${e.name} ${where(p, t)}`;
    const got = `HTTP ${out.status}${out.redirect !== null ? ` → ${out.redirect}` : ""}, ${out.code ? `code ${out.code}` : JSON.stringify(out.result)?.slice(0, 120)}`;
    const fail = (expected: string) => problems.push(`${what}: expected ${expected}, got ${got}`);
    if (out.status >= 500 || (!out.decoded && out.redirect === null)) {
      fail("an answer from the action");
      return;
    }
    if (e.public) {
      if (out.code && (DENIALS.slice(0, 2).includes(out.code) || out.code === "internal")) fail("a public answer");
    } else if (p.role === null) {
      const proxyRedirect = p.kind === "anonymous" && out.redirect !== null && /\/login\b/.test(out.redirect);
      if (!proxyRedirect && out.code !== "unauthenticated") fail("unauthenticated");
    } else if (!e.allow.includes(p.role)) {
      if (e.scope ? !["forbidden", "not_found"].includes(out.code ?? "") : out.code !== "forbidden") fail(e.scope ? "forbidden or not_found" : "forbidden");
    } else if (!covers(p, t)) {
      if (out.code !== "not_found") fail("not_found (outside the caller's scope)");
    } else if (out.redirect !== null || (out.code !== null && DENIALS.includes(out.code) && !(allowedCodes ?? []).includes(out.code))) {
      fail("to pass the permission check (e.g. a validation error)");
    }
  });
  report("server actions");
}


test("the authorization matrix holds for every page, route handler, API operation and server action", { tag: "@core" }, async () => {
  test.setTimeout(1_200_000);
  // One test with steps and soft assertions: every part runs and reports, with one round of sign-ins.
  await test.step("the build lists nothing outside the inventory", checkBuild);
  await test.step("pages", walkPages);
  await test.step("route handlers", walkRoutes);
  await test.step("API operations", walkApi);
  await test.step("server actions", walkActions);
});