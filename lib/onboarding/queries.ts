/** Reads for the institution workspace and the review queue. Callers check permissions first. */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { preparedQuery } from "@/db/prepared-query";
import { evidenceFiles, institutionReadiness, institutions, onboardingStepEvents, onboardingSteps, stepCatalogue, users, vendors } from "@/db/schema";

const reporter = alias(users, "reporter");
const verifier = alias(users, "verifier");
const rejecter = alias(users, "rejecter");

const institutionStepsQuery = preparedQuery((db) =>
  db
    .select({
      step: onboardingSteps,
      reporterName: reporter.name,
      verifierName: verifier.name,
      rejecterName: rejecter.name,
      evidenceName: evidenceFiles.filename,
      evidenceSize: evidenceFiles.sizeBytes,
    })
    .from(onboardingSteps)
    .leftJoin(reporter, eq(reporter.id, onboardingSteps.reportedBy))
    .leftJoin(verifier, eq(verifier.id, onboardingSteps.verifiedBy))
    .leftJoin(rejecter, eq(rejecter.id, onboardingSteps.rejectedBy))
    .leftJoin(evidenceFiles, eq(evidenceFiles.id, onboardingSteps.evidenceFileId))
    .where(eq(onboardingSteps.institutionId, sql.placeholder("institutionId")))
    .prepare("institution_steps"),
);

export async function listInstitutionSteps(db: Executor, institutionId: string) {
  return institutionStepsQuery(db).execute({ institutionId });
}

/** The events of an institution's steps (all, or one step's), oldest first; the person by name (actorLabel keeps the e-mail address recorded at the time). */
const stepEventsQuery = (oneStep: boolean) =>
  preparedQuery((db) =>
    db
      .select({ event: onboardingStepEvents, evidenceName: evidenceFiles.filename, actorName: users.name, actorEmail: users.email })
      .from(onboardingStepEvents)
      .leftJoin(evidenceFiles, eq(evidenceFiles.id, onboardingStepEvents.evidenceFileId))
      .leftJoin(users, eq(users.id, onboardingStepEvents.actorUserId))
      .where(and(eq(onboardingStepEvents.institutionId, sql.placeholder("institutionId")), oneStep ? eq(onboardingStepEvents.stepCode, sql.placeholder("stepCode")) : undefined))
      .orderBy(asc(onboardingStepEvents.at), asc(onboardingStepEvents.id))
      .prepare(oneStep ? "step_events_of_step" : "step_events"),
  );
const allStepEvents = stepEventsQuery(false);
const oneStepEvents = stepEventsQuery(true);

export async function listStepEvents(db: Executor, opts: { institutionId: string; stepCode?: string }) {
  return opts.stepCode ? oneStepEvents(db).execute({ institutionId: opts.institutionId, stepCode: opts.stepCode }) : allStepEvents(db).execute({ institutionId: opts.institutionId });
}

export async function getReadinessRow(db: Executor, institutionId: string) {
  const [row] = await db.select().from(institutionReadiness).where(eq(institutionReadiness.institutionId, institutionId));
  return row ?? null;
}

export async function getEvidenceFile(db: Executor, id: string) {
  const [row] = await db.select().from(evidenceFiles).where(eq(evidenceFiles.id, id));
  return row ?? null;
}

/** The evidence files that cite one stored check result (its "connection test" page). */
export async function listEvidenceOfCheckResult(db: Executor, checkResultId: number) {
  return db
    .select({ id: evidenceFiles.id, filename: evidenceFiles.filename, sha256: evidenceFiles.sha256, uploadedAt: evidenceFiles.uploadedAt })
    .from(evidenceFiles)
    .where(eq(evidenceFiles.checkResultId, checkResultId));
}

export type ReviewFilter = { stepCode?: string; vendorCode?: string; group?: string };

