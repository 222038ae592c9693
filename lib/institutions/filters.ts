/** The register's filters from a query string: unknown values are dropped, not trusted. */
import { INSTITUTION_SORTS, type InstitutionListFilter, type InstitutionSort } from "@/lib/institutions/queries";
import { isIsoDate } from "@/lib/domain/dates";
import { PHASE_CODES } from "@/lib/domain/readiness";
import { PRECONDITION_CODES } from "@/lib/domain/steps";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { INSTITUTION_KINDS, PROVINCE_CODES } from "@/lib/validation/identifiers";

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function get(p: Params, k: string): string {
  const v = p instanceof URLSearchParams ? p.get(k) : p[k];
  return typeof v === "string" ? v.slice(0, 100) : "";
}
const oneOf = <T extends string>(v: string, list: readonly T[]): T | undefined => ((list as readonly string[]).includes(v) ? (v as T) : undefined);

export function parseInstitutionFilter(p: Params): InstitutionListFilter {
  const vendor = get(p, "vendor");
  const blocking = get(p, "blocking");
  return {
    q: get(p, "q") || undefined,
    kind: oneOf(get(p, "kind"), INSTITUTION_KINDS),
    province: oneOf(get(p, "province"), PROVINCE_CODES),
    vendor: vendor === "none" ? "none" : oneOf(vendor, VENDOR_CODES),
    // Free text matched exactly (groups are data, not a fixed list); an unknown one finds nothing.
    group: get(p, "group") || undefined,
    phase: oneOf(get(p, "phase"), PHASE_CODES),
    blocking: blocking === "none" ? "none" : oneOf(blocking, PRECONDITION_CODES),
    awaiting: get(p, "awaiting") === "1" || undefined,
    live: get(p, "live") === "1" || undefined,
    met: oneOf(get(p, "met"), PRECONDITION_CODES),
    unmet: oneOf(get(p, "unmet"), PRECONDITION_CODES),
    asOf: isIsoDate(get(p, "asOf")) ? get(p, "asOf") : undefined,
    sort: oneOf<InstitutionSort>(get(p, "sort"), INSTITUTION_SORTS),
    dir: get(p, "dir") === "desc" ? "desc" : undefined,
    page: Number(get(p, "page")) || 1,
  };
}

/** The query string for a filter (page and sort included), for links and the export. */
export function filterQuery(f: InstitutionListFilter, overrides: Partial<InstitutionListFilter> = {}) {
  const merged = { ...f, ...overrides };
  const entries: [string, string][] = [];
  for (const k of ["q", "kind", "province", "vendor", "group", "phase", "blocking", "met", "unmet", "asOf", "sort", "dir"] as const) {
    const v = merged[k];
    if (v) entries.push([k, String(v)]);
  }
  if (merged.awaiting) entries.push(["awaiting", "1"]);
  if (merged.live) entries.push(["live", "1"]);
  if (merged.page && merged.page > 1) entries.push(["page", String(merged.page)]);
  return new URLSearchParams(entries).toString();
}
