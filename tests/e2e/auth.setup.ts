/**
 * The setup project (playwright.config.ts): every demo user signs in ONCE, through the real login
 * form (with a TOTP code for the accounts that need one), and the session is stored under
 * tests/.tmp/auth-<port>/ for the specs (`test.use(signedInAs(USERS.viewer))`, `pageAs`).
 *
 * The sessions are real server-side sessions (user_sessions, `sid` in the cookie): no spec may
 * sign out, end, disable or otherwise invalidate one of them (see signedInAs in support.ts).
 */
import { mkdirSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { DEMO_USERS } from "@/db/seed/demo-users";
import { AUTH_DIR, SIGNED_OUT, signIn, stateFor } from "./support";

setup.use(SIGNED_OUT);

for (const user of DEMO_USERS) {
  setup(`sign in once as ${user.email} (${user.role}) and store the session`, async ({ page }) => {
    await signIn(page, user.email, user.password);
    // A session the portal accepts: the header names the user.
    await expect(page.locator("header")).toContainText(user.name);
    mkdirSync(AUTH_DIR, { recursive: true });
    await page.context().storageState({ path: stateFor(user.email) });
  });
}
