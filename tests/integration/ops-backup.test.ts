/**
 * A backup restored into an empty database gives the same data: every table, row for row.
 * Runs on the embedded database (data folders) or on Postgres (pg_dump/pg_restore into a new
 * database), whichever this run targets.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { BackupError, backupPglite, backupPostgres, restorePglite, restorePostgres } from "@/lib/ops/backup";
import { createPgliteFolder, createPostgresDatabase, testTarget } from "@/tests/helpers/db";

const TABLES = ["institutions", "institution_contacts", "users", "memberships", "audit_events", "onboarding_steps", "onboarding_step_events", "evidence_files", "institution_readiness"];
const rows = (r: unknown): Record<string, unknown>[] => (Array.isArray(r) ? r : ((r as { rows?: Record<string, unknown>[] }).rows ?? []));

async function fingerprint(h: DbHandle) {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    // An order-independent digest of every row of the table.
    const r = rows(await h.db.execute(sql.raw(`select count(*)::int as n, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as d from ${t} x`)));
    out[t] = `${r[0].n}:${r[0].d}`;
  }
  return out;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "duo-backup-test-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe(`backup and restore (${testTarget()})`, () => {
  let original: Record<string, string>;
  let sourceUrl: string | undefined;
  let admin: postgres.Sql | undefined;
  const names: string[] = [];
  const drops: (() => Promise<void>)[] = [];

  before(async () => {
    if (testTarget() === "pglite") {
      const h = await createPgliteFolder(path.join(tmp, "source"), "seeded");
      original = await fingerprint(h);
      await h.close();
    } else {
      admin = postgres(process.env.TEST_PG_URL!, { max: 1, onnotice: () => {} });
      const source = await createPostgresDatabase("seeded");
      drops.push(source.drop);
      sourceUrl = source.url;
      const h = openDatabase({ kind: "postgres", url: sourceUrl, max: 2 });
      original = await fingerprint(h);
      await h.close();
    }
  });
  after(async () => {
    if (admin) {
      for (const n of names) await admin.unsafe(`drop database if exists ${n} with (force)`);
      for (const drop of drops) await drop();
      await admin.end();
    }
  });

  test("a restored backup equals the original, table by table", async () => {
    if (testTarget() === "pglite") {
      const file = path.join(tmp, "backup.tar.gz");
      await backupPglite({ dir: path.join(tmp, "source"), out: file });
      await restorePglite({ file, dir: path.join(tmp, "restored") });
      const h = openDatabase({ kind: "pglite", dir: path.join(tmp, "restored") });
      assert.deepEqual(await fingerprint(h), original);
      await h.close();
    } else {
      const file = path.join(tmp, "backup.dump");
      backupPostgres({ url: sourceUrl!, out: file });
      const name = `duo_restore_${randomBytes(4).toString("hex")}`;
      names.push(name);
      await admin!.unsafe(`create database ${name}`);
      const u = new URL(process.env.TEST_PG_URL!);
      u.pathname = `/${name}`;
      restorePostgres({ file, url: u.toString() });
      const h = openDatabase({ kind: "postgres", url: u.toString(), max: 2 });
      assert.deepEqual(await fingerprint(h), original);
      // The restored audit log is still append-only.
      await assert.rejects(h.db.execute(sql`delete from audit_events`), (e: Error & { cause?: Error }) => /append-only/.test(e.cause?.message ?? e.message));
      await h.close();
    }
  });

  test("restoring into a folder that is not empty is refused", async () => {
    if (testTarget() !== "pglite") return assert.ok(true, "Postgres restores target a new database");
    await assert.rejects(restorePglite({ file: path.join(tmp, "backup.tar.gz"), dir: path.join(tmp, "source") }), BackupError);
  });
});
