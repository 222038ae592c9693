"use server";
import { getDb } from "@/db/client";
import { createPasswordReset, signOutEverywhere } from "@/lib/auth/accounts";
import { redirect } from "next/navigation";
import { sendResetMail } from "@/lib/auth/mails";
import { requireSignedIn } from "@/lib/auth/session";
import { runAction } from "@/lib/actions";
import { env } from "@/lib/env";
import { getLocale } from "@/lib/i18n/server";

/** A signed-in user changes their password through the same one-time link as a reset. */
export async function requestPasswordChangeAction() {
  return runAction(async () => {
    const actor = await requireSignedIn();
    const ttl = env().RESET_TTL_MINUTES;
    const created = await createPasswordReset(getDb(), { email: actor.email, now: new Date(), ttlMinutes: ttl });
    if (created) {
      await sendResetMail({ to: actor.email, name: actor.name, token: created.token, expiresAt: new Date(Date.now() + ttl * 60_000), locale: await getLocale() });
    }
    return { email: actor.email };
  });
}

/** Ends every session of the signed-in user, this one included. */
export async function signOutEverywhereAction() {
  const result = await runAction(async () => {
    const actor = await requireSignedIn();
    await signOutEverywhere(getDb(), { actor: { userId: actor.userId, label: actor.email }, userId: actor.userId });
    return null;
  });
  if (result.ok) redirect("/login");
  return result;
}
