/**
 * The verdict vocabulary of the connectivity checker (issue 6), as data.
 *
 * The codes are a contract shared by the probe, the database, the UI, the CLI JSON and
 * notifications: never rename one. The order of `REASON_CODES` is the order of the layers
 * (DNS -> target -> TCP -> TLS -> HTTP -> SOAP), so sorting by it puts the first failing
 * layer first.
 */

export const STATUSES = ["up", "degraded", "down"] as const;
export type CheckStatus = (typeof STATUSES)[number];

export const DOWN_REASONS = [
  "dns_failed",
  "blocked_target",
  "connect_refused",
  "connect_timeout",
  "tls_failed",
  "tls_version",
  "cert_untrusted",
  "cert_expired",
  "cert_hostname",
  "client_cert_rejected",
  "ura_mismatch",
  "timeout",
  "redirect",
  "http_status",
  "too_large",
  "not_soap",
  "unsafe_xml",
  "soap_fault",
  "wsa_mismatch",
  "registry_failure",
] as const;
export type DownReason = (typeof DOWN_REASONS)[number];

export const DEGRADED_REASONS = ["partial_success", "slow", "cert_expiring"] as const;
export type DegradedReason = (typeof DEGRADED_REASONS)[number];

export const REASON_CODES = [...DOWN_REASONS, ...DEGRADED_REASONS] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const WARNING_CODES = ["tls_1_2"] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export type Layer = "dns" | "target" | "tcp" | "tls" | "http" | "soap" | "timing";

export interface VerdictText {
  /** What is wrong, in plain words. */
  explanation: string;
  /** What the institution (or its vendor) should do next. */
  nextStep: string;
}

export interface VerdictEntry {
  code: ReasonCode | WarningCode;
  severity: "down" | "degraded" | "warning";
  layer: Layer;
  /** Short label for lists and badges. */
  label: { nl: string; en: string };
  nl: VerdictText;
  en: VerdictText;
}

/**
 * Values a text can mention. Every placeholder has a fallback so a text never shows
 * "{days}" when the probe could not learn the value.
 */
export interface VerdictParams {
  days?: number | null;
  notAfter?: string | null;
  httpStatus?: number | null;
  location?: string | null;
  expectedUra?: string | null;
  certUra?: string | null;
  timeoutMs?: number | null;
  slowMs?: number | null;
  totalMs?: number | null;
  protocol?: string | null;
  faultCode?: string | null;
  faultReason?: string | null;
  registryErrors?: string | null;
  maxBytes?: number | null;
  address?: string | null;
}

