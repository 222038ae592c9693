/**
 * The shared action button (app/_components/action-button.tsx) on two admin pages. Moved here
 * from z-check-evidence.spec.ts; it disables and re-enables an account of its own (disabling
 * ends a user's sessions, so never a demo user's).
 */
import { USERS, expect, expectAccessible, inviteUser, signedInAs, test } from "./support";

test.use(signedInAs(USERS.admin));

test("the shared action button: an admin revokes a token and disables and re-enables a user", async ({ page, browser }) => {
  const person = await inviteUser(browser, { prefix: "uit-aan", name: "Uma Uitschakel", role: "programme_viewer" });
  await page.goto("/registry/tokens");
  await page.getByLabel("Naam").fill("E2E kortstondig");
  await page.locator("main").getByRole("button", { name: "Token aanmaken" }).click();
  await expect(page.getByLabel("Uw nieuwe token")).toHaveValue(/^duo_/);
  await page.goto("/registry/tokens");
  const row = page.locator("main table tbody tr", { hasText: "E2E kortstondig" });
  await row.getByRole("button", { name: "Token E2E kortstondig intrekken" }).click();
  await expect(row).toContainText("Ingetrokken");
  await expect(row.getByRole("button")).toHaveCount(0);

  await page.goto("/admin/users");
  const user = page.locator("main table tbody tr", { hasText: person.email });
  await user.getByRole("button", { name: `Account van ${person.name} uitschakelen` }).click();
  await expect(user).toContainText("Uitgeschakeld");
  await expectAccessible(page);
  await user.getByRole("button", { name: `Account van ${person.name} weer inschakelen` }).click();
  await expect(user).toContainText("Actief");
  await expect(user.getByRole("button", { name: `Account van ${person.name} uitschakelen` })).toBeVisible();
});
