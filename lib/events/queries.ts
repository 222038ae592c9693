/**
 * Reads of events (issue 18 §3). Who sees an event: the programme office all of them; everyone
 * else the events whose audience one of their memberships matches (lib/domain/events.ts
 * audienceMatches), plus any event they registered for.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { eventDocuments, eventRegistrations, events, institutionReadiness, institutions, memberships, users, type Event } from "@/db/schema";
import { isProgramme, type Actor } from "@/lib/auth/policy";
import { audienceMatches, type Audience, type AudienceFacts, type RegistrationStatus } from "@/lib/domain/events";
import { institutionFilterWhere } from "@/lib/institutions/queries";
import { isUuid } from "@/lib/validation/uuid";

/** The caller's memberships with the facts an audience filters on. */
export async function audienceFactsOf(db: Executor, actor: Actor): Promise<AudienceFacts[]> {
  const ids = actor.memberships.flatMap((m) => (m.institutionId ? [m.institutionId] : []));
  const rows = ids.length
    ? await db
        .select({ id: institutions.id, vendorCode: institutions.vendorCode, kind: institutions.kind, province: institutions.province, phase: institutionReadiness.phase })
        .from(institutions)
        .leftJoin(institutionReadiness, eq(institutionReadiness.institutionId, institutions.id))
        .where(inArray(institutions.id, ids))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return actor.memberships.map((m) => {
    const inst = m.institutionId ? byId.get(m.institutionId) : undefined;
    return { role: m.role, vendorCode: inst ? inst.vendorCode : m.vendorCode, kind: inst?.kind ?? null, province: inst?.province ?? null, phase: inst?.phase ?? null };
  });
}

export function mayView(actor: Actor, facts: AudienceFacts[], event: Pick<Event, "audience">, registered: boolean): boolean {
  return isProgramme(actor) || registered || facts.some((f) => audienceMatches(event.audience as Audience, f));
}

/** Seats taken and people waiting, per event. */
async function countsOf(db: Executor, eventIds: string[]) {
  if (!eventIds.length) return new Map<string, { registered: number; waiting: number }>();
  const rows = await db
    .select({ eventId: eventRegistrations.eventId, status: eventRegistrations.status, n: count() })
    .from(eventRegistrations)
    .where(and(inArray(eventRegistrations.eventId, eventIds), sql`${eventRegistrations.status} <> 'cancelled'`))
    .groupBy(eventRegistrations.eventId, eventRegistrations.status);
  const out = new Map<string, { registered: number; waiting: number }>();
  for (const r of rows) {
    const c = out.get(r.eventId) ?? { registered: 0, waiting: 0 };
    if (r.status === "registered") c.registered = Number(r.n);
    if (r.status === "waiting") c.waiting = Number(r.n);
    out.set(r.eventId, c);
  }
  return out;
}

export type EventListItem = Event & { registered: number; waiting: number; myStatus: RegistrationStatus | null };

/** Upcoming (not yet ended) or past events the caller may see, soonest first (past: latest first). */
export async function listEventsFor(db: Executor, opts: { actor: Actor; now: Date; past?: boolean }): Promise<EventListItem[]> {
  const [rows, facts, mine] = await Promise.all([
    db
      .select()
      .from(events)
      .where(opts.past ? lt(events.endsAt, opts.now) : gte(events.endsAt, opts.now))
      .orderBy(opts.past ? desc(events.startsAt) : asc(events.startsAt))
      .limit(opts.past ? 100 : 500),
    audienceFactsOf(db, opts.actor),
    db.select({ eventId: eventRegistrations.eventId, status: eventRegistrations.status }).from(eventRegistrations).where(eq(eventRegistrations.userId, opts.actor.userId)),
  ]);
  const myStatus = new Map(mine.map((r) => [r.eventId, r.status as RegistrationStatus]));
  const visible = rows.filter((e) => mayView(opts.actor, facts, e, (myStatus.get(e.id) ?? "cancelled") !== "cancelled"));
  const counts = await countsOf(db, visible.map((e) => e.id));
  return visible.map((e) => ({ ...e, ...(counts.get(e.id) ?? { registered: 0, waiting: 0 }), myStatus: myStatus.get(e.id) ?? null }));
}

export type EventDetail = EventListItem & {
  /** 1-based place on the waiting list of the caller, when waiting. */
  myPlace: number | null;
  documents: { id: string; title: string; filename: string; sizeBytes: number; uploadedAt: Date }[];
  /** Working groups: the members (registered people), names only. */
  members: { name: string; institutionName: string | null }[];
};

