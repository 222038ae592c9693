import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/policy";
import { formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { nextActionText, stepHelp, stepTitle } from "@/lib/domain/onboarding-texts";
import { loadMyWork, MY_WORK_LIMIT, type MyWorkCertificate, type MyWorkGateway } from "@/lib/home/my-work";
import { isLocale, type Locale } from "@/lib/i18n/messages";
import { documentTitle, isDocumentType } from "@/lib/pdf";
import { planLabel } from "@/lib/toolkit/intake";

const WORKING_ROLES: readonly string[] = ["programme_admin", "institution_editor", "security_officer", "vendor_editor"];
const stepHref = (institutionId: string, stepCode: string) => `/institutions/${institutionId}/steps/${stepCode}`;

/**
 * "Mijn werk" (issue 18 §5): the top of each role's home page answers "what should I do now?"
 * (lib/home/my-work.ts). Only the parts that apply to the caller's roles show; when nothing asks
 * for anything, one line says so.
 */
export async function MyWorkPanel({ actor }: { actor: Actor }) {
  // The programme viewer's home is the dashboard itself: nothing to do there.
  if (!actor.memberships.some((m) => WORKING_ROLES.includes(m.role))) return null;
  const [work, t, requested] = await Promise.all([loadMyWork(getDb(), { actor, now: new Date() }), getTranslations("myWork"), getLocale()]);
  const locale: Locale = isLocale(requested) ? requested : "nl";
  const day = (d: Date) => formatDate(toAmsterdamDate(d), locale);
  const env = (e: string) => t(`environments.${e}`);
  const endpointName = (e: { transaction: string; environment: string }) => `${e.transaction.toUpperCase()} (${env(e.environment)})`;

  const sections: React.ReactNode[] = [];

  if (work.review && work.review.total > 0) {
    const first = work.review.oldest[0];
    sections.push(
      <section key="review" className="card" aria-labelledby="mw-review-h">
        <h3 id="mw-review-h" style={{ marginTop: 0 }}>{t("review_title", { count: work.review.total })}</h3>
        <ol>
          {work.review.oldest.map((q) => (
            <li key={`${q.institutionId}-${q.stepCode}`}>
              <Link href={stepHref(q.institutionId, q.stepCode)}>
                {q.institutionName}: {stepTitle(q.stepCode, locale)}
              </Link>{" "}
              {q.days !== null && <span className="muted">· {t("waiting_days", { days: q.days })}</span>}
            </li>
          ))}
        </ol>
        <p>
          <Link className="button" href={stepHref(first.institutionId, first.stepCode)}>
            {t("review_start")}
          </Link>{" "}
          {work.review.total > MY_WORK_LIMIT && <Link href="/review">{t("review_all", { count: work.review.total })}</Link>}
        </p>
      </section>,
    );
  }

  for (const inst of work.institutions) {
    const a = inst.nextAction;
    const passed = inst.plans.filter((p) => p.passed && !p.done);
    sections.push(
      <section key={`inst-${inst.id}`} className="card" aria-labelledby={`mw-inst-${inst.id}`}>
        <h3 id={`mw-inst-${inst.id}`} style={{ marginTop: 0 }}>{work.institutions.length > 1 ? t("next_for", { institution: inst.name }) : t("next_title")}</h3>
        <p>
          <strong>{nextActionText(a, locale)}</strong>
        </p>
        {a.stepCode && a.kind !== "none" && (
          <>
            <p className="muted">{stepHelp(a.stepCode, locale)}</p>
            {a.kind !== "await_verification" && (
              <p>
                <Link className="button" href={stepHref(inst.id, a.stepCode)}>
                  {a.kind === "resubmit" ? t("resubmit_button", { step: stepTitle(a.stepCode, locale) }) : t("report_button", { step: stepTitle(a.stepCode, locale) })}
                </Link>
              </p>
            )}
          </>
        )}
        {inst.rejected.length > 0 && (
          <>
            <h4>{t("rejected_title", { count: inst.rejected.length })}</h4>
            <ul>
              {inst.rejected.map((r) => (
                <li key={r.stepCode}>
                  <Link href={stepHref(inst.id, r.stepCode)}>{stepTitle(r.stepCode, locale)}</Link>
                  {r.reason && <span className="muted"> · {t("reason", { reason: r.reason })}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
        {inst.plans.length > 0 && (
          <>
            <h4>{t("plans_title")}</h4>
            <ul>
              {inst.plans.map((p) => (
                <li key={p.key}>
                  {planLabel(p.key, locale)}: {formatDate(p.date, locale)}{" "}
                  {p.done ? <span className="tag">{t("plan_done")}</span> : p.passed ? <span className="tag health-degraded">{t("plan_passed")}</span> : null}
                </li>
              ))}
            </ul>
            {passed.length > 0 && (
              <p>
                <Link href={`/institutions/${inst.id}#plans-h`}>{t("plans_edit")}</Link>
              </p>
            )}
          </>
        )}
      </section>,
    );
  }

  for (const tk of work.toolkit) {
    sections.push(
      <section key={`tk-${tk.institutionId}`} className="card" aria-labelledby={`mw-tk-${tk.institutionId}`}>
        <h3 id={`mw-tk-${tk.institutionId}`} style={{ marginTop: 0 }}>{t("toolkit_title", { count: tk.documents.length })}</h3>
        <ul>
          {tk.documents.map((d) => (
            <li key={d.documentType}>
              {isDocumentType(d.documentType) ? documentTitle(d.documentType, locale) : d.documentType} · {t("version", { version: d.versionLabel })}{" "}
              <span className="tag">{d.kind === "outdated" ? t("toolkit_again") : t("toolkit_never")}</span>
            </li>
          ))}
        </ul>
        <p>
          <Link className="button" href={`/toolkit/${tk.institutionId}`}>
            {t("toolkit_open")}
          </Link>
        </p>
      </section>,
    );
  }

  if (work.gateways.length > 0) {
    sections.push(
      <section key="gateways" className="card" aria-labelledby="mw-gw-h">
        <h3 id="mw-gw-h" style={{ marginTop: 0 }}>{t("gateways_title", { count: work.gateways.length })}</h3>
        <ul>
          {work.gateways.slice(0, MY_WORK_LIMIT * 2).map((g: MyWorkGateway) => (
            <li key={g.endpointId}>
              <Link href={`/registry/${g.endpointId}`}>
                {g.institutionName}: {endpointName(g)}
              </Link>{" "}
              <span className={g.status === "down" ? "tag health-down" : "tag health-degraded"}>{t(`health.${g.status}`)}</span>
              {g.since && <span className="muted"> · {t("since", { date: day(g.since) })}</span>}
            </li>
          ))}
        </ul>
        {work.gateways.length > MY_WORK_LIMIT * 2 && (
          <p>
            <Link href="/registry?health=down">{t("gateways_down_link")}</Link>
          </p>
        )}
      </section>,
    );
  }

  if (work.certificates.length > 0) {
    sections.push(
      <section key="certs" className="card" aria-labelledby="mw-cert-h">
        <h3 id="mw-cert-h" style={{ marginTop: 0 }}>{t("certificates_title", { count: work.certificates.length })}</h3>
        <ul>
          {work.certificates.slice(0, MY_WORK_LIMIT * 2).map((c: MyWorkCertificate) => (
            <li key={c.endpointId}>
              <Link href={`/registry/${c.endpointId}`}>
                {c.institutionName}: {endpointName(c)}
              </Link>{" "}
              {c.uraMismatch ? (
                <span className="tag health-down">{t("ura_mismatch")}</span>
              ) : c.daysLeft < 0 ? (
                <span className="tag health-down">{t("expired", { date: day(c.notAfter) })}</span>
              ) : (
                <span className="tag health-degraded">{t("expires", { date: day(c.notAfter), days: c.daysLeft })}</span>
              )}
            </li>
          ))}
        </ul>
        <p>
          <Link href="/registry/certificates?expires=30">{t("certificates_all")}</Link>
        </p>
      </section>,
    );
  }

  if (work.waiting.length > 0) {
    sections.push(
      <section key="waiting" className="card" aria-labelledby="mw-wait-h">
        <h3 id="mw-wait-h" style={{ marginTop: 0 }}>{t("waiting_title", { count: work.waiting.length })}</h3>
        <p className="muted">{t("waiting_help")}</p>
        <ul>
          {work.waiting.slice(0, MY_WORK_LIMIT * 2).map((w) => (
            <li key={w.id}>
              <Link href={`/institutions/${w.id}`}>{w.name}</Link>
            </li>
          ))}
        </ul>
      </section>,
    );
  }

  return (
    <section aria-labelledby="my-work-h" data-testid="my-work" className="my-work">
      <h2 id="my-work-h">{t("title")}</h2>
      {sections.length === 0 ? <p>{t("nothing")}</p> : sections}
    </section>
  );
}
