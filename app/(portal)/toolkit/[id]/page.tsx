import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { getInstitutionDetail, getInstitutionRef } from "@/lib/institutions/queries";
import { listAcknowledgements, listDownloads, listTemplates } from "@/lib/toolkit/queries";
import { can, institutionScope, isProgramme } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { DOCUMENT_TYPES, documentAudience, documentTitle, isDocumentType, toolkitVariant } from "@/lib/pdf";
import { contactCapacity, isCapacity } from "@/lib/toolkit/overview";
import { acknowledgementState, publishedNewestFirst } from "@/lib/toolkit/versions";
import { AckForm } from "../_components/ack-form";
import { fmtDateTime, fmtDay } from "../_components/format";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("toolkit");
  return { title: t("title") };
}

export default async function ToolkitPackPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const db = getDb();
  const ref = await getInstitutionRef(db, id);
  if (!ref) notFound();
  const actor = await requirePagePermission("toolkit.download", ref);
  const inst = await getInstitutionDetail(db, { id, scope: institutionScope(actor, "toolkit.download") });
  if (!inst) notFound();
  const [t, tr, locale] = await Promise.all([getTranslations("toolkit"), getTranslations("roles"), getLocale()]);
  const canAck = can(actor, "toolkit.acknowledge", ref);
  const seesActivity = isProgramme(actor) || actor.memberships.some((m) => m.institutionId === inst.id);
  const [templates, myAcks, downloads, acks] = await Promise.all([
    listTemplates(db),
    canAck ? listAcknowledgements(db, { institutionId: inst.id, userEmail: actor.email }) : Promise.resolve([]),
    seesActivity ? listDownloads(db, { institutionId: inst.id, limit: 30 }) : Promise.resolve([]),
    seesActivity ? listAcknowledgements(db, { institutionId: inst.id }) : Promise.resolve([]),
  ]);
  const docs = DOCUMENT_TYPES.map((info) => {
    const published = publishedNewestFirst(templates.filter((v) => v.documentType === info.id));
    const state = acknowledgementState(published, myAcks.filter((a) => a.documentType === info.id).map((a) => ({ templateId: a.templateId, at: a.at })));
    return { info, current: published[0] ?? null, earlier: published.slice(1), state };
  }).filter((d) => d.current);
  const pending = docs.filter((d) => d.state.kind !== "current").length;
  const lastCapacity = myAcks.find((a) => isCapacity(a.capacity))?.capacity;
  const defaultCapacity = contactCapacity(inst.contacts, actor.email) ?? (lastCapacity === "fg" ? "fg" : "ciso");
  const title = (d: (typeof docs)[number]) => documentTitle(d.info.id, locale);
  const docHref = (type: string, templateId: string) => `/toolkit/${inst.id}/documents/${type}?version=${templateId}`;
  const docTitle = (type: string) => (isDocumentType(type) ? documentTitle(type, locale) : type);

  return (
    <>
      <h1>{t("pack_title", { name: inst.name })}</h1>
      <p className="lead">{t("pack_lead", { name: inst.name })}</p>
      <p className="alert info" data-testid="toolkit-variant">
        {t(`variants.${toolkitVariant(inst.vendorCode)}`)}
      </p>
      <p>
        <Link href={`/institutions/${inst.id}`}>{inst.name}</Link> · URA {inst.ura}
      </p>
      {docs.length === 0 ? (
        <p>{t("no_published")}</p>
      ) : (
        <>
          {canAck && pending > 0 && (
            <div className="alert info" role="status" data-testid="ack-banner">
              <strong>{t("ack_banner_title")}.</strong> {t("ack_banner", { count: pending })}
            </div>
          )}
          <p>
            <a className="button" href={`/toolkit/${inst.id}/pack`} data-testid="download-pack">
              {t("download_pack")}
            </a>
          </p>
          <ScrollBox label={t("title")}>
            <table data-testid="toolkit-documents">
              <caption className="visually-hidden">{t("title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("document")}</th>
                  <th scope="col">{t("version")}</th>
                  <th scope="col">{t("change")}</th>
                  <th scope="col">{t("download")}</th>
                  {canAck && <th scope="col">{t("your_ack")}</th>}
                </tr>
              </thead>
              <tbody>
                {docs.map((d) => (
                  <tr key={d.info.id} data-doc={d.info.id}>
                    <td>
                      <strong>{title(d)}</strong>
                      <div className="muted">
                        {t("audience")}: {documentAudience(d.info.id, locale)}
                      </div>
                    </td>
                    <td>
                      {d.current!.versionLabel}
                      <div className="muted">{t("published_on", { date: fmtDay(d.current!.publishedAt, locale) })}</div>
                    </td>
                    <td>{d.current!.changeNote}</td>
                    <td>
                      <a href={docHref(d.info.id, d.current!.id)} aria-label={t("download_doc", { title: title(d), version: d.current!.versionLabel })}>
                        {t("download")}
                      </a>
                    </td>
                    {canAck && (
                      <td data-testid={`ack-${d.info.id}`}>
                        {d.state.kind === "current" ? (
                          <span className="tag">{t("ack_current", { version: d.state.acknowledgedLabel, date: fmtDay(d.state.acknowledgedAt, locale) })}</span>
                        ) : (
                          <>
                            {d.state.kind === "never" ? (
                              <p style={{ marginTop: 0 }}>{t("ack_never")}</p>
                            ) : (
                              <div>
                                <p style={{ marginTop: 0 }}>{t("ack_outdated", { version: d.state.acknowledgedLabel })}</p>
                                <ul>
                                  {d.state.changes.map((c) => (
                                    <li key={c.label}>
                                      <strong>{c.label}</strong>: {c.note}
                                    </li>
                                  ))}
                                </ul>
                              </div>
                            )}
                            <AckForm
                              institutionId={inst.id}
                              templateId={d.current!.id}
                              defaultCapacity={defaultCapacity}
                              title={title(d)}
                              version={d.current!.versionLabel}
                            />
                          </>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>

          <section className="card" aria-labelledby="earlier-h">
            <h2 id="earlier-h" style={{ marginTop: 0 }}>
              {t("earlier_versions")}
            </h2>
            <p className="muted">{t("earlier_intro")}</p>
            {docs.every((d) => d.earlier.length === 0) ? (
              <p>{t("no_earlier")}</p>
            ) : (
              <ul>
                {docs
                  .filter((d) => d.earlier.length > 0)
                  .flatMap((d) =>
                    d.earlier.map((v) => (
                      <li key={v.id}>
                        <a href={docHref(d.info.id, v.id)} aria-label={t("download_doc", { title: title(d), version: v.versionLabel })}>
                          {title(d)} {v.versionLabel}
                        </a>{" "}
                        <span className="muted">
                          ({t("published_on", { date: fmtDay(v.publishedAt, locale) })}) — {v.changeNote}
                        </span>
                      </li>
                    )),
                  )}
              </ul>
            )}
          </section>
        </>
      )}

      {can(actor, "institution.report", ref) && (
        <section className="card" aria-labelledby="intake-h">
          <h2 id="intake-h" style={{ marginTop: 0 }}>
            {t("intake_title")}
          </h2>
          <p>{t("intake_lead")}</p>
          <Link className="button secondary" href={`/toolkit/${inst.id}/intake`}>
            {t("intake_link")}
          </Link>
        </section>
      )}

      {seesActivity && (
        <div className="grid">
          <section className="card" aria-labelledby="activity-h">
            <h2 id="activity-h" style={{ marginTop: 0 }}>
              {t("activity_title")}
            </h2>
            {downloads.length === 0 ? (
              <p>{t("activity_none")}</p>
            ) : (
              <ul className="plain" data-testid="download-log">
                {downloads.map((d) => (
                  <li key={d.id}>
                    {fmtDateTime(d.at, locale)} — {d.userName} ({tr.has(d.role) ? tr(d.role) : d.role}): {docTitle(d.documentType)} {d.versionLabel}{" "}
                    <span className="muted">({d.via === "pack" ? t("via_pack") : t("via_document")})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="acks-h">
            <h2 id="acks-h" style={{ marginTop: 0 }}>
              {t("acks_title")}
            </h2>
            {acks.length === 0 ? (
              <p>{t("acks_none")}</p>
            ) : (
              <ul className="plain">
                {acks.slice(0, 30).map((a) => (
                  <li key={a.id}>
                    {fmtDateTime(a.at, locale)} — {a.userName} ({a.capacity === "fg" ? t("capacity_fg") : t("capacity_ciso")}): {docTitle(a.documentType)} {a.versionLabel}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </>
  );
}
