import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { DEMO_URA_MISMATCH } from "@/lib/checker/demo";
import { USERS, expect, expectAccessible, test } from "./support";

test("an editor checks an endpoint now against the simulator and sees the plain-Dutch verdict with timings", { tag: "@core" }, async ({ as }) => {
  const page = await as(USERS.editor);
  await page.goto("/registry");
  await expect(page.locator("main h1")).toHaveText("Netwerkregister");
  await expect(page.locator("main table th", { hasText: "Bereikbaarheid" })).toBeVisible();

  // The home institution's ITI-39 gateway (a seeded one, pointed at the simulator). No other
  // spec checks it now (check-evidence.spec.ts works on another institution), so the
  // per-endpoint rate limit met below is this test's own.
  await page.goto("/registry?transaction=iti-39");
  await expect(page.locator("main table tbody a[href^='/registry/']")).toHaveCount(1);
  await page.locator("main table tbody a[href^='/registry/']").click();
  await page.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
  await expect(page.locator("main h2", { hasText: "Bereikbaarheid" })).toBeVisible();

  await page.locator("main").getByRole("button", { name: "Nu controleren" }).click();
  const result = page.getByTestId("check-now-result");
  await expect(result).toBeVisible({ timeout: 20_000 });
  await expect(result).toContainText(/Controle klaar: (bereikbaar|verminderd|niet bereikbaar)/);
  // The page refreshed with the stored result: verdict, time per layer and history.
  await expect(page.locator("main h2", { hasText: "Uitslag van de laatste controle" })).toBeVisible();
  await expect(page.locator("main th", { hasText: "TLS-handdruk" })).toBeVisible();
  await expect(page.locator("main table").filter({ hasText: "gebruiker" }).first()).toBeVisible();
  await expect(page.getByTestId("uptime-d1")).toContainText("%");
  // Issue 15 §2: the last 12 months beside the uptime figures (the seed froze the past 11) and the report link.
  await expect(page.getByTestId("availability-months").locator("tbody tr")).toHaveCount(12);
  await expect(page.getByTestId("availability-months")).toContainText("Bevroren");
  await expect(page.locator("main a", { hasText: /^Maandrapport .* \(PDF\)$/ })).toHaveAttribute("href", /\/registry\/availability\/report\?month=\d{4}-\d{2}&vendor=/);
  await expectAccessible(page);

  // A second click at once is refused by the per-endpoint rate limit, in Dutch.
  await page.locator("main").getByRole("button", { name: "Nu controleren" }).click();
  await expect(page.locator("main .alert.error")).toContainText("net gecontroleerd");
  await expectAccessible(page);

  // The simulator's certificate carries the institution's own URA, so "URA klopt" says yes for a real reason.
  await page.goto("/registry/certificates");
  await expect(page.locator("main h1")).toHaveText("Certificaten");
  const ura = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura;
  const row = page.locator("main table tbody tr", { hasText: "ITI-39" }).first();
  await expect(row.locator("td").nth(5)).toHaveText(ura);
  await expect(row.locator("td").nth(6)).toHaveText("ja");
});

test("the demo's one URA mismatch: a gateway presenting another institution's certificate is reported as such", async ({ as }) => {
  const owner = DEMO_INSTITUTIONS.find((d) => d.ura === DEMO_URA_MISMATCH.institutionUra)!;
  const page = await as(USERS.admin);
  await page.goto(`/registry?q=${encodeURIComponent(owner.name)}&environment=production&transaction=iti-38`);
  await expect(page.locator("main table tbody a[href^='/registry/']")).toHaveCount(1);
  await page.locator("main table tbody a[href^='/registry/']").click();
  await page.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
  await page.locator("main").getByRole("button", { name: "Nu controleren" }).click();
  const result = page.getByTestId("check-now-result");
  await expect(result).toContainText("Controle klaar: niet bereikbaar", { timeout: 30_000 });
  await expect(page.locator("main")).toContainText(`Het URA-nummer in het servercertificaat (${DEMO_URA_MISMATCH.certificateUra}) is niet het geregistreerde URA-nummer van de instelling (${owner.ura}).`);

  await page.goto("/registry/certificates?ura=mismatch");
  const rows = page.locator("main table tbody tr");
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row).toContainText(owner.name);
    await expect(row.locator("td").nth(5)).toHaveText(DEMO_URA_MISMATCH.certificateUra);
    await expect(row.locator("td").nth(6)).toHaveText(new RegExp(`^nee\\s*verwacht ${owner.ura}$`));
  }
});

test("a programme viewer sees health but cannot check now; the public status page shows live health without addresses", async ({ as }) => {
  const page = await as(USERS.viewer);
  await page.goto("/registry");
  await page.locator("main table a[href^='/registry/']").first().click();
  await page.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
  await expect(page.locator("main h2", { hasText: "Bereikbaarheid" })).toBeVisible();
  await expect(page.locator("main").getByRole("button", { name: "Nu controleren" })).toHaveCount(0);

  await page.goto("/status");
  await expect(page.locator("main h2", { hasText: "Gateways van instellingen" })).toBeVisible();
  expect(await page.locator("main").innerText()).not.toMatch(/https?:\/\/|urn:oid|\.example|127\.0\.0\.1/);
  // Each infrastructure's 90 day bars, each titled with its day and availability, in the
  // language of the page (the bars' markup is kept per locale with the cached status model).
  const rows = page.locator("main .status-bars-row");
  expect(await rows.count()).toBeGreaterThan(0);
  for (const row of await rows.all()) await expect(row.locator("span.status-bar")).toHaveCount(90);
  const lastBar = rows.first().locator("span.status-bar").last();
  await expect(lastBar).toHaveAttribute("title", /^\d{1,2} [a-z]{3,4}\.? \d{4}: (\d{1,3},\d{2} %|geen controles)$/);
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(lastBar).toHaveAttribute("title", /^\d{1,2} [A-Z][a-z]{2,3} \d{4}: (\d{1,3}\.\d{2} %|no checks)$/);
});
