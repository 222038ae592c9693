/**
 * The monthly availability report (issue 15 §2): per vendor infrastructure or for the whole
 * programme, a table per infrastructure and per institution, the month's incidents (down periods
 * with start, end, duration, cause) and the method in one paragraph. Pure: the month's endpoint
 * figures (lib/checker/queries.ts loadMonthlyAvailability, already scoped) and `generatedAt` in,
 * bytes out. The figures are the API's (availabilityRows), so JSON, CSV and PDF agree.
 */
import { availabilityRows, endpointLabel, formatAvailability, monthLabel, type AvailabilityRow, type EndpointMonth } from "@/lib/checker/availability-rows";
import { isReasonCode } from "@/lib/checker/verdicts";
import { translator } from "@/lib/i18n/messages";
import { Layout } from "./layout";
import { pdfText } from "./texts";
import type { Locale } from "./types";

export { formatAvailability, monthLabel };

export type AvailabilityReportOptions = {
  month: string;
  /** null: the whole programme. */
  vendor: { code: string; name: string } | null;
  entries: readonly EndpointMonth[];
  generatedAt: Date;
  locale?: Locale;
};

const instant = (iso: string, locale: Locale) =>
  new Date(iso).toLocaleString(locale === "nl" ? "nl-NL" : "en-GB", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });

export async function generateAvailabilityReport({ month, vendor, entries, generatedAt, locale = "nl" }: AvailabilityReportOptions): Promise<Uint8Array> {
  const t = (key: string, values?: Record<string, string | number>) => pdfText(locale)(`availability.${key}`, values);
  const tr = translator(locale);
  const num = (n: number) => n.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB");
  const label = monthLabel(month, locale);
  const title = t("title", { month: label });
  const subtitle = vendor ? t("subtitle_vendor", { vendor: vendor.name }) : t("subtitle_programme");
  const layout = await Layout.create({
    generatedAt,
    locale,
    footerNote: title,
    metadata: { title: `${title} — ${subtitle}`, subject: subtitle, keywords: ["DUO", "beschikbaarheid", month, vendor?.code ?? "programma"] },
  });
  layout.startSection({ title, version: month, institution: subtitle });
  layout.heading(title, 1);
  layout.paragraph(subtitle, { muted: true });

  const allFrozen = entries.length > 0 && entries.every((e) => e.frozen);
  const [total] = availabilityRows(entries.map((e) => ({ ...e, endpointId: "total", institutionId: "total", vendorCode: "total" })), "vendor");
  layout.heading(t("summary"), 2);
  layout.keyValues([
    [t("col_availability"), formatAvailability(total?.availability ?? null, locale)],
    [t("col_checks"), num(total?.checks ?? 0)],
    [t("col_failed"), num(total?.failedChecks ?? 0)],
    [t("col_down"), num(total?.downMinutes ?? 0)],
    [t("col_maintenance"), num(total?.maintenanceMinutes ?? 0)],
    [t("col_offline"), num(total?.checkerOfflineMinutes ?? 0)],
    [t("col_frozen"), allFrozen ? t("yes") : t("no")],
  ]);
  layout.paragraph(allFrozen ? t("frozen_note") : t("live_note"), { muted: true, size: 8.5 });

  // Each figure column as wide as its header's longest word (bold, 7.5 pt) plus the cell padding,
  // so no word is broken; the name takes the rest and wraps.
  const fit = (header: string) => ({ header, width: Math.max(...header.split(/\s+/).map((w) => layout.textWidth(w, 7.5, true))) + 12 });
  const figureColumns = ["col_availability", "col_checks", "col_failed", "col_down", "col_maintenance", "col_offline", "col_frozen"].map((k) => fit(t(k)));
  const columns = [{ header: t("col_name"), width: Math.max(90, layout.contentWidth - figureColumns.reduce((n, c) => n + c.width, 0)) }, ...figureColumns];
  const line = (r: AvailabilityRow) => [
    r.name,
    formatAvailability(r.availability, locale),
    num(r.checks),
    num(r.failedChecks),
    num(r.downMinutes),
    num(r.maintenanceMinutes),
    num(r.checkerOfflineMinutes),
    r.frozen ? t("yes") : t("no"),
  ];
  layout.heading(t("per_vendor"), 2);
  layout.table(columns, availabilityRows(entries, "vendor").map(line), { size: 7.5 });
  layout.heading(t("per_institution"), 2);
  layout.table(columns, availabilityRows(entries, "institution").map(line), { size: 7.5 });

  layout.heading(t("incidents"), 2);
  const incidents = entries
    .flatMap((e) => e.incidents.map((i) => ({ ...i, endpoint: endpointLabel(e) })))
    .sort((a, b) => a.start.localeCompare(b.start) || a.endpoint.localeCompare(b.endpoint));
  if (incidents.length === 0) layout.paragraph(t("no_incidents"), { muted: true });
  else {
    layout.table(
      [
        { header: t("col_endpoint"), width: 3 },
        { header: t("col_start"), width: 1.5 },
        { header: t("col_end"), width: 1.5 },
        { header: t("col_duration"), width: 1.1 },
        { header: t("col_reason"), width: 2 },
      ],
      incidents.map((i) => [
        i.endpoint,
        instant(i.start, locale),
        instant(i.end, locale),
        num(i.minutes),
        i.reason === null ? t("unknown_reason") : isReasonCode(i.reason) ? tr(`checker.verdicts.${i.reason}.label`) : i.reason,
      ]),
      { size: 8 },
    );
  }

  layout.heading(t("method"), 2);
  layout.paragraph(t("method_text"));
  return layout.save();
}
