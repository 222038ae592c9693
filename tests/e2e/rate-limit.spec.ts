import { SIGNED_OUT, expect, inviteUser, test } from "./support";

test.use(SIGNED_OUT);

test("after five failed attempts the account is locked, even for the right password", async ({ page, browser }) => {
  // The lock lasts LOGIN_WINDOW_MINUTES: an account of this test's own, never a demo user.
  const victim = await inviteUser(browser, { prefix: "slot", name: "Sem Slot", role: "programme_viewer" });
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
