/**
 * The pieces every long list shares (the institution register, certificates, endpoints,
 * financing): a labelled filter select and the pager. Server components, plain GET forms and
 * links, so filters, sorting and paging work without JavaScript and every state has a URL.
 */
import Link from "next/link";

export function FilterSelect({ id, name, label, value, all, options }: { id?: string; name: string; label: string; value?: string; all?: string; options: readonly (readonly [string, string])[] }) {
  const htmlId = `f-${id ?? name}`;
  return (
    <div className="field">
      <label htmlFor={htmlId}>{label}</label>
      <select id={htmlId} name={name} defaultValue={value ?? ""}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

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
