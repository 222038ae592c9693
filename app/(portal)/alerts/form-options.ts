import { getDb } from "@/db/client";
import { reachableScopes, type AlertReach } from "@/lib/alerts/reach";
import { recipientCandidates } from "@/lib/alerts/service";
import { listInstitutionOptions, listVendors } from "@/lib/institutions/queries";

/** The options of the form: the vendors and institutions within the caller's reach. */
export async function formOptions(reach: AlertReach) {
  const db = getDb();
  const [vendors, insts, candidates] = await Promise.all([listVendors(db), listInstitutionOptions(db), recipientCandidates(db, reach)]);
  return {
    scopes: reachableScopes(reach),
    vendors: vendors.filter((v) => reach.all || reach.vendorCodes.includes(v.code)).map((v) => ({ value: v.code, label: v.name })),
    institutions: insts.filter((i) => reach.all || reach.institutionIds.includes(i.id)).map((i) => ({ value: i.id, label: `${i.name} (URA ${i.ura})` })),
    candidates,
  };
}

