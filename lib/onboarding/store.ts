/**
 * Reading an institution's step states into the shape lib/domain understands, and keeping the
 * institution_readiness row (a derived, queryable copy of computeReadiness) current. Called
 * inside the transaction of every change.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { institutionReadiness, institutions, onboardingSteps } from "@/db/schema";
import { computeReadiness, type Readiness, type StepStatus, type StepStatusMap } from "@/lib/domain/readiness";
import { isStepCode } from "@/lib/domain/steps";
import { VENDOR_CODES, isVendor, type Vendor } from "@/lib/domain/vendors";
import type { IsoDate } from "@/lib/domain/dates";

/** The columns of a step's current state that readiness reads, and how one row becomes its status. */
const STEP_STATUS_COLUMNS = {
  stepCode: onboardingSteps.stepCode,
  state: onboardingSteps.state,
  completedOn: onboardingSteps.completedOn,
  reportedAt: onboardingSteps.reportedAt,
  verifiedAt: onboardingSteps.verifiedAt,
  rejectionReason: onboardingSteps.rejectionReason,
};

function addStepStatus(map: StepStatusMap, r: { stepCode: string; state: StepStatus["state"]; completedOn: string | null; reportedAt: Date | null; verifiedAt: Date | null; rejectionReason: string | null }) {
  if (!isStepCode(r.stepCode)) return;
  map[r.stepCode] = { state: r.state, completedOn: r.completedOn, reportedAt: r.reportedAt?.toISOString() ?? null, verifiedAt: r.verifiedAt?.toISOString() ?? null, rejectionReason: r.rejectionReason };
}

export async function loadStepStatuses(db: Executor, institutionId: string): Promise<StepStatusMap> {
  return stepStatusesOf(await db.select(STEP_STATUS_COLUMNS).from(onboardingSteps).where(eq(onboardingSteps.institutionId, institutionId)));
}

/** The step statuses readiness reads, from step rows already loaded (whole rows will do). */
export function stepStatusesOf(rows: readonly Parameters<typeof addStepStatus>[1][]): StepStatusMap {
  const map: StepStatusMap = {};
  for (const r of rows) addStepStatus(map, r);
  return map;
}

export function vendorOf(code: string | null): Vendor | null {
  return isVendor(code) ? code : null;
}

/** The institution_readiness row of a computed readiness. */
function readinessValues(institutionId: string, r: Readiness) {
  const met = (code: string) => r.preconditions.find((p) => p.code === code)?.met ?? false;
  return {
    institutionId,
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
}

export async function refreshReadiness(db: Executor, opts: { institutionId: string; today: IsoDate }): Promise<Readiness> {
  const [inst] = await db.select({ vendorCode: institutions.vendorCode }).from(institutions).where(eq(institutions.id, opts.institutionId));
  const steps = await loadStepStatuses(db, opts.institutionId);
  const r = computeReadiness({ vendor: vendorOf(inst?.vendorCode ?? null), steps, today: opts.today });
  const values = readinessValues(opts.institutionId, r);
  await db
    .insert(institutionReadiness)
    .values(values)
    .onConflictDoUpdate({ target: institutionReadiness.institutionId, set: { ...values, updatedAt: sql`now()` } });
  return r;
}

/** The columns of institution_readiness that a refresh writes, in table order. */
export const READINESS_COLUMNS = [
  "institution_id",
  "phase",
  "percent",
  "blocking_precondition",
  "phase_started_on",
  "is_live",
  "go_live_ready",
  "next_action_kind",
  "next_action_step",
  "agreements_met",
  "mitz_connected_met",
  "mitz_filled_met",
  "awaiting_verification",
] as const;
type ReadinessRow = Record<(typeof READINESS_COLUMNS)[number], unknown>;

/** The record definition of readinessWithoutSteps rows in json_to_recordset (SQL, constant). */
export const READINESS_RECORD =
  "vendor text, phase text, percent integer, blocking_precondition text, phase_started_on date, is_live boolean, go_live_ready boolean, next_action_kind text, next_action_step text, agreements_met boolean, mitz_connected_met boolean, mitz_filled_met boolean, awaiting_verification integer";

const snakeRow = (v: ReturnType<typeof readinessValues>): ReadinessRow => ({
  institution_id: v.institutionId,
  phase: v.phase,
  percent: v.percent,
  blocking_precondition: v.blockingPrecondition,
  phase_started_on: v.phaseStartedOn,
  is_live: v.isLive,
  go_live_ready: v.goLiveReady,
  next_action_kind: v.nextActionKind,
  next_action_step: v.nextActionStep,
  agreements_met: v.agreementsMet,
  mitz_connected_met: v.mitzConnectedMet,
  mitz_filled_met: v.mitzFilledMet,
  awaiting_verification: v.awaitingVerification,
});

/**
 * The readiness of an institution without any step, per vendor (`vendor` "" for none): what a new
 * institution starts with. Set-based imports join their new rows on it (READINESS_RECORD).
 */
export function readinessWithoutSteps(today: IsoDate) {
  return (["", ...VENDOR_CODES] as const).map((code) => {
    const { institution_id: _id, ...row } = snakeRow(readinessValues("", computeReadiness({ vendor: vendorOf(code || null), steps: {}, today })));
    return { vendor: code, ...row };
  });
}

/**
 * refreshReadiness for many institutions at once (imports that change vendors): per chunk two
 * reads and one upsert instead of three statements per institution.
 */
export async function refreshReadinessMany(db: Executor, opts: { institutionIds: string[]; today: IsoDate; chunk: number; onChunk?: () => Promise<void> | void }) {
  for (let i = 0; i < opts.institutionIds.length; i += opts.chunk) {
    const ids = opts.institutionIds.slice(i, i + opts.chunk);
    const vendors = await db.select({ id: institutions.id, vendorCode: institutions.vendorCode }).from(institutions).where(inArray(institutions.id, ids));
    const stepRows = await db
      .select({ institutionId: onboardingSteps.institutionId, ...STEP_STATUS_COLUMNS })
      .from(onboardingSteps)
      .where(inArray(onboardingSteps.institutionId, ids));
    const steps = new Map<string, StepStatusMap>();
    for (const r of stepRows) {
      const map = steps.get(r.institutionId) ?? {};
      addStepStatus(map, r);
      steps.set(r.institutionId, map);
    }
    const rows = vendors.map(({ id, vendorCode }) => snakeRow(readinessValues(id, computeReadiness({ vendor: vendorOf(vendorCode), steps: steps.get(id) ?? {}, today: opts.today }))));
    const cols = READINESS_COLUMNS.join(", ");
    await db.execute(sql`
      insert into institution_readiness (${sql.raw(cols)})
      select ${sql.raw(cols)} from json_to_recordset(${JSON.stringify(rows)}::json) as r(institution_id uuid, ${sql.raw(READINESS_RECORD.replace(/^vendor text, /, ""))})
      on conflict (institution_id) do update set ${sql.raw(READINESS_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(", "))}, updated_at = now()`);
    await opts.onChunk?.();
  }
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
