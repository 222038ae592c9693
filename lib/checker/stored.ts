/** A stored check result back in the probe's shape, so the same texts explain it (explain.ts). */
import type { CheckResultRow, EndpointCertificate } from "@/db/schema";
import { daysUntil } from "./classify";
import type { ChainStep, ProbeResult } from "./probe";
import type { ReasonCode, WarningCode } from "./verdicts";



export function probeResultFromRow(r: CheckResultRow, cert: EndpointCertificate | null, url = ""): ProbeResult {
  const x = r.extra ?? {};
  return {
    url,
    mode: r.mode === "query" ? "query" : "transport",
    status: r.status,
    reason: r.reason as ReasonCode | null,
    reasons: r.reasons as ReasonCode[],
    warnings: r.warnings as WarningCode[],
    phases: { dnsMs: r.dnsMs, connectMs: r.connectMs, tlsMs: r.tlsMs, firstByteMs: r.firstByteMs, totalMs: r.totalMs },
    tls: { protocol: r.tlsProtocol, cipher: r.tlsCipher },
    certificate: cert
      ? {
          subject: cert.subject,
          issuer: cert.issuer,
          notAfter: cert.notAfter.toISOString(),
          daysLeft: daysUntil(cert.notAfter.toISOString(), r.checkedAt),
          ura: cert.ura,
          fingerprint: cert.fingerprint,
        }
      : { subject: null, issuer: null, notAfter: null, daysLeft: null, ura: null, fingerprint: null },
    soap: r.soap ?? { action: null, relatesTo: null, status: null, errors: [], fault: null, documentCount: null },
    httpStatus: r.httpStatus,
    redirectLocation: x.redirectLocation ?? null,
    limits: { timeoutMs: x.timeoutMs ?? 0, slowMs: x.slowMs ?? 0, maxBodyBytes: x.maxBodyBytes ?? 0 },
    address: x.address ?? null,
    expectedUra: x.expectedUra ?? null,
    detail: r.detail,
    checkedAt: r.checkedAt.toISOString(),
    transaction: x.transaction ?? "iti38",
    otherTransaction: x.otherTransaction ?? null,
    ...(x.verdictTransaction ? { verdictTransaction: x.verdictTransaction } : {}),
    ...(x.steps ? { steps: x.steps.map((s) => ({ ...s, reason: s.reason as ReasonCode | null, reasons: s.reasons as ReasonCode[], note: s.note as ChainStep["note"] })) } : {}),
  };
}
