/**
 * Toolkit writes: template versions (create, publish), download records, acknowledgements and
 * the intake round-trip. One transaction per user action, audited. Callers check permissions
 * first; these functions enforce the rules (versions only go up, only the current version can
 * be acknowledged, an intake is applied only as previewed).
 */
import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import {
  documentAcknowledgements,
  documentDownloads,
  documentTemplates,
  institutionContacts,
  institutionPlans,
  institutions,
  intakeSubmissions,
  vendors,
} from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { AppError } from "@/lib/errors";
import { refreshReadiness } from "@/lib/onboarding/store";
import type { Locale } from "@/lib/i18n/messages";
import { intakeChanges, isDocumentType, loadUntrustedPdf, pdfErrorText, readIntakeForm, type IntakeChange, type IntakeValues, type PdfError } from "@/lib/pdf";
import { listInstitutionPlans, latestIntakeSubmission } from "@/lib/toolkit/queries";
import { recordPlanChange } from "@/lib/planning/service";
import { encodeMessage, type MessageParams } from "@/lib/validation/messages";
import { UPLOAD_LIMIT_PARAMS, UPLOAD_MAX_BYTES } from "@/lib/validation/uploads";
import { changesFingerprint, currentIntakeValues, intakePlanErrorText, planIntakeApply, type IntakeApplyPlan, type IntakePlanError } from "./intake";
import { contactCapacity, isCapacity, type Capacity } from "./overview";
import { checkNewVersionLabel, compareVersionLabels, currentVersions, isVersionLabel } from "./versions";
import { notifyToolkitVersion } from "@/lib/notifications/events";

export type PersonActor = AuditActor & { email: string; name: string };

/** The form-wide upload limit (lib/validation/uploads.ts); the HTTP limits leave room above it. */
export const TEMPLATE_MAX_BYTES = UPLOAD_MAX_BYTES;
export const CHANGE_NOTE_MAX = 1000;

/** A refused field: the message key (with values) as the error's message and as the field's message. */
function fieldError(field: string, key: string, params?: MessageParams): AppError {
  return new AppError("validation", key, { [field]: [encodeMessage({ key, params })] }, params);
}

function checkChangeNote(note: string): void {
  if (!note) throw fieldError("changeNote", "toolkit.errors.change_note_missing");
  if (note.length > CHANGE_NOTE_MAX) throw fieldError("changeNote", "toolkit.errors.change_note_too_long", { max: String(CHANGE_NOTE_MAX) });
}

/**
 * An uploaded intake form that cannot be read, or whose changes cannot be applied. It carries the
 * reader's and the plan's codes; errorText (lib/i18n) asks `text(locale)` for the words, in the
 * same order and wording as the reader and the plan give them.
 */
export class IntakeError extends AppError {
  constructor(
    readonly read: PdfError | null,
    readonly plan: readonly IntakePlanError[] = [],
  ) {
    super("validation", read ? `pdf.errors.${read.code}` : `toolkit.intake_plan_errors.${plan[0]?.code ?? "contact_too_long"}`);
  }

  text(locale: Locale): string {
    return this.read ? pdfErrorText(this.read, locale) : this.plan.map((p) => intakePlanErrorText(p, locale)).join(" ");
  }
}

// ------------------------------------------------------------------ templates

