import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { toSafeCsv } from "@/lib/csv";
import { INSTITUTION_CSV_HEADERS, institutionCsvCells } from "@/lib/institutions/csv";
import { USERS, expect, expectAccessible, signedInAs, test } from "./support";

test.use(signedInAs(USERS.admin));

function demoCsv(broken: boolean) {
  const rows = DEMO_INSTITUTIONS.map((d) => institutionCsvCells(d));
  if (broken) {
    rows[10][2] = "1234"; // URA too short
    rows[20][2] = rows[0][2]; // duplicate URA
    rows[30][6] = "Atlantis"; // unknown province
    rows[40][1] = "Ruimtestation"; // unknown kind
    rows[50][INSTITUTION_CSV_HEADERS.indexOf("projectleider_email")] = "geen-email"; // bad e-mail of the project lead
  }
  return toSafeCsv(INSTITUTION_CSV_HEADERS, rows);
}

// The demo register itself, imported as updates: it writes the values the seed wrote, so the
// other specs (which read institution data, never change it) see no difference.
test("a CSV of 130 rows with 5 broken ones shows exactly those errors and imports nothing until fixed", { tag: "@core" }, async ({ page }) => {
  // How many institutions there are now: other specs may have added their own before this one.
  await page.goto("/institutions");
  const count = /(\d+) van (\d+) instellingen/.exec(await page.locator("main").innerText());
  expect(count, "the institutions page says how many there are").toBeTruthy();
  const before = Number(count![2]);
  expect(before).toBeGreaterThanOrEqual(DEMO_INSTITUTIONS.length);

  await page.goto("/admin/imports");
  await page.getByLabel("CSV-bestand").setInputFiles({ name: "instellingen.csv", mimeType: "text/csv", buffer: Buffer.from(demoCsv(true)) });
  await page.getByRole("button", { name: "Voorbeeld bekijken" }).click();
  await expect(page.locator("main [role=alert]")).toContainText("5 fout(en) gevonden");
  await expect(page.getByTestId("import-errors").locator("tbody tr")).toHaveCount(5);
  await expect(page.getByRole("button", { name: "Importeren" })).toBeDisabled();
  await expectAccessible(page);

  // Nothing was written.
  await page.goto("/institutions");
  await expect(page.locator("main")).toContainText(`van ${before} instellingen`);

  // The fixed file (the register itself) previews clean and imports as 130 updates.
  await page.goto("/admin/imports");
  await page.getByLabel("CSV-bestand").setInputFiles({ name: "instellingen.csv", mimeType: "text/csv", buffer: Buffer.from(demoCsv(false)) });
  await page.getByRole("button", { name: "Voorbeeld bekijken" }).click();
  await expect(page.locator("main [role=status]").first()).toContainText("130 regels, 0 nieuwe en 130 bij te werken");
  await page.getByRole("button", { name: "Importeren" }).click();
  await expect(page.locator("main [role=status]").first()).toContainText("Import voltooid: 0 nieuwe en 130 bijgewerkte instellingen");
});
