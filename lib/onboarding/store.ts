/**
 * Reading an institution's step states into the shape lib/domain understands, and keeping the
 * institution_readiness row (a derived, queryable copy of computeReadiness) current. Called
 * inside the transaction of every change.
 */
import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { institutionReadiness, institutions, onboardingSteps } from "@/db/schema";
import { computeReadiness, type Readiness, type StepStatusMap } from "@/lib/domain/readiness";
import { isStepCode } from "@/lib/domain/steps";
import { isVendor, type Vendor } from "@/lib/domain/vendors";
import type { IsoDate } from "@/lib/domain/dates";

export async function loadStepStatuses(db: Executor, institutionId: string): Promise<StepStatusMap> {
  const rows = await db
    .select({
      stepCode: onboardingSteps.stepCode,
      state: onboardingSteps.state,
      completedOn: onboardingSteps.completedOn,
      reportedAt: onboardingSteps.reportedAt,
      verifiedAt: onboardingSteps.verifiedAt,
      rejectionReason: onboardingSteps.rejectionReason,
    })
    .from(onboardingSteps)
    .where(eq(onboardingSteps.institutionId, institutionId));
  const map: StepStatusMap = {};
  for (const r of rows) {
    if (!isStepCode(r.stepCode)) continue;
    map[r.stepCode] = {
      state: r.state,
      completedOn: r.completedOn,
      reportedAt: r.reportedAt?.toISOString() ?? null,
      verifiedAt: r.verifiedAt?.toISOString() ?? null,
      rejectionReason: r.rejectionReason,
    };
  }
  return map;
}

export function vendorOf(code: string | null): Vendor | null {
  return isVendor(code) ? code : null;
}

export async function refreshReadiness(db: Executor, opts: { institutionId: string; today: IsoDate }): Promise<Readiness> {
  const [inst] = await db.select({ vendorCode: institutions.vendorCode }).from(institutions).where(eq(institutions.id, opts.institutionId));
  const steps = await loadStepStatuses(db, opts.institutionId);
  const r = computeReadiness({ vendor: vendorOf(inst?.vendorCode ?? null), steps, today: opts.today });
  const met = (code: string) => r.preconditions.find((p) => p.code === code)?.met ?? false;
  const values = {
    institutionId: opts.institutionId,
    phase: r.phase,
    percent: r.percent,
    blockingPrecondition: r.blockingPrecondition,
    phaseStartedOn: r.phaseStartedOn,
    isLive: r.isLive,
    goLiveReady: r.goLiveGate.passed,
    nextActionKind: r.nextAction.kind,
    nextActionStep: r.nextAction.stepCode,
    agreementsMet: met("agreements"),
    mitzConnectedMet: met("mitz_connected"),
    mitzFilledMet: met("mitz_filled"),
    awaitingVerification: r.awaitingVerification.length,
  };
  await db
    .insert(institutionReadiness)
    .values(values)
    .onConflictDoUpdate({ target: institutionReadiness.institutionId, set: { ...values, updatedAt: sql`now()` } });
  return r;
}

/** Institutions without a readiness row (new, imported, or from before this table): fill them in. */
export async function refreshMissingReadiness(db: Executor, today: IsoDate) {
  const missing = await db
    .select({ id: institutions.id })
    .from(institutions)
    .leftJoin(institutionReadiness, eq(institutionReadiness.institutionId, institutions.id))
    .where(sql`${institutionReadiness.institutionId} is null`);
  for (const m of missing) await refreshReadiness(db, { institutionId: m.id, today });
  return missing.length;
}
