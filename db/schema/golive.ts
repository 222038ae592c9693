/**
 * The go-live gate from evidence (issue 17 §1) and exchange volumes (issue 17 §2).
 *
 * Most gate conditions are computed from data other capabilities own (steps, endpoints, the
 * checker's rollups and certificates); what only people can tell is stored here: confirmations
 * that a real retrieval across infrastructures succeeded, and programme overrides with a reason.
 * Volumes are what vendors report per institution, month, direction and counterpart.
 */
import { sql } from "drizzle-orm";
import { bigserial, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions, vendors } from "./institutions";
import { users } from "./users";

/**
 * "A real retrieval across infrastructures succeeded": confirmed by a partner institution on
 * another infrastructure or by the vendor. Never updated; the newest counts.
 */
export const goLiveConfirmations = pgTable(
  "go_live_confirmations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    /** The day the retrieval succeeded. */
    exchangedOn: date("exchanged_on", { mode: "string" }).notNull(),
    confirmerKind: text("confirmer_kind", { enum: ["partner_institution", "vendor"] }).notNull(),
    /** The partner institution (on another infrastructure) that retrieved or was retrieved from. */
    partnerInstitutionId: uuid("partner_institution_id").references(() => institutions.id),
    /** The vendor that confirmed (confirmer_kind = vendor). */
    vendorCode: text("vendor_code").references(() => vendors.code),
    note: text("note"),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("go_live_confirmations_institution_idx").on(t.institutionId, t.createdAt),
    check("go_live_confirmations_who", sql`(${t.confirmerKind} = 'partner_institution' and ${t.partnerInstitutionId} is not null) or (${t.confirmerKind} = 'vendor' and ${t.vendorCode} is not null)`),
  ],
);

/** A programme admin's override of the gate, with a written reason; withdrawn, never deleted. */
export const goLiveOverrides = pgTable(
  "go_live_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    reason: text("reason").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawnBy: uuid("withdrawn_by").references(() => users.id),
  },
  (t) => [uniqueIndex("go_live_overrides_one_active").on(t.institutionId).where(sql`${t.withdrawnAt} is null`), check("go_live_overrides_reason", sql`char_length(${t.reason}) between 10 and 2000`)],
);

/**
 * Monthly exchange volumes a vendor reports for an institution: documents and studies retrieved,
 * per direction (`in`: the institution retrieved from the counterpart; `out`: the counterpart
 * retrieved from it) and counterpart infrastructure (a vendor code). One row per institution ×
 * month × direction × counterpart: a second report replaces the figures (idempotent).
 */
export const exchangeVolumes = pgTable(
  "exchange_volumes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    /** `YYYY-MM`. */
    month: text("month").notNull(),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    counterpart: text("counterpart")
      .notNull()
      .references(() => vendors.code),
    /** The reporting vendor (the institution's vendor when reported). */
    vendorCode: text("vendor_code")
      .notNull()
      .references(() => vendors.code),
    documents: integer("documents").notNull(),
    studies: integer("studies").notNull(),
    reportedBy: text("reported_by").notNull(),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("exchange_volumes_key").on(t.institutionId, t.month, t.direction, t.counterpart),
    index("exchange_volumes_month_idx").on(t.month),
    check("exchange_volumes_month", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check("exchange_volumes_counts", sql`${t.documents} >= 0 and ${t.studies} >= 0`),
  ],
);

export type GoLiveConfirmation = typeof goLiveConfirmations.$inferSelect;
export type GoLiveOverride = typeof goLiveOverrides.$inferSelect;
export type ExchangeVolume = typeof exchangeVolumes.$inferSelect;
