import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listInstitutions } from "@/db/queries/institutions";
import { institutionScope, isProgramme } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { format } from "@/lib/i18n/messages";
import { provinceName } from "@/lib/labels";

export const metadata: Metadata = { title: "Instellingen" };

export default async function InstitutionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("institution.list");
  const { t, locale } = await getMessages();
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q : "";
  const page = Number(typeof sp.page === "string" ? sp.page : 1) || 1;
  const result = await listInstitutions(getDb(), { scope: institutionScope(actor, "institution.list"), q, page, pageSize: 25 });
  const all = isProgramme(actor);
  const pageHref = (p: number) => `/institutions?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;

  return (
    <>
      <h1>{all ? t.institutions.title : t.institutions.title_mine}</h1>
      <p className="lead">{all ? t.institutions.intro_all : t.institutions.intro_mine}</p>
      <form className="filters" role="search" method="get">
        <div className="field">
          <label htmlFor="q">{t.institutions.search}</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <button className="button secondary" type="submit">
          {t.institutions.search_submit}
        </button>
      </form>
      <p aria-live="polite">{format(t.institutions.shown, { shown: result.rows.length, total: result.total })}</p>
      {result.rows.length === 0 ? (
        <p>{t.institutions.none}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.institutions.name}</th>
                <th scope="col">{t.institutions.kind}</th>
                <th scope="col">{t.institutions.city}</th>
                <th scope="col">{t.institutions.province}</th>
                <th scope="col">{t.institutions.vendor}</th>
                <th scope="col">{t.institutions.ura}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/institutions/${r.id}`}>{r.name}</Link>
                  </td>
                  <td>{t.kinds[r.kind]}</td>
                  <td>{r.city}</td>
                  <td>{provinceName(r.province, locale)}</td>
                  <td>{r.vendorName ?? t.home.no_vendor}</td>
                  <td>{r.ura}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.pages > 1 && (
        <nav className="pager" aria-label={format(t.institutions.page, { page: result.page, pages: result.pages })}>
          {result.page > 1 && <Link href={pageHref(result.page - 1)}>{t.institutions.prev}</Link>}
          <span>{format(t.institutions.page, { page: result.page, pages: result.pages })}</span>
          {result.page < result.pages && <Link href={pageHref(result.page + 1)}>{t.institutions.next}</Link>}
        </nav>
      )}
    </>
  );
}
