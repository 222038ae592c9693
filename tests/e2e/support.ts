import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { DEMO_USERS } from "@/db/seed/demo-users";
import { TOTP_PERIOD_SECONDS, timeStep, totpCodeForStep } from "@/lib/auth/totp";

// One mail folder per e2e port, so parallel runs on one machine do not read each other's mail.
export const MAIL_DIR = path.join(__dirname, "..", ".tmp", `mail-${process.env.E2E_PORT || 3100}`);

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
// Many tests sign in as the same demo account in a row, so the steps used are remembered per
// e-mail in a file (spec files run in separate worker processes) and each sign-in takes the next
// unused step that the server will still accept; it waits only when all three are used up.
const TOTP_STEP_DIR = path.join(__dirname, "..", ".tmp", `totp-${process.env.E2E_PORT || 3100}`);
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
export async function expectAccessible(page: Page) {
  // Next streams <title> in after the body of dynamic pages (and again after a refresh);
  // check the page once it is complete, as a person would meet it.
  await expect(page).toHaveTitle(/\S/);
  await page.waitForLoadState("load");
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

type Mail = { to: string[]; subject: string; text: string };

/** The newest mail to this address that the test SMTP server received. */
export async function waitForMail(to: string, timeoutMs = 15_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(MAIL_DIR)) {
      const files = readdirSync(MAIL_DIR).sort().reverse();
      for (const f of files) {
        const mail = JSON.parse(readFileSync(path.join(MAIL_DIR, f), "utf8")) as Mail;
        if (mail.to.includes(to)) return mail;
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}
