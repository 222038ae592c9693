/**
 * Registry rows as FHIR R4 resources in the national directory convention (IHE mCSD):
 * institutions and vendors as Organization, gateways as Endpoint. Pure.
 */
import type { Endpoint as EndpointRow, EndpointSnapshot, Institution, Vendor } from "@/db/schema";

export const SYSTEMS = {
  ura: "http://fhir.nl/fhir/NamingSystem/ura",
  agb: "http://fhir.nl/fhir/NamingSystem/agb-z",
  kvk: "http://fhir.nl/fhir/NamingSystem/kvk",
  rfc3986: "urn:ietf:rfc:3986",
  connectionType: "http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
  mcsdEndpointTypes: "https://profiles.ihe.net/ITI/mCSD/CodeSystem/MCSDEndpointTypes",
  specificTypeExtension: "https://profiles.ihe.net/ITI/mCSD/StructureDefinition/ihe-endpointspecifictype",
  /** No standard code exists for RAD-75: a local code system of the portal. */
  localEndpointTypes: "https://duo-portaal.example/fhir/CodeSystem/endpoint-types",
  payloadType: "http://terminology.hl7.org/CodeSystem/endpoint-payload-type",
  organizationType: "http://terminology.hl7.org/CodeSystem/organization-type",
  institutionKind: "https://duo-portaal.example/fhir/CodeSystem/institution-kind",
  environment: "https://duo-portaal.example/fhir/CodeSystem/environment",
} as const;
export const ENVIRONMENT_EXTENSION = "https://duo-portaal.example/fhir/StructureDefinition/endpoint-environment";
/** The checker's view of an endpoint (lib/fhir/extensions.ts defines it); Endpoint.status stays administrative. */
export const HEALTH_EXTENSION = "https://duo-portaal.example/fhir/StructureDefinition/endpoint-health";
export const CHECK_REASON_SYSTEM = "https://duo-portaal.example/fhir/CodeSystem/check-reason";

/** The health of an endpoint as the checker last saw it (lib/registry/queries.ts endpointHealthSummaries). */
export type HealthSummary = {
  status: "unknown" | "up" | "degraded" | "down";
  since: Date | null;
  lastCheckedAt: Date | null;
  reason: string | null;
  certificateNotAfter: Date | null;
};

export function healthExtension(h: HealthSummary) {
  return {
    url: HEALTH_EXTENSION,
    extension: [
      { url: "status", valueCode: h.status },
      ...(h.since ? [{ url: "since", valueInstant: h.since.toISOString() }] : []),
      ...(h.lastCheckedAt ? [{ url: "lastChecked", valueInstant: h.lastCheckedAt.toISOString() }] : []),
      ...(h.reason ? [{ url: "reason", valueCoding: { system: CHECK_REASON_SYSTEM, code: h.reason } }] : []),
      ...(h.certificateNotAfter ? [{ url: "certificateNotAfter", valueInstant: h.certificateNotAfter.toISOString() }] : []),
    ],
  };
}

/** mCSD's identifier type for a home community id (CodeSystem MCSDEndpointIdentifierTypes). */
const HCID_TYPE = { system: "https://profiles.ihe.net/ITI/mCSD/CodeSystem/MCSDEndpointIdentifierTypes", code: "HCID", display: "Home Community Identifier" };

export const VENDOR_ORG_PREFIX = "vendor-";
export const vendorOrgId = (code: string) => `${VENDOR_ORG_PREFIX}${code}`;

const SPECIFIC_TYPE: Record<EndpointRow["transaction"], { system: string; code: string; display: string }> = {
  "iti-38": { system: SYSTEMS.mcsdEndpointTypes, code: "XCA-RespGateway-Query", display: "XCA RespondingGateway ITI-38 Cross Gateway Query Synchronous" },
  "iti-39": { system: SYSTEMS.mcsdEndpointTypes, code: "XCA-RespGateway-Retrieve", display: "XCA RespondingGateway ITI-39 Cross Gateway Retrieve Synchronous" },
  "rad-75": { system: SYSTEMS.localEndpointTypes, code: "XCA-I-RespGateway-Retrieve-RAD75", display: "XCA-I Responding Imaging Gateway RAD-75 Cross Gateway Retrieve Imaging Document Set" },
};

const PAYLOAD_MIME: Record<EndpointRow["transaction"], string[]> = {
  "iti-38": ["application/soap+xml"],
  "iti-39": ["application/pdf", "text/xml", "application/dicom"],
  "rad-75": ["application/dicom"],
};

