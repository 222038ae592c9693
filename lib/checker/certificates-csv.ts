/** The certificate list as CSV: one row per certificate seen. Pure; Dutch, like every download. */
import { toSafeCsv } from "@/lib/csv";
import { daysUntil } from "@/lib/checker/classify";

export const CERTIFICATE_CSV_HEADERS = [
  "instelling",
  "ura_instelling",
  "leverancier",
  "transactie",
  "omgeving",
  "url",
  "onderwerp",
  "uitgever",
  "verloopt",
  "dagen_tot_verlopen",
  "ura_in_certificaat",
  "ura_klopt",
  "vingerafdruk",
  "laatst_gezien",
] as const;

const ENVIRONMENT_NL: Record<string, string> = { acceptance: "acceptatie", production: "productie" };

export type CertificateCsvRow = {
  institutionName: string;
  expectedUra: string;
  vendorName: string;
  transaction: string;
  environment: string;
  url: string;
  subject: string;
  issuer: string;
  notAfter: Date;
  ura: string | null;
  uraMatches: boolean;
  fingerprint: string;
  lastSeenAt: Date;
};

export function certificatesCsv(rows: readonly CertificateCsvRow[], now: Date): string {
  return toSafeCsv(
    CERTIFICATE_CSV_HEADERS,
    rows.map((c) => [
      c.institutionName,
      c.expectedUra,
      c.vendorName,
      c.transaction.toUpperCase(),
      ENVIRONMENT_NL[c.environment] ?? c.environment,
      c.url,
      c.subject,
      c.issuer,
      c.notAfter.toISOString(),
      daysUntil(c.notAfter.toISOString(), now),
      c.ura,
      c.uraMatches ? "ja" : "nee",
      c.fingerprint,
      c.lastSeenAt.toISOString(),
    ]),
  );
}
