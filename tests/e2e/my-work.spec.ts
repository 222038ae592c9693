/**
 * "My work" on each role's home page (issue 18 §5): what to do now, first. The reviewer starts
 * with the oldest report, the editor with the next step of the own institution, the vendor with
 * its gateways; the viewer's home stays the dashboard without it.
 */
import { USERS, expect, expectAccessible, test } from "./support";

test("each role's home page starts with its own work, and its buttons lead to it", async ({ as }) => {
  const admin = await as(USERS.admin);
  await admin.goto("/");
  const work = admin.getByTestId("my-work");
  await expect(work.getByRole("heading", { name: "Mijn werk", level: 2 })).toBeVisible();
  await expect(work.getByRole("heading", { level: 3 }).first()).toContainText("op verificatie");
  const oldest = await work.locator("ol li a").first().getAttribute("href");
  await work.getByRole("link", { name: "Begin met de oudste" }).click();
  await expect(admin).toHaveURL(new RegExp(`${oldest}$`));
  await admin.goBack();
  await expectAccessible(admin);

  const editor = await as(USERS.editor);
  await editor.goto("/");
  const mine = editor.getByTestId("my-work");
  await expect(mine.getByRole("heading", { name: "Wat nu?", level: 3 })).toBeVisible();
  // The demo home institution has a step to report: the button names it and opens its page.
  const step = mine.locator("a.button").first();
  await expect(step).toHaveText(/melden$/);
  await step.click();
  await expect(editor).toHaveURL(/\/institutions\/[0-9a-f-]{36}\/steps\/[a-z_0-9]+$/);
  await editor.goBack();
  await expectAccessible(editor);

  const ciso = await as(USERS.ciso);
  await ciso.goto("/");
  await expect(ciso.getByTestId("my-work").getByRole("heading", { name: "Mijn werk", level: 2 })).toBeVisible();
  await expectAccessible(ciso);

  const vendor = await as(USERS.vendor);
  await vendor.goto("/");
  await expect(vendor.getByTestId("my-work").getByRole("heading", { name: "Mijn werk", level: 2 })).toBeVisible();
  await expectAccessible(vendor);

  const viewer = await as(USERS.viewer);
  await viewer.goto("/");
  await expect(viewer).toHaveURL(/\/dashboard$/);
  await expect(viewer.getByTestId("my-work")).toHaveCount(0);
});
