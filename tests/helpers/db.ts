/**
 * A fresh, migrated database per test file: an in-memory PGlite (TEST_DB=pglite, the default)
 * or a new database on the Postgres at TEST_PG_URL (TEST_DB=postgres), dropped afterwards.
 * Refuses to create or drop databases on anything but a local server.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migrateDatabase, openDatabase, setDbHandleForTests, type DbHandle } from "@/db/client";

// Second-factor secrets are sealed with a key derived from AUTH_SECRET (the demo seed, enrolment):
// tests get a fixed one unless the environment brings its own.
process.env.AUTH_SECRET ||= "integration-only-secret-0123456789-abcdef";

export type TestDb = DbHandle & { url?: string; dispose: () => Promise<void> };

export function testTarget(): "pglite" | "postgres" {
  return process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
}

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host) && process.env.TEST_ALLOW_REMOTE_DB !== "1") {
    throw new Error(`Refusing to create test databases on ${host}: tests only touch a local Postgres (set TEST_ALLOW_REMOTE_DB=1 to override).`);
  }
}

export async function createTestDb(opts: { install?: boolean } = {}): Promise<TestDb> {
  let handle: TestDb;
  if (testTarget() === "pglite") {
    const h = openDatabase({ kind: "pglite-memory" });
    await migrateDatabase(h);
    handle = { ...h, dispose: () => h.close() };
  } else {
    const adminUrl = process.env.TEST_PG_URL;
    if (!adminUrl) throw new Error("TEST_DB=postgres needs TEST_PG_URL (tests/run.ts sets it)");
    assertLocal(adminUrl);
    const name = `duo_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const url = u.toString();
    const h = openDatabase({ kind: "postgres", url, max: 4 });
    await migrateDatabase(h, url);
    handle = {
      ...h,
      url,
      dispose: async () => {
        await h.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end({ timeout: 5 });
      },
    };
  }
  // Code under test that calls getDb() gets this database too.
  if (opts.install !== false) setDbHandleForTests(handle);
  return handle;
}
