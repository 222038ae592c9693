import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getEndpointDetail } from "@/lib/registry/queries";
import { institutionScope } from "@/lib/auth/policy";
import { getTranslations } from "@/lib/i18n/translations";
import { requirePagePermission } from "@/lib/auth/session";
import { toAmsterdamInput } from "@/lib/validation/endpoints";
import { EndpointForm } from "../../endpoint-form";
import { endpointFormData } from "../../form-data";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("registry.form");
  return { title: t("edit_title") };
}

export default async function EditEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission("endpoint.edit");
  const { id } = await params;
  const row = await getEndpointDetail(getDb(), { id, scope: institutionScope(actor, "endpoint.edit") });
  if (!row) notFound();
  const t = await getTranslations("registry.form");
  const data = await endpointFormData(actor);
  const e = row.endpoint;
  return (
    <>
      <p>
        <Link href={`/registry/${e.id}`}>← {row.institutionName}</Link>
      </p>
      <h1>{t("edit_title")}</h1>
      <p className="lead">{t("intro")}</p>
      <EndpointForm
        mode="edit"
        id={e.id}
        version={e.version}
        institutionLabel={`${row.institutionName} (URA ${row.ura})`}
        {...data}
        defaults={{
          institutionId: e.institutionId,
          environment: e.environment,
          transaction: e.transaction,
          url: e.url,
          homeCommunityId: e.homeCommunityId,
          vendorCode: e.vendorCode as "enovation",
          status: e.status,
          periodStart: toAmsterdamInput(e.periodStart),
          periodEnd: toAmsterdamInput(e.periodEnd),
          probeMode: e.probeMode,
          central: e.central,
          maintenanceWindows: e.maintenanceWindows.map((w) =>
            w.kind === "weekly" ? { ...w, day: w.day, note: w.note ?? "" } : { ...w, start: toAmsterdamInput(w.start), end: toAmsterdamInput(w.end), note: w.note ?? "" },
          ),
        }}
      />
    </>
  );
}
