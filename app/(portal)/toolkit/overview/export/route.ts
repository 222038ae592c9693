import { getDb } from "@/db/client";
import { can, institutionScope } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { toSafeCsv } from "@/lib/institutions/csv";
import { contentDisposition } from "@/lib/onboarding/evidence";
import { problem } from "@/lib/toolkit/download";
import { loadToolkitOverview, overviewCsvRows, parseOverviewFilter } from "@/lib/toolkit/overview-load";

/** The overview as shown (same filters), one row per institution × document. */
export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return problem(401, "Niet ingelogd");
  if (!can(actor, "toolkit.overview")) return problem(403, "Geen toegang");
  const filter = parseOverviewFilter(new URL(req.url).searchParams);
  const { rows, types } = await loadToolkitOverview(getDb(), { scope: institutionScope(actor, "toolkit.overview"), filter });
  const { headers, body } = overviewCsvRows(rows, types);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(toSafeCsv(headers, body), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": contentDisposition(`toolkit-overzicht-${stamp}.csv`),
      "cache-control": "private, no-store",
    },
  });
}
