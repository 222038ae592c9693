"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { auditActor, getCurrentSession, requireSignedIn } from "@/lib/auth/session";
import { revokeUserSession } from "@/lib/auth/user-sessions";

/**
 * Ends one of the signed-in user's own sessions ("Uitloggen" in the session list). Another
 * user's session answers "not found". Ending this browser's own session signs it out.
 */
export async function revokeSessionAction(sessionId: string) {
  const result = await runAction(async () => {
    const actor = await requireSignedIn();
    const id = z.string().max(64).parse(sessionId);
    const current = await getCurrentSession();
    const res = await revokeUserSession(getDb(), { actor: auditActor(actor), userId: actor.userId, sessionId: id, now: new Date(), currentSessionId: current?.sessionId });
    revalidatePath("/account");
    return res;
  });
  if (result.ok && result.data.current) redirect("/login?reason=revoked");
  return result;
}
