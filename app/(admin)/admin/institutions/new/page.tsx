import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { InstitutionForm } from "../institution-form";
import { institutionFormProps } from "../form-props";

export const metadata: Metadata = { title: "Nieuwe instelling" };

const emptyContact = { name: "", email: "", phone: "" };

export default async function NewInstitutionPage() {
  await requirePagePermission("institution.manage");
  const { t, locale } = await getMessages();
  return (
    <>
      <h1>{t.institutionsAdmin.new_title}</h1>
      <InstitutionForm
        initial={{ name: "", kind: "", ura: "", agb: "", kvk: "", city: "", province: "", vendor: "", groupName: "", contacts: { project_lead: emptyContact, ciso: emptyContact, fg: emptyContact, technical: emptyContact } } as never}
        {...await institutionFormProps(t, locale)}
      />
    </>
  );
}
