/**
 * Issue 6: "test my connection" as evidence for "DUO connection tested". The editor runs a check
 * against the demo simulator, attaches it, submits the report; a programme admin sees the
 * evidence in the review queue, opens the stored result and downloads the PDF.
 *
 * Named z-… so it runs after onboarding.spec.ts: that spec reports "Mitz-connector geaccepteerd"
 * for the same institution and expects it to be the only home row in the review queue.
 */
import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_HOME_INSTITUTION, DEMO_USERS } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { expectAccessible, signIn } from "./support";

const editor = DEMO_USERS.find((u) => u.email === "projectleider@duo-demo.test")!;
const admin = DEMO_USERS.find((u) => u.email === "admin@duo-demo.test")!;
const home = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION];
const todayAmsterdam = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date());

/** Reports a prerequisite of "DUO connection tested" unless it is already verified (onboarding.spec verifies the first). */
async function reportIfOpen(page: Page, institutionId: string, code: string) {
  await page.goto(`/institutions/${institutionId}/steps/${code}`);
  await expect(page.locator("main h1")).not.toBeEmpty();
  const submit = page.getByRole("button", { name: "Indienen ter verificatie" });
  if ((await submit.count()) === 0) return; // verified: no form any more
  await page.getByLabel("Datum waarop de stap is afgerond").fill(todayAmsterdam());
  const note = page.getByLabel(/^Toelichting/);
  if ((await note.count()) > 0) await note.fill("Afgestemd met Enovation; zie het verslag van de testsessie.");
  await submit.click();
  await expect(page.locator("main [role=status]")).toContainText("De melding is ingediend");
}

