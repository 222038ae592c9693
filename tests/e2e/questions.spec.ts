import { USERS, expect, test } from "./support";

// Issue 18 §4: a question answered and published appears in the knowledge-base search. The
// subject is this spec's own, so no other spec's data is involved.
const SUBJECT = "Hoe lang blijft een toestemming in Mitz geldig (e2e)?";

test("an editor asks a question, the programme office answers and publishes it, and the editor finds it in the knowledge base", async ({ as }) => {
  const ed = await as(USERS.editor);
  await ed.goto("/questions");
  const ask = ed.getByTestId("ask-form");
  // An empty question is refused in Dutch.
  await ask.getByRole("button", { name: "Versturen" }).click();
  await expect(ask.getByText("Geef een onderwerp van 3 tot 200 tekens.")).toBeVisible();
  await ask.getByLabel("Over de stap (niet verplicht)").selectOption({ label: "Mitz-connector geaccepteerd" });
  await ask.getByLabel("Onderwerp").fill(SUBJECT);
  await ask.getByLabel("Uw vraag").fill("Patiënten vragen hoe lang hun toestemming geldt. Wat zeggen wij?");
  await ask.getByRole("button", { name: "Versturen" }).click();
  await ed.waitForURL(/\/questions\/[0-9a-f-]{36}$/);
  const url = ed.url();
  await expect(ed.locator("main h1")).toHaveText(SUBJECT);
  await expect(ed.getByTestId("thread")).toContainText("Patiënten vragen hoe lang");

  // The programme office sees it as open on the dashboard and answers it.
  const ad = await as(USERS.admin);
  await ad.goto("/dashboard/attention");
  await expect(ad.getByTestId("open-questions")).toContainText(SUBJECT);
  await ad.goto(url);
  await ad.getByLabel("Antwoord", { exact: true }).fill("Een toestemming in Mitz geldt tot de patiënt haar intrekt; er is **geen** vaste termijn.");
  await ad.getByRole("button", { name: "Antwoord versturen" }).click();
  await expect(ad.getByTestId("reply-form").getByRole("status")).toContainText("Uw bericht is verstuurd.");
  await expect(ad.getByTestId("thread")).toContainText("er is **geen** vaste termijn");
  await ad.getByRole("combobox", { name: "Behandelaar" }).selectOption({ label: USERS.reviewer.name });
  await ad.getByRole("button", { name: "Toewijzen" }).click();
  await expect(ad.getByText("De vraag is toegewezen.")).toBeVisible();

  // Publishing the answer makes it an article.
  const publish = ad.getByTestId("publish-form");
  await publish.getByLabel("Categorie").selectOption({ label: "Aansluiten" });
  await publish.getByLabel("Titel").fill("Hoe lang geldt een toestemming in Mitz?");
  await publish.getByRole("button", { name: "Publiceren" }).click();
  await expect(publish.getByRole("status")).toContainText("Het artikel is gepubliceerd.");
  await expect(ad.locator("main")).toContainText("Gepubliceerd in de kennisbank:");

  // The editor sees the answer in the thread and finds the article by a Dutch search (stemming).
  await ed.goto(url);
  await expect(ed.getByTestId("thread")).toContainText("Programmabureau");
  await ed.goto("/kb?q=toestemmingen");
  await expect(ed.getByRole("status")).toContainText(/artikel/);
  await ed.getByRole("link", { name: "Hoe lang geldt een toestemming in Mitz?" }).click();
  await expect(ed.locator("main h1")).toHaveText("Hoe lang geldt een toestemming in Mitz?");
  // Markdown is rendered, safely: bold text, no raw asterisks.
  await expect(ed.locator("main .article strong")).toHaveText("geen");
});
