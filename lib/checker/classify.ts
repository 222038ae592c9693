/**
 * Pure classification of what the probe layers found. No I/O, no clock: `now` comes in.
 *
 * Rule: every problem found is a reason; `reasons` lists the down reasons in layer order
 * followed by the degraded ones, so `reason` (= reasons[0]) is the first failing layer.
 * A layer that is missing although the layer before it succeeded (the probe was cut
 * short by a bug) counts as that layer's generic failure, so incomplete facts never
 * read as "up".
 */
import {
  DEGRADED_REASONS,
  DOWN_REASONS,
  REASON_CODES,
  type CheckStatus,
  type DegradedReason,
  type DownReason,
  type ReasonCode,
  type WarningCode,
} from "./verdicts";

export type ProbeMode = "transport" | "query";

export type TargetCategory =
  | "public"
  | "loopback"
  | "private"
  | "link_local"
  | "cgnat"
  | "multicast"
  | "unspecified"
  | "broadcast"
  | "reserved"
  | "documentation"
  | "cloud_metadata"
  | "invalid";

export type UrlFacts = { ok: true } | { ok: false; problem: "invalid_url" | "scheme_not_allowed" };

export type DnsFacts =
  | { ok: true; addresses: string[] }
  | { ok: false; error: "not_found" | "timeout" | "error"; code?: string };

export type TargetFacts =
  | { ok: true }
  | { ok: false; blocked: Array<{ address: string; category: TargetCategory }> };

export type ConnectFacts =
  | { ok: true; address: string }
  | { ok: false; error: "refused" | "timeout" | "unreachable" | "error"; code?: string };

export interface CertificateFacts {
  subject: string;
  issuer: string;
  notBefore: string; // ISO
  notAfter: string; // ISO
  fingerprint: string; // SHA-256, colon-separated hex
  /** URA from the UZI otherName (OID 2.5.5.5); null when absent or unreadable. */
  ura: string | null;
}

export interface TlsFacts {
  handshake: "ok" | "timeout" | "protocol_version" | "client_cert_rejected" | "failed";
  errorCode?: string;
  protocol: string | null;
  cipher: string | null;
  /** Chain verified against the configured trust store only. null when not reached. */
  chain: "trusted" | "untrusted" | "expired" | "not_yet_valid" | null;
  hostname: "match" | "mismatch" | null;
  certificate: CertificateFacts | null;
}

export interface HttpFacts {
  outcome: "response" | "timeout" | "too_large" | "client_cert_rejected" | "error";
  statusCode: number | null;
  location: string | null;
  contentType: string | null;
  bodyBytes: number;
  errorCode?: string;
}

export interface RegistryErrorFacts {
  errorCode: string;
  codeContext: string | null;
  severity: string | null;
  location?: string | null;
}

export interface SoapFaultFacts {
  /** Local name of the SOAP 1.2 fault code: Sender, Receiver, VersionMismatch, MustUnderstand, DataEncodingUnknown, or the raw value. */
  code: string;
  subcodes: string[];
  reason: string | null;
}

/** A DocumentEntry of a query response: what a retrieve of it needs. */
export interface DocumentEntryFacts {
  homeCommunityId: string | null;
  repositoryUniqueId: string | null;
  uniqueId: string | null;
  mimeType: string | null;
}

/** A document of a retrieve response; `content` only lives in memory (never stored). */
export interface RetrievedDocumentFacts {
  homeCommunityId: string | null;
  repositoryUniqueId: string | null;
  documentUniqueId: string | null;
  mimeType: string | null;
  bytes: number;
  content: Buffer | null;
}

export type SoapFacts =
  | { kind: "unsafe"; detail: string }
  | { kind: "not_soap"; detail: string }
  | {
      kind: "envelope";
      action: string | null;
      relatesTo: string | null;
      fault: SoapFaultFacts | null;
      registry: {
        status: string | null;
        /** "Success" | "PartialSuccess" | "Failure" | null (unknown/absent) */
        outcome: "Success" | "PartialSuccess" | "Failure" | null;
        errors: RegistryErrorFacts[];
        documentCount: number;
      } | null;
      /** Which response body was found: an AdhocQueryResponse or a RetrieveDocumentSetResponse. */
      payload?: "query" | "retrieve" | null;
      entries?: DocumentEntryFacts[];
      documents?: RetrievedDocumentFacts[];
    };

/** The transactions the probe speaks; the request and the expected response follow the endpoint's. */
export type ProbeTransaction = "iti38" | "iti39" | "rad75";

