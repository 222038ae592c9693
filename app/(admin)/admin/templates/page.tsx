import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { listTemplates } from "@/lib/toolkit/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { DOCUMENT_TYPES, documentTitle } from "@/lib/pdf";
import { publishedNewestFirst } from "@/lib/toolkit/versions";
import { fmtDay } from "@/app/(portal)/toolkit/_components/format";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("toolkit");
  return { title: t("admin_title") };
}

export default async function TemplatesPage() {
  await connection();
  await requirePagePermission("toolkit.manage");
  const [t, locale] = await Promise.all([getTranslations("toolkit"), getLocale()]);
  const templates = await listTemplates(getDb());
  return (
    <>
      <h1>{t("admin_title")}</h1>
      <p className="lead">{t("admin_lead")}</p>
      <p>
        <Link href="/toolkit/overview">{t("overview_link")}</Link>
      </p>
      <ScrollBox label={t("admin_title")}>
        <table data-testid="templates">
          <thead>
            <tr>
              <th scope="col">{t("document")}</th>
              <th scope="col">{t("admin_current")}</th>
              <th scope="col">{t("admin_drafts")}</th>
              <th scope="col">{t("admin_manage")}</th>
            </tr>
          </thead>
          <tbody>
            {DOCUMENT_TYPES.map((d) => {
              const mine = templates.filter((v) => v.documentType === d.id);
              const current = publishedNewestFirst(mine)[0];
              const drafts = mine.filter((v) => v.status === "draft").length;
              return (
                <tr key={d.id}>
                  <td>{documentTitle(d.id, locale)}</td>
                  <td>
                    {current ? (
                      <>
                        {current.versionLabel} <span className="muted">({fmtDay(current.publishedAt, locale)})</span>
                      </>
                    ) : (
                      t("admin_none")
                    )}
                  </td>
                  <td>{drafts}</td>
                  <td>
                    <Link href={`/admin/templates/${d.id}`} aria-label={`${t("admin_manage")}: ${documentTitle(d.id, locale)}`}>
                      {t("admin_manage")}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}
