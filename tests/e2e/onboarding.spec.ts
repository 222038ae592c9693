import type { Page } from "@playwright/test";
import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { USERS, expect, expectAccessible, signedInAs, test } from "./support";

const admin = USERS.admin;
const admin2 = USERS.reviewer;
// The only spec that reports or reviews steps of the home institution (check-evidence.spec.ts
// works on another one), so its review queue row and readiness are this spec's own.
const home = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION];
const STEP = "Mitz-connector geaccepteerd";

const todayAmsterdam = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date());
const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

async function readinessPercent(page: Page) {
  const text = await page.getByText(/% van de verplichte stappen geverifieerd/).textContent();
  return Number(/(\d+)%/.exec(text ?? "")?.[1]);
}

async function openHomeWorkspace(page: Page) {
  await page.goto("/institutions");
  await page.getByRole("link", { name: home.name }).click();
  await expect(page.locator("main h1")).toHaveText(home.name);
}

test("an editor reports a step with evidence, an admin rejects it, the editor re-submits, another admin verifies", { tag: "@core" }, async ({ as }) => {
  // 1. The editor reports.
  const ed = await as(USERS.editor);
  await openHomeWorkspace(ed);
  const before = await readinessPercent(ed);
  await ed.getByRole("link", { name: `Melden: ${STEP}` }).click();
  await expect(ed.locator("main h1")).toHaveText(STEP);
  await expectAccessible(ed);

  // A future date and a disguised file are refused with specific messages; nothing is saved.
  await ed.getByLabel("Datum waarop de stap is afgerond").fill("2099-01-01");
  await ed.getByLabel(/^Toelichting/).fill("Connector van Enovation, door Mitz geaccepteerd.");
  await ed.getByLabel(/^Bewijsstuk/).setInputFiles({ name: "acceptatie.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00 this is an executable") });
  await ed.getByRole("button", { name: "Indienen ter verificatie" }).click();
  await expect(ed.locator("main [role=alert]")).toContainText("geen PDF, PNG of JPEG");
  await ed.getByLabel(/^Bewijsstuk/).setInputFiles({ name: "acceptatie.pdf", mimeType: "application/pdf", buffer: pdf });
  await ed.getByRole("button", { name: "Indienen ter verificatie" }).click();
  await expect(ed.locator("main [role=alert]")).toContainText("toekomst");
  await expect(ed.getByText("Nog geen wijzigingen.")).toBeVisible();

  await ed.getByLabel("Datum waarop de stap is afgerond").fill(todayAmsterdam());
  await ed.getByRole("button", { name: "Indienen ter verificatie" }).click();
  await expect(ed.locator("main [role=status]")).toContainText("De melding is ingediend");
  await expect(ed.locator("main").getByText("Gemeld", { exact: true }).first()).toBeVisible();
  await expect(ed.getByRole("link", { name: "acceptatie.pdf" })).toBeVisible();
  // The form closed into the submitted state: changing the report is a separate, collapsed action.
  await expect(ed.getByLabel(/^Toelichting/)).toBeHidden();
  await expect(ed.locator("main details").getByText("Melding wijzigen")).toBeVisible();

  // 2. The first admin rejects it from the review queue, with a reason.
  const ad = await as(admin);
  await ad.goto("/review");
  await ad.getByRole("link", { name: `Beoordelen: ${home.name}` }).click();
  await expect(ad.locator("main h1")).toHaveText(STEP);
  // The decision comes first; changing the report on the institution's behalf is collapsed and says whose report it carries.
  await expect(ad.locator("main h2").first()).toHaveText("Beoordeling");
  await expect(ad.getByLabel(/^Toelichting/)).toBeHidden();
  await ad.locator("main summary", { hasText: "Aanpassen namens de instelling" }).click();
  await expect(ad.getByTestId("edit-context")).toContainText(/de melding van .+ van .+ Bewijsstuk: acceptatie\.pdf, geüpload door /);
  await expect(ad.getByLabel("Huidig bewijsstuk behouden")).not.toBeChecked();
  await ad.locator("main summary", { hasText: "Aanpassen namens de instelling" }).click();
  await ad.getByRole("button", { name: "Afwijzen" }).click();
  await expect(ad.getByText(/Geef een reden van minstens 5 tekens/)).toBeVisible();
  await ad.getByLabel("Reden (de instelling ziet deze tekst)").fill("Vermeld ook het versienummer van de connector.");
  await ad.getByRole("button", { name: "Afwijzen" }).click();
  await expect(ad.locator("main [role=status]")).toContainText("afgewezen");
  await expectAccessible(ad);

  // 3. The editor sees the reason and submits again.
  await ed.reload();
  await expect(ed.locator("main")).toContainText("Vermeld ook het versienummer van de connector.");
  await ed.getByLabel(/^Toelichting/).fill("Connector van Enovation versie 4.2, door Mitz geaccepteerd.");
  await ed.getByRole("button", { name: "Indienen ter verificatie" }).click();
  await expect(ed.locator("main [role=status]")).toContainText("De melding is ingediend");

  // The reporter's own colleagues cannot verify: the editor has no review form at all.
  await expect(ed.getByRole("button", { name: "Verifiëren" })).toHaveCount(0);

  // While the report waits, the editor starts a draft of a later change.
  await ed.locator("main summary", { hasText: "Melding wijzigen" }).click();
  await ed.getByLabel(/^Toelichting/).fill("Connector versie 4.3 volgt in december.");
  await ed.getByRole("button", { name: "Opslaan als concept" }).click();
  await expect(ed.locator("main [role=status]", { hasText: "Het concept is opgeslagen" })).toBeVisible();
  // The "submitted" confirmation is about the report, not the draft: it goes once a draft exists.
  await expect(ed.locator("main [role=status]", { hasText: "De melding is ingediend" })).toHaveCount(0);

  // 4. Another admin verifies: warned that the draft will be discarded, then sent on to the next report.
  const ad2 = await as(admin2);
  await ad2.goto("/review");
  await ad2.getByRole("link", { name: `Beoordelen: ${home.name}` }).click();
  await expect(ad2.locator("main")).toContainText("bij verificatie vervalt het concept");
  await ad2.getByRole("button", { name: "Verifiëren" }).click();
  await expect(ad2.locator("main [role=status]")).toContainText("geverifieerd");
  const history = ad2.locator("ol.history li");
  await expect(history).toHaveCount(6);
  await expect(history.nth(0)).toContainText("Gemeld");
  await expect(history.nth(1)).toContainText("Afgewezen");
  await expect(history.nth(2)).toContainText("Gemeld");
  await expect(history.nth(3)).toContainText("Concept opgeslagen");
  await expect(history.nth(4)).toContainText("Concept vervallen bij verificatie");
  await expect(history.nth(4)).toContainText("Connector versie 4.3 volgt in december.");
  await expect(history.nth(5)).toContainText("Geverifieerd");
  const stepUrl = ad2.url();
  await ad2.getByRole("link", { name: "Volgende melding" }).click();
  await expect(ad2).not.toHaveURL(stepUrl);
  await expect(ad2.getByRole("heading", { name: "Beoordeling" })).toBeVisible();

  // The editor is told what happened to the draft.
  await ed.reload();
  await expect(ed.getByTestId("draft-discarded")).toContainText("is bij de verificatie vervallen");

  // 5. Readiness and the register follow.
  await openHomeWorkspace(ed);
  const after = await readinessPercent(ed);
  expect(after).toBeGreaterThan(before);
  await ad2.goto(`/institutions?q=${encodeURIComponent(home.ura)}`);
  await expect(ad2.locator("main table tbody tr")).toHaveCount(1);
  await expect(ad2.locator("main table tbody tr")).toContainText(`${after}%`);

  // Every change is in the audit log.
  await ad2.goto("/admin/audit?action=step.verify");
  await expect(ad2.locator("main table")).toContainText(admin2.email);
  await ad2.goto("/admin/audit?action=step.reject");
  await expect(ad2.locator("main table")).toContainText(admin.email);
});

test.describe("as the programme admin", () => {
  test.use(signedInAs(admin));

  test("the register filters, sorts and exports what it shows", async ({ page }) => {
    await page.goto("/institutions");
    await page.getByLabel("Leverancier").selectOption({ label: "Founda Health" });
    await page.getByLabel("Sorteren op").selectOption({ label: "Gereedheid" });
    await page.getByLabel("Volgorde").selectOption({ label: "Aflopend" });
    await page.getByRole("button", { name: "Toepassen" }).click();
    await expect(page.locator("main")).toContainText("van 21 instellingen");
    const percents = await page.locator("main table tbody tr td:nth-child(6)").allTextContents();
    const numbers = percents.map((p) => Number(p.replace("%", "")));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Exporteer deze selectie (CSV)" }).click()]);
    const csv = (await (await download.createReadStream()).toArray()).join("");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(22);
    expect(lines[0]).toContain("naam;soort;ura");
    expect(download.suggestedFilename()).toMatch(/^instellingen-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
