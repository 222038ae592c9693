/**
 * Accessibility: axe (WCAG 2.1 A/AA, expectAccessible) once on every page of the authorization
 * inventory (lib/auth/inventory.ts PAGES), as one user whose role may see it; on the same page load
 * what axe does not test: nothing runs out of its card at 1,280 px, and the page reflows at 320 px
 * (reflowProblems in support.ts: no sideways scrolling, nothing clipped, tables scroll in a named,
 * focusable box with a visible hint). A page added to the
 * inventory without a row in CHECKS below fails here, so no page goes unchecked.
 *
 * Views that need a state (a form with its errors shown, a result just produced, the English
 * UI, the forced two-step set-up) keep their own axe check in the spec that makes the state:
 *   - the valid invitation and reset forms: invitation.spec.ts;
 *   - /two-factor/setup while a second factor still has to be set up: two-factor.spec.ts (a
 *     user who has one is sent on to /account, where this spec checks it lands);
 *   - login errors and the English login page: roles.spec.ts; the 403 and 404 pages: forbidden.spec.ts.
 */
import type { BrowserContext, Page } from "@playwright/test";
import { DEMO_HOME_INSTITUTION, type DemoUser } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { PAGES } from "@/lib/auth/inventory";
import { SIGNED_OUT, USERS, demoEventIds, ensureAnnouncement, ensureEscalation, ensureStatusIncident, expect, expectAccessible, reflowProblems, signedInAs, test as base } from "./support";

/**
 * One browser context per person for the whole worker: every page below is its own test, but
 * the person's context (stored session, signed out for a visitor) is opened once and reused
 * instead of once per page (~0.6 s each on the 2-core CI machine).
 */
