/**
 * API tokens: created by programme admins (any scope) and vendor editors (their vendor, or one
 * of its institutions); shown once, stored as SHA-256, expiring, revocable, with last use and a
 * per-token rate limit counted in the database (shared by every server process).
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { getInstitutionRef } from "@/lib/institutions/queries";
import { apiTokens, apiTokenUsage, institutions, vendors, type ApiToken, type ApiTokenPermission } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { can, hasRole, type Actor } from "@/lib/auth/policy";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { CreateTokenValues } from "@/lib/validation/api-tokens";

// The form schema lives with the other client-safe schemas; re-exported for the server code.
export { MAX_TOKEN_DAYS, createTokenSchema, type CreateTokenInput, type CreateTokenValues } from "@/lib/validation/api-tokens";

export const TOKEN_PREFIX = "duo_";
const TOKEN_RE = /^duo_[A-Za-z0-9_-]{43}$/;

export function hashApiToken(token: string) {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function generateApiToken() {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashApiToken(token), tokenPrefix: token.slice(0, 12) };
}


type Target = { scope: ApiToken["scope"]; institutionId: string | null; vendorCode: string | null };

/** May this person create or revoke a token with this target? */
export async function mayManageToken(db: Executor, actor: Actor, target: Target): Promise<boolean> {
  if (!can(actor, "token.manage")) return false;
  if (hasRole(actor, "programme_admin")) return true;
  if (target.scope === "programme") return false;
  if (target.scope === "vendor") return actor.memberships.some((m) => m.role === "vendor_editor" && m.vendorCode === target.vendorCode);
  const ref = target.institutionId ? await getInstitutionRef(db, target.institutionId) : null;
  return ref !== null && can(actor, "token.manage", ref);
}

export async function createApiToken(db: Db, opts: { actor: Actor; auditActor: AuditActor; values: Omit<CreateTokenValues, "permissions"> & { permissions?: CreateTokenValues["permissions"] }; now: Date }) {
  const { now } = opts;
  const values = { ...opts.values, permissions: opts.values.permissions ?? (["api"] as CreateTokenValues["permissions"]) };
  if (values.vendorCode) {
    const [v] = await db.select({ code: vendors.code }).from(vendors).where(eq(vendors.code, values.vendorCode));
    if (!v) throw new AppError("validation", "registry.v.vendor_invalid", { vendorCode: ["registry.v.vendor_invalid"] });
  }
  if (!(await mayManageToken(db, opts.actor, values))) throw new AppError("forbidden", "registry.errors.token_out_of_scope");
  const { token, tokenHash, tokenPrefix } = generateApiToken();
  const expiresAt = new Date(now.getTime() + values.expiresInDays * 86_400_000);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: values.name, tokenHash, tokenPrefix, scope: values.scope, permissions: values.permissions, institutionId: values.institutionId, vendorCode: values.vendorCode, createdBy: opts.actor.userId, createdAt: now, expiresAt })
      .returning();
    await recordAudit(tx, {
      actor: opts.auditActor,
      action: "api_token.create",
      entityType: "api_token",
      entityId: row.id,
      institutionId: row.institutionId,
      after: { name: row.name, tokenPrefix, scope: row.scope, permissions: row.permissions, institutionId: row.institutionId, vendorCode: row.vendorCode, expiresAt: row.expiresAt },
    });
    return { token, row };
  });
}

export async function revokeApiToken(db: Db, opts: { actor: Actor; auditActor: AuditActor; id: string; now: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, opts.id)).for("update");
    if (!row || !(await mayManageToken(tx, opts.actor, row))) throw new AppError("not_found");
    if (row.revokedAt) return row;
    const [updated] = await tx.update(apiTokens).set({ revokedAt: opts.now }).where(eq(apiTokens.id, row.id)).returning();
    await recordAudit(tx, { actor: opts.auditActor, action: "api_token.revoke", entityType: "api_token", entityId: row.id, institutionId: row.institutionId, after: { name: row.name, tokenPrefix: row.tokenPrefix, revokedAt: opts.now } });
    return updated;
  });
}

