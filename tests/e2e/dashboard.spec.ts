import type { Page } from "@playwright/test";
import { extractText } from "../unit/pdf/extract-text";
import { USERS, expect, expectAccessible, signedInAs, test } from "./support";

// Figures are read from the page and compared with what they drill down to, in the same test:
// other specs may add endpoints, reports or users, never in a way that one test sees half of.
test.use(signedInAs(USERS.viewer));

const numberOf = (s: string | null) => Number((s ?? "").replace(/\D/g, ""));

/** The institution list's "N van M instellingen" total. */
async function listTotal(page: Page) {
  const text = await page.locator("main").getByText(/\d+ van \d+ instellingen/).textContent();
  return Number(/van (\d+)/.exec(text ?? "")?.[1]);
}

test("a programme viewer sees the dashboard; numbers drill down to lists of the same size", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page.locator("main h1")).toHaveText("Programmadashboard");
  await expect(page.getByRole("img", { name: /Grafiek: instellingen live/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Mijlpalen" })).toBeVisible();
  // The views are tabs; the overview is the current one.
  const views = page.getByRole("navigation", { name: "Onderdelen van het dashboard" });
  await expect(views.getByRole("link", { name: "Overzicht" })).toHaveAttribute("aria-current", "page");
  await expect(views.getByRole("link", { name: "Knelpunten" })).not.toHaveAttribute("aria-current", "page");

  const live = numberOf(await page.getByTestId("stat-live").textContent());
  expect(live).toBeGreaterThan(0);
  await page.getByTestId("stat-live").click();
  await page.waitForURL(/\/institutions\?.*live=1/);
  expect(await listTotal(page)).toBe(live);

  await page.goto("/dashboard");
  const mitz = numberOf(await page.getByTestId("phase-mitz_connection").textContent());
  await page.getByTestId("phase-mitz_connection").click();
  await page.waitForURL(/phase=mitz_connection/);
  expect(await listTotal(page)).toBe(mitz);

  // What needs attention: per precondition the institutions blocked longest; the count above
  // each list opens the institution list of exactly that many.
  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Onderdelen van het dashboard" }).getByRole("link", { name: "Knelpunten" }).click();
  await page.waitForURL(/\/dashboard\/attention\?weeks=8$/);
  await expect(page.getByRole("heading", { name: "Blokkades", level: 2 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Knelpunten" })).toHaveAttribute("aria-current", "page");
  const blocked = page.getByRole("heading", { name: /^Overeenkomsten getekend/ }).getByRole("link");
  const blockedCount = numberOf(await blocked.textContent());
  await blocked.click();
  await page.waitForURL(/blocking=agreements/);
  expect(await listTotal(page)).toBe(blockedCount);

  // Network health per vendor: the count of active gateways opens the registry with exactly those.
  await page.goto("/dashboard/network");
  await expect(page.getByRole("heading", { name: "Netwerkgezondheid per leverancier (nu)" })).toBeVisible();
  const activeLink = page.getByTestId("network-enovation").getByRole("link").first();
  const active = numberOf(await activeLink.textContent());
  expect(active).toBeGreaterThan(0);
  await activeLink.click();
  await page.waitForURL(/\/registry\?.*vendor=enovation/);
  await expect(page.locator("main").getByText(new RegExp(`van ${active}\\b`)).first()).toBeVisible();

  // The chart's data as a table, on request.
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Gegevens van de grafiek als tabel" }).click();
  await page.waitForURL(/table=1/);
  await expect(page.locator("#burnup-table table tbody tr").first()).toBeVisible();
  await expectAccessible(page);
});

test("the dashboard's inline RSC payload comes in pushes of at most 32 KB, and the page still hydrates", async ({ page }) => {
  // scripts/patch-next.ts: one push of the whole 81 KB payload cost ~2 ms of server CPU a request.
  // The public status page: the largest payload now that the dashboard is three views.
  const html = await (await page.request.get("/status")).text();
  const pushes = [...html.matchAll(/self\.__next_f\.push\((\[[\s\S]*?\])\)<\/script>/g)].map((m) => JSON.parse(m[1]) as [number, string?]);
  const text = pushes.filter((p) => p[0] === 1).map((p) => Buffer.byteLength(p[1] ?? ""));
  expect(pushes.filter((p) => p[0] === 3), "no push falls back to base64 (each is whole characters)").toEqual([]);
  expect(text.reduce((a, b) => a + b, 0), "the payload is the size this test is about").toBeGreaterThan(32768);
  expect(text.length).toBeGreaterThan(1);
  for (const bytes of text) expect(bytes).toBeLessThanOrEqual(32768 + 3);

  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto("/dashboard");
  await expect(page.locator("main h1")).toHaveText("Programmadashboard");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "1");
  // A soft navigation (the window survives it) goes through the router of the hydrated tree.
  await page.evaluate(() => ((window as unknown as { hydrationProbe: number }).hydrationProbe = 1));
  await page.getByRole("navigation").getByRole("link", { name: "Instellingen" }).click();
  await page.waitForURL(/\/institutions$/);
  await expect(page.locator("main h1")).toHaveText("Instellingen");
  expect(await page.evaluate(() => (window as unknown as { hydrationProbe?: number }).hydrationProbe)).toBe(1);
  expect(errors).toEqual([]);
});

test("the as-of view recomputes from history and its numbers drill down to the as-of list", async ({ page }) => {
  await page.goto("/dashboard?asOf=2026-03-01&weeks=4");
  await expect(page.locator("main h1")).toContainText("Stand op 1 maart 2026");
  await expectAccessible(page);
  const agreements = numberOf(await page.getByTestId("met-agreements").textContent());
  await page.getByTestId("met-agreements").click();
  await page.waitForURL(/met=agreements/);
  expect(page.url()).toContain("asOf=2026-03-01");
  expect(await listTotal(page)).toBe(agreements);

  // The other views keep the date and the pace window, and their form stays on the view.
  await page.goto("/dashboard?asOf=2026-03-01&weeks=4");
  await page.getByRole("link", { name: "Netwerk en leveranciers" }).click();
  await page.waitForURL(/\/dashboard\/network\?asOf=2026-03-01&weeks=4$/);
  await expect(page.locator("main h1")).toContainText("Stand op 1 maart 2026");
  await page.getByLabel("Tempo over de laatste … weken").fill("6");
  await page.getByRole("button", { name: "Tonen" }).click();
  await page.waitForURL(/\/dashboard\/network\?asOf=2026-03-01&weeks=6$/);
  await page.getByRole("link", { name: "Terug naar vandaag" }).click();
  await page.waitForURL(/\/dashboard\/network\?weeks=6$/);

  await page.goto("/dashboard?asOf=2999-01-01&weeks=99");
  await expect(page.locator("main").getByRole("alert").first()).toContainText("peildatum");
});

test("the DTO report downloads and shows the figures of the dashboard", async ({ page }) => {
  const asOf = "2026-10-01";
  await page.goto(`/dashboard?asOf=${asOf}`);
  const live = numberOf(await page.getByTestId("stat-live").textContent());
  const total = numberOf(await page.getByTestId("stat-total").textContent());
  const days = numberOf(await page.getByTestId("stat-days").textContent());
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "DTO-voortgangsrapportage (PDF)" }).click()]);
  const bytes = await download.path().then((p) => import("node:fs").then((fs) => fs.readFileSync(p!)));
  expect(download.suggestedFilename()).toBe(`dto-voortgang-duo-${asOf}.pdf`);
  const pdf = await extractText(bytes);
  expect(pdf.flat).toContain("DTO-voortgangsrapportage DUO");
  expect(pdf.flat).toContain("stand op 1 oktober 2026");
  expect(pdf.flat).toContain(`Live met DUO ${live} / 130`);
  expect(pdf.flat).toContain(`Instellingen in het programma ${total}`);
  expect(pdf.flat).toContain(`Dagen tot 31 december 2026 ${days}`);
  expect(pdf.flat).toMatch(/pagina 1 van \d+/);

  const csv = await page.request.get(`/dashboard/export?asOf=${asOf}`);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text.split("\r\n").filter((l) => l.trim()).length).toBe(total + 1);
  expect(text).toContain("go_live_status");
});

