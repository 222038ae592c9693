/** db/prepared.ts: which queries postgres.js runs as named statements, in and out of transactions. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type postgres from "postgres";
import { PREPARE_MAX_PARAMS, preparedByDefault, shouldPrepare } from "@/db/prepared";

test("shouldPrepare: queries with 1..PREPARE_MAX_PARAMS parameters are named", () => {
  const cases: [unknown, boolean][] = [
    [undefined, false],
    [[], false],
    [["a"], true],
    [Array.from({ length: PREPARE_MAX_PARAMS }, (_, i) => i), true],
    [Array.from({ length: PREPARE_MAX_PARAMS + 1 }, (_, i) => i), false],
    // postgres.js also accepts unsafe(query, options)
    [{ prepare: false }, false],
  ];
  for (const [args, expected] of cases) assert.equal(shouldPrepare(args), expected, JSON.stringify(args)?.slice(0, 40));
});

type Call = { query: string; rest: unknown[] };

/** A stand-in for postgres.js's sql: records unsafe calls; begin and savepoint run their scope. */
function fakeSql(calls: Call[]) {
  const make = (): Record<string, unknown> => {
    const sql: Record<string, unknown> = {};
    sql.unsafe = (query: string, ...rest: unknown[]) => {
      calls.push({ query, rest });
      return "result";
    };
    sql.savepoint = async (...args: unknown[]) => (args[args.length - 1] as (tx: unknown) => unknown)(make());
    return sql;
  };
  const root = make();
  delete root.savepoint;
  root.begin = async (...args: unknown[]) => (args[args.length - 1] as (tx: unknown) => unknown)(make());
  return root as unknown as postgres.Sql<Record<string, never>>;
}

test("preparedByDefault names drizzle's parameterised queries and leaves the rest as they were", () => {
  const calls: Call[] = [];
  const sql = preparedByDefault(fakeSql(calls));
  const unsafe = sql.unsafe as unknown as (q: string, ...rest: unknown[]) => unknown;
  assert.equal(unsafe("select $1", [1], { prepare: false }), "result");
  unsafe("select $1", [1]);
  unsafe("select 1", [], { prepare: false });
  unsafe("select 1");
  unsafe("select 1", { simple: true });
  const many = Array.from({ length: PREPARE_MAX_PARAMS + 1 }, (_, i) => i);
  unsafe("insert …", many, { prepare: false });
  assert.deepEqual(
    calls.map((c) => c.rest),
    [[[1], { prepare: true }], [[1], { prepare: true }], [[], { prepare: false }], [], [{ simple: true }], [many, { prepare: false }]],
  );
});

test("preparedByDefault reaches into transactions and their savepoints", async () => {
  const calls: Call[] = [];
  const sql = preparedByDefault(fakeSql(calls)) as unknown as { begin: (...a: unknown[]) => Promise<unknown> };
  const seen = await sql.begin("isolation level serializable", async (tx: { unsafe: (...a: unknown[]) => unknown; savepoint: (...a: unknown[]) => Promise<unknown> }) => {
    tx.unsafe("select $1", ["in tx"], { prepare: false });
    return tx.savepoint("sp", async (inner: { unsafe: (...a: unknown[]) => unknown }) => {
      inner.unsafe("select $1", ["in savepoint"], { prepare: false });
      return "done";
    });
  });
  assert.equal(seen, "done");
  assert.deepEqual(
    calls.map((c) => c.rest),
    [
      [["in tx"], { prepare: true }],
      [["in savepoint"], { prepare: true }],
    ],
  );
});
