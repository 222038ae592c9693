import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { clearDashboardCache, loadDashboard } from "@/lib/dashboard/model";
import { loadDtoExtras } from "@/lib/dashboard/dto-extras";
import { GO_LIVE_CONDITIONS } from "@/lib/domain/golive";
import { generateDtoReport } from "@/lib/pdf/dto-report";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { extractText } from "../unit/pdf/extract-text";

let t: TestDb;
before(async () => {
  t = await createTestDb({ from: "seeded" });
});
after(async () => {
  await t?.dispose();
});

describe("the DTO report, complete (issue 17 §5)", () => {
  test("holds the dashboard's planning figures, the go-live conditions, exchange, availability and financing of the same date", async () => {
    clearDashboardCache();
    const now = new Date();
    const model = await loadDashboard(t.db, { asOf: null, now, windowWeeks: 8 });
    const extras = await loadDtoExtras(t.db, { day: model.day, now });
    const bytes = await generateDtoReport({ model, generatedAt: now, extras });
    if (process.env.DTO_PDF_OUT) writeFileSync(process.env.DTO_PDF_OUT, bytes);
    const { flat } = await extractText(bytes);
    const num = (n: number) => n.toLocaleString("nl-NL");
    for (const f of model.planning.figures) {
      const row = [f.planned, f.due, f.done, f.doneOnTime, f.overdue, f.slipped, f.afterDeadline].map(num).join(" ");
      assert.ok(flat.includes(row), `planning row ${f.key}: ${row}`);
    }
    assert.ok(flat.includes(`Live op 31 december 2026 volgens planning en tempo samen ${num(model.planning.forecast.combinedByTarget)} / ${num(model.targetCount)}`));
    for (const c of GO_LIVE_CONDITIONS) assert.ok(flat.includes(num(extras.goLive.conditions[c])));
    assert.ok(flat.includes(`Alle voorwaarden (poort open) ${num(extras.goLive.gateOpen)}`));
    for (const r of extras.exchange.byVendor) assert.ok(flat.includes(`${num(r.live)} ${num(r.exchanging)} ${num(r.exchangingLive)} ${num(r.documents)} ${num(r.studies)}`), `exchange ${r.vendor}`);
    assert.ok(flat.includes("Netwerkbeschikbaarheid per infrastructuur"));
    assert.ok(flat.includes("Financiering"));
    assert.ok(flat.includes("Open escalaties bij stuurgroep en DTO"));
  });
});
