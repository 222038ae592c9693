import { getDb } from "@/db/client";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { phaseLabel } from "@/lib/domain/onboarding-texts";
import { VENDOR_LABELS } from "@/lib/domain/vendors";
import { financingCsv } from "@/lib/financing/csv";
import { financingList, parseFinancingListFilter } from "@/lib/financing/institution-list";
import { getFinancingSummary } from "@/lib/financing/summary";
import { translator } from "@/lib/i18n/messages";

/**
 * Per-institution financing figures, for programme roles only (a Dutch Excel file: Dutch labels).
 * The page's filter and sort (same query parameters) choose the rows; the total row sums them.
 */
export const GET = withRoute({ permission: "financing.view" }, async ({ req }) => {
  const today = toAmsterdamDate(new Date());
  const overview = await getFinancingSummary(getDb(), { today });
  const filter = parseFinancingListFilter(Object.fromEntries(new URL(req.url).searchParams));
  const { rows } = financingList(overview.rows, overview.years, filter);
  const t = translator("nl");
  const csv = financingCsv(overview, {
    phaseLabel: (p) => phaseLabel(p, "nl"),
    statusLabel: (s) => t(`financing.statuses.${s}`),
    vendorLabel: (v) => (v ? VENDOR_LABELS[v].name : "geen"),
    sourceLabel: (s) => t(`financing.sources.${s}`),
  }, rows);
  return csvAttachment(csv, `financiering-${today}.csv`);
});
