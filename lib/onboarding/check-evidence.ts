/**
 * Connectivity checks as onboarding evidence: an institution editor attaches a check result of
 * one of the institution's own endpoints to the step "DUO connection tested". The result becomes
 * a generated PDF stored like any evidence file (with its sha256) that also points at the
 * check_results row. Callers check permissions first and pass the transaction.
 */
import { createHash } from "node:crypto";
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import type { Executor, Tx } from "@/db/client";
import { checkResults, endpointCertificates, endpoints, evidenceFiles, institutions, onboardingSteps, users } from "@/db/schema";
import type { AuditActor } from "@/lib/audit";
import { buildCheckEvidenceFacts, checkEvidenceFilename, factsJson, renderCheckEvidencePdf } from "@/lib/checker/evidence-document";
import { probeResultFromRow } from "@/lib/checker/stored";
import { AppError } from "@/lib/errors";
import { findStep, resolveStepForVendor, type StepCode } from "@/lib/domain/steps";
import { vendorOf } from "./store";

/** The step a "test my connection" result is evidence for. */
export const CHECK_EVIDENCE_STEP: StepCode = "duo_connection_tested";

const DAY = 86_400_000;

/** One check result, only when it belongs to an endpoint of `institutionId` (else null: not found). */
async function loadOwnCheck(db: Executor, institutionId: string, checkResultId: number) {
  const [row] = await db
    .select({
      result: checkResults,
      certificate: endpointCertificates,
      endpoint: { id: endpoints.id, url: endpoints.url, transaction: endpoints.transaction, environment: endpoints.environment, homeCommunityId: endpoints.homeCommunityId },
      institution: { id: institutions.id, name: institutions.name, ura: institutions.ura },
      performer: users.name,
    })
    .from(checkResults)
    .innerJoin(endpoints, eq(endpoints.id, checkResults.endpointId))
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .leftJoin(endpointCertificates, eq(endpointCertificates.id, checkResults.certificateId))
    .leftJoin(users, eq(users.id, checkResults.actorUserId))
    .where(and(eq(checkResults.id, checkResultId), eq(endpoints.institutionId, institutionId)));
  return row ?? null;
}

export type CreatedCheckEvidence = { fileId: string; filename: string; sha256: string; factsSha256: string; status: "up" | "degraded" | "down"; checkedAt: string; checkResultId: number };

/** Renders the evidence PDF of a check of the institution's own endpoint and stores it (inside `tx`). */
export async function createCheckEvidenceFile(
  tx: Tx,
  opts: { actor: AuditActor; institutionId: string; stepCode: StepCode; checkResultId: number; now: Date },
): Promise<CreatedCheckEvidence> {
  const c = await loadOwnCheck(tx, opts.institutionId, opts.checkResultId);
  if (!c) throw new AppError("not_found", "onboarding.check_not_found");
  const facts = buildCheckEvidenceFacts({
    checkResultId: c.result.id,
    result: probeResultFromRow(c.result, c.certificate, c.endpoint.url),
    trigger: c.result.trigger,
    performedBy: c.performer ?? null,
    institution: c.institution,
    endpoint: c.endpoint,
  });
  const bytes = await renderCheckEvidencePdf(facts, opts.now);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const filename = checkEvidenceFilename(facts);
  const [file] = await tx
    .insert(evidenceFiles)
    .values({
      institutionId: opts.institutionId,
      stepCode: opts.stepCode,
      filename,
      contentType: "application/pdf",
      sizeBytes: bytes.byteLength,
      sha256,
      data: Buffer.from(bytes),
      uploadedBy: opts.actor.userId,
      uploadedAt: opts.now,
      checkResultId: c.result.id,
    })
    .returning({ id: evidenceFiles.id });
  return { fileId: file.id, filename, sha256, factsSha256: factsJson(facts).sha256, status: c.result.status, checkedAt: c.result.checkedAt.toISOString(), checkResultId: c.result.id };
}

