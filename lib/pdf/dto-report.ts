/**
 * The DTO progress report: the dashboard's figures for one date as a PDF for the steering
 * committee. Pure: the figures (lib/dashboard/model.ts) and `generatedAt` in, bytes out.
 * The burn-up chart is drawn as vector paths (no bitmap), so it stays sharp when printed.
 */
import { rgb } from "pdf-lib";
import type { DashboardModel } from "@/lib/dashboard/model";
import { chartEnd, clipSeries } from "@/lib/dashboard/series";
import { formatDate, type IsoDate } from "@/lib/domain/dates";
import { PHASES } from "@/lib/domain/readiness";
import { PRECONDITIONS } from "@/lib/domain/steps";
import { nextActionText, phaseLabel, preconditionLabel } from "@/lib/domain/onboarding-texts";
import { milestoneStatusText, renderMilestoneExplanation } from "@/lib/domain/milestones";
import { VENDOR_LABELS, isVendor } from "@/lib/domain/vendors";
import { COLORS, Layout, type CustomContext } from "./layout";
import { pdfText } from "./texts";
import type { Locale } from "./types";
import type { DtoExtras } from "@/lib/dashboard/dto-extras";
import { GO_LIVE_CONDITIONS } from "@/lib/domain/golive";
import { formatAvailability, monthLabel } from "@/lib/checker/availability-rows";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { translator } from "@/lib/i18n/messages";

export type DtoReportOptions = { model: DashboardModel; generatedAt: Date; locale?: Locale; /** Sections beyond the dashboard model (lib/dashboard/dto-extras.ts). */ extras?: DtoExtras };

/**
 * Column widths in points so that no word breaks: every column but `flex` is as wide as its
 * longest word (header in bold, cells in regular) plus padding; the `flex` column takes the rest
 * and wraps between words.
 */
export function fitColumns(layout: Pick<Layout, "textWidth" | "contentWidth">, cols: { header: string; cells: readonly string[]; flex?: boolean }[], size: number) {
  const longest = (text: string, bold: boolean) => Math.max(0, ...text.split(/\s+/).map((w) => layout.textWidth(w, size, bold)));
  const fixed = cols.map((c) => (c.flex ? 0 : Math.max(longest(c.header, true), ...c.cells.map((x) => longest(x, false))) + 12));
  const rest = Math.max(60, layout.contentWidth - fixed.reduce((a, b) => a + b, 0));
  return cols.map((c, i) => ({ header: c.header, width: c.flex ? rest : fixed[i] }));
}

/** The report's words: messages `pdf.dto.*`; `dto("title")` reads `pdf.dto.title`. */
const dtoText = (locale: Locale) => {
  const t = pdfText(locale);
  return (key: string, values?: Record<string, string | number>) => t(`dto.${key}`, values);
};

/** The burn-up chart's series; each has a legend `pdf.dto.legend.<key>`. */
export const DTO_LEGEND_KEYS = ["live", "agreements", "mitz_connected", "mitz_filled", "projection", "required"] as const;

const SERIES_COLORS = {
  live: rgb(0.04, 0.33, 0.58),
  agreements: rgb(0.54, 0.31, 0),
  mitz_connected: rgb(0.18, 0.49, 0.2),
  mitz_filled: rgb(0.42, 0.11, 0.6),
  required: rgb(0.7, 0.15, 0.12),
};

