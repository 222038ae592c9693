import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * One row per sign-in. The session JWT carries the row id (claim `sid`); every request checks
 * the row in the same query that loads the user (lib/auth/actor.ts), so revoking one row ends
 * that one browser's session on its next request. last_seen_at is touched at most once a
 * minute and drives the idle timeout. Rows that ended more than 30 days ago are deleted at
 * sign-in (lib/auth/user-sessions.ts).
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** The client address at sign-in (lib/auth/client-ip.ts). */
    ip: text("ip").notNull(),
    /** The User-Agent header at sign-in, truncated; shown as "Chrome op Linux". */
    userAgent: text("user_agent").notNull().default(""),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Why it ended: sign_out, revoked (one session), sign_out_everywhere, disabled. */
    revokedReason: text("revoked_reason"),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId), index("user_sessions_last_seen_idx").on(t.lastSeenAt)],
);

export type UserSession = typeof userSessions.$inferSelect;