export async function createTemplateVersion(
  db: Db,
  opts: { actor: AuditActor; documentType: string; versionLabel: string; changeNote: string; upload: { filename: string; bytes: Uint8Array } | null; now: Date },
) {
  if (!isDocumentType(opts.documentType)) throw fieldError("documentType", "toolkit.errors.document_type");
  const label = opts.versionLabel.trim();
  const note = opts.changeNote.trim();
  checkChangeNote(note);
  let file: { filename: string; data: Buffer; sha256: string; fields: string[] } | null = null;
  if (opts.upload) {
    const loaded = await loadUntrustedPdf(opts.upload.bytes, { maxBytes: TEMPLATE_MAX_BYTES });
    if (!loaded.ok) {
      if (loaded.error.code === "too_large") throw fieldError("file", "v.file_too_large", UPLOAD_LIMIT_PARAMS);
      throw fieldError("file", loaded.error.code === "not_pdf" ? "toolkit.errors.template_not_pdf" : `pdf.errors.${loaded.error.code}`);
    }
    let fields: string[] = [];
    try {
      fields = loaded.doc.getForm().getFields().map((f) => f.getName());
    } catch {
      fields = [];
    }
    const name = (opts.upload.filename.split(/[\\/]/).pop() ?? "sjabloon.pdf").replace(/[\u0000-\u001f"<>:|?*]/g, "").slice(0, 150) || "sjabloon.pdf";
    file = { filename: name, data: Buffer.from(opts.upload.bytes), sha256: createHash("sha256").update(opts.upload.bytes).digest("hex"), fields };
  }
  return db.transaction(async (tx) => {
    // Serialises version numbering per document type.
    await tx.execute(sql`select pg_advisory_xact_lock(727007, ${hashType(opts.documentType)})`);
    const existing = await tx.select({ label: documentTemplates.versionLabel }).from(documentTemplates).where(eq(documentTemplates.documentType, opts.documentType));
    const problem = checkNewVersionLabel(label, existing.map((e) => e.label));
    if (problem) throw fieldError("versionLabel", problem.key, problem.params);
    const [row] = await tx
      .insert(documentTemplates)
      .values({
        documentType: opts.documentType,
        versionLabel: label,
        source: file ? "uploaded" : "generated",
        status: "draft",
        changeNote: note,
        filename: file?.filename ?? null,
        sizeBytes: file?.data.byteLength ?? null,
        sha256: file?.sha256 ?? null,
        data: file?.data ?? null,
        formFields: file?.fields ?? [],
        createdBy: opts.actor.userId,
        createdAt: opts.now,
      })
      .returning({ id: documentTemplates.id, versionLabel: documentTemplates.versionLabel, source: documentTemplates.source });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "toolkit.template_create",
      entityType: "document_template",
      entityId: row.id,
      after: { documentType: opts.documentType, versionLabel: label, source: row.source, changeNote: note, filename: file?.filename ?? null, sha256: file?.sha256 ?? null, formFields: file?.fields ?? [] },
    });
    return row;
  });
}

function hashType(type: string): number {
  let h = 0;
  for (const ch of type) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

/** Publishes a draft; the change note may be corrected at this moment, never afterwards. */
export async function publishTemplateVersion(db: Db, opts: { actor: AuditActor; templateId: string; changeNote?: string; now: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(documentTemplates).where(eq(documentTemplates.id, opts.templateId)).for("update");
    if (!row) throw new AppError("not_found");
    if (row.status === "published") throw new AppError("conflict", "toolkit.errors.already_published", undefined, { version: row.versionLabel });
    const note = (opts.changeNote ?? row.changeNote).trim();
    checkChangeNote(note);
    const published = await tx
      .select({ versionLabel: documentTemplates.versionLabel })
      .from(documentTemplates)
      .where(and(eq(documentTemplates.documentType, row.documentType), eq(documentTemplates.status, "published")));
    const top = published.map((p) => p.versionLabel).sort(compareVersionLabels).at(-1);
    if (top && compareVersionLabels(row.versionLabel, top) <= 0) {
      throw new AppError("conflict", "toolkit.errors.not_higher_than_published", undefined, { version: row.versionLabel, top });
    }
    const [after] = await tx
      .update(documentTemplates)
      .set({ status: "published", changeNote: note, publishedAt: opts.now, publishedBy: opts.actor.userId })
      .where(eq(documentTemplates.id, row.id))
      .returning({ id: documentTemplates.id, documentType: documentTemplates.documentType, versionLabel: documentTemplates.versionLabel });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "toolkit.template_publish",
      entityType: "document_template",
      entityId: row.id,
      before: { status: row.status, changeNote: row.changeNote },
      after: { documentType: row.documentType, versionLabel: row.versionLabel, status: "published", changeNote: note },
    });
    await notifyToolkitVersion(tx, { templateId: row.id, documentType: row.documentType, versionLabel: row.versionLabel, changeNote: note, now: opts.now });
    return after;
  });
}

// ------------------------------------------------------------------ downloads and acknowledgements

async function capacityOf(db: Executor, institutionId: string, email: string): Promise<Capacity | null> {
  const contacts = await db.select({ role: institutionContacts.role, email: institutionContacts.email }).from(institutionContacts).where(eq(institutionContacts.institutionId, institutionId));
  const fromContact = contactCapacity(contacts, email);
  if (fromContact) return fromContact;
  const [ack] = await db
    .select({ capacity: documentAcknowledgements.capacity })
    .from(documentAcknowledgements)
    .where(and(eq(documentAcknowledgements.institutionId, institutionId), eq(documentAcknowledgements.userEmail, email)))
    .orderBy(desc(documentAcknowledgements.at))
    .limit(1);
  return isCapacity(ack?.capacity) ? ack.capacity : null;
}

