"use server";
/** Events (issue 18 §3): the programme office manages them, institution users register. */
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction, formOf } from "@/lib/actions";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { addEventDocument, cancelEvent, cancelRegistration, registerForEvent, saveEvent } from "@/lib/events/service";
import { FILE_TOO_LARGE_MESSAGE, UPLOAD_LIMIT_PARAMS, checkUpload } from "@/lib/validation/uploads";
import { documentTitleSchema, eventSchema, type EventInput } from "@/lib/validation/events";

const message = async (key: string) => (await getTranslations("events"))(key);
const eventId = z.uuid("errors.not_found");

function revalidateEvent(id: string) {
  revalidatePath("/events");
  revalidatePath(`/events/${id}`);
}

/** Creates or changes an event; a new one notifies its audience, a larger capacity promotes from the waiting list. */
export async function saveEventAction(input: EventInput) {
  return runAction(async () => {
    const actor = await requirePermission("events.manage");
    const values = eventSchema.parse(input);
    const saved = await saveEvent(getDb(), { actor: auditActor(actor), values, now: new Date() });
    revalidateEvent(saved.id);
    return { id: saved.id, message: await message("saved_ok") };
  });
}

/** Cancels an event: it stays listed as cancelled, and everyone registered or waiting hears of it. */
export async function cancelEventAction(id: string) {
  return runAction(async () => {
    const actor = await requirePermission("events.manage");
    const out = await cancelEvent(getDb(), { actor: auditActor(actor), eventId: eventId.parse(id), now: new Date() });
    revalidateEvent(id);
    return { message: await message("cancelled_ok"), notified: out.userIds.length };
  });
}

/** The caller registers: a seat while there is one, else the waiting list. */
export async function registerForEventAction(id: string) {
  return runAction(async () => {
    const actor = await requirePermission("events.register");
    const out = await registerForEvent(getDb(), { actor, eventId: eventId.parse(id), now: new Date() });
    revalidateEvent(id);
    return { status: out.status, message: await message(out.status === "registered" ? "registered_ok" : "waiting_ok") };
  });
}

/** The caller cancels their registration (or leaves the waiting list); a freed seat goes to the first in line. */
export async function cancelRegistrationAction(id: string) {
  return runAction(async () => {
    const actor = await requirePermission("events.register");
    await cancelRegistration(getDb(), { actor, eventId: eventId.parse(id), now: new Date() });
    revalidateEvent(id);
    return { message: await message("unregistered_ok") };
  });
}

/** Adds a document to a working group's page: a title and a PDF, PNG or JPEG within the upload limit. */
export async function addEventDocumentAction(formData: FormData) {
  return runAction(async () => {
    const actor = await requirePermission("events.manage");
    const fd = formOf(formData);
    const id = eventId.parse(fd.get("eventId"));
    const title = z.object({ title: documentTitleSchema }).parse({ title: fd.get("title") ?? "" }).title;
    const upload = checkUpload(fd.get("file"));
    if (!upload.ok) {
      // Too large: the words of the form's own check (document-form.tsx), with the limit as a value.
      if (upload.reason === "too_large") throw new AppError("validation", "v.file_too_large", { file: [FILE_TOO_LARGE_MESSAGE] }, UPLOAD_LIMIT_PARAMS);
      const key = { missing: "events.v.file_missing", empty: "uploads.empty" }[upload.reason];
      throw new AppError("validation", key, { file: [key] });
    }
    const file = { filename: upload.file.name.slice(0, 200), bytes: new Uint8Array(await upload.file.arrayBuffer()) };
    await addEventDocument(getDb(), { actor: auditActor(actor), eventId: id, title, file, now: new Date() });
    revalidateEvent(id);
    return { message: await message("uploaded_ok") };
  });
}
