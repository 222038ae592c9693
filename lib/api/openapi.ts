/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the API itself uses
 * (zod 4's JSON Schema output is draft 2020-12, the dialect of OpenAPI 3.1). Pure.
 */
import { z } from "zod";
import { makeEndpointSchema } from "@/lib/validation/endpoints";
import {
  availabilityList,
  availabilityQuery,
  endpointAvailabilityQuery,
  endpointAvailabilityResource,
  endpointListQuery,
  endpointPage,
  endpointResource,
  institutionListQuery,
  institutionPage,
  institutionResource,
  onboardingStatusResource,
  problemResource,
  goLiveResource,
  exchangeVolumeInput,
  exchangeVolumeReport,
} from "./schemas";

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
  delete out.$schema;
  delete out.id;
  return out;
}

function queryParameters(schema: z.ZodObject) {
  const json = toSchema(schema, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, s]) => ({ name, in: "query", required: (json.required ?? []).includes(name), schema: s }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });
const ok = (description: string, schema: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: ref(schema) } },
});
/** What every authenticated operation can answer besides its own responses. */
const common = {
  "401": problemResponse("Missing, unknown, expired or revoked token"),
  "429": { ...problemResponse("Rate limit exceeded"), headers: { "Retry-After": { description: "Seconds until the next window", schema: { type: "integer" } } } },
  "500": problemResponse("Internal error; the request has been logged"),
};
/** What every operation with a JSON body can answer about the body itself. */
const bodyProblems = {
  "400": problemResponse("The body is not valid JSON"),
  "412": problemResponse("If-Match is not an ETag such as \"3\", or (on PUT) does not match the current version"),
  "413": problemResponse("Body too large"),
  "415": problemResponse("Not JSON"),
  "422": problemResponse("Invalid endpoint (errors per field)"),
};
const etagHeader = { ETag: { description: "The endpoint's version, for If-Match", schema: { type: "string" } } };
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } });

