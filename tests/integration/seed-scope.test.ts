import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { auditEvents, institutionContacts, institutions, memberships, onboardingSteps, programmeMilestones, users } from "@/db/schema";
import { listAuditEvents } from "@/lib/audit";
import { countInstitutionsBy, getInstitutionDetail, getInstitutionRef, listInstitutions } from "@/lib/institutions/queries";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { DEMO_HOME_INSTITUTION, DEMO_OTHER_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { DEMO_EXCHANGING, DEMO_OVERRIDE_REASON } from "@/db/seed/golive";
import { loadGoLiveDashboard } from "@/lib/golive/queries";
import { institutionIdByUra } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import { can, institutionScope, type Actor } from "@/lib/auth/policy";
import { verifyPassword } from "@/lib/auth/passwords";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows } from "./helpers";

let t: TestDb;
let first: { institutions: number; users: number };
let second: { institutions: number; users: number };
let countsAfterFirst: Record<string, number>;
const TABLES = ["vendors", "institutions", "institution_contacts", "users", "memberships", "audit_events"] as const;
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (tb) => [tb, await countRows(t.db, tb)] as const)));

const ENOVATION = DEMO_INSTITUTIONS.filter((d) => d.vendor === "enovation").length;
const CONTACTS = DEMO_INSTITUTIONS.reduce((n, d) => n + d.contacts.length, 0);

before(async () => {
  t = await createTestDb();
  first = await seedDemoData(t.db);
  countsAfterFirst = await counts();
  second = await seedDemoData(t.db);
});
after(async () => {
  await t?.dispose();
});

const actorOf = (email: string) => signedInActor(t.db, email);
const demo = (role: string) => DEMO_USERS.find((u) => u.role === role)!.email;
const idOfDemo = (index: number) => institutionIdByUra(t.db, DEMO_INSTITUTIONS[index].ura);

describe("seedDemoData", () => {
  test("the first run creates everything", () => {
    assert.deepEqual(first, { institutions: 130, users: 7 });
    // seed.demo, and the demo's exchange volumes reported through their service (issue 17 §2).
    assert.deepEqual(countsAfterFirst, { vendors: 3, institutions: 130, institution_contacts: CONTACTS, users: 7, memberships: 7, audit_events: 2 });
    assert.equal(ENOVATION, 36);
  });

  test("a second run adds nothing", async () => {
    assert.deepEqual(second, { institutions: 0, users: 0 });
    assert.deepEqual(await counts(), countsAfterFirst);
    const seedEvents = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "seed.demo"));
    assert.equal(seedEvents.length, 1);
    assert.deepEqual(seedEvents[0].after, { institutions: 130, contacts: CONTACTS, users: 7, onboardingHistories: 126 });
  });

  test("memberships follow DEMO_USERS, and every demo password works", async () => {
    assert.equal(DEMO_USERS.length, 7);
    for (const u of DEMO_USERS) {
      const [row] = await t.db.select().from(users).where(eq(users.email, u.email));
      assert.ok(row, u.email);
      assert.equal(row.name, u.name);
      assert.equal(await verifyPassword(u.password, row.passwordHash), true, `${u.email} password`);
      const ms = await t.db.select().from(memberships).where(eq(memberships.userId, row.id));
      const expectedInstitution = u.institution !== undefined ? await idOfDemo(u.institution) : null;
      assert.deepEqual(
        ms.map((m) => ({ role: m.role, institutionId: m.institutionId, vendorCode: m.vendorCode })),
        [{ role: u.role, institutionId: expectedInstitution, vendorCode: u.vendorCode ?? null }],
        u.email,
      );
    }
  });
});

