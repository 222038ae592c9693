import { readFileSync } from "node:fs";
import { DEMO_HOME_INSTITUTION, DEMO_OTHER_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { DEMO_TOOLKIT_V11_NOTE } from "@/db/seed/toolkit";
import { extractText } from "@/tests/unit/pdf/extract-text";
import { USERS, expect, expectAccessible, test } from "./support";

const ciso = USERS.ciso;
const home = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION];
const NOTE = "Hoofdstuk over het Mitz-notificatie-endpoint en de certificaatvernieuwing toegevoegd.";

// The only spec that acknowledges documents or publishes template versions (architecture 1.1).
test("a CISO downloads the pack and acknowledges; the admin publishes a new version; the CISO is asked again", { tag: "@core" }, async ({ as }) => {
  // 1. The CISO lands on the own institution's toolkit; the seeded DPIA guide 1.1 asks again.
  const c = await as(ciso, { acceptDownloads: true });
  await c.goto("/institutions");
  await c.getByRole("navigation", { name: "Hoofdnavigatie" }).getByRole("link", { name: "Toolkit" }).click();
  await expect(c.locator("main h1")).toHaveText(`Toolkit — ${home.name}`);
  await expect(c.getByTestId("ack-banner")).toBeVisible();
  await expect(c.getByTestId("ack-dpia_guide")).toContainText(DEMO_TOOLKIT_V11_NOTE);

  // 2. The personalised pack, as an attachment, with the institution's data in it.
  const [download] = await Promise.all([c.waitForEvent("download"), c.getByTestId("download-pack").click()]);
  expect(download.suggestedFilename()).toMatch(/^DUO-toolkit - .*\.pdf$/);
  const bytes = readFileSync((await download.path())!);
  const { flat } = await extractText(new Uint8Array(bytes));
  expect(flat).toContain(home.name);
  expect(flat).toContain(`URA ${home.ura}`);
  expect(flat).toContain("DPIA-handreiking");

  // 3. Acknowledge the architecture overview 1.0 as CISO.
  const arch = c.getByTestId("ack-architecture");
  await arch.getByRole("button", { name: "Ik heb versie 1.0 gelezen: Architectuuroverzicht" }).click();
  await expect(arch).toContainText("Gelezen: versie 1.0");
  await c.reload();
  await expect(c.getByTestId("download-log")).toContainText(ciso.name);

  // 4. The programme office sees it in the overview.
  const a = await as(USERS.admin);
  await a.goto(`/toolkit/overview?doc=architecture&q=${home.ura}`);
  const row = a.locator(`tr[data-ura="${home.ura}"]`);
  await expect(row.locator("td").nth(0)).toContainText("Ja");
  await expect(row.locator("td").nth(1)).toContainText("Ja");
  await expect(row.locator("td").nth(2)).toContainText("Nee");
  await a.goto("/toolkit/overview?status=not_yet");
  await expect(a.getByTestId("toolkit-overview")).toBeVisible();
  const [csv] = await Promise.all([a.waitForEvent("download"), a.getByRole("link", { name: "Exporteren (CSV)" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^toolkit-overzicht-.*\.csv$/);

  // 5. The admin publishes architecture 1.1 with a change note.
  await a.goto("/admin/templates");
  await a.getByRole("link", { name: "Versies beheren: Architectuuroverzicht" }).click();
  await expect(a.locator("main h1")).toHaveText("Architectuuroverzicht: versies");
  await expect(a.getByLabel(/^Versienummer/)).toHaveValue("1.1");
  await a.getByLabel(/^Wijzigingsnotitie/).fill(NOTE);
  await a.getByRole("button", { name: "Versie aanmaken (concept)" }).click();
  await expect(a.locator("main").getByText("Versie 1.1 is aangemaakt als concept")).toBeVisible();
  await a.getByRole("button", { name: "Publiceren: 1.1" }).click();
  await expect(a.locator("main").getByText("Versie 1.1 is gepubliceerd.")).toBeVisible();
  await expect(a.locator('tr[data-version="1.1"]')).toContainText("Gepubliceerd");
  await expectAccessible(a);

  // 6. The CISO is asked again, with the change note.
  await c.reload();
  await expect(arch).toContainText("U bevestigde versie 1.0; er is een nieuwere versie");
  await expect(arch).toContainText(NOTE);
  await arch.getByRole("button", { name: "Ik heb versie 1.1 gelezen: Architectuuroverzicht" }).click();
  await expect(arch).toContainText("Gelezen: versie 1.1");
  await expectAccessible(c);
});

test("an editor's intake upload refuses a non-PDF; a CISO cannot reach another institution's pack", async ({ as }) => {
  const e = await as(USERS.editor);
  await e.goto("/toolkit");
  await e.getByRole("link", { name: "Ingevuld intakeformulier uploaden" }).click();
  await expect(e.locator("main h1")).toHaveText(`Intakeformulier verwerken — ${home.name}`);
  await e.getByLabel("Ingevuld intakeformulier (PDF)").setInputFiles({ name: "intake.pdf", mimeType: "application/pdf", buffer: Buffer.from("dit is geen pdf") });
  await e.getByRole("button", { name: "Voorbeeld bekijken" }).click();
  await expect(e.locator("main").getByRole("alert")).toContainText("geen PDF-document");
  await expect(e.getByRole("button", { name: "Wijzigingen verwerken" })).toBeDisabled();
  await expectAccessible(e);

  // Another institution's pack and documents answer "not found" to this institution's CISO.
  const otherInst = DEMO_INSTITUTIONS[DEMO_OTHER_INSTITUTION];
  const a = await as(USERS.admin);
  await a.goto(`/toolkit?q=${otherInst.ura}`);
  const href = await a.getByRole("link", { name: otherInst.name }).getAttribute("href");
  expect(href).toMatch(/^\/toolkit\/[0-9a-f-]{36}$/);
  const c = await as(ciso);
  expect((await c.request.get(`${href}/pack`)).status()).toBe(404);
  expect((await c.request.get(`${href}/documents/dpia_guide`)).status()).toBe(404);
  expect((await c.goto(href!))!.status()).toBe(404);
  expect((await c.request.get("/toolkit/overview/export")).status()).toBe(403);
});
