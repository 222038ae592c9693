/**
 * Who is calling the registry: a signed-in person (an Actor with memberships) or an API token.
 * Pure decisions over both, so pages, actions, FHIR and REST handlers ask the same questions.
 */
import type { ApiToken } from "@/db/schema";
import type { AuditActor } from "@/lib/audit";
import { can, hasRole, institutionScope, type Actor, type InstitutionRef, type InstitutionScope } from "@/lib/auth/policy";

export type TokenPrincipal = Pick<ApiToken, "id" | "name" | "tokenPrefix" | "scope" | "institutionId" | "vendorCode">;
export type Principal = { kind: "user"; actor: Actor } | { kind: "token"; token: TokenPrincipal };

export function tokenScope(token: TokenPrincipal): InstitutionScope {
  switch (token.scope) {
    case "programme":
      return { kind: "all" };
    case "institution":
      return token.institutionId ? { kind: "some", institutionIds: [token.institutionId], vendorCodes: [] } : { kind: "none" };
    case "vendor":
      return token.vendorCode ? { kind: "some", institutionIds: [], vendorCodes: [token.vendorCode] } : { kind: "none" };
  }
}

export function scopeCovers(scope: InstitutionScope, inst: InstitutionRef): boolean {
  if (scope.kind === "all") return true;
  if (scope.kind === "none") return false;
  return scope.institutionIds.includes(inst.id) || (inst.vendorCode !== null && scope.vendorCodes.includes(inst.vendorCode));
}

/** The institutions whose endpoints the principal may read. */
export function readScope(p: Principal): InstitutionScope {
  return p.kind === "user" ? institutionScope(p.actor, "endpoint.read") : tokenScope(p.token);
}

/** Programme tokens only read; institution and vendor tokens write inside their scope. */
export function mayWriteEndpoint(p: Principal, inst: InstitutionRef): boolean {
  if (p.kind === "user") return can(p.actor, "endpoint.edit", inst);
  return p.token.scope !== "programme" && scopeCovers(tokenScope(p.token), inst);
}

export function mayWriteAnywhere(p: Principal): boolean {
  return p.kind === "user" ? can(p.actor, "endpoint.edit") : p.token.scope !== "programme";
}

/** Only programme admins may register an endpoint on another vendor's infrastructure than the institution chose. */
export function mayChooseAnyVendor(p: Principal): boolean {
  return p.kind === "user" && hasRole(p.actor, "programme_admin");
}

/**
 * Marking an endpoint as a central component of an infrastructure (or unmarking it) speaks for
 * the whole infrastructure on the public status page: programme admins, and the vendor's own
 * editors and vendor tokens only; not institution editors.
 */
export function mayMarkCentral(p: Principal, vendorCode: string): boolean {
  if (p.kind === "token") return p.token.scope === "vendor" && p.token.vendorCode === vendorCode;
  return p.actor.memberships.some((m) => m.role === "programme_admin" || (m.role === "vendor_editor" && m.vendorCode === vendorCode));
}

export function principalAuditActor(p: Principal): AuditActor {
  return p.kind === "user"
    ? { userId: p.actor.userId, label: p.actor.email }
    : { userId: null, label: `api-token:${p.token.tokenPrefix}… (${p.token.name})` };
}
