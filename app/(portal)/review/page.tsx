import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listVendors } from "@/lib/institutions/queries";
import { listReviewQueue } from "@/lib/onboarding/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { diffInDays, formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { STEP_CATALOGUE, STEP_GROUP_LABELS, findStep, isStepCode, type StepGroup } from "@/lib/domain/steps";
import { getMessages } from "@/lib/i18n/server";
import { format } from "@/lib/i18n/messages";
import { getCheckEvidenceSummaries } from "@/lib/onboarding/check-evidence";
import { formatInstant } from "@/lib/registry/format";
import { BulkVerify } from "./bulk-verify";

export const metadata: Metadata = { title: "Verificatie" };

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("step.verify");
  const { t, locale } = await getMessages();
  const o = t.onboarding;
  const sp = await searchParams;
  const stepCode = isStepCode(str(sp.step)) ? str(sp.step) : "";
  const group = (Object.keys(STEP_GROUP_LABELS) as StepGroup[]).includes(str(sp.group) as StepGroup) ? str(sp.group) : "";
  const vendorCode = str(sp.vendor);
  const db = getDb();
  const [rows, vendors] = await Promise.all([listReviewQueue(db, { stepCode: stepCode || undefined, group: group || undefined, vendorCode: vendorCode || undefined }), listVendors(db)]);
  const today = toAmsterdamDate(new Date());
  const checks = await getCheckEvidenceSummaries(db, rows.map((r) => r.checkEvidenceFileId));

  return (
    <>
      <h1>{o.queue_title}</h1>
      <p className="lead">{o.queue_intro}</p>
      <form className="filters card" method="get" aria-label={o.filter}>
        <div className="field">
          <label htmlFor="f-step">{o.step}</label>
          <select id="f-step" name="step" defaultValue={stepCode}>
            <option value="">{o.all}</option>
            {[...STEP_CATALOGUE].sort((a, b) => a.sortOrder - b.sortOrder).map((s) => (
              <option key={s.code} value={s.code}>
                {s.title[locale]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-group">{o.group}</label>
          <select id="f-group" name="group" defaultValue={group}>
            <option value="">{o.all}</option>
            {(Object.keys(STEP_GROUP_LABELS) as StepGroup[]).map((g) => (
              <option key={g} value={g}>
                {STEP_GROUP_LABELS[g][locale]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-vendor">{o.vendor}</label>
          <select id="f-vendor" name="vendor" defaultValue={vendorCode}>
            <option value="">{o.all}</option>
            {vendors.map((v) => (
              <option key={v.code} value={v.code}>
                {v.name}
              </option>
            ))}
            <option value="none">{t.home.no_vendor}</option>
          </select>
        </div>
        <button className="button" type="submit">
          {o.filter}
        </button>
      </form>
      <p aria-live="polite">{format(o.queue_count, { count: rows.length })}</p>
      {rows.length === 0 ? (
        <p>{o.queue_empty}</p>
      ) : (
        <BulkVerify
          enabled={Boolean(stepCode)}
          labels={{ bulk: o.bulk_verify, hint: o.bulk_hint, done: o.bulk_done }}
          head={{ select: "", institution: o.institution, step: o.step, date: o.date, evidence: o.evidence, reportedOn: o.reported_on, age: o.age, action: o.actions }}
          rows={rows.map((r) => ({
            key: `${r.institutionId}:${r.stepCode}`,
            institutionId: r.institutionId,
            stepCode: r.stepCode,
            version: r.version,
            own: r.reportedBy === actor.userId,
            institution: r.institutionName,
            vendor: r.vendorName ?? t.home.no_vendor,
            step: findStep({ code: r.stepCode })?.title[locale] ?? r.stepCode,
            completedOn: r.completedOn ? formatDate(r.completedOn)[locale] : t.common.none,
            evidence: r.evidenceName ? { href: `/api/evidence/${r.evidenceFileId}`, name: r.evidenceName } : null,
            check: (() => {
              const c = r.checkEvidenceFileId ? checks.get(r.checkEvidenceFileId) : undefined;
              if (!c) return null;
              return {
                label: format(o.check_evidence.evidence_label, { date: formatInstant(c.checkedAt, locale), status: t.checker.check[c.status] }),
                href: `/registry/${c.endpointId}/checks/${c.checkResultId}`,
                file: { href: `/api/evidence/${c.fileId}`, name: format(o.check_evidence.download, { name: c.filename }) },
                warning: c.status === "down" ? o.check_evidence.down_warning : null,
              };
            })(),
            note: r.note,
            reportedOn: r.reportedAt ? formatDate(toAmsterdamDate(r.reportedAt))[locale] : "",
            age: r.reportedAt ? format(o.days, { days: diffInDays(today, toAmsterdamDate(r.reportedAt)) }) : "",
            reporter: r.reporterName ?? "",
            href: `/institutions/${r.institutionId}/steps/${r.stepCode}`,
            selectLabel: format(o.select, { name: `${r.institutionName} – ${findStep({ code: r.stepCode })?.title[locale] ?? r.stepCode}` }),
            reviewLabel: `${o.review}: ${r.institutionName}`,
            reviewText: o.review,
          }))}
        />
      )}
      <p>
        <Link href="/institutions">{t.nav.institutions}</Link>
      </p>
    </>
  );
}
