/**
 * Incident posts and subscriptions (issue 16 §1, §2): someone subscribes to Enovation's status
 * without an account and confirms through the mail (real SMTP in the test); the Enovation vendor
 * editor opens an incident, posts an update and resolves it; the public status page shows it with
 * its updates and then moves it to the history; the subscriber gets a mail for each post and
 * unsubscribes with the link in the last one.
 */
import type { Page } from "@playwright/test";
import { USERS, expect, test, waitForMail } from "./support";

/** Mails go through the outbox, which the worker sends every CHECKER_DELIVERY_TICK_SECONDS (2 s on the e2e server); the wait is for a loaded machine. */
const MAIL_WAIT = 75_000;
const link = (text: string, kind: "confirm" | "unsubscribe") => new RegExp(`https?://[^\\s]+/status/subscriptions/[0-9a-f-]{36}/${kind}\\?t=[0-9a-f]{32}`).exec(text)?.[0];

async function openIncidentsSection(page: Page) {
  await page.goto("/status");
  return page.locator("section", { has: page.getByRole("heading", { name: "Meldingen", exact: true }) });
}

test("a vendor opens, updates and resolves an incident; a confirmed subscriber gets the mails and unsubscribes", async ({ as }) => {
  test.setTimeout(360_000);
  const stamp = Date.now();
  const email = `noc-${stamp}@ziekenhuis-e2e.test`;
  const title = `Zoekvragen naar Enovation mislukken ${stamp}`;

  // 1. Subscribe without an account; confirm through the link in the mail.
  const visitor = await as(null);
  await visitor.goto("/status");
  await visitor.getByRole("link", { name: "Abonneren op statusmeldingen" }).click();
  await expect(visitor.locator("main h1")).toHaveText("Abonneren op statusmeldingen");
  await visitor.getByRole("button", { name: "Abonneren" }).click();
  await expect(visitor.getByText("Kies minstens één infrastructuur.")).toBeVisible();
  await visitor.getByLabel("E-mailadres").fill(email);
  await visitor.getByLabel("Enovation").check();
  await visitor.getByRole("button", { name: "Abonneren" }).click();
  await expect(visitor.getByText(`Bijna klaar: we hebben een bevestigingslink gestuurd naar ${email}.`)).toBeVisible();
  const confirmMail = await waitForMail(email, MAIL_WAIT, (m) => m.subject.startsWith("Bevestig uw abonnement"));
  const confirmLink = link(confirmMail.text, "confirm");
  expect(confirmLink, confirmMail.text).toBeTruthy();
  await visitor.goto(confirmLink!);
  await expect(visitor.getByText("Bevestig dat u meldingen wilt ontvangen over: Enovation.")).toBeVisible();
  await visitor.getByRole("button", { name: "Bevestigen" }).click();
  await expect(visitor.getByText("Bevestigd. U ontvangt voortaan meldingen over: Enovation.")).toBeVisible();

  // 2. The vendor editor opens an incident for its own infrastructure.
  const vendor = await as(USERS.vendor);
  await vendor.goto("/status/manage");
  await expect(vendor.locator("main h1")).toHaveText("Statusmeldingen beheren");
  const openForm = vendor.locator("section", { has: vendor.getByRole("heading", { name: "Storing melden" }) });
  await expect(openForm.getByLabel("Infrastructuur").locator("option")).toHaveText(["Enovation"]);
  await openForm.getByLabel("Titel").fill(title);
  await openForm.getByLabel("Bericht").fill("We onderzoeken time-outs op de responding gateway.");
  await openForm.getByRole("button", { name: "Storing melden" }).click();
  await expect(openForm.getByText("De storing staat op de statuspagina.")).toBeVisible();

  // 3. It shows on /status, prominently, with its first post.
  const visitorIncidents = await openIncidentsSection(visitor);
  const card = visitorIncidents.locator("article", { hasText: title });
  await expect(card).toContainText("Onderzoek");
  await expect(card).toContainText("We onderzoeken time-outs op de responding gateway.");
  const opened = await waitForMail(email, MAIL_WAIT, (m) => m.subject === `[Enovation] Storing: ${title}`);
  expect(opened.text).toContain("We onderzoeken time-outs op de responding gateway.");

  // 4. An update.
  const update = vendor.locator("details", { hasText: title });
  await update.getByLabel("Status").selectOption("identified");
  await update.getByLabel("Bericht").fill("Een verlopen certificaat op de gateway; de vervanging loopt.");
  await update.getByRole("button", { name: "Update plaatsen" }).click();
  await expect(vendor.getByText("De update staat op de statuspagina.")).toBeVisible();
  await openIncidentsSection(visitor);
  await expect(card).toContainText("Geïdentificeerd");
  await expect(card.locator("ol li")).toHaveCount(2);
  await expect(card.locator("ol li").first()).toContainText("Een verlopen certificaat op de gateway");
  await waitForMail(email, MAIL_WAIT, (m) => m.subject === `[Enovation] Update: ${title} (Geïdentificeerd)`);

  // 5. Resolve: off the open list, into the history.
  const resolve = vendor.locator("details", { hasText: title });
  await resolve.getByLabel("Status").selectOption("resolved");
  await resolve.getByLabel("Bericht").fill("Certificaat vervangen; zoekvragen werken weer.");
  await resolve.getByRole("button", { name: "Update plaatsen" }).click();
  // The form goes with the open incident; the incident moves to the resolved list.
  await expect(vendor.locator("section", { has: vendor.getByRole("heading", { name: "Opgeloste storingen (laatste 90 dagen)" }) }).locator("article", { hasText: title })).toContainText("Hersteld");
  await expect(vendor.locator("details", { hasText: title })).toHaveCount(0);
  const incidentsNow = await openIncidentsSection(visitor);
  await expect(incidentsNow.locator("article", { hasText: title })).toHaveCount(0);
  await visitor.getByRole("link", { name: "Alle meldingen" }).click();
  await expect(visitor.locator("main h1")).toHaveText("Geschiedenis van storingen en onderhoud");
  const past = visitor.locator("article", { hasText: title });
  await expect(past).toContainText("Hersteld");
  await expect(past.locator("ol li")).toHaveCount(3);
  await past.getByRole("link", { name: title }).click();
  await expect(visitor.locator("main h1")).toHaveText("Storingsmelding");
  await expect(visitor.locator("main")).toContainText("Certificaat vervangen; zoekvragen werken weer.");

  // 6. The resolution mail; unsubscribe with its link, one click.
  const resolved = await waitForMail(email, MAIL_WAIT, (m) => m.subject === `[Enovation] Hersteld: ${title}`);
  const unsubscribeLink = link(resolved.text, "unsubscribe");
  expect(unsubscribeLink, resolved.text).toBeTruthy();
  await visitor.goto(unsubscribeLink!);
  await expect(visitor.getByText("U ontvangt nu meldingen over: Enovation.")).toBeVisible();
  await visitor.getByRole("button", { name: "Afmelden" }).click();
  await expect(visitor.getByText("U bent afgemeld.")).toBeVisible();
  await visitor.goto(unsubscribeLink!);
  await expect(visitor.getByText("Dit abonnement is al beëindigd.")).toBeVisible();
});
