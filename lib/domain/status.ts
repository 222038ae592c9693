/**
 * The public status of a vendor infrastructure (issue 16 §1), from what the checker knows. Pure.
 *
 * Two levels: the infrastructure's central components (endpoints marked `central`: the vendor's
 * own DUO gateways) and the institutions' production gateways on it. One institution's broken
 * gateway does not make the infrastructure `storing`:
 *
 * - `storing`: a central component is down (outside its maintenance window), or more than
 *   `outageShare` (default 0.2) of the checked institution gateways are down at once;
 * - `onderhoud`: not `storing`, but a central component is in its maintenance window or an
 *   announced maintenance of the infrastructure is running;
 * - `verminderd`: not the above, but a central component is degraded or at least one institution
 *   gateway is down or degraded (the page shows how many);
 * - `operationeel`: everything checked is up;
 * - `onbekend`: nothing has been checked yet.
 */

export const INFRASTRUCTURE_STATES = ["operationeel", "verminderd", "onderhoud", "storing", "onbekend"] as const;
export type InfrastructureState = (typeof INFRASTRUCTURE_STATES)[number];

/** Why an infrastructure has its state; each has a message `status_page.reasons.<code>`. */
export const STATUS_REASONS = ["central_down", "share_down", "maintenance", "central_degraded", "gateways_impaired", "all_up", "not_checked"] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

/** The default share of institution gateways that may be down before the infrastructure is `storing`. */
export const DEFAULT_OUTAGE_SHARE = 0.2;

export type Health = "unknown" | "up" | "degraded" | "down";
export type GatewayCounts = { up: number; degraded: number; down: number; unknown: number };
export type CentralComponent = { health: Health; inMaintenance: boolean };

export type StatusInput = {
  central: readonly CentralComponent[];
  gateways: GatewayCounts;
  /** An announced maintenance of the infrastructure is running now. */
  announcedMaintenance: boolean;
  /** 0 < share < 1: more than this share down is `storing`. */
  outageShare: number;
};

export type InfrastructureStatus = {
  state: InfrastructureState;
  reason: StatusReason;
  /** Institution gateways down / degraded (also when the state is decided by the centre). */
  down: number;
  degraded: number;
  /** Institution gateways checked (up + degraded + down). */
  checked: number;
  centralDown: number;
};

export function infrastructureStatus(input: StatusInput): InfrastructureStatus {
  const { gateways: g } = input;
  const checked = g.up + g.degraded + g.down;
  const centralDown = input.central.filter((c) => c.health === "down" && !c.inMaintenance).length;
  const centralMaintenance = input.central.some((c) => c.inMaintenance);
  const centralDegraded = input.central.some((c) => c.health === "degraded" && !c.inMaintenance);
  const centralChecked = input.central.some((c) => c.health !== "unknown");
  const base = { down: g.down, degraded: g.degraded, checked, centralDown };
  if (centralDown > 0) return { ...base, state: "storing", reason: "central_down" };
  if (checked > 0 && g.down > checked * input.outageShare) return { ...base, state: "storing", reason: "share_down" };
  if (centralMaintenance || input.announcedMaintenance) return { ...base, state: "onderhoud", reason: "maintenance" };
  if (centralDegraded) return { ...base, state: "verminderd", reason: "central_degraded" };
  if (g.down + g.degraded > 0) return { ...base, state: "verminderd", reason: "gateways_impaired" };
  if (checked === 0 && !centralChecked) return { ...base, state: "onbekend", reason: "not_checked" };
  return { ...base, state: "operationeel", reason: "all_up" };
}

/** Availability of a day as a share (0..1) of checks that found the gateway reachable; null without checks. */
export function dayAvailability(counts: { up: number; degraded: number; down: number }): number | null {
  const all = counts.up + counts.degraded + counts.down;
  return all === 0 ? null : (counts.up + counts.degraded) / all;
}

/** The colour band of a day bar: each has a message `status_page.bands.<code>`. */
export const DAY_BANDS = ["none", "good", "minor", "major"] as const;
export type DayBand = (typeof DAY_BANDS)[number];

/** ≥ 99.5 % good, ≥ 95 % minor, below major; no checks: none. */
export function dayBand(availability: number | null): DayBand {
  if (availability === null) return "none";
  if (availability >= 0.995) return "good";
  if (availability >= 0.95) return "minor";
  return "major";
}