/** Records a download: one row per document (a pack download writes one row per document in it). */
export async function recordDownloads(
  db: Db,
  opts: { actor: PersonActor; role: string; institutionId: string; templates: readonly { id: string; documentType: string; versionLabel: string }[]; via: "document" | "pack"; now: Date },
) {
  if (opts.templates.length === 0) return 0;
  return db.transaction(async (tx) => {
    const capacity = opts.role === "security_officer" ? await capacityOf(tx, opts.institutionId, opts.actor.email) : null;
    await tx.insert(documentDownloads).values(
      opts.templates.map((t) => ({
        institutionId: opts.institutionId,
        templateId: t.id,
        documentType: t.documentType,
        versionLabel: t.versionLabel,
        via: opts.via,
        userId: opts.actor.userId,
        userEmail: opts.actor.email,
        userName: opts.actor.name,
        role: opts.role,
        capacity,
        at: opts.now,
      })),
    );
    return opts.templates.length;
  });
}

/** "I have read version X" — only for the current version of a document. */
export async function acknowledgeDocument(db: Db, opts: { actor: PersonActor; institutionId: string; templateId: string; capacity: string; now: Date }) {
  if (!isCapacity(opts.capacity)) throw fieldError("capacity", "toolkit.errors.capacity");
  return db.transaction(async (tx) => {
    const [tpl] = await tx
      .select({ id: documentTemplates.id, documentType: documentTemplates.documentType, versionLabel: documentTemplates.versionLabel, status: documentTemplates.status, changeNote: documentTemplates.changeNote, publishedAt: documentTemplates.publishedAt })
      .from(documentTemplates)
      .where(eq(documentTemplates.id, opts.templateId));
    if (!tpl || tpl.status !== "published") throw new AppError("not_found");
    const siblings = await tx
      .select({ id: documentTemplates.id, documentType: documentTemplates.documentType, versionLabel: documentTemplates.versionLabel, status: documentTemplates.status, changeNote: documentTemplates.changeNote, publishedAt: documentTemplates.publishedAt })
      .from(documentTemplates)
      .where(and(eq(documentTemplates.documentType, tpl.documentType), eq(documentTemplates.status, "published")));
    const current = currentVersions(siblings).get(tpl.documentType as never);
    if (current?.id !== tpl.id) throw new AppError("conflict", "toolkit.errors.newer_version", undefined, { version: String(current?.versionLabel) });
    const inserted = await tx
      .insert(documentAcknowledgements)
      .values({
        institutionId: opts.institutionId,
        templateId: tpl.id,
        documentType: tpl.documentType,
        versionLabel: tpl.versionLabel,
        userId: opts.actor.userId,
        userEmail: opts.actor.email,
        userName: opts.actor.name,
        capacity: opts.capacity,
        at: opts.now,
      })
      .onConflictDoNothing()
      .returning({ id: documentAcknowledgements.id });
    if (inserted.length === 0) return { created: false, versionLabel: tpl.versionLabel };
    await recordAudit(tx, {
      actor: opts.actor,
      action: "toolkit.acknowledge",
      entityType: "document_acknowledgement",
      entityId: inserted[0].id,
      institutionId: opts.institutionId,
      after: { documentType: tpl.documentType, versionLabel: tpl.versionLabel, capacity: opts.capacity },
    });
    return { created: true, versionLabel: tpl.versionLabel };
  });
}

// ------------------------------------------------------------------ intake round-trip

export type IntakePreview = {
  values: IntakeValues;
  changes: IntakeChange[];
  plan: IntakeApplyPlan;
  fingerprint: string;
};

async function loadIntakeCurrent(db: Executor, institutionId: string) {
  const [inst] = await db.select({ id: institutions.id, ura: institutions.ura, vendorCode: institutions.vendorCode }).from(institutions).where(eq(institutions.id, institutionId));
  if (!inst) throw new AppError("not_found");
  const [contacts, plans, last] = await Promise.all([
    db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, institutionId)),
    listInstitutionPlans(db, institutionId),
    latestIntakeSubmission(db, institutionId),
  ]);
  return { inst, current: { contacts, vendorCode: inst.vendorCode, plans, lastRemarks: last?.remarks ?? null } };
}

/** Reads the uploaded form and works out what it would change. Writes nothing. */
export async function previewIntake(db: Executor, opts: { institutionId: string; bytes: Uint8Array }): Promise<IntakePreview> {
  const { inst, current } = await loadIntakeCurrent(db, opts.institutionId);
  const read = await readIntakeForm(opts.bytes, { expectedUra: inst.ura });
  if (!read.ok) throw new IntakeError(read.error);
  const changes = intakeChanges(read.values, currentIntakeValues(current));
  const plan = planIntakeApply(changes, current);
  return { values: read.values, changes, plan, fingerprint: changesFingerprint(changes) };
}

