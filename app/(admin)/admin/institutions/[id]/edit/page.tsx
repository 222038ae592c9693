import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getInstitutionDetail } from "@/lib/institutions/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { isLocale } from "@/lib/i18n/messages";
import { isUuid } from "@/lib/validation/uuid";
import { InstitutionForm } from "../../institution-form";
import { institutionFormProps } from "../../form-props";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("institutionsAdmin");
  return { title: t("edit_page_title") };
}

export default async function EditInstitutionPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePagePermission("institution.manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const inst = await getInstitutionDetail(getDb(), { id, scope: { kind: "all" } });
  if (!inst) notFound();
  const [t, locale] = await Promise.all([getTranslations("institutionsAdmin"), getLocale()]);
  const contact = (role: string) => {
    const c = inst.contacts.find((x) => x.role === role);
    return { name: c?.name ?? "", email: c?.email ?? "", phone: c?.phone ?? "" };
  };
  return (
    <>
      <h1>{t("edit_title", { name: inst.name })}</h1>
      <InstitutionForm
        id={inst.id}
        initial={{
          name: inst.name,
          kind: inst.kind,
          ura: inst.ura,
          agb: inst.agb ?? "",
          kvk: inst.kvk ?? "",
          city: inst.city,
          province: inst.province,
          vendor: inst.vendorCode ?? "",
          groupName: inst.groupName ?? "",
          contacts: { project_lead: contact("project_lead"), ciso: contact("ciso"), fg: contact("fg"), technical: contact("technical") },
        } as never}
        {...await institutionFormProps(isLocale(locale) ? locale : "nl")}
      />
    </>
  );
}
