/**
 * Turns a probe result into the plain-language lines shown to people (CLI, endpoint page,
 * notifications). Pure: the result carries every value the texts need.
 */
import type { ProbeResult } from "./probe";
import { describeVerdict, statusText, type ReasonCode, type VerdictParams, type WarningCode } from "./verdicts";

export interface ExplainedReason {
  code: ReasonCode | WarningCode;
  severity: "down" | "degraded" | "warning";
  label: string;
  explanation: string;
  nextStep: string;
}

function formatDate(iso: string | null, lang: "nl" | "en"): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return d.toLocaleDateString(lang === "nl" ? "nl-NL" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Amsterdam" });
}

export function verdictParamsFor(result: ProbeResult, lang: "nl" | "en" = "nl"): VerdictParams {
  return {
    days: result.certificate.daysLeft,
    notAfter: formatDate(result.certificate.notAfter, lang),
    httpStatus: result.httpStatus,
    location: result.redirectLocation,
    expectedUra: result.expectedUra,
    certUra: result.certificate.ura,
    timeoutMs: result.limits.timeoutMs,
    slowMs: result.limits.slowMs,
    totalMs: result.phases.totalMs,
    protocol: result.tls.protocol,
    faultCode: result.soap.fault?.code ?? null,
    faultReason: result.soap.fault?.reason ?? null,
    registryErrors: result.soap.errors.length > 0 ? result.soap.errors.map((e) => e.errorCode).join(", ") : null,
    maxBytes: result.limits.maxBodyBytes,
    address: result.address,
  };
}

/** Every reason, then every warning, with filled-in texts. */
export function explainResult(result: ProbeResult, lang: "nl" | "en" = "nl"): ExplainedReason[] {
  const params = verdictParamsFor(result, lang);
  return [...result.reasons, ...result.warnings].map((code) => ({ code, ...describeVerdict(code, params, lang) }));
}

export function statusLabel(status: ProbeResult["status"], lang: "nl" | "en" = "nl"): string {
  return statusText(status, lang);
}
