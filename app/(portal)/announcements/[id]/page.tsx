/** One announcement: for a recipient to read (and mark read), for the programme office with its audience and opened count. */
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { getAnnouncement, getReceivedAnnouncement } from "@/lib/announcements/queries";
import { formatInstant } from "@/lib/domain/dates";
import { openedPercent } from "@/lib/domain/announcements";
import { isLocale } from "@/lib/i18n/messages";
import { ActionButton } from "@/app/_components/action-button";
import { markAnnouncementReadAction } from "../actions";
import { audienceText } from "@/app/_components/audience";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("announcements");
  return { title: t("one") };
}

export default async function AnnouncementPage({ params }: { params: Promise<{ id: string }> }) {
  // Signed in; a recipient sees their own copy, the programme office every announcement; anyone else is led to their own notifications.
  const actor = await requirePageActor();
  await connection();
  const { id } = await params;
  const db = getDb();
  const manage = can(actor, "announcements.manage");
  const [received, full] = await Promise.all([getReceivedAnnouncement(db, { id, userId: actor.userId }), manage ? getAnnouncement(db, id) : null]);
  const shown = received ?? full;
  if (!shown) redirect("/notifications");
  const [t, requested] = await Promise.all([getTranslations("announcements"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  return (
    <>
      {manage && (
        <p>
          <Link href="/announcements">{t("back")}</Link>
        </p>
      )}
      <article className="card announcement" aria-labelledby="ann-h">
        <h1 id="ann-h" style={{ marginTop: 0 }}>
          {shown.title}
        </h1>
        <p className="muted">
          <time dateTime={shown.publishedAt.toISOString()}>{formatInstant(shown.publishedAt, locale)}</time>
        </p>
        <div className="body">{shown.body}</div>
        {received && (
          <p>
            {received.readAt ? (
              <span className="tag">{t("read_on", { when: formatInstant(received.readAt, locale) })}</span>
            ) : (
              <ActionButton action={markAnnouncementReadAction} args={[received.id]} text={t("mark_read")} successText={t("marked_read")} />
            )}
          </p>
        )}
      </article>
      {full && (
        <section className="card" aria-labelledby="aud-h">
          <h2 id="aud-h" style={{ marginTop: 0 }}>
            {t("audience")}
          </h2>
          <dl className="kv">
            <dt>{t("audience")}</dt>
            <dd>{audienceText(full.audience, locale)}</dd>
            <dt>{t("recipients")}</dt>
            <dd>{full.recipientCount}</dd>
            <dt>{t("opened")}</dt>
            <dd data-testid="opened-count">{t("opened_of", { opened: full.opened, total: full.recipientCount, percent: openedPercent(full.opened, full.recipientCount) })}</dd>
          </dl>
        </section>
      )}
    </>
  );
}