test("an editor attaches 'test my connection' to 'DUO-verbinding getest', submits, and an admin sees the evidence in the review queue", async ({ browser }) => {
  test.setTimeout(180_000);
  const ed = await (await browser.newContext()).newPage();
  await signIn(ed, editor.email, editor.password);
  await ed.goto("/institutions");
  await ed.getByRole("link", { name: home.name }).click();
  await expect(ed.locator("main h1")).toHaveText(home.name);
  const institutionId = /\/institutions\/([0-9a-f-]{36})/.exec(ed.url())![1];
  for (const code of ["mitz_connector_accepted", "mitz_test_whitelisted", "pacs_integration"]) await reportIfOpen(ed, institutionId, code);

  // Before any test: the step page explains where to run one.
  await ed.goto(`/institutions/${institutionId}/steps/duo_connection_tested`);
  await expect(ed.locator("main h1")).toHaveText("DUO-verbinding getest");
  await expect(ed.getByLabel(/^Verbindingstest/).or(ed.getByText("Een test uitvoeren kan op de pagina van een endpoint:"))).not.toHaveCount(0);
  await expectAccessible(ed);

  // 1. "Test my connection" on the institution's ITI-39 gateway (the simulator answers Success).
  await ed.goto("/registry?transaction=iti-39");
  await ed.locator("main table tbody a[href^='/registry/']").first().click();
  await ed.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
  await expectAccessible(ed);
  await ed.locator("main").getByRole("button", { name: "Nu controleren" }).click();
  const result = ed.getByTestId("check-now-result");
  await expect(result).toContainText("Controle klaar: bereikbaar", { timeout: 30_000 });
  const attach = result.getByRole("button", { name: /Koppel als bewijs aan/ });
  await expect(attach).toBeVisible();
  await expectAccessible(ed);

  // 2. Attach it: a PDF in the draft of the step, with a way on.
  await attach.click();
  await expect(result.getByRole("status")).toContainText("De test is als bewijs gekoppeld aan het concept van ‘DUO-verbinding getest’");
  await expectAccessible(ed);
  await result.getByRole("link", { name: "Naar de stap om de melding te controleren en in te dienen" }).click();
  await expect(ed.locator("main h1")).toHaveText("DUO-verbinding getest");
  const form = ed.locator("main form");
  await expect(form).toContainText(/Gekoppeld: verbindingstest van .+ — status bereikbaar/);
  await expect(ed.getByLabel("Datum waarop de stap is afgerond")).toHaveValue(todayAmsterdam());
  // The recent tests are there to choose from as well.
  await expect(ed.getByLabel(/^Verbindingstest/).locator("option", { hasText: "bereikbaar" })).not.toHaveCount(0);
  await expectAccessible(ed);
  await ed.screenshot({ path: "test-results/check-evidence-step.png", fullPage: true });

  // 3. Submit the report.
  await ed.getByRole("button", { name: "Indienen ter verificatie" }).click();
  await expect(ed.locator("main [role=status]")).toContainText("De melding is ingediend");
  await expect(ed.locator("main section").first().getByTestId("check-evidence")).toContainText(/Bewijs: verbindingstest van .+ — status bereikbaar/);
  await expectAccessible(ed);

  // 4. The programme admin sees it in the review queue and can open the stored result.
  const ad = await (await browser.newContext()).newPage();
  await signIn(ad, admin.email, admin.password);
  await ad.goto("/review?step=duo_connection_tested");
  const row = ad.locator("main table tbody tr", { hasText: home.name });
  const evidence = row.getByTestId("check-evidence");
  await expect(evidence).toContainText(/Bewijs: verbindingstest van .+ — status bereikbaar/);
  await expectAccessible(ad);
  await ad.screenshot({ path: "test-results/check-evidence-review.png", fullPage: true });

  const pdfHref = await evidence.getByRole("link", { name: /^Bewijsstuk verbindingstest-/ }).getAttribute("href");
  const download = await ad.request.get(pdfHref!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="verbindingstest-\d{8}-\d{4}-\d{2}-\d{2}-\d{4}\.pdf"/);
  const body = await download.body();
  expect(body.subarray(0, 5).toString()).toBe("%PDF-");
  expect(download.headers()["x-checksum-sha256"]).toBe(createHash("sha256").update(body).digest("hex"));

  await evidence.getByRole("link", { name: /^Bewijs: verbindingstest van/ }).click();
  await expect(ad.locator("main h1")).toHaveText(/^Verbindingstest \d+$/);
  await expect(ad.getByTestId("check-status")).toHaveText("bereikbaar");
  await expect(ad.locator("main")).toContainText(home.name);
  await expect(ad.locator("main section", { hasText: "Gebruikt als bewijs" })).toContainText(/SHA-256 [0-9a-f]{64}/);
  await expectAccessible(ad);

  await ad.goto("/review?step=duo_connection_tested");
  await ad.getByRole("link", { name: `Beoordelen: ${home.name}` }).click();
  await expect(ad.locator("main h1")).toHaveText("DUO-verbinding getest");
  await expect(ad.getByTestId("check-evidence").first()).toContainText("status bereikbaar");
  await expect(ad.getByRole("button", { name: "Verifiëren" })).toBeVisible();
  await expectAccessible(ad);
});

test("the shared action button: an admin revokes a token and disables and re-enables a user", async ({ page }) => {
  const viewer = DEMO_USERS.find((u) => u.role === "programme_viewer")!;
  await signIn(page, admin.email, admin.password);
  await page.goto("/registry/tokens");
  await page.getByLabel("Naam").fill("E2E kortstondig");
  await page.locator("main").getByRole("button", { name: "Token aanmaken" }).click();
  await expect(page.getByLabel("Uw nieuwe token")).toHaveValue(/^duo_/);
  await page.goto("/registry/tokens");
  const row = page.locator("main table tbody tr", { hasText: "E2E kortstondig" });
  await row.getByRole("button", { name: "Token E2E kortstondig intrekken" }).click();
  await expect(row).toContainText("Ingetrokken");
  await expect(row.getByRole("button")).toHaveCount(0);
  await expectAccessible(page);

  await page.goto("/admin/users");
  const person = page.locator("main table tbody tr", { hasText: viewer.email });
  await person.getByRole("button", { name: `Account van ${viewer.name} uitschakelen` }).click();
  await expect(person).toContainText("Uitgeschakeld");
  await expectAccessible(page);
  await person.getByRole("button", { name: `Account van ${viewer.name} weer inschakelen` }).click();
  await expect(person).toContainText("Actief");
  await expect(person.getByRole("button", { name: `Account van ${viewer.name} uitschakelen` })).toBeVisible();
});
