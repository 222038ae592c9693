/** Reads of the institution register. Every function takes the caller's scope explicitly. */
import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { readinessAtSql } from "@/lib/onboarding/readiness-at";
import { keptWhileUnchanged } from "@/lib/ops/data-version";
import { keyedCache } from "@/lib/ops/versioned-cache";
import type { Executor } from "@/db/client";
import { preparedQuery } from "@/db/prepared-query";
import { institutionContacts, institutionReadiness, institutions, memberships, users, vendors, type Institution } from "@/db/schema";
import { PHASES } from "@/lib/domain/readiness";
import type { InstitutionScope } from "@/lib/auth/policy";
import { isUuid } from "@/lib/validation/uuid";
import { institutionScopeWhere } from "@/lib/auth/scope-sql";
import { pageWithTotal, windowTotal } from "@/lib/paging";
import { jsonArray } from "@/lib/json-array";

export const INSTITUTION_SORTS = ["name", "readiness", "phase", "time_in_phase", "vendor"] as const;
export type InstitutionSort = (typeof INSTITUTION_SORTS)[number];

export type InstitutionListFilter = {
  q?: string;
  kind?: string;
  province?: string;
  /** A vendor code, or "none" for institutions that have not chosen yet. */
  vendor?: string;
  /** A group or covenant name (e.g. "Knoop.convenant"), or "none" for institutions in no group. */
  group?: string;
  phase?: string;
  /** A precondition code, or "none" for institutions that no precondition blocks. */
  blocking?: string;
  /** Only institutions with reports waiting for verification. */
  awaiting?: boolean;
  /** Only institutions that are live. */
  live?: boolean;
  /** A precondition code: only institutions that meet it / do not meet it. */
  met?: string;
  unmet?: string;
  /** YYYY-MM-DD: phase, blocking, live, met and awaiting as they were on that date (from the step history). */
  asOf?: string;
  sort?: InstitutionSort;
  dir?: "asc" | "desc";
  page?: number;
  /** 0 = everything (exports). */
  pageSize?: number;
};

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const PHASE_ORDER = PHASES.map((p) => p.code);

const MET_COLUMN = { agreements: "agreementsMet", mitz_connected: "mitzConnectedMet", mitz_filled: "mitzFilledMet" } as const;

/** Where the readiness columns come from: the maintained rows (now) or a replay of the history on `asOf`. */
export function readinessColumns(asOf?: string) {
  if (!asOf) {
    const r = institutionReadiness;
    return {
      source: r as unknown as SQL,
      on: eq(r.institutionId, institutions.id),
      phase: r.phase as unknown as SQL<string | null>,
      percent: r.percent as unknown as SQL<number | null>,
      blockingPrecondition: r.blockingPrecondition as unknown as SQL<string | null>,
      phaseStartedOn: r.phaseStartedOn as unknown as SQL<string | null>,
      awaitingVerification: r.awaitingVerification as unknown as SQL<number | null>,
      isLive: r.isLive as unknown as SQL<boolean | null>,
      agreementsMet: r.agreementsMet as unknown as SQL<boolean | null>,
      mitzConnectedMet: r.mitzConnectedMet as unknown as SQL<boolean | null>,
      mitzFilledMet: r.mitzFilledMet as unknown as SQL<boolean | null>,
    };
  }
  return {
    source: sql`(${readinessAtSql(asOf)}) ra`,
    on: sql`ra.institution_id = ${institutions.id}`,
    phase: sql<string | null>`ra.phase`,
    percent: sql<number | null>`ra.percent`,
    blockingPrecondition: sql<string | null>`ra.blocking_precondition`,
    phaseStartedOn: sql<string | null>`ra.phase_started_on`,
    awaitingVerification: sql<number | null>`ra.awaiting_verification`,
    isLive: sql<boolean | null>`ra.is_live`,
    agreementsMet: sql<boolean | null>`ra.agreements_met`,
    mitzConnectedMet: sql<boolean | null>`ra.mitz_connected_met`,
    mitzFilledMet: sql<boolean | null>`ra.mitz_filled_met`,
  };
}

