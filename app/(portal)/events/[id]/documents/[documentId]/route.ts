import { getDb } from "@/db/client";
import { attachment, withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { getEventDocument, getEventFor } from "@/lib/events/queries";

/** A working group's document, for everyone who may see the event; always as an attachment. */
export const GET = withRoute<{ id: string; documentId: string }>({ permission: "events.view" }, async ({ actor, params }) => {
  const db = getDb();
  const event = await getEventFor(db, { actor, id: params.id });
  const file = event ? await getEventDocument(db, { eventId: event.id, documentId: params.documentId }) : null;
  if (!file) throw new AppError("not_found");
  return attachment(new Uint8Array(file.data), { contentType: file.contentType, filename: file.filename, headers: { "x-checksum-sha256": file.sha256 } });
});