type EndpointLike = Pick<
  EndpointSnapshot,
  "id" | "vendorCode" | "environment" | "transaction" | "url" | "homeCommunityId" | "status" | "periodStart" | "periodEnd" | "version" | "updatedAt"
>;

const iso = (d: Date | string | null) => (d === null ? null : typeof d === "string" ? new Date(d).toISOString() : d.toISOString());

/**
 * Accepts a live row or a version snapshot (dates as strings). `health`, when given, is the
 * checker's current view (read and search, never vread or _history: it is not versioned).
 *
 * IHE mCSD Endpoint for Document Sharing (IHE.mCSD.Endpoint.DocShare): no `name` (0..0) and no
 * `header`; the institution it serves lists it in Organization.endpoint, the vendor manages it.
 */
export function toFhirEndpoint(e: EndpointLike | EndpointRow, health?: HealthSummary) {
  const spec = SPECIFIC_TYPE[e.transaction];
  const periodStart = iso(e.periodStart);
  const periodEnd = iso(e.periodEnd);
  return {
    resourceType: "Endpoint" as const,
    id: e.id,
    meta: { versionId: String(e.version), lastUpdated: iso(e.updatedAt)! },
    extension: [
      { url: SYSTEMS.specificTypeExtension, valueCodeableConcept: { coding: [spec] } },
      { url: ENVIRONMENT_EXTENSION, valueCode: e.environment },
      ...(health ? [healthExtension(health)] : []),
    ],
    identifier: [{ use: "official" as const, type: { coding: [HCID_TYPE], text: "homeCommunityId" }, system: SYSTEMS.rfc3986, value: e.homeCommunityId }],
    status: e.status,
    connectionType: { system: SYSTEMS.connectionType, code: "ihe-xca", display: "IHE XCA" },
    managingOrganization: { reference: `Organization/${vendorOrgId(e.vendorCode)}` },
    ...(periodStart || periodEnd ? { period: { ...(periodStart ? { start: periodStart } : {}), ...(periodEnd ? { end: periodEnd } : {}) } } : {}),
    payloadType: [{ coding: [{ system: SYSTEMS.payloadType, code: "any", display: "Any" }] }],
    payloadMimeType: PAYLOAD_MIME[e.transaction],
    address: e.url,
  };
}

export function toFhirOrganization(i: Institution, opts: { lastUpdated: Date; endpointIds: string[]; kindDisplay?: string }) {
  const identifier = [
    { use: "official" as const, system: SYSTEMS.ura, value: i.ura },
    ...(i.agb ? [{ system: SYSTEMS.agb, value: i.agb }] : []),
    ...(i.kvk ? [{ system: SYSTEMS.kvk, value: i.kvk }] : []),
  ];
  return {
    resourceType: "Organization" as const,
    id: i.id,
    meta: { versionId: String(opts.lastUpdated.getTime()), lastUpdated: opts.lastUpdated.toISOString() },
    identifier,
    active: true,
    type: [
      {
        coding: [
          { system: SYSTEMS.organizationType, code: "prov", display: "Healthcare Provider" },
          { system: SYSTEMS.institutionKind, code: i.kind, ...(opts.kindDisplay ? { display: opts.kindDisplay } : {}) },
        ],
      },
    ],
    name: i.name,
    address: [{ city: i.city, country: "NL" }],
    ...(opts.endpointIds.length ? { endpoint: opts.endpointIds.map((id) => ({ reference: `Endpoint/${id}` })) } : {}),
  };
}

/** Vendors never change in this portal; their version is fixed. */
export const VENDOR_EPOCH = new Date("2025-01-01T00:00:00Z");

export function vendorToFhirOrganization(v: Vendor) {
  return {
    resourceType: "Organization" as const,
    id: vendorOrgId(v.code),
    meta: { versionId: "1", lastUpdated: VENDOR_EPOCH.toISOString() },
    identifier: [{ use: "official" as const, system: SYSTEMS.kvk, value: v.kvk }],
    active: true,
    type: [{ coding: [{ system: SYSTEMS.organizationType, code: "bus", display: "Non-Healthcare Business or Corporation" }], text: v.infrastructure }],
    name: v.name,
  };
}

export type FhirResource = ReturnType<typeof toFhirEndpoint> | ReturnType<typeof toFhirOrganization> | ReturnType<typeof vendorToFhirOrganization>;

export function operationOutcome(severity: "error" | "warning" | "information", code: string, diagnostics: string) {
  return { resourceType: "OperationOutcome" as const, issue: [{ severity, code, diagnostics }] };
}