/**
 * Applies the form exactly as previewed: the same file is read again inside the transaction
 * and the changes must be the ones the user confirmed (fingerprint), else nothing is written.
 */
export async function applyIntake(
  db: Db,
  opts: { actor: AuditActor; institutionId: string; filename: string; bytes: Uint8Array; fingerprint: string; now: Date },
) {
  return db.transaction(async (tx) => {
    await tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, opts.institutionId)).for("update");
    const preview = await previewIntake(tx, { institutionId: opts.institutionId, bytes: opts.bytes });
    if (preview.fingerprint !== opts.fingerprint) {
      throw new AppError("conflict", "toolkit.errors.intake_changed");
    }
    if (preview.plan.errors.length) throw new IntakeError(null, preview.plan.errors);
    if (preview.changes.length === 0) throw new AppError("validation", "toolkit.errors.intake_no_changes");
    const { plan } = preview;
    const beforeContacts = await tx.select().from(institutionContacts).where(eq(institutionContacts.institutionId, opts.institutionId));
    const [beforeInst] = await tx.select({ vendorCode: institutions.vendorCode }).from(institutions).where(eq(institutions.id, opts.institutionId));

    for (const c of plan.contacts) {
      await tx
        .insert(institutionContacts)
        .values({ institutionId: opts.institutionId, role: c.role, name: c.name, email: c.email, phone: c.phone })
        .onConflictDoUpdate({ target: [institutionContacts.institutionId, institutionContacts.role], set: { name: c.name, email: c.email, phone: c.phone } });
    }
    if (plan.vendor !== undefined) {
      const [v] = await tx.select({ code: vendors.code }).from(vendors).where(eq(vendors.code, plan.vendor));
      if (!v) throw new AppError("validation", "toolkit.errors.unknown_vendor", undefined, { vendor: plan.vendor });
      await tx.update(institutions).set({ vendorCode: plan.vendor, updatedAt: opts.now }).where(eq(institutions.id, opts.institutionId));
      await refreshReadiness(tx, { institutionId: opts.institutionId, today: toAmsterdamDate(opts.now) });
    }
    for (const p of plan.plans) {
      const [before] = await tx
        .select({ plannedOn: institutionPlans.plannedOn })
        .from(institutionPlans)
        .where(and(eq(institutionPlans.institutionId, opts.institutionId), eq(institutionPlans.planKey, p.planKey)));
      const row = { institutionId: opts.institutionId, planKey: p.planKey, plannedOn: p.plannedOn, source: "intake", reportedBy: opts.actor.userId, reportedByLabel: opts.actor.label, reportedAt: opts.now };
      await tx.insert(institutionPlans).values(row).onConflictDoUpdate({ target: [institutionPlans.institutionId, institutionPlans.planKey], set: row });
      // The plan's history (issue 17 §3): the intake form is one more way to change a plan.
      if ((before?.plannedOn ?? null) !== p.plannedOn) await recordPlanChange(tx, { institutionId: opts.institutionId, planKey: p.planKey, from: before?.plannedOn ?? null, to: p.plannedOn, reason: null, source: "intake", actor: opts.actor, at: opts.now });
    }
    const sha256 = createHash("sha256").update(opts.bytes).digest("hex");
    const [submission] = await tx
      .insert(intakeSubmissions)
      .values({
        institutionId: opts.institutionId,
        filename: opts.filename.slice(0, 200),
        sha256,
        formVersion: preview.values.formVersion,
        changes: preview.changes.map((c) => ({ field: c.field, from: c.from, to: c.to })),
        remarks: plan.remarks ?? (await latestIntakeSubmission(tx, opts.institutionId))?.remarks ?? null,
        appliedBy: opts.actor.userId,
        appliedByLabel: opts.actor.label,
        appliedAt: opts.now,
      })
      .returning({ id: intakeSubmissions.id });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "toolkit.intake_apply",
      entityType: "institution",
      entityId: opts.institutionId,
      institutionId: opts.institutionId,
      before: {
        vendorCode: beforeInst?.vendorCode ?? null,
        contacts: beforeContacts.filter((c) => plan.contacts.some((p) => p.role === c.role)).map(({ role, name, email, phone }) => ({ role, name, email, phone })),
        changes: preview.changes.map((c) => ({ field: c.field, from: c.from })),
      },
      after: { submissionId: submission.id, sha256, changes: preview.changes.map((c) => ({ field: c.field, to: c.to })) },
    });
    return { submissionId: submission.id, changed: preview.changes.length };
  });
}

export { isVersionLabel };
