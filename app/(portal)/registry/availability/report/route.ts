import { getDb } from "@/db/client";
import { pdfAttachment, withRoute } from "@/lib/api/route";
import { institutionScope } from "@/lib/auth/policy";
import { buildAvailabilityReport, parseReportParams } from "@/lib/checker/availability-report";
import { getLocale } from "@/lib/i18n/server";

/** The monthly availability report (issue 15 §2) as a PDF: one vendor infrastructure, or the programme. */
export const GET = withRoute({ permission: "endpoint.read" }, async ({ req, actor }) => {
  const now = new Date();
  const { month, vendor } = parseReportParams(new URL(req.url).searchParams, now);
  const report = await buildAvailabilityReport(getDb(), { month, vendor, scope: institutionScope(actor, "endpoint.read"), now, locale: await getLocale() });
  return pdfAttachment(report.bytes, report.filename);
});
