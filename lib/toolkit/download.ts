/**
 * The download path shared by the route handlers: permission first, then generate, record, and
 * answer as an attachment. Not found for anything outside the caller's scope.
 */
import { getDb } from "@/db/client";
import { getInstitutionRef } from "@/lib/institutions/queries";
import { getTemplateWithData, loadCurrentTemplates } from "@/lib/toolkit/queries";
import { can } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { log } from "@/lib/log";
import { contentDisposition } from "@/lib/onboarding/evidence";
import { documentTitle, isDocumentType } from "@/lib/pdf";
import { isUuid } from "@/lib/validation/uuid";
import { downloadRole } from "./access";
import { loadToolkitData } from "./personalise";
import { downloadFilename, renderPack, renderTemplate } from "./render";
import { recordDownloads } from "./service";

export const problem = (status: number, title: string) =>
  Response.json({ type: "about:blank", title, status }, { status, headers: { "content-type": "application/problem+json" } });

function pdfResponse(bytes: Uint8Array, filename: string) {
  return new Response(bytes as unknown as BodyInit, {
    headers: {
      "content-type": "application/pdf",
      "content-length": String(bytes.byteLength),
      "content-disposition": contentDisposition(filename),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
}

async function authorise(institutionId: string) {
  const actor = await getActor();
  if (!actor) return { ok: false, error: problem(401, "Niet ingelogd") } as const;
  const db = getDb();
  const ref = isUuid(institutionId) ? await getInstitutionRef(db, institutionId) : null;
  if (!ref || !can(actor, "toolkit.download", ref)) return { ok: false, error: problem(404, "Niet gevonden") } as const;
  const role = downloadRole(actor, ref);
  if (!role) return { ok: false, error: problem(404, "Niet gevonden") } as const;
  return { ok: true, actor, ref, role, db } as const;
}

/** One document: a given version (`?version=<id>`, published only) or the current one. */
export async function downloadDocument(opts: { institutionId: string; type: string; versionId: string | null }): Promise<Response> {
  const auth = await authorise(opts.institutionId);
  if (!auth.ok) return auth.error;
  const { actor, ref, role, db } = auth;
  if (!isDocumentType(opts.type)) return problem(404, "Niet gevonden");
  let template;
  if (opts.versionId) {
    template = await getTemplateWithData(db, opts.versionId);
    if (!template || template.status !== "published" || template.documentType !== opts.type) return problem(404, "Deze versie bestaat niet of is niet gepubliceerd.");
  } else {
    template = (await loadCurrentTemplates(db)).get(opts.type);
    if (!template) return problem(404, "Er is nog geen gepubliceerde versie van dit document.");
  }
  const now = new Date();
  const data = await loadToolkitData(db, { institutionId: ref.id, now });
  if (!data) return problem(404, "Niet gevonden");
  const bytes = await renderTemplate({ template, data, generatedAt: now });
  await recordDownloads(db, { actor: { userId: actor.userId, label: actor.email, email: actor.email, name: actor.name }, role, institutionId: ref.id, templates: [template], via: "document", now });
  log.info("toolkit.download", { institutionId: ref.id, documentType: opts.type, version: template.versionLabel, role });
  return pdfResponse(bytes, downloadFilename({ title: `DUO-toolkit - ${documentTitle(opts.type)}`, version: template.versionLabel, institution: data.institution.name }));
}

/** The whole pack of current versions as one PDF; one download row per document. */
export async function downloadPack(opts: { institutionId: string }): Promise<Response> {
  const auth = await authorise(opts.institutionId);
  if (!auth.ok) return auth.error;
  const { actor, ref, role, db } = auth;
  const current = await loadCurrentTemplates(db);
  if (current.size === 0) return problem(404, "Er is nog geen gepubliceerde versie van de toolkit.");
  const now = new Date();
  const data = await loadToolkitData(db, { institutionId: ref.id, now });
  if (!data) return problem(404, "Niet gevonden");
  const templates = [...current.values()];
  const bytes = await renderPack({ templates, data, generatedAt: now });
  await recordDownloads(db, { actor: { userId: actor.userId, label: actor.email, email: actor.email, name: actor.name }, role, institutionId: ref.id, templates, via: "pack", now });
  log.info("toolkit.download_pack", { institutionId: ref.id, documents: templates.length, role });
  return pdfResponse(bytes, downloadFilename({ title: "DUO-toolkit", institution: data.institution.name }));
}
