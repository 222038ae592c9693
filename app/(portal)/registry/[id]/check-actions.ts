"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction, type ActionResult } from "@/lib/actions";
import { requirePermission } from "@/lib/auth/session";
import { checkNow } from "@/lib/checker/check-now";
import { explainResult, explainSteps, verdictReaderOf } from "@/lib/checker/explain";
import { getLocale } from "@/lib/i18n/server";

export type CheckNowSummary = {
  /** The stored check_results row (what "attach as evidence" refers to). */
  resultId: number;
  status: "up" | "degraded" | "down";
  health: "unknown" | "up" | "degraded" | "down";
  checkedAt: string;
  lines: Array<{ code: string; severity: string; label: string; explanation: string; nextStep: string }>;
  /** Query mode: one worded line per chain step (ITI-38 -> ITI-39 -> RAD-75). */
  steps: string[];
  phases: { dnsMs: number | null; connectMs: number | null; tlsMs: number | null; firstByteMs: number | null; totalMs: number };
  suppressed: string | null;
};

/** "Check now" on the endpoint page: permission first, then the rate-limited check (lib/checker/check-now.ts). */
export async function checkNowAction(endpointId: string): Promise<ActionResult<CheckNowSummary>> {
  const gate = await runAction(() => requirePermission("endpoint.edit"));
  if (!gate.ok) return gate;
  const actor = gate.data;
  const locale = await getLocale();
  return runAction(async () => {
    const id = z.uuid().parse(endpointId);
    const c = await checkNow(getDb(), { endpointId: id, principal: { kind: "user", actor } });
    revalidatePath(`/registry/${id}`);
    return {
      resultId: c.row.id,
      status: c.result.status,
      health: c.health.status,
      checkedAt: c.result.checkedAt,
      lines: explainResult(c.result, locale, verdictReaderOf(actor)).map((l) => ({ code: l.code, severity: l.severity, label: l.label, explanation: l.explanation, nextStep: l.nextStep })),
      steps: explainSteps(c.result, locale),
      phases: c.result.phases,
      suppressed: c.suppressed,
    };
  });
}
