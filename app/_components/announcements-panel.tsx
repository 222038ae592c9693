import Link from "next/link";
import { cache } from "react";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { unreadAnnouncements } from "@/lib/announcements/queries";
import { formatInstant } from "@/lib/domain/dates";
import { isLocale } from "@/lib/i18n/messages";
import { markAnnouncementReadAction } from "@/app/(portal)/announcements/actions";
import { ActionButton } from "./action-button";

/** The unread announcements, read once per request (React's cache). */
const unreadOfRequest = cache((userId: string) => unreadAnnouncements(getDb(), userId));

/**
 * Starts reading the caller's unread announcements without waiting for them, so that the read
 * runs alongside the page's own instead of after them when the panel renders (on Postgres a round
 * trip each). The panel then gets the same read.
 */
export function preloadAnnouncements(userId: string): void {
  void unreadOfRequest(userId).catch(() => undefined);
}

/** The caller's unread announcements on their home page (issue 18 §2), each until they mark it read. Nothing when there are none. */
export async function AnnouncementsPanel({ userId }: { userId: string }) {
  const rows = await unreadOfRequest(userId);
  if (rows.length === 0) return null;
  const [t, requested] = await Promise.all([getTranslations("announcements"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  return (
    <section aria-labelledby="ann-panel-h" data-testid="announcements-panel">
      <h2 id="ann-panel-h">{t("panel_title")}</h2>
      {rows.map((a) => (
        <article key={a.id} className="card announcement" aria-labelledby={`ann-${a.id}`}>
          <h3 id={`ann-${a.id}`} style={{ marginTop: 0 }}>
            <Link href={`/announcements/${a.id}`}>{a.title}</Link>
          </h3>
          <p className="muted">
            <time dateTime={a.publishedAt.toISOString()}>{formatInstant(a.publishedAt, locale)}</time>
          </p>
          <div className="body">{a.body}</div>
          <p>
            <ActionButton action={markAnnouncementReadAction} args={[a.id]} text={t("mark_read")} label={`${t("mark_read")}: ${a.title}`} />
          </p>
        </article>
      ))}
    </section>
  );
}
