/**
 * Go-live after go-live (issue 17 §1, §2): how many live institutions hold the evidence, which
 * need attention (hertest nodig, with the reason) or stand on an override, and per vendor how
 * many live institutions actually exchange (volumes reported for the last complete month).
 */
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { GoLiveStatusTag } from "@/app/_components/golive-status";
import { monthLabel } from "@/lib/checker/availability-rows";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { GO_LIVE_CONDITIONS } from "@/lib/domain/golive";
import type { GoLiveDashboard } from "@/lib/golive/queries";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";

export async function GoLiveAttention({ ctx, g }: { ctx: DashboardContext; g: GoLiveDashboard }) {
  const t = await getTranslations("golive");
  const { num, fd, vendorName } = ctx;
  const c = g.counts;
  return (
    <section className="card widget" aria-labelledby="gl-h" data-testid="golive-widget">
      <h2 id="gl-h">{t("dash.title")}</h2>
      <p className="muted">{t("dash.intro")}</p>
      <DataTable
        label={t("dash.title")}
        head={[t("dash.status"), t("dash.count")]}
        rows={[
          { key: "live", testId: "golive-live", header: t("dash.live"), cells: [num(c.live)] },
          { key: "evidence", testId: "golive-evidence", header: t("dash.with_evidence"), cells: [num(c.liveWithEvidence)] },
          { key: "attention", testId: "golive-attention", header: t("dash.attention"), cells: [num(c.liveAttention)] },
          { key: "override", testId: "golive-override-count", header: t("dash.override"), cells: [num(c.liveOverride)] },
        ]}
      />
      <h3>{t("dash.attention_list")}</h3>
      {g.attention.length === 0 ? (
        <p>{t("dash.none_attention")}</p>
      ) : (
        <DataTable
          label={t("dash.attention_list")}
          rowHeader="strong"
          head={[t("dash.institution"), t("exchange.vendor"), t("dash.status"), t("dash.reason")]}
          rows={g.attention.map((a) => ({
            key: a.institutionId,
            testId: `golive-attention-${a.institutionId}`,
            header: { href: `/institutions/${a.institutionId}`, text: a.name },
            cells: [
              vendorName(a.vendorCode),
              <GoLiveStatusTag status={a.status} label={t(`status.${a.status}`)} />,
              <ul style={{ margin: 0, paddingLeft: "1.1em" }}>
                {a.override && <li>{t("dash.override_reason", { by: a.override.by, date: fd(toAmsterdamDate(a.override.at)), reason: a.override.reason })}</li>}
                {a.retestReasons.map((r, i) => (
                  <li key={`r${i}`}>{t("retest_at", { reason: t(`trigger.${r.kind}`, { transaction: r.transaction.toUpperCase() }), date: fd(toAmsterdamDate(r.at)) })}</li>
                ))}
                {a.failing
                  .filter((f) => !(f.code === "cross_infrastructure_exchange_confirmed" && a.retestReasons.length > 0))
                  .map((f) => (
                    <li key={f.code}>
                      {t(`conditions.${f.code}`)}: {t(`detail.${f.detail.code}`, f.detail.params)}
                    </li>
                  ))}
              </ul>,
            ],
          }))}
        />
      )}
      <details>
        <summary>{t("dash.conditions")}</summary>
        <DataTable
          label={t("dash.conditions")}
          head={[t("dash.condition"), t("dash.count")]}
          rows={GO_LIVE_CONDITIONS.map((code) => ({ key: code, header: t(`conditions.${code}`), cells: [`${num(c.conditions[code])} / ${num(c.institutions)}`] }))}
        />
      </details>
    </section>
  );
}

export async function Exchanging({ ctx, g, canUpload }: { ctx: DashboardContext; g: GoLiveDashboard; canUpload: boolean }) {
  const t = await getTranslations("golive.exchange");
  const { num, vendorName } = ctx;
  const e = g.exchange;
  const month = monthLabel(e.month, ctx.locale);
  const row = (key: string, header: string, r: { live: number; exchangingLive: number; exchanging: number; documents: number; studies: number }) => ({
    key,
    testId: `exchange-${key}`,
    header,
    cells: [num(r.live), num(r.exchangingLive), num(r.live - r.exchangingLive), num(r.exchanging), num(r.documents), num(r.studies)],
  });
  return (
    <section className="card widget" aria-labelledby="ex-h" data-testid="exchange-widget">
      <h2 id="ex-h">{t("title")}</h2>
      <p className="muted">{t("intro", { month })}</p>
      <DataTable
        label={t("title")}
        rowHeader="strong"
        head={[t("vendor"), t("live"), t("exchanging_live"), t("live_without"), t("exchanging"), t("documents"), t("studies")]}
        rows={[...e.byVendor.map((r) => row(r.vendor, vendorName(r.vendor), r)), row("total", t("total"), e.total)]}
      />
      <details>
        <summary>{t("trend")}</summary>
        <DataTable
          label={t("trend")}
          head={[t("month"), t("exchanging")]}
          rows={e.trend.map((p) => ({ key: p.month, header: monthLabel(p.month, ctx.locale), cells: [t("trend_cell", { exchanging: num(p.exchanging), live: num(p.live) })] }))}
        />
      </details>
      {canUpload && (
        <p>
          <Link href="/registry/volumes">{t("upload_link")}</Link>
        </p>
      )}
    </section>
  );
}
