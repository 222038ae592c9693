import { test } from "node:test";
import assert from "node:assert/strict";
import { canEscalate, daysOverdue, isReportedUpwards, nextLevel, type EscalationLevel, type EscalationStatus } from "@/lib/domain/escalations";

test("nextLevel: programme → stuurgroep → DTO, nothing above", () => {
  assert.deepEqual((["programme", "stuurgroep", "dto"] as const).map((l) => nextLevel(l)), ["stuurgroep", "dto", null]);
});

const rows: { level: EscalationLevel; status: EscalationStatus; expect: ReturnType<typeof canEscalate>; upwards: boolean }[] = [
  { level: "programme", status: "open", expect: { ok: true, to: "stuurgroep" }, upwards: false },
  { level: "stuurgroep", status: "in_progress", expect: { ok: true, to: "dto" }, upwards: true },
  { level: "dto", status: "open", expect: { ok: false, reason: "top_level" }, upwards: true },
  { level: "programme", status: "resolved", expect: { ok: false, reason: "not_open" }, upwards: false },
  { level: "dto", status: "closed", expect: { ok: false, reason: "not_open" }, upwards: false },
];
for (const r of rows) {
  test(`canEscalate / isReportedUpwards: ${r.level} ${r.status}`, () => {
    assert.deepEqual(canEscalate(r), r.expect);
    assert.equal(isReportedUpwards(r), r.upwards);
  });
}

test("daysOverdue: only open escalations past their due date", () => {
  const today = "2026-12-05";
  assert.equal(daysOverdue({ dueOn: "2026-12-01", status: "open", today }), 4);
  assert.equal(daysOverdue({ dueOn: "2026-12-05", status: "open", today }), 0);
  assert.equal(daysOverdue({ dueOn: "2026-12-01", status: "resolved", today }), 0);
  assert.equal(daysOverdue({ dueOn: null, status: "open", today }), 0);
});
