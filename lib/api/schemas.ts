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
