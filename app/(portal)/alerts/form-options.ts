import { getDb } from "@/db/client";
import { recipientCandidates } from "@/lib/alerts/queries";
import { reachableScopes, type AlertReach } from "@/lib/alerts/reach";
import type { InstitutionScope } from "@/lib/auth/policy";
import { listInstitutionOptions, listVendors } from "@/lib/institutions/queries";

/** The options of the form: the vendors and institutions within the caller's reach. */
export async function formOptions(reach: AlertReach) {
  const db = getDb();
  // Institution rules are for the institutions of the caller's own memberships (alertReach), not those of a vendor.
  const instScope: InstitutionScope = reach.all ? { kind: "all" } : { kind: "some", institutionIds: reach.institutionIds, vendorCodes: [] };
  const [vendors, insts, candidates] = await Promise.all([listVendors(db), listInstitutionOptions(db, instScope), recipientCandidates(db, reach)]);
  return {
    scopes: reachableScopes(reach),
    vendors: vendors.filter((v) => reach.all || reach.vendorCodes.includes(v.code)).map((v) => ({ value: v.code, label: v.name })),
    institutions: insts.map((i) => ({ value: i.id, label: `${i.name} (URA ${i.ura})` })),
    candidates,
  };
}
