/** Reads about users, their memberships and invitations (user administration, the account page, names shown next to who did what). */
import { and, asc, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { institutions, invitations, memberships, users, vendors } from "@/db/schema";

export async function listUsersWithMemberships(db: Executor) {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      disabledAt: users.disabledAt,
      lastLoginAt: users.lastLoginAt,
      role: memberships.role,
      institutionName: institutions.name,
      vendorName: vendors.name,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(institutions, eq(institutions.id, memberships.institutionId))
    .leftJoin(vendors, eq(vendors.code, memberships.vendorCode))
    .orderBy(asc(users.name), asc(users.email));
  const byId = new Map<string, { id: string; email: string; name: string; disabledAt: Date | null; lastLoginAt: Date | null; roles: { role: string; scope: string | null }[] }>();
  for (const r of rows) {
    const u = byId.get(r.id) ?? { id: r.id, email: r.email, name: r.name, disabledAt: r.disabledAt, lastLoginAt: r.lastLoginAt, roles: [] };
    if (r.role) u.roles.push({ role: r.role, scope: r.institutionName ?? r.vendorName ?? null });
    byId.set(r.id, u);
  }
  return [...byId.values()];
}

export async function listOpenInvitations(db: Executor, now: Date) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      institutionName: institutions.name,
      vendorName: vendors.name,
    })
    .from(invitations)
    .leftJoin(institutions, eq(institutions.id, invitations.institutionId))
    .leftJoin(vendors, eq(vendors.code, invitations.vendorCode))
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
}

/** Display names of users by id (who published a rule set, who ran a check); unknown ids are left out. */
export async function userNamesById(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...ids]));
  return new Map(rows.map((u) => [u.id, u.name]));
}

/** The roles a user holds (one per membership). */
export async function listRolesOfUser(db: Executor, userId: string) {
  const rows = await db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, userId));
  return rows.map((r) => r.role);
}

/** The name of the institution or vendor a membership or invitation is scoped to (null when unscoped or unknown). */
export async function getScopeName(db: Executor, scope: { institutionId?: string | null; vendorCode?: string | null }): Promise<string | null> {
  const [row] = scope.institutionId
    ? await db.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, scope.institutionId))
    : scope.vendorCode
      ? await db.select({ name: vendors.name }).from(vendors).where(eq(vendors.code, scope.vendorCode))
      : [];
  return row?.name ?? null;
}

/** Names of the institutions and vendors a user's memberships point to (the account page). */
export async function listMembershipScopeNames(db: Executor, opts: { institutionIds: readonly string[]; vendorCodes: readonly string[] }) {
  const [institutionNames, vendorNames] = await Promise.all([
    opts.institutionIds.length
      ? db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(inArray(institutions.id, [...opts.institutionIds]))
      : [],
    opts.vendorCodes.length ? db.select({ code: vendors.code, name: vendors.name }).from(vendors).where(inArray(vendors.code, [...opts.vendorCodes])) : [],
  ]);
  return { institutionNames, vendorNames };
}
