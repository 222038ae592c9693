"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { findPasswordReset, resetPassword } from "@/lib/auth/accounts";
import { runAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { makeNewPasswordSchema } from "@/lib/validation/password";

export async function resetPasswordAction(token: string, input: { password: string; confirmation: string }) {
  // Public by design: the one-time token is the permission; it is checked first.
  const result = await runAction(async () => {
    const found = await findPasswordReset(getDb(), token, new Date());
    if (found.status !== "valid") throw new AppError(found.status === "unknown" ? "invalid_token" : "used_token", `auth.reset_${found.status}`);
    const values = makeNewPasswordSchema({ email: found.email }).parse(input);
    return resetPassword(getDb(), { token, password: values.password, now: new Date() });
  });
  if (result.ok) redirect("/login?reset=1");
  return result;
}
