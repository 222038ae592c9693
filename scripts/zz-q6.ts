import { openDatabase } from "@/db/client";
import { getInstitutionDetail, getInstitutionRef } from "@/lib/institutions/queries";
import { loadWorkspace } from "@/lib/onboarding/workspace";
import { getGoLive, listConfirmations } from "@/lib/golive/queries";
import { goLiveSettings } from "@/lib/golive/settings";
import { getInstitutionEligibility } from "@/lib/financing/summary";
import { listPlanHistory, loadPlanningInputs } from "@/lib/planning/queries";
import { latestIntakeSubmission } from "@/lib/toolkit/queries";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { dataChangeCounter } from "@/lib/ops/data-version";
async function main() {
  const h = openDatabase({ kind: "pglite", dir: "/tmp/s41/pgq" });
  const db = h.db;
  const id = "4eb79a46-c233-434a-8007-d41eb7f851da";
  const ref = (await getInstitutionRef(db, id))!;
  const now = new Date(); const today = toAmsterdamDate(now);
  const fs: [string, () => Promise<unknown>][] = [
    ["ref", () => getInstitutionRef(db, id)],
    ["detail", () => getInstitutionDetail(db, { id, scope: { kind: "all" } })],
    ["workspace", () => loadWorkspace(db, { institutionId: ref.id, vendorCode: ref.vendorCode, now })],
    ["golive", () => getGoLive(db, { institutionId: id, at: now, settings: goLiveSettings() } as never)],
    ["confirmations", () => listConfirmations(db, id)],
    ["eligibility", () => getInstitutionEligibility(db, { institutionId: id, today })],
    ["planningInputs", () => loadPlanningInputs(db, today, { institutionId: id })],
    ["planHistory", () => listPlanHistory(db, id)],
    ["intake", () => latestIntakeSubmission(db, id)],
    ["counter", () => dataChangeCounter(db)],
  ];
  const tot: Record<string, number> = {};
  for (const [, f] of fs) for (let i = 0; i < 20; i++) await f();
  for (let r = 0; r < 4; r++) for (const [n, f] of fs) { const t = performance.now(); for (let i = 0; i < 50; i++) await f(); tot[n] = (tot[n] ?? 0) + performance.now() - t; }
  let sum = 0; for (const [n] of fs) { sum += tot[n] / 200; console.log(n.padEnd(16), (tot[n] / 200).toFixed(3), "ms"); } console.log("sum", sum.toFixed(2));
  await h.close();
}
main().then(() => process.exit(0));
