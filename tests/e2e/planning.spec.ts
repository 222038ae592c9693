/**
 * Planned dates with their history (issue 17 §3): a plan is set and moved on the institution
 * page, the history shows who, old → new and why, and the dashboard lists the slip. On a seeded
 * institution no other spec touches (the last one of the demo list), as a programme admin.
 */
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { USERS, expect, signedInAs, test } from "./support";

test.use(signedInAs(USERS.admin));

const institution = DEMO_INSTITUTIONS[DEMO_INSTITUTIONS.length - 1];

test("a go-live plan is set, moved with a reason, kept in the history and shown as slipped on the dashboard", async ({ page }) => {
  const org = await (await page.request.get(`/fhir/Organization?identifier=${encodeURIComponent(`http://fhir.nl/fhir/NamingSystem/ura|${institution.ura}`)}`)).json();
  const id = org.entry[0].resource.id as string;
  await page.goto(`/institutions/${id}`);
  await expect(page.locator("main h1")).toHaveText(institution.name);

  const form = page.getByTestId("plan-form");
  await form.getByLabel("Planning", { exact: true }).selectOption("go_live");
  await form.getByLabel("Nieuwe geplande datum").fill("2021-03-01");
  await form.getByRole("button", { name: "Planning opslaan" }).click();
  await expect(form.getByRole("status")).toContainText("Planning opgeslagen");
  await expect(page.getByTestId("plan-table").locator('tr[data-plan="go_live"]')).toContainText("Verlopen");

  // The same date again changes nothing and says so.
  await form.getByLabel("Nieuwe geplande datum").fill("2021-03-01");
  await form.getByRole("button", { name: "Planning opslaan" }).click();
  await expect(form.getByRole("alert")).toContainText("al de geplande datum");

  await form.getByLabel("Nieuwe geplande datum").fill("2027-06-01");
  await form.getByLabel("Reden van de wijziging (optioneel)").fill("Leverancier levert de koppeling later");
  await form.getByRole("button", { name: "Planning opslaan" }).click();
  await expect(form.getByRole("status")).toContainText("Planning opgeslagen");

  const row = page.getByTestId("plan-table").locator('tr[data-plan="go_live"]');
  await expect(row).toContainText("1 juni 2027");
  await expect(row).toContainText("1 maart 2021");
  await expect(row).toContainText("Na 31-12-2026");
  await expect(row).toContainText("1 keer");
  const history = page.getByTestId("plan-history").locator("tbody tr");
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText("1 maart 2021 → 1 juni 2027");
  await expect(history.first()).toContainText("Leverancier levert de koppeling later");
  await expect(history.first()).toContainText("Anne de Programmabeheerder");
  await expect(history.nth(1)).toContainText("— → 1 maart 2021");

  // The dashboard: the longest slip comes first, and the plan lies after 31-12-2026.
  await page.goto("/dashboard");
  const widget = page.getByTestId("planning-widget");
  await expect(widget.getByTestId(`plan-row-${id}-go_live`).first()).toBeVisible();
  await expect(widget.locator("#pl-after").getByRole("link", { name: institution.name })).toBeVisible();
});
