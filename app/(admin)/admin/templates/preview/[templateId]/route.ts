import { getDb } from "@/db/client";
import { getTemplateWithData } from "@/lib/toolkit/queries";
import { can } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { contentDisposition } from "@/lib/onboarding/evidence";
import { documentTitle } from "@/lib/pdf";
import type { DocumentType } from "@/lib/pdf/types";
import { problem } from "@/lib/toolkit/download";
import { sampleToolkitData } from "@/lib/toolkit/personalise";
import { downloadFilename, renderTemplate } from "@/lib/toolkit/render";

/** A version (draft or published) filled with fictional sample data, for the admin to check before publishing. */
export async function GET(_req: Request, { params }: { params: Promise<{ templateId: string }> }) {
  const actor = await getActor();
  if (!actor) return problem(401, "Niet ingelogd");
  if (!can(actor, "toolkit.manage")) return problem(403, "Geen toegang");
  const { templateId } = await params;
  const template = await getTemplateWithData(getDb(), templateId);
  if (!template) return problem(404, "Niet gevonden");
  const bytes = await renderTemplate({ template, data: sampleToolkitData(), generatedAt: new Date() });
  const name = downloadFilename({ title: `Voorbeeld - ${documentTitle(template.documentType as DocumentType)}`, version: template.versionLabel, institution: "voorbeeldinstelling" });
  return new Response(bytes as unknown as BodyInit, {
    headers: { "content-type": "application/pdf", "content-disposition": contentDisposition(name), "x-content-type-options": "nosniff", "cache-control": "private, no-store" },
  });
}
