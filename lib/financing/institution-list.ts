/**
 * The financing page's per-institution table: filter, sort and the totals of what is shown.
 * Pure. Eligibility is computed by the rule engine per institution (lib/domain/financing), so for
 * ~130 institutions the list is filtered here rather than in SQL; the figures stay those of the
 * overview the page already computed.
 */
import { ELIGIBILITY_STATUSES, type EligibilityStatus } from "@/lib/domain/financing";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import type { InstitutionFinancingRow } from "@/lib/financing/summary";

export const FINANCING_LIST_SORTS = ["name", "vendor", "status", "committed", "forecast", "planned"] as const;
export type FinancingListSort = (typeof FINANCING_LIST_SORTS)[number];

export type FinancingListFilter = {
  q?: string;
  /** A vendor code, or "none" for institutions without a vendor. */
  vendor?: string;
  /** The first year's committed status. */
  status?: EligibilityStatus;
  sort?: FinancingListSort;
  dir?: "asc" | "desc";
};

type Params = Record<string, string | string[] | undefined>;
const get = (p: Params, k: string) => (typeof p[k] === "string" ? (p[k] as string).slice(0, 100) : "");
const oneOf = <T extends string>(v: string, list: readonly T[]): T | undefined => ((list as readonly string[]).includes(v) ? (v as T) : undefined);

export function parseFinancingListFilter(p: Params): FinancingListFilter {
  const vendor = get(p, "vendor");
  return {
    q: get(p, "q").trim() || undefined,
    vendor: vendor === "none" ? "none" : oneOf(vendor, VENDOR_CODES),
    status: oneOf(get(p, "status"), ELIGIBILITY_STATUSES),
    sort: oneOf(get(p, "sort"), FINANCING_LIST_SORTS),
    dir: get(p, "dir") === "desc" ? "desc" : undefined,
  };
}

const STATUS_RANK = Object.fromEntries(ELIGIBILITY_STATUSES.map((s, i) => [s, i])) as Record<EligibilityStatus, number>;

/** The rows that match, in the chosen order (ties by name), and the sums of each year's figures over them. */
export function financingList(rows: readonly InstitutionFinancingRow[], years: readonly number[], f: FinancingListFilter) {
  const [first] = years;
  const q = f.q?.toLocaleLowerCase("nl");
  const shown = rows.filter(
    (r) =>
      (!q || r.name.toLocaleLowerCase("nl").includes(q)) &&
      (!f.vendor || (f.vendor === "none" ? r.vendor === null : r.vendor === f.vendor)) &&
      (!f.status || r.committed[first]?.status === f.status),
  );
  const byName = (a: InstitutionFinancingRow, b: InstitutionFinancingRow) => a.name.localeCompare(b.name, "nl");
  const key = (r: InstitutionFinancingRow): string | number => {
    switch (f.sort) {
      case "vendor":
        // Vendor order as everywhere (VENDOR_CODES); no vendor last.
        return r.vendor ? VENDOR_CODES.indexOf(r.vendor) : VENDOR_CODES.length;
      case "status":
        return STATUS_RANK[r.committed[first].status];
      case "committed":
        return r.committed[first].totalCents;
      case "forecast":
        return r.forecast[first].totalCents;
      case "planned":
        return r.planned ? r.planned.date : "9999-99-99";
      default:
        return "";
    }
  };
  const sign = f.dir === "desc" ? -1 : 1;
  const sorted = [...shown].sort((a, b) => {
    if (!f.sort || f.sort === "name") return sign * byName(a, b);
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === "number" && typeof kb === "number" ? ka - kb : String(ka).localeCompare(String(kb));
    return c !== 0 ? sign * c : byName(a, b);
  });
  const totals = Object.fromEntries(
    years.map((y) => [y, { committedCents: shown.reduce((n, r) => n + r.committed[y].totalCents, 0), forecastCents: shown.reduce((n, r) => n + r.forecast[y].totalCents, 0) }]),
  ) as Record<number, { committedCents: number; forecastCents: number }>;
  return { rows: sorted, totals, total: rows.length };
}
