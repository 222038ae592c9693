import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { loadDashboard } from "@/lib/dashboard/model";
import { parseDashboardParams } from "@/lib/dashboard/params";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { getLocale } from "@/lib/i18n/server";
import { contentDisposition } from "@/lib/onboarding/evidence";
import { generateDtoReport } from "@/lib/pdf/dto-report";

const problem = (status: number, title: string) => Response.json({ title, status }, { status, headers: { "content-type": "application/problem+json" } });

/** The DTO progress report for a chosen date (`asOf`, default today), as a PDF. */
export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return problem(401, "Niet ingelogd");
  if (!can(actor, "dashboard.view")) return problem(403, "Geen toegang");
  const now = new Date();
  const today = toAmsterdamDate(now);
  const params = parseDashboardParams(new URL(req.url).searchParams, today);
  if (params.dateError) return problem(400, "De rapportagedatum is ongeldig of ligt in de toekomst. Kies een datum tot en met vandaag.");
  if (params.weeksError) return problem(400, "Het aantal weken moet een geheel getal van 1 tot 52 zijn.");
  const model = await loadDashboard(getDb(), { asOf: params.asOf, now, windowWeeks: params.weeks });
  const bytes = await generateDtoReport({ model, generatedAt: now, locale: await getLocale() });
  return new Response(Buffer.from(bytes), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": contentDisposition(`dto-voortgang-duo-${model.day}.pdf`),
      "cache-control": "private, no-store",
    },
  });
}