describe("demo data that agrees with itself (issue 20 §5)", () => {
  test("the live demo institutions hold the go-live evidence, a few with a realistic attention point, and 17 exchange (issue 17)", async () => {
    const g = await loadGoLiveDashboard(t.db, new Date());
    assert.equal(g.counts.live, 30);
    assert.deepEqual([g.counts.liveWithEvidence, g.counts.liveAttention, g.counts.liveOverride], [27, 2, 1]);
    assert.deepEqual(g.attention.map((a) => [a.status, [...new Set(a.retestReasons.map((r) => r.kind))]]).sort(), [["live_attention", ["certificate"]], ["live_attention", ["down"]], ["live_override", []]]);
    assert.equal(g.attention.find((a) => a.status === "live_override")?.override?.reason, DEMO_OVERRIDE_REASON);
    assert.equal(g.exchange.total.exchangingLive, DEMO_EXCHANGING);
    assert.equal(g.exchange.total.live, 30);
  });

  test("the demo CISO account is the CISO contact of its institution", async () => {
    const account = DEMO_USERS.find((u) => u.role === "security_officer")!;
    const institutionId = await idOfDemo(account.institution!);
    const contacts = await t.db.select().from(institutionContacts).where(and(eq(institutionContacts.institutionId, institutionId), eq(institutionContacts.role, "ciso")));
    assert.deepEqual(contacts.map((c) => [c.name, c.email]), [[account.name, account.email]]);
  });

  test("the first milestone is recorded as delivered on the day the first XDS institution verified its DUO test", async () => {
    const [m] = await t.db.select().from(programmeMilestones).where(eq(programmeMilestones.code, "duo_in_xds_services"));
    assert.ok(m.achievedOn, "an achieved date");
    assert.ok(m.achievedOn <= m.date, `${m.achievedOn} is on or before ${m.date}: met`);
    const [first] = await t.db
      .select({ on: sql<string>`min(${onboardingSteps.completedOn})` })
      .from(onboardingSteps)
      .innerJoin(institutions, eq(institutions.id, onboardingSteps.institutionId))
      .where(and(eq(onboardingSteps.stepCode, "duo_connection_tested"), eq(onboardingSteps.state, "verified"), inArray(institutions.vendorCode, ["enovation", "founda"])));
    assert.equal(m.achievedOn, first.on);
  });
});