const entries: VerdictEntry[] = [
  {
    code: "dns_failed",
    severity: "down",
    layer: "dns",
    label: { nl: "Naam onbekend", en: "DNS failed" },
    nl: {
      explanation: "De hostnaam in het adres van het endpoint kon niet worden opgezocht (DNS).",
      nextStep: "Controleer of het geregistreerde adres klopt en of het DNS-record bestaat; vraag zo nodig uw leverancier het DNS-record aan te maken of te herstellen.",
    },
    en: {
      explanation: "The host name in the endpoint address could not be resolved (DNS).",
      nextStep: "Check that the registered address is correct and that the DNS record exists; ask your vendor to create or fix it if needed.",
    },
  },
  {
    code: "blocked_target",
    severity: "down",
    layer: "target",
    label: { nl: "Adres geweigerd", en: "Target refused" },
    nl: {
      explanation: "Het adres wijst naar een intern, privé- of gereserveerd netwerkadres ({address}) of gebruikt geen https. De controle benadert zulke adressen niet.",
      nextStep: "Registreer het publiek bereikbare https-adres van uw gateway, zoals dat ook voor de andere deelnemers geldt.",
    },
    en: {
      explanation: "The address points to an internal, private or reserved network address ({address}) or does not use https. The checker does not contact such addresses.",
      nextStep: "Register the publicly reachable https address of your gateway, the one the other participants use.",
    },
  },
  {
    code: "connect_refused",
    severity: "down",
    layer: "tcp",
    label: { nl: "Verbinding geweigerd", en: "Connection refused" },
    nl: {
      explanation: "De server weigerde de verbinding: op deze poort luistert niets.",
      nextStep: "Controleer of de gateway draait en of het poortnummer in het adres klopt; neem zo nodig contact op met uw leverancier.",
    },
    en: {
      explanation: "The server refused the connection: nothing is listening on this port.",
      nextStep: "Check that the gateway is running and that the port in the address is correct; contact your vendor if needed.",
    },
  },
  {
    code: "connect_timeout",
    severity: "down",
    layer: "tcp",
    label: { nl: "Geen verbinding", en: "Connect timeout" },
    nl: {
      explanation: "Er kwam binnen {timeoutMs} ms geen netwerkverbinding tot stand met de server.",
      nextStep: "Controleer of de firewall verkeer van het DUO-netwerk toelaat en of de server bereikbaar is; vraag uw netwerkbeheerder of leverancier dit na te gaan.",
    },
    en: {
      explanation: "No network connection to the server could be made within {timeoutMs} ms.",
      nextStep: "Check that the firewall allows traffic from the DUO network and that the server is reachable; ask your network team or vendor.",
    },
  },
  {
    code: "tls_failed",
    severity: "down",
    layer: "tls",
    label: { nl: "TLS mislukt", en: "TLS failed" },
    nl: {
      explanation: "De beveiligde verbinding (TLS) kon niet worden opgezet.",
      nextStep: "Laat uw leverancier de TLS-configuratie van de gateway controleren (certificaat, cijfersuites, of er wel TLS op deze poort draait).",
    },
    en: {
      explanation: "The secure connection (TLS) could not be established.",
      nextStep: "Ask your vendor to check the gateway's TLS configuration (certificate, cipher suites, whether TLS runs on this port at all).",
    },
  },
  {
    code: "tls_version",
    severity: "down",
    layer: "tls",
    label: { nl: "Verouderde TLS", en: "Old TLS version" },
    nl: {
      explanation: "De server biedt alleen een verouderde TLS-versie aan. Minimaal TLS 1.2 is vereist (NCSC-richtlijnen); TLS 1.3 heeft de voorkeur.",
      nextStep: "Laat uw leverancier TLS 1.2 en bij voorkeur TLS 1.3 inschakelen en oudere versies uitschakelen.",
    },
    en: {
      explanation: "The server only offers an outdated TLS version. At least TLS 1.2 is required (NCSC guidelines); TLS 1.3 is preferred.",
      nextStep: "Ask your vendor to enable TLS 1.2 and preferably TLS 1.3, and to disable older versions.",
    },
  },
  {
    code: "cert_untrusted",
    severity: "down",
    layer: "tls",
    label: { nl: "Certificaat niet vertrouwd", en: "Certificate untrusted" },
    nl: {
      explanation: "Het servercertificaat is niet uitgegeven onder de vertrouwde PKIoverheid-hiërarchie (private root), of de tussenliggende certificaten ontbreken.",
      nextStep: "Gebruik een UZI-servercertificaat onder de PKIoverheid private root en laat de gateway de volledige keten (met tussenliggende certificaten) meesturen.",
    },
    en: {
      explanation: "The server certificate is not issued under the trusted PKIoverheid private hierarchy, or intermediate certificates are missing.",
      nextStep: "Use a UZI server certificate under the PKIoverheid private root and have the gateway send the full chain including intermediates.",
    },
  },
  {
    code: "cert_expired",
    severity: "down",
    layer: "tls",
    label: { nl: "Certificaat verlopen", en: "Certificate expired" },
    nl: {
      explanation: "Het servercertificaat is niet geldig op dit moment (verlopen op {notAfter}, of nog niet geldig).",
      nextStep: "Installeer zo snel mogelijk een geldig UZI-servercertificaat op de gateway.",
    },
    en: {
      explanation: "The server certificate is not valid at this moment (expired on {notAfter}, or not yet valid).",
      nextStep: "Install a valid UZI server certificate on the gateway as soon as possible.",
    },
  },
  {
    code: "cert_hostname",
    severity: "down",
    layer: "tls",
    label: { nl: "Verkeerde hostnaam", en: "Hostname mismatch" },
    nl: {
      explanation: "Het servercertificaat is niet uitgegeven voor de hostnaam in het geregistreerde adres.",
      nextStep: "Controleer het geregistreerde adres, of vraag een certificaat aan waarin deze hostnaam als subjectAltName staat.",
    },
    en: {
      explanation: "The server certificate was not issued for the host name in the registered address.",
      nextStep: "Check the registered address, or request a certificate that lists this host name as a subjectAltName.",
    },
  },
  {
    code: "client_cert_rejected",
    severity: "down",
    layer: "tls",
    label: { nl: "Ons certificaat geweigerd", en: "Client certificate rejected" },
    nl: {
      explanation: "De gateway weigerde het clientcertificaat van de DUO-controle (wederzijdse TLS).",
      nextStep: "Laat uw leverancier de PKIoverheid private root en tussenliggende certificaten in de truststore van de gateway opnemen.",
    },
    en: {
      explanation: "The gateway rejected the DUO checker's client certificate (mutual TLS).",
      nextStep: "Ask your vendor to add the PKIoverheid private root and intermediate certificates to the gateway's trust store.",
    },
  },
  {
    code: "ura_mismatch",
    severity: "down",
    layer: "tls",
    label: { nl: "URA klopt niet", en: "URA mismatch" },
    nl: {
      explanation: "Het URA-nummer in het servercertificaat ({certUra}) is niet het geregistreerde URA-nummer van de instelling ({expectedUra}).",
      nextStep: "Controleer of de gateway het UZI-servercertificaat van uw eigen instelling gebruikt, of laat het geregistreerde URA-nummer corrigeren.",
    },
    en: {
      explanation: "The URA number in the server certificate ({certUra}) is not the institution's registered URA number ({expectedUra}).",
      nextStep: "Check that the gateway uses your own institution's UZI server certificate, or have the registered URA corrected.",
    },
  },
  {
    code: "timeout",
    severity: "down",
    layer: "http",
    label: { nl: "Geen antwoord", en: "Timed out" },
    nl: {
      explanation: "De server gaf niet binnen {timeoutMs} ms een volledig antwoord.",
      nextStep: "Vraag uw leverancier na te gaan waarom de gateway niet (op tijd) antwoordt, bijvoorbeeld door overbelasting of een vastgelopen achterliggend systeem.",
    },
    en: {
      explanation: "The server did not give a complete answer within {timeoutMs} ms.",
      nextStep: "Ask your vendor why the gateway does not answer (in time), for example overload or a stuck back-end.",
    },
  },
  {
    code: "redirect",
    severity: "down",
    layer: "http",
    label: { nl: "Doorverwijzing", en: "Redirect" },
    nl: {
      explanation: "De server verwees door naar een ander adres ({location}). Doorverwijzingen worden niet gevolgd.",
      nextStep: "Registreer het uiteindelijke adres van de gateway, of laat de doorverwijzing verwijderen.",
    },
    en: {
      explanation: "The server redirected to another address ({location}). Redirects are not followed.",
      nextStep: "Register the final address of the gateway, or have the redirect removed.",
    },
  },
  {
    code: "http_status",
    severity: "down",
    layer: "http",
    label: { nl: "HTTP-fout", en: "HTTP error" },
    nl: {
      explanation: "De server gaf geen geldig SOAP-antwoord maar een HTTP-fout (status {httpStatus}), of verbrak de verbinding zonder antwoord.",
      nextStep: "Controleer of het geregistreerde adres het juiste pad naar de ITI-38-dienst bevat; vraag anders uw leverancier de serverlog na te kijken.",
    },
    en: {
      explanation: "The server did not give a valid SOAP answer but an HTTP error (status {httpStatus}), or closed the connection without an answer.",
      nextStep: "Check that the registered address contains the right path to the ITI-38 service; otherwise ask your vendor to check the server log.",
    },
  },
  {
    code: "too_large",
    severity: "down",
    layer: "http",
    label: { nl: "Antwoord te groot", en: "Response too large" },
    nl: {
      explanation: "Het antwoord was groter dan {maxBytes} bytes en is afgebroken.",
      nextStep: "Vraag uw leverancier waarom de gateway zo'n groot antwoord stuurt op een eenvoudige zoekvraag.",
    },
    en: {
      explanation: "The answer was larger than {maxBytes} bytes and was cut off.",
      nextStep: "Ask your vendor why the gateway sends such a large answer to a simple query.",
    },
  },
  {
    code: "not_soap",
    severity: "down",
    layer: "soap",
    label: { nl: "Geen SOAP", en: "Not SOAP" },
    nl: {
      explanation: "Het antwoord was geen geldig SOAP 1.2-bericht (bijvoorbeeld een webpagina, SOAP 1.1 of een onvolledig antwoord).",
      nextStep: "Controleer of het adres naar de XCA-gateway (ITI-38) wijst en niet naar een webserver of proxy; vraag zo nodig uw leverancier.",
    },
    en: {
      explanation: "The answer was not a valid SOAP 1.2 message (for example a web page, SOAP 1.1 or an incomplete answer).",
      nextStep: "Check that the address points to the XCA gateway (ITI-38) and not to a web server or proxy; ask your vendor if needed.",
    },
  },
  {
    code: "unsafe_xml",
    severity: "down",
    layer: "soap",
    label: { nl: "Onveilige XML", en: "Unsafe XML" },
    nl: {
      explanation: "Het antwoord bevatte een DOCTYPE- of ENTITY-declaratie. Zulke XML wordt om veiligheidsredenen geweigerd en niet verwerkt.",
      nextStep: "Vraag uw leverancier de gateway zo in te stellen dat antwoorden geen DOCTYPE of entiteiten bevatten.",
    },
    en: {
      explanation: "The answer contained a DOCTYPE or ENTITY declaration. Such XML is refused for safety and not processed.",
      nextStep: "Ask your vendor to configure the gateway so that answers contain no DOCTYPE or entities.",
    },
  },
  {
    code: "soap_fault",
    severity: "down",
    layer: "soap",
    label: { nl: "SOAP-fout", en: "SOAP fault" },
    nl: {
      explanation: "De gateway antwoordde met een SOAP-fout ({faultCode}: {faultReason}).",
      nextStep: "Geef deze foutmelding door aan uw leverancier; bij een serverfout (Receiver) ligt het probleem bij de gateway of het achterliggende systeem.",
    },
    en: {
      explanation: "The gateway answered with a SOAP fault ({faultCode}: {faultReason}).",
      nextStep: "Pass this fault on to your vendor; a Receiver fault means the problem lies with the gateway or its back-end.",
    },
  },
  {
    code: "wsa_mismatch",
    severity: "down",
    layer: "soap",
    label: { nl: "WS-Addressing klopt niet", en: "WS-Addressing mismatch" },
    nl: {
      explanation: "Het antwoord hoort niet bij onze vraag: de WS-Addressing-kop (Action of RelatesTo) klopt niet.",
      nextStep: "Vraag uw leverancier te controleren dat de gateway Action 'urn:ihe:iti:2007:CrossGatewayQueryResponse' en RelatesTo met de MessageID van het verzoek terugstuurt.",
    },
    en: {
      explanation: "The answer does not belong to our request: the WS-Addressing header (Action or RelatesTo) is wrong.",
      nextStep: "Ask your vendor to check that the gateway returns Action 'urn:ihe:iti:2007:CrossGatewayQueryResponse' and RelatesTo with the request's MessageID.",
    },
  },
  {
    code: "registry_failure",
    severity: "down",
    layer: "soap",
    label: { nl: "Zoekvraag mislukt", en: "Registry failure" },
    nl: {
      explanation: "De gateway beantwoordde de zoekvraag met Failure ({registryErrors}).",
      nextStep: "Geef de foutcodes door aan uw leverancier; controleer ook of de afgesproken testpatiënt in de acceptatieomgeving bestaat.",
    },
    en: {
      explanation: "The gateway answered the query with Failure ({registryErrors}).",
      nextStep: "Pass the error codes on to your vendor; also check that the agreed test patient exists in the acceptance environment.",
    },
  },
  {
    code: "partial_success",
    severity: "degraded",
    layer: "soap",
    label: { nl: "Gedeeltelijk antwoord", en: "Partial success" },
    nl: {
      explanation: "De gateway gaf een gedeeltelijk antwoord (PartialSuccess): niet alle bronnen antwoordden ({registryErrors}).",
      nextStep: "Vraag uw leverancier welke achterliggende bron niet antwoordde en laat dit herstellen.",
    },
    en: {
      explanation: "The gateway gave a partial answer (PartialSuccess): not every source answered ({registryErrors}).",
      nextStep: "Ask your vendor which back-end source did not answer and have it fixed.",
    },
  },
  {
    code: "slow",
    severity: "degraded",
    layer: "timing",
    label: { nl: "Traag", en: "Slow" },
    nl: {
      explanation: "Het endpoint antwoordde, maar traag: {totalMs} ms (grens {slowMs} ms).",
      nextStep: "Houd de snelheid in de gaten; vraag uw leverancier naar de oorzaak als dit vaker voorkomt.",
    },
    en: {
      explanation: "The endpoint answered, but slowly: {totalMs} ms (threshold {slowMs} ms).",
      nextStep: "Keep an eye on it; ask your vendor for the cause if it happens often.",
    },
  },
  {
    code: "cert_expiring",
    severity: "degraded",
    layer: "tls",
    label: { nl: "Certificaat verloopt binnenkort", en: "Certificate expiring" },
    nl: {
      explanation: "Het certificaat verloopt over {days} dagen.",
      nextStep: "Vraag tijdig een nieuw UZI-servercertificaat aan.",
    },
    en: {
      explanation: "The certificate expires in {days} days.",
      nextStep: "Request a new UZI server certificate in time.",
    },
  },
  {
    code: "tls_1_2",
    severity: "warning",
    layer: "tls",
    label: { nl: "TLS 1.2", en: "TLS 1.2" },
    nl: {
      explanation: "De verbinding gebruikt TLS 1.2. Dat is voldoende, TLS 1.3 is beter.",
      nextStep: "Vraag uw leverancier TLS 1.3 in te schakelen.",
    },
    en: {
      explanation: "The connection uses TLS 1.2. That is sufficient; TLS 1.3 is better.",
      nextStep: "Ask your vendor to enable TLS 1.3.",
    },
  },
];

