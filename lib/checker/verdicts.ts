/**
 * The verdict vocabulary of the connectivity checker (issue 6), as data.
 *
 * The codes are a contract shared by the probe, the database, the UI, the CLI JSON and
 * notifications: never rename one. The order of `REASON_CODES` is the order of the layers
 * (DNS -> target -> TCP -> TLS -> HTTP -> SOAP), so sorting by it puts the first failing
 * layer first. The texts are messages (checker.verdicts.<code>), rendered by describeVerdict.
 */
import { translator, type Locale } from "@/lib/i18n/messages";

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
  "action_not_supported",
  "soap_fault",
  "wsa_mismatch",
  "registry_failure",
  "retrieve_failed",
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

/** A code's severity and layer; its texts are checker.verdicts.<code>.{label,explanation,next_step} in messages/*.json. */
export interface VerdictEntry {
  code: ReasonCode | WarningCode;
  severity: "down" | "degraded" | "warning";
  layer: Layer;
}

/**
 * Values a text can mention. Every placeholder has a fallback (checker.verdict_unknown.<name>)
 * so a text never shows "{days}" when the probe could not learn the value.
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
  /** The transaction probed ("ITI-39") and the one the address answered as, or the one it is confused with ("ITI-38"). */
  transaction?: string | null;
  otherTransaction?: string | null;
}

const entries: VerdictEntry[] = [
  { code: "dns_failed", severity: "down", layer: "dns" },
  { code: "blocked_target", severity: "down", layer: "target" },
  { code: "connect_refused", severity: "down", layer: "tcp" },
  { code: "connect_timeout", severity: "down", layer: "tcp" },
  { code: "tls_failed", severity: "down", layer: "tls" },
  { code: "tls_version", severity: "down", layer: "tls" },
  { code: "cert_untrusted", severity: "down", layer: "tls" },
  { code: "cert_expired", severity: "down", layer: "tls" },
  { code: "cert_hostname", severity: "down", layer: "tls" },
  { code: "client_cert_rejected", severity: "down", layer: "tls" },
  { code: "ura_mismatch", severity: "down", layer: "tls" },
  { code: "timeout", severity: "down", layer: "http" },
  { code: "redirect", severity: "down", layer: "http" },
  { code: "http_status", severity: "down", layer: "http" },
  { code: "too_large", severity: "down", layer: "http" },
  { code: "not_soap", severity: "down", layer: "soap" },
  { code: "unsafe_xml", severity: "down", layer: "soap" },
  { code: "action_not_supported", severity: "down", layer: "soap" },
  { code: "soap_fault", severity: "down", layer: "soap" },
  { code: "wsa_mismatch", severity: "down", layer: "soap" },
  { code: "registry_failure", severity: "down", layer: "soap" },
  { code: "retrieve_failed", severity: "down", layer: "soap" },
  { code: "partial_success", severity: "degraded", layer: "soap" },
  { code: "slow", severity: "degraded", layer: "timing" },
  { code: "cert_expiring", severity: "degraded", layer: "tls" },
  { code: "tls_1_2", severity: "warning", layer: "tls" },
];

export const VERDICTS: Readonly<Record<ReasonCode | WarningCode, VerdictEntry>> = Object.freeze(
  Object.fromEntries(entries.map((e) => [e.code, e])) as Record<ReasonCode | WarningCode, VerdictEntry>,
);

export const VERDICT_PARAM_NAMES: readonly (keyof VerdictParams)[] = [
  "days", "notAfter", "httpStatus", "location", "expectedUra", "certUra", "timeoutMs", "slowMs",
  "totalMs", "protocol", "faultCode", "faultReason", "registryErrors", "maxBytes", "address", "transaction", "otherTransaction",
];

/** "bereikbaar" / "up": the status in words (checker.status_labels). */
export function statusText(status: CheckStatus, lang: Locale = "nl"): string {
  return translator(lang)(`checker.status_labels.${status}`);
}

/**
 * Who reads the advice: the people of an institution (and the programme office) are told what to
 * check and what to ask their vendor; a vendor's own staff, who run the gateway, are told what to
 * do themselves. The next_step messages select on it (`{reader, select, vendor {…} other {…}}`).
 */
export type VerdictReader = "institution" | "vendor";

/** The explanation and next step for a code, with the placeholders filled in. */
export function describeVerdict(
  code: ReasonCode | WarningCode,
  params: VerdictParams = {},
  lang: Locale = "nl",
  reader: VerdictReader = "institution",
): VerdictText & { label: string; severity: VerdictEntry["severity"] } {
  const t = translator(lang);
  const values: Record<string, string> = { reader };
  for (const k of VERDICT_PARAM_NAMES) {
    const v = params[k];
    values[k] = v === undefined || v === null || v === "" ? t(`checker.verdict_unknown.${k}`) : String(v);
  }
  return {
    label: t(`checker.verdicts.${code}.label`),
    severity: VERDICTS[code].severity,
    explanation: t(`checker.verdicts.${code}.explanation`, values),
    nextStep: t(`checker.verdicts.${code}.next_step`, values),
  };
}

export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value);
}

export function severityOf(code: ReasonCode): "down" | "degraded" {
  return (DOWN_REASONS as readonly string[]).includes(code) ? "down" : "degraded";
}
