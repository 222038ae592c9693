"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { acceptInvitation, findInvitation } from "@/lib/auth/accounts";
import { runAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { makeAcceptInviteSchema, type AcceptInviteInput } from "@/lib/validation/users";

export async function acceptInviteAction(token: string, input: AcceptInviteInput) {
  // Public by design: the one-time token is the permission; it is checked before anything else.
  const result = await runAction(async () => {
    const found = await findInvitation(getDb(), token, new Date());
    if (found.status !== "valid") throw new AppError(found.status === "unknown" || found.status === "revoked" ? "invalid_token" : "used_token", `auth.invite_${found.status}`);
    const values = makeAcceptInviteSchema({ email: found.invitation.email, existingUser: found.existingUser }).parse(input);
    return acceptInvitation(getDb(), { token, name: values.name ?? "", password: values.password ?? "", now: new Date() });
  });
  if (result.ok) redirect("/login?invited=1");
  return result;
}