test("an admin edits a milestone target; it shows on the dashboard and bad input gets a Dutch message", async ({ as }) => {
  // The only spec that changes a milestone; it puts the target back at the end.
  const page = await as(USERS.admin);
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Mijlpalen bewerken" }).click();
  await expect(page.locator("main h1")).toHaveText("Mijlpalen van het programma");
  const section = page.getByRole("region", { name: /^Alphatron „TLB met Mitz”/ });
  await section.getByLabel("Doel (aantal)").fill("abc");
  await section.getByRole("button", { name: "Opslaan" }).click();
  await expect(section.getByText("Vul het doel in als geheel getal van 0 tot 100.000.")).toBeVisible();
  await expectAccessible(page);
  await section.getByLabel("Doel (aantal)").fill("14");
  await section.getByRole("button", { name: "Opslaan" }).click();
  await expect(section.getByText("Mijlpaal opgeslagen.")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByTestId("milestone-alphatron_tlb_with_mitz").locator("td").nth(2)).toHaveText("14");
  // Put it back for the other tests.
  await page.goto("/admin/milestones");
  await section.getByLabel("Doel (aantal)").fill("12");
  await section.getByRole("button", { name: "Opslaan" }).click();
  await expect(section.getByText("Mijlpaal opgeslagen.")).toBeVisible();
});

test("institution roles cannot open the dashboard, its exports or the milestone editor", async ({ as, page }) => {
  for (const user of [USERS.editor, USERS.vendor]) {
    const other = await as(user);
    for (const path of ["/dashboard", "/dashboard/attention", "/dashboard/network", "/admin/milestones"]) {
      const res = await other.goto(path);
      expect(res?.status(), `${user.email} ${path}`).toBe(403);
    }
    for (const path of ["/dashboard/report?asOf=2026-10-01", "/dashboard/export"]) {
      const res = await other.request.get(path);
      expect(res.status(), `${user.email} ${path}`).toBe(403);
    }
  }
  // The viewer (this file's page) sees the dashboard but not the milestone editor.
  expect((await page.goto("/admin/milestones"))?.status()).toBe(403);
});
