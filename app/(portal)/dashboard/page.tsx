import type { Metadata } from "next";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import type { InstitutionListFilter } from "@/lib/institutions/queries";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { loadDashboard, loadNetworkHealth, type DashboardModel, type NetworkHealth } from "@/lib/dashboard/model";
import { parseDashboardParams } from "@/lib/dashboard/params";
import { chartEnd, clipSeries } from "@/lib/dashboard/series";
import { formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import type { Milestone, MilestoneEvaluation } from "@/lib/domain/milestones";
import { PHASES } from "@/lib/domain/readiness";
import { findStep, PRECONDITIONS, type PreconditionCode } from "@/lib/domain/steps";
import { VENDOR_LABELS, isVendor } from "@/lib/domain/vendors";
import { format } from "@/lib/i18n/messages";
import { getMessages } from "@/lib/i18n/server";
import { filterQuery } from "@/lib/institutions/filters";
import { provinceName } from "@/lib/labels";
import { BurnUpChart, type ChartSeries } from "./burnup-chart";

export const metadata: Metadata = { title: "Dashboard" };

type Locale = "nl" | "en";

/** The page shows the longest-waiting few per precondition; the link above each list shows all. */
const BLOCKERS_ON_PAGE = 5;

const COLORS = { live: "#0b5394", agreements: "#8a4f00", mitz_connected: "#2e7d32", mitz_filled: "#6a1b9a", projection: "#0b5394", required: "#b3261e" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("dashboard.view");
  await connection();
  const { t, locale } = await getMessages();
  const td = t.dashboard;
  const now = new Date();
  const today = toAmsterdamDate(now);
  const params = parseDashboardParams(await searchParams, today);
  const [m, network] = await Promise.all([
    loadDashboard(getDb(), { asOf: params.asOf, now, windowWeeks: params.weeks }),
    params.asOf ? null : loadNetworkHealth(getDb(), now),
  ]);
  const asOf = m.asOf ?? undefined;
  const drill = (f: Partial<InstitutionListFilter>) => `/institutions?${filterQuery({ ...f, asOf })}`;
  const fd = (d: string) => formatDate(d)[locale];
  const num = (n: number) => n.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB");
  const vendorName = (v: string | null) => (isVendor(v) ? VENDOR_LABELS[v].name : td.no_vendor);
  const phaseLabel = (c: string) => PHASES.find((p) => p.code === c)?.label[locale] ?? c;
  const mostBlocking = [...PRECONDITIONS].sort((a, b) => m.blockingCounts[b.code] - m.blockingCounts[a.code])[0];
  const qsBase = new URLSearchParams({ ...(asOf ? { asOf } : {}), weeks: String(m.windowWeeks) }).toString();

  const end = chartEnd({ day: m.day, targetDate: m.targetDate });
  const projected = clipSeries({ points: m.forecast.projectedSeries, end });
  const chartSeries: ChartSeries[] = [
    { key: "agreements", label: td.series_agreements, color: COLORS.agreements, points: m.chart.map((p) => ({ date: p.date, count: p.agreements })) },
    { key: "mitz_connected", label: td.series_mitz_connected, color: COLORS.mitz_connected, points: m.chart.map((p) => ({ date: p.date, count: p.mitz_connected })) },
    { key: "mitz_filled", label: td.series_mitz_filled, color: COLORS.mitz_filled, points: m.chart.map((p) => ({ date: p.date, count: p.mitz_filled })) },
    { key: "live", label: td.series_live, color: COLORS.live, width: 3, points: m.chart.map((p) => ({ date: p.date, count: p.live })) },
    ...(projected.length > 1 ? [{ key: "projection", label: td.series_projection, color: COLORS.projection, dashed: true, points: projected }] : []),
    ...(m.forecast.requiredSeries.length > 1 ? [{ key: "required", label: td.series_required, color: COLORS.required, dashed: true, width: 1.5, points: m.forecast.requiredSeries }] : []),
  ];

  return (
    <>
      <h1>{m.asOf ? `${td.title} — ${format(td.as_of_title, { date: fd(m.asOf) })}` : td.title}</h1>
      <p className="lead">{td.intro}</p>
      {params.dateError && <div className="alert error" role="alert">{td.bad_date}</div>}
      {params.weeksError && <div className="alert error" role="alert">{format(td.bad_weeks, { weeks: m.windowWeeks })}</div>}
      {m.asOf && (
        <div className="alert info">
          <p style={{ margin: 0 }}>{format(td.as_of_note, { date: fd(m.asOf) })}</p>
          <p style={{ margin: ".5rem 0 0" }}>
            <a href={`/dashboard?weeks=${m.windowWeeks}`}>{td.today_link}</a>
          </p>
        </div>
      )}

      <form className="filters card" method="get" aria-label={td.controls}>
        <div className="field">
          <label htmlFor="d-asof">{td.as_of_label}</label>
          <span className="hint" id="d-asof-hint">{td.as_of_hint}</span>
          <input id="d-asof" name="asOf" type="date" max={today} defaultValue={m.asOf ?? ""} aria-describedby="d-asof-hint" />
        </div>
        <div className="field">
          <label htmlFor="d-weeks">{td.weeks_label}</label>
          <span className="hint" id="d-weeks-hint">{td.weeks_hint}</span>
          <input id="d-weeks" name="weeks" type="number" min={1} max={52} step={1} defaultValue={m.windowWeeks} aria-describedby="d-weeks-hint" style={{ width: "6rem" }} />
        </div>
        <button className="button" type="submit">{td.show}</button>
      </form>

      <section aria-labelledby="sum-h">
        <h2 id="sum-h">{td.summary}</h2>
        <div className="grid">
          <Stat label={td.total} value={num(m.total)} href={drill({})} testId="stat-total" />
          <Stat label={td.live} value={num(m.live)} href={drill({ live: true })} note={format(td.of_target, { target: num(m.targetCount) })} testId="stat-live" />
          <Stat label={td.ready} value={num(m.byPhase.ready_for_go_live)} href={drill({ phase: "ready_for_go_live" })} testId="stat-ready" />
          <Stat label={td.awaiting} value={num(m.awaitingTotal)} href={drill({ awaiting: true })} testId="stat-awaiting" />
          <div className="card">
            <h3 style={{ margin: 0, fontSize: "1rem" }}>{format(td.days_left, { date: fd(m.targetDate) })}</h3>
            <p className="stat" data-testid="stat-days">{num(m.daysRemaining)}</p>
          </div>
        </div>
      </section>

      <div className="grid">
        <section className="card" aria-labelledby="funnel-h">
          <h2 id="funnel-h" style={{ marginTop: 0 }}>{td.funnel}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{td.phase}</th>
                <th scope="col">{td.count}</th>
                <th scope="col">{td.share}</th>
              </tr>
            </thead>
            <tbody>
              {PHASES.map((p) => (
                <tr key={p.code}>
                  <th scope="row" style={{ background: "none", fontWeight: 400 }}>{p.label[locale]}</th>
                  <td>
                    <a href={drill({ phase: p.code })} data-testid={`phase-${p.code}`}>{num(m.byPhase[p.code])}</a>
                  </td>
                  <td style={{ minWidth: "7rem" }}>
                    <div className="progress" aria-hidden="true">
                      <div style={{ width: `${m.total ? (100 * m.byPhase[p.code]) / m.total : 0}%` }} />
                    </div>
                    <span className="muted">{m.total ? Math.round((100 * m.byPhase[p.code]) / m.total) : 0}%</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card" aria-labelledby="pre-h">
          <h2 id="pre-h" style={{ marginTop: 0 }}>{td.preconditions}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{td.precondition}</th>
                <th scope="col">{td.met}</th>
                <th scope="col">{td.not_met}</th>
                <th scope="col">{t.institutions.blocking}</th>
              </tr>
            </thead>
            <tbody>
              {PRECONDITIONS.map((p) => (
                <tr key={p.code}>
                  <th scope="row" style={{ background: "none", fontWeight: 400 }}>{p.label[locale]}</th>
                  <td><a href={drill({ met: p.code })} data-testid={`met-${p.code}`}>{num(m.preconditionMet[p.code])}</a></td>
                  <td><a href={drill({ unmet: p.code })}>{num(m.total - m.preconditionMet[p.code])}</a></td>
                  <td><a href={drill({ blocking: p.code })}>{num(m.blockingCounts[p.code])}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
          {mostBlocking && m.blockingCounts[mostBlocking.code] > 0 && (
            <p><strong>{format(td.blocking_most, { label: mostBlocking.label[locale], count: num(m.blockingCounts[mostBlocking.code]) })}</strong></p>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="ms-h">
        <h2 id="ms-h" style={{ marginTop: 0 }}>{td.milestones}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{td.milestone}</th>
                <th scope="col">{td.date}</th>
                <th scope="col">{td.target}</th>
                <th scope="col">{td.actual}</th>
                <th scope="col">{td.status}</th>
                <th scope="col">{td.explanation}</th>
              </tr>
            </thead>
            <tbody>
              {m.milestones.map((e) => (
                <tr key={e.code} data-testid={`milestone-${e.code}`}>
                  <td>{e.title[locale]}</td>
                  <td>{fd(e.date)}</td>
                  <td>{e.target === null ? <span className="muted">{td.manual}</span> : num(e.target)}</td>
                  <td>{e.actual === null ? "—" : <a href={milestoneHref(e, m.milestoneDefs.find((d) => d.code === e.code)!, m)}>{num(e.actual)}</a>}</td>
                  <td><span className="tag">{e.statusLabel[locale]}</span></td>
                  <td>{e.explanation[locale]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {can(actor, "milestones.manage") && (
          <p><a href="/admin/milestones">{td.edit_milestones}</a></p>
        )}
      </section>

      <section className="card" aria-labelledby="bu-h">
        <h2 id="bu-h" style={{ marginTop: 0 }}>{td.burnup}</h2>
        <p className="muted">{format(td.burnup_intro, { weeks: m.windowWeeks })}</p>
        <BurnUpChart series={chartSeries} target={m.targetCount} targetDate={m.targetDate} label={td.chart_label} titleId="burnup-title" />
        <h3>{td.forecast}</h3>
        <dl className="kv" data-testid="forecast">
          <dt>{td.live}</dt>
          <dd><a href={drill({ live: true })}>{num(m.forecast.currentCount)}</a> {format(td.of_target, { target: num(m.targetCount) })}</dd>
          <dt>{td.remaining}</dt>
          <dd>{num(m.forecast.remaining)}</dd>
          <dt>{format(td.pace, { weeks: m.windowWeeks })}</dt>
          <dd>{format(td.per_week, { n: num(m.forecast.pacePerWeek) })}</dd>
          <dt>{format(td.projected, { target: num(m.targetCount) })}</dt>
          <dd>{m.forecast.projectedDate ? fd(m.forecast.projectedDate) : format(td.projected_none, { weeks: m.windowWeeks })}</dd>
          <dt>{format(td.needed, { date: fd(m.targetDate) })}</dt>
          <dd>{m.forecast.requiredPerWeek === null ? td.needed_none : format(td.per_week, { n: num(m.forecast.requiredPerWeek) })}</dd>
          <dt>{td.status}</dt>
          <dd><span className="tag">{m.forecast.onTrack ? td.on_track : td.off_track}</span></dd>
        </dl>
        {!params.table ? (
          <p>
            <a href={`/dashboard?${qsBase}&table=1#burnup-table`}>{td.table_toggle}</a>
          </p>
        ) : (
          <div className="table-wrap" id="burnup-table" tabIndex={-1}>
            <table>
              <caption>{td.burnup}</caption>
              <thead>
                <tr>
                  <th scope="col">{td.week}</th>
                  <th scope="col">{td.series_live}</th>
                  <th scope="col">{td.series_agreements}</th>
                  <th scope="col">{td.series_mitz_connected}</th>
                  <th scope="col">{td.series_mitz_filled}</th>
                </tr>
              </thead>
              <tbody>
                {m.chart.map((p) => (
                  <tr key={p.date}>
                    <th scope="row" style={{ background: "none", fontWeight: 400 }}>{fd(p.date)}</th>
                    <td>{p.live}</td>
                    <td>{p.agreements}</td>
                    <td>{p.mitz_connected}</td>
                    <td>{p.mitz_filled}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="bl-h">
        <h2 id="bl-h">{td.blockers}</h2>
        <p className="muted">{td.blockers_intro}</p>
        {PRECONDITIONS.map((p) => (
          <section className="card" key={p.code} aria-labelledby={`bl-${p.code}`}>
            <h3 id={`bl-${p.code}`} style={{ marginTop: 0 }}>
              {p.label[locale]}: <a href={drill({ blocking: p.code, sort: "time_in_phase" })}>{format(td.all_blocked, { count: num(m.blockingCounts[p.code]) })}</a>
            </h3>
            {m.blockers[p.code].length === 0 ? (
              <p>{td.blockers_none}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{td.institution}</th>
                      <th scope="col">{td.vendor}</th>
                      <th scope="col">{td.phase}</th>
                      <th scope="col">{td.days_in_phase}</th>
                      <th scope="col">{td.next_action}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.blockers[p.code].slice(0, BLOCKERS_ON_PAGE).map((b) => (
                      <tr key={b.institutionId}>
                        <td><a href={`/institutions/${b.institutionId}`}>{b.name}</a></td>
                        <td>{vendorName(b.vendorCode)}</td>
                        <td>{phaseLabel(b.phase)}</td>
                        <td>{b.daysInPhase ?? "—"}</td>
                        <td>{b.nextAction[locale]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ))}
      </section>

      <section className="card" aria-labelledby="aw-h">
        <h2 id="aw-h" style={{ marginTop: 0 }}>{td.waiting}</h2>
        {m.awaitingTotal === 0 ? (
          <p>{td.waiting_none}</p>
        ) : (
          <>
            <p>
              <a href={drill({ awaiting: true })}>{format(td.waiting_intro, { count: num(m.awaitingTotal) })}</a>
              {!m.asOf && can(actor, "step.verify") && (
                <>
                  {" · "}
                  <a href="/review">{td.to_review}</a>
                </>
              )}
            </p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{td.institution}</th>
                    <th scope="col">{td.step}</th>
                    <th scope="col">{td.reported_on}</th>
                    <th scope="col">{td.age}</th>
                  </tr>
                </thead>
                <tbody>
                  {m.awaiting.map((a) => (
                    <tr key={`${a.institutionId}-${a.stepCode}`}>
                      <td><a href={`/institutions/${a.institutionId}`}>{a.name}</a></td>
                      <td>{findStep({ code: a.stepCode as never })?.title[locale] ?? a.stepCode}</td>
                      <td>{fd(a.reportedOn)}</td>
                      <td>{a.ageDays}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="vd-h">
        <h2 id="vd-h" style={{ marginTop: 0 }}>{td.vendors}</h2>
        <p className="muted">{td.vendors_intro}</p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{td.vendor}</th>
                <th scope="col">{td.total}</th>
                <th scope="col">{td.live}</th>
                <th scope="col">{td.ready}</th>
                {PRECONDITIONS.map((p) => (
                  <th scope="col" key={p.code}>{p.label[locale]}</th>
                ))}
                <th scope="col">{td.avg_readiness}</th>
                <th scope="col">{td.awaiting}</th>
                <th scope="col">{td.endpoints}</th>
              </tr>
            </thead>
            <tbody>
              {m.vendors.map((v) => {
                const vf = { vendor: v.vendor ?? "none" };
                return (
                  <tr key={v.vendor ?? "none"} data-testid={`vendor-${v.vendor ?? "none"}`}>
                    <th scope="row" style={{ background: "none" }}>{vendorName(v.vendor)}</th>
                    <td><a href={drill(vf)}>{num(v.n)}</a></td>
                    <td><a href={drill({ ...vf, live: true })}>{num(v.live)}</a></td>
                    <td><a href={drill({ ...vf, phase: "ready_for_go_live" })}>{num(v.ready)}</a></td>
                    {PRECONDITIONS.map((p) => (
                      <td key={p.code}><a href={drill({ ...vf, met: p.code })}>{num(v.met[p.code as PreconditionCode])}</a></td>
                    ))}
                    <td>{v.averagePercent}%</td>
                    <td><a href={drill({ ...vf, awaiting: true })}>{num(v.awaiting)}</a></td>
                    <td>{v.vendor ? <a href={`/registry?vendor=${v.vendor}&status=active`}>{`${num(v.endpoints.acceptance)} / ${num(v.endpoints.production)}`}</a> : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="nw-h">
        <h2 id="nw-h" style={{ marginTop: 0 }}>{td.network}</h2>
        {network ? <NetworkTable network={network} labels={{ ...td, health: t.checker.health }} vendorName={vendorName} num={num} locale={locale} /> : <p>{td.network_as_of}</p>}
      </section>

      <div className="grid">
        <CountCard id="kind" title={td.by_kind} head={td.kind} liveLabel={td.live} countLabel={td.count} rows={m.byKind.map((r) => ({ label: t.kinds[r.key as keyof typeof t.kinds] ?? String(r.key), n: r.n, live: r.live, href: drill({ kind: r.key ?? undefined }), liveHref: drill({ kind: r.key ?? undefined, live: true }) }))} num={num} />
        <CountCard id="province" title={td.by_province} head={td.province} liveLabel={td.live} countLabel={td.count} rows={m.byProvince.map((r) => ({ label: provinceName(r.key, locale as Locale), n: r.n, live: r.live, href: drill({ province: r.key ?? undefined }), liveHref: drill({ province: r.key ?? undefined, live: true }) }))} num={num} />
      </div>

      <section className="card" aria-labelledby="ex-h">
        <h2 id="ex-h" style={{ marginTop: 0 }}>{td.exports}</h2>
        <p>
          <a href={`/dashboard/export?${qsBase}`} download>{td.export_csv}</a>
        </p>
        <form className="filters" method="get" action="/dashboard/report" aria-label={td.export_pdf}>
          <div className="field">
            <label htmlFor="r-date">{td.report_date}</label>
            <input id="r-date" name="asOf" type="date" max={today} defaultValue={m.day} required />
          </div>
          <input type="hidden" name="weeks" value={m.windowWeeks} />
          <button className="button secondary" type="submit">{td.export_pdf}</button>
        </form>
      </section>
    </>
  );
}

function milestoneHref(e: MilestoneEvaluation, def: Milestone, m: DashboardModel): string {
  const passed = e.daysToDate < 0;
  const date = passed ? e.date : m.day;
  const asOf = date < m.today ? date : undefined;
  const metric = def.metric;
  // A count of infrastructures, not of institutions: the vendor table shows which ones.
  if (metric.kind === "infrastructures_live") return "#vd-h";
  const vendor = "vendors" in metric && metric.vendors && metric.vendors.length === 1 ? metric.vendors[0] : undefined;
  if (metric.kind === "institutions_precondition_met") return `/institutions?${filterQuery({ met: metric.precondition, vendor, asOf })}`;
  return `/institutions?${filterQuery({ live: true, vendor, asOf })}`;
}

function NetworkTable({ network, labels, vendorName, num, locale }: { network: NetworkHealth; labels: { network_intro: string; network_outage: string; network_checker_offline: string; network_total: string; vendor: string; health: Record<"unknown" | "up" | "degraded" | "down", string> }; vendorName: (v: string | null) => string; num: (n: number) => string; locale: Locale }) {
  const href = (vendor: string, health?: string) => `/registry?${new URLSearchParams({ vendor, status: "active", ...(health ? { health } : {}) })}`;
  const outages = network.vendors.filter((v) => v.outage);
  const statuses = ["up", "degraded", "down", "unknown"] as const;
  return (
    <>
      <p className="muted">{labels.network_intro}</p>
      {network.checker?.status === "offline" && (
        <div className="alert warning" role="status">
          {format(labels.network_checker_offline, { since: network.checker.since.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB", { timeZone: "Europe/Amsterdam", dateStyle: "medium", timeStyle: "short" }) })}
        </div>
      )}
      {outages.map((v) => (
        <div className="alert error" role="alert" key={v.vendor} data-testid={`outage-${v.vendor}`}>
          {format(labels.network_outage, { vendor: vendorName(v.vendor), down: num(v.down), checked: num(v.checked) })}
        </div>
      ))}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{labels.vendor}</th>
              <th scope="col">{labels.network_total}</th>
              {statuses.map((s) => (
                <th scope="col" key={s}>{labels.health[s]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {network.vendors.map((v) => (
              <tr key={v.vendor} data-testid={`network-${v.vendor}`}>
                <th scope="row" style={{ background: "none" }}>{vendorName(v.vendor)}</th>
                <td><a href={href(v.vendor)}>{num(v.checked + v.unknown)}</a></td>
                {statuses.map((s) => (
                  <td key={s}><a href={href(v.vendor, s)}>{num(v[s])}</a></td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Stat({ label, value, href, note, testId }: { label: string; value: string; href: string; note?: string; testId: string }) {
  return (
    <div className="card">
      <h3 style={{ margin: 0, fontSize: "1rem" }}>{label}</h3>
      <p className="stat">
        <a href={href} data-testid={testId}>{value}</a>
      </p>
      {note && <p className="muted" style={{ margin: 0 }}>{note}</p>}
    </div>
  );
}

function CountCard({ id, title, head, countLabel, liveLabel, rows, num }: { id: string; title: string; head: string; countLabel: string; liveLabel: string; rows: { label: string; n: number; live: number; href: string; liveHref: string }[]; num: (n: number) => string }) {
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} style={{ marginTop: 0 }}>{title}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{countLabel}</th>
            <th scope="col">{liveLabel}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row" style={{ background: "none", fontWeight: 400 }}>{r.label}</th>
              <td><a href={r.href}>{num(r.n)}</a></td>
              <td><a href={r.liveHref}>{num(r.live)}</a></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
