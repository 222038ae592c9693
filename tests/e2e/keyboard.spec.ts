/**
 * Issue 20 §1: the main journeys with the keyboard alone. Every move below is a key press (Tab,
 * Shift+Tab, Enter, Space, typing) or typing an address into the address bar (page.goto); no
 * clicks, no fill(). Each focused control must show the focus ring (app/globals.css :focus-visible).
 *
 * The journey: the other institution's editor (no two-step verification) signs in, reports a step
 * with a PDF, checks its ITI-39 gateway now and downloads the toolkit pack; the second programme
 * admin signs in with a TOTP code and verifies the report. The other institution (Alphatron) is
 * this spec's own: no other spec reports or checks on demand there.
 */
import type { Locator, Page } from "@playwright/test";
import { DEMO_OTHER_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { CODE_LABEL, SIGNED_OUT, USERS, expect, nextTotpCode, test } from "./support";

test.use(SIGNED_OUT);

const other = DEMO_INSTITUTIONS[DEMO_OTHER_INSTITUTION];
const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const todayParts = () => {
  const [y, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date()).split("-");
  return { y, m, d, iso: `${y}-${m}-${d}` };
};

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, at most `max` times, and checks that
 * the focus is visible: the :focus-visible outline of app/globals.css.
 */
async function tabTo(page: Page, target: Locator, { max = 80, backwards = false } = {}) {
  const handle = await target.elementHandle();
  expect(handle, "the element to reach with Tab exists").toBeTruthy();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    if (await handle!.evaluate((el) => el === document.activeElement)) {
      const ring = await handle!.evaluate((el) => {
        const s = getComputedStyle(el);
        return { outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2, visible: el.matches(":focus-visible") };
      });
      expect(ring, "the focused element shows the focus ring").toEqual({ outline: true, visible: true });
      return;
    }
  }
  throw new Error(`tabTo: not reached with ${max} × ${backwards ? "Shift+Tab" : "Tab"}: ${target}`);
}

