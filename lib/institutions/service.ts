/**
 * Creating, changing and importing institutions (programme admins). One transaction per
 * action, each change audited; readiness is recomputed when the vendor changes, because the
 * step catalogue depends on it.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { institutionContacts, institutions } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { AppError } from "@/lib/errors";
import { READINESS_COLUMNS, READINESS_RECORD, readinessWithoutSteps, refreshReadiness, refreshReadinessMany } from "@/lib/onboarding/store";
import { stampDirectoryChange } from "@/lib/registry/directory-clock";
import type { InstitutionCsvRow } from "@/lib/institutions/csv";
import type { InstitutionFormValues } from "@/lib/validation/institution";
import { encodeMessage } from "@/lib/validation/messages";

export type InstitutionData = Omit<InstitutionFormValues, "contacts"> & {
  contacts: { role: "project_lead" | "ciso" | "fg" | "technical"; name: string; email: string; phone: string | null }[];
};

/** A checked row of an institution CSV (lib/institutions/csv.ts) as the import writes it. */
export function institutionDataFromCsvRow(r: InstitutionCsvRow): InstitutionData {
  return {
    name: r.name,
    kind: r.kind,
    ura: r.ura,
    agb: r.agb,
    kvk: r.kvk,
    city: r.city,
    province: r.province,
    vendor: r.vendor,
    // Only a file with a group column changes groups (an empty cell clears one).
    groupName: r.groupName,
    contacts: r.contacts.map((c) => ({ role: c.role, name: c.name, email: c.email, phone: c.phone })),
  };
}

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

/** What an import reports while it writes: statements done of the statements it will run. */
export type ImportProgress = { done: number; total: number };

/** Institutions per statement: bounds how long one statement holds the embedded database (and with it the event loop). */
export const IMPORT_CHUNK = 1000;

const chunks = <T>(items: T[], size = IMPORT_CHUNK): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Many rows as one json parameter: a statement has one parameter whatever its row count. */
const jsonRows = (rows: unknown[]) => sql`${JSON.stringify(rows)}::json`;

const INSTITUTION_RECORD = sql.raw(`name text, kind institution_kind, ura text, agb text, kvk text, city text, province text, "vendorCode" text, "groupName" text, keep_group boolean`);
const CONTACT_RECORD = sql.raw(`ura text, role contact_role, name text, email text, phone text`);

/**
 * All-or-nothing import, set-based: rows whose URA exists update that institution, the rest are
 * created. The caller has validated every row; a failure here rolls back every row. One short
 * transaction of a few statements per IMPORT_CHUNK rows (institutions, their contacts and, for new
 * ones, their readiness) and one audit event for the whole file (its name, SHA-256 and counts):
 * a 10,000-row file holds the database for seconds instead of minutes (README, "Benchmarks").
 */
