import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { requirePagePermission } from "@/lib/auth/session";
import { EndpointForm } from "../endpoint-form";
import { endpointFormData } from "../form-data";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("registry.form");
  return { title: t("new_title") };
}

export default async function NewEndpointPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("endpoint.edit");
  const t = await getTranslations("registry");
  const data = await endpointFormData(actor);
  const sp = await searchParams;
  const preset = typeof sp.institution === "string" && data.institutionVendors[sp.institution] !== undefined ? sp.institution : data.institutions.length === 1 ? data.institutions[0].value : "";
  return (
    <>
      <p>
        <Link href="/registry">← {t("back")}</Link>
      </p>
      <h1>{t("form.new_title")}</h1>
      <p className="lead">{t("form.intro")}</p>
      <EndpointForm
        mode="new"
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
          central: false,
          maintenanceWindows: [],
        }}
      />
    </>
  );
}