async function keyboardSignIn(page: Page, email: string, password: string, totpSecret?: string) {
  await page.goto("/login");
  const main = page.locator("main");
  await tabTo(page, main.getByLabel("E-mailadres"));
  await page.keyboard.type(email);
  await tabTo(page, main.getByLabel("Wachtwoord", { exact: true }), { max: 3 });
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  if (totpSecret) {
    const code = main.getByLabel(CODE_LABEL);
    await expect(code).toBeVisible();
    // The code field has the focus, or is the next stop.
    if (!(await code.evaluate((el) => el === document.activeElement))) await tabTo(page, code, { max: 10 });
    await page.keyboard.type(await nextTotpCode(email, totpSecret));
    await page.keyboard.press("Enter");
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Follows a link or presses a button that is reached with Tab. */
async function activate(page: Page, target: Locator, key: "Enter" | "Space" = "Enter") {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

/**
 * Opens the file chooser of the focused file field with Space. Under CI load, Chromium once let
 * a Space on the focused field pass without a chooser (the field was [active] in the snapshot);
 * a keyboard user presses it again, and so does this helper, at most three times.
 */
async function openChooserWithSpace(page: Page, field: Locator) {
  for (let attempt = 1; ; attempt++) {
    await expect(field).toBeFocused();
    const [chooser] = await Promise.all([page.waitForEvent("filechooser", { timeout: 15_000 }).catch((e: unknown) => (attempt < 3 ? null : Promise.reject(e))), page.keyboard.press("Space")]);
    if (chooser) return chooser;
  }
}

test("the main journeys work with the keyboard alone, with a visible focus", async ({ browser }) => {
  test.setTimeout(240_000);
  const editorContext = await browser.newContext({ ...SIGNED_OUT, acceptDownloads: true });
  const ed = await editorContext.newPage();

  // 1. The editor signs in and lands on the own institution's page.
  await keyboardSignIn(ed, USERS.otherEditor.email, USERS.otherEditor.password);
  await expect(ed.locator("main h1")).toHaveText(other.name);

  // 2. Reports a step that is still open, with a PDF as evidence.
  const reportLink = ed.locator("main").getByRole("link", { name: /^Melden: / }).first();
  // The link says "Melden"; its accessible name names the step.
  const stepName = ((await reportLink.getAttribute("aria-label")) ?? "").replace(/^Melden: /, "").trim();
  expect(stepName).not.toBe("");
  await activate(ed, reportLink);
  await expect(ed.locator("main h1")).toHaveText(stepName);
  const main = ed.locator("main");
  const date = main.getByLabel("Datum waarop de stap is afgerond");
  const { d, m, y, iso } = todayParts();
  // A date field takes its parts in the browser's own order (month first in an English browser,
  // day first in a Dutch one): type in one order, and if the value is not today, leave the field
  // with Shift+Tab, come back with Tab (to its first part) and type in the other order.
  for (const parts of [[m, d, y], [d, m, y]]) {
    await tabTo(ed, date);
    await ed.keyboard.type(parts.join(""));
    if ((await date.inputValue()) === iso) break;
    while (await date.evaluate((el) => el === document.activeElement)) await ed.keyboard.press("Shift+Tab");
  }
  await expect(date).toHaveValue(iso);
  await tabTo(ed, main.getByLabel(/^Toelichting/));
  await ed.keyboard.type("Gemeld met alleen het toetsenbord.");
  // The file field opens the file chooser with Space, as a keyboard user opens it.
  const file = main.getByLabel(/^Bewijsstuk/);
  await tabTo(ed, file);
  const chooser = await openChooserWithSpace(ed, file);
  await chooser.setFiles({ name: "toetsenbord.pdf", mimeType: "application/pdf", buffer: pdf });
  await activate(ed, main.getByRole("button", { name: "Indienen ter verificatie" }));
  await expect(main.locator("[role=status]")).toContainText("De melding is ingediend");
  await expect(main.getByRole("link", { name: "toetsenbord.pdf" })).toBeVisible();

  // 3. Checks the institution's ITI-39 gateway now.
  await ed.goto("/registry?transaction=iti-39");
  await activate(ed, main.locator("table tbody a[href^='/registry/']").first());
  await ed.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
  await activate(ed, main.getByRole("button", { name: "Nu controleren" }));
  await expect(ed.getByTestId("check-now-result")).toContainText(/Controle klaar: (bereikbaar|verminderd|niet bereikbaar)/, { timeout: 30_000 });

  // 4. Downloads the personalised toolkit pack, through the main navigation.
  const nav = ed.getByRole("navigation", { name: "Hoofdnavigatie" });
  await activate(ed, nav.getByRole("link", { name: "Toolkit", exact: true }));
  await ed.waitForURL(/\/toolkit\/[0-9a-f-]{36}$/);
  const [download] = await Promise.all([ed.waitForEvent("download"), activate(ed, ed.getByTestId("download-pack"))]);
  expect(download.suggestedFilename()).toMatch(/^DUO-toolkit - .*\.pdf$/);
  await editorContext.close();

  // 5. The second programme admin signs in with two-step verification and verifies the report.
  const reviewerContext = await browser.newContext(SIGNED_OUT);
  const rv = await reviewerContext.newPage();
  await keyboardSignIn(rv, USERS.reviewer.email, USERS.reviewer.password, USERS.reviewer.totpSecret);
  await activate(rv, rv.getByRole("navigation", { name: "Hoofdnavigatie" }).getByRole("link", { name: "Verificatie", exact: true }));
  await rv.waitForURL(/\/review/);
  await activate(rv, rv.locator("main").getByRole("link", { name: `Beoordelen: ${other.name} — ${stepName}`, exact: true }));
  await expect(rv.locator("main h1")).toHaveText(stepName);
  await activate(rv, rv.locator("main").getByRole("button", { name: "Verifiëren" }));
  await expect(rv.locator("main [role=status]")).toContainText("geverifieerd");
  await reviewerContext.close();
});
