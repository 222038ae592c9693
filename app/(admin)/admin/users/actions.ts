"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { createInvitation, revokeInvitation, setUserDisabled } from "@/lib/auth/accounts";
import { sendInvitationMail, sendTwoFactorResetMail } from "@/lib/auth/mails";
import { resetTwoFactor } from "@/lib/auth/two-factor";
import { isTwoFactorRequired } from "@/lib/auth/roles";
import { isLocale } from "@/lib/i18n/messages";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { runAction } from "@/lib/actions";
import { env } from "@/lib/env";
import { getLocale } from "@/lib/i18n/server";
import { getTranslations } from "@/lib/i18n/translations";
import { inviteSchema, type InviteInput } from "@/lib/validation/users";
import { getScopeName, listRolesOfUser } from "@/lib/auth/queries";

export async function inviteUserAction(input: InviteInput) {
  return runAction(async () => {
    const actor = await requirePermission("users.manage");
    const values = inviteSchema.parse(input);
    const db = getDb();
    const { invitation, token } = await createInvitation(db, {
      actor: auditActor(actor),
      ...values,
      now: new Date(),
      ttlHours: env().INVITE_TTL_HOURS,
    });
    const scopeName = await getScopeName(db, values);
    const locale = await getLocale();
    const sent = await sendInvitationMail({
      to: invitation.email,
      token,
      role: invitation.role,
      scopeName,
      scopeKind: values.institutionId ? "institution" : values.vendorCode ? "vendor" : null,
      expiresAt: invitation.expiresAt,
      locale,
    });
    revalidatePath("/admin/users");
    const t = await getTranslations("users");
    return { message: t(sent.delivered === "smtp" ? "sent" : "sent_logged", { email: invitation.email }) };
  });
}

export async function revokeInvitationAction(invitationId: string) {
  return runAction(async () => {
    const actor = await requirePermission("users.manage");
    const id = z.uuid().parse(invitationId);
    await revokeInvitation(getDb(), { actor: auditActor(actor), invitationId: id, now: new Date() });
    revalidatePath("/admin/users");
    return null;
  });
}

export async function setUserDisabledAction(userId: string, disabled: boolean) {
  return runAction(async () => {
    const actor = await requirePermission("users.manage");
    const id = z.uuid().parse(userId);
    await setUserDisabled(getDb(), { actor: auditActor(actor), userId: id, disabled: z.boolean().parse(disabled), now: new Date() });
    revalidatePath("/admin/users");
    return null;
  });
}

/**
 * Resets someone's second factor (lost phone and recovery codes): their sessions end, they enrol
 * again at the next sign-in (where the role requires it), and they get an e-mail saying so.
 */
export async function resetTwoFactorAction(userId: string) {
  return runAction(async () => {
    const actor = await requirePermission("users.manage");
    const id = z.uuid().parse(userId);
    const db = getDb();
    const user = await resetTwoFactor(db, { actor: auditActor(actor), userId: id });
    const roles = await listRolesOfUser(db, id);
    // Mail after the commit; the reset stands even when the mail server is down.
    await sendTwoFactorResetMail({ to: user.email, name: user.name, required: isTwoFactorRequired(roles), locale: isLocale(user.locale) ? user.locale : "nl" });
    revalidatePath("/admin/users");
    return null;
  });
}
