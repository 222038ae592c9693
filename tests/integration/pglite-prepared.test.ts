/**
 * db/pglite-prepared.ts: drizzle's parameterised queries on PGlite run as named statements —
 * parsed once, then one call per run — and answer exactly as PGlite's own query() does: the same
 * values of every type, the same errors, the same transactions. A statement a schema change made
 * unusable is prepared again; the number kept is bounded. PGlite runs in this process, so the
 * file opens its own in-memory PGlite whatever TEST_DB says.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { PGlite, protocol } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { preparedPglite, readAnswer } from "@/db/pglite-prepared";
import { PREPARE_MAX_PARAMS } from "@/db/prepared";

let h: DbHandle;
let pg: PGlite;
before(async () => {
  h = openDatabase({ kind: "pglite-memory" });
  pg = (h.db as unknown as { $client: PGlite }).$client;
  await pg.exec(`
    create table sample (
      id int primary key, label text not null unique, at timestamptz, day date, doc jsonb, ok boolean,
      tags text[], amount numeric(10, 2), big bigint, note text
    );
    insert into sample values
      (1, 'een', '2026-12-07T10:15:00Z', '2026-12-07', '{"a": [1, 2]}', true, '{x,y}', 12.50, 9007199254740993, null),
      (2, 'twee', null, null, null, false, '{}', null, null, 'n');
  `);
});
after(async () => {
  await h?.close();
});

/** Statements this PGlite holds that the wrapper named (PGlite's own path never names one). */
async function namedStatements(db: PGlite): Promise<string[]> {
  const res = await db.query<{ statement: string }>("select statement from pg_prepared_statements where name like 'duo\\_%' order by statement");
  return res.rows.map((r) => r.statement);
}

/** PGlite's own path for the same text: a fresh, unwrapped instance would need the data, so call the prototype's query. */
function ownQuery<T>(text: string, params: unknown[], options?: Parameters<PGlite["query"]>[2]) {
  return PGlite.prototype.query.call(pg, text, params, options) as Promise<{ rows: T[]; fields: unknown[]; affectedRows?: number }>;
}

test("a parameterised query is prepared once and answers as PGlite's own query() does, for every type", async () => {
  const text = "select id, label, at, day, doc, ok, tags, amount, big, note from sample where id = any($1::int[]) or label = $2 order by id";
  const params = [[1, 2], "none"];
  for (const rowMode of ["object", "array"] as const) {
    const named = await pg.query(text, params, { rowMode });
    const again = await pg.query(text, params, { rowMode });
    const own = await ownQuery(text, params, { rowMode });
    assert.deepEqual(named.rows, own.rows, rowMode);
    assert.deepEqual(again.rows, own.rows, rowMode);
    assert.deepEqual(named.fields, own.fields, rowMode);
  }
  assert.deepEqual(await namedStatements(pg), [text], "one named statement for the text, reused");
  // Parameters of every kind are serialised by their types: a Date, an object for jsonb, a boolean, null, an array.
  const write = "insert into sample (id, label, at, day, doc, ok, tags, amount, big, note) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *";
  const values = [3, "drie", new Date("2026-01-02T03:04:05.678Z"), "2026-01-02", { b: { c: "é" } }, true, ["p", "q r"], "7.25", "123", null];
  const inserted = await pg.query(write, values);
  assert.equal(inserted.affectedRows, 1);
  const [row] = (await ownQuery<Record<string, unknown>>("select * from sample where id = $1", [3])).rows;
  assert.deepEqual(inserted.rows, [row]);
  assert.deepEqual(row.doc, { b: { c: "é" } });
  assert.deepEqual(row.tags, ["p", "q r"]);
  assert.equal((row.at as Date).toISOString(), "2026-01-02T03:04:05.678Z");
  const updated = await pg.query("update sample set note = $1 where id >= $2", ["bijgewerkt", 2]);
  assert.equal(updated.affectedRows, 2);
  assert.deepEqual(updated.rows, []);
});

