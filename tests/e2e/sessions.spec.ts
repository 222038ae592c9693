import { E2E_SESSION_IDLE_MINUTES as IDLE } from "./settings";
import { SIGNED_OUT, USERS, expect, expectAccessible, signIn, test } from "./support";

// Not an admin or security officer: their sign-in asks for a second factor. Every session this
// file ends is one it made itself, through the form; the editor's stored session is not touched.
const USER = USERS.editor;
test.use(SIGNED_OUT);
// The second browser introduces itself differently, so its row is recognisable in the list.
const EDGE_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86";

test("one user in two browsers: both sessions listed, the first signs out the second, which lands on the login page with the reason", async ({ page, browser, baseURL }) => {
  await signIn(page, USER.email, USER.password);
  const other = await browser.newContext({ baseURL, locale: "nl-NL", userAgent: EDGE_WINDOWS });
  const second = await other.newPage();
  try {
    await signIn(second, USER.email, USER.password);

    // The second browser sees itself marked as "dit apparaat".
    await second.goto("/account");
    const secondList = second.getByRole("region", { name: "Actieve sessies" });
    await expect(secondList.getByRole("row").filter({ hasText: "dit apparaat" })).toContainText("Edge op Windows");

    // The first browser sees both: itself (Chrome op Linux, no button) and the Edge session with its own button.
    await page.goto("/account");
    const list = page.getByRole("region", { name: "Actieve sessies" });
    await expect(list.getByRole("heading", { level: 2 })).toHaveText("Actieve sessies");
    const mine = list.getByRole("row").filter({ hasText: "dit apparaat" });
    await expect(mine).toContainText("Chrome op Linux");
    await expect(mine).toContainText("zojuist");
    await expect(mine.getByRole("button")).toHaveCount(0);
    const edgeRow = list.getByRole("row").filter({ hasText: "Edge op Windows" });
    await expect(edgeRow).toHaveCount(1);
    expect(await list.getByRole("row").count()).toBeGreaterThanOrEqual(3); // header + at least these two
    await expectAccessible(page);

    // The status route answers without counting as activity, for the idle warning.
    const status = await page.request.get("/api/session");
    expect(status.status()).toBe(200);
    const body = (await status.json()) as { idleMinutes: number; idleSecondsLeft: number };
    expect(body.idleMinutes).toBe(IDLE);
    expect(body.idleSecondsLeft).toBeGreaterThan((IDLE - 5) * 60);
    expect(body.idleSecondsLeft).toBeLessThanOrEqual(IDLE * 60);

    await edgeRow.getByRole("button", { name: /^Uitloggen: Edge op Windows, / }).click();
    await expect(page.getByRole("status").filter({ hasText: "De sessie op Edge op Windows" })).toContainText("is beëindigd");
    await expect(list.getByRole("row").filter({ hasText: "Edge op Windows" })).toHaveCount(0);
    await expect(mine).toBeVisible();

    // The second browser's next request: the login page, with the Dutch explanation.
    await second.goto("/institutions");
    await expect(second).toHaveURL(/\/login\?reason=revoked$/);
    await expect(second.getByRole("status")).toHaveText("Deze sessie is beëindigd. Log opnieuw in om verder te gaan.");
    await expectAccessible(second);
    const ended = await second.request.get("/api/session");
    expect(ended.status()).toBe(401);
    expect(((await ended.json()) as { reason: string }).reason).toBe("revoked");

    // The first browser carries on.
    await page.goto("/institutions");
    await expect(page).toHaveURL(/\/institutions$/);
  } finally {
    await other.close();
  }
});

test("the login page explains an idle sign-out in Dutch", async ({ page }) => {
  await page.goto("/login?reason=idle");
  await expect(page.getByRole("status")).toHaveText(`U bent automatisch uitgelogd na ${IDLE} minuten zonder activiteit.`);
  await expectAccessible(page);
  await page.goto("/login?reason=<script>");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen");
  await expect(page.getByRole("status")).toHaveCount(0);
});

test("signing out ends the session's row: it is no longer listed in the other browser", async ({ page, browser, baseURL }) => {
  await signIn(page, USER.email, USER.password);
  const other = await browser.newContext({ baseURL, locale: "nl-NL", userAgent: EDGE_WINDOWS });
  const second = await other.newPage();
  try {
    await signIn(second, USER.email, USER.password);
    await page.goto("/account");
    const rows = page.getByRole("region", { name: "Actieve sessies" }).getByRole("row").filter({ hasText: "Edge op Windows" });
    await expect(rows).toHaveCount(1);
    await second.getByRole("button", { name: "Uitloggen", exact: true }).click();
    await second.waitForURL(/\/login/);
    await page.reload();
    await expect(rows).toHaveCount(0);
  } finally {
    await other.close();
  }
});
