/**
 * Writes of events (issue 18 §3): one transaction per user action with its audit event. The event
 * row is locked (`for update`) while seats are counted, so two people cannot take the last seat
 * at once and a freed seat goes to exactly one person on the waiting list. The notifications of a
 * change (a new event to its audience, a seat from the waiting list, a cancelled event) are
 * written in the same transaction (lib/notifications/events.ts).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { eventDocuments, eventRegistrations, events, type Event } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { can, type Actor } from "@/lib/auth/policy";
import { promotions, registrationOpen, registrationOutcome } from "@/lib/domain/events";
import { AppError } from "@/lib/errors";
import { checkEvidenceFile, evidenceErrorParams } from "@/lib/onboarding/evidence";
import { encodeMessage } from "@/lib/validation/messages";
import type { EventValues } from "@/lib/validation/events";
import { notifyEventCreated, notifyEventRegistration } from "@/lib/notifications/events";
import { audienceFactsOf, audienceUserIds, mayView } from "./queries";

type Tx = Parameters<Parameters<Executor["transaction"]>[0]>[0];

async function lockEvent(tx: Tx, id: string): Promise<Event> {
  const [event] = await tx.select().from(events).where(eq(events.id, id)).for("update");
  if (!event) throw new AppError("not_found", "errors.not_found");
  return event;
}

/** Moves the first in line to the free seats; returns who moved (user ids). */
async function fillSeats(tx: Tx, event: Event, now: Date): Promise<string[]> {
  const active = await tx
    .select({ id: eventRegistrations.id, userId: eventRegistrations.userId, status: eventRegistrations.status })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, event.id), sql`${eventRegistrations.status} <> 'cancelled'`))
    .orderBy(asc(eventRegistrations.queuedAt), asc(eventRegistrations.id));
  const seatsTaken = active.filter((r) => r.status === "registered").length;
  const moved = promotions({ capacity: event.capacity, seatsTaken, waitingInOrder: active.filter((r) => r.status === "waiting") });
  for (const r of moved) {
    await tx.update(eventRegistrations).set({ status: "registered", promotedAt: now }).where(eq(eventRegistrations.id, r.id));
  }
  return moved.map((r) => r.userId);
}

/** The people who moved up from the waiting list hear that they have a seat. */
async function notifyPromoted(tx: Tx, event: Event, userIds: string[], now: Date) {
  for (const userId of userIds) {
    await notifyEventRegistration(tx, { what: "promoted", eventId: event.id, title: event.title, startsAt: event.startsAt, userIds: [userId], key: `${event.id}:${userId}:${now.toISOString()}`, now });
  }
}

export type SaveEventResult = { id: string; created: boolean; promoted: string[] };

/** Creates an event, or changes one (a larger capacity moves people up from the waiting list). */
export async function saveEvent(db: Executor, opts: { actor: AuditActor; values: EventValues; now: Date }): Promise<SaveEventResult> {
  const v = opts.values;
  const fields = {
    kind: v.kind,
    title: v.title,
    description: v.description,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    location: v.location,
    link: v.link,
    capacity: v.capacity,
    audience: v.audience,
  };
  return db.transaction(async (tx) => {
    if (!v.id) {
      const [row] = await tx.insert(events).values({ ...fields, createdBy: opts.actor.userId, createdAt: opts.now, updatedAt: opts.now }).returning();
      await recordAudit(tx, { actor: opts.actor, action: "event.create", entityType: "event", entityId: row.id, after: fields });
      await notifyEventCreated(tx, { eventId: row.id, title: row.title, kind: row.kind, startsAt: row.startsAt, userIds: await audienceUserIds(tx, row.audience), actorUserId: opts.actor.userId, now: opts.now });
      return { id: row.id, created: true, promoted: [] };
    }
    const before = await lockEvent(tx, v.id);
    if (before.cancelledAt) throw new AppError("conflict", "events.errors.cancelled");
    const [row] = await tx
      .update(events)
      .set({ ...fields, version: before.version + 1, updatedAt: opts.now })
      .where(eq(events.id, v.id))
      .returning();
    const promoted = await fillSeats(tx, row, opts.now);
    await recordAudit(tx, {
      actor: opts.actor,
      action: "event.update",
      entityType: "event",
      entityId: row.id,
      before: { title: before.title, startsAt: before.startsAt, endsAt: before.endsAt, location: before.location, link: before.link, capacity: before.capacity, audience: before.audience },
      after: { ...fields, promoted: promoted.length },
    });
    await notifyPromoted(tx, row, promoted, opts.now);
    return { id: row.id, created: false, promoted };
  });
}

/** Cancels an event (it stays visible as cancelled; registrations are kept for the record). */
export async function cancelEvent(db: Executor, opts: { actor: AuditActor; eventId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, opts.eventId);
    if (event.cancelledAt) throw new AppError("conflict", "events.errors.cancelled");
    await tx.update(events).set({ cancelledAt: opts.now, version: event.version + 1, updatedAt: opts.now }).where(eq(events.id, event.id));
    await recordAudit(tx, { actor: opts.actor, action: "event.cancel", entityType: "event", entityId: event.id, before: { title: event.title } });
    const people = await tx
      .select({ userId: eventRegistrations.userId })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, event.id), sql`${eventRegistrations.status} <> 'cancelled'`));
    const userIds = people.map((p) => p.userId);
    await notifyEventRegistration(tx, { what: "cancelled", eventId: event.id, title: event.title, startsAt: event.startsAt, userIds, key: event.id, now: opts.now });
    return { title: event.title, userIds };
  });
}

