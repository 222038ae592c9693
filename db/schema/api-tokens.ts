import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions, vendors } from "./institutions";
import { users } from "./users";

/** What a token reaches: one institution, the institutions of one vendor, or the whole programme (read-only). */
export const apiTokenScope = pgEnum("api_token_scope", ["programme", "institution", "vendor"]);

/** What a token may be used for: the REST API and FHIR ("api"), the Prometheus endpoint /metrics ("metrics"). */
export const API_TOKEN_PERMISSIONS = ["api", "metrics"] as const;
export type ApiTokenPermission = (typeof API_TOKEN_PERMISSIONS)[number];

/** API tokens for /api/v1 and /fhir. Shown once; only the SHA-256 is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, so people can tell their tokens apart. */
    tokenPrefix: text("token_prefix").notNull(),
    scope: apiTokenScope("scope").notNull(),
    /** API_TOKEN_PERMISSIONS; tokens made before /metrics existed are API tokens. */
    permissions: text("permissions").array().$type<ApiTokenPermission[]>().notNull().default(sql`'{api}'::text[]`),
    institutionId: uuid("institution_id").references(() => institutions.id),
    vendorCode: text("vendor_code").references(() => vendors.code),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_key").on(t.tokenHash),
    index("api_tokens_institution_idx").on(t.institutionId),
    index("api_tokens_vendor_idx").on(t.vendorCode),
    check(
      "api_tokens_scope_target",
      sql`(${t.scope} = 'programme' and ${t.institutionId} is null and ${t.vendorCode} is null)
        or (${t.scope} = 'institution' and ${t.institutionId} is not null and ${t.vendorCode} is null)
        or (${t.scope} = 'vendor' and ${t.vendorCode} is not null and ${t.institutionId} is null)`,
    ),
  ],
);

/** Requests per token per fixed one-minute window, counted in the database so all processes share the limit. */
export const apiTokenUsage = pgTable(
  "api_token_usage",
  {
    tokenId: uuid("token_id")
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.windowStart] })],
);

export type ApiToken = typeof apiTokens.$inferSelect;
export type ApiTokenScopeKind = (typeof apiTokenScope.enumValues)[number];
