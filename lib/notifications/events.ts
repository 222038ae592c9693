/**
 * The events the notification centre tells people about (issue 18 §1), each called inside the
 * transaction of the change it reports (or, for passed planned dates, by a scheduled job). Every
 * event has a dedupe key: the same event twice notifies nobody twice.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { institutionPlans, institutions, onboardingSteps, type Endpoint } from "@/db/schema";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { PLAN_KEYS, PLAN_STEP } from "@/lib/toolkit/intake";
import { toAmsterdamInput } from "@/lib/validation/endpoints";
import { endpointAudience, notify, usersWithRole } from "./service";

async function institutionName(tx: Executor, id: string) {
  const [r] = await tx.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, id));
  return r?.name ?? "";
}

const stepLink = (institutionId: string, stepCode: string) => `/institutions/${institutionId}/steps/${stepCode}`;

/** A report was submitted: the reviewers (programme admins) hear of it, by default in their daily digest. */
export async function notifyReportSubmitted(tx: Executor, ev: { institutionId: string; stepCode: string; stepId: string; version: number; actorUserId: string | null; now: Date }) {
  await notify(tx, {
    kind: "report_waiting",
    userIds: await usersWithRole(tx, { roles: ["programme_admin"] }),
    params: { institution: await institutionName(tx, ev.institutionId), stepCode: ev.stepCode },
    link: stepLink(ev.institutionId, ev.stepCode),
    dedupeKey: `report:${ev.stepId}:${ev.version}`,
    except: ev.actorUserId,
    now: ev.now,
  });
}

/** A report was verified or rejected: the reporter and the institution's editors hear of it, with the reason. */
export async function notifyReportDecided(
  tx: Executor,
  ev: { institutionId: string; stepCode: string; stepId: string; version: number; reportedBy: string | null; decision: "verified" | "rejected"; reason?: string; actorUserId: string | null; now: Date },
) {
  const editors = await usersWithRole(tx, { roles: ["institution_editor"], institutionId: ev.institutionId });
  await notify(tx, {
    kind: "report_decided",
    userIds: ev.reportedBy ? [ev.reportedBy, ...editors] : editors,
    params: { institution: await institutionName(tx, ev.institutionId), stepCode: ev.stepCode, decision: ev.decision, reason: ev.reason ?? "" },
    link: stepLink(ev.institutionId, ev.stepCode),
    dedupeKey: `decision:${ev.stepId}:${ev.version}`,
    except: ev.actorUserId,
    now: ev.now,
  });
}

/**
 * The programme office answered a question: the asker hears of it (and, when the asker is gone,
 * the institution's editors), with a link to the thread. One notification per answer message.
 */
export async function notifyQuestionAnswered(tx: Executor, ev: { questionId: string; messageId: number; subject: string; institutionId: string; askedBy: string | null; actorUserId: string | null; now: Date }) {
  await notify(tx, {
    kind: "question_answered",
    userIds: ev.askedBy ? [ev.askedBy] : await usersWithRole(tx, { roles: ["institution_editor"], institutionId: ev.institutionId }),
    params: { institution: await institutionName(tx, ev.institutionId), subject: ev.subject },
    link: `/questions/${ev.questionId}`,
    dedupeKey: `answer:${ev.messageId}`,
    except: ev.actorUserId,
    now: ev.now,
  });
}

/** A toolkit document has a new published version: every institution's security officers (CISO/FG) hear of it, with the change note. */
export async function notifyToolkitVersion(tx: Executor, ev: { templateId: string; documentType: string; versionLabel: string; changeNote: string; now: Date }) {
  await notify(tx, {
    kind: "toolkit_version",
    userIds: await usersWithRole(tx, { roles: ["security_officer"] }),
    params: { documentType: ev.documentType, version: ev.versionLabel, changeNote: ev.changeNote },
    link: "/toolkit",
    dedupeKey: `toolkit:${ev.templateId}`,
    now: ev.now,
  });
}

/** An endpoint went down, degraded or recovered (the checker's state change). */
export async function notifyEndpointHealth(tx: Executor, ev: { endpoint: Endpoint; to: string; resultId: number; now: Date }) {
  const e = ev.endpoint;
  await notify(tx, {
    kind: "endpoint_health",
    userIds: await endpointAudience(tx, e.institutionId, e.vendorCode),
    params: { institution: await institutionName(tx, e.institutionId), transaction: e.transaction, environment: e.environment, health: ev.to },
    link: `/registry/${e.id}`,
    dedupeKey: `state:${e.id}:${ev.resultId}`,
    now: ev.now,
  });
}

