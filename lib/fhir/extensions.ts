/**
 * The definitions of the portal's own FHIR extensions, served at /fhir/StructureDefinition/<id>
 * (public, like the CapabilityStatement) so that validators and integrators can resolve them.
 * Pure.
 */
import { CHECK_REASON_SYSTEM, ENVIRONMENT_EXTENSION, HEALTH_EXTENSION } from "./mapping";
import { SOFTWARE_DATE } from "./capability";

const PUBLISHER = "Programma Landelijke Beeldbeschikbaarheid";

type Element = Record<string, unknown> & { id: string; path: string };

/** One sub-extension of a complex extension: its slice, fixed url and value type. */
function subExtension(name: string, type: string, min: 0 | 1, definition: string): Element[] {
  const id = `Extension.extension:${name}`;
  return [
    { id, path: "Extension.extension", sliceName: name, short: definition, definition, min, max: "1" },
    { id: `${id}.extension`, path: "Extension.extension.extension", max: "0" },
    { id: `${id}.url`, path: "Extension.extension.url", fixedUri: name },
    { id: `${id}.value[x]`, path: "Extension.extension.value[x]", min: 1, type: [{ code: type }] },
  ];
}

function extensionDefinition(opts: { id: string; url: string; name: string; title: string; description: string; elements: Element[] }) {
  return {
    resourceType: "StructureDefinition",
    id: opts.id,
    url: opts.url,
    name: opts.name,
    title: opts.title,
    status: "active",
    date: SOFTWARE_DATE,
    publisher: PUBLISHER,
    description: opts.description,
    fhirVersion: "4.0.1",
    kind: "complex-type",
    abstract: false,
    context: [{ type: "element", expression: "Endpoint" }],
    type: "Extension",
    baseDefinition: "http://hl7.org/fhir/StructureDefinition/Extension",
    derivation: "constraint",
    differential: { element: [{ id: "Extension", path: "Extension", short: opts.title, definition: opts.description, max: "1" }, ...opts.elements] },
  };
}

export const EXTENSION_DEFINITIONS = {
  "endpoint-health": extensionDefinition({
    id: "endpoint-health",
    url: HEALTH_EXTENSION,
    name: "EndpointHealth",
    title: "Endpoint health as the DUO connectivity checker sees it",
    description:
      "The checker's current view of the gateway: up, degraded, down or unknown (never checked), since when, the last check and its reason code, and the expiry of the newest certificate seen. Endpoint.status stays administrative. Not versioned: it is present on read and search (the state at the time of the answer) and absent from vread and _history, and it does not move meta.versionId or the ETag.",
    elements: [
      { id: "Extension.extension", path: "Extension.extension", slicing: { discriminator: [{ type: "value", path: "url" }], rules: "closed" }, min: 1 },
      ...subExtension("status", "code", 1, "up | degraded | down | unknown"),
      ...subExtension("since", "instant", 0, "Since when the status holds"),
      ...subExtension("lastChecked", "instant", 0, "When the checker last checked the endpoint"),
      ...subExtension("reason", "Coding", 0, `The last check's reason code (system ${CHECK_REASON_SYSTEM}: the checker's verdict codes, e.g. cert_expired, slow)`),
      ...subExtension("certificateNotAfter", "instant", 0, "The expiry of the newest certificate the checker saw on the endpoint"),
      { id: "Extension.url", path: "Extension.url", fixedUri: HEALTH_EXTENSION },
      { id: "Extension.value[x]", path: "Extension.value[x]", max: "0" },
    ],
  }),
  "endpoint-environment": extensionDefinition({
    id: "endpoint-environment",
    url: ENVIRONMENT_EXTENSION,
    name: "EndpointEnvironment",
    title: "The DUO environment of an endpoint",
    description: "acceptance or production: the DUO network environment the gateway belongs to.",
    elements: [
      { id: "Extension.extension", path: "Extension.extension", max: "0" },
      { id: "Extension.url", path: "Extension.url", fixedUri: ENVIRONMENT_EXTENSION },
      { id: "Extension.value[x]", path: "Extension.value[x]", min: 1, type: [{ code: "code" }] },
    ],
  }),
} as const;

export type ExtensionId = keyof typeof EXTENSION_DEFINITIONS;
export const isExtensionId = (id: string): id is ExtensionId => Object.hasOwn(EXTENSION_DEFINITIONS, id);
