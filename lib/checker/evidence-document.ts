/**
 * The evidence document of one connectivity check ("test my connection"), attached to the
 * onboarding step "DUO connection tested". Pure: facts in, bytes out (no database, no clock).
 *
 * The programme office reviewer reads it without the portal: what was called, when, by whom,
 * what each layer answered, and what it means in plain Dutch. The same facts travel inside the
 * PDF as a JSON attachment, and the PDF prints the SHA-256 of that JSON; the portal stores the
 * SHA-256 of the whole file and writes it into the (append-only) audit trail, so a changed
 * file no longer matches either.
 */
import { createHash } from "node:crypto";
import { Layout } from "@/lib/pdf/layout";
import { formatDateTime } from "@/lib/pdf/format";
import { explainResult, explainSteps } from "./explain";
import type { ProbeResult } from "./probe";
import { statusText } from "./verdicts";

export const CHECK_EVIDENCE_KIND = "duo-portal/check-result-evidence";

export type CheckEvidenceFacts = {
  kind: typeof CHECK_EVIDENCE_KIND;
  version: 1;
  checkResultId: number;
  checkedAt: string;
  trigger: "schedule" | "user" | "api";
  performedBy: string | null;
  institution: { id: string; name: string; ura: string };
  endpoint: { id: string; url: string; transaction: string; environment: string; homeCommunityId: string };
  mode: "transport" | "query";
  status: "up" | "degraded" | "down";
  /** Whether this result shows that the connection was tested successfully (up or degraded). */
  provesConnection: boolean;
  findings: Array<{ code: string; severity: string; label: string; explanation: string; nextStep: string }>;
  /** Query mode: the chain ITI-38 -> ITI-39 -> RAD-75, one worded line per step (issue 15). */
  steps?: string[];
  phases: { dnsMs: number | null; connectMs: number | null; tlsMs: number | null; firstByteMs: number | null; totalMs: number };
  tls: { protocol: string | null; cipher: string | null };
  certificate: { subject: string | null; issuer: string | null; notAfter: string | null; daysLeft: number | null; ura: string | null; uraMatches: boolean | null; fingerprint: string | null };
  http: { status: number | null };
  soap: { action: string | null; relatesTo: string | null; status: string | null; errors: string[]; fault: string | null; documentCount: number | null };
};

/** Up and degraded results count as a tested connection; a down result shows it does not work (yet). */
export function checkProvesConnection(status: CheckEvidenceFacts["status"]): boolean {
  return status === "up" || status === "degraded";
}

export function buildCheckEvidenceFacts(input: {
  checkResultId: number;
  result: ProbeResult;
  trigger: CheckEvidenceFacts["trigger"];
  performedBy: string | null;
  institution: CheckEvidenceFacts["institution"];
  endpoint: CheckEvidenceFacts["endpoint"];
}): CheckEvidenceFacts {
  const r = input.result;
  const certUra = r.certificate.ura;
  return {
    kind: CHECK_EVIDENCE_KIND,
    version: 1,
    checkResultId: input.checkResultId,
    checkedAt: r.checkedAt,
    trigger: input.trigger,
    performedBy: input.performedBy,
    institution: input.institution,
    endpoint: input.endpoint,
    mode: r.mode,
    status: r.status,
    provesConnection: checkProvesConnection(r.status),
    findings: explainResult(r, "nl").map((l) => ({ code: l.code, severity: l.severity, label: l.label, explanation: l.explanation, nextStep: l.nextStep })),
    ...(r.steps?.length ? { steps: explainSteps(r, "nl") } : {}),
    phases: r.phases,
    tls: r.tls,
    certificate: { ...r.certificate, uraMatches: certUra ? certUra === input.institution.ura : null },
    http: { status: r.httpStatus },
    soap: {
      action: r.soap.action,
      relatesTo: r.soap.relatesTo,
      status: r.soap.status,
      errors: r.soap.errors.map((e) => [e.errorCode, e.codeContext].filter(Boolean).join(": ")),
      fault: r.soap.fault ? [r.soap.fault.code, r.soap.fault.reason].filter(Boolean).join(" — ") : null,
      documentCount: r.soap.documentCount,
    },
  };
}

