import { getDb } from "@/db/client";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { PLANNED_SOURCE_LABELS } from "@/lib/domain/financing-scenario";
import { PHASES } from "@/lib/domain/readiness";
import { VENDOR_LABELS } from "@/lib/domain/vendors";
import { financingCsv } from "@/lib/financing/csv";
import { getFinancingSummary } from "@/lib/financing/summary";
import { translator } from "@/lib/i18n/messages";

/** Per-institution financing figures and the programme totals, for programme roles only. */
export const GET = withRoute({ permission: "financing.view" }, async () => {
  const today = toAmsterdamDate(new Date());
  const overview = await getFinancingSummary(getDb(), { today });
  const csv = financingCsv(overview, { phaseLabel: (p) => PHASES.find((x) => x.code === p)?.label.nl ?? p, statusLabel: (s) => translator("nl")(`financing.statuses.${s}`), vendorLabel: (v) => (v ? VENDOR_LABELS[v].name : "geen"), sourceLabel: (s) => PLANNED_SOURCE_LABELS[s].nl });
  return csvAttachment(csv, `financiering-${today}.csv`);
});
