/**
 * Version labels and the acknowledgement state of a reader. Pure: no I/O.
 * Labels are "major.minor" and compare numerically ("1.10" is newer than "1.9").
 */
import { DOCUMENT_TYPE_IDS, type DocumentType } from "@/lib/pdf/types";
import type { Message } from "@/lib/validation/messages";

export const VERSION_LABEL = /^(\d{1,3})\.(\d{1,3})$/;

export function isVersionLabel(v: unknown): v is string {
  return typeof v === "string" && VERSION_LABEL.test(v);
}

export function compareVersionLabels(a: string, b: string): number {
  const pa = VERSION_LABEL.exec(a);
  const pb = VERSION_LABEL.exec(b);
  if (!pa || !pb) return a.localeCompare(b);
  return Number(pa[1]) - Number(pb[1]) || Number(pa[2]) - Number(pb[2]);
}

/** The next minor version after the highest existing label, "1.0" for the first. */
export function suggestNextVersion(labels: readonly string[]): string {
  const valid = labels.filter(isVersionLabel).sort(compareVersionLabels);
  const top = valid.at(-1);
  if (!top) return "1.0";
  const [, major, minor] = VERSION_LABEL.exec(top)!;
  return `${major}.${Number(minor) + 1}`;
}

export type VersionRef = {
  id: string;
  documentType: string;
  versionLabel: string;
  status: "draft" | "published";
  changeNote: string;
  publishedAt: Date | null;
};

/** Published versions of one type, newest first. */
export function publishedNewestFirst<T extends VersionRef>(versions: readonly T[]): T[] {
  return versions.filter((v) => v.status === "published").sort((a, b) => compareVersionLabels(b.versionLabel, a.versionLabel));
}

/** The current (newest published) version of every document type that has one. */
export function currentVersions<T extends VersionRef>(versions: readonly T[]): Map<DocumentType, T> {
  const out = new Map<DocumentType, T>();
  for (const type of DOCUMENT_TYPE_IDS) {
    const newest = publishedNewestFirst(versions.filter((v) => v.documentType === type))[0];
    if (newest) out.set(type, newest);
  }
  return out;
}

/** Why a new version label is refused, as a message key with values (`toolkit.errors.*`); null when it is fine. */
export function checkNewVersionLabel(label: string, existing: readonly string[]): Message | null {
  if (!isVersionLabel(label)) return { key: "toolkit.errors.version_invalid", params: { version: label } };
  if (existing.includes(label)) return { key: "toolkit.errors.version_exists", params: { version: label } };
  const top = [...existing].filter(isVersionLabel).sort(compareVersionLabels).at(-1);
  if (top && compareVersionLabels(label, top) <= 0) return { key: "toolkit.errors.version_not_higher", params: { top } };
  return null;
}

export type AckState =
  /** The reader confirmed the current version. */
  | { kind: "current"; acknowledgedLabel: string; acknowledgedAt: Date }
  /** The reader confirmed an older version: asked again, with the change notes since. */
  | { kind: "outdated"; acknowledgedLabel: string; acknowledgedAt: Date; changes: { label: string; note: string }[] }
  | { kind: "never" };

/**
 * Where a reader stands for one document: `published` are the document's published versions,
 * `acknowledged` the version ids the reader confirmed (with when).
 */
export function acknowledgementState<T extends VersionRef>(
  published: readonly T[],
  acknowledged: readonly { templateId: string; at: Date }[],
): AckState {
  const newest = publishedNewestFirst(published);
  if (newest.length === 0) return { kind: "never" };
  const byId = new Map(acknowledged.map((a) => [a.templateId, a.at]));
  const idx = newest.findIndex((v) => byId.has(v.id));
  if (idx === -1) return { kind: "never" };
  const acked = newest[idx];
  const at = byId.get(acked.id)!;
  if (idx === 0) return { kind: "current", acknowledgedLabel: acked.versionLabel, acknowledgedAt: at };
  return {
    kind: "outdated",
    acknowledgedLabel: acked.versionLabel,
    acknowledgedAt: at,
    // Oldest first: the reader catches up in the order the changes were made.
    changes: newest.slice(0, idx).reverse().map((v) => ({ label: v.versionLabel, note: v.changeNote })),
  };
}
