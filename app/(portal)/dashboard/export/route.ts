import { getDb } from "@/db/client";
import { listReadinessForExport, listStepStatesForExport } from "@/lib/dashboard/queries";
import { can } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { buildProgressCsv } from "@/lib/dashboard/csv";
import { parseDashboardParams } from "@/lib/dashboard/params";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { contentDisposition } from "@/lib/onboarding/evidence";

const problem = (status: number, title: string) => Response.json({ title, status }, { status, headers: { "content-type": "application/problem+json" } });

/** All institutions with each step's state and dates, now or as of `asOf`. */
export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return problem(401, "Niet ingelogd");
  if (!can(actor, "dashboard.view")) return problem(403, "Geen toegang");
  const today = toAmsterdamDate(new Date());
  const params = parseDashboardParams(new URL(req.url).searchParams, today);
  if (params.dateError) return problem(400, "De peildatum is ongeldig of ligt in de toekomst.");
  const db = getDb();
  const [institutions, steps] = await Promise.all([listReadinessForExport(db, params.asOf), listStepStatesForExport(db, params.asOf)]);
  const csv = buildProgressCsv({ institutions, steps, day: params.asOf ?? today });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": contentDisposition(`duo-voortgang-${params.asOf ?? today}.csv`),
      "cache-control": "private, no-store",
    },
  });
}
