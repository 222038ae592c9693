/** The dashboard as CSV, and the PDF report for a chosen date. */
import { getTranslations } from "@/lib/i18n/translations";
import type { DashboardContext } from "./context";

export async function Exports({ ctx, qsBase, today }: { ctx: DashboardContext; qsBase: string; today: string }) {
  const t = await getTranslations("dashboard");
  const { m } = ctx;
  return (
    <section className="card widget" aria-labelledby="ex-h">
      <h2 id="ex-h">{t("exports")}</h2>
      <p>
        <a href={`/dashboard/export?${qsBase}`} download>
          {t("export_csv")}
        </a>
      </p>
      <form className="filters" method="get" action="/dashboard/report" aria-label={t("export_pdf")}>
        <div className="field">
          <label htmlFor="r-date">{t("report_date")}</label>
          <input id="r-date" name="asOf" type="date" max={today} defaultValue={m.day} required />
        </div>
        <input type="hidden" name="weeks" value={m.windowWeeks} />
        <button className="button secondary" type="submit">
          {t("export_pdf")}
        </button>
      </form>
    </section>
  );
}