/** The institution a registration is made for: the caller's first institution membership that is in the audience, else any. */
function institutionFor(actor: Actor): string | null {
  return actor.memberships.find((m) => m.institutionId)?.institutionId ?? null;
}

/** Registers the caller: a seat while there is one, else the waiting list. */
export async function registerForEvent(db: Executor, opts: { actor: Actor; eventId: string; now: Date }): Promise<{ status: "registered" | "waiting" }> {
  if (!can(opts.actor, "events.register")) throw new AppError("forbidden", "errors.forbidden");
  const facts = await audienceFactsOf(db, opts.actor);
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, opts.eventId);
    if (!mayView(opts.actor, facts, event, false)) throw new AppError("not_found", "errors.not_found");
    if (!registrationOpen({ startsAt: event.startsAt, cancelled: Boolean(event.cancelledAt), now: opts.now })) throw new AppError("conflict", "events.errors.closed");
    const rows = await tx
      .select({ userId: eventRegistrations.userId, status: eventRegistrations.status })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, event.id), sql`${eventRegistrations.status} <> 'cancelled'`));
    if (rows.some((r) => r.userId === opts.actor.userId)) throw new AppError("conflict", "events.errors.already_registered");
    const status = registrationOutcome({
      capacity: event.capacity,
      seatsTaken: rows.filter((r) => r.status === "registered").length,
      waiting: rows.filter((r) => r.status === "waiting").length,
    });
    const values = { status, queuedAt: opts.now, promotedAt: null, cancelledAt: null, remindedAt: null, institutionId: institutionFor(opts.actor) };
    const [row] = await tx
      .insert(eventRegistrations)
      .values({ eventId: event.id, userId: opts.actor.userId, ...values })
      .onConflictDoUpdate({ target: [eventRegistrations.eventId, eventRegistrations.userId], set: values })
      .returning({ id: eventRegistrations.id });
    await recordAudit(tx, {
      actor: { userId: opts.actor.userId, label: opts.actor.email },
      action: "event.register",
      entityType: "event_registration",
      entityId: row.id,
      institutionId: values.institutionId,
      after: { eventId: event.id, title: event.title, status },
    });
    return { status };
  });
}

/** Cancels the caller's registration; a freed seat goes to the first on the waiting list. Returns who was promoted. */
export async function cancelRegistration(db: Executor, opts: { actor: Actor; eventId: string; now: Date }): Promise<{ promoted: string[]; event: Pick<Event, "id" | "title" | "startsAt"> }> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, opts.eventId);
    const [mine] = await tx
      .select()
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.userId, opts.actor.userId)));
    if (!mine || mine.status === "cancelled") throw new AppError("not_found", "events.errors.not_registered");
    if (!registrationOpen({ startsAt: event.startsAt, cancelled: Boolean(event.cancelledAt), now: opts.now })) throw new AppError("conflict", "events.errors.closed");
    await tx.update(eventRegistrations).set({ status: "cancelled", cancelledAt: opts.now }).where(eq(eventRegistrations.id, mine.id));
    const promoted = mine.status === "registered" ? await fillSeats(tx, event, opts.now) : [];
    await recordAudit(tx, {
      actor: { userId: opts.actor.userId, label: opts.actor.email },
      action: "event.registration_cancel",
      entityType: "event_registration",
      entityId: mine.id,
      institutionId: mine.institutionId,
      before: { status: mine.status },
      after: { eventId: event.id, title: event.title, promoted: promoted.length },
    });
    await notifyPromoted(tx, event, promoted, opts.now);
    return { promoted, event: { id: event.id, title: event.title, startsAt: event.startsAt } };
  });
}

/** Adds a document to a working group's page: PDF, PNG or JPEG within the upload limit, checked by its bytes like evidence. */
export async function addEventDocument(db: Executor, opts: { actor: AuditActor; eventId: string; title: string; file: { filename: string; bytes: Uint8Array }; now: Date }) {
  const checked = checkEvidenceFile(opts.file);
  if (!checked.ok) {
    const message = { key: `onboarding.evidence_errors.${checked.code}`, params: evidenceErrorParams(checked.params.bytes) };
    throw new AppError("validation", message.key, { file: [encodeMessage(message)] }, message.params);
  }
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, opts.eventId);
    if (event.kind !== "working_group") throw new AppError("conflict", "events.errors.not_a_working_group");
    const [row] = await tx
      .insert(eventDocuments)
      .values({
        eventId: event.id,
        title: opts.title,
        filename: checked.filename,
        contentType: checked.type.contentType,
        sizeBytes: opts.file.bytes.byteLength,
        sha256: checked.sha256,
        data: Buffer.from(opts.file.bytes),
        uploadedBy: opts.actor.userId,
        uploadedAt: opts.now,
      })
      .returning({ id: eventDocuments.id });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "event.document_upload",
      entityType: "event_document",
      entityId: row.id,
      after: { eventId: event.id, title: opts.title, filename: checked.filename, sha256: checked.sha256, sizeBytes: opts.file.bytes.byteLength },
    });
    return { id: row.id };
  });
}

/** Marks a registration's reminder as handed over; false when another worker did it first. */
export async function markReminded(db: Executor, opts: { registrationId: string; now: Date }): Promise<boolean> {
  const rows = await db
    .update(eventRegistrations)
    .set({ remindedAt: opts.now })
    .where(and(eq(eventRegistrations.id, opts.registrationId), sql`${eventRegistrations.remindedAt} is null`))
    .returning({ id: eventRegistrations.id });
  return rows.length === 1;
}

