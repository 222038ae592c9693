/** Reads for user administration (programme office only; callers check users.manage first). */
import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
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
