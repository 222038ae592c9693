/**
 * The endpoint schema shared by the registry form (react-hook-form resolver), the server
 * action and the REST API. URL and homeCommunityId reuse the checks in endpoint-url.ts and
 * identifiers.ts; messages are message keys ("registry.v.*", "checks.*", with values where the
 * check has them: lib/validation/messages.ts), turned into text where they are shown.
 *
 * Pure and browser-safe: the allow-lists come in as options.
 */
import { z } from "zod";
import type { MaintenanceWindow } from "@/db/schema/endpoints";
import { validateEndpointUrl } from "./endpoint-url";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { checkHomeCommunityId } from "./identifiers";
import { issue, messageText, type Translate } from "./messages";
import { dateTimeFormat } from "@/lib/domain/intl";

export const ENDPOINT_ENVIRONMENTS = ["acceptance", "production"] as const;
export const ENDPOINT_TRANSACTIONS = ["iti-38", "iti-39", "rad-75"] as const;
export const ENDPOINT_STATUSES = ["active", "suspended", "off", "entered-in-error"] as const;
export const PROBE_MODES = ["transport", "query"] as const;
export type EndpointEnvironment = (typeof ENDPOINT_ENVIRONMENTS)[number];
export type EndpointTransaction = (typeof ENDPOINT_TRANSACTIONS)[number];
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];
export type ProbeMode = (typeof PROBE_MODES)[number];

export const MAX_MAINTENANCE_WINDOWS = 20;
export const NOTE_MAX_LENGTH = 200;

export type EndpointSchemaOptions = {
  /** Hosts that may use plain http:// (development; from CHECKER_ALLOW_HTTP + CHECKER_ALLOW_TARGETS). */
  httpAllowedHosts?: readonly string[];
  /** Internal targets production endpoints may name anyway (CHECKER_ALLOW_TARGETS, e.g. the simulator). */
  allowedInternalTargets?: readonly string[];
};

// ---------------------------------------------------------------------------------------------
// Instants. Forms send "YYYY-MM-DDTHH:mm" (datetime-local), meant as Dutch time; the API sends
// ISO 8601 with an offset. Both are accepted; a bare date means midnight in Amsterdam.

