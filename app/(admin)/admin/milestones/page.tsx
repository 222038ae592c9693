import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { listProgrammeMilestones, toDomainMilestone } from "@/lib/dashboard/queries";
import { requirePagePermission } from "@/lib/auth/session";
import type { MilestoneMetric } from "@/lib/domain/milestones";
import { PRECONDITIONS } from "@/lib/domain/steps";
import { VENDOR_LABELS } from "@/lib/domain/vendors";
import { format } from "@/lib/i18n/messages";
import { getMessages } from "@/lib/i18n/server";
import { MilestoneForm } from "./milestone-form";

export const metadata: Metadata = { title: "Mijlpalen" };

export default async function MilestonesPage() {
  await requirePagePermission("milestones.manage");
  await connection();
  const { t, locale } = await getMessages();
  const td = t.dashboard;
  const rows = await listProgrammeMilestones(getDb());
  const describe = (m: MilestoneMetric) => {
    const vendors = "vendors" in m && m.vendors && m.vendors.length ? ` ${format(td.metric_vendors, { vendors: m.vendors.map((v) => VENDOR_LABELS[v].name).join(", ") })}` : "";
    switch (m.kind) {
      case "manual":
        return td.metric_manual;
      case "institutions_live":
        return td.metric_live + vendors;
      case "institutions_precondition_met":
        return format(td.metric_precondition, { label: PRECONDITIONS.find((p) => p.code === m.precondition)?.label[locale] ?? m.precondition }) + vendors;
      case "infrastructures_live":
        return td.metric_infra + vendors;
    }
  };
  const errorText = Object.fromEntries(Object.entries(td).filter(([k]) => k.startsWith("v_")).map(([k, v]) => [`dashboard.${k}`, v]));
  return (
    <>
      <h1>{td.ms_title}</h1>
      <p className="lead">{td.ms_intro}</p>
      <p>
        <Link href="/dashboard">{td.ms_back}</Link>
      </p>
      {rows.map((row) => {
        const m = toDomainMilestone(row);
        return (
          <section className="card" key={row.code} aria-labelledby={`ms-${row.code}-h`}>
            <h2 id={`ms-${row.code}-h`} style={{ marginTop: 0 }}>
              {m.title[locale]}
            </h2>
            <p className="muted">
              {td.ms_metric}: {describe(m.metric)}
            </p>
            <MilestoneForm
              manual={m.metric.kind === "manual"}
              initial={{ code: row.code, version: row.version, date: row.date, target: row.target === null ? "" : String(row.target), achievedOn: row.achievedOn ?? "", titleNl: row.titleNl, titleEn: row.titleEn }}
              labels={{ date: td.ms_date, target: td.ms_target, achieved: td.ms_achieved, achievedHint: td.ms_achieved_hint, titleNl: td.ms_title_nl, titleEn: td.ms_title_en, save: td.ms_save }}
              errorText={errorText}
            />
          </section>
        );
      })}
    </>
  );
}
