"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { requireSignedIn } from "@/lib/auth/session";
import { markRead, markUnread } from "@/lib/notifications/service";

const notificationId = z.coerce.number("errors.validation").int("errors.validation").positive("errors.validation");

/** The caller marks one of their own notifications read (another user's id changes nothing). */
export async function markNotificationReadAction(id: number) {
  return runAction(async () => {
    const actor = await requireSignedIn();
    await markRead(getDb(), { userId: actor.userId, ids: [notificationId.parse(id)], now: new Date() });
    revalidatePath("/notifications");
    return null;
  });
}

/** The caller marks one of their own notifications unread again. */
export async function markNotificationUnreadAction(id: number) {
  return runAction(async () => {
    const actor = await requireSignedIn();
    await markUnread(getDb(), { userId: actor.userId, id: notificationId.parse(id) });
    revalidatePath("/notifications");
    return null;
  });
}

/** "Alles gelezen": every unread notification of the caller becomes read. */
export async function markAllNotificationsReadAction() {
  return runAction(async () => {
    const actor = await requireSignedIn();
    await markRead(getDb(), { userId: actor.userId, ids: "all", now: new Date() });
    revalidatePath("/notifications");
    return null;
  });
}
