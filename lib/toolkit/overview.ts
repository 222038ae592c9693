/**
 * The programme office's overview: per institution and document, whether its CISO and its FG
 * downloaded and acknowledged the CURRENT version. Pure: the caller loads the rows.
 *
 * Who counts as CISO or FG: an acknowledgement names its capacity; a download counts for the
 * capacity recorded with it, else for the capacity the same person acknowledged in for this
 * institution, else for the contact role whose e-mail address is the downloader's.
 */
import type { DocumentType } from "@/lib/pdf/types";

export const CAPACITIES = ["ciso", "fg"] as const;
export type Capacity = (typeof CAPACITIES)[number];

export function isCapacity(v: unknown): v is Capacity {
  return v === "ciso" || v === "fg";
}

export type OverviewInstitution = { id: string; name: string; ura: string; contacts: { role: string; email: string }[] };
export type OverviewVersion = { id: string; versionLabel: string };
export type OverviewDownload = { institutionId: string; templateId: string; userEmail: string; capacity: string | null; at: Date };
export type OverviewAck = { institutionId: string; templateId: string; userEmail: string; capacity: string; at: Date };

export type CapacityStatus = { downloadedAt: Date | null; acknowledgedAt: Date | null };
export type DocumentStatus = { versionLabel: string; ciso: CapacityStatus; fg: CapacityStatus; complete: boolean };
export type OverviewRow = { institution: OverviewInstitution; documents: Partial<Record<DocumentType, DocumentStatus>>; complete: boolean };

const lower = (s: string) => s.trim().toLowerCase();

/** The capacity a person has at an institution from its contact list, if any. */
export function contactCapacity(contacts: readonly { role: string; email: string }[], email: string): Capacity | null {
  const hit = contacts.find((c) => isCapacity(c.role) && lower(c.email) === lower(email));
  return hit ? (hit.role as Capacity) : null;
}

const later = (a: Date | null, b: Date) => (a && a >= b ? a : b);

export function buildToolkitOverview(opts: {
  institutions: readonly OverviewInstitution[];
  current: ReadonlyMap<DocumentType, OverviewVersion>;
  downloads: readonly OverviewDownload[];
  acknowledgements: readonly OverviewAck[];
  /** Only these documents (default: every document with a current version). */
  documentTypes?: readonly DocumentType[];
}): OverviewRow[] {
  const types = (opts.documentTypes ?? [...opts.current.keys()]).filter((t) => opts.current.has(t));
  const currentIds = new Set([...opts.current.values()].map((v) => v.id));
  const key = (inst: string, tpl: string) => `${inst}|${tpl}`;

  // Latest capacity each person acknowledged in, per institution (any version).
  const ackCapacity = new Map<string, { capacity: Capacity; at: Date }>();
  for (const a of opts.acknowledgements) {
    if (!isCapacity(a.capacity)) continue;
    const k = `${a.institutionId}|${lower(a.userEmail)}`;
    const prev = ackCapacity.get(k);
    if (!prev || prev.at <= a.at) ackCapacity.set(k, { capacity: a.capacity, at: a.at });
  }
  const contactsById = new Map(opts.institutions.map((i) => [i.id, i.contacts]));

  const downloaded = new Map<string, Partial<Record<Capacity, Date>>>();
  for (const d of opts.downloads) {
    if (!currentIds.has(d.templateId)) continue;
    const capacity: Capacity | null = isCapacity(d.capacity)
      ? d.capacity
      : (ackCapacity.get(`${d.institutionId}|${lower(d.userEmail)}`)?.capacity ?? contactCapacity(contactsById.get(d.institutionId) ?? [], d.userEmail));
    if (!capacity) continue;
    const entry = downloaded.get(key(d.institutionId, d.templateId)) ?? {};
    entry[capacity] = later(entry[capacity] ?? null, d.at);
    downloaded.set(key(d.institutionId, d.templateId), entry);
  }
  const acknowledged = new Map<string, Partial<Record<Capacity, Date>>>();
  for (const a of opts.acknowledgements) {
    if (!currentIds.has(a.templateId) || !isCapacity(a.capacity)) continue;
    const entry = acknowledged.get(key(a.institutionId, a.templateId)) ?? {};
    entry[a.capacity] = later(entry[a.capacity] ?? null, a.at);
    acknowledged.set(key(a.institutionId, a.templateId), entry);
  }

  return opts.institutions.map((institution) => {
    const documents: OverviewRow["documents"] = {};
    let complete = true;
    for (const type of types) {
      const v = opts.current.get(type)!;
      const dl = downloaded.get(key(institution.id, v.id)) ?? {};
      const ack = acknowledged.get(key(institution.id, v.id)) ?? {};
      const status = (c: Capacity): CapacityStatus => ({ downloadedAt: dl[c] ?? null, acknowledgedAt: ack[c] ?? null });
      const ciso = status("ciso");
      const fg = status("fg");
      const docComplete = Boolean(ciso.downloadedAt && ciso.acknowledgedAt && fg.downloadedAt && fg.acknowledgedAt);
      documents[type] = { versionLabel: v.versionLabel, ciso, fg, complete: docComplete };
      complete &&= docComplete;
    }
    return { institution, documents, complete };
  });
}
