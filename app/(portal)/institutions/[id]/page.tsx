import { ClientMessages } from "@/app/_components/client-messages";
import { MyWorkPanel } from "@/app/_components/my-work";
import { AnnouncementsPanel } from "@/app/_components/announcements-panel";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getInstitutionDetail, getInstitutionRef } from "@/lib/institutions/queries";
import { can, homePath, institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { formatDate } from "@/lib/domain/dates";
import { nextActionText, stepGroupLabel, stepTitle } from "@/lib/domain/onboarding-texts";
import { isLocale } from "@/lib/i18n/messages";
import { provinceName } from "@/lib/labels";
import { institutionPageReads } from "@/lib/institutions/page-reads";
import { PlansCard } from "@/app/(portal)/toolkit/_components/plans-card";
import { EligibilitySection } from "./eligibility-section";
import { GoLiveSection } from "./golive-section";
import { ChecklistTable, type ChecklistRow, type ChecklistTexts } from "./checklist-rows";
import { STEP_STATES } from "@/lib/domain/readiness";
import { formatDateTime } from "@/lib/domain/intl";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("institutions");
  return { title: t("page_title_one") };
}

export default async function InstitutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = getDb();
  const ref = await getInstitutionRef(db, id);
  if (!ref) notFound();
  const actor = await requirePagePermission("institution.read", ref);
  // The detail, the checklist and the texts side by side (the checklist needs only the reference's vendor).
  const [inst, ws, t, o, requested] = await Promise.all([
    getInstitutionDetail(db, { id, scope: institutionScope(actor, "institution.read") }),
    institutionPageReads.workspace(db, { institutionId: ref.id, vendorCode: ref.vendorCode, now: new Date() }),
    getTranslations(),
    getTranslations("onboarding"),
    getLocale(),
  ]);
  if (!inst) notFound();
  const locale = isLocale(requested) ? requested : "nl";
  const r = ws.readiness;
  const canReport = can(actor, "institution.report", ref);
  const canVerify = can(actor, "step.verify", ref);
  const myRoles = actor.memberships.filter((m) => m.institutionId === inst.id || (m.vendorCode && m.vendorCode === inst.vendorCode));
  const d = (iso: string | null | undefined) => (iso ? formatDate(iso.slice(0, 10), locale) : t("common.none"));
  const dt = (at: Date | null | undefined) =>
    at ? formatDateTime(at, locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" }) : "";
  const blocking = r.blockingPrecondition ? stepGroupLabel(r.blockingPrecondition, locale) : null;
  const checklistTexts: ChecklistTexts = {
    head: [o("step"), o("state"), o("date"), o("evidence"), o("who"), o("actions")],
    states: Object.fromEntries(STEP_STATES.map((state) => [state, t(`readiness.states.${state}`)])) as ChecklistTexts["states"],
    draft: o("state_draft"),
    rejection: o("rejection_reason"),
    download: o("download"),
    noEvidence: o("no_evidence"),
    link: o("link"),
  };

  return (
    // The client texts of the go-live and planned-date forms on this page only, not on the pages
    // below it, and only for a viewer who gets one of those forms (GoLiveSection, PlansCard).
    <ClientMessages groups={["golive", "planning"]} when={canReport || can(actor, "golive.confirm") || can(actor, "golive.override", ref)}>
      <h1>{inst.name}</h1>
      <p className="lead">
        {t(`kinds.${inst.kind}`)} · {inst.city}, {provinceName(inst.province, locale)} · {inst.vendorName ?? t("home.no_vendor")}
      </p>
      {homePath(actor) === `/institutions/${inst.id}` && <MyWorkPanel actor={actor} />}
      {homePath(actor) === `/institutions/${inst.id}` && <AnnouncementsPanel userId={actor.userId} />}
      {can(actor, "institution.manage") && (
        <p>
          <Link className="button secondary" href={`/admin/institutions/${inst.id}/edit`}>
            {t("institutionsAdmin.edit")}
          </Link>
        </p>
      )}
      {myRoles.length > 0 && (
        <p>
          {t("institutions.your_role")}:{" "}
          {myRoles.map((m) => (
            <span className="tag" key={m.role}>
              {t(`roles.${m.role}`)}
            </span>
          ))}
        </p>
      )}

      <section className="card" aria-labelledby="readiness-h">
        <h2 id="readiness-h">{o("readiness")}</h2>
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={r.percent} aria-labelledby="readiness-h">
          <div style={{ width: `${r.percent}%` }} />
        </div>
        <p>
          <strong>{o("percent_done", { percent: String(r.percent) })}</strong>
        </p>
        <dl className="kv" data-testid="readiness">
          <dt>{o("phase")}</dt>
          <dd>
            {t(`readiness.phases.${r.phase}.label`)}
            {r.phaseStartedOn && r.daysInPhase !== null && <span className="muted"> · {o("since", { date: d(r.phaseStartedOn), days: String(r.daysInPhase) })}</span>}
          </dd>
          <dt>{o("blocking")}</dt>
          <dd>{blocking ?? o("none_blocking")}</dd>
          <dt>{o("next_action")}</dt>
          <dd>{nextActionText(r.nextAction, locale)}</dd>
          <dt>{o("gate")}</dt>
          <dd>{r.goLiveGate.passed ? o("gate_open") : o("gate_closed", { count: String(r.goLiveGate.missing.length) })}</dd>
        </dl>
      </section>

      <GoLiveSection institution={{ id: inst.id, vendorCode: inst.vendorCode, name: inst.name }} actor={actor} locale={locale} />

      {can(actor, "financing.eligibility", ref) && <EligibilitySection institutionId={inst.id} locale={locale} showProgrammeLink={can(actor, "financing.view")} />}

      <h2>{o("checklist")}</h2>
      {ws.checklist.map((g) => (
        <section key={g.group} className="card" aria-labelledby={`grp-${g.group}`}>
          <h3 id={`grp-${g.group}`} style={{ marginTop: 0 }}>
            {stepGroupLabel(g.group, locale)} {g.met === true && <span className="tag">✓</span>}
          </h3>
          <ChecklistTable
            label={stepGroupLabel(g.group, locale)}
            stepHref={`/institutions/${inst.id}/steps/`}
            texts={checklistTexts}
            rows={g.steps.map((s): ChecklistRow => {
              const row = s.row;
              const final = s.state === "verified" || s.state === "not_applicable";
              const action =
                canVerify && s.state === "reported"
                  ? o("review")
                  : canReport && s.applies && !final
                    ? s.state === "rejected"
                      ? o("resubmit")
                      : s.state === "reported"
                        ? o("edit_report")
                        : o("report")
                    : o("view");
              return {
                code: s.def.code,
                title: stepTitle(s.def.code, locale),
                applies: s.applies ? (s.mandatory ? o("mandatory") : o("optional")) : o("not_for_vendor"),
                prerequisites: s.prerequisites.length > 0 ? ` · ${o("prerequisites")}: ${s.prerequisites.map((p) => stepTitle(p, locale)).join(", ")}` : null,
                state: s.state,
                draft: Boolean(row?.step.draft),
                rejection: s.state === "rejected" && row?.step.rejectionReason ? row.step.rejectionReason : null,
                date: row?.step.completedOn ? d(row.step.completedOn) : t("common.none"),
                evidence: row?.step.evidenceFileId ? { id: row.step.evidenceFileId, name: row.evidenceName } : null,
                link: row?.step.link ?? null,
                who: [
                  row?.reporterName && row.step.reportedAt ? o("reported_by", { name: row.reporterName, date: dt(row.step.reportedAt) }) : null,
                  row?.verifierName && row.step.verifiedAt ? o("verified_by", { name: row.verifierName, date: dt(row.step.verifiedAt) }) : null,
                  s.state === "rejected" && row?.rejecterName && row.step.rejectedAt ? o("rejected_by", { name: row.rejecterName, date: dt(row.step.rejectedAt) }) : null,
                ].filter((line): line is string => line !== null),
                action,
              };
            })}
          />
        </section>
      ))}

      <PlansCard institutionId={inst.id} canEdit={canReport} />

      <div className="grid">
        <section className="card" aria-labelledby="details-h">
          <h2 id="details-h">{t("institutions.details")}</h2>
          <dl className="kv">
            <dt>{t("institutions.ura")}</dt>
            <dd>{inst.ura}</dd>
            <dt>{t("institutions.agb")}</dt>
            <dd>{inst.agb ?? t("common.none")}</dd>
            <dt>{t("institutions.kvk")}</dt>
            <dd>{inst.kvk ?? t("common.none")}</dd>
            <dt>{t("institutions.vendor")}</dt>
            <dd>{inst.vendorName ?? t("home.no_vendor")}</dd>
            <dt>{t("institutions.group")}</dt>
            <dd>{inst.groupName ?? t("common.none")}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="contacts-h">
          <h2 id="contacts-h">{t("institutions.contacts")}</h2>
          {inst.contacts.length === 0 ? (
            <p>{t("institutions.no_contacts")}</p>
          ) : (
            <ul className="plain">
              {inst.contacts.map((c) => (
                <li key={c.id}>
                  <strong>{t(`institutions.contact_roles.${c.role}`)}</strong>: {c.name} · <a href={`mailto:${c.email}`}>{c.email}</a>
                  {c.phone && <span className="muted"> · {c.phone}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="people-h">
          <h2 id="people-h">{t("institutions.people")}</h2>
          {inst.people.length === 0 ? (
            <p>{t("common.none")}</p>
          ) : (
            <ul className="plain">
              {inst.people.map((p) => (
                <li key={`${p.email}-${p.role}`}>
                  {p.name} — {t(`roles.${p.role}`)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </ClientMessages>
  );
}
