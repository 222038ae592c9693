import type { Metadata } from "next";
import Link from "next/link";
import { requirePagePermission } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { EndpointForm } from "../endpoint-form";
import { endpointFormData } from "../form-data";

export const metadata: Metadata = { title: "Endpoint registreren" };

export default async function NewEndpointPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("endpoint.edit");
  const { t, locale } = await getMessages();
  const data = await endpointFormData(actor, locale);
  const sp = await searchParams;
  const preset = typeof sp.institution === "string" && data.institutionVendors[sp.institution] !== undefined ? sp.institution : data.institutions.length === 1 ? data.institutions[0].value : "";
  return (
    <>
      <p>
        <Link href="/registry">← {t.registry.back}</Link>
      </p>
      <h1>{t.registry.form.new_title}</h1>
      <p className="lead">{t.registry.form.intro}</p>
      <EndpointForm
        mode="new"
        t={t.registry}
        locale={locale}
        {...data}
        defaults={{
          institutionId: preset,
          environment: "acceptance",
          transaction: "iti-38",
          url: "",
          homeCommunityId: "",
          vendorCode: ((preset && data.institutionVendors[preset]) || "enovation") as "enovation",
          status: "active",
          periodStart: "",
          periodEnd: "",
          probeMode: "transport",
          maintenanceWindows: [],
        }}
      />
    </>
  );
}
