/**
 * The register and the decision log as CSV (Dutch column names and words, like every download),
 * through toSafeCsv. Pure.
 */
import { toSafeCsv } from "@/lib/csv";
import { formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { translator } from "@/lib/i18n/messages";
import { VENDOR_LABELS, isVendor } from "@/lib/domain/vendors";
import type { StoredLinks } from "@/db/schema";
import type { DecisionRow, EscalationRow, linkNames } from "./queries";

type Names = Awaited<ReturnType<typeof linkNames>>;

function linkCells(l: StoredLinks, names: Names) {
  return [
    l.institutionIds.map((id) => names.institutions.get(id) ?? id).join("; "),
    l.vendorCodes.map((v) => (isVendor(v) ? VENDOR_LABELS[v].name : v)).join("; "),
    l.milestoneCodes.map((c) => names.milestones.get(c)?.nl ?? c).join("; "),
  ];
}

export function escalationsCsv(rows: readonly EscalationRow[], names: Names): string {
  const t = translator("nl");
  return toSafeCsv(
    ["nummer", "soort", "titel", "omschrijving", "eigenaar", "deadline", "niveau", "status", "instellingen", "leveranciers", "mijlpalen", "aangemaakt", "gewijzigd"],
    rows.map((r) => [
      `E-${r.number}`,
      t(`escalations.kinds.${r.kind as "issue"}`),
      r.title,
      r.description,
      r.owner,
      r.dueOn ? formatDate(r.dueOn, "nl") : "",
      t(`escalations.levels.${r.level as "programme"}`),
      t(`escalations.statuses.${r.status as "open"}`),
      ...linkCells(r.links, names),
      toAmsterdamDate(r.createdAt),
      toAmsterdamDate(r.updatedAt),
    ]),
  );
}

export function decisionsCsv(rows: readonly DecisionRow[], names: Names): string {
  const t = translator("nl");
  return toSafeCsv(
    ["nummer", "datum", "forum", "besluit", "instellingen", "leveranciers", "mijlpalen", "escalaties", "vastgelegd_door"],
    rows.map((r) => [
      `B-${r.number}`,
      formatDate(r.decidedOn, "nl"),
      t(`escalations.levels.${r.forum as "programme"}`),
      r.decision,
      ...linkCells(r.links, names),
      (r.links.escalationIds ?? []).map((id) => (names.escalations.has(id) ? `E-${names.escalations.get(id)!.number}` : id)).join("; "),
      r.createdByLabel,
    ]),
  );
}
