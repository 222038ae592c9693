import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { defineConfig, type Project } from "@playwright/test";
import { E2E_SESSION_IDLE_MINUTES } from "./tests/e2e/settings";
import { TS_LOADER } from "./scripts/support/memory";

/**
 * End-to-end tests in Debian's Chromium against the production server (scripts/start.ts
 * --no-build, so `npm test` builds once). tests/run.ts sets E2E_PGLITE_DIR or E2E_DATABASE_URL
 * to a fresh database for each run:
 *   Postgres: the whole suite;
 *   PGlite:   `--grep @core`, the main journeys once.
 * The "setup" project signs every demo user in once (tests/e2e/auth.setup.ts); every spec
 * project depends on it, and a dependency runs whatever --grep says.
 *
 * Specs do not depend on each other or on their order, so they may run on several workers
 * (E2E_WORKERS, 1 by default: on two cores a second worker gains nothing). E2E_ORDER=reverse
 * runs the spec files in reverse file order (one project per file, each depending on the one
 * before) to show it.
 */
const PORT = Number(process.env.E2E_PORT || 3100);
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT || 2526);
const databaseUrl = process.env.E2E_DATABASE_URL || "";
const pgliteDir = process.env.E2E_PGLITE_DIR || path.join(__dirname, "tests", ".tmp", "e2e-pglite-manual");

const TEST_DIR = path.join(__dirname, "tests", "e2e");
const setup: Project = { name: "setup", testMatch: /auth\.setup\.ts$/ };

function specProjects(): Project[] {
  const order = process.env.E2E_ORDER || "";
  if (order === "") return [{ name: "e2e", testMatch: /.*\.spec\.ts$/, dependencies: ["setup"] }];
  if (order !== "reverse") throw new Error(`E2E_ORDER=${order}: only "reverse" is known`);
  const files = readdirSync(TEST_DIR)
    .filter((f) => f.endsWith(".spec.ts"))
    .sort()
    .reverse();
  // One project per file, chained: each runs only after the one before it (in reversed order).
  return files.map((file, i) => ({
    name: file.replace(/\.spec\.ts$/, ""),
    testMatch: new RegExp(`(^|/)${file.replace(/\./g, "\\.")}$`),
    dependencies: [i === 0 ? "setup" : files[i - 1].replace(/\.spec\.ts$/, "")],
  }));
}

export default defineConfig({
  testDir: "tests/e2e",
  projects: [setup, ...specProjects()],
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS || 1),
  retries: 0,
  // Generous: CI shares 2 cores between the server, Postgres and Chromium.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  // Per port: tests/run.ts runs the Postgres and the PGlite suites at once, and Playwright empties
  // its output folder when a run starts.
  outputDir: path.join("test-results", String(PORT)),
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "nl-NL",
    launchOptions: {
      // tests/run.ts passes the headless shell when it is installed (README, Tests).
      executablePath: process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium-headless-shell") ? "/usr/bin/chromium-headless-shell" : "/usr/bin/chromium"),
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
    trace: "off",
  },
  webServer: {
    // Loaded as `npm start` loads it (scripts/support/memory.ts).
    command: `node ${TS_LOADER} scripts/start.ts --no-build`,
    url: `http://localhost:${PORT}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      PGLITE_DIR: pgliteDir,
      AUTH_SECRET: "e2e-only-secret-not-for-production-0123456789",
      APP_URL: `http://localhost:${PORT}`,
      SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "5",
      // Test-only: cheap password hashes (the seeded demo users' included); see tests/run.ts.
      PASSWORD_HASH_COST: process.env.PASSWORD_HASH_COST || "4",
      LOGIN_MAX_FAILURES_PER_IP: "1000",
      // The outbox every 2 s instead of 30: specs that wait for a mail or a webhook wait less.
      CHECKER_DELIVERY_TICK_SECONDS: "2",
      SESSION_IDLE_MINUTES: String(E2E_SESSION_IDLE_MINUTES),
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
