/** The notification centre (issue 18 §1): the caller's notifications, unread first, with read marks and links. */
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { getUnreadNotificationCount, requirePageActor } from "@/lib/auth/session";
import { formatInstant } from "@/lib/domain/dates";
import { isLocale } from "@/lib/i18n/messages";
import { listNotifications } from "@/lib/notifications/queries";
import { kindName, notificationText } from "@/lib/notifications/render";
import { ActionButton } from "@/app/_components/action-button";
import { Pager } from "@/app/_components/list-controls";
import { markAllNotificationsReadAction, markNotificationReadAction, markNotificationUnreadAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("notifications");
  return { title: t("title") };
}

const SHOWS = ["all", "unread", "read"] as const;
type Show = (typeof SHOWS)[number];

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  await connection();
  const sp = await searchParams;
  const [t, requested] = await Promise.all([getTranslations("notifications"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  const show: Show = SHOWS.find((s) => s === sp.show) ?? "all";
  const pageNo = Number.parseInt(typeof sp.page === "string" ? sp.page : "1", 10) || 1;
  // The unread count is the one the header's bell shows: counted by this request's session lookup.
  const [list, counted] = await Promise.all([listNotifications(getDb(), { userId: actor.userId, show, page: pageNo }), getUnreadNotificationCount()]);
  const unread = counted ?? 0;
  const href = (s: Show, p = 1) => `/notifications${s === "all" && p === 1 ? "" : `?${new URLSearchParams({ ...(s !== "all" ? { show: s } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`}`;
  const label = { all: t("show_all"), unread: t("show_unread"), read: t("show_read") };
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p>
        <Link href="/account/notifications">{t("preferences_link")}</Link>
      </p>
      <nav aria-label={t("filter_label")} className="card">
        <span>{t("filter_label")}: </span>
        {SHOWS.map((s, i) => (
          <span key={s}>
            {i > 0 && " · "}
            <Link href={href(s)} aria-current={s === show ? "page" : undefined}>
              {label[s]}
            </Link>
          </span>
        ))}
      </nav>
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" style={{ marginTop: 0 }}>
          {label[show]} ({t("count", { count: list.total })})
        </h2>
        {unread > 0 && (
          <p>
            <ActionButton action={markAllNotificationsReadAction} args={[]} text={t("mark_all_read")} />
          </p>
        )}
        {list.rows.length === 0 ? (
          <p>{t("empty")}</p>
        ) : (
          <ul className="notification-list" data-testid="notification-list">
            {list.rows.map((n) => {
              const text = notificationText({ kind: n.kind, params: n.params }, locale);
              return (
                <li key={n.id} className={n.readAt ? "read" : "unread"} data-testid="notification">
                  <span className="tag">{n.readAt ? t("read") : t("unread")}</span>
                  <span className="what">
                    <span className="muted">{kindName(n.kind, locale)} · </span>
                    <time dateTime={n.createdAt.toISOString()}>{formatInstant(n.createdAt, locale)}</time>
                    <br />
                    {/* A plain link (no prefetch): following it marks the notification read. */}
                    <a href={`/notifications/${n.id}`}>{text}</a>
                  </span>
                  <span className="row-actions">
                    {n.readAt ? (
                      <ActionButton action={markNotificationUnreadAction} args={[n.id]} text={t("mark_unread")} label={`${t("mark_unread")}: ${text}`} />
                    ) : (
                      <ActionButton action={markNotificationReadAction} args={[n.id]} text={t("mark_read")} label={`${t("mark_read")}: ${text}`} />
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        <Pager
          page={list.page}
          pages={list.pages}
          href={(p) => href(show, p)}
          labels={{ page: t("page", { page: String(list.page), pages: String(list.pages) }), prev: t("prev"), next: t("next") }}
        />
      </section>
    </>
  );
}
