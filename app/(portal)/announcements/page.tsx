/** Announcements (issue 18 §2): the programme office composes, previews its audience, publishes, and sees who opened what. */
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { requirePagePermission } from "@/lib/auth/session";
import { listAnnouncements } from "@/lib/announcements/queries";
import { formatInstant } from "@/lib/domain/dates";
import { openedPercent } from "@/lib/domain/announcements";
import { isLocale } from "@/lib/i18n/messages";
import { Pager } from "@/app/_components/list-controls";
import { ScrollBox } from "@/app/_components/scroll-box";
import { AnnouncementForm } from "./announcement-form";
import { audienceChoices, audienceText } from "@/app/_components/audience";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("announcements");
  return { title: t("title") };
}

export default async function AnnouncementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePagePermission("announcements.manage");
  await connection();
  const sp = await searchParams;
  const [t, requested] = await Promise.all([getTranslations("announcements"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  const list = await listAnnouncements(getDb(), { page: Number.parseInt(typeof sp.page === "string" ? sp.page : "1", 10) || 1 });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <AnnouncementForm choices={audienceChoices(locale)} />
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" style={{ marginTop: 0 }}>
          {t("published_list")}
        </h2>
        {list.rows.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <ScrollBox label={t("published_list")}>
            <table data-testid="announcement-table">
              <thead>
                <tr>
                  <th scope="col">{t("title_field")}</th>
                  <th scope="col">{t("audience")}</th>
                  <th scope="col">{t("published_at")}</th>
                  <th scope="col">{t("recipients")}</th>
                  <th scope="col">{t("opened")}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/announcements/${r.id}`}>{r.title}</Link>
                    </td>
                    <td>{audienceText(r.audience, locale)}</td>
                    <td>
                      {formatInstant(r.publishedAt, locale)}
                      {r.publishedBy && <span className="muted"> · {r.publishedBy}</span>}
                    </td>
                    <td>{r.recipientCount}</td>
                    <td>{t("opened_of", { opened: r.opened, total: r.recipientCount, percent: openedPercent(r.opened, r.recipientCount) })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
        <Pager page={list.page} pages={list.pages} href={(p) => `/announcements?page=${p}`} labels={{ page: t("page", { page: String(list.page), pages: String(list.pages) }), prev: t("prev"), next: t("next") }} />
      </section>
    </>
  );
}