export function institutionFilterWhere(opts: { scope: InstitutionScope } & InstitutionListFilter) {
  const q = opts.q?.trim().slice(0, 100);
  const R = readinessColumns(opts.asOf);
  const metCol = (code?: string) => (code && code in MET_COLUMN ? R[MET_COLUMN[code as keyof typeof MET_COLUMN]] : null);
  const met = metCol(opts.met);
  const unmet = metCol(opts.unmet);
  return and(
    institutionScopeWhere(opts.scope),
    q ? or(ilike(institutions.name, `%${escapeLike(q)}%`), ilike(institutions.city, `%${escapeLike(q)}%`), eq(institutions.ura, q)) : undefined,
    opts.kind ? eq(institutions.kind, opts.kind as Institution["kind"]) : undefined,
    opts.province ? eq(institutions.province, opts.province) : undefined,
    opts.vendor ? (opts.vendor === "none" ? isNull(institutions.vendorCode) : eq(institutions.vendorCode, opts.vendor)) : undefined,
    opts.group ? (opts.group === "none" ? isNull(institutions.groupName) : eq(institutions.groupName, opts.group)) : undefined,
    opts.phase ? eq(R.phase, opts.phase) : undefined,
    opts.blocking ? (opts.blocking === "none" ? isNull(R.blockingPrecondition) : eq(R.blockingPrecondition, opts.blocking)) : undefined,
    opts.awaiting ? gt(R.awaitingVerification, 0) : undefined,
    opts.live ? sql`${R.isLive} is true` : undefined,
    met ? sql`${met} is true` : undefined,
    unmet ? sql`${unmet} is not true` : undefined,
  );
}

export async function listInstitutions(db: Executor, opts: { scope: InstitutionScope } & InstitutionListFilter) {
  const where = institutionFilterWhere(opts);
  const R = readinessColumns(opts.asOf);
  const all = opts.pageSize === 0;
  const dir = opts.dir === "desc" ? desc : asc;
  const phaseRank = sql`array_position(${sql.raw(`array[${PHASE_ORDER.map((p) => `'${p}'`).join(",")}]::text[]`)}, ${R.phase})`;
  const order =
    opts.sort === "readiness"
      ? [dir(R.percent), asc(institutions.name)]
      : opts.sort === "phase"
        ? [dir(phaseRank), asc(institutions.name)]
        : opts.sort === "time_in_phase"
          ? // Longest in phase first when ascending by start date.
            // Not started (no phase start) comes last in both directions.
            [sql`${R.phaseStartedOn} ${sql.raw(opts.dir === "desc" ? "desc" : "asc")} nulls last`, asc(institutions.name)]
          : opts.sort === "vendor"
            ? [dir(vendors.name), asc(institutions.name)]
            : [dir(institutions.name)];
  const list = db
    .select({
      id: institutions.id,
      name: institutions.name,
      kind: institutions.kind,
      city: institutions.city,
      province: institutions.province,
      ura: institutions.ura,
      agb: institutions.agb,
      kvk: institutions.kvk,
      vendorCode: institutions.vendorCode,
      vendorName: vendors.name,
      groupName: institutions.groupName,
      phase: R.phase,
      percent: R.percent,
      blocking: R.blockingPrecondition,
      phaseStartedOn: R.phaseStartedOn,
      awaiting: R.awaitingVerification,
      isLive: R.isLive,
      total: windowTotal(),
    })
    .from(institutions)
    .leftJoin(vendors, eq(vendors.code, institutions.vendorCode))
    .leftJoin(R.source, R.on)
    .where(where)
    .orderBy(...order);
  if (all) {
    const rows = (await list).map(({ total: _total, ...row }) => row);
    return { rows, total: rows.length, page: 1, pages: 1, pageSize: Math.max(rows.length, 1) };
  }
  return pageWithTotal({
    page: opts.page,
    pageSize: Math.min(Math.max(opts.pageSize ?? 25, 1), 200),
    fetch: (limit, offset) => list.limit(limit).offset(offset),
    count: async () => (await db.select({ n: count() }).from(institutions).leftJoin(R.source, R.on).where(where))[0].n,
  });
}

type InstitutionListPage = Awaited<ReturnType<typeof listInstitutions>>;
type InstitutionGroups = Awaited<ReturnType<typeof listInstitutionGroups>>;
/** Pages and filter options of the list (per counter, scope and filter); 64 of each stay. */
const listPages = keyedCache<InstitutionListPage>(64);
const groupLists = keyedCache<InstitutionGroups>(64);

/**
 * listInstitutions and listInstitutionGroups for the list page, kept while the change counter
 * holds (`keptWhileUnchanged`; it counts the register, the readiness rows and the step history):
 * the two reads cost ~2.9 ms on PGlite per visit, the counter 0.3 ms (README, Benchmarks, twelfth
 * round). The key holds the caller's scope and the whole filter, so no caller sees another's rows.
 * The rows are shared: the page must not change them.
 */
export async function listInstitutionsForPage(db: Executor, opts: { scope: InstitutionScope } & InstitutionListFilter): Promise<{ page: InstitutionListPage; groups: InstitutionGroups }> {
  const [page, groups] = await Promise.all([
    keptWhileUnchanged(db, listPages, JSON.stringify(opts), () => listInstitutions(db, opts)),
    keptWhileUnchanged(db, groupLists, JSON.stringify(opts.scope), () => listInstitutionGroups(db, opts.scope)),
  ]);
  return { page, groups };
}

