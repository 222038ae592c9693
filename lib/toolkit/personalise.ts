/**
 * The portal's data about one institution in the shape lib/pdf takes: institution, contacts,
 * registered endpoints (entered-in-error ones left out) and the current onboarding state from
 * computeReadiness (step titles and the phase in Dutch: the documents' body text is Dutch).
 * `loadToolkitData` reads; the rest is pure.
 */
import { and, asc, eq, ne } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { endpoints, institutionContacts, institutions, vendors } from "@/db/schema";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { phaseLabel, stepTitle } from "@/lib/domain/onboarding-texts";
import { computeReadiness } from "@/lib/domain/readiness";
import { resolveCatalogue } from "@/lib/domain/steps";
import { loadStepStatuses, vendorOf } from "@/lib/onboarding/store";
import { formatDate, formatDateTime } from "@/lib/pdf/format";
import type { ToolkitOptions, VersionInfo } from "@/lib/pdf/types";

/** Everything of ToolkitOptions that comes from the database. */
export type ToolkitData = Pick<ToolkitOptions, "institution" | "endpoints" | "onboarding"> & { institutionId: string; vendorCode: string | null };

const CONTACT_ORDER = ["project_lead", "ciso", "fg", "technical"];

export async function loadToolkitData(db: Executor, opts: { institutionId: string; now: Date }): Promise<ToolkitData | null> {
  const [inst] = await db
    .select({ institution: institutions, vendorName: vendors.name })
    .from(institutions)
    .leftJoin(vendors, eq(vendors.code, institutions.vendorCode))
    .where(eq(institutions.id, opts.institutionId));
  if (!inst) return null;
  const [contacts, eps, statuses] = await Promise.all([
    db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, opts.institutionId)),
    db
      .select()
      .from(endpoints)
      .where(and(eq(endpoints.institutionId, opts.institutionId), ne(endpoints.status, "entered-in-error")))
      .orderBy(asc(endpoints.environment), asc(endpoints.transaction)),
    loadStepStatuses(db, opts.institutionId),
  ]);
  const vendor = vendorOf(inst.institution.vendorCode);
  const readiness = computeReadiness({ vendor, steps: statuses, today: toAmsterdamDate(opts.now) });
  const steps = resolveCatalogue({ vendor })
    .filter((r) => r.applies)
    .map((r) => ({ title: stepTitle(r.step.code, "nl"), state: statuses[r.step.code]?.state ?? "open", date: statuses[r.step.code]?.completedOn ?? null }));
  const i = inst.institution;
  return {
    institutionId: i.id,
    vendorCode: i.vendorCode,
    institution: {
      name: i.name,
      ura: i.ura,
      agb: i.agb,
      kvk: i.kvk,
      city: i.city,
      province: i.province,
      vendor: inst.vendorName ?? null,
      contacts: [...contacts]
        .sort((a, b) => CONTACT_ORDER.indexOf(a.role) - CONTACT_ORDER.indexOf(b.role))
        .map((c) => ({ role: c.role, name: c.name, email: c.email, phone: c.phone })),
    },
    endpoints: eps.map((e) => ({
      environment: e.environment,
      transaction: e.transaction.toUpperCase(),
      url: e.url,
      homeCommunityId: e.homeCommunityId,
      status: e.status,
    })),
    onboarding: { readinessPercent: readiness.percent, phaseLabel: phaseLabel(readiness.phase, "nl"), steps },
  };
}

/**
 * The values an uploaded template's AcroForm fields may ask for, by field name. Documented on
 * the admin templates page; unknown field names are left empty.
 */
export function acroFormValues(opts: Pick<ToolkitOptions, "institution" | "onboarding" | "generatedAt">, version: VersionInfo, documentTitle: string): Record<string, string> {
  const i = opts.institution;
  const out: Record<string, string> = {
    "institution.name": i.name,
    "institution.ura": i.ura,
    "institution.agb": i.agb ?? "",
    "institution.kvk": i.kvk ?? "",
    "institution.city": i.city ?? "",
    "institution.province": i.province ?? "",
    "institution.vendor": i.vendor ?? "",
    "document.title": documentTitle,
    "document.version": version.label,
    "document.published_on": formatDate(version.publishedOn),
    "document.change_note": version.changeNote,
    "document.generated_at": formatDateTime(opts.generatedAt),
    "onboarding.readiness": `${Math.round(opts.onboarding.readinessPercent)} %`,
    "onboarding.phase": opts.onboarding.phaseLabel,
  };
  for (const role of CONTACT_ORDER) {
    const c = i.contacts.find((x) => x.role === role);
    out[`contact.${role}.name`] = c?.name ?? "";
    out[`contact.${role}.email`] = c?.email ?? "";
    out[`contact.${role}.phone`] = c?.phone ?? "";
  }
  return out;
}

/** The field names acroFormValues fills, for the admin page. */
export const ACRO_FIELD_NAMES = Object.keys(
  acroFormValues(
    { institution: { name: "", ura: "", vendor: null, contacts: [] }, onboarding: { readinessPercent: 0, phaseLabel: "", steps: [] }, generatedAt: new Date(0) },
    { label: "", publishedOn: "2026-01-01", changeNote: "" },
    "",
  ),
);

/** Fictional data for previews of a version before it is published. */
export function sampleToolkitData(): ToolkitData {
  return {
    institutionId: "00000000-0000-0000-0000-000000000000",
    vendorCode: "founda",
    institution: {
      name: "Voorbeeldziekenhuis Øverland-Łęczyca (voorbeeld)",
      ura: "00000000",
      agb: "06000000",
      kvk: "00000000",
      city: "Voorbeeldstad",
      province: "Utrecht",
      vendor: "Founda Health",
      contacts: [
        { role: "project_lead", name: "Émile Voorbeeld", email: "projectleider@voorbeeld.example", phone: "030 000 0000" },
        { role: "ciso", name: "Søren Voorbeeld", email: "ciso@voorbeeld.example" },
        { role: "fg", name: "Zoë Voorbeeld", email: "fg@voorbeeld.example" },
      ],
    },
    endpoints: [
      { environment: "acceptance", transaction: "ITI-38", url: "https://acc-voorbeeld.xdscloud.example/xca/iti38", homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.999.2", status: "active" },
    ],
    onboarding: { readinessPercent: 40, phaseLabel: "Aansluiting op Mitz", steps: [{ title: "Leverancier gekozen", state: "verified", date: "2026-03-01" }] },
  };
}
