import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getInstitutionDetail, getInstitutionRef } from "@/lib/institutions/queries";
import { can, institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { formatDate } from "@/lib/domain/dates";
import { stepHelp, stepHint, stepNoteText, stepTitle } from "@/lib/domain/onboarding-texts";
import { isStepCode } from "@/lib/domain/steps";
import { isLocale } from "@/lib/i18n/messages";
import { loadWorkspace } from "@/lib/onboarding/workspace";
import { getStepEditContext, nextInReviewQueue } from "@/lib/onboarding/queries";
import { getCheckEvidenceSummaries, listAttachableChecks, listInstitutionEndpointLinks, type CheckEvidenceSummary } from "@/lib/onboarding/check-evidence";
import { formatInstant } from "@/lib/registry/format";
import { StepStateTag } from "@/app/_components/step-state";
import { StepReportForm } from "./report-form";
import { FormAlert } from "@/app/_components/form-bits";
import { DecisionForm } from "./decision-form";
import { PersonName } from "@/app/_components/person-name";
import { formatDateTime } from "@/lib/domain/intl";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("onboarding");
  return { title: t("step_page_title") };
}

export default async function StepPage({ params, searchParams }: { params: Promise<{ id: string; code: string }>; searchParams: Promise<{ decision?: string | string[]; submitted?: string | string[] }> }) {
  const { id, code } = await params;
  if (!isStepCode(code)) notFound();
  const db = getDb();
  const ref = await getInstitutionRef(db, id);
  if (!ref) notFound();
  const actor = await requirePagePermission("institution.read", ref);
  const inst = await getInstitutionDetail(db, { id, scope: institutionScope(actor, "institution.read") });
  if (!inst) notFound();
  const [t, o, ce, requested] = await Promise.all([getTranslations(), getTranslations("onboarding"), getTranslations("onboarding.check_evidence"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  const ws = await loadWorkspace(db, { institutionId: inst.id, vendorCode: inst.vendorCode, now: new Date() });
  const s = ws.checklist.flatMap((g) => g.steps).find((x) => x.def.code === code)!;
  const row = s.row?.step ?? null;
  const d = (iso: string | null | undefined) => (iso ? formatDate(iso.slice(0, 10), locale) : t("common.none"));
  const dt = (at: Date) => formatDateTime(at, locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
  const final = s.state === "verified" || s.state === "not_applicable";
  // Set by DecisionForm after a decision; confirmed only while the step is in that state.
  const sp = await searchParams;
  const decision = sp.decision;
  const decided = decision === "verified" && s.state === "verified" ? o("verified_ok") : decision === "rejected" && s.state === "rejected" ? o("rejected_ok") : null;
  // Set by the report form after a submit: the form closes into the submitted state.
  const submitted = sp.submitted === "1" && s.state === "reported" && !row?.draft;
  const canReport = can(actor, "institution.report", ref) && s.applies && !final;
  const mayVerify = can(actor, "step.verify", ref);
  const canVerify = mayVerify && s.state === "reported";
  const ownReport = Boolean(row?.reportedBy && row.reportedBy === actor.userId);
  const next = decided && mayVerify ? await nextInReviewQueue(db, { reviewerId: actor.userId, after: { institutionId: inst.id, stepCode: s.def.code } }) : null;
  const prefill = row?.draft ?? (row ? { completedOn: row.completedOn, note: row.note, link: row.link, evidenceFileId: row.evidenceFileId, checkEvidenceFileId: row.checkEvidenceFileId } : null);
  // Whose draft or report the form carries, and whose file: named, never inherited silently.
  const discardedDraft = [...s.events].reverse().find((e) => e.event.action !== "verified")?.event.action === "draft_discarded" ? s.events.filter((e) => e.event.action === "draft_saved").at(-1)?.event : undefined;
  const edit = await getStepEditContext(db, { fileIds: [prefill?.evidenceFileId], userIds: [row?.draftSavedBy, row?.reportedBy, discardedDraft?.actorUserId] });
  const who = (id: string | null | undefined) => (id ? (id === actor.userId ? o("edit_context.you") : (edit.names.get(id) ?? o("edit_context.unknown_person"))) : o("edit_context.unknown_person"));
  const prefillFile = prefill?.evidenceFileId ? edit.files.get(prefill.evidenceFileId) : undefined;
  const foreignFile = Boolean(prefillFile && prefillFile.uploadedBy !== actor.userId);
  const carries = row?.draft
    ? o("edit_context.draft", { name: who(row.draftSavedBy), at: row.draftSavedAt ? dt(row.draftSavedAt) : t("common.none") })
    : row && s.state !== "open" && row.reportedAt
      ? o("edit_context.report", { name: who(row.reportedBy), at: dt(row.reportedAt) })
      : null;
  const fileLine = prefillFile ? o("edit_context.file", { file: prefillFile.filename, name: who(prefillFile.uploadedBy), at: dt(prefillFile.uploadedAt) }) : null;
  // Programme staff report on an institution's behalf; institution staff report for themselves.
  const onBehalf = canReport && mayVerify;
  const draftIsMine = Boolean(row?.draft && row.draftSavedBy === actor.userId);
  const ev = s.def.evidence;
  // Attached connectivity checks (the report's, the draft's and those in the history).
  const takesCheck = ev.checkResult !== "not_allowed";
  const prefillCheckId = (prefill && "checkEvidenceFileId" in prefill ? prefill.checkEvidenceFileId : null) ?? null;
  const checks = takesCheck ? await getCheckEvidenceSummaries(db, [row?.checkEvidenceFileId, prefillCheckId, ...s.events.map((e) => e.event.checkEvidenceFileId)]) : new Map<string, CheckEvidenceSummary>();
  const [choices, endpointLinks] = canReport && takesCheck ? await Promise.all([listAttachableChecks(db, { institutionId: inst.id, now: new Date() }), listInstitutionEndpointLinks(db, inst.id)]) : [[], []];
  const checkLabel = (c: CheckEvidenceSummary) => ce("evidence_label", { date: formatInstant(c.checkedAt, locale), status: t(`checker.check.${c.status}`) });
  const CheckEvidence = ({ c }: { c: CheckEvidenceSummary }) => (
    <span data-testid="check-evidence">
      <Link href={`/registry/${c.endpointId}/checks/${c.checkResultId}`}>{checkLabel(c)}</Link> · <a href={`/api/evidence/${c.fileId}`}>{ce("download", { name: c.filename })}</a>
      {c.status === "down" && <span className="error"> {ce("down_warning")}</span>}
    </span>
  );
  const reportedCheck = row?.checkEvidenceFileId ? checks.get(row.checkEvidenceFileId) : undefined;
  const draftCheck = prefillCheckId ? checks.get(prefillCheckId) : undefined;

  return (
    <>
      <p>
        <Link href={`/institutions/${inst.id}`}>{o("back", { name: inst.name })}</Link>
      </p>
      <h1>{stepTitle(s.def.code, locale)}</h1>
      {decided && (
        <div data-testid="decision-done">
          <FormAlert kind="ok">{decided}</FormAlert>
          <p className="actions-row">
            {next ? (
              <Link className="button" href={`/institutions/${next.institutionId}/steps/${next.stepCode}`}>
                {o("next_report")}
              </Link>
            ) : (
              <span>{o("queue_done")}</span>
            )}
            <Link href="/review">{o("back_to_queue")}</Link>
          </p>
        </div>
      )}
      {submitted && <FormAlert kind="ok">{o("submitted")}</FormAlert>}
      {s.state === "verified" && discardedDraft && (
        <p className="alert info" data-testid="draft-discarded">
          {o("edit_context.discarded", { name: who(discardedDraft.actorUserId), at: dt(discardedDraft.at) })}
        </p>
      )}
      <p className="lead">{stepHelp(s.def.code, locale)}</p>
      {s.note && <p className="alert info">{stepNoteText(s.note, locale)}</p>}
      {canVerify && (
        <section className="card" aria-labelledby="decision-h">
          <h2 id="decision-h">{o("decision_title")}</h2>
          {ownReport ? (
            <p className="alert info">{o("own_report_note")}</p>
          ) : (
            <>
              {row?.draft && <p className="alert info">{o("edit_context.draft_on_verify", { name: who(row.draftSavedBy), at: row.draftSavedAt ? dt(row.draftSavedAt) : t("common.none") })}</p>}
              <DecisionForm institutionId={inst.id} stepCode={s.def.code} version={row?.version ?? 0} />
            </>
          )}
        </section>
      )}

      <section className="card" aria-labelledby="state-h">
        <h2 id="state-h">{o("state")}</h2>
        <p>
          <StepStateTag state={s.state} />
          {row?.draft && <span className="muted"> ({o("state_draft")})</span>}
        </p>
        {s.state === "rejected" && row?.rejectionReason && (
          <div className="alert error" role="note">
            <strong>{o("rejection_reason")}:</strong> {row.rejectionReason}
          </div>
        )}
        <dl className="kv">
          <dt>{o("date")}</dt>
          <dd>{d(row?.completedOn)}</dd>
          <dt>{o("note")}</dt>
          <dd>{row?.note ?? t("common.none")}</dd>
          <dt>{o("evidence")}</dt>
          <dd>
            {row?.evidenceFileId ? <a href={`/api/evidence/${row.evidenceFileId}`}>{s.row?.evidenceName}</a> : !reportedCheck && t("common.none")}
            {reportedCheck && (
              <div>
                <CheckEvidence c={reportedCheck} />
              </div>
            )}
          </dd>
          {s.prerequisites.length > 0 && (
            <>
              <dt>{o("prerequisites")}</dt>
              <dd>
                <ul className="plain">
                  {s.prerequisites.map((p) => {
                    const pre = ws.checklist.flatMap((g) => g.steps).find((x) => x.def.code === p);
                    return (
                      <li key={p}>
                        {stepTitle(p, locale)} {pre && <StepStateTag state={pre.state} />}
                      </li>
                    );
                  })}
                </ul>
              </dd>
            </>
          )}
        </dl>
      </section>

      {canReport &&
        (() => {
          const collapsed = onBehalf || s.state === "reported";
          const context = (
            <>
              {(carries || fileLine) && (
                <p className="muted" data-testid="edit-context">
                  {carries}
                  {carries && fileLine && " "}
                  {fileLine}
                </p>
              )}
              {onBehalf && <p className="alert info">{o("edit_context.on_behalf_warning")}</p>}
              {stepHint(s.def.code, locale) && <p className="muted">{stepHint(s.def.code, locale)}</p>}
            </>
          );
          const body = (
            <>
              {context}
            <StepReportForm
              institutionId={inst.id}
              stepCode={s.def.code}
              version={row?.version ?? 0}
              today={ws.today}
              prefill={{ completedOn: prefill?.completedOn ?? "", note: prefill?.note ?? "", link: prefill?.link ?? "" }}
              currentFile={prefill?.evidenceFileId ? (prefillFile ? o("edit_context.file_short", { file: prefillFile.filename, name: who(prefillFile.uploadedBy) }) : o("evidence_file_fallback")) : null}
              keepFileByDefault={!(onBehalf && foreignFile)}
              check={
                takesCheck
                  ? {
                      current: draftCheck ? { label: ce("current", { date: formatInstant(draftCheck.checkedAt, locale), status: t(`checker.check.${draftCheck.status}`) }), href: `/registry/${draftCheck.endpointId}/checks/${draftCheck.checkResultId}`, down: draftCheck.status === "down" } : null,
                      options: choices.map((c) => ({
                        value: String(c.id),
                        label: ce("option", { date: formatInstant(c.checkedAt, locale), status: t(`checker.check.${c.status}`), endpoint: `${c.transaction.toUpperCase()} ${t(`registry.environments.${c.environment}`)} (${c.url})` }),
                      })),
                      endpoints: endpointLinks.map((e) => ({ href: `/registry/${e.id}`, label: `${e.transaction.toUpperCase()} ${t(`registry.environments.${e.environment}`)} (${e.url})` })),
                    }
                  : null
              }
              rules={{ document: ev.document, freeText: ev.freeText, checkResult: ev.checkResult }}
            />
            </>
          );
          return collapsed ? (
            // Keyed by the report: a submit or a decision closes it again; saving a draft keeps it open.
            <details className="card disclosure" key={`edit-${s.state}-${row?.reportedAt?.getTime() ?? 0}`} open={!onBehalf && draftIsMine ? true : undefined} data-testid="report-disclosure">
              <summary>{onBehalf ? o("edit_context.on_behalf_title") : o("edit_context.change_title")}</summary>
              {body}
            </details>
          ) : (
            <section className="card" aria-labelledby="report-h">
              <h2 id="report-h">{o("form_title", { step: stepTitle(s.def.code, locale) })}</h2>
              {body}
            </section>
          );
        })()}

      <section className="card" aria-labelledby="history-h">
        <h2 id="history-h">{o("history")}</h2>
        {s.events.length === 0 ? (
          <p>{o("history_empty")}</p>
        ) : (
          <ol className="history">
            {s.events.map(({ event: e, evidenceName, actorName, actorEmail }) => (
              <li key={e.id}>
                <strong>{o(`actions_log.${e.action}`)}</strong> · {dt(e.at)} · <PersonName name={actorName} email={actorEmail} fallback={e.actorLabel} />
                {e.completedOn && <div>{o("date")}: {d(e.completedOn)}</div>}
                {e.note && <div>{o("note")}: {e.note}</div>}
                {evidenceName && <div>{o("evidence")}: {evidenceName}</div>}
                {e.checkEvidenceFileId && checks.get(e.checkEvidenceFileId) && (
                  <div>
                    <CheckEvidence c={checks.get(e.checkEvidenceFileId)!} />
                  </div>
                )}
                {e.reason && (
                  <div>
                    {o("rejection_reason")}: {e.reason}
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
