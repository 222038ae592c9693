/**
 * The set-based import (lib/institutions/service.ts importInstitutions) at a size that spans
 * several statements (IMPORT_CHUNK rows each): new rows, updates that write only what differs,
 * a row the database refuses in the last chunk (nothing written at all), and the one audit event.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq, inArray } from "drizzle-orm";
import { auditEvents, institutionContacts, institutionReadiness, institutions, users } from "@/db/schema";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import type { AuditActor } from "@/lib/audit";
import { computeReadiness } from "@/lib/domain/readiness";
import { IMPORT_CHUNK, importInstitutions, type ImportProgress, type InstitutionData } from "@/lib/institutions/service";
import { loadStepStatuses, vendorOf } from "@/lib/onboarding/store";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows } from "./helpers";

let t: TestDb;
let actor: AuditActor;
// In the future, so the directory clock (never earlier than the database clock) stamps exactly these.
const NOW = new Date("2030-01-07T10:00:00Z");
const LATER = new Date("2030-01-08T10:00:00Z");
const SIZE = 2 * IMPORT_CHUNK + 500;
const VENDORS = ["enovation", "founda", "alphatron", null] as const;

before(async () => {
  t = await createTestDb({ from: "seeded" });
  const [admin] = await t.db.select().from(users).where(eq(users.email, "admin@duo-demo.test"));
  actor = { userId: admin.id, label: admin.email };
});
after(async () => {
  await t?.dispose();
});

const TABLES = ["institutions", "institution_contacts", "institution_readiness", "audit_events"] as const;
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (tb) => [tb, await countRows(t.db, tb)] as const)));

const row = (i: number): InstitutionData => ({
  name: `Setkliniek ${i}`,
  kind: i % 2 ? "clinic" : "hospital",
  ura: String(61_000_000 + i),
  agb: i % 3 ? null : String(20_000_000 + i).slice(0, 8),
  kvk: null,
  city: "Deventer",
  province: "NL-OV",
  vendor: VENDORS[i % 4],
  groupName: undefined,
  contacts: [
    { role: "project_lead", name: `Projectleider ${i}`, email: `pl${i}@set.example`, phone: null },
    ...(i % 2 ? [{ role: "ciso" as const, name: `Ciso ${i}`, email: `ciso${i}@set.example`, phone: "+31 570 123 456" }] : []),
  ],
});
const ROWS = Array.from({ length: SIZE }, (_, i) => row(i));

async function importEvents() {
  return t.db.select().from(auditEvents).where(eq(auditEvents.action, "institution.import"));
}

describe("set-based import", () => {
  test(`${SIZE} new rows: institutions, contacts and readiness in a few statements, one audit event`, async () => {
    const before = await counts();
    const auditBefore = (await importEvents()).length;
    const progress: ImportProgress[] = [];
    const res = await importInstitutions(t.db, { actor, rows: ROWS, now: NOW, filename: "groot.csv", sha256: "e".repeat(64), onProgress: (p) => progress.push(p) });
    assert.deepEqual(res, { created: SIZE, updated: 0 });
    const after = await counts();
    assert.equal(after.institutions - before.institutions, SIZE);
    assert.equal(after.institution_readiness - before.institution_readiness, SIZE);
    assert.equal(after.institution_contacts - before.institution_contacts, ROWS.reduce((n, r) => n + r.contacts.length, 0));
    assert.equal(after.audit_events - before.audit_events, 1, "one audit event, not one per row");
    // Progress: one step per statement, ending at the total.
    assert.deepEqual(progress.map((p) => p.done), Array.from({ length: progress.length }, (_, i) => i + 1));
    assert.equal(progress.at(-1)?.done, progress.at(-1)?.total);
    assert.equal(progress.length, Math.ceil(SIZE / IMPORT_CHUNK));

    const events = await importEvents();
    assert.equal(events.length, auditBefore + 1);
    const event = events.find((e) => (e.after as { filename?: string }).filename === "groot.csv")!;
    assert.deepEqual(event.after, { filename: "groot.csv", sha256: "e".repeat(64), rows: SIZE, created: SIZE, updated: 0, vendorChanged: 0 });
    assert.equal(event.actorUserId, actor.userId);

    // Each row as given, stamped with the import's instant, its contacts and its readiness.
    for (const i of [0, 1, IMPORT_CHUNK, SIZE - 1]) {
      const want = ROWS[i];
      const [inst] = await t.db.select().from(institutions).where(eq(institutions.ura, want.ura));
      assert.deepEqual(
        [inst.name, inst.kind, inst.agb, inst.kvk, inst.city, inst.province, inst.vendorCode, inst.groupName],
        [want.name, want.kind, want.agb, want.kvk, want.city, want.province, want.vendor, null],
      );
      assert.equal(inst.createdAt.toISOString(), NOW.toISOString());
      assert.equal(inst.updatedAt.toISOString(), NOW.toISOString());
      const contacts = await t.db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, inst.id));
      assert.deepEqual(contacts.map((c) => [c.role, c.name, c.email, c.phone]).sort(), want.contacts.map((c) => [c.role, c.name, c.email, c.phone]).sort());
      const [r] = await t.db.select().from(institutionReadiness).where(eq(institutionReadiness.institutionId, inst.id));
      const expected = computeReadiness({ vendor: vendorOf(want.vendor), steps: {}, today: "2030-01-07" });
      assert.deepEqual([r.phase, r.percent, r.blockingPrecondition, r.nextActionKind, r.nextActionStep, r.isLive], [expected.phase, expected.percent, expected.blockingPrecondition, expected.nextAction.kind, expected.nextAction.stepCode, expected.isLive]);
    }
  });

  test("updates write only what differs: changed rows and contacts, vendor changes recompute readiness, groups stay", async () => {
    // A demo institution with onboarding steps joins the file with another vendor: its readiness
    // must follow from its steps under the new vendor's catalogue.
    const demo = DEMO_INSTITUTIONS.find((d) => d.vendor === "enovation" && d.groupName)!;
    const [demoRow] = await t.db.select().from(institutions).where(eq(institutions.ura, demo.ura));
    const demoData: InstitutionData = { name: demo.name, kind: demo.kind, ura: demo.ura, agb: demo.agb ?? null, kvk: demo.kvk ?? null, city: demo.city, province: demo.province, vendor: "alphatron", groupName: undefined, contacts: [] };
    const changed = ROWS.map((r, i) =>
      i < 1200
        ? { ...r, city: "Zutphen", contacts: r.contacts.map((c) => (c.role === "project_lead" ? { ...c, phone: "+31 575 000 000" } : c)).filter((c) => !(i === 1 && c.role === "ciso")) }
        : i === 1500
          ? { ...r, vendor: r.vendor === "founda" ? ("enovation" as const) : ("founda" as const) }
          : r,
    );
    const before = await counts();
    const res = await importInstitutions(t.db, { actor, rows: [...changed, demoData], now: LATER, filename: "bijwerken.csv", sha256: "f".repeat(64) });
    assert.deepEqual(res, { created: 0, updated: SIZE + 1 });
    const after = await counts();
    assert.deepEqual({ ...after, audit_events: 0, institution_contacts: 0 }, { ...before, audit_events: 0, institution_contacts: 0 });
    assert.equal(after.audit_events - before.audit_events, 1);
    // One ciso contact removed, and the demo institution's contacts (none in the file) gone.
    const demoContactsBefore = DEMO_INSTITUTIONS.find((d) => d.ura === demo.ura)!.contacts?.length ?? 0;
    assert.equal(before.institution_contacts - after.institution_contacts, 1 + demoContactsBefore);

    const byUra = async (ura: string) => (await t.db.select().from(institutions).where(eq(institutions.ura, ura)))[0];
    const first = await byUra(ROWS[0].ura);
    assert.equal(first.city, "Zutphen");
    assert.equal(first.updatedAt.toISOString(), LATER.toISOString(), "a changed row is stamped with the import");
    const untouched = await byUra(ROWS[2000].ura);
    assert.equal(untouched.updatedAt.toISOString(), NOW.toISOString(), "an unchanged row keeps its stamp");
    const phone = await t.db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, first.id));
    assert.equal(phone.find((c) => c.role === "project_lead")?.phone, "+31 575 000 000");
    const one = await byUra(ROWS[1].ura);
    assert.deepEqual((await t.db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, one.id))).map((c) => c.role), ["project_lead"]);

    // The demo institution: group kept (the CSV has no group column), readiness from its steps.
    const demoAfter = await byUra(demo.ura);
    assert.equal(demoAfter.groupName, demo.groupName);
    assert.equal(demoAfter.vendorCode, "alphatron");
    const steps = await loadStepStatuses(t.db, demoRow.id);
    assert.ok(Object.keys(steps).length > 0, "the demo institution has steps");
    const expected = computeReadiness({ vendor: "alphatron", steps, today: "2030-01-08" });
    const [r] = await t.db.select().from(institutionReadiness).where(eq(institutionReadiness.institutionId, demoRow.id));
    assert.deepEqual([r.phase, r.percent, r.blockingPrecondition, r.awaitingVerification], [expected.phase, expected.percent, expected.blockingPrecondition, expected.awaitingVerification.length]);
    const [event] = (await importEvents()).filter((e) => (e.after as { filename?: string }).filename === "bijwerken.csv");
    assert.deepEqual(event.after, { filename: "bijwerken.csv", sha256: "f".repeat(64), rows: SIZE + 1, created: 0, updated: SIZE + 1, vendorChanged: 2 });
  });

  test("a row the database refuses in the last chunk: nothing of the file is written, no audit event", async () => {
    const before = await counts();
    const snapshot = await t.db.select().from(institutions).where(inArray(institutions.ura, [ROWS[0].ura, ROWS[5].ura]));
    const fresh = Array.from({ length: SIZE }, (_, i) => ({ ...row(i), ura: String(62_000_000 + i) }));
    const updates = ROWS.slice(0, 10).map((r) => ({ ...r, city: "Nergenshuizen" }));
    const broken = [...updates, ...fresh.slice(0, -1), { ...fresh.at(-1)!, vendor: "onbekend" as never }];
    await assert.rejects(importInstitutions(t.db, { actor, rows: broken, now: LATER, filename: "kapot.csv", sha256: "0".repeat(64) }));
    assert.deepEqual(await counts(), before);
    assert.equal((await t.db.select().from(institutions).where(eq(institutions.ura, fresh[0].ura))).length, 0);
    assert.deepEqual(await t.db.select().from(institutions).where(inArray(institutions.ura, [ROWS[0].ura, ROWS[5].ura])), snapshot);
    assert.equal((await importEvents()).filter((e) => (e.after as { filename?: string }).filename === "kapot.csv").length, 0);
  });
});
