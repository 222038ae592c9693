/**
 * Events (issue 18 §3): a programme admin creates an event with one seat for the institution
 * editors; the first editor takes the seat, the second lands on the waiting list; the first
 * cancels, the second moves up and hears of it in the bell's list. The .ics file and the
 * organiser's attendee CSV download. A working group gets a document that its member downloads.
 * Every event here is this spec's own (its title carries a stamp), so no other spec's data is involved.
 */
import { readFileSync } from "node:fs";
import { USERS, expect, expectAccessible, test } from "./support";

const stamp = Date.now().toString(36);

/** A day `days` ahead as the datetime-local field takes it. */
function ahead(days: number, time: string) {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;
}

test("registering for a full event puts the user on the waiting list and a cancellation promotes them", { tag: "@core" }, async ({ as }) => {
  test.setTimeout(240_000);
  const title = `Mitz-spreekuur ${stamp}`;

  // 1. The programme admin creates the event: one seat, for the institution editors.
  const ad = await as(USERS.admin);
  await ad.goto("/events");
  await ad.getByRole("link", { name: "Nieuwe bijeenkomst" }).click();
  await ad.waitForURL(/\/events\/new$/);
  const form = ad.getByTestId("event-form");
  // An empty form is refused in Dutch, next to the fields.
  await form.getByRole("button", { name: "Opslaan" }).click();
  await expect(form.getByText("Geef een titel van 3 tot 160 tekens.")).toBeVisible();
  await expectAccessible(ad);
  await form.getByLabel("Soort", { exact: true }).selectOption({ label: "Informatiesessie" });
  await form.getByLabel("Titel").fill(title);
  await form.getByLabel("Beschrijving").fill("Vragen over de aansluiting op Mitz, met het programmabureau.");
  await form.getByLabel("Begin (Nederlandse tijd)").fill(ahead(40, "14:00"));
  await form.getByLabel("Einde (Nederlandse tijd)").fill(ahead(40, "15:30"));
  await form.getByLabel("Plaats", { exact: true }).fill("Jaarbeurs, Utrecht");
  await form.getByLabel("Maximum aantal deelnemers").fill("1");
  await form.getByRole("checkbox", { name: "Projectleider instelling" }).check();
  // Every audience control has a name of its own (the role "Leverancier" is not the vendor filter).
  await expect(form.getByRole("combobox", { name: "Doelgroep: leverancier" })).toHaveCount(1);
  await expect(form.getByRole("checkbox", { name: "Leverancier", exact: true })).toHaveCount(1);
  await form.getByRole("button", { name: "Opslaan" }).click();
  await ad.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  const url = new URL(ad.url()).pathname;
  await expect(ad.locator("main h1")).toHaveText(title);
  await expect(ad.getByTestId("event-seats")).toHaveText("0 van 1 bezet");

  // 2. Editor A registers: the seat.
  const a = await as(USERS.editor);
  await a.goto("/events");
  await a.getByRole("link", { name: title }).click();
  await a.waitForURL(new RegExp(`${url}$`));
  await a.getByRole("button", { name: "Aanmelden" }).click();
  await expect(a.getByTestId("my-registration")).toHaveText("U bent aangemeld.");

  // 3. Editor B registers: the event is full, so the waiting list.
  const b = await as(USERS.otherEditor);
  await b.goto(url);
  await expect(b.getByTestId("event-seats")).toHaveText("1 van 1 bezet");
  await b.getByRole("button", { name: "Aanmelden" }).click();
  await expect(b.getByTestId("my-registration")).toHaveText("U staat op de wachtlijst, plaats 1. U schuift vanzelf door als er een plaats vrijkomt.");
  await expect(b.getByRole("button", { name: "Van de wachtlijst af" })).toBeVisible();
  await expectAccessible(b);

  // 4. A cancels (after confirming); B moves up.
  a.once("dialog", (d) => void d.accept());
  await a.getByRole("button", { name: "Afmelden" }).click();
  await expect(a.getByTestId("my-registration")).toHaveText("U bent niet aangemeld.");
  await b.reload();
  await expect(b.getByTestId("my-registration")).toHaveText("U bent aangemeld.");

  // 5. B hears of it: the notification in the bell's list leads to the event.
  await b.goto("/notifications?show=unread");
  await expect(b.getByTestId("notification-bell")).toHaveAccessibleName(/^Meldingen, \d+ ongelezen$/);
  const note = b.getByTestId("notification").filter({ hasText: `Er is een plaats vrijgekomen: u bent nu aangemeld voor „${title}”` });
  await expect(note).toHaveCount(1);
  await note.getByRole("link").click();
  await b.waitForURL(new RegExp(`${url}$`));

  // 6. The calendar file.
  const ics = await b.request.get(`${url}/calendar.ics`);
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(ics.headers()["content-disposition"]).toMatch(/^attachment; filename="bijeenkomst-\d{4}-\d{2}-\d{2}\.ics"/);
  const calendar = await ics.text();
  expect(calendar).toContain("BEGIN:VEVENT");
  expect(calendar).toContain(`SUMMARY:${title}`);
  expect(calendar).toContain("STATUS:CONFIRMED");

  // 7. The organiser sees the list and downloads it as CSV.
  await ad.reload();
  const attendees = ad.getByTestId("attendees");
  await expect(attendees.locator("tbody tr")).toHaveCount(2);
  await expect(attendees.locator("tr", { hasText: USERS.otherEditor.name })).toContainText("Aangemeld");
  await expect(attendees.locator("tr", { hasText: USERS.editor.name })).toContainText("Afgemeld");
  const [download] = await Promise.all([ad.waitForEvent("download"), ad.getByRole("link", { name: "Deelnemerslijst downloaden (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^deelnemers-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("\uFEFFnaam;e-mail;instelling;status;plaats_wachtlijst;aangemeld_op;doorgeschoven_op;afgemeld_op");
  expect(csv).toContain(`${USERS.otherEditor.name};${USERS.otherEditor.email};`);
  expect(csv).toMatch(new RegExp(`${USERS.editor.email};[^\\r\\n]*;afgemeld;`));
  await expectAccessible(ad);
  await ad.screenshot({ path: "test-results/event-organiser.png", fullPage: true });
  await b.goto("/events");
  await b.screenshot({ path: "test-results/events-list.png", fullPage: true });
  // Someone outside the programme office gets no attendee list.
  expect((await b.request.get(`${url}/attendees.csv`, { maxRedirects: 0 })).status()).toBe(403);
});

test("a working group: the organiser adds a document, a member downloads it", async ({ as }) => {
  test.setTimeout(180_000);
  const title = `Werkgroep koppelvlakken ${stamp}`;
  const ad = await as(USERS.admin);
  await ad.goto("/events/new");
  const form = ad.getByTestId("event-form");
  await form.getByLabel("Soort", { exact: true }).selectOption({ label: "Werkgroep" });
  await form.getByLabel("Titel").fill(title);
  await form.getByLabel("Beschrijving").fill("Afspraken over de koppelvlakken van de gateways.");
  await form.getByLabel("Begin (Nederlandse tijd)").fill(ahead(45, "10:00"));
  await form.getByLabel("Einde (Nederlandse tijd)").fill(ahead(45, "12:00"));
  await form.getByLabel("Deelnamelink").fill("https://vergadering.example/koppelvlakken");
  await form.getByRole("checkbox", { name: "Projectleider instelling" }).check();
  await form.getByRole("button", { name: "Opslaan" }).click();
  await ad.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  const url = new URL(ad.url()).pathname;

  // The organiser adds the agenda; a file that is not a PDF or image is refused in Dutch.
  const upload = ad.getByTestId("document-form");
  await upload.getByLabel("Titel").fill("Agenda");
  await upload.getByLabel(/^Bestand/).setInputFiles({ name: "agenda.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ dit is geen pdf") });
  await upload.getByRole("button", { name: "Toevoegen" }).click();
  await expect(upload.getByRole("alert").first()).toBeVisible();
  await upload.getByLabel(/^Bestand/).setInputFiles({ name: "agenda.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% agenda\n") });
  await upload.getByRole("button", { name: "Toevoegen" }).click();
  await expect(upload.getByRole("status")).toHaveText("Het document is toegevoegd.");
  await expect(ad.getByTestId("documents")).toContainText("Agenda");
  await expectAccessible(ad);

  // A member joins and downloads it.
  const a = await as(USERS.editor);
  await a.goto(url);
  await a.getByRole("button", { name: "Aanmelden" }).click();
  await expect(a.getByTestId("my-registration")).toHaveText("U bent aangemeld.");
  await expect(a.getByTestId("members")).toContainText(USERS.editor.name);
  await a.setViewportSize({ width: 320, height: 800 });
  await a.screenshot({ path: "test-results/working-group-320.png", fullPage: true });
  const href = await a.getByTestId("documents").getByRole("link").first().getAttribute("href");
  const file = await a.request.get(href!);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect((await file.body()).subarray(0, 5).toString()).toBe("%PDF-");
  // The vendor editor is not in the audience: the event and its document are not found.
  const v = await as(USERS.vendor);
  expect((await v.goto(url))?.status()).toBe(404);
  expect((await v.request.get(href!)).status()).toBe(404);
});
