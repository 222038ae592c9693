import { DEMO_USERS } from "@/db/seed/demo-users";
import type { Role } from "@/lib/auth/roles";
import { SIGNED_OUT, expect, expectAccessible, signIn, signOut, test } from "./support";

// Signing in and out is what this file tests: every test starts signed out and signs in through
// the form, so signing out ends only the session it made (never a stored one, auth.setup.ts).
test.use(SIGNED_OUT);

const expected: Record<Role, { home: string; nav: string[] }> = {
  programme_admin: { home: "/dashboard", nav: ["Dashboard", "Instellingen", "Verificatie", "Register", "Toolkit", "Financiering", "Escalaties", "Berichten", "Status", "Bijeenkomsten", "Vragen", "Kennisbank", "Gebruikers", "Auditlog", "Mijn account"] },
  programme_viewer: { home: "/dashboard", nav: ["Dashboard", "Instellingen", "Register", "Toolkit", "Financiering", "Escalaties", "Bijeenkomsten", "Vragen", "Kennisbank", "Mijn account"] },
  // Someone with one institution lands on its page.
  institution_editor: { home: "/institutions/[0-9a-f-]{36}", nav: ["Instellingen", "Register", "Toolkit", "Bijeenkomsten", "Meldingsregels", "Vragen", "Kennisbank", "Mijn account"] },
  security_officer: { home: "/institutions/[0-9a-f-]{36}", nav: ["Instellingen", "Register", "Toolkit", "Bijeenkomsten", "Meldingsregels", "Vragen", "Kennisbank", "Mijn account"] },
  vendor_editor: { home: "/institutions", nav: ["Instellingen", "Register", "Toolkit", "Status", "Bijeenkomsten", "Meldingsregels", "Kennisbank", "Mijn account"] },
};

test("the login page is in Dutch", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen");
});

const oneUserPerRole = DEMO_USERS.filter((u, i) => DEMO_USERS.findIndex((o) => o.role === u.role) === i);

for (const user of oneUserPerRole) {
  test(`${user.role} signs in, sees the navigation of the role and only its institutions, and signs out`, { tag: "@core" }, async ({ page }) => {
    await signIn(page, user.email, user.password);
    const exp = expected[user.role];
    await expect(page).toHaveURL(new RegExp(`${exp.home}$`));
    const nav = page.getByRole("navigation", { name: "Hoofdnavigatie" });
    await expect(nav.getByRole("link")).toHaveText(exp.nav);
    await expect(page.locator("header")).toContainText(user.name);

    // Every page of the navigation opens (tests/e2e/accessibility.spec.ts runs axe on each page once).
    for (const label of exp.nav) {
      await nav.getByRole("link", { name: label, exact: true }).click();
      await expect(nav.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
      await expect(page.locator("main h1")).toBeVisible();
    }

    if (exp.home.startsWith("/institutions")) {
      // Institution roles see only their own institutions; open one.
      await page.goto("/institutions");
      const links = page.locator("main table tbody a");
      if (user.role === "vendor_editor") await expect(page.locator("main")).toContainText("25 van 36 instellingen");
      else await expect(links).toHaveCount(1);
      await links.first().click();
      await expect(page.locator("main h1")).toBeVisible();
    }
    await signOut(page);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login/);
  });
}

test("a wrong password gets a clear Dutch message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill("viewer@duo-demo.test");
  await page.getByLabel("Wachtwoord", { exact: true }).fill("niet-het-goede-wachtwoord");
  await page.locator("main").getByRole("button", { name: "Inloggen" }).click();
  await expect(page.locator("main [role=alert]")).toHaveText("Het e-mailadres of wachtwoord is onjuist.");
  await expect(page).toHaveURL(/\/login/);
  await expectAccessible(page);
});

test("form validation errors are shown next to the fields", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill("geen-email");
  await page.locator("main").getByRole("button", { name: "Inloggen" }).click();
  await expect(page.getByText("Dit is geen geldig e-mailadres.")).toBeVisible();
  await expect(page.getByText("Vul uw wachtwoord in.")).toBeVisible();
  await expect(page.getByLabel("E-mailadres")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
});

test("the language switch turns the UI into English and back", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expectAccessible(page);
  await page.getByRole("button", { name: /Nederlands/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen");
});
