"use server";
import { getDb } from "@/db/client";
import { signOut } from "@/lib/auth/auth";
import { getActor, getCurrentSession } from "@/lib/auth/session";
import { endUserSession } from "@/lib/auth/user-sessions";
import { log, errorFields } from "@/lib/log";

/**
 * Signing out also ends this browser's session row, so a copy of the cookie is worthless from
 * now on and the session disappears from the account page's list. Whoever is not (or no longer)
 * signed in is simply sent to the login page, with the cookie cleared.
 */
export async function signOutAction() {
  const current = await getCurrentSession();
  if (current) {
    const actor = await getActor();
    try {
      await endUserSession(getDb(), { actor: { userId: current.userId, label: actor?.email ?? current.userId }, userId: current.userId, sessionId: current.sessionId, now: new Date() });
    } catch (e) {
      // Signing out must always work; the row then ends at the idle timeout instead.
      log.error("auth.sign_out_failed", errorFields(e));
    }
  }
  await signOut({ redirectTo: "/login" });
}
