/** Loads and filters the programme overview; shared by the page and the CSV export. */
import type { Executor } from "@/db/client";
import { loadCurrentTemplates, loadOverviewRows } from "@/lib/toolkit/queries";
import type { InstitutionScope } from "@/lib/auth/policy";
import { DOCUMENT_TYPES, documentTitle, isDocumentType } from "@/lib/pdf";
import type { DocumentType } from "@/lib/pdf/types";
import { buildToolkitOverview, type OverviewRow } from "./overview";

export type OverviewFilter = { doc: DocumentType | null; notYet: boolean; q: string };

export function parseOverviewFilter(sp: URLSearchParams): OverviewFilter {
  const doc = sp.get("doc");
  return { doc: isDocumentType(doc) ? doc : null, notYet: sp.get("status") === "not_yet", q: (sp.get("q") ?? "").trim().slice(0, 100) };
}

export function overviewQuery(f: OverviewFilter): string {
  const u = new URLSearchParams();
  if (f.q) u.set("q", f.q);
  if (f.doc) u.set("doc", f.doc);
  if (f.notYet) u.set("status", "not_yet");
  return u.toString();
}

export async function loadToolkitOverview(db: Executor, opts: { scope: InstitutionScope; filter: OverviewFilter }) {
  const current = await loadCurrentTemplates(db);
  const versions = new Map([...current].map(([k, v]) => [k, { id: v.id, versionLabel: v.versionLabel }]));
  const data = await loadOverviewRows(db, { scope: opts.scope, templateIds: [...versions.values()].map((v) => v.id) });
  const types = opts.filter.doc ? [opts.filter.doc] : DOCUMENT_TYPES.map((d) => d.id).filter((t) => versions.has(t));
  const all = buildToolkitOverview({ institutions: data.institutions, current: versions, downloads: data.downloads, acknowledgements: data.acknowledgements, documentTypes: types });
  const q = opts.filter.q.toLowerCase();
  const rows = all.filter((r) => (!q || r.institution.name.toLowerCase().includes(q) || r.institution.ura === q) && (!opts.filter.notYet || !r.complete));
  return { rows, total: all.length, types, versions };
}

const iso = (d: Date | null) => (d ? d.toISOString() : "");

/** One CSV row per institution and document (cells are made formula-safe by toSafeCsv). */
export function overviewCsvRows(rows: readonly OverviewRow[], types: readonly DocumentType[]) {
  const headers = ["instelling", "ura", "document", "versie", "ciso_gedownload", "ciso_bevestigd", "fg_gedownload", "fg_bevestigd", "rond"];
  const body = rows.flatMap((r) =>
    types.map((type) => {
      const d = r.documents[type]!;
      return [r.institution.name, r.institution.ura, documentTitle(type), d.versionLabel, iso(d.ciso.downloadedAt), iso(d.ciso.acknowledgedAt), iso(d.fg.downloadedAt), iso(d.fg.acknowledgedAt), d.complete ? "ja" : "nee"];
    }),
  );
  return { headers, body };
}
