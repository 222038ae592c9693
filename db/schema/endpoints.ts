import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions, vendors } from "./institutions";

export const endpointEnvironment = pgEnum("endpoint_environment", ["acceptance", "production"]);
export const endpointTransaction = pgEnum("endpoint_transaction", ["iti-38", "iti-39", "rad-75"]);
/** The FHIR Endpoint.status codes. Nothing is ever deleted: "entered-in-error" retracts a mistake. */
export const endpointStatus = pgEnum("endpoint_status", ["active", "suspended", "off", "entered-in-error"]);
export const endpointProbeMode = pgEnum("endpoint_probe_mode", ["transport", "query"]);

/** One-off ("once", ISO instants) or weekly recurring (ISO weekday 1-7, HH:MM Europe/Amsterdam). */
export type MaintenanceWindow =
  | { kind: "once"; start: string; end: string; note?: string }
  | { kind: "weekly"; day: number; start: string; end: string; note?: string };

/**
 * A gateway address on the DUO network: per institution, environment and transaction. The
 * current state lives here; every version (including the first) is copied to endpoint_versions
 * so FHIR `_history` and `meta.versionId` are real.
 */
export const endpoints = pgTable(
  "endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    /** The vendor infrastructure that runs the gateway (FHIR managingOrganization). */
    vendorCode: text("vendor_code")
      .notNull()
      .references(() => vendors.code),
    environment: endpointEnvironment("environment").notNull(),
    transaction: endpointTransaction("transaction").notNull(),
    url: text("url").notNull(),
    homeCommunityId: text("home_community_id").notNull(),
    status: endpointStatus("status").notNull().default("active"),
    periodStart: timestamp("period_start", { withTimezone: true }),
    periodEnd: timestamp("period_end", { withTimezone: true }),
    maintenanceWindows: jsonb("maintenance_windows").$type<MaintenanceWindow[]>().notNull().default([]),
    probeMode: endpointProbeMode("probe_mode").notNull().default("transport"),
    /**
     * A central component of the vendor's infrastructure (issue 16): e.g. the vendor's responding
     * gateway for the network. The public status page rates the infrastructure on these first.
     */
    central: boolean("central").notNull().default(false),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One active endpoint per institution × environment × transaction; the database is the arbiter.
    uniqueIndex("endpoints_one_active").on(t.institutionId, t.environment, t.transaction).where(sql`${t.status} = 'active'`),
    index("endpoints_institution_idx").on(t.institutionId),
    index("endpoints_vendor_idx").on(t.vendorCode),
    index("endpoints_updated_idx").on(t.updatedAt, t.id),
    check("endpoints_period", sql`${t.periodStart} is null or ${t.periodEnd} is null or ${t.periodStart} < ${t.periodEnd}`),
    check("endpoints_url_length", sql`char_length(${t.url}) <= 2048`),
    check("endpoints_hcid_length", sql`char_length(${t.homeCommunityId}) <= 100`),
  ],
);

/** Every version of every endpoint, written in the same transaction as the change. */
export const endpointVersions = pgTable(
  "endpoint_versions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => endpoints.id),
    version: integer("version").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorUserId: uuid("actor_user_id"),
    actorLabel: text("actor_label").notNull(),
    snapshot: jsonb("snapshot").$type<EndpointSnapshot>().notNull(),
  },
  (t) => [uniqueIndex("endpoint_versions_key").on(t.endpointId, t.version), index("endpoint_versions_at_idx").on(t.at, t.id)],
);

export type Endpoint = typeof endpoints.$inferSelect;
export type EndpointVersion = typeof endpointVersions.$inferSelect;
/** The row as JSON (dates as ISO strings), as kept in endpoint_versions.snapshot. */
export type EndpointSnapshot = Omit<Endpoint, "periodStart" | "periodEnd" | "createdAt" | "updatedAt"> & {
  periodStart: string | null;
  periodEnd: string | null;
  createdAt: string;
  updatedAt: string;
};