describe("institution scope against the demo data", () => {
  const listAll = (actor: Actor) => listInstitutions(t.db, { scope: institutionScope(actor, "institution.list"), pageSize: 200 });

  test("the institution editor sees exactly their own institution", async () => {
    const res = await listAll(await actorOf(demo("institution_editor")));
    assert.equal(res.total, 1);
    assert.deepEqual(res.rows.map((r) => r.ura), [DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura]);
  });

  test("the security officer sees exactly the same institution", async () => {
    const res = await listAll(await actorOf(demo("security_officer")));
    assert.deepEqual(res.rows.map((r) => r.ura), [DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura]);
  });

  test("the vendor editor sees exactly the Enovation institutions (36)", async () => {
    const res = await listAll(await actorOf(demo("vendor_editor")));
    assert.equal(res.total, 36);
    assert.equal(res.rows.length, 36);
    assert.ok(res.rows.every((r) => r.vendorCode === "enovation" && r.vendorName !== null));
    const expected = DEMO_INSTITUTIONS.filter((d) => d.vendor === "enovation").map((d) => d.ura).sort();
    assert.deepEqual(res.rows.map((r) => r.ura).sort(), expected);
  });

  test("programme admin and viewer see all 130", async () => {
    for (const role of ["programme_admin", "programme_viewer"]) {
      const res = await listAll(await actorOf(demo(role)));
      assert.equal(res.total, 130, role);
      assert.equal(res.rows.length, 130, role);
    }
  });

  test("paging and search stay inside the scope", async () => {
    const vendor = await actorOf(demo("vendor_editor"));
    const page2 = await listInstitutions(t.db, { scope: institutionScope(vendor, "institution.list"), pageSize: 25, page: 2 });
    assert.deepEqual({ total: page2.total, page: page2.page, pages: page2.pages, n: page2.rows.length }, { total: 36, page: 2, pages: 2, n: 11 });
    const other = DEMO_INSTITUTIONS[DEMO_OTHER_INSTITUTION];
    const editor = await actorOf(demo("institution_editor"));
    const byUra = await listInstitutions(t.db, { scope: institutionScope(editor, "institution.list"), q: other.ura });
    assert.equal(byUra.total, 0, "another institution's URA finds nothing");
    const admin = await actorOf(demo("programme_admin"));
    const found = await listInstitutions(t.db, { scope: institutionScope(admin, "institution.list"), q: other.ura });
    assert.deepEqual(found.rows.map((r) => r.ura), [other.ura]);
  });

  test("no scope, no rows", async () => {
    const res = await listInstitutions(t.db, { scope: { kind: "none" } });
    assert.equal(res.total, 0);
    assert.deepEqual(res.rows, []);
  });

  test("getInstitutionDetail of another institution with the editor's scope: null", async () => {
    const editor = await actorOf(demo("institution_editor"));
    const scope = institutionScope(editor, "institution.read");
    const otherId = await idOfDemo(DEMO_OTHER_INSTITUTION);
    assert.equal(await getInstitutionDetail(t.db, { id: otherId, scope }), null);
    const ref = await getInstitutionRef(t.db, otherId);
    assert.ok(ref);
    assert.equal(can(editor, "institution.read", ref), false);

    const homeId = await idOfDemo(DEMO_HOME_INSTITUTION);
    const home = await getInstitutionDetail(t.db, { id: homeId, scope });
    assert.ok(home);
    assert.equal(home.ura, DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura);
    assert.equal(home.contacts.length, DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].contacts.length);
    assert.deepEqual(home.people.map((p) => p.email).sort(), [demo("institution_editor"), demo("security_officer")].sort());
    // Contacts and people come in the same query as JSON: whole rows, the contacts in the order of
    // their role (the enum's order), the people by name, each with their role.
    const contacts = await t.db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, homeId)).orderBy(asc(institutionContacts.role));
    assert.deepEqual(home.contacts, contacts);
    assert.deepEqual(
      home.contacts.map((c) => c.role),
      (["project_lead", "ciso", "fg", "technical"] as const).filter((r) => contacts.some((c) => c.role === r)),
    );
    const people = await t.db
      .select({ name: users.name, email: users.email, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.institutionId, homeId))
      .orderBy(asc(users.name));
    assert.deepEqual(home.people, people);

    // The second demo editor works for the other institution and sees it, not the first.
    const editor2 = await actorOf("projectleider2@duo-demo.test");
    assert.ok(await getInstitutionDetail(t.db, { id: otherId, scope: institutionScope(editor2, "institution.read") }));
    assert.equal(await getInstitutionDetail(t.db, { id: homeId, scope: institutionScope(editor2, "institution.read") }), null);
  });

  test("getInstitutionRef: unknown and malformed ids give null", async () => {
    assert.equal(await getInstitutionRef(t.db, randomUUID()), null);
    assert.equal(await getInstitutionRef(t.db, "not-a-uuid"), null);
    assert.equal(await getInstitutionRef(t.db, "../../etc/passwd"), null);
  });

  // Bug (reported): getInstitutionRef's id check /^[0-9a-f-]{36}$/i lets 36-character
  // non-UUIDs through, so /institutions/------------------------------------ is a database
  // error (500) instead of "not found".
  test("getInstitutionRef: 36 characters that are not a UUID give null, not a database error", async () => {
    assert.equal(await getInstitutionRef(t.db, "-".repeat(36)), null);
    assert.equal(await getInstitutionRef(t.db, "0123456789abcdef0123456789abcdef0123"), null);
  });

  test("countInstitutionsBy sums to 130 for every dimension", async () => {
    for (const dim of ["vendor", "kind", "province"] as const) {
      const rows = await countInstitutionsBy(t.db, dim);
      assert.equal(rows.reduce((n, r) => n + r.n, 0), 130, dim);
      assert.ok(rows.every((r) => Number.isInteger(r.n) && r.n > 0), dim);
    }
    const byVendor = Object.fromEntries((await countInstitutionsBy(t.db, "vendor")).map((r) => [String(r.key), r.n]));
    const expected: Record<string, number> = {};
    for (const d of DEMO_INSTITUTIONS) expected[String(d.vendor)] = (expected[String(d.vendor)] ?? 0) + 1;
    assert.deepEqual(byVendor, expected);
    assert.equal(byVendor.enovation, 36);
    assert.equal((await countInstitutionsBy(t.db, "province")).length, 12);
    const byKind = Object.fromEntries((await countInstitutionsBy(t.db, "kind")).map((r) => [String(r.key), r.n]));
    assert.equal(byKind.hospital + byKind.umc, 73);
    assert.equal(byKind.umc, 7);
    assert.equal(byKind.diagnostic_centre, 6);
  });
});

