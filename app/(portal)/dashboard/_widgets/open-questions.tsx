/** Open questions and their age (issue 18 §4), for the programme office. */
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { diffInDays, toAmsterdamDate } from "@/lib/domain/dates";
import type { openQuestionsSummary } from "@/lib/questions/queries";

export async function OpenQuestions({ summary, today }: { summary: Awaited<ReturnType<typeof openQuestionsSummary>>; today: string }) {
  const t = await getTranslations("questions");
  return (
    <section className="card" aria-labelledby="open-questions-h" data-testid="open-questions">
      <h2 id="open-questions-h" style={{ marginTop: 0 }}>
        {t("dashboard_title")}
      </h2>
      <p>{t("dashboard_count", { count: summary.open })}</p>
      {summary.oldest.length > 0 && (
        <>
          <h3>{t("dashboard_oldest")}</h3>
          <ul className="plain">
            {summary.oldest.map((q) => (
              <li key={q.id}>
                <Link href={`/questions/${q.id}`}>{q.subject}</Link> — {q.institutionName} · {t("age_days", { days: diffInDays(today, toAmsterdamDate(q.createdAt)) })} · {q.assigneeName ?? t("unassigned")}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link href="/questions?status=open">{t("dashboard_all")}</Link>
      </p>
    </section>
  );
}
