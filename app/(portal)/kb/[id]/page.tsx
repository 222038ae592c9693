/** One knowledge-base article, its Markdown rendered without raw HTML (lib/questions/markdown.ts). */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { KB_CATEGORIES, type KbCategory } from "@/lib/domain/events";
import { isLocale } from "@/lib/i18n/messages";
import { renderMarkdown } from "@/lib/questions/markdown";
import { getArticle } from "@/lib/questions/queries";
import { ArticleForm } from "../../questions/forms";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("kb");
  return { title: t("title") };
}

export default async function ArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission("kb.read");
  await connection();
  const article = await getArticle(getDb(), (await params).id);
  if (!article) notFound();
  const [t, requested] = await Promise.all([getTranslations("kb"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  return (
    <>
      <p>
        <Link href="/kb">{t("back")}</Link>
      </p>
      <h1>{article.title}</h1>
      <p className="muted">
        {t(`categories.${article.category}`)} · {t("updated", { date: formatDate(toAmsterdamDate(article.updatedAt), locale) })}
      </p>
      {/* Sanitised: marked's HTML through sanitize-html with a short allow-list, no raw HTML, safe links only. */}
      <div className="card article" style={{ overflowWrap: "anywhere" }} dangerouslySetInnerHTML={{ __html: renderMarkdown(article.body) }} />
      {can(actor, "kb.manage") && (
        <details className="card">
          <summary>{t("edit_title")}</summary>
          <ArticleForm
            testId="kb-edit"
            initial={{ id: article.id, questionId: "", category: article.category as KbCategory, title: article.title, body: article.body }}
            categories={KB_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
          />
        </details>
      )}
    </>
  );
}