export const VERDICTS: Readonly<Record<ReasonCode | WarningCode, VerdictEntry>> = Object.freeze(
  Object.fromEntries(entries.map((e) => [e.code, e])) as Record<ReasonCode | WarningCode, VerdictEntry>,
);

export const STATUS_LABELS: Readonly<Record<CheckStatus, { nl: string; en: string }>> = {
  up: { nl: "bereikbaar", en: "up" },
  degraded: { nl: "verminderd", en: "degraded" },
  down: { nl: "onbereikbaar", en: "down" },
};

const fallbacks: Record<keyof VerdictParams, { nl: string; en: string }> = {
  days: { nl: "enkele", en: "a few" },
  notAfter: { nl: "onbekende datum", en: "an unknown date" },
  httpStatus: { nl: "onbekend", en: "unknown" },
  location: { nl: "onbekend adres", en: "unknown address" },
  expectedUra: { nl: "onbekend", en: "unknown" },
  certUra: { nl: "geen", en: "none" },
  timeoutMs: { nl: "de toegestane", en: "the allowed" },
  slowMs: { nl: "onbekend", en: "unknown" },
  totalMs: { nl: "onbekend", en: "unknown" },
  protocol: { nl: "onbekend", en: "unknown" },
  faultCode: { nl: "onbekend", en: "unknown" },
  faultReason: { nl: "geen toelichting", en: "no reason given" },
  registryErrors: { nl: "geen foutcodes", en: "no error codes" },
  maxBytes: { nl: "de toegestane", en: "the allowed" },
  address: { nl: "onbekend", en: "unknown" },
};

function fill(template: string, params: VerdictParams, lang: "nl" | "en"): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const k = key as keyof VerdictParams;
    const v = params[k];
    if (v === undefined || v === null || v === "") return fallbacks[k]?.[lang] ?? "?";
    return String(v);
  });
}

/** The explanation and next step for a code, with the placeholders filled in. */
export function describeVerdict(
  code: ReasonCode | WarningCode,
  params: VerdictParams = {},
  lang: "nl" | "en" = "nl",
): VerdictText & { label: string; severity: VerdictEntry["severity"] } {
  const entry = VERDICTS[code];
  const text = entry[lang];
  return {
    label: entry.label[lang],
    severity: entry.severity,
    explanation: fill(text.explanation, params, lang),
    nextStep: fill(text.nextStep, params, lang),
  };
}

export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value);
}

export function severityOf(code: ReasonCode): "down" | "degraded" {
  return (DOWN_REASONS as readonly string[]).includes(code) ? "down" : "degraded";
}
