import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listVendors } from "@/lib/institutions/queries";
import { listReviewQueue } from "@/lib/onboarding/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { diffInDays, formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { stepGroupLabel, stepTitle } from "@/lib/domain/onboarding-texts";
import { STEP_CATALOGUE, STEP_GROUPS, isStepCode, isStepGroup } from "@/lib/domain/steps";
import { isLocale } from "@/lib/i18n/messages";
import { getCheckEvidenceSummaries } from "@/lib/onboarding/check-evidence";
import { formatInstant } from "@/lib/registry/format";
import { BulkVerify } from "./bulk-verify";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("review") };
}

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("step.verify");
  const [t, o, requested] = await Promise.all([getTranslations(), getTranslations("onboarding"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  const sp = await searchParams;
  const stepCode = isStepCode(str(sp.step)) ? str(sp.step) : "";
  const group = isStepGroup(str(sp.group)) ? str(sp.group) : "";
  const vendorCode = str(sp.vendor);
  const db = getDb();
  const [rows, vendors] = await Promise.all([listReviewQueue(db, { stepCode: stepCode || undefined, group: group || undefined, vendorCode: vendorCode || undefined }), listVendors(db)]);
  const today = toAmsterdamDate(new Date());
  const checks = await getCheckEvidenceSummaries(db, rows.map((r) => r.checkEvidenceFileId));

  return (
    <>
      <h1>{o("queue_title")}</h1>
      <p className="lead">{o("queue_intro")}</p>
      <form className="filters card" method="get" aria-label={o("filter")}>
        <div className="field">
          <label htmlFor="f-step">{o("step")}</label>
          <select id="f-step" name="step" defaultValue={stepCode}>
            <option value="">{o("all")}</option>
            {[...STEP_CATALOGUE].sort((a, b) => a.sortOrder - b.sortOrder).map((s) => (
              <option key={s.code} value={s.code}>
                {stepTitle(s.code, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-group">{o("group")}</label>
          <select id="f-group" name="group" defaultValue={group}>
            <option value="">{o("all")}</option>
            {STEP_GROUPS.map((g) => (
              <option key={g} value={g}>
                {stepGroupLabel(g, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-vendor">{o("vendor")}</label>
          <select id="f-vendor" name="vendor" defaultValue={vendorCode}>
            <option value="">{o("all")}</option>
            {vendors.map((v) => (
              <option key={v.code} value={v.code}>
                {v.name}
              </option>
            ))}
            <option value="none">{t("home.no_vendor")}</option>
          </select>
        </div>
        <button className="button" type="submit">
          {o("filter")}
        </button>
      </form>
      <p aria-live="polite">{o("queue_count", { count: String(rows.length) })}</p>
      {rows.length === 0 ? (
        <p>{o("queue_empty")}</p>
      ) : (
        <BulkVerify
          enabled={Boolean(stepCode)}
          rows={rows.map((r) => ({
            key: `${r.institutionId}:${r.stepCode}`,
            institutionId: r.institutionId,
            stepCode: r.stepCode,
            version: r.version,
            own: r.reportedBy === actor.userId,
            institution: r.institutionName,
            vendor: r.vendorName ?? t("home.no_vendor"),
            step: stepTitle(r.stepCode, locale),
            completedOn: r.completedOn ? formatDate(r.completedOn, locale) : t("common.none"),
            evidence: r.evidenceName ? { href: `/api/evidence/${r.evidenceFileId}`, name: r.evidenceName } : null,
            check: (() => {
              const c = r.checkEvidenceFileId ? checks.get(r.checkEvidenceFileId) : undefined;
              if (!c) return null;
              return {
                label: o("check_evidence.evidence_label", { date: formatInstant(c.checkedAt, locale), status: t(`checker.check.${c.status}`) }),
                href: `/registry/${c.endpointId}/checks/${c.checkResultId}`,
                file: { href: `/api/evidence/${c.fileId}`, filename: c.filename },
                down: c.status === "down",
              };
            })(),
            note: r.note,
            reportedOn: r.reportedAt ? formatDate(toAmsterdamDate(r.reportedAt), locale) : "",
            age: r.reportedAt ? o("days", { days: String(diffInDays(today, toAmsterdamDate(r.reportedAt))) }) : "",
            reporter: r.reporterName ?? "",
            href: `/institutions/${r.institutionId}/steps/${r.stepCode}`,
          }))}
        />
      )}
      <p>
        <Link href="/institutions">{t("nav.institutions")}</Link>
      </p>
    </>
  );
}
