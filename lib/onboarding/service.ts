/**
 * Self-reporting and verification of onboarding steps. Each user action is one transaction:
 * the step row (locked), the evidence file, the history event, the readiness row and the audit
 * event are written together or not at all. Callers check permissions first; these functions
 * enforce the domain rules (prerequisites, dates, evidence, four eyes). A refusal is thrown as a
 * StepRefusal with the domain's codes (./refusal.ts); the caller words it in the user's language.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { evidenceFiles, institutions, onboardingStepEvents, onboardingSteps, type StepDraft } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { validateStepReport, validateStepVerification, type StepReportError } from "@/lib/domain/readiness";
import { findStep, GO_LIVE_STEP, type StepCode } from "@/lib/domain/steps";
import { assertGoLiveGate } from "@/lib/golive/service";
import { AppError } from "@/lib/errors";
import type { StepReportValues } from "@/lib/validation/onboarding";
import { CHECK_EVIDENCE_STEP, checkStatusOfEvidence, createCheckEvidenceFile } from "./check-evidence";
import { checkEvidenceFile } from "./evidence";
import { StepRefusal, issuesOf, type StepIssue } from "./refusal";
import { loadStepStatuses, refreshReadiness, vendorOf } from "./store";
import { notifyReportDecided, notifyReportSubmitted } from "@/lib/notifications/events";

export type EvidenceUpload = { filename: string; bytes: Uint8Array } | null;

function stepOrThrow(code: string) {
  const step = findStep({ code });
  if (!step) throw new AppError("validation", "v.step_invalid", { stepCode: ["v.step_invalid"] });
  return step;
}

/**
 * The current row, created as `open` when the step was never touched, and locked. An untouched
 * step is version 0: that is what the page sends when there is no row yet.
 */