export function buildOpenApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "DUO-portaal REST API",
      version: "1.0.0",
      description:
        "Automation access to the DUO network registry. Authenticate with an API token (Authorization: Bearer duo_…). Tokens are scoped to one institution, the institutions of one vendor, or the whole programme (read-only). Errors are application/problem+json. For directory replication use the FHIR API at /fhir.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token created in the portal (shown once)." } },
      schemas: {
        Endpoint: toSchema(endpointResource),
        EndpointInput: toSchema(makeEndpointSchema(), "input"),
        EndpointPage: toSchema(endpointPage),
        Institution: toSchema(institutionResource),
        InstitutionPage: toSchema(institutionPage),
        OnboardingStatus: toSchema(onboardingStatusResource),
        Problem: toSchema(problemResource),
        AvailabilityList: toSchema(availabilityList),
        EndpointAvailability: toSchema(endpointAvailabilityResource),
        GoLive: toSchema(goLiveResource),
        ExchangeVolumeInput: toSchema(exchangeVolumeInput, "input"),
        ExchangeVolumeReport: toSchema(exchangeVolumeReport),
      },
    },
    paths: {
      "/institutions": {
        get: {
          operationId: "listInstitutions",
          summary: "Institutions within the token's scope",
          parameters: queryParameters(institutionListQuery),
          responses: { "200": ok("A page of institutions", "InstitutionPage"), "400": problemResponse("Unknown or invalid parameter"), ...common },
        },
      },
      "/institutions/{id}": {
        get: {
          operationId: "getInstitution",
          summary: "One institution",
          parameters: [idParam("id")],
          responses: { "200": ok("The institution", "Institution"), "404": problemResponse("Unknown or outside the token's scope"), ...common },
        },
      },
      "/institutions/{id}/onboarding": {
        get: {
          operationId: "getOnboardingStatus",
          summary: "Connection status of one institution",
          parameters: [idParam("id")],
          responses: { "200": ok("The status", "OnboardingStatus"), "404": problemResponse("Unknown or outside the token's scope"), ...common },
        },
      },
      "/institutions/{id}/go-live": {
        get: {
          operationId: "getGoLive",
          summary: "The go-live gate of one institution: the six conditions computed from evidence, since when each holds, and an override if one stands",
          parameters: [idParam("id")],
          responses: { "200": ok("The gate", "GoLive"), "404": problemResponse("Unknown or outside the token's scope"), ...common },
        },
      },
      "/exchange-volumes": {
        post: {
          operationId: "reportExchangeVolumes",
          summary: "Report monthly exchange volumes (vendor tokens, for the vendor's institutions). All or nothing; idempotent per institution × month × direction × counterpart (a repeat replaces the figures)",
          requestBody: { required: true, content: { "application/json": { schema: { oneOf: [ref("ExchangeVolumeInput"), { type: "array", items: ref("ExchangeVolumeInput"), maxItems: 5000 }] } } } },
          responses: {
            "200": ok("Stored (or replaced)", "ExchangeVolumeReport"),
            "400": problemResponse("The body is not valid JSON"),
            "403": problemResponse("Not a vendor token"),
            "413": problemResponse("Body too large"),
            "415": problemResponse("Not JSON"),
            "422": problemResponse("Nothing saved: errors per item (keys \"<item number>.<n>\")"),
            ...common,
          },
        },
      },
      "/endpoints": {
        get: {
          operationId: "listEndpoints",
          summary: "Endpoints within the token's scope",
          parameters: queryParameters(endpointListQuery),
          responses: { "200": ok("A page of endpoints", "EndpointPage"), "400": problemResponse("Unknown or invalid parameter"), ...common },
        },
        post: {
          operationId: "createEndpoint",
          summary: "Register an endpoint (institution or vendor tokens, within their scope)",
          requestBody: { required: true, content: { "application/json": { schema: ref("EndpointInput") } } },
          responses: {
            "201": ok("Registered", "Endpoint", { ...etagHeader, Location: { description: "The new endpoint", schema: { type: "string" } } }),
            "403": problemResponse("Read-only token, or the institution is outside the token's scope"),
            "409": problemResponse("Another active endpoint exists for this institution, environment and transaction"),
            ...bodyProblems,
            ...common,
          },
        },
      },
      "/availability": {
        get: {
          operationId: "listAvailability",
          summary: "Monthly availability within the token's scope, per endpoint, institution or vendor infrastructure",
          description:
            "Frozen figures once the Europe/Amsterdam month has ended, else computed now (frozen: false). available = up or degraded; maintenance windows and the checker's own offline periods are left out of the denominator and reported in minutes. Send Accept: text/csv for the same rows as CSV (UTF-8 with BOM, ';' separated, the JSON field names as header).",
          parameters: queryParameters(availabilityQuery),
          responses: {
            "200": {
              description: "The rows",
              content: { "application/json": { schema: ref("AvailabilityList") }, "text/csv": { schema: { type: "string" } } },
            },
            "400": problemResponse("Unknown or invalid parameter, or a month that has not started"),
            ...common,
          },
        },
      },
      "/endpoints/{id}/availability": {
        get: {
          operationId: "getEndpointAvailability",
          summary: "One endpoint's availability for a month, with its down periods",
          parameters: [idParam("id"), ...queryParameters(endpointAvailabilityQuery)],
          responses: {
            "200": ok("The month (checks 0 and availability null when nothing was measured)", "EndpointAvailability"),
            "400": problemResponse("Invalid month, or a month that has not started"),
            "404": problemResponse("Unknown or outside the token's scope"),
            ...common,
          },
        },
      },
      "/endpoints/{id}/check": {
        post: {
          operationId: "checkEndpoint",
          summary: "Check the endpoint now (connectivity checker); rate-limited per endpoint",
          parameters: [idParam("id")],
          responses: {
            "200": { description: "The verdict: status, reason(s), warnings, phase timings, TLS, certificate, SOAP facts, the transaction probed (iti38|iti39|rad75), in query mode the chain's steps [{ transaction, status, reason, phases, note }] (the first failing step decides), and plain-language explanations", content: { "application/json": { schema: { type: "object" } } } },
            "403": problemResponse("The token may only read, or the endpoint is outside its scope"),
            "404": problemResponse("Unknown or outside the token's scope"),
            ...common,
            "429": {
              ...problemResponse("The token's rate limit, or a check of this endpoint is too soon after the last one / already running"),
              headers: { "Retry-After": { description: "Seconds until the endpoint may be checked again", schema: { type: "integer" } } },
            },
          },
        },
      },
      "/endpoints/{id}": {
        get: {
          operationId: "getEndpoint",
          summary: "One endpoint",
          parameters: [idParam("id")],
          responses: {
            "200": ok("The endpoint (its health is live: not covered by the ETag)", "Endpoint", etagHeader),
            "304": { description: "Not modified (If-None-Match): the endpoint's version is unchanged", headers: etagHeader },
            "404": problemResponse("Unknown or outside the token's scope"),
            ...common,
          },
        },
        put: {
          operationId: "updateEndpoint",
          summary: "Change an endpoint (never deleted: set status off or entered-in-error)",
          parameters: [idParam("id"), { name: "If-Match", in: "header", required: false, schema: { type: "string" }, description: "The ETag you read; refuses to overwrite a newer version" }],
          requestBody: { required: true, content: { "application/json": { schema: ref("EndpointInput") } } },
          responses: {
            "200": ok("Changed (or unchanged)", "Endpoint", etagHeader),
            "403": problemResponse("Read-only token or outside the token's write scope"),
            "404": problemResponse("Unknown or outside the token's scope"),
            "409": problemResponse("Another active endpoint exists"),
            ...bodyProblems,
            ...common,
          },
        },
      },
    },
  };
}
