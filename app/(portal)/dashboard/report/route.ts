import { getDb } from "@/db/client";
import { pdfAttachment, withRoute } from "@/lib/api/route";
import { loadDashboard } from "@/lib/dashboard/model";
import { WEEKS_MAX, WEEKS_MIN, parseDashboardParams } from "@/lib/dashboard/params";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { getLocale } from "@/lib/i18n/server";
import { AppError } from "@/lib/errors";
import { generateDtoReport } from "@/lib/pdf/dto-report";
import { loadDtoExtras } from "@/lib/dashboard/dto-extras";

/** The DTO progress report for a chosen date (`asOf`, default today), as a PDF. */
export const GET = withRoute({ permission: "dashboard.view" }, async ({ req }) => {
  const now = new Date();
  const today = toAmsterdamDate(now);
  const params = parseDashboardParams(new URL(req.url).searchParams, today);
  if (params.dateError) throw new AppError("validation", "dashboard.report_bad_date");
  if (params.weeksError) throw new AppError("validation", "dashboard.report_bad_weeks", undefined, { min: String(WEEKS_MIN), max: String(WEEKS_MAX) });
  const model = await loadDashboard(getDb(), { asOf: params.asOf, now, windowWeeks: params.weeks });
  const extras = await loadDtoExtras(getDb(), { day: model.day, now });
  const bytes = await generateDtoReport({ model, generatedAt: now, locale: await getLocale(), extras });
  return pdfAttachment(bytes, `dto-voortgang-duo-${model.day}.pdf`);
});