async function lockStep(tx: Tx, institutionId: string, stepCode: StepCode) {
  await tx.insert(onboardingSteps).values({ institutionId, stepCode, version: 0 }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(onboardingSteps)
    .where(and(eq(onboardingSteps.institutionId, institutionId), eq(onboardingSteps.stepCode, stepCode)))
    .for("update");
  return row;
}

/** The history row of a decision on a report: the evidence as it stood when it was decided. */
async function recordDecisionEvent(tx: Tx, opts: { row: typeof onboardingSteps.$inferSelect; decision: "verified" | "rejected"; reason?: string; actor: AuditActor; now: Date }) {
  const { row } = opts;
  await tx.insert(onboardingStepEvents).values({
    institutionId: row.institutionId,
    stepCode: row.stepCode,
    action: opts.decision,
    state: opts.decision,
    completedOn: row.completedOn,
    note: row.note,
    link: row.link,
    evidenceFileId: row.evidenceFileId,
    checkEvidenceFileId: row.checkEvidenceFileId,
    reason: opts.reason,
    actorUserId: opts.actor.userId,
    actorLabel: opts.actor.label,
    at: opts.now,
  });
}

/**
 * The history row of a draft dropped by a verification: the draft's content and file, the state
 * it was saved in (drafts never change a state), the verifier as the one who caused it.
 */
async function recordDraftDiscarded(tx: Tx, opts: { row: typeof onboardingSteps.$inferSelect; actor: AuditActor; now: Date }) {
  const draft = opts.row.draft!;
  await tx.insert(onboardingStepEvents).values({
    institutionId: opts.row.institutionId,
    stepCode: opts.row.stepCode,
    action: "draft_discarded",
    state: opts.row.state,
    completedOn: draft.completedOn,
    note: draft.note,
    link: draft.link,
    evidenceFileId: draft.evidenceFileId,
    checkEvidenceFileId: draft.checkEvidenceFileId ?? null,
    actorUserId: opts.actor.userId,
    actorLabel: opts.actor.label,
    at: opts.now,
  });
  return true;
}

/** Saves a draft on the locked row (new version) and records it in the step's history; the caller audits. */
async function writeDraft(tx: Tx, opts: { row: typeof onboardingSteps.$inferSelect; draft: StepDraft; actor: AuditActor; now: Date }) {
  const { row, draft, actor, now } = opts;
  const [after] = await tx
    .update(onboardingSteps)
    .set({ draft, draftSavedAt: now, draftSavedBy: actor.userId, version: row.version + 1, updatedAt: now })
    .where(eq(onboardingSteps.id, row.id))
    .returning();
  await tx.insert(onboardingStepEvents).values({
    institutionId: row.institutionId,
    stepCode: row.stepCode,
    action: "draft_saved",
    state: row.state,
    ...draft,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    at: now,
  });
  return after;
}

async function institutionOrThrow(tx: Tx, institutionId: string) {
  const [inst] = await tx.select({ id: institutions.id, vendorCode: institutions.vendorCode }).from(institutions).where(eq(institutions.id, institutionId));
  if (!inst) throw new AppError("not_found");
  return inst;
}

const reportFieldFor: Record<StepReportError["field"], string> = {
  step: "stepCode",
  completedOn: "completedOn",
  document: "evidence",
  freeText: "note",
  checkResult: "checkResultId",
};

export async function saveStepReport(
  db: Db,
  opts: { actor: AuditActor; values: StepReportValues; evidence: EvidenceUpload; now: Date },
) {
  const { values } = opts;
  const step = stepOrThrow(values.stepCode);
  const today = toAmsterdamDate(opts.now);
  return db.transaction(async (tx) => {
    const inst = await institutionOrThrow(tx, values.institutionId);
    const row = await lockStep(tx, inst.id, step.code);
    if (row.version !== values.version) throw new AppError("conflict", "errors.conflict");
    if (row.state === "verified" || row.state === "not_applicable") throw new AppError("conflict", "onboarding.already_final");

    let evidenceFileId: string | null = values.keepEvidence ? (row.draft?.evidenceFileId ?? row.evidenceFileId ?? null) : null;
    if (opts.evidence) {
      const check = checkEvidenceFile(opts.evidence);
      if (!check.ok) throw new StepRefusal("validation", [{ issues: [{ kind: "evidence", error: { code: check.code, params: check.params } }] }]);
      const [file] = await tx
        .insert(evidenceFiles)
        .values({
          institutionId: inst.id,
          stepCode: step.code,
          filename: check.filename,
          contentType: check.type.contentType,
          sizeBytes: opts.evidence.bytes.byteLength,
          sha256: check.sha256,
          data: Buffer.from(opts.evidence.bytes),
          uploadedBy: opts.actor.userId,
        })
        .returning({ id: evidenceFiles.id });
      evidenceFileId = file.id;
    }
    // A second evidence slot for steps that take a connectivity check: kept from the draft (or
    // the report) unless removed, or replaced by a newly chosen check result.
    const takesCheck = step.evidence.checkResult !== "not_allowed";
    if (values.checkResultId !== undefined && !takesCheck) {
      throw new AppError("validation", "onboarding.check_not_allowed", { checkResultId: ["onboarding.check_not_allowed"] });
    }
    let checkEvidenceFileId: string | null = null;
    let attached: Awaited<ReturnType<typeof createCheckEvidenceFile>> | null = null;
    if (takesCheck) {
      const kept = row.draft && "checkEvidenceFileId" in row.draft ? (row.draft.checkEvidenceFileId ?? null) : row.checkEvidenceFileId;
      checkEvidenceFileId = values.keepCheckEvidence === false ? null : kept;
      if (values.checkResultId !== undefined) {
        attached = await createCheckEvidenceFile(tx, { actor: opts.actor, institutionId: inst.id, stepCode: step.code, checkResultId: values.checkResultId, now: opts.now });
        checkEvidenceFileId = attached.fileId;
      }
    }
    const fields = {
      completedOn: values.completedOn ?? null,
      note: values.note ?? null,
      link: values.link ?? null,
      evidenceFileId,
      // Only steps that take a check carry the key, so other steps' drafts and audit records keep their shape.
      ...(takesCheck ? { checkEvidenceFileId } : {}),
    };
    const checkAudit = attached ? { attachedCheck: { checkResultId: attached.checkResultId, status: attached.status, sha256: attached.sha256, factsSha256: attached.factsSha256 } } : {};

    if (values.intent === "draft") {
      const after = await writeDraft(tx, { row, draft: fields, actor: opts.actor, now: opts.now });
      await recordAudit(tx, { actor: opts.actor, action: "step.draft_save", entityType: "onboarding_step", entityId: row.id, institutionId: inst.id, before: { draft: row.draft }, after: { stepCode: step.code, draft: fields, ...checkAudit } });
      return after;
    }

    const statuses = await loadStepStatuses(tx, inst.id);
    const errors = validateStepReport({
      step,
      vendor: vendorOf(inst.vendorCode),
      completedOn: values.completedOn ?? null,
      today,
      stepStates: statuses,
      evidence: { document: Boolean(evidenceFileId), freeText: Boolean(fields.note), checkResult: Boolean(fields.link) || Boolean(checkEvidenceFileId) },
      checkResultStatus: attached ? attached.status : await checkStatusOfEvidence(tx, checkEvidenceFileId),
    });
    if (errors.length) {
      // A link that is not allowed belongs to the link field; other check errors to the check picker.
      const fieldOf = (e: StepReportError) => (e.field === "checkResult" && e.code === "evidence_not_allowed" && fields.link ? "link" : reportFieldFor[e.field]);
      throw new StepRefusal("validation", [{ issues: errors.map((error): StepIssue => ({ kind: "report", error, field: fieldOf(error) })) }]);
    }
    const [after] = await tx
      .update(onboardingSteps)
      .set({
        state: "reported",
        ...fields,
        reportedAt: opts.now,
        reportedBy: opts.actor.userId,
        verifiedAt: null,
        verifiedBy: null,
        rejectedAt: null,
        rejectedBy: null,
        rejectionReason: null,
        draft: null,
        draftSavedAt: null,
        draftSavedBy: null,
        version: row.version + 1,
        updatedAt: opts.now,
      })
      .where(eq(onboardingSteps.id, row.id))
      .returning();
    await tx.insert(onboardingStepEvents).values({
      institutionId: inst.id,
      stepCode: step.code,
      action: "reported",
      state: "reported",
      ...fields,
      actorUserId: opts.actor.userId,
      actorLabel: opts.actor.label,
      at: opts.now,
    });
    await refreshReadiness(tx, { institutionId: inst.id, today });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "step.report",
      entityType: "onboarding_step",
      entityId: row.id,
      institutionId: inst.id,
      before: { state: row.state, completedOn: row.completedOn },
      after: { stepCode: step.code, state: "reported", ...fields, ...checkAudit },
    });
    await notifyReportSubmitted(tx, { institutionId: inst.id, stepCode: step.code, stepId: row.id, version: after.version, actorUserId: opts.actor.userId, now: opts.now });
    return after;
  });
}

