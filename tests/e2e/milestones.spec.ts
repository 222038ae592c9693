import { USERS, expect, expectAccessible, reflowProblems, test } from "./support";

// Issue 17 §3: milestones are data the programme office adds and removes. This spec's milestone
// has its own title, so no other spec sees it.
const TITLE = "Alphatron-golf 2 (e2e): 55 instellingen live";

test("a programme admin adds a vendor growth wave as a milestone, sees it on the dashboard, and removes it", async ({ as }) => {
  const page = await as(USERS.admin);
  await page.goto("/admin/milestones");
  const form = page.getByTestId("ms-new");
  // Counting infrastructures needs a vendor: refused with a Dutch message, nothing added.
  await form.getByLabel("Titel (Nederlands)").fill(TITLE);
  await form.getByLabel("Titel (Engels)").fill("Alphatron wave 2 (e2e): 55 institutions live");
  await form.getByLabel("Gemeten als").selectOption({ label: "Infrastructuren met ten minste één instelling live" });
  await form.getByLabel("Streefdatum").fill("2027-06-30");
  await form.getByLabel("Doel (aantal)").fill("2");
  await form.getByRole("button", { name: "Mijlpaal toevoegen" }).click();
  await expect(form.getByText("Kies ten minste één leverancier: deze mijlpaal telt hun infrastructuren.")).toBeVisible();

  // Live institutions of Alphatron, 55 by mid-2027.
  await form.getByLabel("Gemeten als").selectOption({ label: "Instellingen live" });
  await form.getByLabel("Alphatron").check();
  await form.getByLabel("Doel (aantal)").fill("55");
  await form.getByRole("button", { name: "Mijlpaal toevoegen" }).click();
  await expect(form.getByRole("status")).toContainText(`Mijlpaal „${TITLE}” toegevoegd.`);
  const card = page.locator("main section.card", { has: page.getByRole("heading", { name: TITLE }) });
  await expect(card).toContainText("Instellingen live (Alphatron");
  await expectAccessible(page);
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await reflowProblems(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto("/dashboard");
  await expect(page.locator("main")).toContainText(TITLE);

  // Removing it takes a second, explicit step.
  await page.goto("/admin/milestones");
  await card.locator("summary", { hasText: "Mijlpaal verwijderen" }).click();
  await card.getByRole("button", { name: "Verwijderen bevestigen" }).click();
  await expect(page.getByRole("heading", { name: TITLE })).toHaveCount(0);
  await page.goto("/dashboard");
  await expect(page.locator("main")).not.toContainText(TITLE);
});
