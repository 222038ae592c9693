import { test } from "node:test";
import assert from "node:assert/strict";
import {
  amsterdamHour,
  digestDue,
  KIND_RULES,
  kindsForRoles,
  mailDecision,
  NOTIFICATION_KINDS,
  type MailDecision,
  type NotificationKind,
  type NotificationMode,
} from "@/lib/domain/notifications";

test("mailDecision: the preference, else the kind's default; off and disabled mean no mail", () => {
  const table: [NotificationKind, NotificationMode | null, boolean, MailDecision][] = [
    ["report_decided", null, true, "immediate"], // default
    ["report_decided", "digest", true, "digest"],
    ["report_decided", "off", true, "none"],
    ["report_decided", "immediate", true, "immediate"],
    ["report_waiting", null, true, "digest"], // reviewers: daily digest by default
    ["report_waiting", "immediate", true, "immediate"],
    ["report_waiting", "off", true, "none"],
    ["planned_date_passed", null, true, "digest"],
    ["question_answered", null, true, "immediate"],
    ["question_answered", "off", true, "none"],
    ["toolkit_version", null, true, "immediate"],
    ["announcement", "digest", true, "digest"],
    ["endpoint_health", "immediate", false, "none"], // a disabled account gets no mail
    ["certificate_expiry", null, false, "none"],
  ];
  for (const [kind, preference, canReceiveMail, expected] of table) {
    assert.equal(mailDecision({ kind, preference, canReceiveMail }), expected, `${kind} ${preference} ${canReceiveMail}`);
  }
});

test("digestDue: once per Amsterdam day, from the chosen hour on", () => {
  const table: [string, number, number, string | null, boolean][] = [
    // today, hour now, digest hour, last digest, due
    ["2026-12-05", 6, 7, null, false], // before the hour
    ["2026-12-05", 7, 7, null, true], // at the hour
    ["2026-12-05", 15, 7, "2026-12-04", true], // later the same day (server was down at 7)
    ["2026-12-05", 15, 7, "2026-12-05", false], // already sent today
    ["2026-12-05", 0, 0, "2026-12-04", true], // midnight digest
    ["2026-12-05", 23, 23, null, true],
    ["2026-12-05", 22, 23, "2026-12-01", false],
  ];
  for (const [today, hour, digestHour, lastDigestOn, due] of table) {
    assert.equal(digestDue({ today, hour, digestHour, lastDigestOn }), due, `${today} ${hour}h digest ${digestHour}h last ${lastDigestOn}`);
  }
});

test("amsterdamHour: winter and summer time", () => {
  const table: [string, number][] = [
    ["2026-12-05T06:30:00Z", 7], // CET = UTC+1
    ["2026-07-01T06:30:00Z", 8], // CEST = UTC+2
    ["2026-12-05T23:10:00Z", 0],
    ["2026-03-29T01:30:00Z", 3], // the spring-forward hour
  ];
  for (const [iso, hour] of table) assert.equal(amsterdamHour(new Date(iso)), hour, iso);
});

test("kindsForRoles: each role sees only the kinds that can reach it, in a fixed order", () => {
  assert.deepEqual(kindsForRoles(["programme_admin"]), ["report_waiting", "announcement", "event_new"]);
  assert.deepEqual(kindsForRoles(["programme_viewer"]), ["announcement", "event_new"]);
  assert.deepEqual(kindsForRoles(["institution_editor"]), ["report_decided", "endpoint_health", "certificate_expiry", "planned_date_passed", "question_answered", "announcement", "event_new", "event_registration"]);
  assert.deepEqual(kindsForRoles(["security_officer"]), ["toolkit_version", "endpoint_health", "certificate_expiry", "question_answered", "announcement", "event_new", "event_registration"]);
  assert.deepEqual(kindsForRoles(["vendor_editor"]), ["endpoint_health", "certificate_expiry", "announcement", "event_new", "event_registration"]);
  assert.deepEqual(kindsForRoles([]), []);
  for (const k of NOTIFICATION_KINDS) assert.ok(KIND_RULES[k].roles.length > 0, k);
});