type Decision = { institutionId: string; stepCode: StepCode; version: number };

async function verifyInTx(tx: Tx, opts: { actor: AuditActor; item: Decision; now: Date }) {
  const step = stepOrThrow(opts.item.stepCode);
  const inst = await institutionOrThrow(tx, opts.item.institutionId);
  const row = await lockStep(tx, inst.id, step.code);
  if (row.version !== opts.item.version) throw new AppError("conflict", "errors.conflict");
  const statuses = await loadStepStatuses(tx, inst.id);
  const errors = validateStepVerification({
    step,
    vendor: vendorOf(inst.vendorCode),
    stepStates: statuses,
    reporterId: row.reportedBy,
    verifierId: opts.actor.userId ?? "",
  });
  if (errors.length) {
    const code = errors.some((e) => e.code === "own_report") ? "forbidden" : "conflict";
    throw new StepRefusal(code, [{ issues: errors.map((error): StepIssue => ({ kind: "verify", error })) }]);
  }
  // Issue 17: "live" only when the evidence holds (or a programme override stands).
  const goLiveGate = step.code === GO_LIVE_STEP ? await assertGoLiveGate(tx, { institutionId: inst.id, now: opts.now }) : null;
  // A verified step is final: a draft saved while the report waited could never be submitted.
  // It is discarded here, openly: a "draft_discarded" event keeps its content and file in the
  // history (the step page tells its author), and the audit event records what was dropped.
  const discarded = row.draft ? await recordDraftDiscarded(tx, { row, actor: opts.actor, now: opts.now }) : null;
  await tx
    .update(onboardingSteps)
    .set({ state: "verified", verifiedAt: opts.now, verifiedBy: opts.actor.userId, draft: null, draftSavedAt: null, draftSavedBy: null, version: row.version + 1, updatedAt: opts.now })
    .where(eq(onboardingSteps.id, row.id));
  await recordDecisionEvent(tx, { row, decision: "verified", actor: opts.actor, now: opts.now });
  await refreshReadiness(tx, { institutionId: inst.id, today: toAmsterdamDate(opts.now) });
  await recordAudit(tx, {
    actor: opts.actor,
    action: "step.verify",
    entityType: "onboarding_step",
    entityId: row.id,
    institutionId: inst.id,
    before: { state: row.state, ...(discarded ? { draft: row.draft, draftSavedBy: row.draftSavedBy, draftSavedAt: row.draftSavedAt } : {}) },
    after: { stepCode: step.code, state: "verified", completedOn: row.completedOn, ...(discarded ? { draftDiscarded: true } : {}), ...(goLiveGate ? { goLiveGate } : {}) },
  });
  await notifyReportDecided(tx, { institutionId: inst.id, stepCode: step.code, stepId: row.id, version: row.version + 1, reportedBy: row.reportedBy, decision: "verified", actorUserId: opts.actor.userId, now: opts.now });
}

export async function verifyStep(db: Db, opts: { actor: AuditActor; item: Decision; now: Date }) {
  return db.transaction((tx) => verifyInTx(tx, opts));
}

/**
 * Verifies several reports of the same step at once (identical evidence type), all or none:
 * when one fails, nothing is verified and the refusal names the institutions involved.
 */
