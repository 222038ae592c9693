/**
 * Replays the generated demo histories (db/seed/onboarding-data.ts) into the step tables:
 * current state, the full event history, a small demo evidence PDF where the catalogue wants
 * a document, and the readiness row. Only institutions without any step row are touched, so
 * a second run changes nothing and real reports are never overwritten.
 */
import { inArray } from "drizzle-orm";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { createHash } from "node:crypto";
import type { Tx } from "@/db/client";
import { evidenceFiles, institutions, onboardingStepEvents, onboardingSteps } from "@/db/schema";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { stepTitle } from "@/lib/domain/onboarding-texts";
import { findStep } from "@/lib/domain/steps";
import { refreshReadiness } from "@/lib/onboarding/store";
import type { DemoInstitution } from "./institutions-data";
import { DEMO_TODAY, generateDemoOnboarding } from "./onboarding-data";

async function demoEvidencePdf(title: string, institution: string, date: string) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText("Demo-bewijsstuk (fictief)", { x: 56, y: 770, size: 18, font });
  page.drawText(title.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, "?"), { x: 56, y: 740, size: 12, font });
  page.drawText(institution.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, "?"), { x: 56, y: 722, size: 12, font });
  page.drawText(`Datum: ${date}`, { x: 56, y: 704, size: 12, font });
  doc.setCreationDate(new Date(`${date}T12:00:00Z`));
  doc.setModificationDate(new Date(`${date}T12:00:00Z`));
  return Buffer.from(await doc.save());
}

type StepRow = typeof onboardingSteps.$inferInsert;
type EventRow = typeof onboardingStepEvents.$inferInsert;

export async function seedDemoOnboarding(
  tx: Tx,
  opts: { institutions: readonly DemoInstitution[]; programmeActor: { userId: string; label: string }; editorByUra: Map<string, { userId: string; label: string }> },
) {
  const ids = await tx
    .select({ id: institutions.id, ura: institutions.ura, name: institutions.name })
    .from(institutions)
    .where(inArray(institutions.ura, opts.institutions.map((d) => d.ura)));
  const touched = new Set((await tx.selectDistinct({ id: onboardingSteps.institutionId }).from(onboardingSteps)).map((r) => r.id));
  const fresh = new Map(ids.filter((r) => !touched.has(r.id)).map((r) => [r.ura, r]));
  if (fresh.size === 0) return 0;

  const histories = generateDemoOnboarding({ institutions: opts.institutions, today: DEMO_TODAY });
  const steps: StepRow[] = [];
  const events: EventRow[] = [];
  let written = 0;
  for (const h of histories) {
    const inst = fresh.get(h.ura);
    // Institutions that have not started have no events: nothing to write, now or next time.
    if (!inst || h.events.length === 0) continue;
    written++;
    const demo = opts.institutions.find((d) => d.ura === h.ura)!;
    const lead = demo.contacts.find((c) => c.role === "project_lead");
    const institutionActor = opts.editorByUra.get(h.ura) ?? { userId: null, label: lead?.email ?? "instelling" };
    const current = new Map<string, StepRow>();
    for (const e of h.events) {
      const at = new Date(e.at);
      const actor = e.by === "programme" ? opts.programmeActor : institutionActor;
      const row = current.get(e.stepCode) ?? { institutionId: inst.id, stepCode: e.stepCode, version: 0 };
      row.version = (row.version ?? 0) + 1;
      row.updatedAt = at;
      let evidenceFileId: string | null = row.evidenceFileId ?? null;
      if (e.action === "reported") {
        const def = findStep({ code: e.stepCode })!;
        if (def.evidence.document === "required") {
          const date = e.completedOn ?? toAmsterdamDate(at);
          const data = await demoEvidencePdf(stepTitle(def.code, "nl"), inst.name, date);
          const [file] = await tx
            .insert(evidenceFiles)
            .values({
              institutionId: inst.id,
              stepCode: e.stepCode,
              filename: `${e.stepCode.replace(/_/g, "-")}-${date}.pdf`,
              contentType: "application/pdf",
              sizeBytes: data.byteLength,
              sha256: createHash("sha256").update(data).digest("hex"),
              data,
              uploadedBy: institutionActor.userId,
              uploadedAt: at,
            })
            .returning({ id: evidenceFiles.id });
          evidenceFileId = file.id;
        }
        Object.assign(row, {
          state: "reported",
          completedOn: e.completedOn,
          note: e.note,
          evidenceFileId,
          reportedAt: at,
          reportedBy: institutionActor.userId,
          verifiedAt: null,
          verifiedBy: null,
          rejectedAt: null,
          rejectedBy: null,
          rejectionReason: null,
        });
      } else if (e.action === "verified") {
        Object.assign(row, { state: "verified", verifiedAt: at, verifiedBy: opts.programmeActor.userId });
      } else if (e.action === "rejected") {
        Object.assign(row, { state: "rejected", rejectedAt: at, rejectedBy: opts.programmeActor.userId, rejectionReason: e.reason });
      } else {
        Object.assign(row, { state: "not_applicable" });
      }
      current.set(e.stepCode, row);
      events.push({
        institutionId: inst.id,
        stepCode: e.stepCode,
        action: e.action,
        state: row.state!,
        completedOn: row.completedOn ?? null,
        note: e.action === "reported" || e.action === "marked_not_applicable" ? e.note : null,
        evidenceFileId: e.action === "reported" ? evidenceFileId : null,
        reason: e.reason,
        actorUserId: actor.userId,
        actorLabel: actor.label,
        at,
      });
    }
    steps.push(...current.values());
  }
  for (let i = 0; i < steps.length; i += 500) await tx.insert(onboardingSteps).values(steps.slice(i, i + 500));
  for (let i = 0; i < events.length; i += 500) await tx.insert(onboardingStepEvents).values(events.slice(i, i + 500));
  for (const inst of fresh.values()) await refreshReadiness(tx, { institutionId: inst.id, today: toAmsterdamDate(new Date()) });
  return written;
}
