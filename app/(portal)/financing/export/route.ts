import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { ELIGIBILITY_STATUS_LABELS } from "@/lib/domain/financing";
import { PLANNED_SOURCE_LABELS } from "@/lib/domain/financing-scenario";
import { PHASES } from "@/lib/domain/readiness";
import { VENDOR_LABELS } from "@/lib/domain/vendors";
import { financingCsv } from "@/lib/financing/csv";
import { getFinancingSummary } from "@/lib/financing/summary";
import { contentDisposition } from "@/lib/onboarding/evidence";

/** Per-institution financing figures and the programme totals, for programme roles only. */
export async function GET() {
  const actor = await getActor();
  if (!actor) return Response.json({ title: "Niet ingelogd", status: 401 }, { status: 401, headers: { "content-type": "application/problem+json" } });
  if (!can(actor, "financing.view")) return Response.json({ title: "Geen toegang", status: 403 }, { status: 403, headers: { "content-type": "application/problem+json" } });
  const today = toAmsterdamDate(new Date());
  const overview = await getFinancingSummary(getDb(), { today });
  const csv = financingCsv(overview, { phaseLabel: (p) => PHASES.find((x) => x.code === p)?.label.nl ?? p, statusLabel: (s) => ELIGIBILITY_STATUS_LABELS[s].nl, vendorLabel: (v) => (v ? VENDOR_LABELS[v].name : "geen"), sourceLabel: (s) => PLANNED_SOURCE_LABELS[s].nl });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": contentDisposition(`financiering-${today}.csv`),
      "cache-control": "private, no-store",
    },
  });
}
