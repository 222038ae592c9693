/**
 * Issue 18 §1 and §2: the notification centre and announcements, end to end.
 *
 * On data of its own: a rehabilitation centre in Zeeland (Alphatron) created here, with an
 * institution editor invited for it. The editor reports a step, a reviewer rejects it; the editor
 * sees the bell's count and the notification, gets the e-mail (real SMTP), follows it (it becomes read). A programme admin
 * publishes an announcement to a narrow audience (institution editors of Alphatron
 * rehabilitation centres in Zeeland not yet connected to Mitz): the editor sees it on their home
 * page and marks it read, the demo editor of another institution does not see it, and the admin
 * sees it opened.
 */
import { USERS, expect, expectAccessible, inviteUser, reflowProblems, signIn, test, waitForMail } from "./support";

const todayAmsterdam = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date());

test("a rejection reaches the editor's bell and is read once followed; an announcement reaches exactly its audience", async ({ browser, as }) => {
  test.setTimeout(330_000);
  const stamp = Date.now().toString(36);
  const name = `Revalidatie Meldingen ${stamp}`;
  const ura = `97${String(Date.now() % 1_000_000).padStart(6, "0")}`;
  const reason = `Het contract met de leverancier ontbreekt (${stamp}).`;

  // 0. A programme admin registers the institution.
  const ad = await as(USERS.admin);
  await ad.goto("/admin/institutions/new");
  await ad.locator("#name").fill(name);
  await ad.locator("#kind").selectOption("rehab");
  await ad.locator("#ura").fill(ura);
  await ad.locator("#city").fill("Middelburg");
  await ad.locator("#province").selectOption("NL-ZE");
  await ad.locator("#vendor").selectOption("alphatron");
  await ad.getByRole("button", { name: "Opslaan" }).click();
  await ad.waitForURL(/\/institutions\/[0-9a-f-]{36}$/);
  const institutionId = /\/institutions\/([0-9a-f-]{36})$/.exec(ad.url())![1];

  const editor = await inviteUser(browser, { prefix: "pl-meldingen", name: "Mila Melding", role: "institution_editor", institution: { name, ura } });
  const ed = await as(null);
  await signIn(ed, editor.email, editor.password);
  await expect(ed.getByTestId("notification-bell")).toHaveAccessibleName("Meldingen");

  // 1. The editor reports "Leverancier gekozen"; a reviewer rejects it with a reason.
  await ed.goto(`/institutions/${institutionId}/steps/vendor_chosen`);
  await ed.getByLabel("Datum waarop de stap is afgerond").fill(todayAmsterdam());
  await ed.getByRole("button", { name: "Indienen ter verificatie" }).click();
  await expect(ed.locator("main [role=status]")).toContainText("De melding is ingediend");

  const rv = await as(USERS.reviewer);
  await rv.goto(`/institutions/${institutionId}/steps/vendor_chosen`);
  await rv.getByLabel("Reden (de instelling ziet deze tekst)").fill(reason);
  await rv.getByRole("button", { name: "Afwijzen" }).click();
  await expect(rv.locator("main [role=status]")).toContainText("afgewezen");

  // 2. The editor's bell counts it; the list shows it unread, with its text and time.
  await ed.goto(`/institutions/${institutionId}`);
  const bell = ed.getByRole("link", { name: "Meldingen, 1 ongelezen" });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(ed.locator("main h1")).toHaveText("Meldingen");
  const item = ed.getByTestId("notification").filter({ hasText: reason });
  await expect(item).toContainText(`De melding „Leverancier gekozen” van ${name} is afgewezen. Reden: ${reason}`);
  await expect(item).toContainText("Ongelezen");
  await expect(item.locator("time")).toHaveText(/^\d{1,2} [a-z]{3}\.? \d{4}( om|,) \d{2}:\d{2}$/);
  await expectAccessible(ed);
  await ed.screenshot({ path: "test-results/notifications-list.png", fullPage: true });
  await ed.setViewportSize({ width: 320, height: 720 });
  expect(await reflowProblems(ed)).toEqual([]);
  await ed.screenshot({ path: "test-results/notifications-list-320.png", fullPage: true });
  await ed.setViewportSize({ width: 1280, height: 720 });

  // 2b. … and by e-mail, immediately by default: through the outbox to the run's real SMTP server, in Dutch, with the reason and a link.
  const mail = await waitForMail(editor.email, 75_000, (m) => m.text.includes(reason));
  expect(mail.subject).toContain(name);
  expect(mail.text).toContain(`De melding „Leverancier gekozen” van ${name} is afgewezen. Reden: ${reason}`);
  expect(mail.text).toMatch(/Bekijken: http:\/\/localhost:\d+\//);
  expect(mail.text).toContain("/account/notifications");

  // 3. Following it opens the step and marks it read.
  await item.getByRole("link", { name: /afgewezen/ }).click();
  await ed.waitForURL(new RegExp(`/institutions/${institutionId}/steps/vendor_chosen$`));
  await expect(ed.locator("main")).toContainText(reason);
  await expect(ed.getByTestId("notification-bell")).toHaveAccessibleName("Meldingen");
  await ed.goto("/notifications?show=read");
  const read = ed.getByTestId("notification").filter({ hasText: reason });
  await expect(read).toContainText("Gelezen");
  // Unread again, then "alles gelezen".
  await read.getByRole("button", { name: /^Markeer als ongelezen/ }).click();
  await expect(ed.getByTestId("notification-bell")).toHaveAccessibleName("Meldingen, 1 ongelezen");
  await ed.goto("/notifications?show=unread");
  await ed.getByRole("button", { name: "Alles als gelezen markeren" }).click();
  await expect(ed.getByText("Geen meldingen.")).toBeVisible();
  await expect(ed.getByTestId("notification-bell")).toHaveAccessibleName("Meldingen");

  // 4. An announcement to a narrow audience: its size first, then publish.
  const title = `Mitz-spreekuur voor revalidatiecentra ${stamp}`;
  await ad.goto("/announcements");
  const form = ad.locator("main form");
  await form.getByLabel("Titel").fill(title);
  await form.getByLabel("Tekst").fill("Donderdag beantwoorden wij vragen over de aansluiting op Mitz.");
  await form.getByRole("button", { name: "Publiceren" }).click();
  await expect(form.getByText("Kies minstens één rol.", { exact: true })).toBeVisible();
  await form.getByLabel("Projectleider instelling").check();
  await form.getByRole("combobox", { name: "Leverancier van de instelling" }).selectOption("alphatron");
  await form.getByRole("combobox", { name: "Soort instelling", exact: true }).selectOption("rehab");
  await form.getByRole("combobox", { name: "Provincie", exact: true }).selectOption("NL-ZE");
  await form.getByRole("combobox", { name: "Randvoorwaarde nog niet voldaan", exact: true }).selectOption("mitz_connected");
  await form.getByRole("button", { name: "Doelgroep tellen" }).click();
  await expect(form.getByRole("status")).toHaveText(/^Deze doelgroep bereikt nu \d+ perso(on|nen)\.$/);
  await ad.screenshot({ path: "test-results/announcements-form.png", fullPage: true });
  await form.getByRole("button", { name: "Publiceren" }).click();
  await expect(form.getByRole("status")).toContainText("Het bericht is gepubliceerd voor");
  const row = ad.getByTestId("announcement-table").locator("tr", { hasText: title });
  await expect(row).toContainText(/0 van \d+ \(0%\)/);
  const recipients = Number(await row.locator("td").nth(3).textContent());
  expect(recipients).toBeGreaterThanOrEqual(1);

  // 5. The member sees it on their home page (their institution) and in the bell, until read.
  await ed.goto("/");
  await ed.waitForURL(new RegExp(`/institutions/${institutionId}$`));
  const panel = ed.getByTestId("announcements-panel");
  await expect(panel).toContainText(title);
  await expect(ed.getByTestId("notification-bell")).toHaveAccessibleName("Meldingen, 1 ongelezen");
  await expectAccessible(ed);
  await ed.screenshot({ path: "test-results/announcement-home.png", fullPage: true });
  await panel.getByRole("button", { name: `Markeer als gelezen: ${title}` }).click();
  await expect(ed.getByText(title)).toHaveCount(0);
  await expect(ed.getByTestId("notification-bell")).toHaveAccessibleName("Meldingen");

  // 6. A non-member (the demo editor of another institution) does not see it, neither at home nor in the bell's list.
  const other = await as(USERS.editor);
  await other.goto("/");
  await expect(other.locator("main h1")).toBeVisible();
  await expect(other.getByText(title)).toHaveCount(0);
  await other.goto("/notifications");
  await expect(other.getByText(title)).toHaveCount(0);

  // 7. The admin sees it opened.
  await ad.reload();
  await expect(ad.getByTestId("announcement-table").locator("tr", { hasText: title })).toContainText(`1 van ${recipients}`);
});