const TRANSACTION_ACTIONS: Record<ProbeTransaction, readonly string[]> = {
  iti38: ["urn:ihe:iti:2007:CrossGatewayQuery", "urn:ihe:iti:2007:CrossGatewayQueryResponse"],
  iti39: ["urn:ihe:iti:2007:CrossGatewayRetrieve", "urn:ihe:iti:2007:CrossGatewayRetrieveResponse"],
  rad75: ["urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet", "urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSetResponse"],
};

/** The other transaction an Action belongs to, or null (ours, or no transaction we know). */
export function otherTransactionOf(action: string | null, ours: ProbeTransaction): ProbeTransaction | null {
  if (!action) return null;
  for (const t of Object.keys(TRANSACTION_ACTIONS) as ProbeTransaction[]) {
    if (t !== ours && TRANSACTION_ACTIONS[t].includes(action)) return t;
  }
  return null;
}

/** A WS-Addressing ActionNotSupported fault (any prefix, or the bare local name). */
export function isActionNotSupported(fault: SoapFaultFacts): boolean {
  return [fault.code, ...fault.subcodes].some((v) => /(^|:)ActionNotSupported$/.test(v.trim()));
}

export interface ProbeFacts {
  mode: ProbeMode;
  /** The endpoint's transaction; default ITI-38. */
  transaction?: ProbeTransaction;
  /** false for http:// targets (dev only): no TLS layer is expected. */
  tlsExpected: boolean;
  url: UrlFacts;
  dns?: DnsFacts;
  target?: TargetFacts;
  connect?: ConnectFacts;
  tls?: TlsFacts;
  http?: HttpFacts;
  soap?: SoapFacts;
  /** What we sent: the response must relate to it. */
  request?: { messageId: string; expectedAction: string };
  expectedUra?: string | null;
  totalMs?: number | null;
}

export interface ClassifyOptions {
  /** Total time above this is `slow`. */
  slowMs: number;
  /** Certificates expiring within this many days (inclusive) are `cert_expiring`. Default 30. */
  certExpiringDays?: number;
  now: Date;
}

export interface Verdict {
  status: CheckStatus;
  reason: ReasonCode | null;
  reasons: ReasonCode[];
  warnings: WarningCode[];
}

const DAY_MS = 86_400_000;

/** Whole days until notAfter, rounded down; negative once expired. */
export function daysUntil(notAfterIso: string, now: Date): number | null {
  const t = Date.parse(notAfterIso);
  if (Number.isNaN(t)) return null;
  return Math.floor((t - now.getTime()) / DAY_MS);
}

