/** The availability rows as CSV (issue 15 §2): the API's JSON field names as the header, the same values. */
import { toSafeCsv } from "@/lib/csv";
import type { AvailabilityRow } from "./availability-rows";

export const AVAILABILITY_CSV_COLUMNS = ["id", "name", "month", "availability", "checks", "failedChecks", "downMinutes", "maintenanceMinutes", "checkerOfflineMinutes", "frozen"] as const;

export function availabilityCsv(rows: readonly AvailabilityRow[]): string {
  return toSafeCsv(
    AVAILABILITY_CSV_COLUMNS,
    rows.map((r) => [r.id, r.name, r.month, r.availability, r.checks, r.failedChecks, r.downMinutes, r.maintenanceMinutes, r.checkerOfflineMinutes, r.frozen ? "true" : "false"]),
  );
}
