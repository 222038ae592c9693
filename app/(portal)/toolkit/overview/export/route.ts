import { getDb } from "@/db/client";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { institutionScope } from "@/lib/auth/policy";
import { toSafeCsv } from "@/lib/csv";
import { loadToolkitOverview, overviewCsvRows, parseOverviewFilter } from "@/lib/toolkit/overview-load";

/** The overview as shown (same filters), one row per institution × document. */
export const GET = withRoute({ permission: "toolkit.overview" }, async ({ req, actor }) => {
  const filter = parseOverviewFilter(new URL(req.url).searchParams);
  const { rows, types } = await loadToolkitOverview(getDb(), { scope: institutionScope(actor, "toolkit.overview"), filter });
  const { headers, body } = overviewCsvRows(rows, types);
  return csvAttachment(toSafeCsv(headers, body), `toolkit-overzicht-${new Date().toISOString().slice(0, 10)}.csv`);
});
