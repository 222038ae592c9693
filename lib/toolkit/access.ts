/** Which of an actor's roles a toolkit download is recorded under. Pure. */
import { can, type Actor, type InstitutionRef } from "@/lib/auth/policy";
import type { Role } from "@/lib/auth/roles";

/** Most specific first: the role that ties the person closest to the institution. */
const ORDER: Role[] = ["security_officer", "institution_editor", "vendor_editor", "programme_admin", "programme_viewer"];

export function downloadRole(actor: Actor, institution: InstitutionRef): Role | null {
  for (const role of ORDER) {
    const ms = actor.memberships.filter((m) => m.role === role);
    if (ms.some((m) => can({ ...actor, memberships: [m] }, "toolkit.download", institution))) return role;
  }
  return null;
}
