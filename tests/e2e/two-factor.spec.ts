import type { Page } from "@playwright/test";
import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { timeStep, totpCodeForStep } from "@/lib/auth/totp";
import { CODE_LABEL, SIGNED_OUT, USERS, completeTwoFactorEnrolment, expect, expectAccessible, inviteUser, nextTotpCode, signIn, signOut, test, waitForMail } from "./support";

const admin = USERS.admin;
// Enrolling, signing out and resetting change the account and end its sessions: every account
// this file works on is one it invited itself (the demo accounts keep their published secrets).
test.use(SIGNED_OUT);

const REPLAYED = "Deze code is al gebruikt. Wacht op de volgende code.";
const WRONG = "Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en probeer het opnieuw.";
const RECOVERY_USED = "Deze herstelcode klopt niet of is al gebruikt.";

/** Six digits that are none of the codes the server would accept now. */
function wrongCode(secret: string) {
  const s = timeStep(Date.now());
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => totpCodeForStep(secret, s + d)));
  return ["000000", "111111", "222222"].find((c) => !valid.has(c))!;
}

/** Fills e-mail and password and waits for the second step of the form. */
async function passwordStep(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(password);
  await page.locator("main").getByRole("button", { name: "Inloggen" }).click();
  await expect(page.locator("main").getByLabel(CODE_LABEL)).toBeVisible();
}

async function submitCode(page: Page, code: string) {
  await page.locator("main").getByLabel(CODE_LABEL).fill(code);
  await page.locator("main").getByRole("button", { name: "Bevestigen" }).click();
}

/** The latest mail to `to` with this subject (the newest mail may be an earlier one still). */
async function waitForMailWithSubject(to: string, subject: string) {
  await expect.poll(async () => (await waitForMail(to)).subject, { timeout: 20_000 }).toBe(subject);
  return waitForMail(to);
}

test("an optional user enrols, signs in with a code; wrong and replayed codes are refused; a recovery code works once", async ({ page, browser, as }) => {
  test.setTimeout(240_000);
  // A new institution editor (2FA optional for the role) of the home institution.
  const editor = await inviteUser(browser, { prefix: "pl-2fa", name: "Olaf Optioneel", role: "institution_editor", institution: DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION] });
  await signIn(page, editor.email, editor.password);
  await page.goto("/account");
  const section = page.locator("main section", { has: page.getByRole("heading", { name: "Tweestapsverificatie" }) });
  await expect(section).toContainText("Tweestapsverificatie staat uit.");

  await section.getByRole("button", { name: "Tweestapsverificatie instellen" }).click();
  await expect(section.getByRole("img", { name: "QR-code om het DUO-portaal toe te voegen aan uw authenticator-app" })).toBeVisible();
  await expect(section.getByRole("img").locator("svg")).toBeVisible();
  await expect(section).toContainText(`Account: ${editor.email}`);
  await expectAccessible(page);
  // A wrong first code does not switch anything on.
  await section.getByLabel(CODE_LABEL).fill("12345");
  await section.getByRole("button", { name: "Bevestigen en inschakelen" }).click();
  await expect(section.locator("#enrol-code-error")).toHaveText("Vul de 6 cijfers uit uw authenticator-app in.");
  const { secret, recoveryCodes } = await completeTwoFactorEnrolment(page, editor.email);
  expect(new Set(recoveryCodes).size).toBe(10);
  await expectAccessible(page);
  await section.getByRole("button", { name: "Ik heb de codes bewaard" }).click();
  await expect(section).toContainText("Tweestapsverificatie staat aan.");
  await expect(section).toContainText("Nog 10 van de 10 herstelcodes ongebruikt.");
  await signOut(page);

  // Sign-in now asks for the code after the password, before any session exists.
  await passwordStep(page, editor.email, editor.password);
  await expect(page).toHaveURL(/\/login/);
  await expectAccessible(page);
  await submitCode(page, wrongCode(secret));
  await expect(page.locator("main [role=alert]")).toHaveText(WRONG);
  await expect(page).toHaveURL(/\/login/);

  // A second browser waits at the code step, to replay the code the first one is about to use.
  const other = await as(null);
  await passwordStep(other, editor.email, editor.password);
  const code = await nextTotpCode(editor.email, secret);
  await submitCode(page, code);
  await page.waitForURL(/\/institutions/);
  await submitCode(other, code);
  await expect(other.locator("main [role=alert]")).toHaveText(REPLAYED);
  await expect(other).toHaveURL(/\/login/);

  // No app at hand: a recovery code, once.
  await other.getByRole("button", { name: "Geen toegang tot uw app? Gebruik een herstelcode" }).click();
  await expect(other.locator("main").getByLabel("Herstelcode")).toBeFocused();
  await expectAccessible(other);
  await other.locator("main").getByLabel("Herstelcode").fill(recoveryCodes[0].toLowerCase());
  await other.locator("main").getByRole("button", { name: "Bevestigen" }).click();
  await other.waitForURL(/\/institutions/);
  await signOut(other);
  await passwordStep(other, editor.email, editor.password);
  await other.getByRole("button", { name: "Geen toegang tot uw app? Gebruik een herstelcode" }).click();
  await other.locator("main").getByLabel("Herstelcode").fill(recoveryCodes[0]);
  await other.locator("main").getByRole("button", { name: "Bevestigen" }).click();
  await expect(other.locator("main [role=alert]")).toHaveText(RECOVERY_USED);

  // The account page counts what is left; switching off takes a current code.
  await page.goto("/account");
  await expect(section).toContainText("Nog 9 van de 10 herstelcodes ongebruikt.");
  await section.getByLabel(CODE_LABEL).fill(await nextTotpCode(editor.email, secret));
  await section.getByRole("button", { name: "Tweestapsverificatie uitschakelen" }).click();
  await expect(section).toContainText("Tweestapsverificatie staat uit.");
  await signOut(page);
  await signIn(page, editor.email, editor.password);
  await expect(page).toHaveURL(/\/institutions\/[0-9a-f-]{36}$/);

  // Every refusal is in the audit log.
  const adminPage = await as(admin);
  await adminPage.goto("/admin/audit?action=auth.second_factor_refused");
  await expect(adminPage.locator("main table")).toContainText(editor.email);
  await expect(adminPage.locator("main table")).toContainText("code_replayed");
});

