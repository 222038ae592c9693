/** Reads of the institution register. Every function takes the caller's scope explicitly. */
import { and, asc, count, eq, ilike, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { institutionContacts, institutions, memberships, users, vendors } from "@/db/schema";
import type { InstitutionScope } from "@/lib/auth/policy";
import { isUuid } from "@/lib/validation/uuid";
import { institutionScopeWhere } from "./scope";

export type InstitutionListFilter = { q?: string; page?: number; pageSize?: number };

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listInstitutions(db: Executor, opts: { scope: InstitutionScope } & InstitutionListFilter) {
  const pageSize = Math.min(Math.max(opts.pageSize ?? 25, 1), 200);
  const q = opts.q?.trim().slice(0, 100);
  const where = and(
    institutionScopeWhere(opts.scope),
    q
      ? or(
          ilike(institutions.name, `%${escapeLike(q)}%`),
          ilike(institutions.city, `%${escapeLike(q)}%`),
          eq(institutions.ura, q),
        )
      : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(institutions).where(where);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(opts.page ?? 1, 1), pages);
  const rows = await db
    .select({
      id: institutions.id,
      name: institutions.name,
      kind: institutions.kind,
      city: institutions.city,
      province: institutions.province,
      ura: institutions.ura,
      vendorCode: institutions.vendorCode,
      vendorName: vendors.name,
    })
    .from(institutions)
    .leftJoin(vendors, eq(vendors.code, institutions.vendorCode))
    .where(where)
    .orderBy(asc(institutions.name))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total, page, pages, pageSize };
}

/** Just enough to decide permissions: id and vendor. */
export async function getInstitutionRef(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select({ id: institutions.id, vendorCode: institutions.vendorCode }).from(institutions).where(eq(institutions.id, id));
  return row ?? null;
}

export async function getInstitutionDetail(db: Executor, opts: { id: string; scope: InstitutionScope }) {
  const [row] = await db
    .select({ institution: institutions, vendorName: vendors.name })
    .from(institutions)
    .leftJoin(vendors, eq(vendors.code, institutions.vendorCode))
    .where(and(eq(institutions.id, opts.id), institutionScopeWhere(opts.scope)));
  if (!row) return null;
  const contacts = await db
    .select()
    .from(institutionContacts)
    .where(eq(institutionContacts.institutionId, opts.id))
    .orderBy(asc(institutionContacts.role));
  const people = await db
    .select({ name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.institutionId, opts.id))
    .orderBy(asc(users.name));
  return { ...row.institution, vendorName: row.vendorName, contacts, people };
}

/** Programme-wide counts, grouped in the database. */
export async function countInstitutionsBy(db: Executor, dimension: "vendor" | "kind" | "province") {
  const column =
    dimension === "vendor" ? institutions.vendorCode : dimension === "kind" ? institutions.kind : institutions.province;
  const rows = await db
    .select({ key: sql<string | null>`${column}`, n: count() })
    .from(institutions)
    .groupBy(column)
    .orderBy(sql`count(*) desc`, asc(column));
  return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
}

export async function listVendors(db: Executor) {
  return db.select().from(vendors).orderBy(asc(vendors.name));
}

export async function listInstitutionOptions(db: Executor) {
  return db.select({ id: institutions.id, name: institutions.name, ura: institutions.ura }).from(institutions).orderBy(asc(institutions.name));
}
