/**
 * Following a notification: it becomes read (an announcement's also counts the announcement as
 * opened), then the browser goes on to the page it is about. A notification that is not the
 * caller's (or does not exist) leads to their own list, so nothing is learnt about others'.
 * Linked with a plain <a> (no prefetch), so only a real click marks it read.
 */
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requirePageActor } from "@/lib/auth/session";
import { openNotification } from "@/lib/notifications/service";

export default async function OpenNotificationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const n = /^\d{1,15}$/.test(id) ? Number(id) : 0;
  const link = n > 0 ? await openNotification(getDb(), { userId: actor.userId, id: n, now: new Date() }) : null;
  // Links are paths inside the portal (lib/notifications/events.ts); anything else goes to the list.
  redirect(link && link.startsWith("/") && !link.startsWith("//") ? link : "/notifications");
}
