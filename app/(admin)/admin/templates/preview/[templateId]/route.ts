import { getDb } from "@/db/client";
import { getTemplateWithData } from "@/lib/toolkit/queries";
import { pdfAttachment, withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { documentTitle } from "@/lib/pdf";
import type { DocumentType } from "@/lib/pdf/types";
import { sampleToolkitData } from "@/lib/toolkit/personalise";
import { downloadFilename, renderTemplate } from "@/lib/toolkit/render";

/** A version (draft or published) filled with fictional sample data, for the admin to check before publishing. */
export const GET = withRoute<{ templateId: string }>({ permission: "toolkit.manage" }, async ({ params }) => {
  const template = await getTemplateWithData(getDb(), params.templateId);
  if (!template) throw new AppError("not_found");
  const bytes = await renderTemplate({ template, data: sampleToolkitData(), generatedAt: new Date() });
  const name = downloadFilename({ title: `Voorbeeld - ${documentTitle(template.documentType as DocumentType)}`, version: template.versionLabel, institution: "voorbeeldinstelling" });
  return pdfAttachment(bytes, name);
});
