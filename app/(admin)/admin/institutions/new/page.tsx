import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { isLocale } from "@/lib/i18n/messages";
import { InstitutionForm } from "../institution-form";
import { institutionFormProps } from "../form-props";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("institutionsAdmin");
  return { title: t("new_title") };
}

const emptyContact = { name: "", email: "", phone: "" };

export default async function NewInstitutionPage() {
  await requirePagePermission("institution.manage");
  const [t, locale] = await Promise.all([getTranslations("institutionsAdmin"), getLocale()]);
  return (
    <>
      <h1>{t("new_title")}</h1>
      <InstitutionForm
        initial={{ name: "", kind: "", ura: "", agb: "", kvk: "", city: "", province: "", vendor: "", groupName: "", contacts: { project_lead: emptyContact, ciso: emptyContact, fg: emptyContact, technical: emptyContact } } as never}
        {...await institutionFormProps(isLocale(locale) ? locale : "nl")}
      />
    </>
  );
}
