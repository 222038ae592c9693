/**
 * The CapabilityStatement at /fhir/metadata: what this directory offers, including what it does
 * not (XML, `_summary=true|text`, `_sort`, writes), so that a client learns it from here rather
 * than from a 400. Pure; `base` is the public FHIR base (lib/api/public-url.ts).
 */
import { MAX_COUNT, DEFAULT_COUNT } from "./search";
import { ENVIRONMENT_EXTENSION, HEALTH_EXTENSION } from "./mapping";

export const SOFTWARE_DATE = "2026-12-05";

const MCSD = "https://profiles.ihe.net/ITI/mCSD/StructureDefinition";

/** The result parameters, declared on rest.searchParam with what this server does with them. */
const RESULT_PARAMS = [
  { name: "_count", type: "number", documentation: `Page size, ${DEFAULT_COUNT} by default, at most ${MAX_COUNT}; 0 returns only the total (as _summary=count).` },
  { name: "_summary", type: "token", documentation: "count (only Bundle.total), data and false (the whole resource: there is no narrative). true and text are not supported (400, or ignored with Prefer: handling=lenient)." },
  { name: "_total", type: "token", documentation: "none (no Bundle.total, cheaper), estimate and accurate (both exact)." },
  { name: "_elements", type: "string", documentation: "Comma-separated top-level elements; id, meta and the elements R4 requires stay; the resource is tagged SUBSETTED." },
  { name: "_format", type: "token", documentation: "json, application/json or application/fhir+json. XML is not offered: _format=xml and Accept: application/fhir+xml get 406." },
  { name: "_pretty", type: "token", documentation: "true indents the JSON." },
];

export function capabilityStatement(base: string) {
  const history = { code: "history-type" };
  const common = [
    { name: "_id", type: "token", definition: "http://hl7.org/fhir/SearchParameter/Resource-id" },
    { name: "_lastUpdated", type: "date", definition: "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated" },
  ];
  return {
    resourceType: "CapabilityStatement",
    url: `${base}/metadata`,
    name: "DuoNetworkRegistry",
    title: "DUO network registry (IHE mCSD directory)",
    status: "active",
    date: SOFTWARE_DATE,
    publisher: "Programma Landelijke Beeldbeschikbaarheid",
    kind: "instance",
    software: { name: "DUO-portaal netwerkregister" },
    implementation: { description: "DUO network registry (IHE mCSD directory, read-only)", url: base },
    fhirVersion: "4.0.1",
    format: ["json", "application/fhir+json"],
    implementationGuide: ["https://profiles.ihe.net/ITI/mCSD/ImplementationGuide/ihe.iti.mcsd"],
    rest: [
      {
        mode: "server",
        documentation: [
          "Read with an API token (Authorization: Bearer) or a signed-in session; read-only (other methods: 405).",
          "Replicas: load everything with a search, following the next links as they are (absolute URLs of the public address); paging is by keyset (_cursor) on the resource id, stable while the directory changes.",
          "Every searchset and history Bundle carries its sync point in Bundle.meta.lastUpdated (the same on every page of one result set): then poll _history?_since=<that instant> and continue with the meta.lastUpdated of each poll's first page. A full load plus that history misses no change.",
          "Unknown or unsupported parameters are refused (400) by default and with Prefer: handling=strict; with Prefer: handling=lenient they are ignored and listed in an OperationOutcome entry (search.mode = outcome) and Preference-Applied: handling=lenient is returned.",
          "Nothing is deleted: a retracted endpoint keeps its id with status entered-in-error (a mistake) or off (taken out of service).",
          "Endpoint.managingOrganization is the vendor that runs the gateway (Organization/vendor-<code>); the institution an endpoint serves lists it in Organization.endpoint. Endpoint?organization=<institution id> finds an institution's endpoints through Organization.endpoint, Endpoint?organization=vendor-<code> the endpoints a vendor manages.",
        ].join(" "),
        security: { cors: false, description: "Bearer API token, or the portal session cookie." },
        resource: [
          {
            type: "Organization",
            supportedProfile: [`${MCSD}/IHE.mCSD.Organization`],
            versioning: "versioned",
            readHistory: false,
            conditionalRead: "not-supported",
            interaction: [{ code: "read" }, { code: "search-type" }, history],
            searchInclude: ["Organization:endpoint"],
            searchRevInclude: ["Endpoint:organization"],
            searchParam: [
              ...common,
              { name: "identifier", type: "token", definition: "http://hl7.org/fhir/SearchParameter/Organization-identifier", documentation: "URA (http://fhir.nl/fhir/NamingSystem/ura) of institutions, KvK (http://fhir.nl/fhir/NamingSystem/kvk) of vendors; system|value or a bare value." },
              { name: "name", type: "string", definition: "http://hl7.org/fhir/SearchParameter/Organization-name", documentation: "Starts with, case-insensitive; name:contains and name:exact are supported." },
              { name: "active", type: "token", definition: "http://hl7.org/fhir/SearchParameter/Organization-active" },
            ],
          },
          {
            type: "Endpoint",
            supportedProfile: [`${MCSD}/IHE.mCSD.Endpoint.DocShare`],
            documentation: [
              `Extensions: ${ENVIRONMENT_EXTENSION} (acceptance | production) and ${HEALTH_EXTENSION}, the connectivity checker's view (status up | degraded | down | unknown, since, lastChecked, reason, certificateNotAfter), defined at ${base}/StructureDefinition/endpoint-health.`,
              "Endpoint.status stays administrative. The health extension is not versioned: it is on read and search (the state at the time of the answer), not on vread or _history, and it does not move meta.versionId or the ETag; a replica that shows health re-reads or re-searches.",
            ].join(" "),
            versioning: "versioned",
            readHistory: true,
            conditionalRead: "not-supported",
            interaction: [{ code: "read" }, { code: "vread" }, { code: "search-type" }, { code: "history-instance" }, history],
            searchInclude: ["Endpoint:organization"],
            searchRevInclude: ["Organization:endpoint"],
            searchParam: [
              ...common,
              { name: "identifier", type: "token", definition: "http://hl7.org/fhir/SearchParameter/Endpoint-identifier", documentation: "The homeCommunityId (system urn:ietf:rfc:3986)." },
              {
                name: "organization",
                type: "reference",
                definition: "http://hl7.org/fhir/SearchParameter/Endpoint-organization",
                documentation: "Organization/vendor-<code>: the endpoints the vendor manages (managingOrganization). Organization/<institution id>: the endpoints the institution lists in Organization.endpoint (its own gateways, which a vendor manages).",
              },
              { name: "status", type: "token", definition: "http://hl7.org/fhir/SearchParameter/Endpoint-status" },
              { name: "connection-type", type: "token", definition: "http://hl7.org/fhir/SearchParameter/Endpoint-connection-type", documentation: "Every endpoint here is ihe-xca (http://terminology.hl7.org/CodeSystem/endpoint-connection-type)." },
            ],
          },
          {
            type: "StructureDefinition",
            interaction: [{ code: "read" }],
            documentation: "Public: the definitions of this server's extensions, StructureDefinition/endpoint-health and StructureDefinition/endpoint-environment.",
          },
        ],
        interaction: [{ code: "history-system", documentation: "Endpoint versions and Organization changes merged, newest first; _since, _count and the result parameters as for type-level history." }],
        searchParam: RESULT_PARAMS,
      },
    ],
  };
}
