/** The certificate list's filters from a query string: unknown values are dropped, not trusted. */
import { CERTIFICATE_EXPIRY_WINDOWS, CERTIFICATE_SORTS, type CertificateListFilter } from "@/lib/checker/queries";
import { VENDOR_CODES } from "@/lib/domain/vendors";

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function get(p: Params, k: string, max = 100): string {
  const v = p instanceof URLSearchParams ? p.get(k) : p[k];
  return typeof v === "string" ? v.slice(0, max) : "";
}
const oneOf = <T extends string>(v: string, list: readonly T[]): T | undefined => ((list as readonly string[]).includes(v) ? (v as T) : undefined);

export function parseCertificateFilter(p: Params): CertificateListFilter {
  const ura = get(p, "ura");
  return {
    q: get(p, "q") || undefined,
    expires: oneOf(get(p, "expires"), CERTIFICATE_EXPIRY_WINDOWS),
    ura: ura === "match" || ura === "mismatch" ? ura : undefined,
    // An issuer DN can be long; it is matched exactly, so an unknown one simply finds nothing.
    issuer: get(p, "issuer", 500) || undefined,
    vendor: oneOf(get(p, "vendor"), VENDOR_CODES),
    sort: oneOf(get(p, "sort"), CERTIFICATE_SORTS),
    dir: get(p, "dir") === "desc" ? "desc" : undefined,
    page: Number(get(p, "page")) || 1,
  };
}

/** The query string for a filter (sort and page included), for links and the export. */
export function certificateFilterQuery(f: CertificateListFilter, overrides: Partial<CertificateListFilter> = {}) {
  const m = { ...f, ...overrides };
  const entries: [string, string][] = [];
  for (const k of ["q", "expires", "ura", "issuer", "vendor", "sort", "dir"] as const) {
    const v = m[k];
    if (v) entries.push([k, String(v)]);
  }
  if (m.page && m.page > 1) entries.push(["page", String(m.page)]);
  return new URLSearchParams(entries).toString();
}
