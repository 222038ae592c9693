import { listVendors } from "@/lib/institutions/queries";
import { getDb } from "@/db/client";
import type { Messages, Locale } from "@/lib/i18n/messages";
import { provinceName } from "@/lib/labels";
import { INSTITUTION_KINDS, PROVINCE_CODES } from "@/lib/validation/identifiers";

/** Options and labels shared by the new and edit pages. */
export async function institutionFormProps(t: Messages, locale: Locale) {
  const vendors = await listVendors(getDb());
  const a = t.institutionsAdmin;
  const ti = t.institutions;
  return {
    kinds: INSTITUTION_KINDS.map((k) => [k, t.kinds[k]] as [string, string]),
    provinces: PROVINCE_CODES.map((p) => [p, provinceName(p, locale)] as [string, string]),
    vendors: vendors.map((v) => [v.code, v.name] as [string, string]),
    roleLabels: ti.contact_roles,
    labels: {
      name: ti.name,
      kind: ti.kind,
      ura: ti.ura,
      agb: ti.agb,
      kvk: ti.kvk,
      city: ti.city,
      province: ti.province,
      vendor: ti.vendor,
      group: a.group,
      contacts: a.contacts,
      contact_name: a.contact_name,
      contact_email: a.contact_email,
      contact_phone: a.contact_phone,
      save: a.save,
      saved: a.saved,
      created: a.created,
      choose: a.choose,
      vendor_none: a.vendor_none,
    },
  };
}
