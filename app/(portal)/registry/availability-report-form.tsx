/** The monthly availability report (issue 15 §2): month and vendor infrastructure, downloaded as a PDF (GET form, no script). */
import { getTranslations } from "@/lib/i18n/translations";
import { amsterdamMonthOf, previousMonth } from "@/lib/domain/availability";
import { VENDOR_CODES, VENDOR_LABELS } from "@/lib/domain/vendors";
import { monthLabel } from "@/lib/checker/availability-rows";
import type { Locale } from "@/lib/i18n/messages";

export async function AvailabilityReportForm({ locale, programme, now }: { locale: Locale; programme: boolean; now: Date }) {
  const t = await getTranslations("availability");
  const months: string[] = [];
  for (let m = amsterdamMonthOf(now), i = 0; i < 12; m = previousMonth(m), i++) months.push(m);
  return (
    <section className="card" aria-labelledby="avail-report-h">
      <h2 id="avail-report-h">{t("report_form")}</h2>
      <p className="muted">{t("report_hint")}</p>
      <form className="filters" method="get" action="/registry/availability/report">
        <div className="field">
          <label htmlFor="ar-month">{t("report_month")}</label>
          <select id="ar-month" name="month" defaultValue={months[1]}>
            {months.map((m) => (
              <option key={m} value={m}>
                {monthLabel(m, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ar-vendor">{t("report_vendor")}</label>
          <select id="ar-vendor" name="vendor" defaultValue={programme ? "" : VENDOR_CODES[0]}>
            {programme && <option value="">{t("report_all")}</option>}
            {VENDOR_CODES.map((v) => (
              <option key={v} value={v}>
                {VENDOR_LABELS[v].name}
              </option>
            ))}
          </select>
        </div>
        <button className="button secondary" type="submit">
          {t("report_download")}
        </button>
      </form>
    </section>
  );
}
