/**
 * Reads of the escalation register and the decision log (issue 17 §4). Programme scope only:
 * callers check `escalations.view` first.
 */
import { asc, desc, eq, getTableColumns, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { decisions, escalationEvents, escalations, institutions, programmeMilestones, users, type StoredLinks } from "@/db/schema";

export type { StoredLinks };
export type EscalationFilter = { status?: "open_only" | "all"; level?: string };

export async function listEscalations(db: Executor, filter: EscalationFilter = {}) {
  const rows = await db.select().from(escalations).orderBy(desc(escalations.number));
  return rows.filter((r) => (filter.status === "all" ? true : r.status === "open" || r.status === "in_progress")).filter((r) => !filter.level || r.level === filter.level);
}
export type EscalationRow = Awaited<ReturnType<typeof listEscalations>>[number];

export async function getEscalation(db: Executor, id: string) {
  const [row] = await db.select().from(escalations).where(eq(escalations.id, id));
  if (!row) return null;
  const events = await db
    .select({ ...getTableColumns(escalationEvents), actorName: users.name })
    .from(escalationEvents)
    .leftJoin(users, eq(users.id, escalationEvents.actorId))
    .where(eq(escalationEvents.escalationId, id))
    .orderBy(asc(escalationEvents.at), asc(escalationEvents.id));
  return { ...row, events };
}

export async function listDecisions(db: Executor) {
  return db.select().from(decisions).orderBy(desc(decisions.decidedOn), desc(decisions.number));
}
export type DecisionRow = Awaited<ReturnType<typeof listDecisions>>[number];

/** Names for the links of a set of rows: institutions, milestones (nl/en) and escalation numbers. */
export async function linkNames(db: Executor, links: readonly StoredLinks[]) {
  const instIds = [...new Set(links.flatMap((l) => l.institutionIds))];
  const escIds = [...new Set(links.flatMap((l) => l.escalationIds ?? []))];
  const [insts, milestones, escs] = await Promise.all([
    instIds.length ? db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(inArray(institutions.id, instIds)) : [],
    db.select({ code: programmeMilestones.code, nl: programmeMilestones.titleNl, en: programmeMilestones.titleEn }).from(programmeMilestones),
    escIds.length ? db.select({ id: escalations.id, number: escalations.number, title: escalations.title }).from(escalations).where(inArray(escalations.id, escIds)) : [],
  ]);
  return {
    institutions: new Map(insts.map((i) => [i.id, i.name])),
    milestones: new Map(milestones.map((m) => [m.code, { nl: m.nl, en: m.en }])),
    escalations: new Map(escs.map((e) => [e.id, { number: e.number, title: e.title }])),
  };
}

/** Choices for the link fields of the forms. */
export async function linkChoices(db: Executor) {
  const [insts, milestones, escs] = await Promise.all([
    db.select({ id: institutions.id, name: institutions.name }).from(institutions).orderBy(asc(institutions.name)),
    // Removed milestones are not offered for new links (existing links keep their names).
    db.select({ code: programmeMilestones.code, nl: programmeMilestones.titleNl, en: programmeMilestones.titleEn }).from(programmeMilestones).where(isNull(programmeMilestones.removedAt)).orderBy(asc(programmeMilestones.sortOrder)),
    db.select({ id: escalations.id, number: escalations.number, title: escalations.title }).from(escalations).orderBy(desc(escalations.number)),
  ]);
  return { institutions: insts, milestones, escalations: escs };
}
