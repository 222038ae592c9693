/** Sample input for the PDF tests (fictional people and identifiers). */
import type { ToolkitOptions } from "@/lib/pdf/types";

export const GENERATED_AT = new Date("2026-11-22T13:05:00Z");

export function sampleOptions(overrides: Partial<ToolkitOptions> = {}): ToolkitOptions {
  return {
    version: { label: "2.1", publishedOn: "2026-11-01", changeNote: "Financieringsparagraaf bijgewerkt na het besluit van de BCVU; mijlpalen geactualiseerd." },
    institution: {
      name: "Ziekenhuis Øresund-Łódź Zuidoever",
      ura: "12345678",
      agb: "06012345",
      kvk: "41234567",
      city: "Nijmegen",
      province: "Gelderland",
      vendor: "Founda Health",
      contacts: [
        { role: "project_lead", name: "Łukasz Øster-Émile", email: "l.oster@zuidoever.example", phone: "024 123 4567" },
        { role: "ciso", name: "Anneke de Vries-Dvořák", email: "ciso@zuidoever.example", phone: null },
        { role: "fg", name: "Søren Groß", email: "fg@zuidoever.example", phone: "024 765 4321" },
        { role: "technical", name: "Zoltán Erdős", email: "ict@zuidoever.example", phone: "+31 24 111 2222" },
      ],
    },
    endpoints: [
      { environment: "acceptance", transaction: "ITI-38", url: "https://xca-acc.zuidoever.example/gateway/services/RespondingGateway_Service/iti38", homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.11.999.12345678.1", status: "active" },
      { environment: "acceptance", transaction: "ITI-39", url: "https://xca-acc.zuidoever.example/gateway/services/RespondingGateway_Service/iti39", homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.11.999.12345678.1", status: "active" },
      { environment: "production", transaction: "ITI-38", url: "https://xca.zuidoever.example/gateway/iti38", homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.11.999.12345678.2", status: "suspended" },
      { environment: "production", transaction: "RAD-75", url: "https://xca.zuidoever.example/gateway/rad75", homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.11.999.12345678.2", status: "active" },
    ],
    onboarding: {
      readinessPercent: 46.4,
      phaseLabel: "Aansluiting op Mitz",
      steps: [
        { title: "Leverancier gekozen", state: "verified", date: "2025-10-14" },
        { title: "Leveranciersovereenkomst getekend", state: "verified", date: "2025-12-01" },
        { title: "Twiin: intentieverklaring", state: "verified", date: "2025-11-03" },
        { title: "Twiin: dossier ingediend", state: "reported", date: "2026-02-10" },
        { title: "Twiin: advies validatieloket", state: "open", date: null },
        { title: "Mitz-connector geaccepteerd", state: "verified", date: "2026-03-02" },
        { title: "Mitz-testwhitelisting (clientcertificaat en notificatie-endpoint)", state: "rejected", date: "2026-04-15" },
        { title: "Mitz aangesloten (productie)", state: "open", date: null },
        { title: "DPIA afgerond", state: "reported", date: "2026-05-20" },
        { title: "PACS-/tijdlijnintegratie gereed", state: "not_applicable", date: null },
        { title: "DUO-verbinding getest", state: "open", date: null },
        { title: "Livegang", state: "open", date: null },
      ],
    },
    generatedAt: GENERATED_AT,
    ...overrides,
  };
}