/** The incident states, in order; each has a message `status_page.incident_states.<code>`. */
export const INCIDENT_STATES = ["investigating", "identified", "resolved"] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** The `days` ISO dates ending with `today` (inclusive), oldest first. */
export function lastDays(today: string, days: number): string[] {
  const [y, m, d] = today.split("-").map(Number);
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Incident posts, maintenance announcements and subscriptions (issue 16 §1, §2). Times as
// milliseconds since the epoch; the caller brings the clock.

/** Why a post, announcement or subscription is refused; each has a message `status_manage.errors.<code>`. */
export const STATUS_RULE_ERRORS = [
  "incident_resolved",
  "update_before_opened",
  "update_in_future",
  "maintenance_order",
  "maintenance_ended",
  "maintenance_too_long",
  "maintenance_too_far",
  "maintenance_cancelled",
] as const;
export type StatusRuleError = (typeof STATUS_RULE_ERRORS)[number];

/** Posts may be dated a little ahead of the server's clock (clock skew), not more. */
export const UPDATE_FUTURE_SLACK_MS = 5 * 60_000;
/** An announcement covers at most this long and starts at most this far ahead. */
export const MAINTENANCE_MAX_MS = 14 * 86_400_000;
export const MAINTENANCE_AHEAD_MAX_MS = 366 * 86_400_000;

/**
 * May an update be posted on an incident? Not once it is resolved (an incident that comes back
 * is a new incident), not dated before the incident opened or after now.
 */
export function checkIncidentUpdate(input: { current: IncidentState; openedAt: number; at: number; now: number }): StatusRuleError | null {
  if (input.current === "resolved") return "incident_resolved";
  if (input.at < input.openedAt) return "update_before_opened";
  if (input.at > input.now + UPDATE_FUTURE_SLACK_MS) return "update_in_future";
  return null;
}

/** The first post of a new incident: not dated in the future. */
export function checkIncidentOpen(input: { at: number; now: number }): StatusRuleError | null {
  return input.at > input.now + UPDATE_FUTURE_SLACK_MS ? "update_in_future" : null;
}

/** A new maintenance announcement: start before end, not over yet, at most 14 days long and a year ahead. */
export function checkMaintenance(input: { startsAt: number; endsAt: number; now: number }): StatusRuleError | null {
  if (input.startsAt >= input.endsAt) return "maintenance_order";
  if (input.endsAt <= input.now) return "maintenance_ended";
  if (input.endsAt - input.startsAt > MAINTENANCE_MAX_MS) return "maintenance_too_long";
  if (input.startsAt - input.now > MAINTENANCE_AHEAD_MAX_MS) return "maintenance_too_far";
  return null;
}

export type MaintenancePhase = "upcoming" | "ongoing" | "past" | "cancelled";

/** Where an announcement stands: ahead ("Gepland onderhoud"), running, over (history) or cancelled. */
export function maintenancePhase(m: { startsAt: number; endsAt: number; cancelledAt: number | null }, now: number): MaintenancePhase {
  if (m.cancelledAt !== null) return "cancelled";
  if (now < m.startsAt) return "upcoming";
  if (now < m.endsAt) return "ongoing";
  return "past";
}

/** What a subscriber hears about; each has messages `status_mail.subject.<event>`. */
export const STATUS_MAIL_EVENTS = ["incident_opened", "incident_updated", "incident_resolved", "maintenance_announced", "maintenance_cancelled", "state_changed"] as const;
export type StatusMailEvent = (typeof STATUS_MAIL_EVENTS)[number];

/** The mail event of an incident post. */
export function incidentMailEvent(post: { first: boolean; state: IncidentState }): StatusMailEvent {
  if (post.state === "resolved") return "incident_resolved";
  return post.first ? "incident_opened" : "incident_updated";
}

/**
 * Is a change of an infrastructure's automatic state (the checker's aggregation above) news for
 * subscribers? Not the first state ever seen, not a move from or to "onbekend" (no checks), and
 * not while the checker itself is offline (its failures say nothing about the infrastructure).
 */
export function stateChangeIsNews(from: InfrastructureState | null, to: InfrastructureState, checkerOffline: boolean): boolean {
  return from !== null && from !== to && from !== "onbekend" && to !== "onbekend" && !checkerOffline;
}

/** Does this subscription get mail about this infrastructure? Only confirmed and not unsubscribed. */
export function subscriberWants(sub: { vendorCodes: readonly string[]; confirmedAt: number | null; unsubscribedAt: number | null }, vendorCode: string): boolean {
  return sub.confirmedAt !== null && sub.unsubscribedAt === null && sub.vendorCodes.includes(vendorCode);
}
