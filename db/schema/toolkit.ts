import { sql } from "drizzle-orm";
import { bigserial, check, customType, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { users } from "./users";

/** Binary content: postgres.js gives a Buffer, PGlite a Uint8Array; both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const templateSource = pgEnum("template_source", ["generated", "uploaded"]);
export const templateStatus = pgEnum("template_status", ["draft", "published"]);

const DOCUMENT_TYPE_CHECK = sql.raw(
  "('agreement','dpia_guide','architecture','implementation_plan','intake_form','handout_management','handout_ciso_fg','handout_radiologists','handout_patients')",
);

/**
 * One version of one toolkit document. "generated" versions are rendered by lib/pdf from the
 * portal's data; "uploaded" versions hold a PDF whose AcroForm fields are filled per institution.
 * A published version is never changed again: earlier versions stay downloadable for the record.
 */
export const documentTemplates = pgTable(
  "document_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    documentType: text("document_type").notNull(),
    versionLabel: text("version_label").notNull(),
    source: templateSource("source").notNull(),
    status: templateStatus("status").notNull().default("draft"),
    changeNote: text("change_note").notNull(),
    filename: text("filename"),
    sizeBytes: integer("size_bytes"),
    sha256: text("sha256"),
    data: bytea("data"),
    /** AcroForm field names found in an uploaded PDF (what the filler will fill). */
    formFields: jsonb("form_fields").$type<string[]>().notNull().default([]),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid("published_by").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("document_templates_version_key").on(t.documentType, t.versionLabel),
    index("document_templates_current_idx").on(t.documentType, t.status, t.publishedAt),
    check("document_templates_type", sql`${t.documentType} in ${DOCUMENT_TYPE_CHECK}`),
    check("document_templates_upload", sql`${t.source} = 'generated' or ${t.data} is not null`),
    check("document_templates_published", sql`${t.status} = 'draft' or ${t.publishedAt} is not null`),
  ],
);

/**
 * Every download of a personalised document (NEN 7513-style access record): who, in which
 * role, for which institution, which document and version, when. A pack download writes one
 * row per document it contains (via = 'pack').
 */
export const documentDownloads = pgTable(
  "document_downloads",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    templateId: uuid("template_id")
      .notNull()
      .references(() => documentTemplates.id),
    documentType: text("document_type").notNull(),
    versionLabel: text("version_label").notNull(),
    via: text("via").notNull(),
    userId: uuid("user_id").references(() => users.id),
    userEmail: text("user_email").notNull(),
    userName: text("user_name").notNull(),
    role: text("role").notNull(),
    /** "ciso" | "fg" when known at the time of the download (contact e-mail or earlier acknowledgement). */
    capacity: text("capacity"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("document_downloads_institution_idx").on(t.institutionId, t.documentType),
    index("document_downloads_at_idx").on(t.at),
    check("document_downloads_via", sql`${t.via} in ('document','pack')`),
    check("document_downloads_capacity", sql`${t.capacity} is null or ${t.capacity} in ('ciso','fg')`),
  ],
);

/** "I have read version X": by a security officer, as CISO or FG of the institution. */
export const documentAcknowledgements = pgTable(
  "document_acknowledgements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    templateId: uuid("template_id")
      .notNull()
      .references(() => documentTemplates.id),
    documentType: text("document_type").notNull(),
    versionLabel: text("version_label").notNull(),
    userId: uuid("user_id").references(() => users.id),
    userEmail: text("user_email").notNull(),
    userName: text("user_name").notNull(),
    capacity: text("capacity").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("document_acknowledgements_key").on(t.institutionId, t.templateId, t.userEmail),
    index("document_acknowledgements_institution_idx").on(t.institutionId, t.documentType),
    check("document_acknowledgements_capacity", sql`${t.capacity} in ('ciso','fg')`),
  ],
);

/**
 * Planned dates an institution reported through its intake form. A plan is not a report that a
 * step is done (a future date cannot be), so plans live here and never touch onboarding_steps.
 */
export const institutionPlans = pgTable(
  "institution_plans",
  {
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    planKey: text("plan_key").notNull(),
    plannedOn: date("planned_on", { mode: "string" }).notNull(),
    source: text("source").notNull().default("intake"),
    reportedBy: uuid("reported_by").references(() => users.id),
    reportedByLabel: text("reported_by_label").notNull(),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.planKey] }),
    check("institution_plans_key", sql`${t.planKey} in ('twiin_signed','mitz_connected','dpia_completed','go_live')`),
  ],
);

/** Every intake form that was applied: which file, what it changed, and its remarks. */
export const intakeSubmissions = pgTable(
  "intake_submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    filename: text("filename").notNull(),
    sha256: text("sha256").notNull(),
    formVersion: text("form_version"),
    changes: jsonb("changes").$type<{ field: string; from: string | null; to: string }[]>().notNull(),
    remarks: text("remarks"),
    appliedBy: uuid("applied_by").references(() => users.id),
    appliedByLabel: text("applied_by_label").notNull(),
    appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("intake_submissions_institution_idx").on(t.institutionId, t.appliedAt)],
);

export type DocumentTemplate = typeof documentTemplates.$inferSelect;
export type DocumentDownload = typeof documentDownloads.$inferSelect;
export type DocumentAcknowledgement = typeof documentAcknowledgements.$inferSelect;
export type InstitutionPlan = typeof institutionPlans.$inferSelect;
