/**
 * Monthly availability as rows (issue 15 §2): one shape for the API, the CSV and the PDF report,
 * per endpoint, institution or vendor infrastructure. Pure (no database): the PDF uses it too.
 */
import { availabilityPercent, sumFigures, type AvailabilityFigures, type Incident } from "@/lib/domain/availability";
import { formatDateTime, formatNumber } from "@/lib/domain/intl";

export type AvailabilityGroupBy = "endpoint" | "institution" | "vendor";

/** One endpoint's month with what the API, the CSV, the PDF and the pages show of it. */
export type EndpointMonth = {
  endpointId: string;
  institutionId: string;
  institutionName: string;
  vendorCode: string;
  vendorName: string;
  transaction: string;
  environment: string;
  month: string;
  figures: AvailabilityFigures;
  incidents: Incident[];
  frozen: boolean;
  revision: number | null;
};

/** The API row (`GET /api/v1/availability`), the CSV's columns and the PDF's table. */
export type AvailabilityRow = {
  id: string;
  name: string;
  month: string;
  availability: number | null;
  checks: number;
  failedChecks: number;
  downMinutes: number;
  maintenanceMinutes: number;
  checkerOfflineMinutes: number;
  frozen: boolean;
};

export const endpointLabel = (e: Pick<EndpointMonth, "institutionName" | "transaction" | "environment">) => `${e.institutionName} ${e.transaction.toUpperCase()} (${e.environment})`;

/** Endpoint months as API rows, per endpoint, institution or vendor infrastructure (sums; frozen = all frozen). */
export function availabilityRows(list: readonly EndpointMonth[], groupBy: AvailabilityGroupBy): AvailabilityRow[] {
  const groups = new Map<string, { name: string; items: EndpointMonth[] }>();
  for (const e of list) {
    const [id, name] = groupBy === "endpoint" ? [e.endpointId, endpointLabel(e)] : groupBy === "institution" ? [e.institutionId, e.institutionName] : [e.vendorCode, e.vendorName];
    const g = groups.get(id) ?? { name, items: [] };
    g.items.push(e);
    groups.set(id, g);
  }
  return [...groups].map(([id, g]) => {
    const f = sumFigures(g.items.map((i) => i.figures));
    return {
      id,
      name: g.name,
      month: g.items[0].month,
      availability: availabilityPercent(f),
      checks: f.checks,
      failedChecks: f.failedChecks,
      downMinutes: f.downMinutes,
      maintenanceMinutes: f.maintenanceMinutes,
      checkerOfflineMinutes: f.checkerOfflineMinutes,
      frozen: g.items.every((i) => i.frozen),
    };
  });
}


/** "99,731 %" / "99.731 %"; three decimals, the API's precision. */
export function formatAvailability(value: number | null, locale: "nl" | "en"): string {
  if (value === null) return "—";
  return `${formatNumber(value, locale === "nl" ? "nl-NL" : "en-GB", { minimumFractionDigits: 3, maximumFractionDigits: 3 })} %`;
}

export function monthLabel(month: string, locale: "nl" | "en"): string {
  const [y, m] = month.split("-").map(Number);
  return formatDateTime(new Date(Date.UTC(y, m - 1, 15)), locale === "nl" ? "nl-NL" : "en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
}

