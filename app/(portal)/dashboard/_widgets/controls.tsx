/**
 * The page title, the dashboard's views (overview, attention, network) as tabs that keep the date
 * and the pace window, the as-of notice and the form that picks the date and the pace window.
 */
import { getTranslations } from "@/lib/i18n/translations";
import type { DashboardContext } from "./context";

/** The dashboard's views, in tab order: the path of each and its label's key. */
export const DASHBOARD_VIEWS = [
  { view: "overview", path: "/dashboard" },
  { view: "attention", path: "/dashboard/attention" },
  { view: "network", path: "/dashboard/network" },
] as const;
export type DashboardViewName = (typeof DASHBOARD_VIEWS)[number]["view"];

export async function Controls({ ctx, view, qsBase, today, dateError, weeksError }: { ctx: DashboardContext; view: DashboardViewName; qsBase: string; today: string; dateError: boolean; weeksError: boolean }) {
  const t = await getTranslations("dashboard");
  const { m, fd } = ctx;
  const path = DASHBOARD_VIEWS.find((v) => v.view === view)!.path;
  return (
    <>
      <h1>{m.asOf ? `${t("title")} — ${t("as_of_title", { date: fd(m.asOf) })}` : t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <nav aria-label={t("views_label")} className="view-tabs">
        <ul>
          {DASHBOARD_VIEWS.map((v) => (
            <li key={v.view}>
              <a href={`${v.path}?${qsBase}`} aria-current={v.view === view ? "page" : undefined} data-testid={`dashboard-view-${v.view}`}>
                {t(`view_${v.view}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {dateError && (
        <div className="alert error" role="alert">
          {t("bad_date")}
        </div>
      )}
      {weeksError && (
        <div className="alert error" role="alert">
          {t("bad_weeks", { weeks: m.windowWeeks })}
        </div>
      )}
      {m.asOf && (
        <div className="alert info">
          <p className="flush">{t("as_of_note", { date: fd(m.asOf) })}</p>
          <p className="flush-after">
            <a href={`${path}?weeks=${m.windowWeeks}`}>{t("today_link")}</a>
          </p>
        </div>
      )}
      <form className="filters card" method="get" action={path} aria-label={t("controls")}>
        <div className="field">
          <label htmlFor="d-asof">{t("as_of_label")}</label>
          <span className="hint" id="d-asof-hint">
            {t("as_of_hint")}
          </span>
          <input id="d-asof" name="asOf" type="date" max={today} defaultValue={m.asOf ?? ""} aria-describedby="d-asof-hint" />
        </div>
        <div className="field">
          <label htmlFor="d-weeks">{t("weeks_label")}</label>
          <span className="hint" id="d-weeks-hint">
            {t("weeks_hint")}
          </span>
          <input id="d-weeks" name="weeks" type="number" min={1} max={52} step={1} defaultValue={m.windowWeeks} aria-describedby="d-weeks-hint" className="input-narrow" />
        </div>
        <button className="button" type="submit">
          {t("show")}
        </button>
      </form>
    </>
  );
}