test("a required user must enrol before anything else; an admin resets their second factor and they enrol again", async ({ as }) => {
  test.setTimeout(240_000);
  // A new security officer, invited by the admin (the demo accounts keep their published secrets).
  const email = `ciso-2fa-${Date.now()}@zorg-demo.test`;
  const name = "Tamsin Tweestaps";
  const password = "Twee-Stappen-Veilig-2026";
  const page = await as(admin);
  await page.goto("/admin/users");
  const form = page.locator("form", { has: page.getByRole("button", { name: "Uitnodiging versturen" }) });
  await form.getByLabel("E-mailadres").fill(email);
  await form.getByLabel("Rol").selectOption({ label: "CISO / FG" });
  await form.getByLabel("Instelling").selectOption({ index: 2 });
  await form.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(page.locator("main [role=status]")).toContainText(`Uitnodiging verstuurd naar ${email}`);
  const link = /http:\/\/localhost:\d+\/accept-invite\/[A-Za-z0-9_-]{43}/.exec((await waitForMailWithSubject(email, "Uitnodiging voor het DUO-portaal")).text)?.[0];
  expect(link).toBeTruthy();

  const ciso = await as(null);
  const ctx = ciso.context();
  await ciso.goto(link!);
  await ciso.getByLabel("Uw naam").fill(name);
  await ciso.getByLabel("Nieuw wachtwoord").fill(password);
  await ciso.getByLabel("Herhaal het wachtwoord").fill(password);
  await ciso.getByRole("button", { name: "Account aanmaken" }).click();
  await ciso.waitForURL(/\/login\?invited=1/);

  // The password alone opens a session that reaches only the enrolment page.
  await signIn(ciso, email, password);
  await expect(ciso).toHaveURL(/\/two-factor\/setup$/);
  await expect(ciso.locator("main h1")).toHaveText("Tweestapsverificatie instellen");
  await expect(ciso.locator("main")).toContainText("Voor uw rol (CISO / FG) is tweestapsverificatie verplicht.");
  await expect(ciso.locator("main").getByTestId("totp-secret")).toBeVisible();
  await expectAccessible(ciso);
  for (const path of ["/dashboard", "/institutions", "/account", "/toolkit", "/registry", "/", "/login"]) {
    await ciso.goto(path);
    await expect(ciso, path).toHaveURL(/\/two-factor\/setup$/);
  }
  // Route handlers refuse too (no file, no redirect into the portal).
  const csv = await ctx.request.get("/institutions/export", { maxRedirects: 0 });
  expect([401, 403]).toContain(csv.status());

  await completeTwoFactorEnrolment(ciso, email);
  await ciso.getByRole("link", { name: "Ik heb de codes bewaard" }).click();
  await expect(ciso).toHaveURL(/\/institutions\/[0-9a-f-]{36}$/);
  await ciso.goto("/account");
  await expect(ciso.locator("main")).toContainText("Verplicht voor uw rol; uitschakelen kan niet.");
  await expect(ciso.locator("main").getByRole("button", { name: "Tweestapsverificatie uitschakelen" })).toHaveCount(0);

  // The admin resets it (lost phone): audited, the user's session ends at once, a mail says so.
  await page.goto("/admin/users");
  const row = page.locator("main tr", { hasText: email });
  await expect(row).toContainText("Aan");
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: `Tweestapsverificatie van ${name} resetten` }).click();
  await expect(row).toContainText("Nog niet ingesteld (verplicht)");
  await expect(row.getByRole("button", { name: `Tweestapsverificatie van ${name} resetten` })).toHaveCount(0);
  const mail = await waitForMailWithSubject(email, "Uw tweestapsverificatie voor het DUO-portaal is gereset");
  expect(mail.text).toContain("stel direct een nieuwe authenticator-app in");
  await page.goto("/admin/audit?action=two_factor.reset");
  await expect(page.locator("main table")).toContainText(admin.email);

  await ciso.goto("/institutions");
  await expect(ciso).toHaveURL(/\/login/);
  // Next sign-in: the password only, then enrolment again before anything else.
  await signIn(ciso, email, password);
  await expect(ciso).toHaveURL(/\/two-factor\/setup$/);
  await ciso.goto("/dashboard");
  await expect(ciso).toHaveURL(/\/two-factor\/setup$/);
  await ciso.locator("main").getByRole("button", { name: "Uitloggen" }).click();
  await ciso.waitForURL(/\/login/);
});