export async function bulkVerifySteps(db: Db, opts: { actor: AuditActor; items: Decision[]; now: Date }) {
  const codes = new Set(opts.items.map((i) => i.stepCode));
  if (codes.size !== 1) throw new AppError("validation", "onboarding.bulk_same_step");
  return db.transaction(async (tx) => {
    const failures: { institution: string; issues: StepIssue[] }[] = [];
    const names = new Map(
      (await tx.select({ id: institutions.id, name: institutions.name }).from(institutions).where(inArray(institutions.id, opts.items.map((i) => i.institutionId)))).map((r) => [r.id, r.name]),
    );
    for (const item of opts.items) {
      try {
        await tx.transaction((sp) => verifyInTx(sp, { ...opts, item }));
      } catch (e) {
        failures.push({ institution: names.get(item.institutionId) ?? item.institutionId, issues: issuesOf(e) });
      }
    }
    if (failures.length) throw new StepRefusal("conflict", failures);
    return opts.items.length;
  });
}

export async function rejectStep(db: Db, opts: { actor: AuditActor; item: Decision; reason: string; now: Date }) {
  const step = stepOrThrow(opts.item.stepCode);
  return db.transaction(async (tx) => {
    const inst = await institutionOrThrow(tx, opts.item.institutionId);
    const row = await lockStep(tx, inst.id, step.code);
    if (row.version !== opts.item.version) throw new AppError("conflict", "errors.conflict");
    if (row.state !== "reported") throw new AppError("conflict", "onboarding.not_reported");
    if (row.reportedBy && row.reportedBy === opts.actor.userId) throw new AppError("forbidden", "onboarding.own_report");
    await tx
      .update(onboardingSteps)
      .set({ state: "rejected", rejectedAt: opts.now, rejectedBy: opts.actor.userId, rejectionReason: opts.reason, version: row.version + 1, updatedAt: opts.now })
      .where(eq(onboardingSteps.id, row.id));
    await recordDecisionEvent(tx, { row, decision: "rejected", reason: opts.reason, actor: opts.actor, now: opts.now });
    await refreshReadiness(tx, { institutionId: inst.id, today: toAmsterdamDate(opts.now) });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "step.reject",
      entityType: "onboarding_step",
      entityId: row.id,
      institutionId: inst.id,
      before: { state: row.state },
      after: { stepCode: step.code, state: "rejected", reason: opts.reason },
    });
    await notifyReportDecided(tx, {
      institutionId: inst.id,
      stepCode: step.code,
      stepId: row.id,
      version: row.version + 1,
      reportedBy: row.reportedBy,
      decision: "rejected",
      reason: opts.reason,
      actorUserId: opts.actor.userId,
      now: opts.now,
    });
  });
}

/**
 * "Attach this check as evidence" from the endpoint page: the check result (of one of the
 * institution's own endpoints) becomes the evidence PDF in the draft of "DUO connection tested",
 * keeping everything else in the draft. When the draft has no date yet, the test's date is
 * filled in. The editor then reviews and submits the report on the step page.
 */
export async function attachCheckResultEvidence(
  db: Db,
  opts: { actor: AuditActor; institutionId: string; checkResultId: number; now: Date; stepCode?: StepCode },
) {
  const step = stepOrThrow(opts.stepCode ?? CHECK_EVIDENCE_STEP);
  if (step.evidence.checkResult === "not_allowed") throw new AppError("validation", "onboarding.check_not_allowed");
  return db.transaction(async (tx) => {
    const inst = await institutionOrThrow(tx, opts.institutionId);
    const row = await lockStep(tx, inst.id, step.code);
    if (row.state === "verified" || row.state === "not_applicable") throw new AppError("conflict", "onboarding.already_final");
    const attached = await createCheckEvidenceFile(tx, { actor: opts.actor, institutionId: inst.id, stepCode: step.code, checkResultId: opts.checkResultId, now: opts.now });
    const base: StepDraft = row.draft ?? { completedOn: row.completedOn, note: row.note, link: row.link, evidenceFileId: row.evidenceFileId, checkEvidenceFileId: row.checkEvidenceFileId };
    const draft: StepDraft = { ...base, completedOn: base.completedOn ?? toAmsterdamDate(new Date(attached.checkedAt)), checkEvidenceFileId: attached.fileId };
    const after = await writeDraft(tx, { row, draft, actor: opts.actor, now: opts.now });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "step.check_evidence_attach",
      entityType: "onboarding_step",
      entityId: row.id,
      institutionId: inst.id,
      before: { draft: row.draft },
      after: { stepCode: step.code, draft, attachedCheck: { checkResultId: attached.checkResultId, status: attached.status, sha256: attached.sha256, factsSha256: attached.factsSha256, evidenceFileId: attached.fileId } },
    });
    return { step: after, evidence: attached };
  });
}
