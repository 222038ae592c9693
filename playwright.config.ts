import { defineConfig } from "@playwright/test";
import path from "node:path";

/**
 * End-to-end tests in Debian's Chromium against the production server (scripts/start.ts
 * --no-build, so `npm test` builds once). tests/run.ts sets E2E_PGLITE_DIR or E2E_DATABASE_URL
 * to a fresh database for each run.
 */
const PORT = Number(process.env.E2E_PORT || 3100);
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT || 2526);
const databaseUrl = process.env.E2E_DATABASE_URL || "";
const pgliteDir = process.env.E2E_PGLITE_DIR || path.join(__dirname, "tests", ".tmp", "e2e-pglite-manual");

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: /.*\.spec\.ts/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous: CI shares 2 cores between the server, Postgres and Chromium.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "nl-NL",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
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
    command: `node ${path.join("node_modules", "tsx", "dist", "cli.mjs")} scripts/start.ts --no-build`,
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
      LOGIN_MAX_FAILURES_PER_IP: "1000",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