/** Stable JSON (keys in insertion order, which buildCheckEvidenceFacts fixes) and its SHA-256. */
export function factsJson(facts: CheckEvidenceFacts): { json: string; sha256: string } {
  const json = JSON.stringify(facts, null, 2);
  return { json, sha256: createHash("sha256").update(json).digest("hex") };
}

/** e.g. "verbindingstest-12345678-2026-05-11-1432.pdf" (Amsterdam time). */
export function checkEvidenceFilename(facts: CheckEvidenceFacts): string {
  const [d, t] = formatDateTime(new Date(facts.checkedAt)).split(" ");
  const [day, month, year] = d.split("-");
  return `verbindingstest-${facts.institution.ura}-${year}-${month}-${day}-${t.replace(":", "")}.pdf`;
}

const TRIGGER = { schedule: "automatische controle (planning)", user: "handmatige test in de portal ('test mijn verbinding')", api: "test via de API" } as const;
const MODE = {
  transport: "transport — productieveilig: een SOAP-verzoek van de geregistreerde transactie (ITI-38, ITI-39 of RAD-75) zonder beveiligingsheader en zonder bestaande patiënt of document; een correct antwoord van die transactie (ook een ebRS-Failure) of een Fault 'env:Sender' betekent dat de gateway bereikbaar is",
  query: "query — acceptatie: een ketentest met de afgesproken testpatiënt: ITI-38 FindDocuments, daarna ITI-39 van één gevonden document en voor een beeldmanifest (KOS) RAD-75 van één beeld; de eerste stap die faalt bepaalt de uitkomst",
} as const;
const MEANING = {
  up: "De gateway antwoordde op alle lagen correct. Deze test toont aan dat de DUO-verbinding werkt.",
  degraded: "De gateway antwoordde correct, met een aandachtspunt (zie de bevindingen). Deze test toont aan dat de DUO-verbinding werkt.",
  down: "De gateway was niet (correct) bereikbaar. Deze test toont NIET aan dat de DUO-verbinding werkt; hij kan wel helpen het probleem te bespreken.",
} as const;
const PHASES = [
  ["dnsMs", "DNS"],
  ["connectMs", "TCP-verbinding"],
  ["tlsMs", "TLS-handdruk"],
  ["firstByteMs", "eerste byte"],
  ["totalMs", "totaal"],
] as const;

const ms = (v: number | null) => (v === null ? "niet bereikt" : `${Math.round(v)} ms`);
const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "—" : String(v));

