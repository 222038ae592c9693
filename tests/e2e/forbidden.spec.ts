import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "@/db/seed/demo-users";
import { expectAccessible, signIn } from "./support";

const editor = DEMO_USERS.find((u) => u.email === "projectleider@duo-demo.test")!;
const otherEditor = DEMO_USERS.find((u) => u.email === "projectleider2@duo-demo.test")!;
const viewer = DEMO_USERS.find((u) => u.role === "programme_viewer")!;

test("signed-out visitors are sent to the login page", async ({ page }) => {
  for (const path of ["/dashboard", "/institutions", "/admin/users", "/admin/audit", "/account"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login/);
  }
});

test("an institution editor is refused programme and admin pages with a 403", async ({ page }) => {
  await signIn(page, editor.email, editor.password);
  for (const path of ["/dashboard", "/admin/users", "/admin/audit"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.locator("main h1")).toHaveText("Geen toegang");
    await expect(page.getByRole("link", { name: "Naar de startpagina" })).toBeVisible();
  }
  await expectAccessible(page);
});

test("an editor cannot open another institution: it looks like it does not exist", async ({ page, browser }) => {
  // Find the other editor's institution id by signing in as them.
  const other = await browser.newPage();
  await signIn(other, otherEditor.email, otherEditor.password);
  await other.goto("/institutions");
  await other.locator("main table tbody a").first().click();
  await other.waitForURL(/\/institutions\/[0-9a-f-]{36}$/);
  const otherUrl = new URL(other.url()).pathname;
  await other.close();

  await signIn(page, editor.email, editor.password);
  const res = await page.goto(otherUrl);
  expect(res?.status()).toBe(404);
  await expect(page.locator("main h1")).toHaveText("Niet gevonden");
  await expectAccessible(page);
});

test("a programme viewer cannot manage users", async ({ page }) => {
  await signIn(page, viewer.email, viewer.password);
  const res = await page.goto("/admin/users");
  expect(res?.status()).toBe(403);
});

test("an unknown page gets the friendly not-found page", async ({ page }) => {
  await signIn(page, viewer.email, viewer.password);
  const res = await page.goto("/bestaat-niet");
  expect(res?.status()).toBe(404);
  await expect(page.locator("main h1")).toHaveText("Niet gevonden");
  await expectAccessible(page);
});

test("a tampered session cookie counts as signed out", async ({ page, context }) => {
  await signIn(page, viewer.email, viewer.password);
  // Leave the portal first, so no request still in flight can set a fresh cookie afterwards.
  await page.goto("about:blank");
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
