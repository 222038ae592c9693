"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { auditActor, requireInstitutionPermission } from "@/lib/auth/session";
import { formOf, runAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { getLocale } from "@/lib/i18n/server";
import { EVIDENCE_MAX_BYTES } from "@/lib/onboarding/evidence";
import { FILE_TOO_LARGE_MESSAGE, UPLOAD_LIMIT_PARAMS } from "@/lib/validation/uploads";
import { localiseRefusal } from "@/lib/onboarding/refusal";
import { CHECK_EVIDENCE_STEP } from "@/lib/onboarding/check-evidence";
import { attachCheckResultEvidence, rejectStep, saveStepReport, verifyStep } from "@/lib/onboarding/service";
import { attachCheckSchema, stepDecisionSchema, stepRejectSchema, stepReportSchema } from "@/lib/validation/onboarding";

/** Report or save a draft: fields plus an optional evidence file, as multipart form data. */
export async function reportStepAction(formData: FormData) {
  return runAction(async () => {
    const { actor } = await requireInstitutionPermission("institution.report", formOf(formData).get("institutionId"));
    const values = stepReportSchema.parse({
      institutionId: formOf(formData).get("institutionId"),
      stepCode: formOf(formData).get("stepCode"),
      intent: formOf(formData).get("intent"),
      completedOn: formOf(formData).get("completedOn") ?? undefined,
      note: formOf(formData).get("note") ?? undefined,
      link: formOf(formData).get("link") ?? undefined,
      keepEvidence: formOf(formData).get("keepEvidence") ?? "false",
      checkResultId: formOf(formData).get("checkResultId") ?? undefined,
      keepCheckEvidence: formOf(formData).get("keepCheckEvidence") ?? undefined,
      version: formOf(formData).get("version"),
    });
    const file = formOf(formData).get("evidence");
    let evidence: { filename: string; bytes: Uint8Array } | null = null;
    if (file instanceof File && file.size > 0) {
      if (file.size > EVIDENCE_MAX_BYTES) throw new AppError("validation", "v.file_too_large", { evidence: [FILE_TOO_LARGE_MESSAGE] }, UPLOAD_LIMIT_PARAMS);
      evidence = { filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    }
    await saveStepReport(getDb(), { actor: auditActor(actor), values, evidence, now: new Date() }).catch(async (e) => {
      throw localiseRefusal(e, await getLocale());
    });
    revalidatePath(`/institutions/${values.institutionId}`);
    return { intent: values.intent };
  });
}

export async function verifyStepAction(input: { institutionId: string; stepCode: string; version: number }) {
  return runAction(async () => {
    const { actor } = await requireInstitutionPermission("step.verify", input?.institutionId);
    const item = stepDecisionSchema.parse(input);
    await verifyStep(getDb(), { actor: auditActor(actor), item, now: new Date() }).catch(async (e) => {
      throw localiseRefusal(e, await getLocale());
    });
    revalidatePath(`/institutions/${item.institutionId}`);
    return null;
  });
}

export async function rejectStepAction(input: { institutionId: string; stepCode: string; version: number; reason: string }) {
  return runAction(async () => {
    const { actor } = await requireInstitutionPermission("step.verify", input?.institutionId);
    const values = stepRejectSchema.parse(input);
    await rejectStep(getDb(), {
      actor: auditActor(actor),
      item: { institutionId: values.institutionId, stepCode: values.stepCode, version: values.version },
      reason: values.reason,
      now: new Date(),
    });
    revalidatePath(`/institutions/${values.institutionId}`);
    return null;
  });
}

/**
 * "Attach as evidence" after a check on the endpoint page: the result goes into the draft of
 * "DUO connection tested" of the endpoint's institution (the service refuses results of other
 * institutions' endpoints as not found). Answers where to continue.
 */
export async function attachCheckResultAction(input: { institutionId: string; checkResultId: number }) {
  return runAction(async () => {
    const { actor } = await requireInstitutionPermission("institution.report", input?.institutionId);
    const values = attachCheckSchema.parse(input);
    const out = await attachCheckResultEvidence(getDb(), { actor: auditActor(actor), institutionId: values.institutionId, checkResultId: values.checkResultId, now: new Date() });
    revalidatePath(`/institutions/${values.institutionId}`);
    return {
      stepHref: `/institutions/${values.institutionId}/steps/${CHECK_EVIDENCE_STEP}`,
      filename: out.evidence.filename,
      status: out.evidence.status,
    };
  });
}
