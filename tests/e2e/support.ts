import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// One mail folder per e2e port, so parallel runs on one machine do not read each other's mail.
export const MAIL_DIR = path.join(__dirname, "..", ".tmp", `mail-${process.env.E2E_PORT || 3100}`);

/** Signs in through the login form, as a person would, and waits to leave the login page. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(password);
  await page.locator("main").getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
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
