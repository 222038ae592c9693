"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction, type ActionResult } from "@/lib/actions";
import { env } from "@/lib/env";
import { getTranslations } from "@/lib/i18n/translations";
import { requirePermission } from "@/lib/auth/session";
import { createEndpoint, updateEndpoint } from "@/lib/registry/endpoints";
import { endpointSchemaOptionsFromEnv, fieldMessages, makeEndpointSchema, type EndpointFormInput } from "@/lib/validation/endpoints";
import type { Translate } from "@/lib/validation/messages";

export type SaveEndpointInput = { id?: string; expectedVersion?: number; values: EndpointFormInput };

/**
 * Registers (no id) or changes an endpoint. The permission check comes first; the institution
 * scope is checked again in lib/registry/endpoints.ts, inside the transaction.
 */
export async function saveEndpointAction(input: SaveEndpointInput): Promise<ActionResult<{ id: string; changed: number }>> {
  const gate = await runAction(() => requirePermission("endpoint.edit"));
  if (!gate.ok) return gate;
  const actor = gate.data;
  const parsed = makeEndpointSchema(endpointSchemaOptionsFromEnv(env())).safeParse(input?.values);
  if (!parsed.success) {
    // Message keys (with the checks' values) as text in the caller's language.
    const t = (await getTranslations()) as unknown as Translate;
    return { ok: false, error: { code: "validation", message: t("errors.validation"), fieldErrors: fieldMessages(parsed.error.issues, t) } };
  }
  const principal = { kind: "user" as const, actor };
  return runAction(async () => {
    const now = new Date();
    if (input.id === undefined) {
      const row = await createEndpoint(getDb(), { principal, values: parsed.data, now });
      revalidatePath("/registry");
      return { id: row.id, changed: 1 };
    }
    const id = z.uuid().parse(input.id);
    const expectedVersion = input.expectedVersion === undefined ? undefined : z.number().int().min(1).parse(input.expectedVersion);
    const res = await updateEndpoint(getDb(), { principal, id, values: parsed.data, expectedVersion, now });
    revalidatePath("/registry");
    revalidatePath(`/registry/${id}`);
    return { id, changed: res.changed.length };
  });
}