const test = base.extend<object, { pageOf: (as: DemoUser | null) => Promise<Page> }>({
  pageOf: [
    async ({ browser }, use) => {
      const contexts = new Map<string, BrowserContext>();
      await use(async (as) => {
        const key = as?.email ?? "visitor";
        let context = contexts.get(key);
        if (!context) {
          context = await browser.newContext(as ? signedInAs(as) : SIGNED_OUT);
          contexts.set(key, context);
        }
        return context.pages()[0] ?? (await context.newPage());
      });
      for (const context of contexts.values()) await context.close().catch(() => {});
    },
    { scope: "worker" },
  ],
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

type Ids = { institution: string; endpoint: string; checkResult: string; ruleSet: string; escalation: string; incident: string; question: string; article: string; announcement: string; event: string };

type Check = {
  /** Who looks: a demo user with a stored session (auth.setup.ts), or nobody (signed out). */
  as: DemoUser | null;
  url: (ids: Ids) => string;
  /** Where an allowed redirect lands (the inventory's allowedRedirect or a public page's redirect). */
  lands?: RegExp;
  /** Why this view and not another. */
  note?: string;
};

const CHECKS: Record<string, Check> = {
  "/admin/audit": { as: USERS.admin, url: () => "/admin/audit" },
  "/admin/imports": { as: USERS.admin, url: () => "/admin/imports" },
  "/admin/institutions/new": { as: USERS.admin, url: () => "/admin/institutions/new" },
  "/admin/institutions/[id]/edit": { as: USERS.admin, url: (ids) => `/admin/institutions/${ids.institution}/edit` },
  "/admin/milestones": { as: USERS.admin, url: () => "/admin/milestones" },
  "/admin/templates": { as: USERS.admin, url: () => "/admin/templates" },
  "/admin/templates/[type]": { as: USERS.admin, url: () => "/admin/templates/dpia_guide" },
  "/admin/users": { as: USERS.admin, url: () => "/admin/users" },
  "/account": { as: USERS.ciso, url: () => "/account" },
  "/dashboard": { as: USERS.viewer, url: () => "/dashboard" },
  "/dashboard/attention": { as: USERS.admin, url: () => "/dashboard/attention", note: "with the open questions (programme admin)" },
  "/dashboard/network": { as: USERS.viewer, url: () => "/dashboard/network" },
  "/financing": { as: USERS.viewer, url: () => "/financing" },
  "/financing/rules": { as: USERS.viewer, url: () => "/financing/rules" },
  "/financing/rules/[id]": { as: USERS.viewer, url: (ids) => `/financing/rules/${ids.ruleSet}` },
  "/escalations": { as: USERS.admin, url: () => "/escalations", note: "with the forms (programme admin)" },
  "/escalations/[id]": { as: USERS.admin, url: (ids) => `/escalations/${ids.escalation}`, note: "with the escalate, status and edit forms" },
  "/questions": { as: USERS.editor, url: () => "/questions", note: "with the ask form" },
  "/questions/[id]": { as: USERS.admin, url: (ids) => `/questions/${ids.question}`, note: "with the answer, assign, close and publish forms" },
  "/events": { as: USERS.editor, url: () => "/events", note: "the demo's events with seats, waiting list and the editor's registration" },
  "/events/new": { as: USERS.admin, url: () => "/events/new" },
  "/events/[id]": { as: USERS.admin, url: (ids) => `/events/${ids.event}`, note: "the organiser's view of the full information session: attendee list, waiting list, cancel; the working group with its upload form and the attendee's view: events.spec.ts" },
  "/events/[id]/edit": { as: USERS.admin, url: (ids) => `/events/${ids.event}/edit` },
  "/kb": { as: USERS.ciso, url: () => "/kb?q=certificaat", note: "a search with results" },
  "/kb/[id]": { as: USERS.admin, url: (ids) => `/kb/${ids.article}`, note: "with the edit form" },
  "/notifications": { as: USERS.editor, url: () => "/notifications" },
  "/notifications/[id]": { as: USERS.editor, url: () => "/notifications/0", lands: /\/notifications$/, note: "an id that is not the caller's leads to their list; following one: notifications.spec.ts" },
  "/account/notifications": { as: USERS.ciso, url: () => "/account/notifications" },
  "/announcements": { as: USERS.admin, url: () => "/announcements", note: "with the compose form" },
  "/announcements/[id]": { as: USERS.viewer, url: (ids) => `/announcements/${ids.announcement}`, note: "a recipient's view with the mark-read button" },
  "/institutions": { as: USERS.vendor, url: () => "/institutions" },
  "/institutions/[id]": { as: USERS.editor, url: (ids) => `/institutions/${ids.institution}` },
  "/institutions/[id]/steps/[code]": { as: USERS.editor, url: (ids) => `/institutions/${ids.institution}/steps/vendor_chosen`, note: "a verified step; the report form: onboarding.spec.ts" },
  "/registry": { as: USERS.editor, url: () => "/registry" },
  "/registry/new": { as: USERS.vendor, url: () => "/registry/new" },
  "/registry/certificates": { as: USERS.viewer, url: () => "/registry/certificates" },
  "/registry/tokens": { as: USERS.vendor, url: () => "/registry/tokens" },
  "/registry/volumes": { as: USERS.vendor, url: () => "/registry/volumes" },
  "/registry/[id]": { as: USERS.ciso, url: (ids) => `/registry/${ids.endpoint}` },
  "/registry/[id]/edit": { as: USERS.editor, url: (ids) => `/registry/${ids.endpoint}/edit` },
  "/registry/[id]/checks/[resultId]": { as: USERS.viewer, url: (ids) => `/registry/${ids.endpoint}/checks/${ids.checkResult}` },
  "/review": { as: USERS.reviewer, url: () => "/review" },
  "/toolkit": { as: USERS.admin, url: () => "/toolkit", note: "someone with one institution is sent on to /toolkit/[id], checked below" },
  "/toolkit/overview": { as: USERS.viewer, url: () => "/toolkit/overview" },
  "/toolkit/[id]": { as: USERS.ciso, url: (ids) => `/toolkit/${ids.institution}` },
  "/toolkit/[id]/intake": { as: USERS.editor, url: (ids) => `/toolkit/${ids.institution}/intake` },
  "/": { as: null, url: () => "/", lands: /\/login(\?|$)/, note: "redirects; checked where it lands" },
  "/login": { as: null, url: () => "/login" },
  "/forgot-password": { as: null, url: () => "/forgot-password" },
  "/reset-password/[token]": { as: null, url: () => `/reset-password/${"x".repeat(43)}`, note: "an unknown link; the form with a valid one: invitation.spec.ts" },
  "/accept-invite/[token]": { as: null, url: () => `/accept-invite/${"x".repeat(43)}`, note: "an unknown link; the form with a valid one: invitation.spec.ts" },
  "/status": { as: null, url: () => "/status" },
  "/status/manage": { as: USERS.vendor, url: () => "/status/manage", note: "with the forms (vendor editor)" },
  "/alerts": { as: USERS.vendor, url: () => "/alerts", note: "the rules of the vendor with the new-rule form; changing one: alerts.spec.ts" },
  "/alerts/deliveries": { as: USERS.admin, url: () => "/alerts/deliveries", note: "the delivery log with its filters" },
  "/status/incidents": { as: null, url: () => "/status/incidents" },
  "/status/incidents/[id]": { as: null, url: (ids) => `/status/incidents/${ids.incident}` },
  "/status/subscribe": { as: null, url: () => "/status/subscribe" },
  "/status/subscriptions/[id]/confirm": { as: null, url: () => "/status/subscriptions/00000000-0000-0000-0000-000000000000/confirm?t=x", note: "an unknown link; a valid one: status-incidents.spec.ts" },
  "/status/subscriptions/[id]/unsubscribe": { as: null, url: () => "/status/subscriptions/00000000-0000-0000-0000-000000000000/unsubscribe?t=x", note: "an unknown link; a valid one: status-incidents.spec.ts" },
  "/two-factor/setup": {
    as: USERS.editor,
    url: () => "/two-factor/setup",
    lands: /\/account$/,
    note: "allowedRedirect: a user without a pending set-up lands on /account; the set-up form itself: two-factor.spec.ts",
  },
};

let ids: Ids;

/** Ids for the dynamic segments: the home institution, its ITI-38 gateway and a stored check of it. */
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext(signedInAs(USERS.admin));
  const { request } = context;
  const body = async (url: string) => {
    const res = await request.get(url);
    expect(res.status(), url).toBe(200);
    return res;
  };
  const ura = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura;
  const org = await (await body(`/fhir/Organization?identifier=${encodeURIComponent(`http://fhir.nl/fhir/NamingSystem/ura|${ura}`)}`)).json();
  const institution = org.entry[0].resource.id as string;
  const eps = (await (await body(`/fhir/Endpoint?organization=Organization/${institution}`)).json()).entry as { resource: { id: string; address: string } }[];
  // ITI-38: no spec checks it on demand (checker.spec.ts checks the ITI-39 one), the scheduler does.
  const endpoint = eps.find((e) => e.resource.address.includes("/iti38/"))!.resource.id;
  let checkResult = "";
  // The scheduler checks every endpoint shortly after the server starts.
  await expect
    .poll(async () => (checkResult = (await (await body(`/registry/${endpoint}`)).text()).match(new RegExp(`/registry/${endpoint}/checks/(\\d+)`))?.[1] ?? ""), {
      message: "a scheduled check result of the home institution's ITI-38 gateway",
      timeout: 90_000,
    })
    .not.toBe("");
  const ruleSet = (await (await body("/financing/rules")).text()).match(new RegExp(`/financing/rules/(${UUID.source})`))![1];
  const escalation = await ensureEscalation(context);
  const incident = await ensureStatusIncident(context);
  const question = (await (await body("/questions")).text()).match(new RegExp(`/questions/(${UUID.source})`))![1];
  const article = (await (await body("/kb")).text()).match(new RegExp(`/kb/(${UUID.source})`))![1];
  const announcement = await ensureAnnouncement(context);
  ids = { institution, endpoint, checkResult, ruleSet, escalation, incident, question, article, announcement, event: (await demoEventIds(context)).event };
  await context.close();
});

/** The normal width of a page visit (Playwright's default); the check below narrows it to 320 px. */
const NORMAL = { width: 1280, height: 720 };

async function check(page: Page, entryPath: string, c: Check) {
  // The page is shared by the person's tests (pageOf): start each visit at the normal width again.
  await page.setViewportSize(NORMAL);
  const res = await page.goto(c.url(ids));
  if (c.lands) await expect(page).toHaveURL(c.lands);
  else expect(res?.status(), `${c.url(ids)} answers 200`).toBe(200);
  await expect(page.locator("main h1").first(), `${entryPath} has a heading`).toBeVisible();
  await expectAccessible(page);
  // Text that runs out of its card, and tables cut off without a cue, at the normal width (1,280 px);
  // then reflow (WCAG 1.4.10) on the same page load: 320 CSS px is a 1,280 px screen at 400 % zoom.
  // Polled: a table's scroll box marks itself once React has measured it (app/_components/scroll-box.tsx).
  await expect.poll(() => reflowProblems(page), { message: `${c.url(ids)} fits at ${NORMAL.width} px`, timeout: 5_000 }).toEqual([]);
  await page.setViewportSize({ width: 320, height: 800 });
  await expect.poll(() => reflowProblems(page), { message: `${c.url(ids)} reflows at 320 px`, timeout: 5_000 }).toEqual([]);
}

for (const entry of PAGES) {
  const c = CHECKS[entry.path];
  test(`axe: ${entry.path}${c ? ` as ${c.as ? c.as.role : "a visitor"}` : ""}${c?.note ? ` (${c.note})` : ""}`, async ({ pageOf }) => {
    expect(c, `no accessibility check for the page ${entry.path}: add it to CHECKS in tests/e2e/accessibility.spec.ts`).toBeTruthy();
    // The one who looks must be someone the inventory lets in.
    if (c.as) expect(entry.public || entry.allow.includes(c.as.role), `${c.as.role} may open ${entry.path}`).toBe(true);
    else expect(entry.public, `${entry.path} is public`).toBe(true);
    await check(await pageOf(c.as), entry.path, c);
  });
}

test("every page the accessibility checks name is in the inventory", () => {
  const listed = new Set(PAGES.map((p) => p.path));
  expect(Object.keys(CHECKS).filter((p) => !listed.has(p))).toEqual([]);
});
