/** Questions to the programme office (issue 18 §4): institution users ask, the programme office answers. */
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can, isProgramme } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { diffInDays, formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { stepTitle } from "@/lib/domain/onboarding-texts";
import { STEP_CATALOGUE } from "@/lib/domain/steps";
import { isLocale } from "@/lib/i18n/messages";
import { askableInstitutions, listQuestionsFor } from "@/lib/questions/queries";
import { ScrollBox } from "@/app/_components/scroll-box";
import { AskForm } from "./forms";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("questions");
  return { title: t("title") };
}

const STATUSES = ["open", "answered", "closed"] as const;

export default async function QuestionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("questions.read");
  await connection();
  const [t, requested, sp] = await Promise.all([getTranslations("questions"), getLocale(), searchParams]);
  const locale = isLocale(requested) ? requested : "nl";
  const status = STATUSES.find((s) => s === sp.status);
  const mine = sp.mine === "1";
  const db = getDb();
  const [rows, askable] = await Promise.all([listQuestionsFor(db, { actor, status, mine }), can(actor, "questions.ask") ? askableInstitutions(db, actor) : Promise.resolve([])]);
  const programme = isProgramme(actor);
  const today = toAmsterdamDate(new Date());
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{programme ? t("intro_programme") : t("intro_institution")}</p>
      <form className="filters card" method="get" aria-label={t("filter_status")}>
        <div className="field">
          <label htmlFor="qf-status">{t("filter_status")}</label>
          <select id="qf-status" name="status" defaultValue={status ?? ""}>
            <option value="">{t("any")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {programme && (
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" name="mine" value="1" defaultChecked={mine} /> {t("filter_mine")}
            </label>
          </div>
        )}
        <button className="button secondary" type="submit">
          {t("apply")}
        </button>
      </form>
      {rows.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ScrollBox label={t("title")}>
          <table data-testid="question-table">
            <thead>
              <tr>
                <th scope="col">{t("col_subject")}</th>
                <th scope="col">{t("col_institution")}</th>
                <th scope="col">{t("col_asked")}</th>
                <th scope="col">{t("col_age")}</th>
                <th scope="col">{t("col_status")}</th>
                {programme && <th scope="col">{t("col_assignee")}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((q) => {
                const asked = toAmsterdamDate(q.createdAt);
                return (
                  <tr key={q.id}>
                    <td>
                      <Link href={`/questions/${q.id}`}>{q.subject}</Link>
                      {q.stepCode && <div className="muted">{stepTitle(q.stepCode, locale)}</div>}
                    </td>
                    <td>{q.institutionName}</td>
                    <td>
                      {formatDate(asked, locale)}
                      {q.askerName && <div className="muted">{q.askerName}</div>}
                    </td>
                    <td>{q.status === "open" ? t("age_days", { days: diffInDays(today, asked) }) : "—"}</td>
                    <td>{t(`statuses.${q.status}`)}</td>
                    {programme && <td>{q.assigneeName ?? t("unassigned")}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {can(actor, "questions.ask") && (
        <section className="card" aria-labelledby="ask-h">
          <h2 id="ask-h" style={{ marginTop: 0 }}>
            {t("new_title")}
          </h2>
          {askable.length === 0 ? (
            <p>{t("no_institution")}</p>
          ) : (
            <AskForm institutions={askable.map((i) => ({ value: i.id, label: i.name }))} steps={STEP_CATALOGUE.map((s) => ({ value: s.code, label: stepTitle(s.code, locale) }))} />
          )}
        </section>
      )}
    </>
  );
}
