import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { listTemplates } from "@/lib/toolkit/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { format } from "@/lib/i18n/messages";
import { getMessages } from "@/lib/i18n/server";
import { DOCUMENT_TYPES, isDocumentType } from "@/lib/pdf";
import { ACRO_FIELD_NAMES } from "@/lib/toolkit/personalise";
import { compareVersionLabels, suggestNextVersion } from "@/lib/toolkit/versions";
import { fmtDay } from "@/app/(portal)/toolkit/_components/format";
import { FormAlert } from "@/app/_components/form-bits";
import { NewVersionForm, PublishForm } from "../version-forms";

export const metadata: Metadata = { title: "Sjabloonversies" };

export default async function TemplateVersionsPage({ params, searchParams }: { params: Promise<{ type: string }>; searchParams: Promise<{ published?: string | string[] }> }) {
  await connection();
  await requirePagePermission("toolkit.manage");
  const { type } = await params;
  if (!isDocumentType(type)) notFound();
  const { t: all, locale } = await getMessages();
  const t = all.toolkit;
  const info = DOCUMENT_TYPES.find((d) => d.id === type)!;
  const versions = (await listTemplates(getDb(), { documentType: type })).sort((a, b) => compareVersionLabels(b.versionLabel, a.versionLabel));
  // Set by PublishForm after a publication; confirmed only for a version that is published.
  const publishedParam = (await searchParams).published;
  const justPublished = typeof publishedParam === "string" ? versions.find((v) => v.versionLabel === publishedParam && v.status !== "draft") : undefined;
  return (
    <>
      <h1>{format(t.admin_type_title, { title: info[locale] })}</h1>
      {justPublished && <FormAlert kind="ok">{format(t.published, { version: justPublished.versionLabel })}</FormAlert>}
      <p>
        <Link href="/admin/templates">{t.admin_back}</Link>
      </p>
      <div className="table-wrap">
        <table data-testid="template-versions">
          <thead>
            <tr>
              <th scope="col">{t.version}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.source}</th>
              <th scope="col">{t.change}</th>
              <th scope="col">{t.preview}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} data-version={v.versionLabel}>
                <td>{v.versionLabel}</td>
                <td>
                  {v.status === "published" ? (
                    <>
                      <span className="tag">{t.status_published}</span>
                      <div className="muted">{format(t.published_by, { who: v.publishedByName ?? "—", date: fmtDay(v.publishedAt, locale) })}</div>
                    </>
                  ) : (
                    <>
                      <span className="tag">{t.status_draft}</span>
                      <div className="muted">{format(t.created_on, { date: fmtDay(v.createdAt, locale) })}</div>
                    </>
                  )}
                </td>
                <td>
                  {v.source === "generated" ? t.source_generated : format(t.source_uploaded, { file: v.filename ?? "" })}
                  {v.source === "uploaded" && <div className="muted">{format(t.fields_found, { count: v.formFields.length })}</div>}
                </td>
                <td>
                  {v.status === "draft" ? (
                    <PublishForm templateId={v.id} changeNote={v.changeNote} version={v.versionLabel} t={{ publish: t.publish, note: t.publish_note }} />
                  ) : (
                    v.changeNote
                  )}
                </td>
                <td>
                  <a href={`/admin/templates/preview/${v.id}`} aria-label={format(t.preview_label, { version: v.versionLabel })}>
                    {t.preview}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h" style={{ marginTop: 0 }}>
          {t.new_version}
        </h2>
        <NewVersionForm
          documentType={type}
          suggested={suggestNextVersion(versions.map((v) => v.versionLabel))}
          t={{
            title: t.new_version,
            version_label: t.version_label,
            version_hint: t.version_hint,
            change_note: t.change_note,
            change_note_hint: t.change_note_hint,
            file: t.template_file,
            file_hint: t.template_file_hint,
            create: t.create,
          }}
        />
        <h3>{t.field_names}</h3>
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
