/**
 * The zod schemas of the REST API's responses and errors. Requests reuse the registry's own
 * schemas (lib/validation/endpoints.ts); both feed the OpenAPI document (lib/api/openapi.ts).
 */
import { z } from "zod";
import { ENDPOINT_ENVIRONMENTS, ENDPOINT_STATUSES, ENDPOINT_TRANSACTIONS, PROBE_MODES } from "@/lib/validation/endpoints";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { INSTITUTION_KINDS } from "@/lib/validation/identifiers";

const instant = z.iso.datetime({ offset: true });

export const maintenanceWindowResource = z.union([
  z.object({ kind: z.literal("once"), start: instant, end: instant, note: z.string().optional() }),
  z.object({ kind: z.literal("weekly"), day: z.number().int().min(1).max(7).describe("ISO weekday, 1 = Monday"), start: z.string(), end: z.string(), note: z.string().optional() }),
]);

export const HEALTH_STATUSES = ["up", "degraded", "down", "unknown"] as const;

export const healthResource = z
  .object({
    status: z.enum(HEALTH_STATUSES).describe("The connectivity checker's verdict; unknown: never checked. Endpoint status stays administrative."),
    since: instant.nullable().describe("Since when the status holds"),
    lastCheckedAt: instant.nullable().describe("The last check"),
    reason: z.string().nullable().describe("The last check's reason code (e.g. cert_expired, slow, connect_timeout), null when it had none"),
    certificateNotAfter: instant.nullable().describe("Expiry of the newest certificate the checker saw on the endpoint"),
  })
  .describe("Live: not covered by the ETag (which is the endpoint's version)");

export const endpointResource = z
  .object({
    id: z.uuid(),
    institutionId: z.uuid(),
    ura: z.string().describe("URA of the institution"),
    vendorCode: z.enum(VENDOR_CODES),
    environment: z.enum(ENDPOINT_ENVIRONMENTS),
    transaction: z.enum(ENDPOINT_TRANSACTIONS),
    url: z.string(),
    homeCommunityId: z.string(),
    status: z.enum(ENDPOINT_STATUSES),
    periodStart: instant.nullable(),
    periodEnd: instant.nullable(),
    maintenanceWindows: z.array(maintenanceWindowResource),
    probeMode: z.enum(PROBE_MODES),
    central: z.boolean().describe("A central component of the vendor's infrastructure (the public status page judges the infrastructure by these). Only the vendor's own tokens may change it; left out of a PUT, it stays."),
    version: z.number().int().min(1).describe("Increases with every change; also the ETag"),
    createdAt: instant,
    updatedAt: instant,
    health: healthResource,
  })
  ;

export const institutionResource = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(INSTITUTION_KINDS),
    ura: z.string(),
    agb: z.string().nullable(),
    kvk: z.string().nullable(),
    city: z.string(),
    province: z.string(),
    vendorCode: z.enum(VENDOR_CODES).nullable(),
  })
  ;

const countsByStatus = z.object(Object.fromEntries(ENDPOINT_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof ENDPOINT_STATUSES)[number], z.ZodNumber>);

export const onboardingStatusResource = z
  .object({
    institutionId: z.uuid(),
    vendorChosen: z.boolean(),
    vendorCode: z.enum(VENDOR_CODES).nullable(),
    endpoints: z.object({ acceptance: countsByStatus, production: countsByStatus }),
    connectedInProduction: z.boolean().describe("At least one active production endpoint"),
  })
  ;

export const pageOf = <T extends z.ZodType>(item: T, _id: string) =>
  z.object({ data: z.array(item), page: z.number().int(), pages: z.number().int(), total: z.number().int() });

export const endpointPage = pageOf(endpointResource, "EndpointPage");
export const institutionPage = pageOf(institutionResource, "InstitutionPage");

export const problemResource = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.record(z.string(), z.string()).optional().describe("Per field: the first problem"),
  })
  ;

export const endpointListQuery = z.object({
  institutionId: z.uuid().optional(),
  environment: z.enum(ENDPOINT_ENVIRONMENTS).optional(),
  transaction: z.enum(ENDPOINT_TRANSACTIONS).optional(),
  status: z.enum(ENDPOINT_STATUSES).optional(),
  vendorCode: z.enum(VENDOR_CODES).optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});

