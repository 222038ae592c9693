import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { listProgrammeMilestones, toDomainMilestone } from "@/lib/dashboard/queries";
import { requirePagePermission } from "@/lib/auth/session";
import type { MilestoneMetric } from "@/lib/domain/milestones";
import { preconditionLabel } from "@/lib/domain/onboarding-texts";
import { VENDOR_LABELS } from "@/lib/domain/vendors";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { PRECONDITION_CODES } from "@/lib/domain/steps";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { MilestoneForm } from "./milestone-form";
import { NewMilestoneForm } from "./new-milestone-form";
import { RemoveMilestone } from "./remove-milestone";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard");
  return { title: t("milestones") };
}

export default async function MilestonesPage() {
  await requirePagePermission("milestones.manage");
  await connection();
  const [td, locale] = await Promise.all([getTranslations("dashboard"), getLocale()]);
  const rows = await listProgrammeMilestones(getDb());
  const describe = (m: MilestoneMetric) => {
    const vendors = "vendors" in m && m.vendors && m.vendors.length ? ` ${td("metric_vendors", { vendors: m.vendors.map((v) => VENDOR_LABELS[v].name).join(", ") })}` : "";
    switch (m.kind) {
      case "manual":
        return td("metric_manual");
      case "institutions_live":
        return td("metric_live") + vendors;
      case "institutions_precondition_met":
        return td("metric_precondition", { label: preconditionLabel(m.precondition, locale) }) + vendors;
      case "infrastructures_live":
        return td("metric_infra") + vendors;
    }
  };
  return (
    <>
      <h1>{td("ms_title")}</h1>
      <p className="lead">{td("ms_intro")}</p>
      <p>
        <Link href="/dashboard">{td("ms_back")}</Link>
      </p>
      {rows.map((row) => {
        const m = toDomainMilestone(row);
        return (
          <section className="card" key={row.code} aria-labelledby={`ms-${row.code}-h`}>
            <h2 id={`ms-${row.code}-h`} style={{ marginTop: 0 }}>
              {m.title[locale]}
            </h2>
            <p className="muted">
              {td("ms_metric")}: {describe(m.metric)}
            </p>
            <MilestoneForm
              manual={m.metric.kind === "manual"}
              initial={{ code: row.code, version: row.version, date: row.date, target: row.target === null ? "" : String(row.target), achievedOn: row.achievedOn ?? "", titleNl: row.titleNl, titleEn: row.titleEn }}
            />
            <RemoveMilestone code={row.code} version={row.version} title={m.title[locale]} />
          </section>
        );
      })}
      {rows.length === 0 && <p>{td("ms_none")}</p>}
      <section className="card" aria-labelledby="ms-new-h">
        <h2 id="ms-new-h" style={{ marginTop: 0 }}>
          {td("ms_new")}
        </h2>
        <p className="muted">{td("ms_new_intro")}</p>
        <NewMilestoneForm
          vendors={VENDOR_CODES.map((code) => ({ code, name: VENDOR_LABELS[code].name }))}
          preconditions={PRECONDITION_CODES.map((code) => ({ code, label: preconditionLabel(code, locale) }))}
        />
      </section>
    </>
  );
}
