/**
 * Creating, changing and importing institutions (programme admins). One transaction per
 * action, each change audited; readiness is recomputed when the vendor changes, because the
 * step catalogue depends on it.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { institutionContacts, institutions } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { AppError } from "@/lib/errors";
import { refreshReadiness } from "@/lib/onboarding/store";
import { stampDirectoryChange } from "@/lib/registry/directory-clock";
import type { InstitutionFormValues } from "@/lib/validation/institution";
import { encodeMessage } from "@/lib/validation/messages";

export type InstitutionData = Omit<InstitutionFormValues, "contacts"> & {
  contacts: { role: "project_lead" | "ciso" | "fg" | "technical"; name: string; email: string; phone: string | null }[];
};

export function contactsFromForm(c: InstitutionFormValues["contacts"]): InstitutionData["contacts"] {
  return (Object.entries(c) as [InstitutionData["contacts"][number]["role"], { name?: string | null; email?: string | null; phone?: string | null }][])
    .filter(([, v]) => v.name && v.email)
    .map(([role, v]) => ({ role, name: v.name!, email: v.email!, phone: v.phone ?? null }));
}

function columns(d: InstitutionData) {
  return {
    name: d.name,
    kind: d.kind,
    ura: d.ura,
    agb: d.agb ?? null,
    kvk: d.kvk ?? null,
    city: d.city,
    province: d.province,
    vendorCode: d.vendor ?? null,
    groupName: d.groupName ?? null,
  };
}

async function replaceContacts(tx: Tx, institutionId: string, contacts: InstitutionData["contacts"]) {
  await tx.delete(institutionContacts).where(eq(institutionContacts.institutionId, institutionId));
  if (contacts.length) await tx.insert(institutionContacts).values(contacts.map((c) => ({ ...c, institutionId })));
}

async function assertUraFree(tx: Tx, ura: string, exceptId?: string) {
  const [dup] = await tx
    .select({ id: institutions.id, name: institutions.name })
    .from(institutions)
    .where(and(eq(institutions.ura, ura), exceptId ? ne(institutions.id, exceptId) : undefined));
  if (dup) {
    const params = { ura, name: dup.name };
    throw new AppError("conflict", "institution_errors.ura_in_use", { ura: [encodeMessage({ key: "institution_errors.ura_in_use", params })] }, params);
  }
}

export async function createInstitution(db: Db, opts: { actor: AuditActor; data: InstitutionData; now: Date }) {
  return db.transaction(async (tx) => {
    const at = await stampDirectoryChange(tx, opts.now);
    await assertUraFree(tx, opts.data.ura);
    const [row] = await tx.insert(institutions).values({ ...columns(opts.data), createdAt: at, updatedAt: at }).returning();
    await replaceContacts(tx, row.id, opts.data.contacts);
    await refreshReadiness(tx, { institutionId: row.id, today: toAmsterdamDate(opts.now) });
    await recordAudit(tx, { actor: opts.actor, action: "institution.create", entityType: "institution", entityId: row.id, institutionId: row.id, after: { ...columns(opts.data), contacts: opts.data.contacts } });
    return row;
  });
}

export async function updateInstitution(db: Db, opts: { actor: AuditActor; id: string; data: InstitutionData; now: Date }) {
  return db.transaction(async (tx) => {
    const at = await stampDirectoryChange(tx, opts.now);
    const [before] = await tx.select().from(institutions).where(eq(institutions.id, opts.id)).for("update");
    if (!before) throw new AppError("not_found");
    await assertUraFree(tx, opts.data.ura, opts.id);
    const beforeContacts = await tx.select().from(institutionContacts).where(eq(institutionContacts.institutionId, opts.id));
    const [after] = await tx.update(institutions).set({ ...columns(opts.data), updatedAt: at }).where(eq(institutions.id, opts.id)).returning();
    await replaceContacts(tx, opts.id, opts.data.contacts);
    if (before.vendorCode !== after.vendorCode) await refreshReadiness(tx, { institutionId: opts.id, today: toAmsterdamDate(opts.now) });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "institution.update",
      entityType: "institution",
      entityId: opts.id,
      institutionId: opts.id,
      before: { ...before, contacts: beforeContacts.map(({ role, name, email, phone }) => ({ role, name, email, phone })) },
      after: { ...columns(opts.data), contacts: opts.data.contacts },
    });
    return after;
  });
}

/**
 * All-or-nothing import: rows whose URA exists update that institution, the rest are created.
 * The caller has validated every row; a failure here rolls back every row.
 */
export async function importInstitutions(db: Db, opts: { actor: AuditActor; rows: InstitutionData[]; now: Date; filename: string }) {
  return db.transaction(async (tx) => {
    const at = await stampDirectoryChange(tx, opts.now);
    const existing = opts.rows.length
      ? await tx.select().from(institutions).where(inArray(institutions.ura, opts.rows.map((r) => r.ura)))
      : [];
    const byUra = new Map(existing.map((e) => [e.ura, e]));
    let created = 0;
    let updated = 0;
    for (const data of opts.rows) {
      const prev = byUra.get(data.ura);
      if (prev) {
        // The CSV has no group column: an import keeps the group an institution already has.
        const [after] = await tx
          .update(institutions)
          .set({ ...columns(data), groupName: data.groupName === undefined ? prev.groupName : data.groupName, updatedAt: at })
          .where(eq(institutions.id, prev.id))
          .returning();
        await replaceContacts(tx, prev.id, data.contacts);
        if (prev.vendorCode !== after.vendorCode) await refreshReadiness(tx, { institutionId: prev.id, today: toAmsterdamDate(opts.now) });
        await recordAudit(tx, { actor: opts.actor, action: "institution.import_update", entityType: "institution", entityId: prev.id, institutionId: prev.id, before: prev, after: { ...columns(data), contacts: data.contacts } });
        updated++;
      } else {
        const [row] = await tx.insert(institutions).values({ ...columns(data), createdAt: at, updatedAt: at }).returning();
        await replaceContacts(tx, row.id, data.contacts);
        await refreshReadiness(tx, { institutionId: row.id, today: toAmsterdamDate(opts.now) });
        await recordAudit(tx, { actor: opts.actor, action: "institution.import_create", entityType: "institution", entityId: row.id, institutionId: row.id, after: { ...columns(data), contacts: data.contacts } });
        created++;
      }
    }
    await recordAudit(tx, { actor: opts.actor, action: "institution.import", entityType: "import", after: { filename: opts.filename, rows: opts.rows.length, created, updated } });
    return { created, updated };
  });
}
