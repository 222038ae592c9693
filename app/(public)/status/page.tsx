import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { INFRASTRUCTURE_STATES } from "@/lib/domain/status";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant } from "@/lib/registry/format";
import { loadStatusModelCached } from "@/lib/status/queries";
import { ScrollBox } from "@/app/_components/scroll-box";
import { BandLegend, DayBars, IncidentCard } from "./status-parts";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("status_page");
  return { title: t("title"), alternates: { types: { "application/atom+xml": "/status/feed.atom", "application/json": "/status.json" } } };
}

/** Public: aggregates only. No URLs, no certificates, nothing about a single institution. */
export default async function StatusPage() {
  await connection();
  await ensureDatabaseReady();
  const [t, locale] = await Promise.all([getTranslations("status_page"), getLocale()]);
  const now = new Date();
  const m = await loadStatusModelCached(getDb(), now);
  const name = (code: string) => m.infrastructures.find((i) => i.code === code)?.name ?? code;
  const open = m.incidents.filter((i) => i.state !== "resolved");
  const resolved = m.incidents.filter((i) => i.state === "resolved");

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p className="muted">{t("generated", { time: formatInstant(m.generatedAt, locale) })}</p>
      {m.checker?.status === "offline" && <div className="alert error">{t("checker_offline", { time: formatInstant(m.checker.since, locale) })}</div>}

      <div className="grid">
        <div className="card stat-card">
          <h2 className="stat-label">{t("live_label")}</h2>
          <p className="stat">{m.live}</p>
          <p className="note muted">{t("live_note")}</p>
        </div>
        <div className="card stat-card">
          <h2 className="stat-label">{t("production_label")}</h2>
          <p className="stat">{m.institutionsWithActiveProduction}</p>
          <p className="note muted">{t("production_note")}</p>
        </div>
      </div>

      <section aria-labelledby="incidents-h">
        <h2 id="incidents-h">{t("incidents_title")}</h2>
        {open.length === 0 ? <p>{t("incidents_none")}</p> : open.map((i) => <IncidentCard key={i.id} incident={i} infraName={name(i.vendorCode)} locale={locale} />)}
      </section>

      <section aria-labelledby="maintenance-h">
        <h2 id="maintenance-h">{t("maintenance_title")}</h2>
        {m.maintenance.length === 0 ? (
          <p>{t("maintenance_none")}</p>
        ) : (
          <ul className="status-maintenance">
            {m.maintenance.map((x) => (
              <li key={x.id} id={x.kind === "announced" ? `maintenance-${x.id}` : undefined}>
                <strong>{name(x.vendorCode)}</strong>: {x.title ?? t("maintenance_window")}
                {x.startsAt <= now && <span className="tag health-degraded">{t("maintenance_now")}</span>}
                <br />
                <span className="muted">{t("maintenance_when", { start: formatInstant(x.startsAt, locale), end: formatInstant(x.endsAt, locale) })}</span>
                {x.message && <p className="status-message">{x.message}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="infra-h">
        <h2 id="infra-h">{t("infra_title")}</h2>
        <p>{t("infra_intro")}</p>
        {m.infrastructures.map((inf) => (
          <article key={inf.code} className="card status-infra" aria-labelledby={`infra-${inf.code}`}>
            <h3 id={`infra-${inf.code}`}>
              {inf.name} <span className="muted">({t(`world.${inf.world}`)})</span>
            </h3>
            <p>
              <span className={`tag state-${inf.status.state}`}>{t(`states.${inf.status.state}`)}</span>{" "}
              {t(`reasons.${inf.status.reason}`, {
                central: inf.status.centralDown,
                down: inf.status.down,
                checked: inf.status.checked,
                impaired: inf.status.down + inf.status.degraded,
                percent: m.outagePercent,
              })}
            </p>
            <p className="muted">{t("central_count", { total: inf.central.total, up: inf.central.up })}</p>
            <DayBars infra={inf} locale={locale} />
          </article>
        ))}
        <BandLegend />
      </section>

      <section aria-labelledby="gateways-h">
        <h2 id="gateways-h">{t("gateways_title")}</h2>
        <p>{t("gateways_intro")}</p>
        <ScrollBox label={t("gateways_title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("col_infrastructure")}</th>
                <th scope="col">{t("col_up")}</th>
                <th scope="col">{t("col_degraded")}</th>
                <th scope="col">{t("col_down")}</th>
                <th scope="col">{t("col_unknown")}</th>
              </tr>
            </thead>
            <tbody>
              {m.infrastructures.map((inf) => (
                <tr key={inf.code}>
                  <th scope="row">{inf.name}</th>
                  <td>{inf.gateways.up}</td>
                  <td>{inf.gateways.degraded}</td>
                  <td>{inf.gateways.down}</td>
                  <td>{inf.gateways.unknown}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>

      <section aria-labelledby="legend-h">
        <h2 id="legend-h">{t("legend_title")}</h2>
        <dl className="status-legend">
          {INFRASTRUCTURE_STATES.map((s) => (
            <div key={s}>
              <dt>
                <span className={`tag state-${s}`}>{t(`states.${s}`)}</span>
              </dt>
              <dd>{t(`legend.${s}`, { percent: m.outagePercent })}</dd>
            </div>
          ))}
        </dl>
      </section>

      {resolved.length > 0 && (
        <section aria-labelledby="resolved-h">
          <h2 id="resolved-h">{t("recent_title")}</h2>
          {resolved.map((i) => (
            <IncidentCard key={i.id} incident={i} infraName={name(i.vendorCode)} locale={locale} />
          ))}
        </section>
      )}

      <section aria-labelledby="more-h">
        <h2 id="more-h">{t("more_title")}</h2>
        <ul>
          <li>
            <Link href="/status/subscribe">{t("subscribe_link")}</Link>
          </li>
          <li>
            <Link href="/status/incidents">{t("history_link")}</Link>
          </li>
          <li>
            <a href="/status/feed.atom">{t("feed_link")}</a>
          </li>
          <li>
            <a href="/status.json">{t("json_link")}</a>
          </li>
        </ul>
      </section>
    </>
  );
}