/** The tokens a person may see: all for programme admins, else those of their vendors and its institutions. */
export async function listApiTokens(db: Executor, actor: Actor) {
  let where: SQL | undefined;
  if (!hasRole(actor, "programme_admin")) {
    const codes = [...new Set(actor.memberships.filter((m) => m.role === "vendor_editor" && m.vendorCode).map((m) => m.vendorCode!))];
    if (codes.length === 0) return [];
    where = or(inArray(apiTokens.vendorCode, codes), inArray(institutions.vendorCode, codes));
  }
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      tokenPrefix: apiTokens.tokenPrefix,
      scope: apiTokens.scope,
      permissions: apiTokens.permissions,
      institutionName: institutions.name,
      vendorName: vendors.name,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .leftJoin(institutions, eq(institutions.id, apiTokens.institutionId))
    .leftJoin(vendors, eq(vendors.code, apiTokens.vendorCode))
    .where(where)
    .orderBy(desc(apiTokens.createdAt));
}

export type TokenAuthFailure = "missing" | "malformed" | "unknown" | "expired" | "revoked" | "not_permitted";
export type TokenAuthResult = { ok: true; token: ApiToken } | { ok: false; reason: TokenAuthFailure };

/** Reads "Authorization: Bearer duo_…"; null when the header is absent. */
export function bearerFrom(header: string | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : "";
}

/** `permission`: what the caller wants the token for (default the REST API and FHIR). */
export async function authenticateApiToken(db: Executor, raw: string | null, now: Date, permission: ApiTokenPermission = "api"): Promise<TokenAuthResult> {
  if (raw === null) return { ok: false, reason: "missing" };
  if (!TOKEN_RE.test(raw)) return { ok: false, reason: "malformed" };
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(raw)));
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  if (!row.permissions.includes(permission)) return { ok: false, reason: "not_permitted" };
  // One write a minute at most: last use is for people, not an access log.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { ok: true, token: row };
}

/** API_RATE_LIMIT_PER_MINUTE (lib/env.ts, default 300). */
export function rateLimitPerMinute(): number {
  return env().API_RATE_LIMIT_PER_MINUTE;
}

export type RateLimitResult = { ok: true; limit: number; remaining: number; resetSeconds: number } | { ok: false; limit: number; retryAfterSeconds: number };

/** Fixed one-minute windows per token; the counter is an upsert, so concurrent requests count correctly. */
export async function consumeRateLimit(db: Executor, opts: { tokenId: string; now: Date; limit: number }): Promise<RateLimitResult> {
  const windowStart = new Date(Math.floor(opts.now.getTime() / 60_000) * 60_000);
  const resetSeconds = Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - opts.now.getTime()) / 1000));
  const [row] = await db
    .insert(apiTokenUsage)
    .values({ tokenId: opts.tokenId, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [apiTokenUsage.tokenId, apiTokenUsage.windowStart], set: { count: sql`${apiTokenUsage.count} + 1` } })
    .returning({ count: apiTokenUsage.count });
  if (row.count === 1) {
    // A new window: forget the old ones of this token.
    await db.delete(apiTokenUsage).where(and(eq(apiTokenUsage.tokenId, opts.tokenId), lt(apiTokenUsage.windowStart, windowStart)));
  }
  if (row.count > opts.limit) return { ok: false, limit: opts.limit, retryAfterSeconds: resetSeconds };
  return { ok: true, limit: opts.limit, remaining: opts.limit - row.count, resetSeconds };
}

export function tokenState(t: { revokedAt: Date | null; expiresAt: Date }, now: Date): "active" | "expired" | "revoked" {
  if (t.revokedAt) return "revoked";
  return t.expiresAt <= now ? "expired" : "active";
}

