/** Builders for domain tests (not a test file itself). */
import type { IsoDate } from "@/lib/domain/dates";
import type { StepState, StepStatusMap } from "@/lib/domain/readiness";
import { STEP_CATALOGUE, type StepCode } from "@/lib/domain/steps";

/** All steps in catalogue order. */
export const ORDER: StepCode[] = [...STEP_CATALOGUE].sort((a, b) => a.sortOrder - b.sortOrder).map((s) => s.code);

/** Step states from a compact table: code -> [state, completedOn]. */
export function buildSteps(entries: Partial<Record<StepCode, [StepState, IsoDate | null] | [StepState, IsoDate | null, string]>>): StepStatusMap {
  const out: StepStatusMap = {};
  for (const [code, v] of Object.entries(entries) as [StepCode, [StepState, IsoDate | null, string?]][]) {
    out[code] = {
      state: v[0],
      completedOn: v[1],
      reportedAt: v[0] === "open" ? null : `${v[1] ?? "2026-01-01"}T10:00:00Z`,
      verifiedAt: v[0] === "verified" ? `${v[1] ?? "2026-01-01"}T12:00:00Z` : null,
      rejectionReason: v[2] ?? null,
    };
  }
  return out;
}

/** Every step up to and including `last` (catalogue order) verified, on consecutive days from `start`. */
export function verifiedThrough(last: StepCode | null, start: IsoDate = "2026-01-05"): StepStatusMap {
  const entries: Partial<Record<StepCode, [StepState, IsoDate]>> = {};
  if (last === null) return {};
  const [y, m, d] = start.split("-").map(Number);
  for (let i = 0; i <= ORDER.indexOf(last); i++) {
    const date = new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
    entries[ORDER[i]] = ["verified", date];
  }
  return buildSteps(entries);
}