/**
 * Keyboard only (WCAG 2.1.1, 2.4.7): Tab, Shift+Tab, typing and Enter, no clicks. Every stop the
 * journey lands on shows a visible focus indicator (the :focus-visible outline of globals.css).
 */
test("keyboard only: sign in with a password and a code, then open the account page from the menu", async ({ page }) => {
  const user = USERS.reviewer;
  /** Tabs (forward, or back with Shift) until `target` has the focus; fails if it never does. */
  const tabTo = async (target: ReturnType<Page["locator"]>, key: "Tab" | "Shift+Tab" = "Tab") => {
    for (let i = 0; i < 40; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
        const focus = await target.evaluate((el) => ({ visible: el.matches(":focus-visible"), outline: getComputedStyle(el).outlineStyle }));
        expect(focus, "the focused element shows its focus").toEqual({ visible: true, outline: "solid" });
        return;
      }
      await page.keyboard.press(key);
    }
    throw new Error(`${key} never reached ${target}`);
  };
  await page.goto("/login");
  const main = page.locator("main");
  // The first Tab stop is the skip link, which takes the keyboard past the header.
  await page.keyboard.press("Tab");
  await expect(page.locator(".skip-link")).toBeFocused();
  await tabTo(main.getByLabel("E-mailadres"));
  await page.keyboard.type(user.email);
  await tabTo(main.getByLabel("Wachtwoord", { exact: true }));
  await page.keyboard.type(user.password);
  // Back and forth: Shift+Tab returns to the e-mail address with what was typed.
  await tabTo(main.getByLabel("E-mailadres"), "Shift+Tab");
  await expect(main.getByLabel("E-mailadres")).toHaveValue(user.email);
  await tabTo(main.getByLabel("Wachtwoord", { exact: true }));
  await page.keyboard.press("Enter");
  const code = main.getByLabel(CODE_LABEL);
  await expect(code).toBeVisible();
  await tabTo(code);
  await page.keyboard.type(await nextTotpCode(user.email, user.totpSecret!));
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await tabTo(page.getByRole("navigation").getByRole("link", { name: "Mijn account" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/account$/);
  await expect(main.locator("h1")).toBeVisible();
});
