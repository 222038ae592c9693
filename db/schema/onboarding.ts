import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { checkResults } from "./checker";
import { institutions } from "./institutions";
import { users } from "./users";

export const stepStateEnum = pgEnum("step_state", ["open", "reported", "verified", "rejected", "not_applicable"]);
export const stepEventActionEnum = pgEnum("step_event_action", [
  "draft_saved",
  /** A draft dropped when the report it waited behind was verified (history keeps its content). */
  "draft_discarded",
  "reported",
  "verified",
  "rejected",
  "marked_not_applicable",
  "reopened",
]);

/** Binary content: postgres.js gives a Buffer, PGlite a Uint8Array; both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * The step catalogue, copied from lib/domain/steps.ts at every start so that the database
 * can join and group on it (dashboards) and foreign keys hold. The code is the source.
 */
export const stepCatalogue = pgTable("onboarding_step_catalogue", {
  code: text("code").primaryKey(),
  sortOrder: integer("sort_order").notNull(),
  stepGroup: text("step_group").notNull(),
  mandatory: boolean("mandatory").notNull(),
  titleNl: text("title_nl").notNull(),
  titleEn: text("title_en").notNull(),
  prerequisites: jsonb("prerequisites").$type<string[]>().notNull(),
  evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
});

/** Evidence uploads: sniffed type, checksum, stored in the database so backups include them. */
export const evidenceFiles = pgTable(
  "evidence_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    stepCode: text("step_code")
      .notNull()
      .references(() => stepCatalogue.code),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Set when the file is the generated report of a connectivity check ("test my connection"):
     * the reviewer can open the stored result. Retention keeps raw results referenced here.
     */
    checkResultId: bigint("check_result_id", { mode: "number" }).references(() => checkResults.id),
  },
  (t) => [index("evidence_files_institution_idx").on(t.institutionId), index("evidence_files_check_result_idx").on(t.checkResultId)],
);

/** `checkEvidenceFileId` is absent in drafts saved before check results could be attached. */
export type StepDraft = { completedOn: string | null; note: string | null; link: string | null; evidenceFileId: string | null; checkEvidenceFileId?: string | null };

/** The current state of each step of each institution; its history is in onboarding_step_events. */
export const onboardingSteps = pgTable(
  "onboarding_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    stepCode: text("step_code")
      .notNull()
      .references(() => stepCatalogue.code),
    state: stepStateEnum("state").notNull().default("open"),
    completedOn: date("completed_on", { mode: "string" }),
    note: text("note"),
    link: text("link"),
    evidenceFileId: uuid("evidence_file_id").references(() => evidenceFiles.id),
    /** The generated report of an attached connectivity check (a second slot beside the upload). */
    checkEvidenceFileId: uuid("check_evidence_file_id").references(() => evidenceFiles.id),
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    reportedBy: uuid("reported_by").references(() => users.id),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    verifiedBy: uuid("verified_by").references(() => users.id),
    rejectedAt: timestamp("rejected_at", { withTimezone: true }),
    rejectedBy: uuid("rejected_by").references(() => users.id),
    rejectionReason: text("rejection_reason"),
    draft: jsonb("draft").$type<StepDraft>(),
    draftSavedAt: timestamp("draft_saved_at", { withTimezone: true }),
    draftSavedBy: uuid("draft_saved_by").references(() => users.id),
    /**
     * Bumped on every change: a form submitted on a stale page is refused, not merged. A step
     * without a row counts as version 0, so forms send 0 for it.
     */
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("onboarding_steps_institution_step_key").on(t.institutionId, t.stepCode),
    index("onboarding_steps_queue_idx").on(t.state, t.reportedAt),
  ],
);

/** Every change to a step, never updated or deleted (trigger in the migration). */
export const onboardingStepEvents = pgTable(
  "onboarding_step_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    stepCode: text("step_code")
      .notNull()
      .references(() => stepCatalogue.code),
    action: stepEventActionEnum("action").notNull(),
    /** The state after this event. */
    state: stepStateEnum("state").notNull(),
    completedOn: date("completed_on", { mode: "string" }),
    note: text("note"),
    link: text("link"),
    evidenceFileId: uuid("evidence_file_id").references(() => evidenceFiles.id),
    checkEvidenceFileId: uuid("check_evidence_file_id").references(() => evidenceFiles.id),
    reason: text("reason"),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("onboarding_step_events_institution_idx").on(t.institutionId, t.stepCode, t.at), index("onboarding_step_events_at_idx").on(t.at)],
);

/**
 * Readiness per institution as computed by lib/domain/readiness.ts, rewritten in the same
 * transaction as every step change, so lists and dashboards can filter and group in SQL.
 */
export const institutionReadiness = pgTable(
  "institution_readiness",
  {
    institutionId: uuid("institution_id")
      .primaryKey()
      .references(() => institutions.id),
    phase: text("phase").notNull(),
    percent: integer("percent").notNull(),
    blockingPrecondition: text("blocking_precondition"),
    phaseStartedOn: date("phase_started_on", { mode: "string" }),
    isLive: boolean("is_live").notNull(),
    goLiveReady: boolean("go_live_ready").notNull(),
    nextActionKind: text("next_action_kind").notNull(),
    nextActionStep: text("next_action_step"),
    agreementsMet: boolean("agreements_met").notNull(),
    mitzConnectedMet: boolean("mitz_connected_met").notNull(),
    mitzFilledMet: boolean("mitz_filled_met").notNull(),
    awaitingVerification: integer("awaiting_verification").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index("institution_readiness_phase_idx").on(t.phase), index("institution_readiness_blocking_idx").on(t.blockingPrecondition)],
);

export type OnboardingStep = typeof onboardingSteps.$inferSelect;
export type OnboardingStepEvent = typeof onboardingStepEvents.$inferSelect;
