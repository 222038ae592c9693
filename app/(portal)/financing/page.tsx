import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDate, formatEuroCents, toAmsterdamDate } from "@/lib/domain/dates";
import { ELIGIBILITY_STATUSES } from "@/lib/domain/financing";
import { GO_LIVE_LEAD_MONTHS } from "@/lib/domain/financing-scenario";
import { phaseLabel } from "@/lib/domain/onboarding-texts";
import { PHASES } from "@/lib/domain/readiness";
import { VENDOR_CODES, VENDOR_LABELS } from "@/lib/domain/vendors";
import { loadPublishedRuleSets, ruleSetInForce } from "@/lib/financing/rule-sets";
import { getFinancingSummary } from "@/lib/financing/summary";
import { financingList, parseFinancingListFilter, type FinancingListFilter } from "@/lib/financing/institution-list";
import { FilterSelect } from "@/app/_components/list-controls";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { ScrollBox } from "@/app/_components/scroll-box";

export async function generateMetadata(): Promise<Metadata> {
  const f = await getTranslations("financing");
  return { title: f("title") };
}

/** The list filter as the export's query string (the same parameters the page reads). */
function selectionQuery(filter: FinancingListFilter): string {
  const q = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export default async function FinancingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("financing.view");
  const [f, locale] = await Promise.all([getTranslations("financing"), getLocale()]);
  const db = getDb();
  const today = toAmsterdamDate(new Date());
  const ruleSets = await loadPublishedRuleSets(db);
  const overview = await getFinancingSummary(db, { today, ruleSets });
  const inForce = ruleSetInForce(ruleSets, today);
  const eur = (c: number) => formatEuroCents(c)[locale];
  const d = (iso: string) => formatDate(iso)[locale];
  const [firstYear] = overview.years;
  const pending = overview.rows.filter((r) => r.phase !== "live");
  const bySource = { plan: 0, plan_overdue: 0, readiness: 0 };
  for (const r of pending) if (r.planned) bySource[r.planned.source] += 1;
  const noVendor = pending.filter((r) => r.vendor === null).length;
  const vendorKeys = [...VENDOR_CODES];
  const listFilter = parseFinancingListFilter(await searchParams);
  const list = financingList(overview.rows, overview.years, listFilter);

  return (
    <>
      <h1>{f("title")}</h1>
      <p className="lead">{f("intro")}</p>
      <p>
        {inForce ? f("in_force", { version: inForce.version, from: d(inForce.effectiveFrom) }) : f("no_rules")}{" "}
        {inForce?.reviewDate && f("review", { date: d(inForce.reviewDate) })}
      </p>
      <p className="actions-row">
        <Link className="button secondary" href="/financing/rules">
          {can(actor, "financing.manage") ? f("manage_rules") : f("view_rules")}
        </Link>
        <a className="button secondary" href="/financing/export" download>
          {f("export_csv")}
        </a>
      </p>

      <div className="grid">
        {overview.years.map((year) => {
          const tt = overview.totals[year];
          const eligibleForecast = tt.forecast.byStatus.eligible + tt.forecast.byStatus.eligible_from;
          return (
            <section key={year} className="card" aria-labelledby={`year-${year}`} data-testid={`year-${year}`}>
              <h2 id={`year-${year}`} style={{ marginTop: 0 }}>
                {f("year", { year: String(year) })}
              </h2>
              <dl className="kv">
                <dt>{f("committed")}</dt>
                <dd data-testid={`committed-${year}`}>{eur(tt.committed.totalCents)}</dd>
                <dt>{f("forecast")}</dt>
                <dd data-testid={`forecast-${year}`}>{eur(tt.forecast.totalCents)}</dd>
                <dt>{f("difference")}</dt>
                <dd>{eur(tt.forecast.totalCents - tt.committed.totalCents)}</dd>
                <dt>{f("eligible_count")}</dt>
                <dd>{f("eligible_count_value", { now: tt.committed.byStatus.eligible, forecast: eligibleForecast })}</dd>
              </dl>
              {tt.committed.withAmountToBeDetermined > 0 && <p className="muted">{f("tbd_count", { count: tt.committed.withAmountToBeDetermined })}</p>}
            </section>
          );
        })}
      </div>
      <p className="muted">
        <strong>{f("committed")}:</strong> {f("committed_hint")} <strong>{f("forecast")}:</strong> {f("forecast_hint")}
      </p>

      <h2 id="vendor-h">{f("by_vendor")}</h2>
      <ScrollBox label={f("by_vendor")}>
        <table aria-labelledby="vendor-h">
          <thead>
            <tr>
              <th scope="col">{f("vendor")}</th>
              {overview.years.map((y) => (
                <th key={`c${y}`} scope="col">
                  {f("committed")} {y}
                </th>
              ))}
              {overview.years.map((y) => (
                <th key={`f${y}`} scope="col">
                  {f("forecast")} {y}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {vendorKeys.map((v) => (
              <tr key={v}>
                <th scope="row">{VENDOR_LABELS[v].name}</th>
                {overview.years.map((y) => (
                  <td key={`c${y}`}>{eur(overview.totals[y].committed.byVendorCents[v])}</td>
                ))}
                {overview.years.map((y) => (
                  <td key={`f${y}`}>{eur(overview.totals[y].forecast.byVendorCents[v])}</td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{f("total")}</th>
              {overview.years.map((y) => (
                <td key={`c${y}`}>
                  <strong>{eur(overview.totals[y].committed.totalCents)}</strong>
                </td>
              ))}
              {overview.years.map((y) => (
                <td key={`f${y}`}>
                  <strong>{eur(overview.totals[y].forecast.totalCents)}</strong>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </ScrollBox>

      <h2 id="status-h">{f("by_status")}</h2>
      <ScrollBox label={f("by_status")}>
        <table aria-labelledby="status-h">
          <thead>
            <tr>
              <th scope="col">{f("status")}</th>
              {overview.years.map((y) => (
                <th key={`c${y}`} scope="col">
                  {f("committed")} {y}
                </th>
              ))}
              {overview.years.map((y) => (
                <th key={`f${y}`} scope="col">
                  {f("forecast")} {y}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ELIGIBILITY_STATUSES.map((s) => (
              <tr key={s}>
                <th scope="row">{f(`statuses.${s}`)}</th>
                {overview.years.map((y) => (
                  <td key={`c${y}`}>{overview.totals[y].committed.byStatus[s]}</td>
                ))}
                {overview.years.map((y) => (
                  <td key={`f${y}`}>{overview.totals[y].forecast.byStatus[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>

      <section className="card" aria-labelledby="scenario-h">
        <h2 id="scenario-h" style={{ marginTop: 0 }}>
          {f("scenario_title")}
        </h2>
        <p>{f("scenario_intro", { pending: pending.length })}</p>
        <p>{f("scenario_sources", { plan: bySource.plan, overdue: bySource.plan_overdue, readiness: bySource.readiness })}</p>
        {noVendor > 0 && <p>{f("scenario_no_vendor", { count: noVendor })}</p>}
        <p>{f("scenario_assumption")}</p>
        <ScrollBox label={f("scenario_title")}>
          <table>
            <caption className="visually-hidden">{f("scenario_assumption")}</caption>
            <thead>
              <tr>
                <th scope="col">{f("phase")}</th>
                {PHASES.filter((p) => p.code !== "live").map((p) => (
                  <th key={p.code} scope="col">
                    {phaseLabel(p.code, locale)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{f("planned_go_live")}</th>
                {PHASES.filter((p) => p.code !== "live").map((p) => (
                  <td key={p.code}>{f("months", { months: GO_LIVE_LEAD_MONTHS[p.code as keyof typeof GO_LIVE_LEAD_MONTHS] })}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </ScrollBox>
      </section>

      <h2 id="inst-h">{f("per_institution")}</h2>
      <form className="filters card" role="search" method="get" action="/financing#inst-h" aria-label={f("list.filters")}>
        <div className="field">
          <label htmlFor="f-q">{f("list.search")}</label>
          <input id="f-q" name="q" type="search" defaultValue={listFilter.q ?? ""} maxLength={100} />
        </div>
        <FilterSelect name="vendor" label={f("vendor")} value={listFilter.vendor} all={f("list.all")} options={[...VENDOR_CODES.map((v) => [v, VENDOR_LABELS[v].name] as const), ["none", f("no_vendor")] as const]} />
        <FilterSelect
          name="status"
          label={f("list.status", { year: String(firstYear) })}
          value={listFilter.status}
          all={f("list.all")}
          options={ELIGIBILITY_STATUSES.map((st) => [st, f(`statuses.${st}`)] as const)}
        />
        <FilterSelect
          name="sort"
          label={f("list.sort")}
          value={listFilter.sort}
          options={[
            ["name", f("institution")],
            ["vendor", f("vendor")],
            ["status", f("status")],
            ["committed", `${f("committed")} ${firstYear}`],
            ["forecast", `${f("forecast")} ${firstYear}`],
            ["planned", f("planned_go_live")],
          ]}
        />
        <FilterSelect
          name="dir"
          label={f("list.dir")}
          value={listFilter.dir}
          options={[
            ["asc", f("list.asc")],
            ["desc", f("list.desc")],
          ]}
        />
        <button className="button" type="submit">
          {f("list.apply")}
        </button>
        <Link href="/financing#inst-h">{f("list.clear")}</Link>
      </form>
      <p className="actions-row">
        <span aria-live="polite">{f("list.shown", { shown: String(list.rows.length), total: String(list.total) })}</span>
        <a className="button secondary" href={`/financing/export${selectionQuery(listFilter)}`} download>
          {f("list.export_selection")}
        </a>
      </p>
      <ScrollBox label={f("per_institution")}>
        <table aria-labelledby="inst-h" data-testid="per-institution">
          <thead>
            <tr>
              <th scope="col">{f("institution")}</th>
              <th scope="col">{f("vendor")}</th>
              <th scope="col">{f("status")}</th>
              {overview.years.map((y) => (
                <th key={`c${y}`} scope="col">
                  {f("committed")} {y}
                </th>
              ))}
              <th scope="col">{f("planned_go_live")}</th>
              {overview.years.map((y) => (
                <th key={`f${y}`} scope="col">
                  {f("forecast")} {y}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => {
              const c = r.committed[firstYear];
              return (
                <tr key={r.id}>
                  <td>
                    <Link href={`/institutions/${r.id}`}>{r.name}</Link>
                  </td>
                  <td>{r.vendor ? VENDOR_LABELS[r.vendor].name : f("no_vendor")}</td>
                  <td>
                    {f(`statuses.${c.status}`)}
                    {c.eligibleFrom && c.status === "eligible_from" && ` ${d(c.eligibleFrom)}`}
                  </td>
                  {overview.years.map((y) => (
                    <td key={`c${y}`}>{eur(r.committed[y].totalCents)}</td>
                  ))}
                  <td>{r.planned ? d(r.planned.date) : f("none")}</td>
                  {overview.years.map((y) => (
                    <td key={`f${y}`}>{eur(r.forecast[y].totalCents)}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr data-testid="per-institution-total">
              <th scope="row" colSpan={3}>
                {f("list.total_row", { count: String(list.rows.length) })}
              </th>
              {overview.years.map((y) => (
                <td key={`c${y}`}>
                  <strong>{eur(list.totals[y].committedCents)}</strong>
                </td>
              ))}
              <td />
              {overview.years.map((y) => (
                <td key={`f${y}`}>
                  <strong>{eur(list.totals[y].forecastCents)}</strong>
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </ScrollBox>
    </>
  );
}
