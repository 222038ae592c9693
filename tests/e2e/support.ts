import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { DEMO_USERS, type DemoUser } from "@/db/seed/demo-users";
import { DEMO_EVENT_TITLE, DEMO_WORKING_GROUP_TITLE } from "@/db/seed/events";
import { TOTP_PERIOD_SECONDS, timeStep, totpCodeForStep } from "@/lib/auth/totp";
import type { Role } from "@/lib/auth/roles";

export const E2E_PORT = Number(process.env.E2E_PORT || 3100);
// One mail folder per e2e port, so parallel runs on one machine do not read each other's mail.
export const MAIL_DIR = path.join(__dirname, "..", ".tmp", `mail-${E2E_PORT}`);

// ---------------------------------------------------------------------------------------------
// Stored sessions (auth.setup.ts signs every demo user in once, through the form)

const demo = (email: string): DemoUser => {
  const u = DEMO_USERS.find((d) => d.email === email);
  if (!u) throw new Error(`no demo user ${email}`);
  return u;
};

/** The demo users by what the specs use them for (db/seed/demo-users.ts). */
export const USERS = {
  admin: demo("admin@duo-demo.test"),
  /** The second programme admin: verifies what the first rejected. */
  reviewer: demo("beoordelaar@duo-demo.test"),
  viewer: demo("viewer@duo-demo.test"),
  /** Editor of the home institution (DEMO_HOME_INSTITUTION). */
  editor: demo("projectleider@duo-demo.test"),
  /** Security officer of the home institution. */
  ciso: demo("ciso@duo-demo.test"),
  /** Vendor editor for Enovation. */
  vendor: demo("leverancier@duo-demo.test"),
  /** Editor of the other institution (DEMO_OTHER_INSTITUTION). */
  otherEditor: demo("projectleider2@duo-demo.test"),
} as const;

/** The demo user the specs use for a role: the first one of DEMO_USERS with it. */
export const userOfRole = (role: Role): DemoUser => DEMO_USERS.find((u) => u.role === role)!;

/** Where auth.setup.ts keeps the session of a demo user (per e2e port, so parallel runs do not collide). */
export const AUTH_DIR = path.join(__dirname, "..", ".tmp", `auth-${E2E_PORT}`);
export const stateFor = (email: string) => path.join(AUTH_DIR, `${email.replace(/[^a-z0-9@._-]/gi, "_")}.json`);

/**
 * `test.use(signedInAs(USERS.viewer))`: the tests of the file start signed in as that demo user, with the
 * session auth.setup.ts stored. Sessions live on the server (user_sessions): a spec that signs
 * out, ends sessions, disables or changes a user must never do so with a stored session; it signs
 * in fresh (signIn) or, better, works on a user it invited itself (inviteUser).
 */
export const signedInAs = (user: DemoUser): Pick<BrowserContextOptions, "storageState"> => ({ storageState: stateFor(user.email) });
export const asRole = (role: Role) => signedInAs(userOfRole(role));
/** No session at all, also in a file that uses a stored one. */
export const SIGNED_OUT: Pick<BrowserContextOptions, "storageState"> = { storageState: { cookies: [], origins: [] } };

/** A page in a context of its own: with the stored session of `user`, or signed out (null). Close its context. */
export async function pageAs(browser: Browser, user: DemoUser | null, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ ...options, ...(user ? signedInAs(user) : SIGNED_OUT) });
  return context.newPage();
}

/**
 * Playwright's test with `as`: `const ed = await as(USERS.editor)` opens a page in a browser
 * context of its own with that user's stored session (`as(null)`: signed out); the contexts are
 * closed when the test ends. For tests with more than one person.
 */
export const test = base.extend<{ as: (user: DemoUser | null, options?: BrowserContextOptions) => Promise<Page> }>({
  as: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user, options = {}) => {
      const page = await pageAs(browser, user, options);
      contexts.push(page.context());
      return page;
    });
    for (const c of contexts) await c.close().catch(() => {});
  },
});
export { expect };

