import Link from "next/link";
import { getDb } from "@/db/client";
import { getCheckerState, getEndpointHealth, getLatencySeries, getLatestResult, getUptime, listRecentResults } from "@/lib/checker/queries";
import type { Endpoint } from "@/lib/registry/queries";
import { getRunnerSettings } from "@/lib/checker/settings";
import { activeMaintenanceWindow } from "@/lib/checker/state";
import { probeResultFromRow } from "@/lib/checker/stored";
import { VERDICTS } from "@/lib/checker/verdicts";
import { format, translator, type Messages } from "@/lib/i18n/messages";
import { formatInstant } from "@/lib/registry/format";
import { CheckNowButton, type AttachEvidence } from "./check-now-button";
import { LatencyChart } from "./latency-chart";
import { VerdictDetails } from "./verdict-details";

const pct = (v: number | null, t: Messages["checker"]) => (v === null ? t.no_data : `${v >= 99.995 ? "100" : v.toFixed(2).replace(".", ",")} %`);

/** Live health of one endpoint: state, the last verdict in plain language, timings, uptime, latency, history. */
export async function HealthSection({ endpoint, mayCheck, t, locale, attach }: { endpoint: Endpoint; mayCheck: boolean; t: Messages["checker"]; locale: "nl" | "en"; attach?: AttachEvidence }) {
  const db = getDb();
  const now = new Date();
  const settings = getRunnerSettings();
  const [health, latest, uptime, latency, history, checker] = await Promise.all([
    getEndpointHealth(db, endpoint.id),
    getLatestResult(db, endpoint.id),
    getUptime(db, endpoint.id, now),
    getLatencySeries(db, endpoint.id, now),
    listRecentResults(db, endpoint.id, 30),
    getCheckerState(db),
  ]);
  const status = health?.status ?? "unknown";
  const result = latest ? probeResultFromRow(latest.result, latest.certificate, endpoint.url) : null;
  const minutes = Math.round((health?.intervalSeconds ?? settings.intervalSeconds) / 60);
  const inMaintenance = activeMaintenanceWindow(endpoint.maintenanceWindows, now) !== null;
  const labels: Record<string, string> = Object.fromEntries(Object.values(VERDICTS).map((v) => [v.code, translator(locale)(`checker.verdicts.${v.code}.label`)]));

  return (
    <>
      <section className="card" aria-labelledby="health-h">
        <h2 id="health-h">{t.health_title}</h2>
        <p className="lead">
          <span className={`tag health-${status}`} data-testid="health-status">
            {t.health[status]}
          </span>{" "}
          {health?.since && <span className="muted">{format(t.since, { time: formatInstant(health.since, locale) })}</span>}
        </p>
        {checker?.status === "offline" && <div className="alert error">{format(t.checker_offline, { time: formatInstant(checker.since, locale) })}</div>}
        {inMaintenance && <div className="alert info">{t.in_maintenance}</div>}
        <p className="muted">
          {health?.lastCheckedAt ? format(t.last_check, { time: formatInstant(health.lastCheckedAt, locale) }) : format(t.never_checked, { minutes })}{" "}
          {format(t.interval, { minutes, down: health?.downAfter ?? settings.downAfter, up: health?.upAfter ?? settings.upAfter })}
        </p>
        {mayCheck && (
          <CheckNowButton
            endpointId={endpoint.id}
            attach={attach}
            t={{ check_now: t.check_now, checking: t.checking, checking_steps: t.checking_steps, check_done: t.check_done, verdict_ok: t.verdict_ok, next_step: t.next_step, check: t.check, phases: t.phases, not_reached: t.not_reached }}
          />
        )}
      </section>

      {result && latest && (
        <section className="card" aria-labelledby="verdict-h">
          <h2 id="verdict-h">{t.verdict_title}</h2>
          <p>
            <span className={`tag health-${result.status}`}>{t.check[result.status]}</span> {formatInstant(latest.result.checkedAt, locale)} ({t.by[latest.result.trigger]})
          </p>
          <VerdictDetails result={result} t={t} locale={locale} />
          <dl className="kv">
            {result.tls.protocol && (
              <>
                <dt>{t.tls}</dt>
                <dd>
                  {result.tls.protocol} {result.tls.cipher && <span className="muted">({result.tls.cipher})</span>}
                </dd>
              </>
            )}
            {latest.certificate && (
              <>
                <dt>{t.certificate}</dt>
                <dd>
                  {latest.certificate.subject}
                  <br />
                  <span className="muted">
                    {format(t.cert_expires, { date: formatInstant(latest.certificate.notAfter, locale), days: result.certificate.daysLeft ?? "?" })}
                    {latest.certificate.ura && ` · URA ${latest.certificate.ura}`}
                  </span>
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      <section className="card" aria-labelledby="uptime-h">
        <h2 id="uptime-h">{t.uptime_title}</h2>
        <dl className="kv">
          {(["d1", "d7", "d30", "d90"] as const).map((k) => (
            <div key={k} style={{ display: "contents" }}>
              <dt>{t.uptime[k]}</dt>
              <dd data-testid={`uptime-${k}`}>{pct(uptime[k], t)}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">{t.uptime_note}</p>
        <h3 id="latency-h">{t.latency_title}</h3>
        {latency.length === 0 ? (
          <p>{t.latency_none}</p>
        ) : (
          <>
            <LatencyChart
              points={latency.map((p) => ({ hour: p.hour.toISOString(), avgMs: p.avgMs, maxMs: p.maxMs }))}
              label={t.latency_caption}
              titleId="latency-title"
              avgLabel={t.latency_avg}
              maxLabel={t.latency_max}
            />
            <details>
              <summary>{t.latency_table}</summary>
              <div className="table-wrap">
                <table>
                  <caption>{t.latency_caption}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.latency_hour}</th>
                      <th scope="col">{t.latency_avg}</th>
                      <th scope="col">{t.latency_max}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {latency
                      .slice(-48)
                      .reverse()
                      .map((p) => (
                        <tr key={p.hour.toISOString()}>
                          <td>{formatInstant(p.hour, locale)}</td>
                          <td>{format(t.ms, { ms: p.avgMs })}</td>
                          <td>{p.maxMs === null ? "—" : format(t.ms, { ms: p.maxMs })}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        )}
      </section>

      <section aria-labelledby="checks-h">
        <h2 id="checks-h">{t.history_title}</h2>
        {history.length === 0 ? (
          <p>{t.history_none}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.history_when}</th>
                  <th scope="col">{t.history_result}</th>
                  <th scope="col">{t.history_reason}</th>
                  <th scope="col">{t.history_time}</th>
                  <th scope="col">{t.history_by}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <Link href={`/registry/${endpoint.id}/checks/${h.id}`}>{formatInstant(h.checkedAt, locale)}</Link>
                    </td>
                    <td>
                      <span className={`tag health-${h.status}`}>{t.check[h.status]}</span>
                      {h.suppressed && <span className="muted"> ({t.suppressed[h.suppressed]})</span>}
                    </td>
                    <td>{[...h.reasons, ...h.warnings].map((c) => labels[c] ?? c).join(", ") || "—"}</td>
                    <td>{format(t.ms, { ms: h.totalMs })}</td>
                    <td>{t.by[h.trigger]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