export async function renderCheckEvidencePdf(facts: CheckEvidenceFacts, generatedAt: Date): Promise<Uint8Array> {
  const { json, sha256 } = factsJson(facts);
  const title = "Bewijsstuk verbindingstest DUO";
  const when = formatDateTime(new Date(facts.checkedAt));
  const layout = await Layout.create({
    generatedAt,
    locale: "nl",
    footerNote: `${title} · controle ${facts.checkResultId}`,
    metadata: { title: `${title} — ${facts.institution.name} — ${when}`, subject: "DUO-verbinding getest", keywords: ["DUO", "verbindingstest", facts.institution.ura, String(facts.checkResultId)] },
  });
  layout.startSection({ title, version: String(facts.version), institution: facts.institution.name });
  layout.heading(title, 1);
  layout.paragraph(
    `Resultaat van een verbindingstest uit de DUO-onboardingportal, gekoppeld als bewijs aan de stap **DUO-verbinding getest** van ${facts.institution.name} (URA ${facts.institution.ura}).`,
  );
  layout.note(`**${statusText(facts.status, "nl")} (${facts.status})** — ${MEANING[facts.status]}`, "Uitkomst");

  layout.heading("Wat is getest", 2);
  layout.keyValues([
    ["Instelling", `${facts.institution.name} (URA ${facts.institution.ura})`],
    ["Endpoint-URL", facts.endpoint.url],
    ["Transactie", facts.endpoint.transaction.toUpperCase()],
    ["Omgeving", facts.endpoint.environment === "production" ? "productie" : facts.endpoint.environment === "acceptance" ? "acceptatie" : facts.endpoint.environment],
    ["homeCommunityId", facts.endpoint.homeCommunityId],
    ["Testmodus", MODE[facts.mode]],
    ["Uitgevoerd op", `${when} (Nederlandse tijd)`],
    ["Aanleiding", TRIGGER[facts.trigger]],
    ["Uitgevoerd door", dash(facts.performedBy)],
    ["Controle-id", String(facts.checkResultId)],
  ]);

  layout.heading("Bevindingen", 2);
  if (facts.findings.length === 0) layout.paragraph("Geen bevindingen: DNS, verbinding, TLS, certificaat, HTTP en SOAP waren in orde.");
  else layout.bullets(facts.findings.map((f) => `**${f.label}** (${f.code}). ${f.explanation} Volgende stap: ${f.nextStep}`));
  if (facts.steps?.length) {
    layout.heading("Stappen van de ketentest", 2);
    layout.bullets(facts.steps);
  }

  layout.heading("Tijden per laag", 2);
  layout.table(
    PHASES.map(([, label]) => ({ header: label, width: 1 })),
    [PHASES.map(([k]) => ms(facts.phases[k]))],
  );

  layout.heading("Transportbeveiliging", 2);
  const c = facts.certificate;
  layout.keyValues([
    ["TLS-versie", dash(facts.tls.protocol)],
    ["Cipher", dash(facts.tls.cipher)],
    ["Certificaat (subject)", dash(c.subject)],
    ["Uitgever", dash(c.issuer)],
    ["Geldig tot", c.notAfter ? `${formatDateTime(new Date(c.notAfter))}${c.daysLeft !== null ? ` (nog ${c.daysLeft} dagen op de testdatum)` : ""}` : "—"],
    ["URA in certificaat", c.ura ? `${c.ura} — ${c.uraMatches ? "komt overeen met de geregistreerde URA" : `wijkt af van de geregistreerde URA ${facts.institution.ura}`}` : "—"],
    ["Vingerafdruk (SHA-256)", dash(c.fingerprint)],
  ]);

  layout.heading("HTTP en SOAP", 2);
  layout.keyValues([
    ["HTTP-status", dash(facts.http.status)],
    ["SOAP-actie (antwoord)", dash(facts.soap.action)],
    ["RelatesTo", dash(facts.soap.relatesTo)],
    ["Antwoordstatus", dash(facts.soap.status)],
    ["RegistryErrors", facts.soap.errors.length ? facts.soap.errors.join("; ") : "—"],
    ["SOAP Fault", dash(facts.soap.fault)],
  ]);

  layout.heading("Echtheid", 2);
  layout.paragraph(
    `De gegevens van deze test zitten als bijlage **verbindingstest.json** in dit PDF-bestand. SHA-256 van die gegevens: ${sha256}. De portal bewaart het SHA-256-controlegetal van dit hele bestand bij het bewijsstuk en legt het vast in de audittrail; een gewijzigd bestand komt daar niet meer mee overeen. In de portal staat het oorspronkelijke resultaat onder controle-id ${facts.checkResultId}.`,
    { size: 8.5 },
  );
  await layout.doc.attach(new TextEncoder().encode(json), "verbindingstest.json", {
    mimeType: "application/json",
    description: "Gegevens van de verbindingstest (machineleesbaar)",
    creationDate: generatedAt,
    modificationDate: generatedAt,
  });
  return layout.save();
}
