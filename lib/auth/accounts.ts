/**
 * Invitations, accepting them, and password resets. Each user action is one transaction that
 * also writes its audit event; mail goes out only after the transaction committed.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { institutions, invitations, memberships, passwordResets, users, vendors } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { scopeOfRole, type Role } from "./roles";
import { hashPassword } from "./passwords";
import { createOneTimeToken, hashToken, looksLikeToken } from "./tokens";
import { revokeAllUserSessions } from "./user-sessions";
import { normalizeEmail } from "./login";

export type InvitationStatus =
  | { status: "valid"; invitation: typeof invitations.$inferSelect; existingUser: boolean; institutionName: string | null; vendorName: string | null }
  | { status: "unknown" | "expired" | "used" | "revoked" };

export async function createInvitation(
  db: Db,
  opts: {
    actor: AuditActor;
    email: string;
    role: Role;
    institutionId: string | null;
    vendorCode: string | null;
    now: Date;
    ttlHours: number;
  },
) {
  const email = normalizeEmail(opts.email);
  // The same rule as the memberships table's check constraint, so a bad invitation is refused
  // now rather than failing when it is accepted.
  const scope = scopeOfRole(opts.role);
  if (scope === "institution" && !opts.institutionId) throw new AppError("validation", "v.institution_required", { institutionId: ["v.institution_required"] });
  if (scope === "vendor" && !opts.vendorCode) throw new AppError("validation", "v.vendor_required", { vendorCode: ["v.vendor_required"] });
  if ((scope === "programme" && (opts.institutionId || opts.vendorCode)) || (scope === "institution" && opts.vendorCode) || (scope === "vendor" && opts.institutionId)) {
    throw new AppError("validation", "v.role_invalid", { role: ["v.role_invalid"] });
  }
  return db.transaction(async (tx) => {
    if (opts.institutionId) {
      const [inst] = await tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, opts.institutionId));
      if (!inst) throw new AppError("validation", "v.institution_invalid", { institutionId: ["v.institution_invalid"] });
    }
    if (opts.vendorCode) {
      const [v] = await tx.select({ code: vendors.code }).from(vendors).where(eq(vendors.code, opts.vendorCode));
      if (!v) throw new AppError("validation", "v.vendor_invalid", { vendorCode: ["v.vendor_invalid"] });
    }
    // A new invitation for the same address and role replaces any that is still open.
    const open = await tx
      .update(invitations)
      .set({ revokedAt: opts.now })
      .where(
        and(eq(invitations.email, email), eq(invitations.role, opts.role), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
      )
      .returning({ id: invitations.id });
    const { token, tokenHash } = createOneTimeToken();
    const [invitation] = await tx
      .insert(invitations)
      .values({
        tokenHash,
        email,
        role: opts.role,
        institutionId: opts.institutionId,
        vendorCode: opts.vendorCode,
        invitedBy: opts.actor.userId,
        expiresAt: new Date(opts.now.getTime() + opts.ttlHours * 3_600_000),
      })
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: "invitation.create",
      entityType: "invitation",
      entityId: invitation.id,
      institutionId: opts.institutionId,
      after: { email, role: opts.role, institutionId: opts.institutionId, vendorCode: opts.vendorCode, expiresAt: invitation.expiresAt, replaced: open.map((o) => o.id) },
    });
    return { invitation, token };
  });
}

export async function findInvitation(db: Db, token: string, now: Date): Promise<InvitationStatus> {
  if (!looksLikeToken(token)) return { status: "unknown" };
  const [row] = await db
    .select({ invitation: invitations, institutionName: institutions.name, vendorName: vendors.name })
    .from(invitations)
    .leftJoin(institutions, eq(institutions.id, invitations.institutionId))
    .leftJoin(vendors, eq(vendors.code, invitations.vendorCode))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) return { status: "unknown" };
  const inv = row.invitation;
  if (inv.acceptedAt) return { status: "used" };
  if (inv.revokedAt) return { status: "revoked" };
  if (inv.expiresAt <= now) return { status: "expired" };
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, inv.email));
  return { status: "valid", invitation: inv, existingUser: Boolean(existing), institutionName: row.institutionName, vendorName: row.vendorName };
}

const tokenErrors = {
  unknown: new AppError("invalid_token", "auth.invite_unknown"),
  expired: new AppError("expired_token", "auth.invite_expired"),
  used: new AppError("used_token", "auth.invite_used"),
  revoked: new AppError("invalid_token", "auth.invite_revoked"),
} as const;

/**
 * Accepts an invitation: creates the account (or adds the role to an existing one) and marks
 * the link used. The row is locked, so two clicks on one link cannot both succeed.
 */
