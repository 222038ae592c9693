import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ageInDays, audienceMatches, promotions, registrationOpen, registrationOutcome, reminderDue, type AudienceFacts } from "@/lib/domain/events";

describe("registrationOutcome", () => {
  const cases: [string, { capacity: number | null; seatsTaken: number; waiting: number }, "registered" | "waiting"][] = [
    ["no limit", { capacity: null, seatsTaken: 500, waiting: 0 }, "registered"],
    ["a free seat", { capacity: 10, seatsTaken: 9, waiting: 0 }, "registered"],
    ["full", { capacity: 10, seatsTaken: 10, waiting: 0 }, "waiting"],
    ["a seat free but people in line: the line goes first", { capacity: 10, seatsTaken: 9, waiting: 1 }, "waiting"],
    ["over capacity after a change", { capacity: 2, seatsTaken: 3, waiting: 0 }, "waiting"],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.equal(registrationOutcome(input), expected));
});

describe("promotions", () => {
  const line = ["a", "b", "c"];
  const cases: [string, { capacity: number | null; seatsTaken: number }, string[]][] = [
    ["one seat freed", { capacity: 5, seatsTaken: 4 }, ["a"]],
    ["two seats free", { capacity: 5, seatsTaken: 3 }, ["a", "b"]],
    ["none free", { capacity: 5, seatsTaken: 5 }, []],
    ["over capacity", { capacity: 5, seatsTaken: 7 }, []],
    ["limit lifted: everyone", { capacity: null, seatsTaken: 5 }, ["a", "b", "c"]],
    ["more seats than people waiting", { capacity: 50, seatsTaken: 0 }, ["a", "b", "c"]],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.deepEqual(promotions({ ...input, waitingInOrder: line }), expected));
});

describe("reminderDue", () => {
  const cases: [string, string, boolean][] = [
    ["2030-03-10", "2030-03-09", true],
    ["2030-03-10", "2030-03-10", false],
    ["2030-03-10", "2030-03-08", false],
    ["2030-01-01", "2029-12-31", true],
  ];
  for (const [eventDate, today, expected] of cases) test(`${eventDate} on ${today}`, () => assert.equal(reminderDue({ eventDate, today }), expected));
});

describe("registrationOpen and ageInDays", () => {
  const start = new Date("2030-03-10T13:00:00Z");
  test("open until the start, never for a cancelled event", () => {
    assert.equal(registrationOpen({ startsAt: start, cancelled: false, now: new Date("2030-03-10T12:59:59Z") }), true);
    assert.equal(registrationOpen({ startsAt: start, cancelled: false, now: start }), false);
    assert.equal(registrationOpen({ startsAt: start, cancelled: true, now: new Date("2030-01-01T00:00:00Z") }), false);
  });
  test("whole days, never negative", () => {
    assert.equal(ageInDays(start, new Date("2030-03-11T12:59:59Z")), 0);
    assert.equal(ageInDays(start, new Date("2030-03-12T13:00:00Z")), 2);
    assert.equal(ageInDays(start, new Date("2030-03-01T00:00:00Z")), 0);
  });
});

describe("audienceMatches", () => {
  const editor: AudienceFacts = { role: "institution_editor", vendorCode: "alphatron", kind: "hospital", province: "UT", phase: "preparation" };
  const vendor: AudienceFacts = { role: "vendor_editor", vendorCode: "alphatron", kind: null, province: null, phase: null };
  const programme: AudienceFacts = { role: "programme_viewer", vendorCode: null, kind: null, province: null, phase: null };
  const cases: [string, Parameters<typeof audienceMatches>[0], AudienceFacts, boolean][] = [
    ["everyone", { roles: [] }, programme, true],
    ["role in list", { roles: ["institution_editor"] }, editor, true],
    ["role not in list", { roles: ["security_officer"] }, editor, false],
    ["vendor of the institution", { roles: [], vendor: "alphatron" }, editor, true],
    ["vendor editor of that vendor", { roles: [], vendor: "alphatron" }, vendor, true],
    ["another vendor", { roles: [], vendor: "founda" }, editor, false],
    ["kind + province + phase all match", { roles: [], kind: "hospital", province: "UT", phase: "preparation" }, editor, true],
    ["phase differs", { roles: [], phase: "live" }, editor, false],
    ["institution filters leave out vendors", { roles: [], kind: "hospital" }, vendor, false],
    ["and the programme", { roles: [], province: "UT" }, programme, false],
  ];
  for (const [name, a, m, expected] of cases) test(name, () => assert.equal(audienceMatches(a, m), expected));
});
