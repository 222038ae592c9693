/**
 * drizzle's queries run as named statements on Postgres (db/prepared.ts): one round trip per
 * query once a connection has seen its text. The same queries, transactions and savepoints
 * answer the same on both databases; on Postgres the statements are in pg_prepared_statements of
 * the connection that ran them.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { institutions } from "@/db/schema";
import { createTestDb, testTarget, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
before(async () => {
  t = await createTestDb({ from: "seeded" });
});
after(async () => {
  await t?.dispose();
});

async function rowsOf<T>(db: DbHandle["db"], query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

test("a parameterised query, run twice, answers the same; in a transaction and a savepoint too", async () => {
  const [first] = await t.db.select({ id: institutions.id, ura: institutions.ura }).from(institutions).limit(1);
  assert.ok(first, "the seed has institutions");
  const byUra = () => t.db.select({ id: institutions.id }).from(institutions).where(eq(institutions.ura, first.ura));
  assert.deepEqual(await byUra(), [{ id: first.id }]);
  assert.deepEqual(await byUra(), [{ id: first.id }]);

  const inTx = await t.db.transaction(async (tx) => {
    const outer = await tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.ura, first.ura));
    const inner = await tx.transaction(async (sp) => sp.select({ id: institutions.id }).from(institutions).where(eq(institutions.ura, first.ura)));
    return [outer, inner];
  });
  assert.deepEqual(inTx, [[{ id: first.id }], [{ id: first.id }]]);

  // A rolled-back savepoint leaves the transaction usable (the named statements stay valid).
  const afterRollback = await t.db.transaction(async (tx) => {
    await assert.rejects(
      tx.transaction(async (sp) => {
        await sp.execute(sql`select ${1}::int / ${0}::int`);
      }),
    );
    return tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.ura, first.ura));
  });
  assert.deepEqual(afterRollback, [{ id: first.id }]);
});

test("on Postgres the connection keeps drizzle's parameterised queries as named statements", async () => {
  if (testTarget() === "pglite") {
    // PGlite runs in this process: there is no round trip to save, and no postgres.js in between.
    assert.equal(t.kind, "pglite");
    return;
  }
  // One connection, so the statement and the catalogue query meet on the same backend.
  const h = openDatabase({ kind: "postgres", url: t.url!, max: 1 });
  try {
    const marker = "prepared-statements-test";
    for (let i = 0; i < 2; i++) await h.db.select({ id: institutions.id }).from(institutions).where(eq(institutions.name, marker));
    const named = await rowsOf<{ n: number }>(h.db, sql`select count(*)::int as n from pg_prepared_statements where statement like ${'%from "institutions" where "institutions"."name" = $1%'} and not from_sql`);
    assert.equal(named[0].n, 1, "one named statement, reused by the second run");
    // A query with more parameters than the bound stays unnamed.
    const many = Array.from({ length: 101 }, (_, i) => `ura-${i}`);
    await h.db.execute(sql`select count(*) from institutions where ura in (${sql.join(many.map((u) => sql`${u}`), sql`, `)})`);
    const large = await rowsOf<{ n: number }>(h.db, sql`select count(*)::int as n from pg_prepared_statements where statement like ${"%where ura in ($1, $2%"}`);
    assert.equal(large[0].n, 0);
  } finally {
    await h.close();
  }
});
