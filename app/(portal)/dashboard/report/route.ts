import { getDb } from "@/db/client";
import { pdfAttachment, withRoute } from "@/lib/api/route";
import { loadDashboard } from "@/lib/dashboard/model";
import { parseDashboardParams } from "@/lib/dashboard/params";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { getLocale } from "@/lib/i18n/server";
import { AppError } from "@/lib/errors";
import { generateDtoReport } from "@/lib/pdf/dto-report";

/** The DTO progress report for a chosen date (`asOf`, default today), as a PDF. */
export const GET = withRoute({ permission: "dashboard.view" }, async ({ req }) => {
  const now = new Date();
  const today = toAmsterdamDate(now);
  const params = parseDashboardParams(new URL(req.url).searchParams, today);
  if (params.dateError) throw new AppError("validation", "De rapportagedatum is ongeldig of ligt in de toekomst. Kies een datum tot en met vandaag.");
  if (params.weeksError) throw new AppError("validation", "Het aantal weken moet een geheel getal van 1 tot 52 zijn.");
  const model = await loadDashboard(getDb(), { asOf: params.asOf, now, windowWeeks: params.weeks });
  const bytes = await generateDtoReport({ model, generatedAt: now, locale: await getLocale() });
  return pdfAttachment(bytes, `dto-voortgang-duo-${model.day}.pdf`);
});
