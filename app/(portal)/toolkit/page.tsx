import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { listInstitutions } from "@/lib/institutions/queries";
import { can, institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { getTranslations } from "@/lib/i18n/translations";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("toolkit");
  return { title: t("title") };
}

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function ToolkitPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const actor = await requirePagePermission("toolkit.download");
  const [t, ti, th] = await Promise.all([getTranslations("toolkit"), getTranslations("institutions"), getTranslations("home")]);
  const sp = await searchParams;
  const q = one(sp.q).slice(0, 100);
  const page = Number(one(sp.page) || 1) || 1;
  const scope = institutionScope(actor, "toolkit.download");
  // Someone who works for exactly one institution goes straight to its toolkit.
  if (scope.kind === "some" && scope.vendorCodes.length === 0 && scope.institutionIds.length === 1) redirect(`/toolkit/${scope.institutionIds[0]}`);
  const result = await listInstitutions(getDb(), { scope, q, page, pageSize: 25 });
  const href = (p: number) => `/toolkit?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {(can(actor, "toolkit.overview") || can(actor, "toolkit.manage")) && (
        <p className="actions-row">
          {can(actor, "toolkit.overview") && (
            <Link className="button" href="/toolkit/overview">
              {t("overview_link")}
            </Link>
          )}
          {can(actor, "toolkit.manage") && (
            <Link className="button secondary" href="/admin/templates">
              {t("admin_link")}
            </Link>
          )}
        </p>
      )}
      <p>{t("choose_institution")}</p>
      <form className="filters" role="search" method="get" aria-label={t("search")}>
        <div className="field">
          <label htmlFor="tk-q">{t("search")}</label>
          <input id="tk-q" name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <button className="button secondary" type="submit">
          {t("apply")}
        </button>
        <Link href="/toolkit">{t("reset")}</Link>
      </form>
      <p className="muted" role="status">
        {t("shown", { shown: result.rows.length, total: result.total })}
      </p>
      {result.rows.length === 0 ? (
        <p>{t("no_institutions")}</p>
      ) : (
        <ScrollBox label={t("title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("overview_institution")}</th>
                <th scope="col">URA</th>
                <th scope="col">{ti("vendor")}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/toolkit/${r.id}`}>{r.name}</Link>
                    <div className="muted">{r.city}</div>
                  </td>
                  <td>{r.ura}</td>
                  <td>{r.vendorName ?? th("no_vendor")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {result.pages > 1 && (
        <nav className="pager" aria-label={t("page", { page: result.page, pages: result.pages })}>
          {result.page > 1 && <Link href={href(result.page - 1)}>{t("prev")}</Link>}
          <span>{t("page", { page: result.page, pages: result.pages })}</span>
          {result.page < result.pages && <Link href={href(result.page + 1)}>{t("next")}</Link>}
        </nav>
      )}
    </>
  );
}