const TZ = "Europe/Amsterdam";
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const OFFSET_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function amsterdamOffsetMinutes(utcMs: number): number {
  const parts = dateTimeFormat("en-US", {
    timeZone: TZ,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return (Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - Math.floor(utcMs / 1000) * 1000) / 60_000;
}

/** A wall-clock time in Amsterdam as an instant (DST-aware). */
export function amsterdamToInstant(y: number, m: number, d: number, h = 0, mi = 0, s = 0): Date {
  const wall = Date.UTC(y, m - 1, d, h, mi, s);
  let utc = wall - amsterdamOffsetMinutes(wall) * 60_000;
  const second = amsterdamOffsetMinutes(utc);
  utc = wall - second * 60_000;
  return new Date(utc);
}

/** Parses a form or API instant; null when it is not one. */
export function parseInstant(input: string): Date | null {
  const s = input.trim();
  if (OFFSET_RE.test(s)) {
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  const m = LOCAL_RE.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  // Reject 31 February and friends: the date must survive a round trip.
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return amsterdamToInstant(y, mo, d, h, mi, se);
}

/** An instant as the value of a datetime-local input, in Amsterdam time. */
export function toAmsterdamInput(date: Date | string | null | undefined): string {
  if (!date) return "";
  const d = typeof date === "string" ? new Date(date) : date;
  const parts = dateTimeFormat("en-GB", { timeZone: TZ, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const note = z.preprocess(emptyToUndefined, z.string().trim().max(NOTE_MAX_LENGTH, "registry.v.note_too_long").optional());

export const maintenanceWindowSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.object({
        kind: z.literal("once"),
        start: z.string().max(40, "registry.v.instant_invalid"),
        end: z.string().max(40, "registry.v.instant_invalid"),
        note,
      }),
      z.object({
        kind: z.literal("weekly"),
        day: z.coerce.number("registry.v.day_invalid").int("registry.v.day_invalid").min(1, "registry.v.day_invalid").max(7, "registry.v.day_invalid"),
        start: z.string().regex(TIME_RE, "registry.v.time_invalid"),
        end: z.string().regex(TIME_RE, "registry.v.time_invalid"),
        note,
      }),
    ],
    "registry.v.window_kind_invalid",
  )
  .superRefine((w, ctx) => {
    if (w.kind === "weekly") {
      if (TIME_RE.test(w.start) && TIME_RE.test(w.end) && w.start >= w.end) ctx.addIssue({ code: "custom", path: ["end"], message: "registry.v.window_order" });
      return;
    }
    const start = parseInstant(w.start);
    const end = parseInstant(w.end);
    if (!start) ctx.addIssue({ code: "custom", path: ["start"], message: "registry.v.instant_invalid" });
    if (!end) ctx.addIssue({ code: "custom", path: ["end"], message: "registry.v.instant_invalid" });
    if (start && end && start >= end) ctx.addIssue({ code: "custom", path: ["end"], message: "registry.v.window_order" });
  })
  .transform((w): MaintenanceWindow => {
    const base = w.note ? { note: w.note } : {};
    if (w.kind === "weekly") return { kind: "weekly", day: w.day, start: w.start, end: w.end, ...base };
    return { kind: "once", start: parseInstant(w.start)!.toISOString(), end: parseInstant(w.end)!.toISOString(), ...base };
  });

const optionalInstant = z.preprocess(emptyToUndefined, z.string().max(40, "registry.v.instant_invalid").optional());

/** The fields of an endpoint as a form or API client sends them. */
export function makeEndpointSchema(options: EndpointSchemaOptions = {}) {
  return z
    .object({
      institutionId: z.uuid("registry.v.institution_required"),
      environment: z.enum(ENDPOINT_ENVIRONMENTS, "registry.v.environment_invalid"),
      transaction: z.enum(ENDPOINT_TRANSACTIONS, "registry.v.transaction_invalid"),
      url: z.string("registry.v.url_required").max(4096, "registry.v.url_too_long"),
      homeCommunityId: z.string("registry.v.hcid_required").max(200, "registry.v.hcid_too_long"),
      vendorCode: z.enum(VENDOR_CODES, "registry.v.vendor_invalid"),
      status: z.enum(ENDPOINT_STATUSES, "registry.v.status_invalid").default("active"),
      periodStart: optionalInstant,
      periodEnd: optionalInstant,
      probeMode: z.enum(PROBE_MODES, "registry.v.probe_mode_invalid").default("transport"),
      maintenanceWindows: z.array(maintenanceWindowSchema).max(MAX_MAINTENANCE_WINDOWS, "registry.v.too_many_windows").default([]),
      /**
       * A central component of the vendor's infrastructure (issue 16, public status page). Left
       * out: a new endpoint is not central, a changed one keeps what it was. Only programme admins
       * and the vendor's own editors (or vendor tokens) may change it (lib/registry/endpoints.ts).
       */
      central: z.boolean("registry.v.central_invalid").optional(),
    })
    .superRefine((v, ctx) => {
      const url = validateEndpointUrl(v.url, {
        environment: v.environment,
        httpAllowedHosts: options.httpAllowedHosts,
        allowedInternalTargets: options.allowedInternalTargets,
      });
      if (!url.ok) ctx.addIssue(issue(url, ["url"]));
      const hcid = checkHomeCommunityId(v.homeCommunityId);
      if (!hcid.ok) ctx.addIssue(issue(hcid, ["homeCommunityId"]));
      const start = v.periodStart ? parseInstant(v.periodStart) : null;
      const end = v.periodEnd ? parseInstant(v.periodEnd) : null;
      if (v.periodStart && !start) ctx.addIssue({ code: "custom", path: ["periodStart"], message: "registry.v.instant_invalid" });
      if (v.periodEnd && !end) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "registry.v.instant_invalid" });
      if (start && end && start >= end) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "registry.v.period_order" });
    })
    .transform((v) => ({
      institutionId: v.institutionId.toLowerCase(),
      environment: v.environment,
      transaction: v.transaction,
      url: (validateEndpointUrl(v.url, { environment: v.environment, httpAllowedHosts: options.httpAllowedHosts, allowedInternalTargets: options.allowedInternalTargets }) as { url: string }).url,
      homeCommunityId: (checkHomeCommunityId(v.homeCommunityId) as { value: string }).value,
      vendorCode: v.vendorCode,
      status: v.status,
      periodStart: v.periodStart ? parseInstant(v.periodStart) : null,
      periodEnd: v.periodEnd ? parseInstant(v.periodEnd) : null,
      probeMode: v.probeMode,
      maintenanceWindows: v.maintenanceWindows,
      central: v.central,
    }));
}

export type EndpointFormInput = z.input<ReturnType<typeof makeEndpointSchema>>;
export type EndpointValues = z.output<ReturnType<typeof makeEndpointSchema>>;

/**
 * Allow-lists from the checker's settings, so the registry and the checker agree. Pass `env()`
 * (lib/env.ts) on the server; this module stays free of server imports because forms use it.
 */
export function endpointSchemaOptionsFromEnv(source: { CHECKER_ALLOW_TARGETS?: string; CHECKER_ALLOW_HTTP?: string }): EndpointSchemaOptions {
  const targets = (source.CHECKER_ALLOW_TARGETS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const hosts = targets.map((t) => t.replace(/\/(32|128)$/, "")).filter((t) => !t.includes("/"));
  const allowHttp = source.CHECKER_ALLOW_HTTP === "true" || source.CHECKER_ALLOW_HTTP === "1";
  return { allowedInternalTargets: targets, httpAllowedHosts: allowHttp ? hosts : [] };
}

/**
 * The first message per field ("url", "maintenanceWindows.0.end") as text: message keys (with
 * their values) through `t`, a translator at the root of the catalogue; other text as it is.
 */
export function fieldMessages(issues: readonly z.core.$ZodIssue[], t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const path = i.path.map(String).join(".") || "_";
    if (out[path]) continue;
    out[path] = messageText(t, i.message);
  }
  return out;
}
