import Link from "next/link";
import { getDb } from "@/db/client";
import { getCheckerState, getEndpointAvailability, getEndpointHealth, getLatestResult, listRecentResults } from "@/lib/checker/queries";
import { formatAvailability, monthLabel } from "@/lib/checker/availability-rows";
import type { Endpoint } from "@/lib/registry/queries";
import { getRunnerSettings } from "@/lib/checker/settings";
import { activeMaintenanceWindow } from "@/lib/checker/state";
import { probeResultFromRow } from "@/lib/checker/stored";
import { VERDICTS } from "@/lib/checker/verdicts";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { formatInstant } from "@/lib/registry/format";
import { CheckNowButton, type AttachEvidence } from "./check-now-button";
import { LatencyChart } from "./latency-chart";
import { VerdictDetails } from "./verdict-details";
import { DataTable } from "@/app/_components/data-table";
import { formatNumber } from "@/lib/domain/intl";

const pct = (v: number | null, noData: string) => (v === null ? noData : `${v >= 99.995 ? "100" : v.toFixed(2).replace(".", ",")} %`);

/** Live health of one endpoint: state, the last verdict in plain language, timings, uptime, latency, history. */
export async function HealthSection({ endpoint, mayCheck, attach }: { endpoint: Endpoint; mayCheck: boolean; attach?: AttachEvidence }) {
  const [t, ta, locale] = await Promise.all([getTranslations("checker"), getTranslations("availability"), getLocale()]);
  const db = getDb();
  const now = new Date();
  const settings = getRunnerSettings();
  const [health, latest, { uptime, latency, months }, history, checker] = await Promise.all([
    getEndpointHealth(db, endpoint.id),
    getLatestResult(db, endpoint.id),
    // The months, the uptime and the latency chart from one read of the hourly rollups.
    getEndpointAvailability(db, endpoint.id, now, 12),
    listRecentResults(db, endpoint.id, 30),
    getCheckerState(db),
  ]);
  const lastMonth = months[months.length - 2]?.month;
  const num = (n: number) => formatNumber(n, locale === "nl" ? "nl-NL" : "en-GB");
  const status = health?.status ?? "unknown";
  const result = latest ? probeResultFromRow(latest.result, latest.certificate, endpoint.url) : null;
  const minutes = Math.round((health?.intervalSeconds ?? settings.intervalSeconds) / 60);
  const inMaintenance = activeMaintenanceWindow(endpoint.maintenanceWindows, now) !== null;
  const labels: Record<string, string> = Object.fromEntries(Object.values(VERDICTS).map((v) => [v.code, t(`verdicts.${v.code}.label`)]));

  return (
    <>
      <section className="card" aria-labelledby="health-h">
        <h2 id="health-h">{t("health_title")}</h2>
        <p className="lead">
          <span className={`tag health-${status}`} data-testid="health-status">
            {t(`health.${status}`)}
          </span>{" "}
          {health?.since && <span className="muted">{t("since", { time: formatInstant(health.since, locale) })}</span>}
        </p>
        {checker?.status === "offline" && <div className="alert error">{t("checker_offline", { time: formatInstant(checker.since, locale) })}</div>}
        {inMaintenance && <div className="alert info">{t("in_maintenance")}</div>}
        <p className="muted">
          {health?.lastCheckedAt ? t("last_check", { time: formatInstant(health.lastCheckedAt, locale) }) : t("never_checked", { minutes: String(minutes) })}{" "}
          {t("interval", { minutes: String(minutes), down: String(health?.downAfter ?? settings.downAfter), up: String(health?.upAfter ?? settings.upAfter) })}
        </p>
        {mayCheck && (
          <CheckNowButton endpointId={endpoint.id} attach={attach} />
        )}
      </section>

      {result && latest && (
        <section className="card" aria-labelledby="verdict-h">
          <h2 id="verdict-h">{t("verdict_title")}</h2>
          <p>
            <span className={`tag health-${result.status}`}>{t(`check.${result.status}`)}</span> {formatInstant(latest.result.checkedAt, locale)} ({t(`by.${latest.result.trigger}`)})
          </p>
          <VerdictDetails result={result} />
          <dl className="kv">
            {result.tls.protocol && (
              <>
                <dt>{t("tls")}</dt>
                <dd>
                  {result.tls.protocol} {result.tls.cipher && <span className="muted">({result.tls.cipher})</span>}
                </dd>
              </>
            )}
            {latest.certificate && (
              <>
                <dt>{t("certificate")}</dt>
                <dd>
                  {latest.certificate.subject}
                  <br />
                  <span className="muted">
                    {t("cert_expires", { date: formatInstant(latest.certificate.notAfter, locale), days: String(result.certificate.daysLeft ?? "?") })}
                    {latest.certificate.ura && ` · URA ${latest.certificate.ura}`}
                  </span>
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      <section className="card" aria-labelledby="uptime-h">
        <h2 id="uptime-h">{t("uptime_title")}</h2>
        <dl className="kv">
          {(["d1", "d7", "d30", "d90"] as const).map((k) => (
            <div key={k} style={{ display: "contents" }}>
              <dt>{t(`uptime.${k}`)}</dt>
              <dd data-testid={`uptime-${k}`}>{pct(uptime[k], t("no_data"))}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">{t("uptime_note")}</p>
        <h3 id="months-h">{ta("title")}</h3>
        <p className="muted">{ta("intro")}</p>
        <DataTable
          label={ta("title")}
          labelledBy="months-h"
          testId="availability-months"
          rowHeader="bare"
          head={[ta("month"), ta("availability"), ta("down_minutes"), ta("maintenance_minutes"), ta("offline_minutes"), ta("state")]}
          rows={[...months].reverse().map((m) => ({
            key: m.month,
            header: monthLabel(m.month, locale),
            cells: [
              m.figures.checks === 0 ? ta("none") : formatAvailability(m.availability, locale),
              num(m.figures.downMinutes),
              num(m.figures.maintenanceMinutes),
              num(m.figures.checkerOfflineMinutes),
              !m.frozen ? ta("live") : (m.revision ?? 1) > 1 ? ta("corrected", { revision: String(m.revision) }) : ta("frozen"),
            ],
          }))}
        />
        {lastMonth && (
          <p>
            <a href={`/registry/availability/report?month=${lastMonth}&vendor=${endpoint.vendorCode}`}>{ta("report_link", { month: monthLabel(lastMonth, locale) })}</a>
          </p>
        )}
        <h3 id="latency-h">{t("latency_title")}</h3>
        {latency.length === 0 ? (
          <p>{t("latency_none")}</p>
        ) : (
          <>
            <LatencyChart points={latency.map((p) => ({ hour: p.hour.toISOString(), avgMs: p.avgMs, maxMs: p.maxMs }))} titleId="latency-title" locale={locale} texts={{ caption: t("latency_caption"), avg: t("latency_avg"), max: t("latency_max") }} />
            <details>
              <summary>{t("latency_table")}</summary>
              <DataTable
                label={t("latency_caption")}
                caption={t("latency_caption")}
                head={[t("latency_hour"), t("latency_avg"), t("latency_max")]}
                rows={latency
                  .slice(-48)
                  .reverse()
                  .map((p) => ({
                    key: p.hour.toISOString(),
                    cells: [formatInstant(p.hour, locale), t("ms", { ms: String(p.avgMs) }), p.maxMs === null ? "—" : t("ms", { ms: String(p.maxMs) })],
                  }))}
              />
            </details>
          </>
        )}
      </section>

      <section aria-labelledby="checks-h">
        <h2 id="checks-h">{t("history_title")}</h2>
        {history.length === 0 ? (
          <p>{t("history_none")}</p>
        ) : (
          <DataTable
            label={t("history_title")}
            head={[t("history_when"), t("history_result"), t("history_reason"), t("history_time"), t("history_by")]}
            rows={history.map((h) => ({
              key: String(h.id),
              cells: [
                <Link href={`/registry/${endpoint.id}/checks/${h.id}`}>{formatInstant(h.checkedAt, locale)}</Link>,
                <>
                  <span className={`tag health-${h.status}`}>{t(`check.${h.status}`)}</span>
                  {h.suppressed && <span className="muted"> ({t(`suppressed.${h.suppressed}`)})</span>}
                </>,
                [...h.reasons, ...h.warnings].map((c) => labels[c] ?? c).join(", ") || "—",
                t("ms", { ms: String(h.totalMs) }),
                t(`by.${h.trigger}`),
              ],
            }))}
          />
        )}
      </section>
    </>
  );
}
