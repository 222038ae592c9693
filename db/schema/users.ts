import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions, vendors } from "./institutions";

export const roleEnum = pgEnum("role", [
  "programme_admin",
  "programme_viewer",
  "institution_editor",
  "security_officer",
  "vendor_editor",
]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Always stored lower-cased; the unique index makes e-mail the login name. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    locale: text("locale").notNull().default("nl"),
    /** Bumped to end every session of this user at once (sign out everywhere, disable). */
    sessionVersion: integer("session_version").notNull().default(1),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email), check("users_email_lower", sql`${t.email} = lower(${t.email})`)],
);

/**
 * What a user may do where. Programme roles carry neither institution nor vendor; institution
 * roles carry an institution; vendor editors carry a vendor and reach the institutions that
 * chose it.
 */
export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    institutionId: uuid("institution_id").references(() => institutions.id),
    vendorCode: text("vendor_code").references(() => vendors.code),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("memberships_unique").on(t.userId, t.role, sql`coalesce(${t.institutionId}::text, '')`, sql`coalesce(${t.vendorCode}, '')`),
    index("memberships_institution_idx").on(t.institutionId),
    check(
      "memberships_scope",
      sql`(${t.role} in ('programme_admin','programme_viewer') and ${t.institutionId} is null and ${t.vendorCode} is null)
        or (${t.role} in ('institution_editor','security_officer') and ${t.institutionId} is not null and ${t.vendorCode} is null)
        or (${t.role} = 'vendor_editor' and ${t.vendorCode} is not null and ${t.institutionId} is null)`,
    ),
  ],
);

/** One-time, expiring links. Only the SHA-256 of the token is stored. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    role: roleEnum("role").notNull(),
    institutionId: uuid("institution_id").references(() => institutions.id),
    vendorCode: text("vendor_code").references(() => vendors.code),
    invitedBy: uuid("invited_by").references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("invitations_token_key").on(t.tokenHash), index("invitations_email_idx").on(t.email)],
);

export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("password_resets_token_key").on(t.tokenHash)],
);

/** Sign-in attempts, for rate limiting per account and per client address. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    success: boolean("success").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_email_at_idx").on(t.email, t.at), index("login_attempts_ip_at_idx").on(t.ip, t.at)],
);

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
