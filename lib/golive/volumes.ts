/**
 * Monthly exchange volumes reported by vendors (issue 17 §2): a CSV upload or
 * `POST /api/v1/exchange-volumes`. All or nothing: every row is checked first (per-row errors as
 * codes with the row's line, texts in "golive.volumes.e.*"); only a clean set is stored, in one
 * transaction with one audit event. Idempotent: a row for the same institution × month ×
 * direction × counterpart replaces the figures reported before.
 */
import { parse } from "csv-parse/sync";
import { inArray, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { exchangeVolumes, institutions } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { Actor } from "@/lib/auth/policy";
import { amsterdamMonthOf, isMonth } from "@/lib/domain/availability";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { AppError } from "@/lib/errors";
import { detectSeparator } from "@/lib/institutions/csv";

export const VOLUME_ERROR_CODES = ["ura_unknown", "ura_invalid", "ura_scope", "month_invalid", "direction_invalid", "counterpart_invalid", "count_invalid", "duplicate"] as const;
export type VolumeErrorCode = (typeof VOLUME_ERROR_CODES)[number];
export type VolumeRowError = { line: number; code: VolumeErrorCode; params: Record<string, string | number> };
/** A row as it arrives (CSV cells or JSON values); `line` is the CSV line or the 1-based item number. */
export type VolumeInput = { line: number; ura?: unknown; institutionId?: unknown; month: unknown; direction: unknown; counterpart: unknown; documents: unknown; studies: unknown };
export type VolumeRow = { institutionId: string; vendorCode: string; month: string; direction: "in" | "out"; counterpart: string; documents: number; studies: number };

export const MAX_VOLUME_ROWS = 5000;

/** The refusal of a whole report: the per-row errors (or a file-level message key). */
export class VolumeRefusal extends AppError {
  constructor(
    public readonly rowErrors: readonly VolumeRowError[],
    fileKey?: { key: string; params?: Record<string, string | number> },
  ) {
    super("validation", fileKey?.key ?? "golive.volumes.errors_title", undefined, fileKey?.params);
    this.name = "VolumeRefusal";
  }
}

const HEADERS: Record<string, keyof Omit<VolumeInput, "line" | "institutionId">> = {
  ura: "ura",
  maand: "month",
  month: "month",
  richting: "direction",
  direction: "direction",
  infrastructuur: "counterpart",
  infrastructure: "counterpart",
  counterpart: "counterpart",
  documenten: "documents",
  documents: "documents",
  onderzoeken: "studies",
  studies: "studies",
};
const REQUIRED = ["ura", "month", "direction", "counterpart", "documents", "studies"] as const;
const HEADER_NAMES_NL: Record<(typeof REQUIRED)[number], string> = { ura: "ura", month: "maand", direction: "richting", counterpart: "infrastructuur", documents: "documenten", studies: "onderzoeken" };

/** Reads a volumes CSV (`;` or `,`, UTF-8 with or without BOM) into rows with their line numbers. */
export function parseVolumesCsv(bytes: Uint8Array): VolumeInput[] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new VolumeRefusal([], { key: "csv_import.invalid_encoding" });
  }
  if (text.trim() === "") throw new VolumeRefusal([], { key: "csv_import.empty" });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: detectSeparator(text), info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch {
    throw new VolumeRefusal([], { key: "csv_import.unreadable" });
  }
  const [header, ...data] = records;
  const columns = header.record.map((h) => HEADERS[h.trim().toLowerCase()] ?? null);
  for (const f of REQUIRED) if (!columns.includes(f)) throw new VolumeRefusal([], { key: "golive.volumes.missing_column", params: { name: HEADER_NAMES_NL[f] } });
  if (data.length > MAX_VOLUME_ROWS) throw new VolumeRefusal([], { key: "golive.volumes.too_many_rows", params: { max: MAX_VOLUME_ROWS } });
  return data.map((r) => {
    const row: Record<string, unknown> = { line: r.info.lines };
    columns.forEach((c, i) => {
      if (c) row[c] = r.record[i] ?? "";
    });
    return row as VolumeInput;
  });
}

const DIRECTIONS: Record<string, "in" | "out"> = { in: "in", out: "out", uit: "out" };

function count(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 1_000_000_000 ? n : null;
}

/**
 * Checks every row against the register and the reporter's scope (`vendorCodes` null: any
 * institution). Pure apart from the lookup maps it is given.
 */
