import { DEMO_OTHER_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { SIGNED_OUT, USERS, expect, expectAccessible, signedInAs, test } from "./support";

test.describe("signed out", () => {
  test.use(SIGNED_OUT);

  test("signed-out visitors are sent to the login page", async ({ page }) => {
    for (const path of ["/dashboard", "/institutions", "/admin/users", "/admin/audit", "/account"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login/);
    }
  });
});

test.describe("as an institution editor", () => {
  test.use(signedInAs(USERS.editor));

  test("an institution editor is refused programme and admin pages with a 403", async ({ page }) => {
    for (const path of ["/dashboard", "/dashboard/attention", "/dashboard/network", "/admin/users", "/admin/audit"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      await expect(page.locator("main h1")).toHaveText("Geen toegang");
      await expect(page.getByRole("link", { name: "Naar de startpagina" })).toBeVisible();
    }
    await expectAccessible(page);
  });

  test("an editor cannot open another institution: it looks like it does not exist", async ({ page, as }) => {
    // The other institution's id, as its own editor sees it.
    const other = await as(USERS.otherEditor);
    await other.goto("/institutions");
    await other.getByRole("link", { name: DEMO_INSTITUTIONS[DEMO_OTHER_INSTITUTION].name }).click();
    await other.waitForURL(/\/institutions\/[0-9a-f-]{36}$/);
    const otherUrl = new URL(other.url()).pathname;

    const res = await page.goto(otherUrl);
    expect(res?.status()).toBe(404);
    await expect(page.locator("main h1")).toHaveText("Niet gevonden");
    await expectAccessible(page);
  });
});

test.describe("as a programme viewer", () => {
  test.use(signedInAs(USERS.viewer));

  test("a programme viewer cannot manage users", async ({ page }) => {
    const res = await page.goto("/admin/users");
    expect(res?.status()).toBe(403);
  });

  test("an unknown page gets the friendly not-found page", async ({ page }) => {
    const res = await page.goto("/bestaat-niet");
    expect(res?.status()).toBe(404);
    await expect(page.locator("main h1")).toHaveText("Niet gevonden");
    await expectAccessible(page);
  });

  test("a tampered session cookie counts as signed out", async ({ page, context }) => {
    // The stored session's cookie, changed in this context only: the session itself stays valid.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name.includes("authjs.session-token"));
    expect(session).toBeTruthy();
    const v = session!.value;
    const flipped = v.slice(0, 100) + (v[100] === "A" ? "B" : "A") + v.slice(101);
    await context.clearCookies();
    await context.addCookies([{ ...session!, value: flipped }]);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login/);
  });
});