export async function importInstitutions(
  db: Db,
  opts: { actor: AuditActor; rows: InstitutionData[]; now: Date; filename: string; sha256: string; onProgress?: (p: ImportProgress) => void },
) {
  const today = toAmsterdamDate(opts.now);
  const contactsOf = (part: InstitutionData[]) => part.flatMap((d) => d.contacts.map((c) => ({ ura: d.ura, role: c.role, name: c.name, email: c.email, phone: c.phone })));
  const record = (d: InstitutionData) => ({ ...columns(d), keep_group: d.groupName === undefined });
  // A new institution has no steps yet: its readiness follows from its vendor alone, the same for all of one vendor.
  const fresh = readinessWithoutSteps(today);
  return db.transaction(async (tx) => {
    const at = (await stampDirectoryChange(tx, opts.now)).toISOString();
    // URAs are 8 digits (validated before): one text parameter, however many rows.
    const existing = new Map<string, string | null>();
    const found = await tx.execute<{ ura: string; vendor_code: string | null }>(
      sql`select ura, vendor_code from institutions where ura = any(string_to_array(${opts.rows.map((r) => r.ura).join(",")}, ','))`,
    );
    for (const f of resultRows(found)) existing.set(String(f.ura), (f.vendor_code as string | null) ?? null);
    const toCreate = chunks(opts.rows.filter((r) => !existing.has(r.ura)));
    const toUpdate = chunks(opts.rows.filter((r) => existing.has(r.ura)));
    const vendorChanged = opts.rows.filter((r) => existing.has(r.ura) && existing.get(r.ura) !== (r.vendor ?? null)).map((r) => r.ura);
    const total = toCreate.length + 2 * toUpdate.length + Math.ceil(vendorChanged.length / IMPORT_CHUNK);
    let done = 0;
    // After each statement: report, and let the event loop serve what waits (the embedded
    // database runs its statements on this thread; without a turn in between, requests that need
    // no database, /api/health included, would wait for the whole import).
    const step = async () => {
      opts.onProgress?.({ done: ++done, total });
      await new Promise((resolve) => setImmediate(resolve));
    };

    // New institutions with their contacts and readiness rows: one statement per chunk.
    for (const part of toCreate) {
      await tx.execute(sql`
        with ins as (
          insert into institutions (name, kind, ura, agb, kvk, city, province, vendor_code, group_name, created_at, updated_at)
          select r.name, r.kind, r.ura, r.agb, r.kvk, r.city, r.province, r."vendorCode", r."groupName", ${at}::timestamptz, ${at}::timestamptz
          from json_to_recordset(${jsonRows(part.map(record))}) as r(${INSTITUTION_RECORD})
          returning id, ura, vendor_code
        ), contacts as (
          insert into institution_contacts (institution_id, role, name, email, phone)
          select ins.id, c.role, c.name, c.email, c.phone from json_to_recordset(${jsonRows(contactsOf(part))}) as c(${CONTACT_RECORD}) join ins on ins.ura = c.ura
        )
        insert into institution_readiness (${sql.raw(READINESS_COLUMNS.join(", "))})
        select ins.id, ${sql.raw(READINESS_COLUMNS.slice(1).map((c) => `v.${c}`).join(", "))}
        from ins join json_to_recordset(${jsonRows(fresh)}) as v(${sql.raw(READINESS_RECORD)}) on v.vendor = coalesce(ins.vendor_code, '')`);
      await step();
    }
    // Existing institutions: only what differs is written, so re-importing the register (the
    // usual case) rewrites little and leaves `updated_at`, which FHIR serves as lastUpdated,
    // alone where nothing changed. The CSV has no group column (keep_group): an import keeps the
    // group an institution already has. Contacts: the ones not exactly in the file go, then the
    // file's ones that are not there yet come in.
    for (const part of toUpdate) {
      await tx.execute(sql`
        update institutions as i set name = r.name, kind = r.kind, agb = r.agb, kvk = r.kvk, city = r.city, province = r.province, vendor_code = r."vendorCode",
          group_name = case when r.keep_group then i.group_name else r."groupName" end, updated_at = ${at}::timestamptz
        from json_to_recordset(${jsonRows(part.map(record))}) as r(${INSTITUTION_RECORD})
        where i.ura = r.ura
          and (i.name, i.kind, i.agb, i.kvk, i.city, i.province, i.vendor_code, i.group_name)
            is distinct from (r.name, r.kind, r.agb, r.kvk, r.city, r.province, r."vendorCode", case when r.keep_group then i.group_name else r."groupName" end)`);
      await step();
      const contacts = jsonRows(contactsOf(part));
      await tx.execute(sql`
        delete from institution_contacts as ic using institutions as i
        where ic.institution_id = i.id and i.ura = any(string_to_array(${part.map((d) => d.ura).join(",")}, ','))
          and not exists (
            select 1 from json_to_recordset(${contacts}) as c(${CONTACT_RECORD})
            where c.ura = i.ura and c.role = ic.role and c.name = ic.name and c.email = ic.email and c.phone is not distinct from ic.phone)`);
      await tx.execute(sql`
        insert into institution_contacts (institution_id, role, name, email, phone)
        select i.id, c.role, c.name, c.email, c.phone from json_to_recordset(${contacts}) as c(${CONTACT_RECORD}) join institutions i on i.ura = c.ura
        on conflict (institution_id, role) do nothing`);
      await step();
    }
    // A changed vendor changes the step catalogue, so the readiness of those is computed anew.
    if (vendorChanged.length) {
      const rows = resultRows(await tx.execute(sql`select id from institutions where ura = any(string_to_array(${vendorChanged.join(",")}, ','))`));
      const ids = rows.map((r) => String(r.id));
      await refreshReadinessMany(tx, { institutionIds: ids, today, chunk: IMPORT_CHUNK, onChunk: step });
    }
    const result = { created: opts.rows.length - existing.size, updated: existing.size };
    await recordAudit(tx, {
      actor: opts.actor,
      action: "institution.import",
      entityType: "import",
      after: { filename: opts.filename, sha256: opts.sha256, rows: opts.rows.length, ...result, vendorChanged: vendorChanged.length },
    });
    return result;
  });
}


/** The rows of a raw `execute`: postgres.js answers an array, PGlite an object with `rows`. */
const resultRows = (r: unknown): Record<string, unknown>[] => (Array.isArray(r) ? r : ((r as { rows?: Record<string, unknown>[] }).rows ?? []));
