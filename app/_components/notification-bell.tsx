import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { getUnreadNotificationCount } from "@/lib/auth/session";

/** The bell in the header: a link to /notifications with the unread count in its name ("Meldingen, 3 ongelezen"). */
export async function NotificationBell() {
  // Counted by the session lookup of this request (lib/auth/actor.ts), which also gave the
  // header its actor: no query of its own.
  const [t, counted] = await Promise.all([getTranslations("notifications"), getUnreadNotificationCount()]);
  const unread = counted ?? 0;
  const name = unread > 0 ? `${t("bell")}, ${t("bell_unread", { count: unread })}` : t("bell");
  return (
    <Link className="bell" href="/notifications" aria-label={name} data-testid="notification-bell" data-unread={unread}>
      <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="currentColor" focusable="false">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
      </svg>
      <span>{t("bell")}</span>
      {unread > 0 && <span className="count">{unread > 99 ? "99+" : unread}</span>}
    </Link>
  );
}
