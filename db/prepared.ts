/**
 * Named (prepared) statements for drizzle's queries on postgres.js.
 *
 * drizzle hands postgres.js every query with `prepare: false` unless the query was given a name,
 * and postgres.js runs an unnamed query with parameters in two round trips: Parse + Describe to
 * learn the parameters' types, then Bind + Execute. A named statement is kept per connection
 * after its first run, so every later run of the same text is one round trip and Postgres does
 * not parse it again. Counted on the institution list: five socket writes to the database per
 * request became three (a loopback write wakes the database process on the same cores, so each
 * one saved is CPU for both sides).
 *
 * Bounds: only queries with 1..PREPARE_MAX_PARAMS parameters are named (a set-based import's
 * insert with thousands of parameters stays unnamed: a one-off text would only take memory on
 * both sides), and postgres.js drops a connection's statements with the connection (its
 * max_lifetime recycles connections every 30–60 minutes). A statement whose plan a migration
 * invalidated is re-prepared by postgres.js itself. Behind PgBouncer in transaction mode, named
 * statements need PgBouncer 1.21 or later with max_prepared_statements set (README, deployment).
 */
import type postgres from "postgres";

export const PREPARE_MAX_PARAMS = 100;

type AnySql = postgres.Sql<Record<string, never>>;
type Unsafe = (query: string, ...rest: unknown[]) => unknown;
type Scoped = (...args: unknown[]) => Promise<unknown>;

/** Whether a query with `args` runs as a named statement. */
export function shouldPrepare(args: unknown): boolean {
  return Array.isArray(args) && args.length > 0 && args.length <= PREPARE_MAX_PARAMS;
}

/** Makes `sql.unsafe` (drizzle's entry) name its statements, in transactions and savepoints too. */
export function preparedByDefault<S extends AnySql>(sql: S): S {
  patchUnsafe(sql);
  const target = sql as unknown as { begin: Scoped };
  const begin = target.begin.bind(sql);
  target.begin = (...args: unknown[]) => begin(...wrapLast(args));
  return sql;
}

function patchUnsafe(sql: AnySql) {
  const target = sql as unknown as { unsafe: Unsafe };
  const unsafe = target.unsafe;
  // postgres.js also takes (query, options): the arguments pass through as given unless named.
  target.unsafe = (query, ...rest) => (shouldPrepare(rest[0]) ? unsafe(query, rest[0], { ...(rest[1] as object | undefined), prepare: true }) : unsafe(query, ...rest));
}

/** The scope function (begin's or savepoint's last argument) gets a patched transaction `sql`. */
function wrapLast(args: unknown[]): unknown[] {
  const fn = args[args.length - 1];
  if (typeof fn !== "function") return args;
  return [...args.slice(0, -1), (tx: AnySql) => (fn as (tx: AnySql) => unknown)(patchScope(tx))];
}

function patchScope(tx: AnySql): AnySql {
  patchUnsafe(tx);
  const target = tx as unknown as { savepoint?: Scoped };
  const savepoint = target.savepoint;
  if (savepoint) target.savepoint = (...args: unknown[]) => savepoint(...wrapLast(args));
  return tx;
}
