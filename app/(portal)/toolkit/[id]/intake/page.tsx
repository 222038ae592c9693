import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { getInstitutionDetail, getInstitutionRef } from "@/lib/institutions/queries";
import { institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { getTranslations } from "@/lib/i18n/translations";
import { PlansCard } from "../../_components/plans-card";
import { IntakeForm } from "./intake-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("toolkit");
  return { title: t("intake_title") };
}

export default async function IntakePage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const db = getDb();
  const ref = await getInstitutionRef(db, id);
  if (!ref) notFound();
  const actor = await requirePagePermission("institution.report", ref);
  const inst = await getInstitutionDetail(db, { id, scope: institutionScope(actor, "institution.read") });
  if (!inst) notFound();
  const t = await getTranslations("toolkit");
  return (
    <>
      <h1>{t("intake_page_title", { name: inst.name })}</h1>
      <p className="lead">{t("intake_lead")}</p>
      <p>
        <Link href={`/toolkit/${inst.id}`}>{t("back_to_pack")}</Link>
      </p>
      <IntakeForm institutionId={inst.id} />
      <PlansCard institutionId={inst.id} />
    </>
  );
}
