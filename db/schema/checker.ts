/**
 * The connectivity checker's data (issue 6): raw check results (kept CHECKER_RAW_RETENTION_DAYS),
 * the health state per endpoint (with thresholds), the certificates seen, hourly and daily
 * rollups (kept 5 years), the checker's own state, and the notification delivery log.
 *
 * Raw rows are kept lean (integers, arrays of short codes, a reference to the certificate row)
 * because a 1-minute interval makes ~43,000 of them per endpoint per retention period.
 */
import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, customType, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { alertRules } from "./alerts";
import { endpoints } from "./endpoints";
import { institutions } from "./institutions";
import { users } from "./users";

/** Binary content: postgres.js gives a Buffer, PGlite a Uint8Array; both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const checkStatus = pgEnum("check_status", ["up", "degraded", "down"]);
/** The health of an endpoint as the portal shows it; `unknown` until the first check. */
export const healthStatus = pgEnum("health_status", ["unknown", "up", "degraded", "down"]);
export const checkTrigger = pgEnum("check_trigger", ["schedule", "user", "api"]);
/** Why a result did not move the endpoint's state. */
export const checkSuppression = pgEnum("check_suppression", ["maintenance", "checker_offline"]);

export type SoapFacts = {
  action: string | null;
  relatesTo: string | null;
  status: string | null;
  errors: Array<{ errorCode: string; codeContext: string | null; severity: string | null }>;
  fault: { code: string; reason: string | null } | null;
  documentCount: number | null;
};

/** Certificates seen on an endpoint's TLS handshake: the certificate inventory. */
export const endpointCertificates = pgTable(
  "endpoint_certificates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => endpoints.id),
    fingerprint: text("fingerprint").notNull(),
    subject: text("subject").notNull(),
    issuer: text("issuer").notNull(),
    notBefore: timestamp("not_before", { withTimezone: true }),
    notAfter: timestamp("not_after", { withTimezone: true }).notNull(),
    ura: text("ura"),
    /** The institution's URA when last seen, so "URA match" is a fact and not recomputed later. */
    expectedUra: text("expected_ura"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("endpoint_certificates_key").on(t.endpointId, t.fingerprint), index("endpoint_certificates_not_after_idx").on(t.notAfter)],
);

export const checkResults = pgTable(
  "check_results",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => endpoints.id),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull(),
    status: checkStatus("status").notNull(),
    reason: text("reason"),
    reasons: text("reasons").array().notNull().default(sql`'{}'::text[]`),
    warnings: text("warnings").array().notNull().default(sql`'{}'::text[]`),
    mode: text("mode").notNull(),
    dnsMs: integer("dns_ms"),
    connectMs: integer("connect_ms"),
    tlsMs: integer("tls_ms"),
    firstByteMs: integer("first_byte_ms"),
    totalMs: integer("total_ms").notNull(),
    tlsProtocol: text("tls_protocol"),
    tlsCipher: text("tls_cipher"),
    certificateId: bigint("certificate_id", { mode: "number" }).references(() => endpointCertificates.id),
    httpStatus: smallint("http_status"),
    soap: jsonb("soap").$type<SoapFacts>(),
    /** Values the plain-language texts need that are not columns (address, redirect, limits). */
    extra: jsonb("extra").$type<CheckExtra>(),
    detail: text("detail"),
    trigger: checkTrigger("trigger").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    suppressed: checkSuppression("suppressed"),
  },
  (t) => [index("check_results_endpoint_idx").on(t.endpointId, t.checkedAt), index("check_results_checked_at_idx").on(t.checkedAt), index("check_results_actor_idx").on(t.actorUserId, t.checkedAt)],
);

export type CheckExtra = {
  address?: string | null;
  redirectLocation?: string | null;
  expectedUra?: string | null;
  timeoutMs?: number;
  slowMs?: number;
  maxBodyBytes?: number;
  /** Issue 15: the transaction probed when not ITI-38, and the one an address answered as instead. */
  transaction?: "iti38" | "iti39" | "rad75";
  otherTransaction?: "iti38" | "iti39" | "rad75";
  /** Query mode: the chain step that decided, and every step (lib/checker/probe.ts ChainStep). */
  verdictTransaction?: "iti38" | "iti39" | "rad75";
  steps?: Array<{
    transaction: "iti38" | "iti39" | "rad75";
    url: string | null;
    status: "up" | "degraded" | "down" | "skipped";
    reason: string | null;
    reasons: string[];
    phases: { dnsMs: number | null; connectMs: number | null; tlsMs: number | null; firstByteMs: number | null; totalMs: number } | null;
    note: string | null;
    otherTransaction: "iti38" | "iti39" | "rad75" | null;
    registryErrors?: string[];
    facts?: {
      httpStatus: number | null;
      location: string | null;
      address: string | null;
      protocol: string | null;
      certUra: string | null;
      certNotAfter: string | null;
      certDaysLeft: number | null;
      faultCode: string | null;
      faultReason: string | null;
    };
    detail: string | null;
  }>;
};