/** Status of the check behind an evidence file (null when the file is not a check report). */
export async function checkStatusOfEvidence(db: Executor, fileId: string | null): Promise<"up" | "degraded" | "down" | null> {
  if (!fileId) return null;
  const [r] = await db
    .select({ status: checkResults.status })
    .from(evidenceFiles)
    .innerJoin(checkResults, eq(checkResults.id, evidenceFiles.checkResultId))
    .where(eq(evidenceFiles.id, fileId));
  return r?.status ?? null;
}

export type CheckEvidenceSummary = {
  fileId: string;
  filename: string;
  sha256: string;
  checkResultId: number;
  endpointId: string;
  checkedAt: Date;
  status: "up" | "degraded" | "down";
};

/** What the step page and the review queue show for attached checks, by evidence file id. */
export async function getCheckEvidenceSummaries(db: Executor, fileIds: readonly (string | null | undefined)[]): Promise<Map<string, CheckEvidenceSummary>> {
  const ids = [...new Set(fileIds.filter((x): x is string => Boolean(x)))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      fileId: evidenceFiles.id,
      filename: evidenceFiles.filename,
      sha256: evidenceFiles.sha256,
      checkResultId: checkResults.id,
      endpointId: checkResults.endpointId,
      checkedAt: checkResults.checkedAt,
      status: checkResults.status,
    })
    .from(evidenceFiles)
    .innerJoin(checkResults, eq(checkResults.id, evidenceFiles.checkResultId))
    .where(inArray(evidenceFiles.id, ids));
  return new Map(rows.map((r) => [r.fileId, r]));
}

/**
 * The institution's recent "test my connection" results (people and API tokens, not the
 * schedule), newest first: the choices on the step page.
 */
export async function listAttachableChecks(db: Executor, opts: { institutionId: string; now: Date; days?: number; limit?: number }) {
  return db
    .select({
      id: checkResults.id,
      checkedAt: checkResults.checkedAt,
      status: checkResults.status,
      reason: checkResults.reason,
      trigger: checkResults.trigger,
      endpointId: endpoints.id,
      url: endpoints.url,
      transaction: endpoints.transaction,
      environment: endpoints.environment,
    })
    .from(checkResults)
    .innerJoin(endpoints, eq(endpoints.id, checkResults.endpointId))
    .where(
      and(
        eq(endpoints.institutionId, opts.institutionId),
        inArray(checkResults.trigger, ["user", "api"]),
        gt(checkResults.checkedAt, new Date(opts.now.getTime() - (opts.days ?? 30) * DAY)),
      ),
    )
    .orderBy(desc(checkResults.checkedAt), desc(checkResults.id))
    .limit(opts.limit ?? 20);
}

/**
 * Whether a check can still be attached to the institution's "DUO connection tested" step: the
 * step applies to its vendor and is not final (verified or not applicable).
 */
export async function checkEvidenceStepOpen(db: Executor, opts: { institutionId: string; vendorCode: string | null }): Promise<boolean> {
  const step = findStep({ code: CHECK_EVIDENCE_STEP });
  if (!step || !resolveStepForVendor({ step, vendor: vendorOf(opts.vendorCode) }).applies) return false;
  const [row] = await db
    .select({ state: onboardingSteps.state })
    .from(onboardingSteps)
    .where(and(eq(onboardingSteps.institutionId, opts.institutionId), eq(onboardingSteps.stepCode, CHECK_EVIDENCE_STEP)));
  return !row || (row.state !== "verified" && row.state !== "not_applicable");
}

/** The institution's endpoints, for "run a test on the page of an endpoint". */
export async function listInstitutionEndpointLinks(db: Executor, institutionId: string) {
  return db
    .select({ id: endpoints.id, url: endpoints.url, transaction: endpoints.transaction, environment: endpoints.environment })
    .from(endpoints)
    .where(eq(endpoints.institutionId, institutionId))
    .orderBy(endpoints.environment, endpoints.transaction, endpoints.url);
}
