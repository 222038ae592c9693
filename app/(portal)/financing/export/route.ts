import { getDb } from "@/db/client";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { phaseLabel } from "@/lib/domain/onboarding-texts";
import { VENDOR_LABELS } from "@/lib/domain/vendors";
import { financingCsv } from "@/lib/financing/csv";
import { getFinancingSummary } from "@/lib/financing/summary";
import { translator } from "@/lib/i18n/messages";

/** Per-institution financing figures and the programme totals, for programme roles only (a Dutch Excel file: Dutch labels). */
export const GET = withRoute({ permission: "financing.view" }, async () => {
  const today = toAmsterdamDate(new Date());
  const overview = await getFinancingSummary(getDb(), { today });
  const t = translator("nl");
  const csv = financingCsv(overview, {
    phaseLabel: (p) => phaseLabel(p, "nl"),
    statusLabel: (s) => t(`financing.statuses.${s}`),
    vendorLabel: (v) => (v ? VENDOR_LABELS[v].name : "geen"),
    sourceLabel: (s) => t(`financing.sources.${s}`),
  });
  return csvAttachment(csv, `financiering-${today}.csv`);
});
