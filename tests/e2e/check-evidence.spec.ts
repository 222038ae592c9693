/**
 * Issue 6: "test my connection" as evidence for "DUO connection tested". The editor runs a check
 * against the demo simulator, attaches it, submits the report; a programme admin sees the
 * evidence in the review queue, opens the stored result and downloads the PDF.
 *
 * On an institution of its own: a seeded hospital whose prerequisites of "DUO connection tested"
 * are verified and whose ITI-39 acceptance gateway the simulator answers well, which no other spec
 * reports on or checks, with an institution editor this spec invites for it.
 */
import { createHash } from "node:crypto";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { USERS, expect, expectAccessible, inviteUser, signIn, test } from "./support";

/** Sportmedisch Behandelcentrum Meidoorngeest (Alphatron): prerequisites verified, ITI-39 acceptance "ok". */
const institution = DEMO_INSTITUTIONS.find((d) => d.ura === "99220760")!;
const todayAmsterdam = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date());

test("an editor attaches 'test my connection' to 'DUO-verbinding getest', submits, and an admin sees the evidence in the review queue", async ({ browser, as }) => {
  test.setTimeout(180_000);
  const editor = await inviteUser(browser, { prefix: "pl-bewijs", name: "Bente Bewijs", role: "institution_editor", institution });
  const ed = await as(null);
  await signIn(ed, editor.email, editor.password);
  await ed.goto("/institutions");
  await ed.getByRole("link", { name: institution.name }).click();
  await expect(ed.locator("main h1")).toHaveText(institution.name);
  const institutionId = /\/institutions\/([0-9a-f-]{36})/.exec(ed.url())![1];

  // Before any test: the step page explains where to run one.
  await ed.goto(`/institutions/${institutionId}/steps/duo_connection_tested`);
  await expect(ed.locator("main h1")).toHaveText("DUO-verbinding getest");
  await expect(ed.getByLabel(/^Verbindingstest/).or(ed.getByText("Een test uitvoeren kan op de pagina van een endpoint:"))).not.toHaveCount(0);

  // 1. "Test my connection" on the institution's ITI-39 gateway (the simulator answers Success).
  await ed.goto("/registry?transaction=iti-39&environment=acceptance");
  await expect(ed.locator("main table tbody a[href^='/registry/']")).toHaveCount(1);
  await ed.locator("main table tbody a[href^='/registry/']").click();
  await ed.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
  await ed.locator("main").getByRole("button", { name: "Nu controleren" }).click();
  const result = ed.getByTestId("check-now-result");
  await expect(result).toContainText("Controle klaar: bereikbaar", { timeout: 30_000 });
  const attach = result.getByRole("button", { name: /Koppel als bewijs aan/ });
  await expect(attach).toBeVisible();

  // 2. Attach it: a PDF in the draft of the step, with a way on.
  await attach.click();
  await expect(result.getByRole("status")).toContainText("De test is als bewijs gekoppeld aan het concept van ‘DUO-verbinding getest’");
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

  // 4. The programme admin sees it in the review queue and can open the stored result.
  const ad = await as(USERS.admin);
  await ad.goto("/review?step=duo_connection_tested");
  const row = ad.locator("main table tbody tr", { hasText: institution.name });
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
  // Titled by the endpoint and the time, not by a row number.
  await expect(ad.locator("main h1")).toHaveText(/^Verbindingstest van .+: ITI-\d+ \(.+\), \d/);
  await expect(ad.getByTestId("check-status")).toHaveText("bereikbaar");
  await expect(ad.locator("main")).toContainText(institution.name);
  await expect(ad.locator("main section", { hasText: "Gebruikt als bewijs" })).toContainText(/SHA-256 [0-9a-f]{64}/);
  await expectAccessible(ad);

  await ad.goto("/review?step=duo_connection_tested");
  await ad.getByRole("link", { name: `Beoordelen: ${institution.name}` }).click();
  await expect(ad.locator("main h1")).toHaveText("DUO-verbinding getest");
  await expect(ad.getByTestId("check-evidence").first()).toContainText("status bereikbaar");
  await expect(ad.getByRole("button", { name: "Verifiëren" })).toBeVisible();
});
