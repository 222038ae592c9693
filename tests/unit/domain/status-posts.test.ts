import { test } from "node:test";
import assert from "node:assert/strict";
import {
  checkIncidentOpen,
  checkIncidentUpdate,
  checkMaintenance,
  incidentMailEvent,
  maintenancePhase,
  subscriberWants,
  type IncidentState,
  type MaintenancePhase,
  type StatusMailEvent,
  type StatusRuleError,
} from "@/lib/domain/status";

const H = 3_600_000;
const NOW = Date.UTC(2026, 11, 5, 12);

test("incident updates: not on a resolved incident, not before it opened, not in the future", () => {
  const cases: Array<[string, IncidentState, number, number, StatusRuleError | null]> = [
    ["investigating, now", "investigating", NOW - H, NOW, null],
    ["identified, an hour ago", "identified", NOW - 2 * H, NOW - H, null],
    ["exactly when it opened", "investigating", NOW - H, NOW - H, null],
    ["before it opened", "investigating", NOW - H, NOW - 2 * H, "update_before_opened"],
    ["four minutes ahead (clock skew)", "investigating", NOW - H, NOW + 4 * 60_000, null],
    ["an hour ahead", "investigating", NOW - H, NOW + H, "update_in_future"],
    ["already resolved", "resolved", NOW - H, NOW, "incident_resolved"],
  ];
  for (const [name, current, openedAt, at, want] of cases) assert.equal(checkIncidentUpdate({ current, openedAt, at, now: NOW }), want, name);
  assert.equal(checkIncidentOpen({ at: NOW - H, now: NOW }), null);
  assert.equal(checkIncidentOpen({ at: NOW + H, now: NOW }), "update_in_future");
});

test("maintenance announcements: order, not over, at most 14 days, at most a year ahead", () => {
  const cases: Array<[string, number, number, StatusRuleError | null]> = [
    ["tomorrow, two hours", NOW + 24 * H, NOW + 26 * H, null],
    ["running now", NOW - H, NOW + H, null],
    ["end before start", NOW + 2 * H, NOW + H, "maintenance_order"],
    ["start equals end", NOW + H, NOW + H, "maintenance_order"],
    ["already over", NOW - 3 * H, NOW - H, "maintenance_ended"],
    ["exactly 14 days", NOW + H, NOW + H + 14 * 24 * H, null],
    ["15 days", NOW + H, NOW + H + 15 * 24 * H, "maintenance_too_long"],
    ["two years ahead", NOW + 730 * 24 * H, NOW + 730 * 24 * H + H, "maintenance_too_far"],
  ];
  for (const [name, startsAt, endsAt, want] of cases) assert.equal(checkMaintenance({ startsAt, endsAt, now: NOW }), want, name);
});

test("maintenance phase: ahead, during, after, cancelled", () => {
  const cases: Array<[string, number, number, number | null, MaintenancePhase]> = [
    ["ahead", NOW + H, NOW + 2 * H, null, "upcoming"],
    ["starts now", NOW, NOW + H, null, "ongoing"],
    ["during", NOW - H, NOW + H, null, "ongoing"],
    ["ends now", NOW - H, NOW, null, "past"],
    ["over", NOW - 2 * H, NOW - H, null, "past"],
    ["cancelled ahead", NOW + H, NOW + 2 * H, NOW - H, "cancelled"],
  ];
  for (const [name, startsAt, endsAt, cancelledAt, want] of cases) assert.equal(maintenancePhase({ startsAt, endsAt, cancelledAt }, NOW), want, name);
});

test("mail event of a post and who gets it", () => {
  const events: Array<[boolean, IncidentState, StatusMailEvent]> = [
    [true, "investigating", "incident_opened"],
    [true, "identified", "incident_opened"],
    [false, "identified", "incident_updated"],
    [false, "resolved", "incident_resolved"],
    [true, "resolved", "incident_resolved"],
  ];
  for (const [first, state, want] of events) assert.equal(incidentMailEvent({ first, state }), want, `${first} ${state}`);
  const subs: Array<[string, { vendorCodes: string[]; confirmedAt: number | null; unsubscribedAt: number | null }, boolean]> = [
    ["confirmed, follows it", { vendorCodes: ["enovation", "founda"], confirmedAt: NOW, unsubscribedAt: null }, true],
    ["not confirmed yet", { vendorCodes: ["enovation"], confirmedAt: null, unsubscribedAt: null }, false],
    ["unsubscribed", { vendorCodes: ["enovation"], confirmedAt: NOW - H, unsubscribedAt: NOW }, false],
    ["follows another infrastructure", { vendorCodes: ["alphatron"], confirmedAt: NOW, unsubscribedAt: null }, false],
  ];
  for (const [name, sub, want] of subs) assert.equal(subscriberWants(sub, "enovation"), want, name);
});
