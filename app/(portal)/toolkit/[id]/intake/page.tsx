import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { getInstitutionDetail, getInstitutionRef } from "@/lib/institutions/queries";
import { institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { format } from "@/lib/i18n/messages";
import { getMessages } from "@/lib/i18n/server";
import { PlansCard } from "../../_components/plans-card";
import { IntakeForm } from "./intake-form";

export const metadata: Metadata = { title: "Intakeformulier" };

export default async function IntakePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const db = getDb();
  const ref = await getInstitutionRef(db, id);
  if (!ref) notFound();
  const actor = await requirePagePermission("institution.report", ref);
  const inst = await getInstitutionDetail(db, { id, scope: institutionScope(actor, "institution.read") });
  if (!inst) notFound();
  const { t: all, locale } = await getMessages();
  const t = all.toolkit;
  return (
    <>
      <h1>{format(t.intake_page_title, { name: inst.name })}</h1>
      <p className="lead">{t.intake_lead}</p>
      <p>
        <Link href={`/toolkit/${inst.id}`}>{t.back_to_pack}</Link>
      </p>
      <IntakeForm
        institutionId={inst.id}
        locale={locale}
        t={{
          file: t.intake_file,
          preview: t.intake_preview,
          apply: t.intake_apply,
          no_file: t.intake_no_file,
          changes_title: t.intake_changes_title,
          no_changes: t.intake_no_changes,
          field: t.intake_field,
          from: t.intake_from,
          to: t.intake_to,
          errors: t.intake_errors,
          note: t.intake_note,
          form_version: t.intake_form_version,
        }}
      />
      <PlansCard institutionId={inst.id} />
    </>
  );
}