/** Current state and the checker settings of one endpoint. */
export const endpointHealth = pgTable("endpoint_health", {
  endpointId: uuid("endpoint_id")
    .primaryKey()
    .references(() => endpoints.id),
  status: healthStatus("status").notNull().default("unknown"),
  /** Since when `status` holds. */
  since: timestamp("since", { withTimezone: true }),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  consecutiveSuccesses: integer("consecutive_successes").notNull().default(0),
  lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
  lastResultId: bigint("last_result_id", { mode: "number" }),
  lastStatus: checkStatus("last_status"),
  lastReason: text("last_reason"),
  lastTotalMs: integer("last_total_ms"),
  /** null = the defaults (CHECKER_DOWN_AFTER / CHECKER_UP_AFTER, 3 and 2). */
  downAfter: smallint("down_after"),
  upAfter: smallint("up_after"),
  intervalSeconds: integer("interval_seconds").notNull().default(300),
  timeoutMs: integer("timeout_ms"),
  slowMs: integer("slow_ms"),
  /** The last schedule slot that was enqueued (scheduler bookkeeping; jobs are idempotent anyway). */
  lastSlot: bigint("last_slot", { mode: "number" }),
  /**
   * The last schedule slot whose check was recorded: a job of a slot at or below it is not checked
   * again (a retried job of a killed worker, an expired job still running elsewhere), so each
   * endpoint × slot is recorded at most once.
   */
  checkedSlot: bigint("checked_slot", { mode: "number" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Hourly counts and latency per endpoint; kept 5 years. Uptime 24 h-90 d is read from here. */
export const checkRollupsHourly = pgTable(
  "check_rollups_hourly",
  {
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => endpoints.id),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    up: integer("up").notNull().default(0),
    degraded: integer("degraded").notNull().default(0),
    down: integer("down").notNull().default(0),
    /** Checks in a maintenance window or while the checker was offline: not counted in uptime. */
    excluded: integer("excluded").notNull().default(0),
    /** The part of `excluded` while the checker was offline (issue 15); the rest is maintenance. */
    checkerOffline: integer("checker_offline").notNull().default(0),
    totalMsSum: bigint("total_ms_sum", { mode: "number" }).notNull().default(0),
    totalMsMin: integer("total_ms_min"),
    totalMsMax: integer("total_ms_max"),
    /**
     * Every check of the hour, packed (lib/checker/samples.ts, 9 bytes each: time, status,
     * suppression, total ms): the compact raw record of the raw window. Set to null by retention
     * after CHECKER_RAW_RETENTION_DAYS; full result rows are kept only for failures, changes,
     * the first check of an hour and checks people asked for (issue 15 §3).
     */
    samples: bytea("samples"),
  },
  (t) => [
    primaryKey({ columns: [t.endpointId, t.hour] }),
    index("check_rollups_hourly_hour_idx").on(t.hour),
    // The hours an endpoint was down throughout (the go-live gate's outages, lib/golive/queries.ts):
    // a few rows, where a scan read every hour of every endpoint (5.7 M rows for 650 endpoint-years).
    // A query must spell the predicate the same way, with literals, for the planner to use it.
    index("check_rollups_hourly_down_idx")
      .on(t.endpointId, t.hour)
      .where(sql`${t.down} > 0 and ${t.up} + ${t.degraded} = 0`),
  ],
);

/** Daily (Europe/Amsterdam calendar day) rollups; a finished day never changes, so months are frozen. */
export const checkRollupsDaily = pgTable(
  "check_rollups_daily",
  {
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => endpoints.id),
    day: date("day").notNull(),
    up: integer("up").notNull().default(0),
    degraded: integer("degraded").notNull().default(0),
    down: integer("down").notNull().default(0),
    excluded: integer("excluded").notNull().default(0),
    totalMsSum: bigint("total_ms_sum", { mode: "number" }).notNull().default(0),
    totalMsMin: integer("total_ms_min"),
    totalMsMax: integer("total_ms_max"),
  },
  (t) => [
    primaryKey({ columns: [t.endpointId, t.day] }),
    index("check_rollups_daily_day_idx").on(t.day),
    // An endpoint's last day with a down check (the go-live gate's evidence): one index probe.
    index("check_rollups_daily_down_idx")
      .on(t.endpointId, t.day)
      .where(sql`${t.down} > 0`),
  ],
);

/**
 * Monthly availability per endpoint, frozen when the Amsterdam month ends (issue 15 §2). A row
 * never changes: a late correction is a new row with the next `revision` (audited), and readers
 * take the highest revision. Institution and vendor are copied at freezing, so group figures
 * (sums of these rows) stay what they were when an endpoint later moves.
 */
export const availabilityMonths = pgTable(
  "availability_months",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => endpoints.id),
    /** `YYYY-MM`, the Europe/Amsterdam calendar month. */
    month: text("month").notNull(),
    revision: smallint("revision").notNull().default(1),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    vendorCode: text("vendor_code").notNull(),
    checks: integer("checks").notNull(),
    availableChecks: integer("available_checks").notNull(),
    failedChecks: integer("failed_checks").notNull(),
    downMinutes: integer("down_minutes").notNull(),
    maintenanceMinutes: integer("maintenance_minutes").notNull(),
    checkerOfflineMinutes: integer("checker_offline_minutes").notNull(),
    /** Down periods (lib/domain/availability.ts Incident) as found when frozen. */
    incidents: jsonb("incidents").$type<Array<{ start: string; end: string; minutes: number; reason: string | null }>>().notNull(),
    /** null for the first freeze; for a correction its code (`late_data`, `maintenance`, `checker_offline`) and note. */
    correction: jsonb("correction").$type<{ code: string; note: string | null; periods?: Array<{ from: string; to: string; kind: string }> }>(),
    frozenAt: timestamp("frozen_at", { withTimezone: true }).notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
  },
  (t) => [uniqueIndex("availability_months_key").on(t.endpointId, t.month, t.revision), index("availability_months_month_idx").on(t.month)],
);