export function classifyProbe(facts: ProbeFacts, options: ClassifyOptions): Verdict {
  const down = new Set<DownReason>();
  const degraded = new Set<DegradedReason>();
  const warnings = new Set<WarningCode>();
  const expiringDays = options.certExpiringDays ?? 30;

  const finish = (): Verdict => {
    const order = (c: ReasonCode) => REASON_CODES.indexOf(c);
    const d = [...down].sort((a, b) => order(a) - order(b));
    const g = [...degraded].sort((a, b) => order(a) - order(b));
    const reasons: ReasonCode[] = [...d, ...g];
    const status: CheckStatus = d.length > 0 ? "down" : g.length > 0 ? "degraded" : "up";
    return { status, reason: reasons[0] ?? null, reasons, warnings: [...warnings] };
  };

  // Layer 0: the URL itself. A scheme we may not use is a refused target.
  if (!facts.url.ok) {
    down.add(facts.url.problem === "invalid_url" ? "dns_failed" : "blocked_target");
    return finish();
  }

  // Layer 1: DNS.
  if (!facts.dns || !facts.dns.ok) {
    down.add("dns_failed");
    return finish();
  }

  // Layer 2: target safety.
  if (!facts.target || !facts.target.ok) {
    down.add("blocked_target");
    return finish();
  }

  // Layer 3: TCP.
  if (!facts.connect) {
    down.add("connect_timeout");
    return finish();
  }
  if (!facts.connect.ok) {
    down.add(facts.connect.error === "refused" ? "connect_refused" : "connect_timeout");
    return finish();
  }

  // Layer 4: TLS and the certificate.
  let identityFailed = false;
  if (facts.tlsExpected) {
    const tls = facts.tls;
    if (!tls) {
      down.add("tls_failed");
      return finish();
    }
    if (tls.handshake !== "ok") {
      if (tls.handshake === "timeout") down.add("timeout");
      else if (tls.handshake === "protocol_version") down.add("tls_version");
      else if (tls.handshake === "client_cert_rejected") down.add("client_cert_rejected");
      else down.add("tls_failed");
      return finish();
    }
    if (tls.protocol === "TLSv1.2") warnings.add("tls_1_2");
    else if (tls.protocol !== "TLSv1.3") {
      // The probe insists on >= 1.2, so anything else means the facts are inconsistent.
      down.add("tls_version");
    }

    const cert = tls.certificate;
    const days = cert ? daysUntil(cert.notAfter, options.now) : null;
    const notBefore = cert ? Date.parse(cert.notBefore) : NaN;
    const expiredByDate = days !== null && cert !== null && Date.parse(cert.notAfter) <= options.now.getTime();
    const notYetValid = !Number.isNaN(notBefore) && notBefore > options.now.getTime();

    if (tls.chain === "untrusted" || tls.chain === null) down.add("cert_untrusted");
    if (tls.chain === "expired" || tls.chain === "not_yet_valid" || expiredByDate || notYetValid) down.add("cert_expired");
    if (tls.hostname !== "match") down.add("cert_hostname");
    if (facts.expectedUra && (!cert || cert.ura !== facts.expectedUra)) down.add("ura_mismatch");
    if (!cert) down.add("cert_untrusted");
    if (days !== null && !expiredByDate && days <= expiringDays) degraded.add("cert_expiring");
    identityFailed = down.size > 0;
  }
  // We never talk HTTP to a server whose identity failed, so the later layers are absent.
  if (identityFailed) return finish();

  // Layer 5: HTTP.
  const http = facts.http;
  if (!http) {
    down.add("http_status");
    return finish();
  }
  if (http.outcome === "timeout") {
    down.add("timeout");
    return finish();
  }
  if (http.outcome === "too_large") {
    down.add("too_large");
    return finish();
  }
  if (http.outcome === "client_cert_rejected") {
    down.add("client_cert_rejected");
    return finish();
  }
  if (http.outcome === "error" || http.statusCode === null) {
    down.add("http_status");
    return finish();
  }
  const code = http.statusCode;
  if (code >= 300 && code < 400) {
    down.add("redirect");
    return finish();
  }
  const soap = facts.soap;
  // A DOCTYPE or entity declaration is an attack or a misconfiguration whatever the status code
  // (issue 15): it is never read, and it is unsafe_xml rather than http_status.
  if (soap?.kind === "unsafe") {
    down.add("unsafe_xml");
    return finish();
  }
  const isFaultEnvelope = soap?.kind === "envelope" && soap.fault !== null;
  // SOAP 1.2 over HTTP carries faults with 400/500, so only a non-fault error status is an HTTP failure.
  if ((code < 200 || code >= 300) && !isFaultEnvelope) {
    down.add("http_status");
    return finish();
  }

  // Layer 6: SOAP.
  if (!soap) {
    down.add("not_soap");
    return finish();
  }
  if (soap.kind === "not_soap") {
    down.add("not_soap");
    return finish();
  }
  const expectedRelatesTo = facts.request?.messageId ?? null;
  const transaction = facts.transaction ?? "iti38";
  if (soap.fault) {
    // "This address does not serve this transaction" is not a healthy security refusal.
    const notSupported = isActionNotSupported(soap.fault);
    if (notSupported) down.add("action_not_supported");
    const senderIsAlive = facts.mode === "transport" && soap.fault.code === "Sender" && !notSupported;
    if (!senderIsAlive && !notSupported) down.add("soap_fault");
    // Faults often lack WS-A headers; when they carry RelatesTo it must still be ours.
    if (soap.relatesTo !== null && expectedRelatesTo !== null && soap.relatesTo !== expectedRelatesTo) {
      down.add("wsa_mismatch");
    }
  } else {
    const expectedAction = facts.request?.expectedAction ?? null;
    // An answer of another transaction: the address serves that one, not ours.
    const other = otherTransactionOf(soap.action, transaction);
    if (other) down.add("action_not_supported");
    if ((soap.action !== expectedAction && !other) || soap.relatesTo !== expectedRelatesTo || expectedRelatesTo === null) {
      down.add("wsa_mismatch");
    }
    if (facts.mode === "query") {
      const outcome = soap.registry?.outcome ?? null;
      if (!soap.registry) down.add("not_soap");
      else if (outcome === "Success") {
        /* up */
      } else if (outcome === "PartialSuccess") degraded.add("partial_success");
      else down.add("registry_failure");
    }
  }

  // Timing: only a completed exchange can be "slow"; a timeout already says more.
  if (down.size === 0 && typeof facts.totalMs === "number" && facts.totalMs > options.slowMs) {
    degraded.add("slow");
  }
  return finish();
}

/** Exposed for tests and the UI: the two groups in their canonical order. */
export const REASON_GROUPS = { down: DOWN_REASONS, degraded: DEGRADED_REASONS } as const;
