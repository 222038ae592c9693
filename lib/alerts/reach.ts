/**
 * Which alert rules a person may manage (issue 16 §3): programme admins all of them (and the
 * programme-wide ones only they), vendor editors those of their vendor, institution editors and
 * security officers those of their institution. Pure: derived from the actor's memberships.
 */
import { can, hasRole, type Actor } from "@/lib/auth/policy";
import type { AlertScope } from "@/lib/domain/alerts";

export type AlertReach = { all: boolean; vendorCodes: string[]; institutionIds: string[] };

export function alertReach(actor: Actor): AlertReach {
  if (!can(actor, "alerts.manage")) return { all: false, vendorCodes: [], institutionIds: [] };
  const vendorCodes = [...new Set(actor.memberships.flatMap((m) => (m.role === "vendor_editor" && m.vendorCode ? [m.vendorCode] : [])))];
  const institutionIds = [...new Set(actor.memberships.flatMap((m) => ((m.role === "institution_editor" || m.role === "security_officer") && m.institutionId ? [m.institutionId] : [])))];
  return { all: hasRole(actor, "programme_admin"), vendorCodes, institutionIds };
}

export function reaches(reach: AlertReach, target: { scope: AlertScope; vendorCode: string | null; institutionId: string | null }): boolean {
  if (reach.all) return true;
  if (target.scope === "vendor") return target.vendorCode !== null && reach.vendorCodes.includes(target.vendorCode);
  if (target.scope === "institution") return target.institutionId !== null && reach.institutionIds.includes(target.institutionId);
  return false;
}

/** The scopes a person may choose in the form. */
export function reachableScopes(reach: AlertReach): AlertScope[] {
  if (reach.all) return ["programme", "vendor", "institution"];
  return [...(reach.vendorCodes.length ? (["vendor"] as const) : []), ...(reach.institutionIds.length ? (["institution"] as const) : [])];
}
