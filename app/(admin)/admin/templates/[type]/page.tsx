import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { listTemplates } from "@/lib/toolkit/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { documentTitle, isDocumentType } from "@/lib/pdf";
import { ACRO_FIELD_NAMES } from "@/lib/toolkit/personalise";
import { compareVersionLabels, suggestNextVersion } from "@/lib/toolkit/versions";
import { fmtDay } from "@/app/(portal)/toolkit/_components/format";
import { FormAlert } from "@/app/_components/form-bits";
import { NewVersionForm, PublishForm } from "../version-forms";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("toolkit");
  return { title: t("meta_versions") };
}

export default async function TemplateVersionsPage({ params, searchParams }: { params: Promise<{ type: string }>; searchParams: Promise<{ published?: string | string[] }> }) {
  await connection();
  await requirePagePermission("toolkit.manage");
  const { type } = await params;
  if (!isDocumentType(type)) notFound();
  const [t, locale] = await Promise.all([getTranslations("toolkit"), getLocale()]);
  const versions = (await listTemplates(getDb(), { documentType: type })).sort((a, b) => compareVersionLabels(b.versionLabel, a.versionLabel));
  // Set by PublishForm after a publication; confirmed only for a version that is published.
  const publishedParam = (await searchParams).published;
  const justPublished = typeof publishedParam === "string" ? versions.find((v) => v.versionLabel === publishedParam && v.status !== "draft") : undefined;
  return (
    <>
      <h1>{t("admin_type_title", { title: documentTitle(type, locale) })}</h1>
      {justPublished && <FormAlert kind="ok">{t("published", { version: justPublished.versionLabel })}</FormAlert>}
      <p>
        <Link href="/admin/templates">{t("admin_back")}</Link>
      </p>
      <ScrollBox label={t("admin_type_title", { title: documentTitle(type, locale) })}>
        <table data-testid="template-versions">
          <thead>
            <tr>
              <th scope="col">{t("version")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col">{t("source")}</th>
              <th scope="col">{t("change")}</th>
              <th scope="col">{t("preview")}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} data-version={v.versionLabel}>
                <td>{v.versionLabel}</td>
                <td>
                  {v.status === "published" ? (
                    <>
                      <span className="tag">{t("status_published")}</span>
                      <div className="muted">{t("published_by", { who: v.publishedByName ?? "—", date: fmtDay(v.publishedAt, locale) })}</div>
                    </>
                  ) : (
                    <>
                      <span className="tag">{t("status_draft")}</span>
                      <div className="muted">{t("created_on", { date: fmtDay(v.createdAt, locale) })}</div>
                    </>
                  )}
                </td>
                <td>
                  {v.source === "generated" ? t("source_generated") : t("source_uploaded", { file: v.filename ?? "" })}
                  {v.source === "uploaded" && <div className="muted">{t("fields_found", { count: v.formFields.length })}</div>}
                </td>
                <td>
                  {v.status === "draft" ? (
                    <PublishForm templateId={v.id} changeNote={v.changeNote} version={v.versionLabel} />
                  ) : (
                    v.changeNote
                  )}
                </td>
                <td>
                  <a href={`/admin/templates/preview/${v.id}`} aria-label={t("preview_label", { version: v.versionLabel })}>
                    {t("preview")}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h" style={{ marginTop: 0 }}>
          {t("new_version")}
        </h2>
        <NewVersionForm documentType={type} suggested={suggestNextVersion(versions.map((v) => v.versionLabel))} />
        <h3>{t("field_names")}</h3>
        <p>
          {ACRO_FIELD_NAMES.map((n) => (
            <code key={n} className="tag">
              {n}
            </code>
          ))}
        </p>
      </section>
    </>
  );
}
