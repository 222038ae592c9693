import type { Page } from "@playwright/test";
import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { USERS, expect, expectAccessible, test } from "./support";

const home = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION];

/** "€ 1.234.567,89" -> cents. */
function cents(text: string | null): number {
  const m = /€\s*([\d.]+)(?:,(\d{1,2}))?/.exec(text ?? "");
  if (!m) throw new Error(`no euro amount in ${text}`);
  return Number(m[1].replace(/\./g, "")) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
}

async function openHomeInstitution(page: Page) {
  await page.goto("/institutions");
  await page.getByRole("link", { name: home.name }).click();
  await expect(page.locator("main h1")).toHaveText(home.name);
}

// The only spec that changes the financing rules: it publishes version 2 (from 2027); the other
// test reads version 1, which stays.
test("an admin edits a draft amount, previews the what-if, and publishes it", async ({ as }) => {
  const page = await as(USERS.admin);
  await page.goto("/institutions");
  await page.getByRole("navigation", { name: "Hoofdnavigatie" }).getByRole("link", { name: "Financiering" }).click();
  await expect(page.locator("main h1")).toHaveText("Financiering");
  await expect(page.getByText("Regeling van kracht: versie 1, vanaf 1 januari 2026.")).toBeVisible();
  const committed2027Before = cents(await page.getByTestId("committed-2027").textContent());
  expect(committed2027Before).toBeGreaterThan(0);

  // The CSV export answers with a file.
  const csv = await page.request.get("/financing/export");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("toegezegd_totaal_2026");

  // The list's own export takes its filter: only the selection, and a total of exactly those rows.
  await page.goto("/financing?vendor=founda#inst-h");
  const selection = page.getByRole("link", { name: "Deze selectie exporteren (CSV)" });
  await expect(selection).toHaveAttribute("href", "/financing/export?vendor=founda");
  const shown = await page.getByTestId("per-institution").locator("tbody tr").count();
  const lines = (await (await page.request.get("/financing/export?vendor=founda")).text()).replace(/^\uFEFF/, "").trim().split("\r\n");
  const body = lines.slice(1, -1).map((l) => l.split(";")[1]);
  expect(new Set(body)).toEqual(new Set(["Founda Health"]));
  expect(body.length).toBe(shown);
  await page.goto("/financing");

  await page.getByRole("link", { name: "Regeling beheren" }).click();
  await expect(page.locator("main h1")).toHaveText("Financieringsregeling: versies");
  await page.getByRole("button", { name: "Nieuw concept maken" }).click();
  await expect(page.locator("main h1")).toContainText("Versie 2");

  const annual = page.locator('fieldset[data-rule="duo_annual_compensation"]');
  await page.getByLabel("Ingangsdatum").fill("2027-01-01");

  // Bad input first: a negative amount is refused with a Dutch message, nothing is saved.
  await annual.getByLabel("Bedrag voor Enovation in euro").fill("-35.000");
  await page.getByRole("button", { name: "Concept opslaan" }).click();
  await expect(annual.getByText("Een bedrag mag niet negatief zijn.")).toBeVisible();

  await annual.getByLabel("Bedrag voor Enovation in euro").fill("40.000");
  await annual.getByLabel("Bedrag voor Founda Health in euro").fill("40.000");
  await page.getByRole("button", { name: "Concept opslaan" }).click();
  await expect(page.locator("main [role=status]").first()).toContainText("Het concept is opgeslagen");

  // What-if: 2026 unchanged, 2027 higher than the published figures.
  const whatIf = page.getByTestId("whatif");
  await expect(whatIf).toBeVisible();
  await expect(whatIf.getByText("vanaf 1 januari 2027")).toBeVisible();
  const row2027 = whatIf.locator('tr[data-year="2027"]');
  const published2027 = cents(await row2027.locator("td").nth(0).textContent());
  expect(published2027).toBe(committed2027Before);
  // The confirmation comes with the action's answer; the what-if follows with the page refresh.
  const draftCommitted = async () => cents(await page.getByTestId("whatif-committed-2027").textContent());
  await expect.poll(draftCommitted).toBeGreaterThan(published2027);
  const draft2027 = await draftCommitted();
  const row2026 = whatIf.locator('tr[data-year="2026"]');
  expect(cents(await row2026.locator("td").nth(1).textContent())).toBe(cents(await row2026.locator("td").nth(0).textContent()));
  await expectAccessible(page);

  // Publishing without a change note is refused, with the reason.
  page.on("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Publiceren", exact: true }).click();
  await expect(page.locator("main [role=alert]")).toContainText("toelichting op de wijziging");

  await page.getByLabel("Toelichting op de wijziging").fill("Besluit VWS/ZN: € 40.000 per jaar vanaf 2027.");
  await page.getByRole("button", { name: "Concept opslaan" }).click();
  await expect(page.locator("main [role=status]").first()).toContainText("Het concept is opgeslagen");
  await page.getByRole("button", { name: "Publiceren", exact: true }).click();
  await expect(page.getByText("Deze versie is gepubliceerd en kan niet meer worden gewijzigd.")).toBeVisible();

  await page.goto("/financing");
  expect(cents(await page.getByTestId("committed-2027").textContent())).toBe(draft2027);

  await page.goto("/financing/rules");
  await expect(page.locator('tr[data-version="2"]')).toContainText("Gepubliceerd");
  await expect(page.locator('tr[data-version="2"]')).toContainText("Besluit VWS/ZN");
});

test("the institution page explains eligibility; only programme roles see the programme totals", async ({ as }) => {
  const ed = await as(USERS.editor);
  await openHomeInstitution(ed);
  const homeUrl = new URL(ed.url()).pathname;
  const section = ed.getByTestId("eligibility");
  await expect(section.getByRole("heading", { name: "Financiering" })).toBeVisible();
  await expect(section.getByText(/^Status$/)).toBeVisible();
  await expect(ed.getByTestId("eligibility-explanation")).toContainText(/Deze instelling komt/);
  await expect(ed.getByTestId("eligibility-explanation")).toContainText("Het pakket is integraal");
  await expect(section.getByRole("link", { name: "Financiering van het programma" })).toHaveCount(0);
  await expect(ed.getByRole("navigation", { name: "Hoofdnavigatie" }).getByRole("link", { name: "Financiering" })).toHaveCount(0);
  const res = await ed.goto("/financing");
  expect(res?.status()).toBe(403);
  expect((await ed.request.get("/financing/export")).status()).toBe(403);

  // A vendor reaches the institution but not its financing.
  const vd = await as(USERS.vendor);
  await vd.goto(homeUrl);
  await expect(vd.locator("main h1")).toHaveText(home.name);
  await expect(vd.getByTestId("eligibility")).toHaveCount(0);

  // The programme viewer sees totals and the published versions, read-only.
  const vw = await as(USERS.viewer);
  await vw.goto("/financing");
  await expect(vw.getByTestId("per-institution")).toBeVisible();
  await expect(vw.getByRole("link", { name: "Versies van de regeling" })).toBeVisible();
  await vw.getByRole("link", { name: "Versies van de regeling" }).click();
  await expect(vw.getByRole("button", { name: "Nieuw concept maken" })).toHaveCount(0);
  await vw.getByRole("link", { name: /^Openen: Versie 1\b/ }).click();
  await expect(vw.getByText("Deze versie is gepubliceerd")).toBeVisible();
  await vw.goto(homeUrl);
  await expect(vw.getByTestId("eligibility").getByRole("link", { name: "Financiering van het programma" })).toBeVisible();
});
