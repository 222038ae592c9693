/** Reads for the toolkit: template versions, downloads, acknowledgements, plans, intakes. */
import { and, asc, desc, eq, getTableColumns, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  documentAcknowledgements,
  documentDownloads,
  documentTemplates,
  institutionContacts,
  institutionPlans,
  institutions,
  intakeSubmissions,
  users,
} from "@/db/schema";
import { currentVersions } from "@/lib/toolkit/versions";
import type { InstitutionScope } from "@/lib/auth/policy";
import { isUuid } from "@/lib/validation/uuid";
import { institutionScopeWhere } from "@/lib/auth/scope-sql";

/** Every column but the file itself. */
const templateColumns = {
  id: documentTemplates.id,
  documentType: documentTemplates.documentType,
  versionLabel: documentTemplates.versionLabel,
  source: documentTemplates.source,
  status: documentTemplates.status,
  changeNote: documentTemplates.changeNote,
  filename: documentTemplates.filename,
  sizeBytes: documentTemplates.sizeBytes,
  sha256: documentTemplates.sha256,
  formFields: documentTemplates.formFields,
  createdAt: documentTemplates.createdAt,
  publishedAt: documentTemplates.publishedAt,
  createdBy: documentTemplates.createdBy,
  publishedBy: documentTemplates.publishedBy,
};

export type TemplateSummary = Awaited<ReturnType<typeof listTemplates>>[number];

export async function listTemplates(db: Executor, opts: { documentType?: string } = {}) {
  return db
    .select({ ...templateColumns, publishedByName: users.name })
    .from(documentTemplates)
    .leftJoin(users, eq(users.id, documentTemplates.publishedBy))
    .where(opts.documentType ? eq(documentTemplates.documentType, opts.documentType) : undefined)
    .orderBy(asc(documentTemplates.documentType), desc(documentTemplates.createdAt));
}

export async function getTemplateWithData(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(documentTemplates).where(eq(documentTemplates.id, id));
  return row ?? null;
}

/** The current published version of every document type, with the files of uploaded ones. */
export async function loadCurrentTemplates(db: Executor) {
  const published = await db.select(templateColumns).from(documentTemplates).where(eq(documentTemplates.status, "published"));
  const current = currentVersions(published);
  const ids = [...current.values()].filter((v) => v.source === "uploaded").map((v) => v.id);
  const files = ids.length ? await db.select({ id: documentTemplates.id, data: documentTemplates.data }).from(documentTemplates).where(inArray(documentTemplates.id, ids)) : [];
  const dataById = new Map(files.map((f) => [f.id, f.data]));
  return new Map([...current].map(([type, v]) => [type, { ...v, data: dataById.get(v.id) ?? null }]));
}

export async function listAcknowledgements(db: Executor, opts: { institutionId: string; userEmail?: string }) {
  return db
    .select()
    .from(documentAcknowledgements)
    .where(and(eq(documentAcknowledgements.institutionId, opts.institutionId), opts.userEmail ? eq(documentAcknowledgements.userEmail, opts.userEmail) : undefined))
    .orderBy(desc(documentAcknowledgements.at));
}

export async function listDownloads(db: Executor, opts: { institutionId: string; limit?: number }) {
  return db
    .select()
    .from(documentDownloads)
    .where(eq(documentDownloads.institutionId, opts.institutionId))
    .orderBy(desc(documentDownloads.at), desc(documentDownloads.id))
    .limit(opts.limit ?? 50);
}

/** What the programme overview needs, for the institutions in scope. */
export async function loadOverviewRows(db: Executor, opts: { scope: InstitutionScope; templateIds: string[] }) {
  const insts = await db
    .select({ id: institutions.id, name: institutions.name, ura: institutions.ura })
    .from(institutions)
    .where(institutionScopeWhere(opts.scope))
    .orderBy(asc(institutions.name));
  const ids = insts.map((i) => i.id);
  if (ids.length === 0) return { institutions: [], downloads: [], acknowledgements: [] };
  const [contacts, downloads, acknowledgements] = await Promise.all([
    db
      .select({ institutionId: institutionContacts.institutionId, role: institutionContacts.role, email: institutionContacts.email })
      .from(institutionContacts)
      .where(and(inArray(institutionContacts.institutionId, ids), inArray(institutionContacts.role, ["ciso", "fg"]))),
    opts.templateIds.length
      ? db
          .select({
            institutionId: documentDownloads.institutionId,
            templateId: documentDownloads.templateId,
            userEmail: documentDownloads.userEmail,
            capacity: documentDownloads.capacity,
            at: documentDownloads.at,
          })
          .from(documentDownloads)
          .where(inArray(documentDownloads.templateId, opts.templateIds))
      : Promise.resolve([]),
    db
      .select({
        institutionId: documentAcknowledgements.institutionId,
        templateId: documentAcknowledgements.templateId,
        userEmail: documentAcknowledgements.userEmail,
        capacity: documentAcknowledgements.capacity,
        at: documentAcknowledgements.at,
      })
      .from(documentAcknowledgements)
      .where(inArray(documentAcknowledgements.institutionId, ids)),
  ]);
  const byInst = new Map<string, { role: string; email: string }[]>();
  for (const c of contacts) byInst.set(c.institutionId, [...(byInst.get(c.institutionId) ?? []), { role: c.role, email: c.email }]);
  return {
    institutions: insts.map((i) => ({ ...i, contacts: byInst.get(i.id) ?? [] })),
    downloads,
    acknowledgements,
  };
}

/** With the reporter's name (reportedByLabel keeps the e-mail address recorded at the time). */
export async function listInstitutionPlans(db: Executor, institutionId: string) {
  return db
    .select({ ...getTableColumns(institutionPlans), reportedByName: users.name })
    .from(institutionPlans)
    .leftJoin(users, eq(users.id, institutionPlans.reportedBy))
    .where(eq(institutionPlans.institutionId, institutionId));
}

export async function latestIntakeSubmission(db: Executor, institutionId: string) {
  const [row] = await db
    .select()
    .from(intakeSubmissions)
    .where(eq(intakeSubmissions.institutionId, institutionId))
    .orderBy(desc(intakeSubmissions.appliedAt))
    .limit(1);
  return row ?? null;
}