test("queries without parameters run unnamed in one call; more parameters than the bound take PGlite's own path", async () => {
  const before = await namedStatements(pg);
  const text = "select id, label, doc, tags from sample order by id";
  for (const rowMode of ["object", "array"] as const) {
    const once = await pg.query(text, [], { rowMode });
    const own = await ownQuery(text, [], { rowMode });
    assert.deepEqual(once.rows, own.rows);
    assert.deepEqual(once.fields, own.fields);
  }
  // Statements that are not queries, and errors with the query attached as PGlite does.
  await pg.query("create table scratch (n int)");
  assert.equal((await pg.query("insert into scratch values (1), (2)")).affectedRows, 2);
  await assert.rejects(pg.query("selec 1"), (e: { code?: string; query?: string }) => e.code === "42601" && e.query === "selec 1");
  await pg.query("drop table scratch");
  const many = Array.from({ length: PREPARE_MAX_PARAMS + 1 }, (_, i) => i);
  const res = await pg.query(`select count(*)::int as n from sample where id in (${many.map((_, i) => `$${i + 1}`).join(", ")})`, many);
  assert.deepEqual(res.rows, [{ n: 3 }]);
  assert.deepEqual(await namedStatements(pg), before, "neither is kept as a named statement");
});

test("answers are read without PGlite's reader: large answers in several pieces, texts in any script, empty strings and nulls; notices and errors go to PGlite's parser", async () => {
  // ~4.8 MB: it leaves the WASM module in hundreds of pieces.
  const big = "select n, repeat('ü€𝄞', n % 50) as text, case when n % 3 = 0 then '' end as empty, case when n % 5 = 0 then null else n::text end as maybe from generate_series(1, $1::int) n";
  for (const rowMode of ["object", "array"] as const) {
    const mine = await pg.query(big, [20_000], { rowMode });
    const own = await ownQuery(big, [20_000], { rowMode });
    assert.equal(mine.rows.length, 20_000);
    assert.deepEqual(mine.rows, own.rows, rowMode);
    assert.deepEqual(mine.fields, own.fields, rowMode);
  }
  // A notice on both paths (unnamed: "does not exist, skipping"; named: raised by a function):
  // the query answers as PGlite's own does.
  assert.deepEqual((await pg.query("drop table if exists no_such_table")).affectedRows, 0);
  await pg.query("create function noisy(n int) returns int language plpgsql as $$ begin raise notice 'n is %', n; return n; end $$");
  const noisy = "select noisy($1::int) as n";
  assert.deepEqual((await pg.query(noisy, [7])).rows, [{ n: 7 }]);
  assert.deepEqual((await pg.query(noisy, [7])).rows, (await ownQuery(noisy, [7])).rows);
  assert.equal(readAnswer(await pg.execProtocolRaw(protocol.serialize.query("select noisy(1)"), { syncToFs: false })), null, "the answer with the notice is handed on");
  await pg.query("drop function noisy(int)");
  // The reader itself: a plain answer is read, one with a notice or an error is handed on.
  const raw = async (text: string) => pg.execProtocolRaw(protocol.serialize.query(text), { syncToFs: false });
  assert.ok(readAnswer(await raw("select 1 as one")));
  assert.equal(readAnswer(await raw("drop table if exists no_such_table")), null);
  assert.equal(readAnswer(await raw("select * from no_such_table")), null);
  await assert.rejects(pg.query("select * from sample where id = $1 and no_such_column = 1", [1]), (e: { code?: string; query?: string }) => e.code === "42703" && /no_such_column/.test(e.query ?? ""));
  await assert.rejects(pg.query("insert into sample (id, label) values ($1, $2)", [1, "dubbel"]), (e: { code?: string; constraint?: string }) => e.code === "23505" && e.constraint === "sample_pkey");
});

test("the caller's parsers take precedence over PGlite's, on both paths, and do not leak into other queries", async () => {
  const asText = { parsers: { 23: (v: string) => `int:${v}`, 3802: (v: string) => v } };
  assert.deepEqual((await pg.query("select id, doc from sample where id = $1", [1], asText)).rows, [{ id: "int:1", doc: '{"a": [1, 2]}' }]);
  assert.deepEqual((await pg.query("select id from sample where id = 1", [], asText)).rows, [{ id: "int:1" }]);
  assert.deepEqual((await pg.query("select id, doc from sample where id = $1", [1])).rows, [{ id: 1, doc: { a: [1, 2] } }]);
});

