import { getTranslations } from "@/lib/i18n/translations";
import { formatNumber } from "@/lib/domain/intl";
import { dayBand, DAY_BANDS } from "@/lib/domain/status";
import type { Locale } from "@/lib/i18n/messages";
import { formatInstant } from "@/lib/registry/format";
import { xmlEscape } from "@/lib/status/publish";
import type { IncidentView, InfrastructureView } from "@/lib/status/queries";

/** "4 dec 2026" for an ISO date (noon UTC is the same day in Amsterdam). */
export const formatDay = (date: string, locale: Locale) => formatInstant(new Date(`${date}T12:00:00Z`), locale, false);

export const formatPercent = (share: number, locale: Locale) =>
  `${formatNumber(Math.floor(share * 10_000) / 100, locale === "nl" ? "nl-NL" : "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} %`;

/**
 * The bars' markup per infrastructure view and locale. The status model is cached until its data
 * or the day changes (loadStatusModelCached hands out the same objects until then), and this
 * string with it: the 90 titles of each row are formatted once, not on every request (they were
 * a tenth of the page's server time), and the row goes to React as one string instead of 90
 * elements. Everything in it is escaped here: a band name from DAY_BANDS and a title made of a
 * translated text, a date and a percentage.
 */
const barsMarkup = new WeakMap<InfrastructureView, Partial<Record<Locale, string>>>();

function dayBarsMarkup(infra: InfrastructureView, locale: Locale, t: Awaited<ReturnType<typeof getTranslations<"status_page">>>): string {
  const known = barsMarkup.get(infra)?.[locale];
  if (known !== undefined) return known;
  const html = infra.days
    .map((d) => {
      const title = t("bar_title", { date: formatDay(d.date, locale), value: d.availability === null ? t("bar_none") : formatPercent(d.availability, locale) });
      return `<span class="status-bar band-${dayBand(d.availability)}" title="${xmlEscape(title)}"></span>`;
    })
    .join("");
  barsMarkup.set(infra, { ...barsMarkup.get(infra), [locale]: html });
  return html;
}

/** 90 daily bars with a text summary for screen readers (the bars themselves are decoration with tooltips). */
export async function DayBars({ infra, locale }: { infra: InfrastructureView; locale: Locale }) {
  const t = await getTranslations("status_page");
  const measured = infra.days.filter((d) => d.availability !== null);
  const average = measured.length ? measured.reduce((a, d) => a + (d.availability ?? 0), 0) / measured.length : null;
  const below = measured.filter((d) => (d.availability ?? 1) < 0.995).length;
  const first = infra.days[0].date;
  const last = infra.days[infra.days.length - 1].date;
  return (
    <figure className="status-bars">
      <figcaption className="muted">{t("bars_label", { from: formatDay(first, locale), to: formatDay(last, locale) })}</figcaption>
      <div className="status-bars-row" aria-hidden="true" dangerouslySetInnerHTML={{ __html: dayBarsMarkup(infra, locale, t) }} />
      <div className="status-bars-ends muted" aria-hidden="true">
        <span>{t("days_ago")}</span>
        <span>{t("today")}</span>
      </div>
      <p>{average === null ? t("bars_no_data") : t("bars_summary", { percent: formatPercent(average, locale), days: below })}</p>
    </figure>
  );
}

export async function BandLegend() {
  const t = await getTranslations("status_page");
  return (
    <ul className="status-band-legend">
      {DAY_BANDS.map((b) => (
        <li key={b}>
          <span className={`status-bar band-${b}`} aria-hidden="true" /> {t(`bands.${b}`)}
        </li>
      ))}
    </ul>
  );
}

/** One incident with its posts, newest first. */
export async function IncidentCard({ incident, infraName, locale, headingLevel = 3, link = true }: { incident: IncidentView; infraName: string; locale: Locale; headingLevel?: 2 | 3; link?: boolean }) {
  const t = await getTranslations("status_page");
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card status-incident" aria-labelledby={`inc-${incident.id}`}>
      <H id={`inc-${incident.id}`}>{link ? <a href={`/status/incidents/${incident.id}`}>{incident.title}</a> : incident.title}</H>
      <p>
        <span className={`tag incident-${incident.state}`}>{t(`incident_states.${incident.state}`)}</span>{" "}
        <span className="muted">{t("incident_meta", { infrastructure: infraName, time: formatInstant(incident.openedAt, locale) })}</span>
        {incident.resolvedAt && <span className="muted"> · {t("resolved_at", { time: formatInstant(incident.resolvedAt, locale) })}</span>}
      </p>
      <ol className="status-updates">
        {incident.updates.map((u) => (
          <li key={u.id}>
            <p className="muted">
              <strong>{t(`incident_states.${u.state}`)}</strong> · <time dateTime={u.at.toISOString()}>{formatInstant(u.at, locale)}</time>
            </p>
            <p className="status-message">{u.message}</p>
          </li>
        ))}
      </ol>
    </article>
  );
}
