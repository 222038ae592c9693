/** What every dashboard widget needs besides its texts: the model, the locale and the formatters. */
import type { DashboardModel } from "@/lib/dashboard/model";
import { formatDate } from "@/lib/domain/dates";
import { formatNumber } from "@/lib/domain/intl";
import { phaseLabel } from "@/lib/domain/onboarding-texts";
import { isPhaseCode } from "@/lib/domain/readiness";
import { VENDOR_LABELS, isVendor } from "@/lib/domain/vendors";
import type { Locale } from "@/lib/i18n/messages";
import type { InstitutionListFilter } from "@/lib/institutions/queries";
import { filterQuery } from "@/lib/institutions/filters";

export type DashboardContext = {
  m: DashboardModel;
  locale: Locale;
  /** The institution list, filtered, on the dashboard's as-of date. */
  drill: (f: Partial<InstitutionListFilter>) => string;
  fd: (d: string) => string;
  num: (n: number) => string;
  /** The vendor's name, or `noVendor` for institutions without one. */
  vendorName: (v: string | null) => string;
  phaseLabel: (c: string) => string;
};

export function dashboardContext(m: DashboardModel, locale: Locale, noVendor: string): DashboardContext {
  const asOf = m.asOf ?? undefined;
  return {
    m,
    locale,
    drill: (f) => `/institutions?${filterQuery({ ...f, asOf })}`,
    fd: (d) => formatDate(d, locale),
    num: (n) => formatNumber(n, locale === "nl" ? "nl-NL" : "en-GB"),
    vendorName: (v) => (isVendor(v) ? VENDOR_LABELS[v].name : noVendor),
    phaseLabel: (c) => (isPhaseCode(c) ? phaseLabel(c, locale) : c),
  };
}