/** An endpoint's certificate crossed an expiry threshold (the checker's certificate event). */
export async function notifyCertificateExpiry(tx: Executor, ev: { endpoint: Endpoint; fingerprint: string; threshold: number; daysLeft: number; notAfter: string; now: Date }) {
  const e = ev.endpoint;
  await notify(tx, {
    kind: "certificate_expiry",
    userIds: await endpointAudience(tx, e.institutionId, e.vendorCode),
    params: {
      institution: await institutionName(tx, e.institutionId),
      transaction: e.transaction,
      environment: e.environment,
      days: Math.max(ev.daysLeft, 0),
      expired: ev.daysLeft < 0 ? "yes" : "no",
      notAfter: toAmsterdamDate(ev.notAfter),
    },
    link: `/registry/${e.id}`,
    dedupeKey: `cert:${e.id}:${ev.fingerprint}:${ev.threshold}`,
    now: ev.now,
  });
}

/**
 * Planned dates (from the intake form) that have passed while their step is neither reported nor
 * verified: the institution's editors hear of each once per planned date (a new date is a new
 * event). Run by the scheduler; returns how many plans were overdue.
 */
export async function notifyPassedPlannedDates(db: Db, opts: { now: Date }): Promise<number> {
  const today = toAmsterdamDate(opts.now);
  const stepOf = sql`case ${sql.join(
    PLAN_KEYS.map((k) => sql`when ${institutionPlans.planKey} = ${k} then ${PLAN_STEP[k]}`),
    sql` `,
  )} end`;
  const overdue = await db
    .select({ institutionId: institutionPlans.institutionId, planKey: institutionPlans.planKey, plannedOn: institutionPlans.plannedOn, name: institutions.name })
    .from(institutionPlans)
    .innerJoin(institutions, eq(institutions.id, institutionPlans.institutionId))
    .leftJoin(onboardingSteps, and(eq(onboardingSteps.institutionId, institutionPlans.institutionId), sql`${onboardingSteps.stepCode} = ${stepOf}`))
    .where(and(sql`${institutionPlans.plannedOn} < ${today}`, sql`coalesce(${onboardingSteps.state}::text, 'open') not in ('reported', 'verified', 'not_applicable')`));
  for (const p of overdue) {
    const stepCode = PLAN_STEP[p.planKey as keyof typeof PLAN_STEP];
    if (!stepCode) continue;
    await db.transaction(async (tx) => {
      await notify(tx, {
        kind: "planned_date_passed",
        userIds: await usersWithRole(tx, { roles: ["institution_editor"], institutionId: p.institutionId }),
        params: { institution: p.name, stepCode, date: p.plannedOn },
        link: stepLink(p.institutionId, stepCode),
        dedupeKey: `plan:${p.institutionId}:${p.planKey}:${p.plannedOn}`,
        now: opts.now,
      });
    });
  }
  return overdue.length;
}

// ---------------------------------------------------------------------------------------------
// Events (issue 18 §3)

/** When an event starts, as notification params: the Amsterdam date (YYYY-MM-DD, put into words by render.ts) and time. */
function eventWhen(startsAt: Date) {
  return { date: toAmsterdamDate(startsAt), time: toAmsterdamInput(startsAt).slice(11) };
}

/** A new event: everyone in its audience hears of it (their preference for "event_new" decides on the mail). */
export async function notifyEventCreated(tx: Executor, ev: { eventId: string; title: string; kind: string; startsAt: Date; userIds: readonly string[]; actorUserId: string | null; now: Date }) {
  return notify(tx, {
    kind: "event_new",
    userIds: ev.userIds,
    params: { eventId: ev.eventId, title: ev.title, eventKind: ev.kind, ...eventWhen(ev.startsAt) },
    link: `/events/${ev.eventId}`,
    dedupeKey: `event:${ev.eventId}`,
    except: ev.actorUserId,
    now: ev.now,
  });
}

/**
 * Something about one's own registration: a seat from the waiting list ("promoted"), the event
 * cancelled ("cancelled"), or the reminder the day before ("reminder"). `key` makes it unique.
 */
export async function notifyEventRegistration(tx: Executor, ev: { what: "promoted" | "cancelled" | "reminder"; eventId: string; title: string; startsAt: Date; userIds: readonly string[]; key: string; now: Date }) {
  return notify(tx, {
    kind: "event_registration",
    userIds: ev.userIds,
    params: { eventId: ev.eventId, title: ev.title, what: ev.what, ...eventWhen(ev.startsAt) },
    link: `/events/${ev.eventId}`,
    dedupeKey: `event-${ev.what}:${ev.key}`,
    now: ev.now,
  });
}