/** The Cookie header of a stored session, for raw HTTP requests. */
export function cookieHeaderFor(user: DemoUser): string {
  const state = JSON.parse(readFileSync(stateFor(user.email), "utf8")) as { cookies: { name: string; value: string }[] };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

let invited = 0;

/**
 * A new account for a spec that changes a user (locks, disables, resets, enrols): the programme
 * admin invites it on /admin/users (its stored session), the invitee sets a password from the
 * mail in a context of its own. Not signed in yet. The e-mail is unique per run and call.
 */
export async function inviteUser(
  browser: Browser,
  opts: { prefix: string; name: string; role: Role; institution?: { name: string; ura: string }; vendor?: string; password?: string },
): Promise<{ email: string; name: string; password: string }> {
  const email = `${opts.prefix}-${Date.now().toString(36)}-${++invited}@zorg-demo.test`;
  const password = opts.password ?? "Eigen-Account-Voor-De-Test-2026";
  const admin = await pageAs(browser, USERS.admin);
  try {
    await admin.goto("/admin/users");
    const form = admin.locator("form", { has: admin.getByRole("button", { name: "Uitnodiging versturen" }) });
    await form.getByLabel("E-mailadres").fill(email);
    await form.getByLabel("Rol").selectOption(opts.role);
    if (opts.institution) await form.getByLabel("Instelling").selectOption({ label: `${opts.institution.name} (${opts.institution.ura})` });
    if (opts.vendor) await form.getByLabel("Leverancier").selectOption({ label: opts.vendor });
    await form.getByRole("button", { name: "Uitnodiging versturen" }).click();
    await expect(admin.locator("main [role=status]")).toContainText(`Uitnodiging verstuurd naar ${email}`);
  } finally {
    await admin.context().close();
  }
  const link = /http:\/\/localhost:\d+\/accept-invite\/[A-Za-z0-9_-]{43}/.exec((await waitForMail(email)).text)?.[0];
  if (!link) throw new Error(`inviteUser: no invitation link in the mail to ${email}`);
  const invitee = await pageAs(browser, null);
  try {
    await invitee.goto(link);
    await invitee.getByLabel("Uw naam").fill(opts.name);
    await invitee.getByLabel("Nieuw wachtwoord").fill(password);
    await invitee.getByLabel("Herhaal het wachtwoord").fill(password);
    await invitee.getByRole("button", { name: "Account aanmaken" }).click();
    await invitee.waitForURL(/\/login\?invited=1/);
  } finally {
    await invitee.context().close();
  }
  return { email, name: opts.name, password };
}

// ---------------------------------------------------------------------------------------------
// Signing in through the form

/**
 * Signs in through the login form, as a person would, and waits to leave the login page. When
 * the form asks for a two-step verification code, it enters one: from the demo secret of that
 * e-mail (db/seed/demo-users.ts), or from `totpSecret` for an account a test enrolled itself.
 */
export async function signIn(page: Page, email: string, password: string, totpSecret?: string) {
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(password);
  await page.locator("main").getByRole("button", { name: "Inloggen" }).click();
  const codeField = page.locator("main").getByLabel(CODE_LABEL);
  const leftLogin = () => !new URL(page.url()).pathname.startsWith("/login");
  await expect.poll(async () => leftLogin() || (await codeField.isVisible().catch(() => false)), { timeout: 30_000 }).toBe(true);
  if (!leftLogin()) {
    const secret = totpSecret ?? DEMO_USERS.find((u) => u.email === email)?.totpSecret;
    if (!secret) throw new Error(`signIn: ${email} is asked for a TOTP code, but no secret is known for it`);
    // A code the server saw as used (a step file lost between runs on one database) gets one retry.
    for (let attempt = 1; ; attempt++) {
      await codeField.fill(await nextTotpCode(email, secret));
      await page.locator("main").getByRole("button", { name: "Bevestigen" }).click();
      const alert = page.locator("main [role=alert]");
      await expect.poll(async () => leftLogin() || (await alert.isVisible().catch(() => false)), { timeout: 30_000 }).toBe(true);
      if (leftLogin()) break;
      const text = (await alert.textContent()) ?? "";
      if (attempt >= 2 || !text.includes("al gebruikt")) throw new Error(`signIn: the TOTP code for ${email} was refused: ${text}`);
    }
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

export const CODE_LABEL = "Code uit de authenticator-app";

/**
 * Completes the enrolment panel that is on the page (the forced set-up page, or the account page
 * after "Tweestapsverificatie instellen"): reads the key shown as text, as someone typing it into
 * an app would, confirms with a code from it, and returns the key and the recovery codes shown.
 * Leaves the recovery codes on screen; the caller clicks on.
 */
export async function completeTwoFactorEnrolment(page: Page, email: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const main = page.locator("main");
  const shown = main.getByTestId("totp-secret");
  await expect(shown).toHaveText(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  const secret = ((await shown.textContent()) ?? "").replace(/\s/g, "");
  await main.getByLabel(CODE_LABEL).fill(await nextTotpCode(email, secret));
  await main.getByRole("button", { name: "Bevestigen en inschakelen" }).click();
  await expect(main.getByRole("heading", { name: "Uw herstelcodes" })).toBeVisible();
  const recoveryCodes = (await main.getByRole("list", { name: "Herstelcodes" }).locator("li").allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

// TOTP codes work once per 30-second step (and the server accepts the previous and next step).
// An account may need several codes in a row (auth.setup.ts and roles.spec.ts sign the demo admin
// in; two-factor.spec.ts enrols, signs in and switches off), so the steps used are remembered per
// e-mail in a file (spec files run in separate worker processes) and each code takes the next
// unused step that the server will still accept; it waits only when all three are used up.
const TOTP_STEP_DIR = path.join(__dirname, "..", ".tmp", `totp-${E2E_PORT}`);
/** How long after computing a code the server may check it, on a busy machine. */
const TOTP_MARGIN_MS = 10_000;

export async function nextTotpCode(email: string, secret: string): Promise<string> {
  mkdirSync(TOTP_STEP_DIR, { recursive: true });
  const file = path.join(TOTP_STEP_DIR, `${email.replace(/[^a-z0-9@._-]/gi, "_")}.json`);
  const last = existsSync(file) ? Number((JSON.parse(readFileSync(file, "utf8")) as { step: number }).step) : Number.NEGATIVE_INFINITY;
  for (;;) {
    const now = Date.now();
    // Still inside the window when the server checks up to TOTP_MARGIN_MS later…
    const lowest = timeStep(now + TOTP_MARGIN_MS) - 1;
    // …and already inside it if it checks right away.
    const highest = timeStep(now) + 1;
    const step = Math.max(last + 1, lowest);
    if (step <= highest) {
      writeFileSync(file, JSON.stringify({ step }));
      return totpCodeForStep(secret, step);
    }
    // All usable steps are taken: wait until `step` comes within reach.
    await new Promise((r) => setTimeout(r, (step - 1) * TOTP_PERIOD_SECONDS * 1000 - now + 100));
  }
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Uitloggen", exact: true }).click();
  await page.waitForURL(/\/login/);
}

/** WCAG 2.1 A/AA rules; any violation fails the test with the rule ids and the elements. */
/** The WCAG 2.1 A and AA rules of axe-core. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/**
 * axe-core's minified build, evaluated in the page through the DevTools protocol (which the
 * page's Content-Security-Policy does not govern), then `axe.run` on the document. Measured on
 * this machine per page: @axe-core/playwright's AxeBuilder 3.5-4.4 s (it injects the 1.3 MB
 * unminified source and finishes each run in a new blank page), this 1.5-2.5 s. Our pages have
 * no iframes, which is all that AxeBuilder's frame handling would add.
 */
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

type AxeViolation = { id: string; nodes: { target: string[] }[] };

export async function expectAccessible(page: Page) {
  // Next streams <title> in after the body of dynamic pages (and again after a refresh);
  // check the page once it is complete, as a person would meet it.
  await expect(page).toHaveTitle(/\S/);
  await page.waitForLoadState("load");
  expect(await page.locator("iframe").count(), "expectAccessible checks the top document only: a page with an iframe needs frame handling").toBe(0);
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, AXE_TAGS);
  const summary = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * WCAG 1.4.10 reflow, measured on the page as it is (call it after `page.setViewportSize({ width: 320, … })`):
 * what stops a person at 400 % zoom. Returns one line per problem, [] when the page reflows:
 *   - the page is wider than the viewport (`document.documentElement.scrollWidth`);
 *   - a text, form control or image lies outside its card (`.card`, else `main`) or outside the
 *     viewport, or is cut off by an ancestor that hides overflow (an ellipsis is a deliberate cut);
 *   - a box that scrolls sideways (a data table may) is not a keyboard-focusable region with a name
 *     and a visible cue (aria-describedby pointing at a visible hint).
 * Text inside a box that scrolls is judged by that box, not by the card it sits in.
 */
export async function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    const sw = document.documentElement.scrollWidth;
    if (sw > vw) problems.push(`the page is ${sw} px wide at a ${vw} px viewport`);
    const name = (el: Element) => {
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls}`;
    };
    const snippet = (t: string) => JSON.stringify(t.replace(/\s+/g, " ").trim().slice(0, 40));
    const scrollBoxes = new Set<Element>();
    const SLACK = 1;
    const judge = (el: Element, left: number, right: number, what: string) => {
      let card: Element | null = null;
      for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if ((s.overflowX === "auto" || s.overflowX === "scroll") && a.scrollWidth > a.clientWidth) {
          scrollBoxes.add(a);
          return; // the box scrolls: its content may lie beyond its edge
        }
        if (s.overflowX === "hidden" || s.overflowX === "clip") {
          const r = a.getBoundingClientRect();
          const ellipsis = getComputedStyle(el).textOverflow === "ellipsis" || s.textOverflow === "ellipsis";
          if (!ellipsis && (right > r.right + SLACK || left < r.left - SLACK)) {
            problems.push(`${what} is cut off by ${name(a)}`);
            return;
          }
        }
        if (!card && (a.classList.contains("card") || a.tagName === "MAIN")) card = a;
      }
      if (card) {
        const r = card.getBoundingClientRect();
        if (right > r.right + SLACK || left < r.left - SLACK) problems.push(`${what} runs out of ${name(card)} (${Math.round(left)}–${Math.round(right)} px, the box ${Math.round(r.left)}–${Math.round(r.right)} px)`);
      }
      if (right > vw + SLACK || left < -SLACK) problems.push(`${what} lies outside the ${vw} px viewport (${Math.round(left)}–${Math.round(right)} px)`);
    };
    const hidden = ".visually-hidden, .skip-link, script, style, noscript, template, [hidden], [aria-hidden='true']";
    // The content of a closed <details> (everything but its summary) is not on the screen.
    const folded = (el: Element) => {
      for (let d = el.closest("details"); d; d = d.parentElement?.closest("details") ?? null) if (!(d as HTMLDetailsElement).open && !el.closest("summary")?.parentElement?.isSameNode(d)) return true;
      return false;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? "";
      const el = n.parentElement;
      if (!text.trim() || !el || el.closest(hidden) || folded(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (rects.length === 0) continue;
      judge(el, Math.min(...rects.map((r) => r.left)), Math.max(...rects.map((r) => r.right)), `the text ${snippet(text)} in ${name(el)}`);
      // A column too narrow to read: the text wraps after nearly every letter.
      const letters = text.replace(/\s+/g, "").length;
      const lines = new Set(rects.map((r) => Math.round(r.top))).size;
      if (letters >= 6 && lines >= letters / 2) problems.push(`the text ${snippet(text)} in ${name(el)} is squeezed to ${lines} lines of a letter or two`);
    }
    for (const el of document.body.querySelectorAll("input:not([type=hidden]), select, textarea, button, img, svg, progress")) {
      if (el.closest(hidden) || folded(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      judge(el, r.left, r.right, `the ${name(el)}${el.getAttribute("name") ? ` "${el.getAttribute("name")}"` : ""}`);
    }
    for (const box of scrollBoxes) {
      const label = box.getAttribute("aria-label") || (box.getAttribute("aria-labelledby") ?? "").split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join(" ").trim();
      const hint = (box.getAttribute("aria-describedby") ?? "").split(/\s+/).map((id) => document.getElementById(id)).find((h) => h && h.getClientRects().length > 0 && getComputedStyle(h).visibility !== "hidden");
      const missing = [
        (box as HTMLElement).tabIndex < 0 && "keyboard focus (tabindex=0)",
        box.getAttribute("role") !== "region" && 'role="region"',
        !label && "a name",
        !hint && "a visible scroll hint (aria-describedby)",
      ].filter(Boolean);
      if (missing.length > 0) problems.push(`${name(box)} scrolls sideways (${box.scrollWidth} px in ${box.clientWidth} px) without ${missing.join(", ")}`);
    }
    return [...new Set(problems)];
  });
}

type Mail = { to: string[]; subject: string; text: string };

/** The newest mail to this address that the test SMTP server received (and that `match` accepts). */
export async function waitForMail(to: string, timeoutMs = 15_000, match: (mail: Mail) => boolean = () => true): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(MAIL_DIR)) {
      const files = readdirSync(MAIL_DIR).sort().reverse();
      for (const f of files) {
        const mail = JSON.parse(readFileSync(path.join(MAIL_DIR, f), "utf8")) as Mail;
        if (mail.to.includes(to) && match(mail)) return mail;
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}

/** The title of the announcement ensureAnnouncement publishes (to the programme viewers only). */
export const SAMPLE_ANNOUNCEMENT = "Voorbeeldbericht voor de e2e-tests";

/**
 * The id of an announcement (the seed has none): the sample one, or one published here through the
 * /announcements form to the programme viewers. `context` must be signed in as a programme admin.
 */
export async function ensureAnnouncement(context: BrowserContext): Promise<string> {
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  const find = async () => {
    const res = await context.request.get("/announcements");
    expect(res.status(), "/announcements").toBe(200);
    return (await res.text()).match(new RegExp(`/announcements/(${UUID.source})">${SAMPLE_ANNOUNCEMENT}<`))?.[1];
  };
  const existing = await find();
  if (existing) return existing;
  const page = await context.newPage();
  try {
    await page.goto("/announcements");
    await page.getByLabel("Titel").fill(SAMPLE_ANNOUNCEMENT);
    await page.getByLabel("Tekst").fill("Een bericht om de pagina's van de berichten te controleren.");
    await page.getByLabel("Programmalezer").check();
    await page.getByRole("button", { name: "Publiceren" }).click();
    await expect(page.locator("main [role=status]")).toContainText("Het bericht is gepubliceerd");
  } finally {
    await page.close();
  }
  const created = await find();
  expect(created, "an announcement published through the form").toBeTruthy();
  return created!;
}

/**
 * The id of an escalation (the seed has none): the first one registered, or one registered here
 * through the /escalations form. `context` must be signed in as a programme admin.
 */
export async function ensureEscalation(context: BrowserContext): Promise<string> {
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  const find = async () => {
    // Once more when the server closed the idle keep-alive socket just as it was reused.
    const get = () => context.request.get("/escalations?status=all");
    const res = await get().catch((e: unknown) => {
      if (!/ECONNRESET|socket hang up/.test(String(e))) throw e;
      return get();
    });
    expect(res.status(), "/escalations?status=all").toBe(200);
    return (await res.text()).match(new RegExp(`/escalations/(${UUID.source})`))?.[1];
  };
  const existing = await find();
  if (existing) return existing;
  const page = await context.newPage();
  try {
    await page.goto("/escalations");
    await page.getByText("Nieuwe escalatie registreren").click();
    const form = page.getByTestId("esc-new");
    await form.getByLabel("Eigenaar").fill("Programmamanager");
    await form.getByLabel("Titel").fill("Voorbeeldescalatie voor de e2e-tests");
    await form.getByLabel("Omschrijving").fill("Een escalatie om de pagina's van het escalatieregister te controleren.");
    await form.getByRole("button", { name: "Escalatie registreren" }).click();
    await expect(form.getByRole("status")).toBeVisible();
  } finally {
    await page.close();
  }
  const created = await find();
  expect(created, "an escalation registered through the form").toBeTruthy();
  return created!;
}

/**
 * The id of a resolved status incident (issue 16), for pages that need one (/status/incidents/[id]):
 * an existing one from the history, or one opened and resolved through /status/manage. Resolved,
 * so the public status page keeps saying "no open incidents" for specs that look at it.
 */
export async function ensureStatusIncident(context: BrowserContext): Promise<string> {
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  const find = async () => {
    const res = await context.request.get("/status/incidents");
    expect(res.status(), "/status/incidents").toBe(200);
    return (await res.text()).match(new RegExp(`/status/incidents/(${UUID.source})`))?.[1];
  };
  const existing = await find();
  if (existing) return existing;
  const page = await context.newPage();
  try {
    const title = "Voorbeeldstoring voor de e2e-tests";
    await page.goto("/status/manage");
    const open = page.locator("section", { has: page.getByRole("heading", { name: "Storing melden" }) });
    await open.getByLabel("Infrastructuur").selectOption("alphatron");
    await open.getByLabel("Titel").fill(title);
    await open.getByLabel("Bericht").fill("Een opgeloste storing om de pagina's van de statusgeschiedenis te controleren.");
    await open.getByRole("button", { name: "Storing melden" }).click();
    await expect(open.getByText("De storing staat op de statuspagina.")).toBeVisible();
    const form = page.locator("details", { hasText: title });
    await form.getByLabel("Status").selectOption("resolved");
    await form.getByLabel("Bericht").fill("Opgelost.");
    await form.getByRole("button", { name: "Update plaatsen" }).click();
    await expect(page.locator("details", { hasText: title })).toHaveCount(0);
  } finally {
    await page.close();
  }
  const created = await find();
  expect(created, "an incident opened and resolved through /status/manage").toBeTruthy();
  return created!;
}

/**
 * The demo's events (db/seed/events.ts): the information session for everyone (full, with a
 * waiting list), the working group for everyone and its document. Found by their titles on
 * /events (upcoming, else past); `context` must be signed in as someone who sees them.
 */
export async function demoEventIds(context: BrowserContext): Promise<{ event: string; workingGroup: string; document: string }> {
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const html = async (url: string) => {
    const res = await context.request.get(url);
    expect(res.status(), url).toBe(200);
    return res.text();
  };
  const lists = (await html("/events")) + (await html("/events?past=1"));
  const idOf = (title: string) => lists.match(new RegExp(`/events/(${UUID.source})">${escape(title)}<`))?.[1];
  const event = idOf(DEMO_EVENT_TITLE);
  const workingGroup = idOf(DEMO_WORKING_GROUP_TITLE);
  expect(event && workingGroup, "the demo seed's information session and working group on /events").toBeTruthy();
  const document = (await html(`/events/${workingGroup}`)).match(new RegExp(`/events/${workingGroup}/documents/(${UUID.source})`))?.[1];
  expect(document, "the demo working group's document").toBeTruthy();
  return { event: event!, workingGroup: workingGroup!, document: document! };
}
