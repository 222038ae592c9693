/**
 * The pieces every long list shares (the institution register, certificates, endpoints,
 * financing): a labelled filter select and the pager. Plain GET forms and links, rendered on the
 * server, so filters, sorting and paging work without JavaScript and every state has a URL.
 */
import Link from "next/link";

export { FilterSelect } from "./filter-select";

/** Previous / "page x of y" / next; `href(n)` builds the link to page n with the current filters. */
export function Pager({ page, pages, href, labels }: { page: number; pages: number; href: (page: number) => string; labels: { page: string; prev: string; next: string } }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={labels.page}>
      {page > 1 && <Link href={href(page - 1)}>{labels.prev}</Link>}
      <span>{labels.page}</span>
      {page < pages && <Link href={href(page + 1)}>{labels.next}</Link>}
    </nav>
  );
}
