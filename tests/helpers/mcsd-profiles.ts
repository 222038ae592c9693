/**
 * The constraints of the IHE mCSD profiles this directory claims (CapabilityStatement
 * supportedProfile), as a checker for tests: IHE.mCSD.Organization, IHE.mCSD.Endpoint and
 * IHE.mCSD.Endpoint.DocShare (mCSD 3.x, https://profiles.ihe.net/ITI/mCSD), plus the R4 base
 * cardinalities of Endpoint that the JSON schema (tests/helpers/fhir-schema.ts) does not check.
 *
 * The profiles' differentials, element by element (the IG publishes them as StructureDefinitions;
 * no FHIR package registry is reachable from the test machines, so they are written out here):
 *
 * Organization (IHE.mCSD.Organization): implicitRules 0..0, modifierExtension 0..0, type 1..*,
 *   name 1..1, partOf only Reference(IHE.mCSD.Organization).
 * Endpoint (IHE.mCSD.Endpoint): implicitRules 0..0, modifierExtension 0..0,
 *   managingOrganization 1..1 only Reference(IHE.mCSD.Organization).
 * Endpoint for document sharing (IHE.mCSD.Endpoint.DocShare, on IHE.mCSD.Endpoint):
 *   connectionType from MCSDEndpointTypesCoreDocShareVS (required), name 0..0, address 1..1,
 *   header 0..0, extension:specificType (ihe-endpointspecifictype) valueCodeableConcept only.
 */
const CONNECTION_TYPES = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";
const MCSD_TYPES = "https://profiles.ihe.net/ITI/mCSD/CodeSystem/MCSDEndpointTypes";
/** MCSDEndpointTypesCoreDocShareVS. */
const DOC_SHARE_CONNECTION_TYPES = new Set([
  `${CONNECTION_TYPES}|ihe-xcpd`,
  `${CONNECTION_TYPES}|ihe-xca`,
  `${CONNECTION_TYPES}|ihe-xds`,
  `${CONNECTION_TYPES}|ihe-xdr`,
  `${MCSD_TYPES}|ihe-pdq`,
  `${MCSD_TYPES}|ihe-pix`,
  `${MCSD_TYPES}|ihe-mhd`,
]);
const SPECIFIC_TYPE = "https://profiles.ihe.net/ITI/mCSD/StructureDefinition/ihe-endpointspecifictype";

type Json = Record<string, unknown>;
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const count = (v: unknown) => (v === undefined ? 0 : isArray(v) ? v.length : 1);

function common(r: Json, errors: string[]) {
  if (r.implicitRules !== undefined) errors.push("implicitRules: 0..0");
  if (r.modifierExtension !== undefined) errors.push("modifierExtension: 0..0");
}

function referenceTo(type: string, ref: unknown): boolean {
  const reference = (ref as { reference?: unknown } | undefined)?.reference;
  return typeof reference === "string" && new RegExp(`^${type}/[A-Za-z0-9\\-.]{1,64}$`).test(reference);
}

export function mcsdOrganizationErrors(r: Json): string[] {
  const errors: string[] = [];
  common(r, errors);
  if (count(r.type) < 1) errors.push("type: 1..*");
  if (typeof r.name !== "string" || r.name.trim() === "") errors.push("name: 1..1");
  if (r.partOf !== undefined && !referenceTo("Organization", r.partOf)) errors.push("partOf: only Reference(Organization)");
  for (const e of (r.endpoint as unknown[] | undefined) ?? []) if (!referenceTo("Endpoint", e)) errors.push(`endpoint: ${JSON.stringify(e)} is no Reference(Endpoint)`);
  return errors;
}

export function mcsdEndpointDocShareErrors(r: Json): string[] {
  const errors: string[] = [];
  common(r, errors);
  // R4 base cardinalities.
  if (typeof r.status !== "string") errors.push("status: 1..1");
  if (count(r.connectionType) !== 1) errors.push("connectionType: 1..1");
  if (count(r.payloadType) < 1) errors.push("payloadType: 1..*");
  // IHE.mCSD.Endpoint
  if (!referenceTo("Organization", r.managingOrganization)) errors.push("managingOrganization: 1..1 Reference(Organization)");
  // IHE.mCSD.Endpoint.DocShare
  const ct = r.connectionType as { system?: string; code?: string } | undefined;
  if (!ct || !DOC_SHARE_CONNECTION_TYPES.has(`${ct.system}|${ct.code}`)) errors.push(`connectionType: ${JSON.stringify(ct)} is not in MCSDEndpointTypesCoreDocShareVS (required)`);
  if (r.name !== undefined) errors.push("name: 0..0");
  if (r.header !== undefined) errors.push("header: 0..0");
  if (typeof r.address !== "string" || r.address === "") errors.push("address: 1..1");
  for (const ext of (r.extension as Json[] | undefined) ?? []) {
    if (ext.url === SPECIFIC_TYPE) {
      const keys = Object.keys(ext).filter((k) => k.startsWith("value"));
      if (keys.join() !== "valueCodeableConcept") errors.push("extension:specificType: value[x] only CodeableConcept");
    }
  }
  return errors;
}

/** The profile errors of a resource this directory serves (empty when it conforms). */
export function mcsdErrors(r: Json): string[] {
  if (r.resourceType === "Organization") return mcsdOrganizationErrors(r);
  if (r.resourceType === "Endpoint") return mcsdEndpointDocShareErrors(r);
  return [`${String(r.resourceType)} is not a resource mCSD profiles here`];
}