type Pt = { date: IsoDate; count: number };
const dayNum = (d: IsoDate) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** Nice round step for an axis up to `max` with about `ticks` ticks. */
export function niceStep(max: number, ticks = 5): number {
  const raw = Math.max(1, max) / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  // Counts are whole numbers: never a step below 1.
  return Math.max(1, (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow);
}

function drawBurnUp(ctx: CustomContext, model: DashboardModel, locale: Locale) {
  const t = dtoText(locale);
  const { page, layout } = ctx;
  const left = ctx.x + 34;
  const plotW = ctx.width - 44;
  const plotTop = ctx.top - 6;
  const plotH = ctx.height - 62;
  const bottom = plotTop - plotH;
  const end = chartEnd({ day: model.day, targetDate: model.targetDate });
  const series: { key: (typeof DTO_LEGEND_KEYS)[number]; color: ReturnType<typeof rgb>; dashed?: boolean; width: number; points: Pt[] }[] = [
    { key: "agreements", color: SERIES_COLORS.agreements, width: 1.2, points: model.chart.map((p) => ({ date: p.date, count: p.agreements })) },
    { key: "mitz_connected", color: SERIES_COLORS.mitz_connected, width: 1.2, points: model.chart.map((p) => ({ date: p.date, count: p.mitz_connected })) },
    { key: "mitz_filled", color: SERIES_COLORS.mitz_filled, width: 1.2, points: model.chart.map((p) => ({ date: p.date, count: p.mitz_filled })) },
    { key: "live", color: SERIES_COLORS.live, width: 2, points: model.chart.map((p) => ({ date: p.date, count: p.live })) },
    { key: "projection", color: SERIES_COLORS.live, width: 1.2, dashed: true, points: clipSeries({ points: model.forecast.projectedSeries, end }) },
    { key: "required", color: SERIES_COLORS.required, width: 1, dashed: true, points: model.forecast.requiredSeries },
  ];
  const all = series.flatMap((s) => s.points);
  const minX = Math.min(...all.map((p) => dayNum(p.date)));
  const maxX = Math.max(...all.map((p) => dayNum(p.date)), dayNum(model.targetDate));
  const monthStep = maxX - minX > 900 ? 6 : maxX - minX > 450 ? 3 : maxX - minX > 180 ? 2 : 1;
  const step = niceStep(Math.max(model.targetCount, ...all.map((p) => p.count)));
  const maxY = Math.ceil(Math.max(model.targetCount, ...all.map((p) => p.count), 1) / step) * step;
  const sx = (d: IsoDate) => left + ((dayNum(d) - minX) / Math.max(1, maxX - minX)) * plotW;
  const sy = (n: number) => bottom + (n / maxY) * plotH;
  // grid and y labels
  for (let v = 0; v <= maxY; v += step) {
    page.drawLine({ start: { x: left, y: sy(v) }, end: { x: left + plotW, y: sy(v) }, thickness: 0.4, color: COLORS.rule });
    const label = String(v);
    page.drawText(label, { x: left - 4 - layout.textWidth(label, 7), y: sy(v) - 2.5, size: 7, font: layout.font(), color: COLORS.muted });
  }
  // x labels: first day of every third month
  const [y0, m0] = model.chart[0]?.date.split("-").map(Number) ?? [2025, 1];
  for (let i = 0; ; i += monthStep) {
    const y = y0 + Math.floor((m0 - 1 + i) / 12);
    const m = ((m0 - 1 + i) % 12) + 1;
    const d = `${y}-${String(m).padStart(2, "0")}-01`;
    if (dayNum(d) > maxX) break;
    if (dayNum(d) < minX) continue;
    const label = `${String(m).padStart(2, "0")}-${y}`;
    page.drawLine({ start: { x: sx(d), y: bottom }, end: { x: sx(d), y: bottom - 3 }, thickness: 0.5, color: COLORS.muted });
    page.drawText(label, { x: sx(d) - layout.textWidth(label, 7) / 2, y: bottom - 11, size: 7, font: layout.font(), color: COLORS.muted });
  }
  page.drawLine({ start: { x: left, y: bottom }, end: { x: left + plotW, y: bottom }, thickness: 0.7, color: COLORS.text });
  page.drawLine({ start: { x: left, y: bottom }, end: { x: left, y: plotTop }, thickness: 0.7, color: COLORS.text });
  // target lines
  page.drawLine({ start: { x: left, y: sy(model.targetCount) }, end: { x: left + plotW, y: sy(model.targetCount) }, thickness: 0.5, color: COLORS.muted, dashArray: [2, 3] });
  page.drawLine({ start: { x: sx(model.targetDate), y: bottom }, end: { x: sx(model.targetDate), y: plotTop }, thickness: 0.5, color: COLORS.muted, dashArray: [2, 3] });
  // series as vector paths (SVG path syntax; pdf-lib flips y from the given origin)
  for (const s of series) {
    if (s.points.length < 2) continue;
    const d = s.points.map((p, i) => `${i === 0 ? "M" : "L"} ${(sx(p.date) - ctx.x).toFixed(2)} ${(ctx.top - sy(p.count)).toFixed(2)}`).join(" ");
    page.drawSvgPath(d, { x: ctx.x, y: ctx.top, borderColor: s.color, borderWidth: s.width, borderDashArray: s.dashed ? [4, 3] : undefined });
  }
  // legend
  let lx = ctx.x;
  const ly = bottom - 28;
  for (const s of series) {
    if (s.points.length < 2) continue;
    page.drawLine({ start: { x: lx, y: ly + 3 }, end: { x: lx + 16, y: ly + 3 }, thickness: s.width, color: s.color, dashArray: s.dashed ? [4, 3] : undefined });
    const label = t(`legend.${s.key}`);
    page.drawText(label, { x: lx + 20, y: ly, size: 7.5, font: layout.font(), color: COLORS.text });
    lx += 20 + layout.textWidth(label, 7.5) + 14;
  }
}

export async function generateDtoReport({ model, generatedAt, locale = "nl", extras }: DtoReportOptions): Promise<Uint8Array> {
  const t = dtoText(locale);
  const fd = (d: IsoDate) => formatDate(d)[locale];
  const num = (n: number) => n.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB");
  const dayLabel = fd(model.day);
  const layout = await Layout.create({
    generatedAt,
    locale,
    footerNote: t("title"),
    metadata: { title: `${t("title")} — ${dayLabel}`, subject: t("subtitle", { date: dayLabel }), keywords: ["DUO", "DTO", "voortgang", model.day] },
  });
  layout.startSection({ title: t("title"), version: dayLabel, institution: t("office") });
  layout.heading(t("title"), 1);
  layout.paragraph(t("subtitle", { date: dayLabel }), { muted: true });
  layout.paragraph(t("intro", { date: dayLabel }));

  const f = model.forecast;
  layout.heading(t("summary"), 2);
  layout.keyValues([
    [t("total"), num(model.total)],
    [t("live"), `${num(model.live)} / ${num(model.targetCount)}`],
    [t("ready"), num(model.byPhase.ready_for_go_live)],
    [t("awaiting"), num(model.awaitingTotal)],
    [t("days", { date: fd(model.targetDate) }), num(model.daysRemaining)],
    [t("pace", { weeks: String(model.windowWeeks) }), t("per_week", { count: num(f.pacePerWeek) })],
    [t("projected"), f.projectedDate ? fd(f.projectedDate) : t("none")],
    [t("needed"), f.requiredPerWeek === null ? t("not_possible") : t("per_week", { count: num(f.requiredPerWeek) })],
    [t("on_track"), f.onTrack ? t("yes") : t("no")],
  ]);

  layout.heading(t("funnel"), 2);
  layout.table(
    [
      { header: t("phase"), width: 3 },
      { header: t("count"), width: 1 },
      { header: t("share"), width: 1 },
    ],
    PHASES.map((p) => [phaseLabel(p.code, locale), num(model.byPhase[p.code]), `${model.total ? Math.round((100 * model.byPhase[p.code]) / model.total) : 0}%`]),
  );

  layout.heading(t("preconditions"), 2);
  layout.table(
    [
      { header: t("precondition"), width: 3 },
      { header: t("met"), width: 1 },
      { header: t("not_met"), width: 1 },
      { header: t("blocking"), width: 1 },
    ],
    PRECONDITIONS.map((p) => [preconditionLabel(p.code, locale), num(model.preconditionMet[p.code]), num(model.total - model.preconditionMet[p.code]), num(model.blockingCounts[p.code])]),
  );

  layout.heading(t("milestones"), 2);
  layout.table(
    [
      { header: t("milestone"), width: 3.2 },
      { header: t("date"), width: 1.3 },
      { header: t("target"), width: 1.05 },
      { header: t("actual"), width: 0.75 },
      { header: t("status"), width: 1.1 },
    ],
    model.milestones.map((m) => [m.title[locale], fd(m.date), m.target === null ? t("manual") : num(m.target), m.actual === null ? "—" : num(m.actual), milestoneStatusText(m.status, locale)]),
  );
  for (const m of model.milestones) layout.paragraph(`**${m.title[locale]}:** ${renderMilestoneExplanation(m.explanation, locale)}`, { size: 8.5, muted: true });

  drawPlanning(layout, model, locale);
  if (extras) drawExtrasBeforeChart(layout, extras, locale);

  layout.heading(t("burnup"), 2, 300);
  layout.paragraph(t("burnup_note", { weeks: String(model.windowWeeks) }), { muted: true, size: 8.5 });
  layout.custom(290, (ctx) => drawBurnUp(ctx, model, locale));

  layout.heading(t("blockers"), 2);
  for (const p of PRECONDITIONS) {
    layout.heading(`${preconditionLabel(p.code, locale)} (${t("waiting", { count: String(model.blockingCounts[p.code]) })})`, 3);
    const rows = model.blockers[p.code];
    if (rows.length === 0) {
      layout.paragraph(t("blockers_none"), { muted: true });
      continue;
    }
    layout.table(
      [
        { header: t("institution"), width: 2.2 },
        { header: t("vendor"), width: 1.1 },
        { header: t("days_column"), width: 0.6 },
        { header: t("next"), width: 3.6 },
      ],
      rows.map((b) => [b.name, isVendor(b.vendorCode) ? VENDOR_LABELS[b.vendorCode].name : t("no_vendor"), b.daysInPhase === null ? "—" : num(b.daysInPhase), b.next ? nextActionText(b.next, locale) : ""]),
      { size: 8 },
    );
  }

  layout.heading(t("vendors"), 2);
  layout.table(
    [
      { header: t("vendor"), width: 1.6 },
      { header: t("total"), width: 0.9 },
      { header: t("live"), width: 0.7 },
      { header: t("ready"), width: 0.8 },
      ...PRECONDITIONS.map((p) => ({ header: preconditionLabel(p.code, locale), width: 1 })),
      { header: t("avg"), width: 0.9 },
      { header: t("endpoints"), width: 0.9 },
    ],
    model.vendors.map((v) => [
      isVendor(v.vendor) ? VENDOR_LABELS[v.vendor].name : t("no_vendor"),
      num(v.n),
      num(v.live),
      num(v.ready),
      ...PRECONDITIONS.map((p) => num(v.met[p.code])),
      `${v.averagePercent}%`,
      v.vendor ? `${num(v.endpoints.acceptance)} / ${num(v.endpoints.production)}` : "—",
    ]),
    { size: 8 },
  );
  if (extras) drawExtrasAfterVendors(layout, extras, locale);
  return layout.save();
}

const TABLE_SIZE = 8.5;

function table(layout: Layout, cols: { header: string; flex?: boolean }[], rows: string[][], size = TABLE_SIZE) {
  layout.table(
    fitColumns(
      layout,
      cols.map((c, i) => ({ ...c, cells: rows.map((r) => r[i] ?? "") })),
      size,
    ),
    rows,
    { size },
  );
}

/** Planned versus actual, the forecast from plans and pace, and the longest slips (issue 17 §3). */
function drawPlanning(layout: Layout, model: DashboardModel, locale: Locale) {
  const t = dtoText(locale);
  const p = translator(locale);
  const fd = (d: IsoDate) => formatDate(d)[locale];
  const num = (n: number) => n.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB");
  const v = model.planning;
  layout.heading(t("planning"), 2);
  layout.paragraph(p("planning.dash_intro", { date: fd(model.day) }), { muted: true, size: 8.5 });
  table(
    layout,
    [{ header: p("planning.plan"), flex: true }, { header: p("planning.col_planned") }, { header: p("planning.col_due") }, { header: p("planning.col_done") }, { header: p("planning.col_on_time") }, { header: p("planning.col_overdue") }, { header: p("planning.col_slipped") }, { header: p("planning.col_after_deadline") }],
    v.figures.map((f) => [p(`planning.keys.${f.key}`), num(f.planned), num(f.due), num(f.done), num(f.doneOnTime), num(f.overdue), num(f.slipped), num(f.afterDeadline)]),
  );
  const f = v.forecast;
  layout.keyValues([
    [p("planning.f_plans", { date: fd(model.targetDate) }), num(f.plansOnlyByTarget)],
    [p("planning.f_pace", { date: fd(model.targetDate) }), num(f.paceOnlyByTarget)],
    [p("planning.f_combined", { date: fd(model.targetDate) }), `${num(f.combinedByTarget)} / ${num(model.targetCount)}`],
    [p("planning.f_combined_date", { target: num(model.targetCount) }), f.combinedDate ? fd(f.combinedDate) : p("planning.f_never")],
    [p("planning.f_overdue"), num(f.overdue)],
    [p("planning.f_after", { date: fd(model.targetDate) }), num(f.plannedAfterTarget)],
    [p("planning.f_unplanned"), num(f.unplanned)],
    [t("slipped_institutions"), num(v.slippedInstitutions)],
    [t("after_deadline_institutions"), num(v.afterDeadlineInstitutions)],
  ]);
  if (v.slipped.length > 0) {
    layout.heading(t("slips", { count: String(Math.min(15, v.slipped.length)) }), 3);
    table(
      layout,
      [{ header: t("institution"), flex: true }, { header: p("planning.plan") }, { header: p("planning.planned_on") }, { header: p("planning.first_planned_on") }, { header: t("slip_days") }],
      v.slipped.slice(0, 15).map((r) => [r.name, p(`planning.keys.${r.key}`), r.plannedOn ? fd(r.plannedOn) : "—", r.firstPlannedOn ? fd(r.firstPlannedOn) : "—", num(r.slipDays)]),
      8,
    );
  }
}

/** Go-live conditions, live versus exchanging and the open escalations upwards (issue 17 §5). */
function drawExtrasBeforeChart(layout: Layout, x: DtoExtras, locale: Locale) {
  const t = dtoText(locale);
  const p = translator(locale) as unknown as (key: string, values?: Record<string, string | number>) => string;
  const num = (n: number) => n.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB");
  const fd = (d: IsoDate) => formatDate(d)[locale];
  const g = x.goLive;
  layout.heading(t("golive"), 2);
  layout.paragraph(t("golive_intro", { count: num(g.institutions) }), { muted: true, size: 8.5 });
  table(
    layout,
    [{ header: t("condition"), flex: true }, { header: t("institutions_holding") }],
    [...GO_LIVE_CONDITIONS.map((c) => [p(`golive.conditions.${c}`), num(g.conditions[c])]), [t("gate_open"), num(g.gateOpen)]],
  );
  layout.keyValues([
    [t("live_total"), num(g.live)],
    [t("live_evidence"), num(g.liveWithEvidence)],
    [t("live_attention"), num(g.liveAttention)],
    [t("live_override"), num(g.liveOverride)],
  ]);

  const e = x.exchange;
  layout.heading(t("exchange", { month: monthLabel(x.month, locale) }), 2);
  layout.paragraph(t("exchange_intro"), { muted: true, size: 8.5 });
  table(
    layout,
    [{ header: t("vendor"), flex: true }, { header: t("live") }, { header: t("exchanging") }, { header: t("exchanging_live") }, { header: t("documents") }, { header: t("studies") }],
    [
      ...e.byVendor.map((r) => [VENDOR_LABELS[r.vendor].name, num(r.live), num(r.exchanging), num(r.exchangingLive), num(r.documents), num(r.studies)]),
      [t("total"), num(e.total.live), num(e.total.exchanging), num(e.total.exchangingLive), num(e.total.documents), num(e.total.studies)],
    ],
  );

  layout.heading(t("escalations"), 2);
  if (x.escalations.length === 0) layout.paragraph(t("escalations_none"), { muted: true });
  else
    table(
      layout,
      [{ header: t("esc_number") }, { header: t("esc_title"), flex: true }, { header: t("esc_level") }, { header: t("esc_owner") }, { header: t("esc_due") }],
      x.escalations.map((r) => [`E-${r.number}`, r.title, p(`escalations.levels.${r.level}`), r.owner, r.dueOn ? fd(r.dueOn) : "—"]),
      8,
    );
}

/** The month's network availability per infrastructure and the financing totals (issue 17 §5). */
function drawExtrasAfterVendors(layout: Layout, x: DtoExtras, locale: Locale) {
  const t = dtoText(locale);
  const num = (n: number) => n.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB");
  const eur = (cents: number) => (cents / 100).toLocaleString(locale === "nl" ? "nl-NL" : "en-GB", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  layout.heading(t("availability", { month: monthLabel(x.month, locale) }), 2);
  layout.paragraph(t("availability_intro"), { muted: true, size: 8.5 });
  if (x.availability.length === 0) layout.paragraph(t("availability_none"), { muted: true });
  else
    table(
      layout,
      [{ header: t("infrastructure"), flex: true }, { header: t("availability_col") }, { header: t("checks") }, { header: t("failed") }, { header: t("down_minutes") }, { header: t("maintenance_minutes") }],
      x.availability.map((r) => [r.name, formatAvailability(r.availability, locale), num(r.checks), num(r.failedChecks), num(r.downMinutes), num(r.maintenanceMinutes)]),
    );

  layout.heading(t("financing"), 2);
  layout.paragraph(t("financing_intro"), { muted: true, size: 8.5 });
  const rows: string[][] = [];
  for (const year of x.financing.years) {
    const tot = x.financing.totals[year];
    if (!tot) continue;
    for (const kind of ["committed", "forecast"] as const) {
      const s = tot[kind];
      rows.push([`${year} · ${t(kind)}`, eur(s.totalCents), ...VENDOR_CODES.map((v) => eur(s.byVendorCents[v])), num(s.byStatus.eligible + s.byStatus.eligible_from)]);
    }
  }
  table(layout, [{ header: t("year"), flex: true }, { header: t("total_amount") }, ...VENDOR_CODES.map((v) => ({ header: VENDOR_LABELS[v].name })), { header: t("eligible") }], rows);
}