export async function acceptInvitation(db: Db, opts: { token: string; name: string; password: string; now: Date }) {
  if (!looksLikeToken(opts.token)) throw tokenErrors.unknown;
  return db.transaction(async (tx) => {
    const [inv] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashToken(opts.token))).for("update");
    if (!inv) throw tokenErrors.unknown;
    if (inv.acceptedAt) throw tokenErrors.used;
    if (inv.revokedAt) throw tokenErrors.revoked;
    if (inv.expiresAt <= opts.now) throw tokenErrors.expired;

    let [user] = await tx.select().from(users).where(eq(users.email, inv.email));
    const createdAccount = !user;
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({ email: inv.email, name: opts.name.trim(), passwordHash: await hashPassword(opts.password) })
        .returning();
      await recordAudit(tx, {
        actor: { userId: user.id, label: user.email },
        action: "user.create",
        entityType: "user",
        entityId: user.id,
        after: { email: user.email, name: user.name, via: "invitation" },
      });
    }
    const [membership] = await tx
      .insert(memberships)
      .values({ userId: user.id, role: inv.role, institutionId: inv.institutionId, vendorCode: inv.vendorCode })
      .onConflictDoNothing()
      .returning();
    await tx.update(invitations).set({ acceptedAt: opts.now }).where(eq(invitations.id, inv.id));
    await recordAudit(tx, {
      actor: { userId: user.id, label: user.email },
      action: "invitation.accept",
      entityType: "invitation",
      entityId: inv.id,
      institutionId: inv.institutionId,
      after: { role: inv.role, institutionId: inv.institutionId, vendorCode: inv.vendorCode, membershipId: membership?.id ?? null },
    });
    return { userId: user.id, email: user.email, createdAccount };
  });
}

/**
 * Starts a password reset. Returns the token only when the account exists and is enabled; the
 * caller shows the same message either way so the form reveals nothing about who has an account.
 */
export async function createPasswordReset(db: Db, opts: { email: string; now: Date; ttlMinutes: number }) {
  const email = normalizeEmail(opts.email);
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, email));
    if (!user || user.disabledAt) return null;
    const { token, tokenHash } = createOneTimeToken();
    const [reset] = await tx
      .insert(passwordResets)
      .values({ tokenHash, userId: user.id, expiresAt: new Date(opts.now.getTime() + opts.ttlMinutes * 60_000) })
      .returning();
    await recordAudit(tx, {
      actor: { userId: user.id, label: user.email },
      action: "password_reset.request",
      entityType: "user",
      entityId: user.id,
      after: { resetId: reset.id, expiresAt: reset.expiresAt },
    });
    return { token, user };
  });
}

export async function findPasswordReset(db: Db, token: string, now: Date) {
  if (!looksLikeToken(token)) return { status: "unknown" as const };
  const [row] = await db
    .select({ reset: passwordResets, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashToken(token)));
  if (!row) return { status: "unknown" as const };
  if (row.reset.usedAt) return { status: "used" as const };
  if (row.reset.expiresAt <= now) return { status: "expired" as const };
  return { status: "valid" as const, email: row.email };
}

