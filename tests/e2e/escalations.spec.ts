/**
 * The escalation flow (issue 17 §4): a programme admin registers an issue, raises it to the
 * steering committee with a note, and records the decision; a programme viewer reads both and
 * downloads the register as CSV, without the forms.
 */
import { USERS, expect, signedInAs, test } from "./support";

test.use(signedInAs(USERS.admin));

test("register, escalate with a note, decide; a viewer reads it and exports the CSV", async ({ page, as }) => {
  const title = `Mitz-koppeling wacht op leverancier ${Date.now()}`;
  await page.goto("/escalations");
  await expect(page.locator("main h1")).toHaveText("Escalaties en besluiten");
  await page.getByText("Nieuwe escalatie registreren").click();
  const form = page.getByTestId("esc-new");
  await form.getByLabel("Soort").selectOption("risk");
  await form.getByLabel("Eigenaar").fill("Programmamanager DUO");
  await form.getByLabel("Deadline").fill("2026-12-20");
  await form.getByLabel("Titel").fill(title);
  await form.getByLabel("Omschrijving").fill("Twaalf Alphatron-instellingen wachten op de Mitz-koppeling.");
  await form.getByLabel("Leveranciers").selectOption(["alphatron"]);
  await form.getByRole("button", { name: "Escalatie registreren" }).click();
  await expect(form.getByRole("status")).toContainText("Escalatie geregistreerd");

  const row = page.getByTestId("escalation-table").locator("tr", { hasText: title });
  await expect(row).toContainText("Programma");
  await expect(row).toContainText("Alphatron");
  await row.getByRole("link", { name: title }).click();
  await expect(page.locator("main h1")).toContainText(title);

  await page.getByLabel("Toelichting bij opschalen naar Stuurgroep").fill("Programma kan de leverancier niet bewegen");
  await page.getByRole("button", { name: "Opschalen naar Stuurgroep" }).click();
  await expect(page.getByTestId("escalate-form").getByRole("status")).toContainText("Escalatie opgeschaald");
  await expect(page.getByTestId("escalation-details")).toContainText("Stuurgroep");
  const history = page.getByTestId("escalation-history").locator("tbody tr");
  await expect(history).toHaveCount(2);
  await expect(history.nth(1)).toContainText("Opgeschaald van Programma naar Stuurgroep");
  await expect(history.nth(1)).toContainText("Programma kan de leverancier niet bewegen");
  await expect(page.getByRole("button", { name: "Opschalen naar DTO" })).toBeVisible();

  await page.goto("/escalations");
  await page.getByText("Besluit vastleggen", { exact: true }).first().click();
  const dec = page.getByTestId("decision-new");
  await dec.getByLabel("Gremium").selectOption("stuurgroep");
  await dec.getByLabel("Besluit").fill(`Alphatron levert de koppeling uiterlijk 15 januari (${title})`);
  const option = await dec.getByLabel("Escalaties").locator("option", { hasText: title }).getAttribute("value");
  await dec.getByLabel("Escalaties").selectOption(option!);
  await dec.getByRole("button", { name: "Besluit vastleggen" }).click();
  await expect(dec.getByRole("status")).toContainText("Besluit vastgelegd");
  await expect(page.getByTestId("decision-table")).toContainText(`uiterlijk 15 januari (${title})`);

  const viewer = await as(USERS.viewer);
  await viewer.goto("/escalations");
  await expect(viewer.getByTestId("escalation-table")).toContainText(title);
  await expect(viewer.getByText("Nieuwe escalatie registreren")).toHaveCount(0);
  const csv = await (await viewer.request.get("/escalations/export?what=register")).text();
  expect(csv).toContain(`${title};`);
  expect(csv).toContain(";Stuurgroep;Open;");
  const forbidden = await (await as(USERS.editor)).request.get("/escalations/export?what=register");
  expect(forbidden.status()).toBe(403);
});
