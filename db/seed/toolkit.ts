/**
 * The demo toolkit: version 1.0 of every document (generated layouts, published 01-09-2026)
 * and a 1.1 of the DPIA guide with a change note, so the "asked again" flow shows; plus
 * downloads and acknowledgements by the CISOs and FGs (the institutions' contacts) of about a
 * third of the institutions, so the programme overview is believable. Only runs when there
 * is no template yet, so a second run changes nothing.
 */
import { asc, count, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { documentAcknowledgements, documentDownloads, documentTemplates, institutionContacts, institutions } from "@/db/schema";
import { DOCUMENT_TYPE_IDS, type DocumentType } from "@/lib/pdf/types";

export const DEMO_TOOLKIT_V1_AT = new Date("2026-09-01T08:00:00Z");
export const DEMO_TOOLKIT_V11_AT = new Date("2026-11-02T08:00:00Z");
export const DEMO_TOOLKIT_UPDATED: DocumentType = "dpia_guide";
export const DEMO_TOOLKIT_V11_NOTE =
  "Paragraaf over toestemming via Mitz uitgebreid (opt-in per zorgaanbiedercategorie) en de bewaartermijn van de toegangslogging (NEN 7513) verduidelijkt.";

const V1_NOTES: Record<DocumentType, string> = {
  agreement: "Eerste versie van de deelnameovereenkomst, afgestemd met de leveranciers en de Twiin-deelnemersovereenkomst.",
  dpia_guide: "Eerste versie van de DPIA-handreiking voor DUO.",
  architecture: "Eerste versie: XCA-I via NTA v1.1, Mitz voor toestemming en lokalisatie.",
  implementation_plan: "Eerste versie van het implementatieplan met mijlpalen tot 31-12-2026.",
  intake_form: "Eerste versie van het invulbare intakeformulier.",
  handout_management: "Eerste versie.",
  handout_ciso_fg: "Eerste versie.",
  handout_radiologists: "Eerste versie.",
  handout_patients: "Eerste versie, getoetst door het patiëntenpanel.",
};

const DAY = 86_400_000;
const at = (base: Date, days: number, hour = 9) => new Date(base.getTime() + days * DAY + (hour - 8) * 3_600_000);

export async function seedDemoToolkit(
  tx: Tx,
  opts: { adminUserId: string; homeInstitutionId: string | null; ciso: { userId: string; email: string; name: string } | null },
): Promise<number> {
  const [{ n }] = await tx.select({ n: count() }).from(documentTemplates);
  if (Number(n) > 0) return 0;

  const v1 = await tx
    .insert(documentTemplates)
    .values(
      DOCUMENT_TYPE_IDS.map((type) => ({
        documentType: type,
        versionLabel: "1.0",
        source: "generated" as const,
        status: "published" as const,
        changeNote: V1_NOTES[type],
        createdBy: opts.adminUserId,
        createdAt: at(DEMO_TOOLKIT_V1_AT, -3),
        publishedBy: opts.adminUserId,
        publishedAt: DEMO_TOOLKIT_V1_AT,
      })),
    )
    .returning({ id: documentTemplates.id, documentType: documentTemplates.documentType, versionLabel: documentTemplates.versionLabel });
  const [v11] = await tx
    .insert(documentTemplates)
    .values({
      documentType: DEMO_TOOLKIT_UPDATED,
      versionLabel: "1.1",
      source: "generated",
      status: "published",
      changeNote: DEMO_TOOLKIT_V11_NOTE,
      createdBy: opts.adminUserId,
      createdAt: at(DEMO_TOOLKIT_V11_AT, -2),
      publishedBy: opts.adminUserId,
      publishedAt: DEMO_TOOLKIT_V11_AT,
    })
    .returning({ id: documentTemplates.id, documentType: documentTemplates.documentType, versionLabel: documentTemplates.versionLabel });

  const insts = await tx.select({ id: institutions.id, ura: institutions.ura }).from(institutions).orderBy(asc(institutions.ura));
  const contacts = insts.length
    ? await tx.select().from(institutionContacts).where(inArray(institutionContacts.institutionId, insts.map((i) => i.id)))
    : [];
  type Dl = typeof documentDownloads.$inferInsert;
  type Ack = typeof documentAcknowledgements.$inferInsert;
  const downloads: Dl[] = [];
  const acks: Ack[] = [];
  const person = (p: { email: string; name: string; userId?: string | null }) => ({ userId: p.userId ?? null, userEmail: p.email, userName: p.name });

  insts.forEach((inst, i) => {
    if (inst.id === opts.homeInstitutionId) return;
    const ciso = contacts.find((c) => c.institutionId === inst.id && c.role === "ciso");
    const fg = contacts.find((c) => c.institutionId === inst.id && c.role === "fg");
    const day = 4 + (i % 40);
    if (ciso && i % 3 === 0) {
      for (const t of v1) downloads.push({ institutionId: inst.id, templateId: t.id, documentType: t.documentType, versionLabel: t.versionLabel, via: "pack", ...person(ciso), role: "security_officer", capacity: "ciso", at: at(DEMO_TOOLKIT_V1_AT, day) });
      if (i % 6 === 0) {
        for (const t of v1) acks.push({ institutionId: inst.id, templateId: t.id, documentType: t.documentType, versionLabel: t.versionLabel, ...person(ciso), capacity: "ciso", at: at(DEMO_TOOLKIT_V1_AT, day + 2, 14) });
      }
      if (i % 12 === 0) {
        downloads.push({ institutionId: inst.id, templateId: v11.id, documentType: v11.documentType, versionLabel: v11.versionLabel, via: "document", ...person(ciso), role: "security_officer", capacity: "ciso", at: at(DEMO_TOOLKIT_V11_AT, 1 + (i % 15)) });
        acks.push({ institutionId: inst.id, templateId: v11.id, documentType: v11.documentType, versionLabel: v11.versionLabel, ...person(ciso), capacity: "ciso", at: at(DEMO_TOOLKIT_V11_AT, 2 + (i % 15), 15) });
      }
    }
    if (fg && i % 4 === 0) {
      for (const t of v1) downloads.push({ institutionId: inst.id, templateId: t.id, documentType: t.documentType, versionLabel: t.versionLabel, via: "pack", ...person(fg), role: "security_officer", capacity: "fg", at: at(DEMO_TOOLKIT_V1_AT, day + 1, 11) });
      if (i % 12 === 0) {
        for (const t of v1) acks.push({ institutionId: inst.id, templateId: t.id, documentType: t.documentType, versionLabel: t.versionLabel, ...person(fg), capacity: "fg", at: at(DEMO_TOOLKIT_V1_AT, day + 5, 10) });
        downloads.push({ institutionId: inst.id, templateId: v11.id, documentType: v11.documentType, versionLabel: v11.versionLabel, via: "document", ...person(fg), role: "security_officer", capacity: "fg", at: at(DEMO_TOOLKIT_V11_AT, 3 + (i % 10)) });
        acks.push({ institutionId: inst.id, templateId: v11.id, documentType: v11.documentType, versionLabel: v11.versionLabel, ...person(fg), capacity: "fg", at: at(DEMO_TOOLKIT_V11_AT, 4 + (i % 10), 16) });
      }
    }
  });

  // The demo CISO read the DPIA guide 1.0 before 1.1 came out: the portal asks again.
  if (opts.ciso && opts.homeInstitutionId) {
    const dpia10 = v1.find((t) => t.documentType === DEMO_TOOLKIT_UPDATED)!;
    const handout = v1.find((t) => t.documentType === "handout_ciso_fg")!;
    downloads.push({ institutionId: opts.homeInstitutionId, templateId: dpia10.id, documentType: dpia10.documentType, versionLabel: "1.0", via: "document", ...person(opts.ciso), role: "security_officer", capacity: "ciso", at: at(DEMO_TOOLKIT_V1_AT, 20) });
    downloads.push({ institutionId: opts.homeInstitutionId, templateId: handout.id, documentType: handout.documentType, versionLabel: "1.0", via: "document", ...person(opts.ciso), role: "security_officer", capacity: "ciso", at: at(DEMO_TOOLKIT_V1_AT, 20) });
    for (const t of [dpia10, handout]) {
      acks.push({ institutionId: opts.homeInstitutionId, templateId: t.id, documentType: t.documentType, versionLabel: "1.0", ...person(opts.ciso), capacity: "ciso", at: at(DEMO_TOOLKIT_V1_AT, 21, 10) });
    }
  }

  for (let k = 0; k < downloads.length; k += 500) await tx.insert(documentDownloads).values(downloads.slice(k, k + 500));
  for (let k = 0; k < acks.length; k += 500) await tx.insert(documentAcknowledgements).values(acks.slice(k, k + 500));
  return v1.length + 1;
}
