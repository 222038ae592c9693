import { getDb } from "@/db/client";
import { listContactsOf, listInstitutions } from "@/lib/institutions/queries";
import { institutionScope } from "@/lib/auth/policy";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { phaseLabel, preconditionLabel } from "@/lib/domain/onboarding-texts";
import { isPhaseCode } from "@/lib/domain/readiness";
import { PRECONDITION_CODES, type PreconditionCode } from "@/lib/domain/steps";
import { toSafeCsv } from "@/lib/csv";
import { INFORMATIONAL_HEADERS, INSTITUTION_CSV_HEADERS, institutionCsvCells } from "@/lib/institutions/csv";
import { parseInstitutionFilter } from "@/lib/institutions/filters";
import type { InstitutionKind, ProvinceCode, VendorCode } from "@/lib/validation/identifiers";

/**
 * The register as shown (same filters and order, every page) in the import format plus
 * informational columns, so an export can be edited and imported again. Dutch, like the import
 * format: phase and blocking precondition in the words of the nl messages.
 */
export const GET = withRoute({ permission: "institution.list" }, async ({ req, actor }) => {
  const filter = parseInstitutionFilter(new URL(req.url).searchParams);
  const db = getDb();
  const { rows } = await listInstitutions(db, { scope: institutionScope(actor, "institution.list"), ...filter, page: 1, pageSize: 0 });
  const contacts = await listContactsOf(db, rows.map((r) => r.id));
  const body = rows.map((r) => [
    ...institutionCsvCells({
      name: r.name,
      kind: r.kind as InstitutionKind,
      ura: r.ura,
      agb: r.agb,
      kvk: r.kvk,
      city: r.city,
      province: r.province as ProvinceCode,
      vendor: r.vendorCode as VendorCode | null,
      groupName: r.groupName,
      contacts: contacts.filter((c) => c.institutionId === r.id),
    }),
    isPhaseCode(r.phase) ? phaseLabel(r.phase, "nl") : null,
    r.percent ?? 0,
    (PRECONDITION_CODES as readonly (string | null)[]).includes(r.blocking) ? preconditionLabel(r.blocking as PreconditionCode, "nl") : null,
    r.awaiting ?? 0,
  ]);
  const csv = toSafeCsv([...INSTITUTION_CSV_HEADERS, ...INFORMATIONAL_HEADERS], body);
  return csvAttachment(csv, `instellingen-${new Date().toISOString().slice(0, 10)}.csv`);
});
