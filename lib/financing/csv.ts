/**
 * The programme's financing figures as CSV (Dutch Excel: `;`, comma decimals, BOM), one row
 * per institution and a total row that is the sum of the rows above it. Formula-safe through
 * toSafeCsv.
 */
import { stepTitle, type EligibilityStatus } from "@/lib/domain/financing";
import type { PlannedGoLiveSource } from "@/lib/domain/financing-scenario";
import type { PhaseCode } from "@/lib/domain/readiness";
import type { Vendor } from "@/lib/domain/vendors";
import { toSafeCsv } from "@/lib/csv";
import { translator } from "@/lib/i18n/messages";
import { centsToEuroInput } from "@/lib/validation/financing";
import type { FinancingOverview, InstitutionFinancingRow } from "./summary";

export type FinancingCsvLabels = {
  phaseLabel: (p: PhaseCode) => string;
  statusLabel: (s: EligibilityStatus) => string;
  vendorLabel: (v: Vendor | null) => string;
  sourceLabel: (s: PlannedGoLiveSource) => string;
};

/** Euro amount as Dutch Excel reads it: "29166,67" (negative amounts do not occur). */
const euro = (cents: number) => centsToEuroInput(cents);

/**
 * `rows` defaults to every institution of the overview; the financing page's export passes the
 * rows its filter shows, and the total row is then the sum of exactly those rows.
 */
export function financingCsv(overview: Pick<FinancingOverview, "years" | "rows">, labels: FinancingCsvLabels, shown: readonly InstitutionFinancingRow[] = overview.rows): string {
  const years = overview.years;
  const headers = [
    "instelling",
    "leverancier",
    "fase",
    "status",
    "in_aanmerking_vanaf",
    "nog_nodig",
    ...years.flatMap((y) => [`toegezegd_jaarlijks_${y}`, `toegezegd_eenmalig_${y}`, `toegezegd_totaal_${y}`]),
    "geplande_livegang",
    "herkomst_datum",
    ...years.map((y) => `prognose_totaal_${y}`),
    "bedrag_nog_te_bepalen",
  ];
  const first = years[0];
  const rows = shown.map((r) => {
    const c = r.committed[first];
    return [
      r.name,
      labels.vendorLabel(r.vendor),
      labels.phaseLabel(r.phase),
      labels.statusLabel(c.status),
      c.eligibleFrom,
      c.missing.map((m) => (m.kind === "vendor" ? translator("nl")("financing.missing_vendor") : stepTitle(m.stepCode, "nl"))).join(", ") || null,
      ...years.flatMap((y) => {
        const e = r.committed[y];
        const annual = e.annual.reduce((s, a) => s + a.amountCents, 0);
        return [euro(annual), euro(e.totalCents - annual), euro(e.totalCents)];
      }),
      r.planned?.date ?? null,
      r.planned ? labels.sourceLabel(r.planned.source) : null,
      ...years.map((y) => euro(r.forecast[y].totalCents)),
      years.some((y) => r.committed[y].hasAmountToBeDetermined) ? "ja" : "nee",
    ];
  });
  const total = [
    "Totaal",
    null,
    null,
    null,
    null,
    null,
    ...years.flatMap((y) => {
      const annual = shown.reduce((n, r) => n + r.committed[y].annual.reduce((s, a) => s + a.amountCents, 0), 0);
      const total = shown.reduce((n, r) => n + r.committed[y].totalCents, 0);
      return [euro(annual), euro(total - annual), euro(total)];
    }),
    null,
    null,
    ...years.map((y) => euro(shown.reduce((n, r) => n + r.forecast[y].totalCents, 0))),
    null,
  ];
  return toSafeCsv(headers, [...rows, total]);
}