export function validateVolumes(
  inputs: readonly VolumeInput[],
  opts: { byUra: Map<string, { id: string; vendorCode: string | null }>; byId: Map<string, { id: string; ura: string; vendorCode: string | null }>; vendorCodes: readonly string[] | null; currentMonth: string },
): { rows: VolumeRow[]; errors: VolumeRowError[] } {
  const rows: VolumeRow[] = [];
  const errors: VolumeRowError[] = [];
  const seen = new Map<string, number>();
  for (const r of inputs) {
    const err = (code: VolumeErrorCode, params: Record<string, string | number> = {}) => errors.push({ line: r.line, code, params });
    const before = errors.length;
    let inst: { id: string; vendorCode: string | null; ura: string } | undefined;
    if (typeof r.institutionId === "string" && r.institutionId !== "") {
      inst = opts.byId.get(r.institutionId);
      if (!inst) err("ura_unknown", { ura: r.institutionId });
    } else {
      const ura = typeof r.ura === "string" ? r.ura.trim() : typeof r.ura === "number" ? String(r.ura) : "";
      if (!/^\d{8}$/.test(ura)) err("ura_invalid");
      else {
        const found = opts.byUra.get(ura);
        if (!found) err("ura_unknown", { ura });
        else inst = { ...found, ura };
      }
    }
    if (inst && opts.vendorCodes && !(inst.vendorCode && opts.vendorCodes.includes(inst.vendorCode))) err("ura_scope", { ura: inst.ura });
    const month = typeof r.month === "string" ? r.month.trim() : "";
    if (!isMonth(month) || month > opts.currentMonth) err("month_invalid");
    const direction = typeof r.direction === "string" ? DIRECTIONS[r.direction.trim().toLowerCase()] : undefined;
    if (!direction) err("direction_invalid");
    const counterpart = typeof r.counterpart === "string" ? r.counterpart.trim().toLowerCase() : "";
    if (!(VENDOR_CODES as readonly string[]).includes(counterpart)) err("counterpart_invalid");
    const documents = count(r.documents);
    if (documents === null) err("count_invalid", { field: "documenten" });
    const studies = count(r.studies);
    if (studies === null) err("count_invalid", { field: "onderzoeken" });
    if (errors.length > before || !inst || !direction) continue;
    const key = `${inst.id}|${month}|${direction}|${counterpart}`;
    if (seen.has(key)) {
      err("duplicate", { line: seen.get(key)! });
      continue;
    }
    seen.set(key, r.line);
    rows.push({ institutionId: inst.id, vendorCode: inst.vendorCode!, month, direction, counterpart, documents: documents!, studies: studies! });
  }
  return { rows, errors };
}

/**
 * Looks the rows' institutions up and checks every row (no write): what the upload preview shows
 * and what `reportExchangeVolumes` stores. One lookup query, whatever the number of rows.
 */
export async function checkExchangeVolumes(db: Executor, opts: { inputs: readonly VolumeInput[]; vendorCodes: readonly string[] | null; now: Date }) {
  if (opts.inputs.length === 0) throw new VolumeRefusal([], { key: "csv_import.empty" });
  if (opts.inputs.length > MAX_VOLUME_ROWS) throw new VolumeRefusal([], { key: "golive.volumes.too_many_rows", params: { max: MAX_VOLUME_ROWS } });
  const uras = [...new Set(opts.inputs.flatMap((r) => (typeof r.ura === "string" ? [r.ura.trim()] : typeof r.ura === "number" ? [String(r.ura)] : [])))].filter((u) => /^\d{8}$/.test(u));
  const ids = [...new Set(opts.inputs.flatMap((r) => (typeof r.institutionId === "string" && /^[0-9a-f-]{36}$/i.test(r.institutionId) ? [r.institutionId] : [])))];
  const found = uras.length || ids.length
    ? await db
        .select({ id: institutions.id, ura: institutions.ura, name: institutions.name, vendorCode: institutions.vendorCode })
        .from(institutions)
        .where(sql`${uras.length ? inArray(institutions.ura, uras) : sql`false`} or ${ids.length ? inArray(institutions.id, ids) : sql`false`}`)
    : [];
  const { rows, errors } = validateVolumes(opts.inputs, {
    byUra: new Map(found.map((f) => [f.ura, f])),
    byId: new Map(found.map((f) => [f.id, f])),
    vendorCodes: opts.vendorCodes,
    currentMonth: amsterdamMonthOf(opts.now),
  });
  const byId = new Map(found.map((f) => [f.id, f]));
  return { rows, errors, byId };
}

/** Stores a report all or nothing; throws a VolumeRefusal with every row's errors. */
export async function reportExchangeVolumes(db: Db, opts: { inputs: readonly VolumeInput[]; vendorCodes: readonly string[] | null; actor: AuditActor; now: Date; source: "csv" | "api" }) {
  return db.transaction(async (tx) => {
    const { rows, errors } = await checkExchangeVolumes(tx, opts);
    if (errors.length) throw new VolumeRefusal(errors);
    const saved = await tx
      .insert(exchangeVolumes)
      .values(rows.map((r) => ({ ...r, reportedBy: opts.actor.label, reportedAt: opts.now })))
      .onConflictDoUpdate({
        target: [exchangeVolumes.institutionId, exchangeVolumes.month, exchangeVolumes.direction, exchangeVolumes.counterpart],
        set: { documents: sql`excluded.documents`, studies: sql`excluded.studies`, vendorCode: sql`excluded.vendor_code`, reportedBy: sql`excluded.reported_by`, reportedAt: sql`excluded.reported_at` },
      })
      .returning({ id: exchangeVolumes.id });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "exchange_volume.report",
      entityType: "exchange_volume",
      after: { source: opts.source, rows: rows.length, months: [...new Set(rows.map((r) => r.month))].sort(), institutions: new Set(rows.map((r) => r.institutionId)).size },
    });
    return { saved: saved.length, rows };
  });
}

/** The vendors whose institutions `actor` may report volumes for (null: the whole programme). */
export function volumeVendorScope(actor: Actor): string[] | null {
  if (actor.memberships.some((m) => m.role === "programme_admin")) return null;
  return [...new Set(actor.memberships.flatMap((m) => (m.role === "vendor_editor" && m.vendorCode ? [m.vendorCode] : [])))];
}
