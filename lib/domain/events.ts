/**
 * Events and questions (issue 18 §3, §4): the rules without I/O. Registration takes a seat while
 * there is one and otherwise joins the waiting list; a freed seat goes to the first in line; the
 * reminder goes out on the Amsterdam day before the event. Table-tested in tests/unit/domain.
 */
import { addDays, type IsoDate } from "./dates";

export const EVENT_KINDS = ["info_session", "webinar", "working_group"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const REGISTRATION_STATUSES = ["registered", "waiting", "cancelled"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Categories of the knowledge base; each has messages `kb.categories.<code>`. */
export const KB_CATEGORIES = ["onboarding", "technical", "security", "financing", "general"] as const;
export type KbCategory = (typeof KB_CATEGORIES)[number];

export const QUESTION_STATUSES = ["open", "answered", "closed"] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** A new (or renewed) registration: a seat when one is free (no capacity = no limit), else the waiting list. */
export function registrationOutcome(opts: { capacity: number | null; seatsTaken: number; waiting: number }): "registered" | "waiting" {
  if (opts.capacity === null) return "registered";
  // Someone already in line goes first: a new registration never jumps the queue.
  if (opts.waiting > 0) return "waiting";
  return opts.seatsTaken < opts.capacity ? "registered" : "waiting";
}

/**
 * Who moves from the waiting list to a seat: the first in line (`waitingInOrder`, oldest first),
 * as many as there are free seats (after a cancellation, or a larger capacity).
 */
export function promotions<T>(opts: { capacity: number | null; seatsTaken: number; waitingInOrder: readonly T[] }): T[] {
  const free = opts.capacity === null ? opts.waitingInOrder.length : Math.max(0, opts.capacity - opts.seatsTaken);
  return opts.waitingInOrder.slice(0, free);
}

/** Is the reminder of an event starting on `eventDate` (Amsterdam) due on `today` (Amsterdam)? The day before only. */
export function reminderDue(opts: { eventDate: IsoDate; today: IsoDate }): boolean {
  return addDays(opts.today, 1) === opts.eventDate;
}

/** Can one still register or cancel? Until the event starts, and not for a cancelled event. */
export function registrationOpen(opts: { startsAt: Date; cancelled: boolean; now: Date }): boolean {
  return !opts.cancelled && opts.now.getTime() < opts.startsAt.getTime();
}

/** The age of an open question in whole days (the programme dashboard shows it). */
export function ageInDays(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 86_400_000));
}

/** Who an event is for (stored as jsonb; the same shape as an announcement's audience). Absent = any. */
export type Audience = { roles: readonly string[]; vendor?: string; kind?: string; province?: string; phase?: string };

/**
 * One membership of a person, with the facts of its institution (institution roles) or its vendor
 * (vendor editors); programme roles carry neither.
 */
export type AudienceFacts = { role: string; vendorCode: string | null; kind: string | null; province: string | null; phase: string | null };

/**
 * Does a membership belong to the audience? Roles empty = every role. A vendor, kind, province or
 * phase narrows to the institutions (and for a vendor: the vendor editors) that have it, so a
 * programme membership passes only an audience without those filters.
 */
export function audienceMatches(a: Audience, m: AudienceFacts): boolean {
  if (a.roles.length > 0 && !a.roles.includes(m.role)) return false;
  if (a.vendor && m.vendorCode !== a.vendor) return false;
  if (a.kind && m.kind !== a.kind) return false;
  if (a.province && m.province !== a.province) return false;
  if (a.phase && m.phase !== a.phase) return false;
  return true;
}