const institutionRefQuery = preparedQuery((db) =>
  db.select({ id: institutions.id, vendorCode: institutions.vendorCode }).from(institutions).where(eq(institutions.id, sql.placeholder("id"))).prepare("institution_ref"),
);

/** Just enough to decide permissions: id and vendor. */
export async function getInstitutionRef(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await institutionRefQuery(db).execute({ id });
  return row ?? null;
}

/**
 * An institution with its vendor's name, its contacts (in the order of their role) and the people
 * with a role at it, the last two as JSON arrays: one round trip for the page's header.
 */
const detailSelect = (db: Executor) =>
  db
    .select({
      institution: institutions,
      vendorName: vendors.name,
      contacts: jsonArray<InstitutionContact>(sql`select json_agg(json_build_object('id', c.id, 'institutionId', c.institution_id, 'role', c.role, 'name', c.name, 'email', c.email, 'phone', c.phone) order by c.role) from ${institutionContacts} c where c.institution_id = ${institutions.id}`),
      people: jsonArray<InstitutionPerson>(sql`select json_agg(json_build_object('name', u.name, 'email', u.email, 'role', m.role) order by u.name) from ${memberships} m join ${users} u on u.id = m.user_id where m.institution_id = ${institutions.id}`),
    })
    .from(institutions)
    .leftJoin(vendors, eq(vendors.code, institutions.vendorCode));

/** For a caller who sees every institution (the programme office): built once (db/prepared-query.ts). */
const detailOfAnyQuery = preparedQuery((db) => detailSelect(db).where(eq(institutions.id, sql.placeholder("id"))).prepare("institution_detail"));

export async function getInstitutionDetail(db: Executor, opts: { id: string; scope: InstitutionScope }) {
  const [row] = await (opts.scope.kind === "all" ? detailOfAnyQuery(db).execute({ id: opts.id }) : detailSelect(db).where(and(eq(institutions.id, opts.id), institutionScopeWhere(opts.scope))));
  if (!row) return null;
  return { ...row.institution, vendorName: row.vendorName, contacts: row.contacts, people: row.people };
}

type InstitutionContact = typeof institutionContacts.$inferSelect;
type InstitutionPerson = { name: string; email: string; role: (typeof memberships.$inferSelect)["role"] };

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

/** The groups/covenants of the institutions in scope, with how many each (the register's group filter). */
export async function listInstitutionGroups(db: Executor, scope: InstitutionScope) {
  const rows = await db
    .select({ name: institutions.groupName, n: count() })
    .from(institutions)
    .where(and(institutionScopeWhere(scope), sql`${institutions.groupName} is not null`))
    .groupBy(institutions.groupName)
    .orderBy(asc(institutions.groupName));
  return rows.map((r) => ({ name: r.name!, n: Number(r.n) }));
}

type VendorRow = typeof vendors.$inferSelect;
/**
 * The vendors are reference data: syncReferenceData (lib/database.ts) writes them from code when
 * the database is migrated, and nothing else changes them. So they are read once per database
 * handle and kept (a transaction is a handle of its own and reads afresh); the sync forgets them.
 */
let vendorCache = new WeakMap<object, Promise<VendorRow[]>>();
export function forgetVendors() {
  vendorCache = new WeakMap();
}
export async function listVendors(db: Executor): Promise<VendorRow[]> {
  let rows = vendorCache.get(db);
  if (!rows) {
    // A drizzle query runs again on every then(): one real promise, shared.
    rows = (async () => db.select().from(vendors).orderBy(asc(vendors.name)))();
    vendorCache.set(db, rows);
    // A failed read is not kept: the next call asks again.
    rows.catch(() => vendorCache.delete(db));
  }
  // A copy per caller, so no page can change what the next one gets.
  return (await rows).map((v) => ({ ...v }));
}

/** Id, name and URA of the institutions within `scope` (all when not given), for a form's options. */
export async function listInstitutionOptions(db: Executor, scope: InstitutionScope = { kind: "all" }) {
  return db.select({ id: institutions.id, name: institutions.name, ura: institutions.ura }).from(institutions).where(institutionScopeWhere(scope)).orderBy(asc(institutions.name));
}

/** Which of these URA numbers are already in the register (the import preview: update or create). */
export async function existingUras(db: Executor, uras: readonly string[]): Promise<Set<string>> {
  if (!uras.length) return new Set();
  const rows = await db.select({ ura: institutions.ura }).from(institutions).where(inArray(institutions.ura, [...uras]));
  return new Set(rows.map((r) => r.ura));
}

/** The contacts of these institutions (the caller has already limited the ids to its scope). */
export async function listContactsOf(db: Executor, institutionIds: readonly string[]) {
  if (!institutionIds.length) return [];
  return db.select().from(institutionContacts).where(inArray(institutionContacts.institutionId, [...institutionIds]));
}
