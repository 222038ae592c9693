/** The escalation register and the decision log (issue 17 §4): programme roles read, programme admins write. */
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { daysOverdue, type EscalationStatus } from "@/lib/domain/escalations";
import { formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { linkNames, listDecisions, listEscalations } from "@/lib/escalations/queries";
import { isLocale } from "@/lib/i18n/messages";
import { ScrollBox } from "@/app/_components/scroll-box";
import { formChoices } from "./choices";
import { DecisionForm, EscalationForm } from "./forms";
import { Links } from "./links";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("escalations");
  return { title: t("title") };
}

export default async function EscalationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("escalations.view");
  await connection();
  const [t, requested] = await Promise.all([getTranslations("escalations"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  const all = (await searchParams).status === "all";
  const db = getDb();
  const today = toAmsterdamDate(new Date());
  const [rows, decisionRows] = await Promise.all([listEscalations(db, { status: all ? "all" : "open_only" }), listDecisions(db)]);
  const names = await linkNames(db, [...rows.map((r) => r.links), ...decisionRows.map((r) => r.links)]);
  const manage = can(actor, "escalations.manage");
  const choices = manage ? await formChoices(db, locale) : null;
  const fd = (d: string) => formatDate(d, locale);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <section className="card" aria-labelledby="reg-h">
        <h2 id="reg-h" style={{ marginTop: 0 }}>
          {t("register")}
        </h2>
        <p>
          {all ? <Link href="/escalations">{t("show_open")}</Link> : <Link href="/escalations?status=all">{t("show_all")}</Link>} · <a href={`/escalations/export?what=register`} download>{t("csv_register")}</a>
        </p>
        {rows.length === 0 ? (
          <p>{all ? t("none") : t("none_open")}</p>
        ) : (
          <ScrollBox label={t("register")}>
            <table data-testid="escalation-table">
              <thead>
                <tr>
                  <th scope="col">{t("number")}</th>
                  <th scope="col">{t("title_field")}</th>
                  <th scope="col">{t("kind")}</th>
                  <th scope="col">{t("level")}</th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col">{t("owner")}</th>
                  <th scope="col">{t("due_on")}</th>
                  <th scope="col">{t("links")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const late = daysOverdue({ dueOn: r.dueOn, status: r.status as EscalationStatus, today });
                  return (
                    <tr key={r.id} data-testid={`escalation-${r.number}`}>
                      <td>E-{r.number}</td>
                      <th scope="row" className="row-head">
                        <Link href={`/escalations/${r.id}`}>{r.title}</Link>
                      </th>
                      <td>{t(`kinds.${r.kind as "issue"}`)}</td>
                      <td>
                        <span className="tag">{t(`levels.${r.level as "programme"}`)}</span>
                      </td>
                      <td>{t(`statuses.${r.status as "open"}`)}</td>
                      <td>{r.owner}</td>
                      <td>
                        {r.dueOn ? fd(r.dueOn) : "—"}
                        {late > 0 && <div className="tag health-down">{t("overdue_days", { days: late })}</div>}
                      </td>
                      <td>
                        <Links links={r.links} names={names} locale={locale} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
        )}
        {choices && (
          <details>
            <summary>{t("new")}</summary>
            <EscalationForm choices={choices} />
          </details>
        )}
      </section>

      <section className="card" aria-labelledby="dec-h">
        <h2 id="dec-h" style={{ marginTop: 0 }}>
          {t("decisions")}
        </h2>
        <p>
          <a href={`/escalations/export?what=decisions`} download>{t("csv_decisions")}</a>
        </p>
        {decisionRows.length === 0 ? (
          <p>{t("decisions_none")}</p>
        ) : (
          <ScrollBox label={t("decisions")}>
            <table data-testid="decision-table">
              <thead>
                <tr>
                  <th scope="col">{t("number")}</th>
                  <th scope="col">{t("decided_on")}</th>
                  <th scope="col">{t("forum")}</th>
                  <th scope="col">{t("decision")}</th>
                  <th scope="col">{t("links")}</th>
                </tr>
              </thead>
              <tbody>
                {decisionRows.map((d) => (
                  <tr key={d.id}>
                    <td>B-{d.number}</td>
                    <td>{fd(d.decidedOn)}</td>
                    <td>{t(`levels.${d.forum as "programme"}`)}</td>
                    <td style={{ whiteSpace: "pre-wrap" }}>{d.decision}</td>
                    <td>
                      <Links links={d.links} names={names} locale={locale} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
        {choices && (
          <details>
            <summary>{t("decision_new")}</summary>
            <DecisionForm choices={choices} today={today} />
          </details>
        )}
      </section>
    </>
  );
}
