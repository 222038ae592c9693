import { listVendors } from "@/lib/institutions/queries";
import { getDb } from "@/db/client";
import type { Locale } from "@/lib/i18n/messages";
import { provinceName } from "@/lib/labels";
import { PROVINCE_CODES } from "@/lib/validation/identifiers";

/** The options shared by the new and edit pages (names are data; the form reads its own labels). */
export async function institutionFormProps(locale: Locale) {
  const vendors = await listVendors(getDb());
  return {
    provinces: PROVINCE_CODES.map((p) => [p, provinceName(p, locale)] as [string, string]),
    vendors: vendors.map((v) => [v.code, v.name] as [string, string]),
  };
}
