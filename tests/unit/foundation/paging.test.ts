/** pageWithTotal (lib/paging.ts): one query per page with its window count; past the end, the last page. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pageWithTotal } from "@/lib/paging";

/** A list of `n` rows as the database would page it, recording each call. */
function source(n: number) {
  const calls: string[] = [];
  const all = Array.from({ length: n }, (_, i) => ({ id: i + 1 }));
  return {
    calls,
    fetch: async (limit: number, offset: number) => {
      calls.push(`fetch ${limit} ${offset}`);
      return all.slice(offset, offset + limit).map((r) => ({ ...r, total: n }));
    },
    count: async () => {
      calls.push("count");
      return n;
    },
  };
}

const cases: { name: string; n: number; page?: number; pageSize: number; want: { ids: number[]; total: number; page: number; pages: number }; calls: string[] }[] = [
  { name: "first page: one query", n: 60, pageSize: 25, want: { ids: [1, 25], total: 60, page: 1, pages: 3 }, calls: ["fetch 25 0"] },
  { name: "last, partial page", n: 60, page: 3, pageSize: 25, want: { ids: [51, 60], total: 60, page: 3, pages: 3 }, calls: ["fetch 25 50"] },
  { name: "past the end: count, then the last page", n: 60, page: 9, pageSize: 25, want: { ids: [51, 60], total: 60, page: 3, pages: 3 }, calls: ["fetch 25 200", "count", "fetch 25 50"] },
  { name: "nothing matches on page 1: no count", n: 0, pageSize: 25, want: { ids: [], total: 0, page: 1, pages: 1 }, calls: ["fetch 25 0"] },
  { name: "nothing matches on a later page: count, no second fetch", n: 0, page: 4, pageSize: 25, want: { ids: [], total: 0, page: 1, pages: 1 }, calls: ["fetch 25 75", "count"] },
  { name: "page 0, negative or fractional is page 1", n: 10, page: -2, pageSize: 5, want: { ids: [1, 5], total: 10, page: 1, pages: 2 }, calls: ["fetch 5 0"] },
  { name: "an exact multiple has no empty last page", n: 50, page: 2, pageSize: 25, want: { ids: [26, 50], total: 50, page: 2, pages: 2 }, calls: ["fetch 25 25"] },
];

for (const c of cases) {
  test(`pageWithTotal: ${c.name}`, async () => {
    const s = source(c.n);
    const res = await pageWithTotal({ page: c.page, pageSize: c.pageSize, fetch: s.fetch, count: s.count });
    const ids = res.rows.map((r) => r.id);
    assert.deepEqual({ ids: ids.length ? [ids[0], ids[ids.length - 1]] : [], total: res.total, page: res.page, pages: res.pages }, c.want);
    assert.equal(res.pageSize, c.pageSize);
    assert.ok(res.rows.every((r) => !("total" in r)), "the window count is not handed on as a column");
    assert.deepEqual(s.calls, c.calls);
  });
}
