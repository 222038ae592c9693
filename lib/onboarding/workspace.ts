/**
 * Everything the institution workspace shows, assembled from the database and the pure rules:
 * the checklist per precondition group, readiness, and each step's history.
 */
import type { Executor } from "@/db/client";
import { listInstitutionSteps, listStepEvents } from "@/lib/onboarding/queries";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { computeReadiness, type StepState } from "@/lib/domain/readiness";
import { STEP_GROUPS, resolveCatalogue } from "@/lib/domain/steps";
import { stepStatusesOf, vendorOf } from "./store";

export async function loadWorkspace(db: Executor, opts: { institutionId: string; vendorCode: string | null; now: Date }) {
  const today = toAmsterdamDate(opts.now);
  const vendor = vendorOf(opts.vendorCode);
  const [rows, events] = await Promise.all([listInstitutionSteps(db, opts.institutionId), listStepEvents(db, { institutionId: opts.institutionId })]);
  // Readiness reads the same rows the checklist shows: no second query of the steps.
  const readiness = computeReadiness({ vendor, steps: stepStatusesOf(rows.map((r) => r.step)), today });
  const byCode = new Map(rows.map((r) => [r.step.stepCode, r]));
  const resolved = resolveCatalogue({ vendor });
  const checklist = STEP_GROUPS.map((group) => ({
    group,
    met: readiness.preconditions.find((p) => p.code === group)?.met ?? null,
    steps: resolved
      .filter((r) => r.step.precondition === group)
      .map((r) => {
        const row = byCode.get(r.step.code);
        return {
          def: r.step,
          applies: r.applies,
          mandatory: r.mandatory,
          prerequisites: r.prerequisites,
          note: r.note,
          state: (row?.step.state ?? "open") as StepState,
          row: row ?? null,
          events: events.filter((e) => e.event.stepCode === r.step.code),
        };
      }),
  }));
  return { readiness, checklist, today };
}