export const institutionListQuery = z.object({
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});

/** Issue 15 §2: monthly availability. `month` is a Europe/Amsterdam calendar month. */
const monthParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use YYYY-MM")
  .describe("Europe/Amsterdam calendar month, YYYY-MM; default the last finished month");

export const AVAILABILITY_GROUP_BY = ["endpoint", "institution", "vendor"] as const;

export const availabilityQuery = z.object({
  month: monthParam.optional(),
  groupBy: z.enum(AVAILABILITY_GROUP_BY).optional().describe("Rows per endpoint (default), institution or vendor infrastructure"),
});

export const endpointAvailabilityQuery = z.object({ month: monthParam.optional() });

export const availabilityRowResource = z.object({
  id: z.string().describe("Endpoint or institution id (uuid), or the vendor code"),
  name: z.string(),
  month: z.string(),
  availability: z.number().nullable().describe("Percent, 3 decimals: available (up or degraded) checks / counted checks; null when nothing was counted"),
  checks: z.number().int().describe("Counted checks (maintenance and checker-offline checks left out)"),
  failedChecks: z.number().int().describe("Counted checks that were down"),
  downMinutes: z.number().int().describe("Minutes down, time-weighted per hour (groups: endpoint-minutes)"),
  maintenanceMinutes: z.number().int(),
  checkerOfflineMinutes: z.number().int().describe("Minutes the checker itself was offline or not running: not counted"),
  frozen: z.boolean().describe("The month ended and its figures are frozen (a correction is a new, audited revision)"),
});

export const availabilityList = z.object({ month: z.string(), groupBy: z.enum(AVAILABILITY_GROUP_BY), data: z.array(availabilityRowResource) });

export const incidentResource = z.object({ start: instant, end: instant, minutes: z.number().int(), reason: z.string().nullable().describe("The first failed check's reason code; null beyond the raw window") });

export const endpointAvailabilityResource = availabilityRowResource.extend({
  revision: z.number().int().nullable().describe("The frozen revision (1 = as frozen; higher = corrected), null when not frozen"),
  incidents: z.array(incidentResource).describe("Down periods of the month"),
});

/** GET /institutions/{id}/go-live (issue 17 §1). */
export const goLiveResource = z.object({
  institutionId: z.uuid(),
  gate: z.enum(["open", "closed"]).describe("open: every condition holds"),
  status: z.enum(["not_live", "live", "live_attention", "live_override"]).describe("After go-live: live (evidence holds), live_attention (retest needed), live_override"),
  conditions: z.array(
    z.object({
      code: z.enum(["preconditions_verified", "production_endpoint_active", "endpoint_green_days", "certificate_valid", "ura_match", "cross_infrastructure_exchange_confirmed"]),
      met: z.boolean(),
      since: z.string().nullable().describe("YYYY-MM-DD (Europe/Amsterdam) since when it holds; null when not met"),
      detail: z.string(),
    }),
  ),
  retestReasons: z.array(z.object({ kind: z.enum(["address", "vendor", "certificate", "down"]), transaction: z.enum(["iti-38", "iti-39", "rad-75"]), at: z.string() })).describe("Changes since the last confirmation of a cross-infrastructure exchange"),
  override: z.object({ by: z.string(), reason: z.string(), at: z.string() }).optional(),
});

/** POST /exchange-volumes: one volume, or an array of them (issue 17 §2). */
export const exchangeVolumeInput = z.object({
  ura: z.string().regex(/^\d{8}$/).optional().describe("The institution's URA (or institutionId)"),
  institutionId: z.uuid().optional(),
  month: z.string().regex(/^\d{4}-\d{2}$/).describe("YYYY-MM, not in the future"),
  direction: z.enum(["in", "out"]).describe("in: the institution retrieved from the counterpart; out: the counterpart retrieved from it"),
  counterpart: z.enum(VENDOR_CODES).describe("The other infrastructure (a vendor code)"),
  documents: z.number().int().min(0),
  studies: z.number().int().min(0),
});
export const exchangeVolumeReport = z.object({
  saved: z.number().int(),
  data: z.array(z.object({ institutionId: z.uuid(), vendorCode: z.string(), month: z.string(), direction: z.enum(["in", "out"]), counterpart: z.string(), documents: z.number().int(), studies: z.number().int() })),
});
