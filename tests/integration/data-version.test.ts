/**
 * The programme data's change counter (migration 0022, lib/ops/data-version.ts): every write to a
 * counted table moves it, a write under way makes it step aside for the full fingerprint, and it
 * never mistakes one database for another.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { dataChangeCounter, dataVersion } from "@/lib/ops/data-version";
import { getDashboardDataVersion } from "@/lib/dashboard/queries";
import { getGoLiveDataVersion } from "@/lib/golive/queries";
import { getStatusDataVersion } from "@/lib/status/queries";
import { createTestDb, testTarget, type TestDb } from "@/tests/helpers/db";

const COUNTED = [
  "audit_events",
  "onboarding_step_events",
  "onboarding_steps",
  "institutions",
  "institution_readiness",
  "endpoints",
  "endpoint_versions",
  "go_live_confirmations",
  "go_live_overrides",
  "exchange_volumes",
  "programme_milestones",
  "institution_plan_changes",
  "status_incidents",
  "status_incident_updates",
  "status_maintenance",
];

let t: TestDb;
before(async () => {
  t = await createTestDb({ from: "seeded" });
});
after(async () => {
  await t?.dispose();
});

async function counter() {
  const v = await dataChangeCounter(t.db);
  assert.ok(v, "no write is under way, so the counter answers");
  return v;
}

test("every statement that writes a counted table moves the counter, even one that changes no row", async () => {
  for (const table of COUNTED) {
    const before = await counter();
    // A statement-level trigger fires for every statement; audit_events refuses UPDATE and DELETE
    // per row, so a statement that matches no row is the one write every table accepts.
    await t.db.execute(sql.raw(`delete from ${table} where false`));
    assert.notEqual(await counter(), before, table);
  }
  // A table the pages do not read leaves it alone.
  const before = await counter();
  await t.db.execute(sql`delete from notifications where false`);
  assert.equal(await counter(), before);
});

test("a real write moves the counter and the three page versions", async () => {
  const versions = async () => Promise.all([getDashboardDataVersion(t.db), getGoLiveDataVersion(t.db), getStatusDataVersion(t.db)]);
  const before = await versions();
  assert.deepEqual(await versions(), before, "no write, no change");
  for (const v of before) assert.match(v, /^c:/, "the O(1) counter answered");
  await t.db.execute(sql`update institutions set updated_at = now() where id = (select id from institutions order by ura limit 1)`);
  const afterWrite = await versions();
  for (let i = 0; i < 3; i++) assert.notEqual(afterWrite[i], before[i]);
});

test("while a write is under way the counter steps aside, and answers again once it commits or rolls back", async () => {
  const before = await counter();
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`update institutions set updated_at = now() where id = (select id from institutions order by ura limit 1)`);
    assert.equal(await dataChangeCounter(tx), null, "the writer's own transaction");
    let fingerprinted = 0;
    const v = await dataVersion(tx, async () => {
      fingerprinted++;
      return "fp";
    });
    assert.equal(v, "f:fp");
    assert.equal(fingerprinted, 1);
    if (testTarget() === "postgres") {
      // Another connection, as another request would use, sees the writer too.
      const other = openDatabase({ kind: "postgres", url: t.url!, max: 1 });
      try {
        assert.equal(await dataChangeCounter(other.db), null);
      } finally {
        await other.close();
      }
    }
  });
  const committed = await counter();
  assert.notEqual(committed, before);

  await assert.rejects(
    t.db.transaction(async (tx) => {
      await tx.execute(sql`update institutions set updated_at = now() where id = (select id from institutions order by ura limit 1)`);
      throw new Error("roll back");
    }),
    /roll back/,
  );
  // A rolled-back write may move the counter (sequences are not transactional), never stall it.
  assert.ok(await dataChangeCounter(t.db));
});

test("the counter names its database, so two databases never share a value", async () => {
  const other = await createTestDb({ from: "seeded", install: false });
  try {
    const [a, b] = [await dataChangeCounter(t.db), await dataChangeCounter(other.db)];
    assert.ok(a && b);
    assert.notEqual(a, b);
  } finally {
    await other.dispose();
  }
});
