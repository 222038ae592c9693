/** The knowledge base (issue 18 §4): FAQ articles by category, searched with Dutch full-text search. */
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { KB_CATEGORIES } from "@/lib/domain/events";
import { isLocale } from "@/lib/i18n/messages";
import { markdownExcerpt } from "@/lib/questions/markdown";
import { searchKb } from "@/lib/questions/queries";
import { ArticleForm } from "../questions/forms";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("kb");
  return { title: t("title") };
}

export default async function KnowledgeBasePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("kb.read");
  await connection();
  const [t, requested, sp] = await Promise.all([getTranslations("kb"), getLocale(), searchParams]);
  const locale = isLocale(requested) ? requested : "nl";
  const q = typeof sp.q === "string" ? sp.q.slice(0, 200) : "";
  const category = KB_CATEGORIES.find((c) => c === sp.category);
  const rows = await searchKb(getDb(), { q, category });
  const searched = q.trim() !== "" || category !== undefined;
  const categories = KB_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <form className="filters card" method="get" role="search" aria-label={t("search_label")}>
        <div className="field">
          <label htmlFor="kb-q">{t("search_label")}</label>
          <input id="kb-q" name="q" type="search" defaultValue={q} />
        </div>
        <div className="field">
          <label htmlFor="kb-category">{t("category")}</label>
          <select id="kb-category" name="category" defaultValue={category ?? ""}>
            <option value="">{t("all")}</option>
            {categories.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <button className="button" type="submit">
          {t("search")}
        </button>
      </form>
      {searched && <p role="status">{t("results", { count: rows.length })}</p>}
      {!searched && rows.length === 0 && <p>{t("none")}</p>}
      <ul className="plain" data-testid="kb-results">
        {rows.map((a) => (
          <li key={a.id} className="card">
            <h2 style={{ marginTop: 0, fontSize: "1.15rem" }}>
              <Link href={`/kb/${a.id}`}>{a.title}</Link>
            </h2>
            <p className="muted">
              {t(`categories.${a.category}`)} · {t("updated", { date: formatDate(toAmsterdamDate(a.updatedAt), locale) })}
            </p>
            <p style={{ overflowWrap: "anywhere" }}>{markdownExcerpt(a.body)}</p>
          </li>
        ))}
      </ul>
      {can(actor, "questions.ask") && (
        <p>
          {t("ask_hint")} <Link href="/questions#ask-h">{t("ask_link")}</Link>
        </p>
      )}
      {can(actor, "kb.manage") && (
        <details className="card">
          <summary>{t("new_title")}</summary>
          <ArticleForm testId="kb-new" initial={{ id: "", questionId: "", category: "general", title: "", body: "" }} categories={categories} />
        </details>
      )}
    </>
  );
}
