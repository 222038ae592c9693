/** What the endpoint form needs from the server: options within the caller's edit scope and the URL allow-lists. */
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { listInstitutions, listVendors } from "@/lib/institutions/queries";
import { institutionScope, type Actor } from "@/lib/auth/policy";
import { mayMarkCentral } from "@/lib/registry/principal";
import { endpointSchemaOptionsFromEnv } from "@/lib/validation/endpoints";

export async function endpointFormData(actor: Actor) {
  const db = getDb();
  const [insts, vendors] = await Promise.all([listInstitutions(db, { scope: institutionScope(actor, "endpoint.edit"), pageSize: 200 }), listVendors(db)]);
  const { httpAllowedHosts, allowedInternalTargets } = endpointSchemaOptionsFromEnv(env());
  return {
    institutions: insts.rows.map((i) => ({ value: i.id, label: `${i.name} (URA ${i.ura})` })),
    institutionVendors: Object.fromEntries(insts.rows.map((i) => [i.id, i.vendorCode])),
    vendors: vendors.map((v) => ({ value: v.code, label: v.name })),
    /** The vendors whose central components the caller may mark (programme admins: all; a vendor editor: the own). */
    centralVendors: vendors.filter((v) => mayMarkCentral({ kind: "user", actor }, v.code)).map((v) => v.code),
    schemaOptions: { httpAllowedHosts, allowedInternalTargets },
  };
}
