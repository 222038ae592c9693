/**
 * The reads of an institution's page (its checklist, go-live evidence, confirmations, financing
 * eligibility and plans), kept per institution while the programme's data is unchanged
 * (`keptWhileUnchanged`, lib/ops/data-version.ts). They cost ~4.4 ms per visit on PGlite, the
 * change counter 0.3 ms (README, Benchmarks, twelfth round). Only user actions change what they
 * read, and every user action writes an audit event, which moves the counter; the go-live
 * evidence also reads the checker's rollups, which no counter sees, so it is kept at most 5 s, as
 * the dashboard's go-live figures are. Per day where a read depends on the date. The values are
 * shared between requests: callers must not change them. Permission checks stay with the callers.
 */
import type { Executor } from "@/db/client";
import { toAmsterdamDate, type IsoDate } from "@/lib/domain/dates";
import { getInstitutionEligibility } from "@/lib/financing/summary";
import { getGoLive, listConfirmations } from "@/lib/golive/queries";
import type { GoLiveSettings } from "@/lib/domain/golive";
import { loadWorkspace } from "@/lib/onboarding/workspace";
import { keptWhileUnchanged } from "@/lib/ops/data-version";
import { keyedCache } from "@/lib/ops/versioned-cache";
import { listPlanHistory, loadPlanningInputs } from "@/lib/planning/queries";
import { latestIntakeSubmission } from "@/lib/toolkit/queries";

/** How long the go-live evidence is kept at most: the checker's verdicts are not counted. */
export const GO_LIVE_MAX_AGE_MS = 5_000;
/** Entries per read: one per institution (and day) recently visited. */
const KEEP = 64;

const workspaces = keyedCache<Awaited<ReturnType<typeof loadWorkspace>>>(KEEP);
const goLives = keyedCache<Awaited<ReturnType<typeof getGoLive>>>(KEEP);
const confirmations = keyedCache<Awaited<ReturnType<typeof listConfirmations>>>(KEEP);
const eligibilities = keyedCache<Awaited<ReturnType<typeof getInstitutionEligibility>>>(KEEP);
const planningInputs = keyedCache<Awaited<ReturnType<typeof loadPlanningInputs>>>(KEEP);
const planHistories = keyedCache<Awaited<ReturnType<typeof listPlanHistory>>>(KEEP);
const intakes = keyedCache<Awaited<ReturnType<typeof latestIntakeSubmission>>>(KEEP);

export const institutionPageReads = {
  /** loadWorkspace: the checklist and readiness (it reads the date only). */
  workspace: (db: Executor, opts: { institutionId: string; vendorCode: string | null; now: Date }) =>
    keptWhileUnchanged(db, workspaces, `${opts.institutionId}|${opts.vendorCode}|${toAmsterdamDate(opts.now)}`, () => loadWorkspace(db, opts)),
  goLive: (db: Executor, opts: { institutionId: string; at: Date; settings: GoLiveSettings }) =>
    keptWhileUnchanged(db, goLives, `${opts.institutionId}|${JSON.stringify(opts.settings)}`, () => getGoLive(db, opts), { maxAgeMs: GO_LIVE_MAX_AGE_MS, now: opts.at }),
  confirmations: (db: Executor, institutionId: string) => keptWhileUnchanged(db, confirmations, institutionId, () => listConfirmations(db, institutionId)),
  eligibility: (db: Executor, opts: { institutionId: string; today: IsoDate }) =>
    keptWhileUnchanged(db, eligibilities, `${opts.institutionId}|${opts.today}`, () => getInstitutionEligibility(db, opts)),
  planningInputs: (db: Executor, today: IsoDate, institutionId: string) =>
    keptWhileUnchanged(db, planningInputs, `${institutionId}|${today}`, () => loadPlanningInputs(db, today, { institutionId })),
  planHistory: (db: Executor, institutionId: string) => keptWhileUnchanged(db, planHistories, institutionId, () => listPlanHistory(db, institutionId)),
  latestIntake: (db: Executor, institutionId: string) => keptWhileUnchanged(db, intakes, institutionId, () => latestIntakeSubmission(db, institutionId)),
};
