/**
 * The download path shared by the route handlers, after their gate (withRoute with
 * "toolkit.download" on the institution): generate, record, and answer as an attachment.
 * Not found (AppError) for anything outside the caller's scope or not published.
 */
import { getDb } from "@/db/client";
import { getTemplateWithData, loadCurrentTemplates } from "@/lib/toolkit/queries";
import { pdfAttachment } from "@/lib/api/route";
import type { Actor, InstitutionRef } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { documentTitle, isDocumentType } from "@/lib/pdf";
import { downloadRole } from "./access";
import { loadToolkitData } from "./personalise";
import { downloadFilename, renderPack, renderTemplate } from "./render";
import { recordDownloads } from "./service";

type Caller = { actor: Actor; institution: InstitutionRef };

/** Which hat the caller downloads in (recorded with the download); none: not found, as outside the scope. */
function roleOf({ actor, institution }: Caller) {
  const role = downloadRole(actor, institution);
  if (!role) throw new AppError("not_found");
  return role;
}

/** One document: a given version (`?version=<id>`, published only) or the current one. */
export async function downloadDocument(opts: Caller & { type: string; versionId: string | null }): Promise<Response> {
  const { actor, institution: ref } = opts;
  const role = roleOf(opts);
  const db = getDb();
  if (!isDocumentType(opts.type)) throw new AppError("not_found");
  let template;
  if (opts.versionId) {
    template = await getTemplateWithData(db, opts.versionId);
    if (!template || template.status !== "published" || template.documentType !== opts.type) throw new AppError("not_found", "toolkit.errors.version_not_published");
  } else {
    template = (await loadCurrentTemplates(db)).get(opts.type);
    if (!template) throw new AppError("not_found", "toolkit.errors.document_not_published");
  }
  const now = new Date();
  const data = await loadToolkitData(db, { institutionId: ref.id, now });
  if (!data) throw new AppError("not_found");
  const bytes = await renderTemplate({ template, data, generatedAt: now });
  await recordDownloads(db, { actor: { userId: actor.userId, label: actor.email, email: actor.email, name: actor.name }, role, institutionId: ref.id, templates: [template], via: "document", now });
  log.info("toolkit.download", { institutionId: ref.id, documentType: opts.type, version: template.versionLabel, role });
  return pdfAttachment(bytes, downloadFilename({ title: `DUO-toolkit - ${documentTitle(opts.type)}`, version: template.versionLabel, institution: data.institution.name }));
}

/** The whole pack of current versions as one PDF; one download row per document. */
export async function downloadPack(opts: Caller): Promise<Response> {
  const { actor, institution: ref } = opts;
  const role = roleOf(opts);
  const db = getDb();
  const current = await loadCurrentTemplates(db);
  if (current.size === 0) throw new AppError("not_found", "toolkit.no_published");
  const now = new Date();
  const data = await loadToolkitData(db, { institutionId: ref.id, now });
  if (!data) throw new AppError("not_found");
  const templates = [...current.values()];
  const bytes = await renderPack({ templates, data, generatedAt: now });
  await recordDownloads(db, { actor: { userId: actor.userId, label: actor.email, email: actor.email, name: actor.name }, role, institutionId: ref.id, templates, via: "pack", now });
  log.info("toolkit.download_pack", { institutionId: ref.id, documents: templates.length, role });
  return pdfAttachment(bytes, downloadFilename({ title: "DUO-toolkit", institution: data.institution.name }));
}
