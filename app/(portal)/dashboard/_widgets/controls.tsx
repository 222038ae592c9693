/** The page title, the as-of notice and the form that picks the date and the pace window. */
import { getTranslations } from "@/lib/i18n/translations";
import type { DashboardContext } from "./context";

export async function Controls({ ctx, today, dateError, weeksError }: { ctx: DashboardContext; today: string; dateError: boolean; weeksError: boolean }) {
  const t = await getTranslations("dashboard");
  const { m, fd } = ctx;
  return (
    <>
      <h1>{m.asOf ? `${t("title")} — ${t("as_of_title", { date: fd(m.asOf) })}` : t("title")}</h1>
      <p className="lead">{t("intro")}</p>
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
            <a href={`/dashboard?weeks=${m.windowWeeks}`}>{t("today_link")}</a>
          </p>
        </div>
      )}
      <form className="filters card" method="get" aria-label={t("controls")}>
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
