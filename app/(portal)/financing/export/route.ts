import { getDb } from "@/db/client";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { ELIGIBILITY_STATUS_LABELS } from "@/lib/domain/financing";
import { PLANNED_SOURCE_LABELS } from "@/lib/domain/financing-scenario";
import { PHASES } from "@/lib/domain/readiness";
import { VENDOR_LABELS } from "@/lib/domain/vendors";
import { financingCsv } from "@/lib/financing/csv";
import { getFinancingSummary } from "@/lib/financing/summary";

/** Per-institution financing figures and the programme totals, for programme roles only. */
export const GET = withRoute({ permission: "financing.view" }, async () => {
  const today = toAmsterdamDate(new Date());
  const overview = await getFinancingSummary(getDb(), { today });
  const csv = financingCsv(overview, { phaseLabel: (p) => PHASES.find((x) => x.code === p)?.label.nl ?? p, statusLabel: (s) => ELIGIBILITY_STATUS_LABELS[s].nl, vendorLabel: (v) => (v ? VENDOR_LABELS[v].name : "geen"), sourceLabel: (s) => PLANNED_SOURCE_LABELS[s].nl });
  return csvAttachment(csv, `financiering-${today}.csv`);
});
