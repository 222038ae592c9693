/**
 * Rows of another table as one column of a query: a json_agg subquery, `[]` when it finds
 * nothing, decoded whichever driver reads it (both parse json; one that hands back text is
 * parsed here). Saves a round trip per list a page shows beside its main row.
 */
import { sql, type SQL } from "drizzle-orm";

export const jsonArray = <T>(aggregate: SQL) => sql<T[]>`coalesce((${aggregate}), '[]'::json)`.mapWith((v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as T[]);
