import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "@/db/seed/demo-users";

// Runs last (file order): it locks this account for the rest of the run.
const victim = DEMO_USERS.find((u) => u.email === "projectleider2@duo-demo.test")!;

test("after five failed attempts the account is locked, even for the right password", async ({ page }) => {
  await page.goto("/login");
  const submit = page.locator("main").getByRole("button", { name: "Inloggen" });
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("E-mailadres").fill(victim.email);
    await page.getByLabel("Wachtwoord", { exact: true }).fill(`fout-${i}`);
    await submit.click();
    await expect(page.locator("main [role=alert]")).toHaveText("Het e-mailadres of wachtwoord is onjuist.");
    await expect(submit).toBeEnabled();
  }
  await page.getByLabel("Wachtwoord", { exact: true }).fill(victim.password);
  await submit.click();
  await expect(page.locator("main [role=alert]")).toContainText("Te veel mislukte pogingen voor dit account");
  await expect(page).toHaveURL(/\/login/);
});
