/** Settings the e2e server is started with (playwright.config.ts) that specs assert on. */

/**
 * SESSION_IDLE_MINUTES of the e2e server. The sessions auth.setup.ts stores must outlive the
 * longest quiet stretch of a slow run (the default, 30, is cut close on a busy 2-core machine).
 */
export const E2E_SESSION_IDLE_MINUTES = 120;
