/**
 * Paged lists: one page and the number of all matching rows in one query. The page's query
 * selects `total: windowTotal` (a window count over the whole filtered set, computed before
 * LIMIT/OFFSET), so a list costs one round trip instead of a count and then the rows. Only a page
 * past the end (an old link, fewer rows now) asks for the count and then shows the last page.
 */
import { sql } from "drizzle-orm";

/** `count(*) over ()`: every row carries the number of rows its query matched before paging. */
export const windowTotal = () => sql<number>`count(*) over ()`.mapWith(Number);

export type Paged<R> = { rows: R[]; total: number; page: number; pages: number; pageSize: number };

export async function pageWithTotal<R extends { total: number }>(opts: {
  page?: number;
  pageSize: number;
  /** The rows of one page, each with `total: windowTotal()`. */
  fetch: (limit: number, offset: number) => Promise<R[]>;
  /** The number of matching rows, for a page past the end. */
  count: () => Promise<number>;
}): Promise<Paged<Omit<R, "total">>> {
  const size = opts.pageSize;
  let page = Math.max(Math.floor(opts.page ?? 1) || 1, 1);
  let found = await opts.fetch(size, (page - 1) * size);
  let total = found[0]?.total ?? 0;
  if (found.length === 0 && page > 1) {
    total = await opts.count();
    page = Math.max(1, Math.ceil(total / size));
    found = total > 0 ? await opts.fetch(size, (page - 1) * size) : [];
  }
  const rows = found.map(({ total: _total, ...row }) => row);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / size)), pageSize: size };
}
