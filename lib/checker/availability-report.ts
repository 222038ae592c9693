/**
 * The monthly availability report's data and bytes (issue 15 §2), for the route
 * `/registry/availability/report?month=YYYY-MM&vendor=<code>`: the caller's scope, optionally one
 * vendor infrastructure; the whole programme (no vendor) only for a caller who sees everything. A
 * scoped caller who names no vendor gets the report of the one vendor infrastructure their scope
 * covers (a vendor's staff: their own; an institution's people: their institution's vendor).
 */
import type { Executor } from "@/db/client";
import type { InstitutionScope } from "@/lib/auth/policy";
import { amsterdamMonthOf, isMonth, previousMonth } from "@/lib/domain/availability";
import { isVendor, VENDOR_LABELS } from "@/lib/domain/vendors";
import { AppError } from "@/lib/errors";
import { generateAvailabilityReport } from "@/lib/pdf/availability-report";
import type { Locale } from "@/lib/pdf/types";
import { loadMonthlyAvailability } from "./queries";

export function parseReportParams(params: URLSearchParams, now: Date): { month: string; vendor: string | null } {
  const current = amsterdamMonthOf(now);
  const month = params.get("month") || previousMonth(current);
  if (!isMonth(month) || month > current) throw new AppError("validation", "availability.errors.bad_month");
  const vendor = params.get("vendor") || null;
  if (vendor !== null && !isVendor(vendor)) throw new AppError("validation", "availability.errors.bad_vendor");
  return { month, vendor };
}

export async function buildAvailabilityReport(db: Executor, opts: { month: string; vendor: string | null; scope: InstitutionScope; now: Date; locale?: Locale }) {
  const all = await loadMonthlyAvailability(db, { month: opts.month, scope: opts.scope, withLiveIncidents: true });
  let code = opts.vendor;
  if (code === null && opts.scope.kind !== "all") {
    const vendors = new Set([...all.map((e) => e.vendorCode), ...(opts.scope.kind === "some" ? opts.scope.vendorCodes : [])].filter((v): v is string => v !== null));
    if (vendors.size !== 1) throw new AppError("validation", "availability.errors.choose_vendor");
    code = [...vendors][0];
  }
  const entries = code === null ? all : all.filter((e) => e.vendorCode === code);
  const vendor = code !== null && isVendor(code) ? { code, name: VENDOR_LABELS[code].name } : null;
  const bytes = await generateAvailabilityReport({ month: opts.month, vendor, entries, generatedAt: opts.now, locale: opts.locale });
  return { bytes, filename: `beschikbaarheid-${opts.month}-${code ?? "programma"}.pdf`, entries };
}