describe("listAuditEvents", () => {
  before(async () => {
    // Inserting with an explicit time is allowed; only changes are refused.
    await t.db.insert(auditEvents).values([
      { at: new Date("2020-01-10T12:00:00Z"), actorLabel: "Alice 100%", action: "test.dated", entityType: "thing", entityId: "a" },
      { at: new Date("2020-01-11T23:30:00Z"), actorLabel: "bob", action: "test.dated", entityType: "thing", entityId: "b" },
      { at: new Date("2020-01-12T00:00:00Z"), actorLabel: "carol", action: "test.dated", entityType: "other", entityId: "c" },
      { at: new Date("2020-01-11T08:00:00Z"), actorLabel: "dave", action: "test.other", entityType: "thing", entityId: "d" },
    ]);
  });
  const ids = (r: Awaited<ReturnType<typeof listAuditEvents>>) => r.rows.map((x) => x.entityId);

  test("by action, newest first", async () => {
    const res = await listAuditEvents(t.db, { action: "test.dated" });
    assert.equal(res.total, 3);
    assert.deepEqual(ids(res), ["c", "b", "a"]);
    assert.equal((await listAuditEvents(t.db, { action: "seed.demo" })).total, 1);
    assert.equal((await listAuditEvents(t.db, { action: "no.such.action" })).total, 0);
  });

  test("by date: from and until are whole days, until inclusive", async () => {
    assert.deepEqual(ids(await listAuditEvents(t.db, { action: "test.dated", from: "2020-01-11", until: "2020-01-11" })), ["b"]);
    assert.deepEqual(ids(await listAuditEvents(t.db, { action: "test.dated", from: "2020-01-11" })), ["c", "b"]);
    assert.deepEqual(ids(await listAuditEvents(t.db, { action: "test.dated", until: "2020-01-11" })), ["b", "a"]);
    assert.deepEqual(ids(await listAuditEvents(t.db, { from: "2020-01-11", until: "2020-01-11" })), ["b", "d"]);
    assert.equal((await listAuditEvents(t.db, { from: "2020-01-13", until: "2020-01-31" })).total, 0);
  });

  test("malformed dates are ignored rather than failing", async () => {
    for (const bad of ["2020-13-45", "11-01-2020", "gisteren", "2020-01-11T00:00:00Z", "'; drop table audit_events; --"]) {
      assert.equal((await listAuditEvents(t.db, { action: "test.dated", from: bad, until: bad })).total, 3, bad);
    }
  });

  test("by entity type and actor (substring, case-insensitive, wildcards literal)", async () => {
    assert.deepEqual(ids(await listAuditEvents(t.db, { action: "test.dated", entityType: "thing" })), ["b", "a"]);
    assert.deepEqual(ids(await listAuditEvents(t.db, { actor: "BO" })), ["b"]);
    assert.deepEqual(ids(await listAuditEvents(t.db, { actor: "100%" })), ["a"]);
    assert.equal((await listAuditEvents(t.db, { actor: "%" })).total, 1, "% is a literal, not a wildcard");
    assert.equal((await listAuditEvents(t.db, { actor: "_" })).total, 0, "_ is a literal, not a wildcard");
  });

  test("people and institutions by name; filters by person, institution and the system", async () => {
    const admin = DEMO_USERS.find((u) => u.role === "programme_admin")!;
    const editor = DEMO_USERS.find((u) => u.role === "institution_editor")!;
    const [a] = await t.db.select().from(users).where(eq(users.email, admin.email));
    const [e] = await t.db.select().from(users).where(eq(users.email, editor.email));
    const home = await institutionIdByUra(t.db, DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura);
    await t.db.insert(auditEvents).values([
      { actorUserId: a.id, actorLabel: a.email, action: "user.disable", entityType: "user", entityId: e.id, institutionId: home },
      { actorUserId: a.id, actorLabel: a.email, action: "institution.update", entityType: "institution", entityId: home, institutionId: home },
    ]);
    const byPerson = await listAuditEvents(t.db, { person: a.id });
    assert.deepEqual(
      byPerson.rows.map((r) => [r.action, r.actorName, r.actorEmail, r.subjectName, r.institutionName]),
      [
        ["institution.update", a.name, a.email, null, DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].name],
        ["user.disable", a.name, a.email, e.name, DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].name],
      ],
    );
    assert.equal((await listAuditEvents(t.db, { institution: home })).total, 2);
    assert.equal((await listAuditEvents(t.db, { actor: a.name.slice(0, 5).toUpperCase() })).total, 2, "the name is searched too");
    const system = await listAuditEvents(t.db, { person: "system" });
    assert.ok(system.total >= 5, "the seed and the dated rows");
    assert.ok(system.rows.every((r) => r.actorUserId === null && r.actorName === null));
    for (const bad of ["not-a-uuid", "'; drop table audit_events; --"]) {
      assert.equal((await listAuditEvents(t.db, { person: bad })).total, 0, bad);
      assert.equal((await listAuditEvents(t.db, { institution: bad })).total, 0, bad);
    }
  });

  test("paging", async () => {
    const p1 = await listAuditEvents(t.db, { action: "test.dated" }, 2);
    const p2 = await listAuditEvents(t.db, { action: "test.dated", page: 2 }, 2);
    const p9 = await listAuditEvents(t.db, { action: "test.dated", page: 9 }, 2);
    assert.deepEqual([p1.pages, ids(p1), ids(p2), p9.page, ids(p9)], [2, ["c", "b"], ["a"], 2, ["a"]]);
  });
});
