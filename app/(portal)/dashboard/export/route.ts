import { getDb } from "@/db/client";
import { listReadinessForExport, listStepStatesForExport } from "@/lib/dashboard/queries";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { buildProgressCsv } from "@/lib/dashboard/csv";
import { parseDashboardParams } from "@/lib/dashboard/params";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { AppError } from "@/lib/errors";

/** All institutions with each step's state and dates, now or as of `asOf`. */
export const GET = withRoute({ permission: "dashboard.view" }, async ({ req }) => {
  const today = toAmsterdamDate(new Date());
  const params = parseDashboardParams(new URL(req.url).searchParams, today);
  if (params.dateError) throw new AppError("validation", "dashboard.export_bad_date");
  const db = getDb();
  const [institutions, steps] = await Promise.all([listReadinessForExport(db, params.asOf), listStepStatesForExport(db, params.asOf)]);
  return csvAttachment(buildProgressCsv({ institutions, steps, day: params.asOf ?? today }), `duo-voortgang-${params.asOf ?? today}.csv`);
});