test("drizzle through the wrapper: selects, a transaction that commits, one that rolls back, a savepoint", async () => {
  const byLabel = (label: string) => h.db.execute(sql`select id from sample where label = ${label}`);
  const rows = (r: unknown) => (r as { rows: unknown[] }).rows;
  assert.deepEqual(rows(await byLabel("een")), [{ id: 1 }]);
  await h.db.transaction(async (tx) => {
    await tx.execute(sql`insert into sample (id, label) values (${10}, ${"tien"})`);
    const inner = await tx.transaction(async (sp) => rows(await sp.execute(sql`select id from sample where label = ${"tien"}`)));
    assert.deepEqual(inner, [{ id: 10 }]);
  });
  assert.deepEqual(rows(await byLabel("tien")), [{ id: 10 }]);
  // A unique violation inside a transaction: the error is PGlite's (code, the query attached) and nothing of the transaction stays.
  const err = await h.db
    .transaction(async (tx) => {
      await tx.execute(sql`insert into sample (id, label) values (${11}, ${"elf"})`);
      await tx.execute(sql`insert into sample (id, label) values (${12}, ${"elf"})`);
    })
    .then(
      () => null,
      (e: unknown) => e as { cause?: { code?: string; query?: string } },
    );
  assert.equal(err?.cause?.code, "23505");
  assert.match(err?.cause?.query ?? "", /insert into sample/);
  assert.deepEqual(rows(await byLabel("elf")), []);
  // A rolled-back savepoint leaves the transaction usable.
  const after = await h.db.transaction(async (tx) => {
    await assert.rejects(tx.transaction(async (sp) => sp.execute(sql`select ${1}::int / ${0}::int`)));
    return rows(await tx.execute(sql`select id from sample where label = ${"een"}`));
  });
  assert.deepEqual(after, [{ id: 1 }]);
  // The same text inside and outside a transaction is one statement.
  const count = (await namedStatements(pg)).filter((s) => s === "select id from sample where label = $1").length;
  assert.equal(count, 1);
});

test("a statement a schema change made unusable is prepared again (outside a transaction: the query still answers)", async () => {
  const db = await PGlite.create();
  try {
    preparedPglite(db);
    await db.exec("create table t (id int primary key, a text); insert into t values (1, 'x')");
    const text = "select * from t where id = $1";
    assert.deepEqual((await db.query(text, [1])).rows, [{ id: 1, a: "x" }]);
    await db.exec("alter table t add column b int default 7");
    // In a transaction the stale statement fails (the transaction is aborted, no retry is possible) …
    await assert.rejects(
      db.transaction((tx) => tx.query(text, [1])),
      (e: { code?: string }) => e.code === "0A000",
    );
    // … and is forgotten: the next run prepares it again.
    assert.deepEqual((await db.query(text, [1])).rows, [{ id: 1, a: "x", b: 7 }]);
    await db.exec("alter table t drop column a");
    // Outside a transaction it is prepared again and run once more.
    assert.deepEqual((await db.query(text, [1])).rows, [{ id: 1, b: 7 }]);
    // Someone else deallocated everything: prepared again.
    await db.exec("deallocate all");
    assert.deepEqual((await db.query(text, [1])).rows, [{ id: 1, b: 7 }]);
  } finally {
    await db.close();
  }
});

test("at most maxStatements texts are kept; the least recently used is closed", async () => {
  const db = await PGlite.create();
  try {
    const prepared = preparedPglite(db, { maxStatements: 3 });
    const q = (n: number) => `select $1::int + ${n} as v`;
    for (const n of [1, 2, 3]) assert.deepEqual((await db.query(q(n), [10])).rows, [{ v: 10 + n }]);
    // Using 1 again makes 2 the least recently used.
    await db.query(q(1), [0]);
    for (const n of [4, 5]) await db.query(q(n), [10]);
    assert.deepEqual(prepared.statements(), [q(1), q(4), q(5)]);
    assert.deepEqual((await namedStatements(db)).sort(), [q(1), q(4), q(5)].sort(), "the evicted statements were closed on the server");
    // An evicted text is simply prepared again.
    assert.deepEqual((await db.query(q(2), [1])).rows, [{ v: 3 }]);
  } finally {
    await db.close();
  }
});
