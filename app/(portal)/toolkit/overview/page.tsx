import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { DOCUMENT_TYPES, documentTitle } from "@/lib/pdf";
import type { CapacityStatus } from "@/lib/toolkit/overview";
import { loadToolkitOverview, overviewQuery, parseOverviewFilter } from "@/lib/toolkit/overview-load";
import { fmtDay } from "../_components/format";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("toolkit");
  return { title: t("meta_overview") };
}

export default async function ToolkitOverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const actor = await requirePagePermission("toolkit.overview");
  const [t, locale] = await Promise.all([getTranslations("toolkit"), getLocale()]);
  const sp = await searchParams;
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string") usp.set(k, v);
  const filter = parseOverviewFilter(usp);
  const { rows, total, types, versions } = await loadToolkitOverview(getDb(), { scope: institutionScope(actor, "toolkit.overview"), filter });
  const query = overviewQuery(filter);
  const yesNo = (d: Date | null) => (d ? <span className="tag">{t("overview_yes", { date: fmtDay(d, locale) })}</span> : <span>{t("overview_no")}</span>);
  const count = (r: (typeof rows)[number], pick: (s: { ciso: CapacityStatus; fg: CapacityStatus }) => Date | null) =>
    types.filter((type) => pick(r.documents[type]!)).length;

  return (
    <>
      <h1>{t("overview_title")}</h1>
      <p className="lead">{t("overview_lead")}</p>
      <form className="filters" role="search" method="get" aria-label={t("overview_title")}>
        <div className="field">
          <label htmlFor="ov-q">{t("search")}</label>
          <input id="ov-q" name="q" type="search" defaultValue={filter.q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="ov-doc">{t("overview_document")}</label>
          <select id="ov-doc" name="doc" defaultValue={filter.doc ?? ""}>
            <option value="">{t("overview_all_documents")}</option>
            {DOCUMENT_TYPES.filter((d) => versions.has(d.id)).map((d) => (
              <option key={d.id} value={d.id}>
                {documentTitle(d.id, locale)} ({versions.get(d.id)!.versionLabel})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ov-status">{t("overview_status")}</label>
          <select id="ov-status" name="status" defaultValue={filter.notYet ? "not_yet" : ""}>
            <option value="">{t("overview_status_all")}</option>
            <option value="not_yet">{t("overview_status_not_yet")}</option>
          </select>
        </div>
        <button className="button secondary" type="submit">
          {t("apply")}
        </button>
        <Link href="/toolkit/overview">{t("reset")}</Link>
      </form>
      <p className="actions-row">
        <a className="button secondary" href={`/toolkit/overview/export${query ? `?${query}` : ""}`}>
          {t("overview_export")}
        </a>
        <span className="muted" role="status">
          {t("overview_shown", { shown: rows.length, total })}
        </span>
      </p>
      <p className="muted">{t("overview_legend")}</p>
      {rows.length === 0 ? (
        <p>{t("overview_none")}</p>
      ) : (
        <ScrollBox label={t("overview_title")}>
          <table data-testid="toolkit-overview">
            <thead>
              <tr>
                <th scope="col">{t("overview_institution")}</th>
                <th scope="col">
                  {t("overview_ciso")} {t("overview_downloaded")}
                </th>
                <th scope="col">
                  {t("overview_ciso")} {t("overview_acknowledged")}
                </th>
                <th scope="col">
                  {t("overview_fg")} {t("overview_downloaded")}
                </th>
                <th scope="col">
                  {t("overview_fg")} {t("overview_acknowledged")}
                </th>
                <th scope="col">{t("overview_status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const d = filter.doc ? r.documents[filter.doc]! : null;
                const n = (pick: (s: { ciso: CapacityStatus; fg: CapacityStatus }) => Date | null) => t("overview_docs_done", { done: count(r, pick), total: types.length });
                return (
                  <tr key={r.institution.id} data-ura={r.institution.ura}>
                    <th scope="row" style={{ background: "transparent", fontWeight: 400 }}>
                      <Link href={`/toolkit/${r.institution.id}`}>{r.institution.name}</Link>
                      <div className="muted">URA {r.institution.ura}</div>
                    </th>
                    <td>{d ? yesNo(d.ciso.downloadedAt) : n((s) => s.ciso.downloadedAt)}</td>
                    <td>{d ? yesNo(d.ciso.acknowledgedAt) : n((s) => s.ciso.acknowledgedAt)}</td>
                    <td>{d ? yesNo(d.fg.downloadedAt) : n((s) => s.fg.downloadedAt)}</td>
                    <td>{d ? yesNo(d.fg.acknowledgedAt) : n((s) => s.fg.acknowledgedAt)}</td>
                    <td>{r.complete ? <span className="tag">{t("overview_complete")}</span> : t("overview_open")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}
