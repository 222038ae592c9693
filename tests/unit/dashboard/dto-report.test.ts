import { test } from "node:test";
import assert from "node:assert/strict";
import type { DashboardModel } from "@/lib/dashboard/model";
import { computeForecast } from "@/lib/domain/forecast";
import { DEFAULT_MILESTONES, evaluateMilestones } from "@/lib/domain/milestones";
import { generateDtoReport, niceStep } from "@/lib/pdf/dto-report";
import { buildPlanningView } from "@/lib/planning/view";
import { extractText } from "../pdf/extract-text";

const series = [{ date: "2026-01-05", count: 3 }, { date: "2026-06-01", count: 20 }, { date: "2026-11-01", count: 30 }];
const model: DashboardModel = {
  asOf: "2026-11-21",
  day: "2026-11-21",
  today: "2026-11-22",
  windowWeeks: 8,
  total: 130,
  live: 30,
  byPhase: { not_started: 4, agreements: 27, mitz_connection: 38, mitz_filling: 11, integration: 15, ready_for_go_live: 5, live: 30 },
  preconditionMet: { agreements: 99, mitz_connected: 61, mitz_filled: 50 },
  blockingCounts: { agreements: 31, mitz_connected: 38, mitz_filled: 11 },
  awaitingTotal: 17,
  byVendor: [],
  byKind: [],
  byProvince: [],
  vendors: [{ vendor: "alphatron", n: 65, live: 9, ready: 2, met: { agreements: 40, mitz_connected: 20, mitz_filled: 15 }, averagePercent: 41, awaiting: 6, byPhase: { not_started: 0, agreements: 14, mitz_connection: 27, mitz_filling: 6, integration: 7, ready_for_go_live: 2, live: 9 }, endpoints: { acceptance: 3, production: 9, institutions: 9 } }],
  milestones: evaluateMilestones({ milestones: DEFAULT_MILESTONES, seriesByMetric: { live: series }, today: "2026-11-21" }),
  milestoneDefs: [...DEFAULT_MILESTONES],
  targetDate: "2026-12-31",
  targetCount: 130,
  daysRemaining: 40,
  forecast: computeForecast({ series, windowWeeks: 8, targetCount: 130, targetDate: "2026-12-31", today: "2026-11-21" }),
  chart: [
    { date: "2026-01-05", live: 3, agreements: 20, mitz_connected: 5, mitz_filled: 2 },
    { date: "2026-06-01", live: 20, agreements: 70, mitz_connected: 40, mitz_filled: 30 },
    { date: "2026-11-21", live: 30, agreements: 99, mitz_connected: 61, mitz_filled: 50 },
  ],
  liveSeries: series,
  blockers: {
    agreements: [{ institutionId: "a", name: "Ziekenhuis Łódź-Fryslân", vendorCode: "alphatron", phase: "agreements", phaseStartedOn: "2026-01-10", daysInPhase: 315, next: { kind: "report", stepCode: "twiin_dossier", code: "next_step", params: {} } }],
    mitz_connected: [],
    mitz_filled: [],
  },
  awaiting: [],
  planning: buildPlanningView({
    inputs: [{ institutionId: "b", name: "Kliniek Zuid", vendorCode: "founda", plans: { go_live: { changes: [{ from: null, to: "2026-10-01", on: "2026-03-01" }, { from: "2026-10-01", to: "2027-02-01", on: "2026-09-01" }], actualOn: null } } }],
    day: "2026-11-21",
    live: 30,
    total: 130,
    pacePerWeek: 0.5,
    targetCount: 130,
    targetDate: "2026-12-31",
  }),
};

test("the DTO report holds the figures, the milestones, blockers, vendors and page numbers", async () => {
  const bytes = await generateDtoReport({ model, generatedAt: new Date("2026-11-22T08:00:00Z") });
  const { flat, pages } = await extractText(bytes);
  assert.ok(pages.length >= 2);
  for (const s of ["DTO-voortgangsrapportage DUO", "stand op 21 november 2026", "Live met DUO 30 / 130", "Dagen tot 31 december 2026 40", "Klaar voor go-live 5", "Meldingen wachten op verificatie 17", "Ziekenhuis Łódź-Fryslân", "Alphatron", "Mijlpalen", `pagina 1 van ${pages.length}`, "Gegenereerd op 22-11-2026"]) {
    assert.ok(flat.includes(s), `missing: ${s}`);
  }
  const again = await generateDtoReport({ model, generatedAt: new Date("2026-11-22T08:00:00Z") });
  assert.deepEqual(Buffer.from(again), Buffer.from(bytes), "same input, same bytes");
});

test("niceStep picks round axis steps", () => {
  assert.deepEqual([niceStep(130), niceStep(7), niceStep(1300), niceStep(0)], [50, 2, 500, 1]);
});
