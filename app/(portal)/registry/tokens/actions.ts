"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction, type ActionResult } from "@/lib/actions";
import { getTranslations } from "@/lib/i18n/translations";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { createApiToken, createTokenSchema, revokeApiToken, type CreateTokenInput } from "@/lib/registry/api-tokens";
import { fieldMessages } from "@/lib/validation/endpoints";
import type { Translate } from "@/lib/validation/messages";

/** The token itself is returned once, to be shown once; only its hash is stored. */
export async function createTokenAction(input: CreateTokenInput): Promise<ActionResult<{ token: string }>> {
  const gate = await runAction(() => requirePermission("token.manage"));
  if (!gate.ok) return gate;
  const actor = gate.data;
  const parsed = createTokenSchema.safeParse(input);
  if (!parsed.success) {
    const t = (await getTranslations()) as unknown as Translate;
    return { ok: false, error: { code: "validation", message: t("errors.validation"), fieldErrors: fieldMessages(parsed.error.issues, t) } };
  }
  return runAction(async () => {
    const { token } = await createApiToken(getDb(), { actor, auditActor: auditActor(actor), values: parsed.data, now: new Date() });
    revalidatePath("/registry/tokens");
    return { token };
  });
}

export async function revokeTokenAction(id: string) {
  return runAction(async () => {
    const actor = await requirePermission("token.manage");
    await revokeApiToken(getDb(), { actor, auditActor: auditActor(actor), id: z.uuid().parse(id), now: new Date() });
    revalidatePath("/registry/tokens");
    return null;
  });
}
