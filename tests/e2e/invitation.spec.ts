import { SIGNED_OUT, USERS, completeTwoFactorEnrolment, expect, expectAccessible, inviteUser, signIn, test, waitForMail } from "./support";

const RESET_LINK = /http:\/\/localhost:\d+\/reset-password\/[A-Za-z0-9_-]{43}/;

test("an admin invites a security officer, who sets a password once and signs in", async ({ as }) => {
  const email = `fg-${Date.now()}@zorg-demo.test`;
  const page = await as(USERS.admin);
  await page.goto("/admin/users");

  const form = page.locator("form", { has: page.getByRole("button", { name: "Uitnodiging versturen" }) });
  // Missing institution: refused with a message at the field, nothing sent.
  await form.getByLabel("E-mailadres").fill(email);
  await form.getByLabel("Rol").selectOption({ label: "CISO / FG" });
  await form.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(form.getByText("Kies de instelling voor deze rol.")).toBeVisible();

  await form.getByLabel("Instelling").selectOption({ index: 3 });
  const institutionLabel = await form.getByLabel("Instelling").locator("option:checked").textContent();
  await form.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(page.locator("main [role=status]")).toContainText(`Uitnodiging verstuurd naar ${email}`);
  await expect(page.getByRole("table").first()).toContainText(email);

  const mail = await waitForMail(email);
  expect(mail.subject).toBe("Uitnodiging voor het DUO-portaal");
  const link = /http:\/\/localhost:\d+\/accept-invite\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
  expect(link, mail.text).toBeTruthy();

  // The invitee, in a browser of their own.
  const invitee = await as(null);
  await invitee.goto(link!);
  await expect(invitee.locator("main h1")).toHaveText("Uitnodiging accepteren");
  await expect(invitee.locator("main")).toContainText("CISO / FG");
  await expectAccessible(invitee);

  await invitee.getByLabel("Uw naam").fill("Ærin Ødegaard");
  await invitee.getByLabel("Nieuw wachtwoord").fill("welkom123");
  await invitee.getByLabel("Herhaal het wachtwoord").fill("welkom123");
  await invitee.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(invitee.locator("#password-error")).toBeVisible();

  const strong = "Regenboog-Tijdlijn-Vlinder-42";
  await invitee.getByLabel("Nieuw wachtwoord").fill(strong);
  await invitee.getByLabel("Herhaal het wachtwoord").fill(strong);
  await invitee.getByRole("button", { name: "Account aanmaken" }).click();
  await invitee.waitForURL(/\/login\?invited=1/);
  await expect(invitee.locator("main [role=status]")).toContainText("Uw account is klaar");

  await signIn(invitee, email, strong);
  // A security officer must set up two-step verification before anything else.
  await expect(invitee).toHaveURL(/\/two-factor\/setup$/);
  await completeTwoFactorEnrolment(invitee, email);
  await invitee.getByRole("link", { name: "Ik heb de codes bewaard" }).click();
  // One institution: the CISO lands on its page, not on a one-row register.
  await expect(invitee).toHaveURL(/\/institutions\/[0-9a-f-]{36}$/);
  await expect(invitee.locator("main h1")).toContainText(institutionLabel!.replace(/ \(\d{8}\)$/, ""));

  // The link works once.
  await invitee.goto(link!);
  await expect(invitee.locator("main [role=alert]")).toHaveText("Deze uitnodiging is al gebruikt. Log in met uw account.");

  // The admin sees it all in the audit log.
  await page.goto("/admin/audit?action=invitation.accept");
  await expect(page.locator("main table")).toContainText("Uitnodiging aanvaard");
  await expect(page.locator("main table")).toContainText(email);
  await page.goto("/admin/audit");
  await page.getByLabel("Actie").selectOption("invitation.create");
  await page.getByRole("button", { name: "Toepassen" }).click();
  await expect(page.locator("main table")).toContainText(USERS.admin.email);
});

test.describe("signed out", () => {
  test.use(SIGNED_OUT);

  test("a made-up invitation link is refused with a clear message", async ({ page }) => {
    await page.goto("/accept-invite/" + "x".repeat(43));
    await expect(page.locator("main [role=alert]")).toContainText("Deze uitnodigingslink is ongeldig");
  });

  test("forgot password: the same answer for known and unknown addresses, and the link works", async ({ page, browser }) => {
    // A password reset ends every session of the account: an account of this test's own.
    const user = await inviteUser(browser, { prefix: "reset", name: "Rik Reset", role: "programme_viewer" });
    for (const email of ["onbekend@duo-demo.test", user.email]) {
      await page.goto("/forgot-password");
      await page.getByLabel("E-mailadres").fill(email);
      await page.getByRole("button", { name: "Stuur link" }).click();
      await expect(page.locator("main [role=status]")).toContainText("Als dit e-mailadres bij een account hoort");
    }
    await expect.poll(async () => (await waitForMail(user.email)).subject).toBe("Nieuw wachtwoord instellen voor het DUO-portaal");
    const link = RESET_LINK.exec((await waitForMail(user.email)).text)?.[0];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await expectAccessible(page);
    const next = "Nieuwe-Voortgang-Lezen-2027";
    await page.getByLabel("Nieuw wachtwoord").fill(next);
    await page.getByLabel("Herhaal het wachtwoord").fill(next);
    await page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
    await page.waitForURL(/\/login\?reset=1/);
    // The old password no longer works, the new one does.
    await page.getByLabel("E-mailadres").fill(user.email);
    await page.getByLabel("Wachtwoord", { exact: true }).fill(user.password);
    await page.locator("main").getByRole("button", { name: "Inloggen" }).click();
    await expect(page.locator("main [role=alert]")).toHaveText("Het e-mailadres of wachtwoord is onjuist.");
    await signIn(page, user.email, next);
    await expect(page).toHaveURL(/\/dashboard$/);
    // The link works once.
    await page.goto(link!);
    await expect(page.locator("main [role=alert]")).toHaveText("Deze link is al gebruikt. Vraag zo nodig een nieuwe link aan.");
  });
});
