/**
 * Turns a probe result into the plain-language lines shown to people (CLI, endpoint page,
 * notifications). Pure: the result carries every value the texts need.
 */
import { translator } from "@/lib/i18n/messages";
import type { ProbeResult } from "./probe";
import { TRANSACTION_INFO } from "./soap";
import type { Actor } from "@/lib/auth/policy";
import { describeVerdict, statusText, type ReasonCode, type VerdictParams, type VerdictReader, type WarningCode } from "./verdicts";
import { formatDateTime } from "@/lib/domain/intl";

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
  return formatDateTime(d, lang === "nl" ? "nl-NL" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Amsterdam" });
}

/** The error codes of the answer that decided: in a chain, the deciding step's. */
function registryErrorsFor(result: ProbeResult): string | null {
  const step = result.verdictTransaction ? result.steps?.find((s) => s.transaction === result.verdictTransaction) : undefined;
  const codes = step ? (step.registryErrors ?? []) : result.soap.errors.map((e) => e.errorCode);
  return codes.length > 0 ? codes.join(", ") : null;
}

export function verdictParamsFor(result: ProbeResult, lang: "nl" | "en" = "nl"): VerdictParams {
  // In a chain decided by another address, the texts speak of that address's facts.
  const decider = result.verdictTransaction && result.verdictTransaction !== result.transaction ? result.steps?.find((s) => s.transaction === result.verdictTransaction) : undefined;
  const f = decider?.facts;
  const own = ownParams(result, lang);
  if (!f) return own;
  return {
    ...own,
    days: f.certDaysLeft,
    notAfter: formatDate(f.certNotAfter, lang),
    httpStatus: f.httpStatus,
    location: f.location,
    certUra: f.certUra,
    protocol: f.protocol,
    faultCode: f.faultCode,
    faultReason: f.faultReason,
    address: f.address,
    totalMs: decider?.phases?.totalMs ?? own.totalMs,
  };
}

function ownParams(result: ProbeResult, lang: "nl" | "en"): VerdictParams {
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
    registryErrors: registryErrorsFor(result),
    maxBytes: result.limits.maxBodyBytes,
    address: result.address,
    transaction: TRANSACTION_INFO[result.verdictTransaction ?? result.transaction ?? "iti38"].label,
    otherTransaction: result.otherTransaction ? TRANSACTION_INFO[result.otherTransaction].label : null,
  };
}

/** One line per chain step (query mode): "ITI-39: onbereikbaar — <why>", skipped steps with their reason. */
export function explainSteps(result: ProbeResult, lang: "nl" | "en" = "nl"): string[] {
  const t = translator(lang);
  return (result.steps ?? []).map((s) => {
    const transaction = TRANSACTION_INFO[s.transaction].label;
    const status = s.status === "skipped" ? null : statusText(s.status, lang);
    const head = status ? t("checker.chain.step", { transaction, status }) : transaction;
    const parts = [head];
    if (s.reason) parts.push(describeVerdict(s.reason, { ...verdictParamsFor(result, lang), transaction, otherTransaction: s.otherTransaction ? TRANSACTION_INFO[s.otherTransaction].label : null }, lang).label);
    if (s.note) parts.push(t(`checker.chain.skipped.${s.note}`, { transaction }));
    return parts.join(" — ");
  });
}

/** Every reason, then every warning, with filled-in texts. */
export function explainResult(result: ProbeResult, lang: "nl" | "en" = "nl", reader: VerdictReader = "institution"): ExplainedReason[] {
  const params = verdictParamsFor(result, lang);
  return [...result.reasons, ...result.warnings].map((code) => ({ code, ...describeVerdict(code, params, lang, reader) }));
}

/** A vendor's own staff (every membership a vendor_editor one) read the advice as the ones who run the gateway. */
export function verdictReaderOf(actor: Pick<Actor, "memberships"> | null): VerdictReader {
  return actor && actor.memberships.length > 0 && actor.memberships.every((m) => m.role === "vendor_editor") ? "vendor" : "institution";
}

export function statusLabel(status: ProbeResult["status"], lang: "nl" | "en" = "nl"): string {
  return statusText(status, lang);
}
