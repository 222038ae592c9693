/** One question thread (issue 18 §4): the messages, the reply or answer, assignment, closing, publishing. */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDate, formatInstant, toAmsterdamDate } from "@/lib/domain/dates";
import { KB_CATEGORIES } from "@/lib/domain/events";
import { stepTitle } from "@/lib/domain/onboarding-texts";
import { isLocale } from "@/lib/i18n/messages";
import { getInstitutionRef } from "@/lib/institutions/queries";
import { getQuestion, listAssignees } from "@/lib/questions/queries";
import { ArticleForm, AssignForm, CloseQuestion, ReplyForm } from "../forms";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("questions");
  return { title: t("title") };
}

export default async function QuestionPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission("questions.read");
  await connection();
  const { id } = await params;
  const db = getDb();
  const q = await getQuestion(db, id);
  const ref = q ? await getInstitutionRef(db, q.institutionId) : null;
  // A question outside the caller's scope is not found, like one that does not exist.
  if (!q || !ref || !can(actor, "questions.read", ref)) notFound();
  const [t, tk, requested] = await Promise.all([getTranslations("questions"), getTranslations("kb"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  const answer = can(actor, "questions.answer", ref);
  const ask = can(actor, "questions.ask", ref);
  const closed = q.status === "closed";
  const assignees = answer ? await listAssignees(db) : [];
  const lastAnswer = [...q.messages].reverse().find((m) => m.fromProgramme);
  return (
    <>
      <p>
        <Link href="/questions">{t("back")}</Link>
      </p>
      <h1>{q.subject}</h1>
      <p className="muted">
        {t("asked_by", { name: q.askerName ?? "—", institution: q.institutionName, date: formatDate(toAmsterdamDate(q.createdAt), locale) })} · {t(`statuses.${q.status}`)}
        {q.stepCode && (
          <>
            <br />
            {t("about_step", { step: stepTitle(q.stepCode, locale) })}
          </>
        )}
      </p>
      <ol className="thread" aria-label={q.subject} data-testid="thread">
        {q.messages.map((m) => (
          <li key={m.id} className="card">
            <p className="muted" style={{ marginTop: 0 }}>
              <strong>{m.fromProgramme ? `${t("from_programme")} (${m.authorName})` : m.authorName}</strong> · {formatInstant(m.createdAt, locale)}
            </p>
            <p style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{m.body}</p>
          </li>
        ))}
      </ol>
      {q.articles.length > 0 && (
        <p>
          {t("published_as")}{" "}
          {q.articles.map((a, i) => (
            <span key={a.id}>
              {i > 0 && ", "}
              <Link href={`/kb/${a.id}`}>{a.title}</Link>
            </span>
          ))}
        </p>
      )}
      {closed ? (
        <p role="status">{t("closed_notice")}</p>
      ) : (
        (answer || ask) && (
          <section className="card" aria-labelledby="reply-h">
            <h2 id="reply-h" style={{ marginTop: 0 }}>
              {answer ? t("answer") : t("reply")}
            </h2>
            <ReplyForm questionId={q.id} programme={answer} />
          </section>
        )
      )}
      {answer && !closed && (
        <section className="card" aria-labelledby="assign-h">
          <h2 id="assign-h" style={{ marginTop: 0 }}>
            {t("assign")}
          </h2>
          <AssignForm questionId={q.id} current={q.assignedTo ?? ""} assignees={assignees.map((a) => ({ value: a.id, label: a.name }))} />
          <CloseQuestion questionId={q.id} />
        </section>
      )}
      {answer && can(actor, "kb.manage") && lastAnswer && (
        <section className="card" aria-labelledby="publish-h">
          <h2 id="publish-h" style={{ marginTop: 0 }}>
            {t("publish_title")}
          </h2>
          <p className="muted">{t("publish_intro")}</p>
          <ArticleForm
            testId="publish-form"
            initial={{ id: "", questionId: q.id, category: "general", title: q.subject, body: lastAnswer.body }}
            categories={KB_CATEGORIES.map((c) => ({ value: c, label: tk(`categories.${c}`) }))}
          />
        </section>
      )}
    </>
  );
}