/** One event, or null when it does not exist or the caller may not see it. */
export async function getEventFor(db: Executor, opts: { actor: Actor; id: string }): Promise<EventDetail | null> {
  if (!isUuid(opts.id)) return null;
  const [event] = await db.select().from(events).where(eq(events.id, opts.id));
  if (!event) return null;
  const [facts, [mine]] = await Promise.all([
    audienceFactsOf(db, opts.actor),
    db.select().from(eventRegistrations).where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.userId, opts.actor.userId))),
  ]);
  if (!mayView(opts.actor, facts, event, Boolean(mine && mine.status !== "cancelled"))) return null;
  const [counts, documents, members, place] = await Promise.all([
    countsOf(db, [event.id]),
    db
      .select({ id: eventDocuments.id, title: eventDocuments.title, filename: eventDocuments.filename, sizeBytes: eventDocuments.sizeBytes, uploadedAt: eventDocuments.uploadedAt })
      .from(eventDocuments)
      .where(eq(eventDocuments.eventId, event.id))
      .orderBy(desc(eventDocuments.uploadedAt)),
    event.kind === "working_group"
      ? db
          .select({ name: users.name, institutionName: institutions.name })
          .from(eventRegistrations)
          .innerJoin(users, eq(users.id, eventRegistrations.userId))
          .leftJoin(institutions, eq(institutions.id, eventRegistrations.institutionId))
          .where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.status, "registered")))
          .orderBy(asc(users.name))
      : Promise.resolve([]),
    mine?.status === "waiting"
      ? db
          .select({ n: count() })
          .from(eventRegistrations)
          .where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.status, "waiting"), sql`(${eventRegistrations.queuedAt}, ${eventRegistrations.id}) <= (${mine.queuedAt.toISOString()}::timestamptz, ${mine.id}::uuid)`))
      : Promise.resolve(null),
  ]);
  return {
    ...event,
    ...(counts.get(event.id) ?? { registered: 0, waiting: 0 }),
    myStatus: (mine?.status as RegistrationStatus | undefined) ?? null,
    myPlace: place ? Number(place[0].n) : null,
    documents,
    members,
  };
}

/** The attendee list of an event for its organiser (the caller checks events.manage): seats first, then the waiting list in order. */
export async function listAttendees(db: Executor, eventId: string) {
  return db
    .select({
      name: users.name,
      email: users.email,
      institutionName: institutions.name,
      status: eventRegistrations.status,
      queuedAt: eventRegistrations.queuedAt,
      promotedAt: eventRegistrations.promotedAt,
      cancelledAt: eventRegistrations.cancelledAt,
    })
    .from(eventRegistrations)
    .innerJoin(users, eq(users.id, eventRegistrations.userId))
    .leftJoin(institutions, eq(institutions.id, eventRegistrations.institutionId))
    .where(eq(eventRegistrations.eventId, eventId))
    .orderBy(sql`case ${eventRegistrations.status} when 'registered' then 0 when 'waiting' then 1 else 2 end`, asc(eventRegistrations.queuedAt), asc(eventRegistrations.id));
}

/** A working group document with its content (the caller has checked that it may see the event). */
export async function getEventDocument(db: Executor, opts: { eventId: string; documentId: string }) {
  if (!isUuid(opts.eventId) || !isUuid(opts.documentId)) return null;
  const [row] = await db
    .select()
    .from(eventDocuments)
    .where(and(eq(eventDocuments.id, opts.documentId), eq(eventDocuments.eventId, opts.eventId)));
  return row ?? null;
}

/**
 * Everyone in an audience, for notifications: active users with a matching membership. The
 * institution filters are the register's own (lib/institutions/queries.ts institutionFilterWhere).
 */
export async function audienceUserIds(db: Executor, audience: Audience): Promise<string[]> {
  const instFilters = { vendor: audience.vendor, kind: audience.kind, province: audience.province, phase: audience.phase };
  const narrowsInstitutions = Boolean(audience.kind || audience.province || audience.phase);
  const roleWhere = audience.roles.length ? inArray(memberships.role, audience.roles as never) : undefined;
  const viaInstitution = db
    .selectDistinct({ id: memberships.userId })
    .from(memberships)
    .innerJoin(users, and(eq(users.id, memberships.userId), isNull(users.disabledAt)))
    .innerJoin(institutions, eq(institutions.id, memberships.institutionId))
    .leftJoin(institutionReadiness, eq(institutionReadiness.institutionId, institutions.id))
    .where(and(roleWhere, institutionFilterWhere({ scope: { kind: "all" }, ...instFilters })));
  // Vendor editors have no institution: they match by their vendor, and only when the audience does not narrow by institution facts.
  const viaVendor = narrowsInstitutions
    ? Promise.resolve([])
    : db
        .selectDistinct({ id: memberships.userId })
        .from(memberships)
        .innerJoin(users, and(eq(users.id, memberships.userId), isNull(users.disabledAt)))
        .where(and(roleWhere, eq(memberships.role, "vendor_editor"), audience.vendor ? eq(memberships.vendorCode, audience.vendor) : undefined));
  const viaProgramme =
    narrowsInstitutions || audience.vendor
      ? Promise.resolve([])
      : db
          .selectDistinct({ id: memberships.userId })
          .from(memberships)
          .innerJoin(users, and(eq(users.id, memberships.userId), isNull(users.disabledAt)))
          .where(and(roleWhere, inArray(memberships.role, ["programme_admin", "programme_viewer"])));
  const all = (await Promise.all([viaInstitution, viaVendor, viaProgramme])).flat();
  return [...new Set(all.map((r) => r.id))];
}

/** Registrations whose day-before reminder is due: events starting on `eventDate` (Amsterdam), not cancelled. */
export async function remindersDue(db: Executor, opts: { eventDate: string }) {
  return db
    .select({ registrationId: eventRegistrations.id, userId: eventRegistrations.userId, eventId: events.id, title: events.title, startsAt: events.startsAt })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(
      and(
        eq(eventRegistrations.status, "registered"),
        isNull(eventRegistrations.remindedAt),
        isNull(events.cancelledAt),
        sql`(${events.startsAt} at time zone 'Europe/Amsterdam')::date = ${opts.eventDate}::date`,
      ),
    );
}
