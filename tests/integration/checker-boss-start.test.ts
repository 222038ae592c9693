/**
 * pg-boss's set-up when several processes start at once (issue 21 §5). On a fresh Postgres
 * database pg-boss creates its schema and a partition per queue on first start; four processes
 * doing that together failed with "deadlock detected" (9 of 20 starts in a local run, and a worker
 * of the scale-out e2e test in CI). startBossOnce takes turns under an advisory lock. On PGlite
 * (one process) the same call starts pg-boss and creates the queues.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { openDatabase, type DbHandle } from "@/db/client";
import { CHECK_QUEUE, EVENT_REMINDER_QUEUE, FREEZE_QUEUE, createBoss, startBossOnce } from "@/lib/checker/service";
import { createTestDb, testTarget, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
before(async () => {
  t = await createTestDb({ from: "migrated" });
});
after(async () => {
  await t?.dispose();
});

async function queuesOf(boss: PgBoss) {
  return Promise.all([CHECK_QUEUE, FREEZE_QUEUE, EVENT_REMINDER_QUEUE].map(async (q) => (await boss.getQueue(q))?.name ?? null));
}

test("processes starting pg-boss at once on a fresh database all start, and the queues exist once", async () => {
  if (testTarget() === "pglite") {
    const boss = createBoss(t);
    try {
      await startBossOnce(t, boss);
      assert.deepEqual(await queuesOf(boss), [CHECK_QUEUE, FREEZE_QUEUE, EVENT_REMINDER_QUEUE]);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    return;
  }
  // Postgres: four "processes", each with its own pool and its own pg-boss, as four `npm start`
  // or `npm run worker` processes have.
  const url = t.url!;
  const handles: DbHandle[] = Array.from({ length: 4 }, () => openDatabase({ kind: "postgres", url }));
  const bosses = handles.map((h) => createBoss(h, url));
  try {
    const started = await Promise.allSettled(handles.map((h, i) => startBossOnce(h, bosses[i])));
    assert.deepEqual(
      started.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason)),
      [],
      "every start succeeds",
    );
    assert.deepEqual(await queuesOf(bosses[0]), [CHECK_QUEUE, FREEZE_QUEUE, EVENT_REMINDER_QUEUE]);
    // One row per queue in pg-boss's own table, whoever created it.
    const rows = (await t.db.execute(sql`select count(*)::int as n from pgboss.queue where name in (${CHECK_QUEUE}, ${FREEZE_QUEUE}, ${EVENT_REMINDER_QUEUE})`)) as unknown as { n: number }[];
    assert.equal(rows[0].n, 3);
  } finally {
    for (const b of bosses) await b.stop({ graceful: false, wait: true }).catch(() => {});
    for (const h of handles) await h.close();
  }
});

test("an error pg-boss reports after stop (a maintenance query cut off by the closed pool) is logged, not thrown", async () => {
  const boss = createBoss(t, t.url);
  await startBossOnce(t, boss);
  await boss.stop({ graceful: false, wait: true });
  // pg-boss's stop() does not wait for a maintenance or monitor query under way; when that query
  // fails on the closed pool, pg-boss emits "error". Without a listener EventEmitter throws it,
  // which crashed a test process on Postgres under load.
  assert.ok(boss.listenerCount("error") >= 1);
  assert.doesNotThrow(() => boss.emit("error", new Error("Cannot use a pool after calling end on the pool")));
});