export type AvailabilityMonthRow = typeof availabilityMonths.$inferSelect;

/** The id of the one row of checker_state. */
export const CHECKER_STATE_ID = "checker";

/** One row (CHECKER_STATE_ID): whether the checker itself can reach the network. */
export const checkerState = pgTable("checker_state", {
  id: text("id").primaryKey(),
  status: text("status", { enum: ["online", "offline"] }).notNull(),
  since: timestamp("since", { withTimezone: true }).notNull(),
  reason: text("reason"),
  lastSweepAt: timestamp("last_sweep_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const notificationChannel = pgEnum("notification_channel", ["email", "webhook"]);
export const notificationDeliveryStatus = pgEnum("notification_delivery_status", ["pending", "sent", "failed"]);

/**
 * Every notification to every recipient, once: `dedupKey` (event × recipient) is unique, so a
 * retried job or a second worker cannot send twice. Failed deliveries are retried with backoff.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dedupKey: text("dedup_key").notNull(),
    eventKey: text("event_key").notNull(),
    kind: text("kind", { enum: ["state_change", "cert_expiry", "degraded", "cert_changed", "alert_test", "notification", "status"] }).notNull(),
    channel: notificationChannel("channel").notNull(),
    target: text("target").notNull(),
    endpointId: uuid("endpoint_id").references(() => endpoints.id),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: notificationDeliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    processing: boolean("processing").notNull().default(false),
    /** The alert rule that caused this delivery (null: the built-in recipients and the environment's webhooks). */
    ruleId: uuid("rule_id").references(() => alertRules.id),
  },
  (t) => [index("notification_deliveries_rule_idx").on(t.ruleId, t.createdAt), uniqueIndex("notification_deliveries_dedup").on(t.dedupKey), index("notification_deliveries_due_idx").on(t.status, t.nextAttemptAt), index("notification_deliveries_endpoint_idx").on(t.endpointId, t.createdAt)],
);

export type CheckResultRow = typeof checkResults.$inferSelect;
export type EndpointHealth = typeof endpointHealth.$inferSelect;
export type EndpointCertificate = typeof endpointCertificates.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