/** Reported steps waiting for verification, oldest report first. */
export async function listReviewQueue(db: Executor, filter: ReviewFilter) {
  return db
    .select({
      institutionId: institutions.id,
      institutionName: institutions.name,
      vendorName: vendors.name,
      stepCode: onboardingSteps.stepCode,
      stepGroup: stepCatalogue.stepGroup,
      sortOrder: stepCatalogue.sortOrder,
      completedOn: onboardingSteps.completedOn,
      note: onboardingSteps.note,
      link: onboardingSteps.link,
      evidenceFileId: onboardingSteps.evidenceFileId,
      evidenceName: evidenceFiles.filename,
      checkEvidenceFileId: onboardingSteps.checkEvidenceFileId,
      reportedAt: onboardingSteps.reportedAt,
      reportedBy: onboardingSteps.reportedBy,
      reporterName: reporter.name,
      version: onboardingSteps.version,
    })
    .from(onboardingSteps)
    .innerJoin(institutions, eq(institutions.id, onboardingSteps.institutionId))
    .innerJoin(stepCatalogue, eq(stepCatalogue.code, onboardingSteps.stepCode))
    .leftJoin(vendors, eq(vendors.code, institutions.vendorCode))
    .leftJoin(reporter, eq(reporter.id, onboardingSteps.reportedBy))
    .leftJoin(evidenceFiles, eq(evidenceFiles.id, onboardingSteps.evidenceFileId))
    .where(
      and(
        eq(onboardingSteps.state, "reported"),
        filter.stepCode ? eq(onboardingSteps.stepCode, filter.stepCode) : undefined,
        filter.vendorCode ? (filter.vendorCode === "none" ? sql`${institutions.vendorCode} is null` : eq(institutions.vendorCode, filter.vendorCode)) : undefined,
        filter.group ? eq(stepCatalogue.stepGroup, filter.group) : undefined,
      ),
    )
    .orderBy(asc(onboardingSteps.reportedAt), asc(institutions.name));
}

/**
 * Who stands behind a step's draft and files, for the forms that carry them over (an admin
 * reporting on an institution's behalf must see whose draft and file it continues): the files'
 * names with their uploaders, and the names of the given users.
 */
export async function getStepEditContext(db: Executor, opts: { fileIds: readonly (string | null | undefined)[]; userIds: readonly (string | null | undefined)[] }) {
  const fileIds = [...new Set(opts.fileIds.filter((x): x is string => Boolean(x)))];
  const userIds = [...new Set(opts.userIds.filter((x): x is string => Boolean(x)))];
  const uploader = alias(users, "uploader");
  const [files, people] = await Promise.all([
    fileIds.length
      ? db
          .select({ id: evidenceFiles.id, filename: evidenceFiles.filename, uploadedAt: evidenceFiles.uploadedAt, uploadedBy: evidenceFiles.uploadedBy, uploaderName: uploader.name })
          .from(evidenceFiles)
          .leftJoin(uploader, eq(uploader.id, evidenceFiles.uploadedBy))
          .where(inArray(evidenceFiles.id, fileIds))
      : [],
    userIds.length ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds)) : [],
  ]);
  return { files: new Map(files.map((f) => [f.id, f])), names: new Map(people.map((p) => [p.id, p.name])) };
}

/**
 * The report to review after this one: the oldest waiting report, other than the current step,
 * that the reviewer did not report themself (four eyes), or null when the queue is done.
 */
export async function nextInReviewQueue(db: Executor, opts: { reviewerId: string; after: { institutionId: string; stepCode: string } }) {
  const [row] = await db
    .select({ institutionId: onboardingSteps.institutionId, stepCode: onboardingSteps.stepCode })
    .from(onboardingSteps)
    .innerJoin(institutions, eq(institutions.id, onboardingSteps.institutionId))
    .where(
      and(
        eq(onboardingSteps.state, "reported"),
        sql`${onboardingSteps.reportedBy} is distinct from ${opts.reviewerId}`,
        sql`not (${onboardingSteps.institutionId} = ${opts.after.institutionId} and ${onboardingSteps.stepCode} = ${opts.after.stepCode})`,
      ),
    )
    .orderBy(asc(onboardingSteps.reportedAt), asc(institutions.name), asc(onboardingSteps.stepCode))
    .limit(1);
  return row ?? null;
}
