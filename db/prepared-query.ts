/**
 * drizzle queries built once per database handle.
 *
 * drizzle turns a query builder into SQL text on every run: for a select with a joined table's
 * columns that is 60–140 µs (measured: the session lookup, which every signed-in request makes,
 * takes 140 µs to build and 130 µs to run on PGlite), and an institution page runs twenty such
 * queries. A query whose shape does not depend on its arguments is built once with
 * `sql.placeholder(name)` for its values and `.prepare(name)`, and then only its values are
 * filled in per run. That is the whole difference: the SQL, the parameters' order and the
 * result mapping are the same as the builder's own execute (drizzle's execute prepares and runs).
 *
 * The built query belongs to one database handle (it holds the handle's client), so it is kept
 * per handle: the server's one handle, each test database, each transaction (a transaction gets
 * its own, built on first use and dropped with it).
 *
 * A placeholder's value goes to the driver as given: drizzle maps inline values through their
 * column (a Date to an ISO string for a timestamp) but not placeholder values, and the
 * postgres.js driver is set up to take timestamps as strings. Give timestamps as ISO strings.
 *
 * Only for fixed shapes: a query whose columns, joins or conditions vary with its arguments
 * (filters, a caller's scope) keeps building per run, or gets one prepared query per variant.
 */
import type { Executor } from "@/db/client";

type Prepared = { execute(values?: Record<string, unknown>): Promise<unknown> };

export function preparedQuery<Q extends Prepared>(build: (db: Executor) => Q): (db: Executor) => Q {
  const byHandle = new WeakMap<Executor, Q>();
  return (db) => {
    let q = byHandle.get(db);
    if (!q) {
      q = build(db);
      byHandle.set(db, q);
    }
    return q;
  };
}
