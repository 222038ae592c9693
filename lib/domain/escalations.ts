/**
 * The escalation register and the decision log (issue 17 §4): codes and the rules of moving an
 * escalation along. Pure. Level: programme → stuurgroep → DTO; "escalate" raises it one step
 * with a note; a resolved or closed escalation cannot be escalated (reopen it first).
 */
import { diffInDays, type IsoDate } from "./dates";

export const ESCALATION_KINDS = ["issue", "risk"] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
export const ESCALATION_LEVELS = ["programme", "stuurgroep", "dto"] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export const ESCALATION_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
/** The forums a decision is taken in: the same three levels. */
export const DECISION_FORUMS = ESCALATION_LEVELS;
export type DecisionForum = EscalationLevel;

export const isEscalationLevel = (v: unknown): v is EscalationLevel => typeof v === "string" && (ESCALATION_LEVELS as readonly string[]).includes(v);
export const isOpenStatus = (s: string) => s === "open" || s === "in_progress";

/** The next level up, or null at the top (DTO). */
export function nextLevel(level: EscalationLevel): EscalationLevel | null {
  const i = ESCALATION_LEVELS.indexOf(level);
  return i >= 0 && i < ESCALATION_LEVELS.length - 1 ? ESCALATION_LEVELS[i + 1] : null;
}

export const ESCALATE_REFUSALS = ["top_level", "not_open"] as const;
export type EscalateRefusal = (typeof ESCALATE_REFUSALS)[number];

/** Whether an escalation can be raised, and to what. */
export function canEscalate({ level, status }: { level: EscalationLevel; status: EscalationStatus }): { ok: true; to: EscalationLevel } | { ok: false; reason: EscalateRefusal } {
  if (!isOpenStatus(status)) return { ok: false, reason: "not_open" };
  const to = nextLevel(level);
  return to ? { ok: true, to } : { ok: false, reason: "top_level" };
}

/** Days past the due date while still open (0 when not due, done, or without a due date). */
export function daysOverdue({ dueOn, status, today }: { dueOn: IsoDate | null; status: EscalationStatus; today: IsoDate }): number {
  if (!dueOn || !isOpenStatus(status)) return 0;
  return Math.max(0, diffInDays(today, dueOn));
}

/** The open escalations the DTO report lists: at stuurgroep or DTO level. */
export function isReportedUpwards({ level, status }: { level: EscalationLevel; status: EscalationStatus }): boolean {
  return isOpenStatus(status) && level !== "programme";
}