/** Sets the new password, uses up the link, and ends every other session of the user. */
export async function resetPassword(db: Db, opts: { token: string; password: string; now: Date }) {
  if (!looksLikeToken(opts.token)) throw new AppError("invalid_token", "auth.reset_unknown");
  return db.transaction(async (tx) => {
    const [reset] = await tx.select().from(passwordResets).where(eq(passwordResets.tokenHash, hashToken(opts.token))).for("update");
    if (!reset) throw new AppError("invalid_token", "auth.reset_unknown");
    if (reset.usedAt) throw new AppError("used_token", "auth.reset_used");
    if (reset.expiresAt <= opts.now) throw new AppError("expired_token", "auth.reset_expired");
    const [user] = await tx.select().from(users).where(eq(users.id, reset.userId));
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(opts.password), sessionVersion: user.sessionVersion + 1 })
      .where(eq(users.id, user.id));
    await tx.update(passwordResets).set({ usedAt: opts.now }).where(eq(passwordResets.id, reset.id));
    // Any other open reset links for this user stop working too.
    await tx
      .update(passwordResets)
      .set({ usedAt: opts.now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, opts.now)));
    await recordAudit(tx, {
      actor: { userId: user.id, label: user.email },
      action: "password_reset.complete",
      entityType: "user",
      entityId: user.id,
    });
    return { email: user.email };
  });
}

export async function revokeInvitation(db: Db, opts: { actor: AuditActor; invitationId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const [inv] = await tx.select().from(invitations).where(eq(invitations.id, opts.invitationId)).for("update");
    if (!inv) throw new AppError("not_found");
    if (inv.acceptedAt) throw new AppError("conflict", "auth.invite_used");
    if (inv.revokedAt) return inv;
    const [after] = await tx.update(invitations).set({ revokedAt: opts.now }).where(eq(invitations.id, inv.id)).returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: "invitation.revoke",
      entityType: "invitation",
      entityId: inv.id,
      institutionId: inv.institutionId,
      before: { revokedAt: null },
      after: { revokedAt: after.revokedAt },
    });
    return after;
  });
}

/** Ends every session of the user at once: the session version in their cookies no longer matches. */
export async function signOutEverywhere(db: Db, opts: { actor: AuditActor; userId: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, opts.userId)).for("update");
    if (!user) throw new AppError("not_found");
    await tx.update(users).set({ sessionVersion: user.sessionVersion + 1 }).where(eq(users.id, user.id));
    // The version bump already refuses every old cookie; ending the rows also empties the session list.
    const sessionsEnded = await revokeAllUserSessions(tx, { userId: user.id, now: opts.now ?? new Date(), reason: "sign_out_everywhere" });
    await recordAudit(tx, { actor: opts.actor, action: "user.sign_out_everywhere", entityType: "user", entityId: user.id, before: { sessionVersion: user.sessionVersion }, after: { sessionVersion: user.sessionVersion + 1, sessionsEnded } });
  });
}

/**
 * Disables or re-enables an account (programme admins). Disabling ends the user's sessions on
 * their next request. An admin cannot disable themselves, so the portal keeps an administrator.
 */
export async function setUserDisabled(db: Db, opts: { actor: AuditActor; userId: string; disabled: boolean; now: Date }) {
  if (opts.actor.userId === opts.userId && opts.disabled) throw new AppError("conflict", "users.cannot_disable_self");
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, opts.userId)).for("update");
    if (!user) throw new AppError("not_found");
    const disabledAt = opts.disabled ? (user.disabledAt ?? opts.now) : null;
    await tx.update(users).set({ disabledAt, sessionVersion: user.sessionVersion + 1 }).where(eq(users.id, user.id));
    const sessionsEnded = opts.disabled ? await revokeAllUserSessions(tx, { userId: user.id, now: opts.now, reason: "disabled" }) : 0;
    await recordAudit(tx, {
      actor: opts.actor,
      action: opts.disabled ? "user.disable" : "user.enable",
      entityType: "user",
      entityId: user.id,
      before: { disabledAt: user.disabledAt },
      after: opts.disabled ? { disabledAt, sessionsEnded } : { disabledAt },
    });
  });
}
