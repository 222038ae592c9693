/**
 * Creating, changing and importing institutions (lib/institutions/service.ts), with the CSV
 * parser as the import action uses it: parse, commit only when the file has no error.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { asc, eq } from "drizzle-orm";
import { auditEvents, institutionContacts, institutionReadiness, institutions, onboardingSteps, users } from "@/db/schema";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import type { AuditActor } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { computeReadiness } from "@/lib/domain/readiness";
import { toSafeCsv } from "@/lib/csv";
import { INSTITUTION_CSV_HEADERS, csvText, institutionCsvCells, parseInstitutionCsv, serializeInstitutionCsv, type InstitutionCsvRow } from "@/lib/institutions/csv";
import { errorText, translate } from "@/lib/i18n/messages";
import { messageText } from "@/lib/validation/messages";
import { createInstitution, importInstitutions, updateInstitution, type InstitutionData } from "@/lib/institutions/service";
import { listInstitutionGroups, listInstitutions } from "@/lib/institutions/queries";
import { loadStepStatuses } from "@/lib/onboarding/store";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows, rejectsWithCode } from "./helpers";

let t: TestDb;
let actor: AuditActor;
const NOW = new Date("2026-11-22T10:00:00Z");

before(async () => {
  t = await createTestDb({ from: "seeded" });
    const [admin] = await t.db.select().from(users).where(eq(users.email, "admin@duo-demo.test"));
  actor = { userId: admin.id, label: admin.email };
});
after(async () => {
  await t?.dispose();
});

const TABLES = ["institutions", "institution_contacts", "institution_readiness", "audit_events", "onboarding_steps", "onboarding_step_events"] as const;
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (tb) => [tb, await countRows(t.db, tb)] as const)));

/** Everything an import could change, without timestamps and generated contact ids. */
async function snapshot() {
  const inst = (await t.db.select().from(institutions).orderBy(asc(institutions.ura))).map(({ updatedAt: _u, ...r }) => r);
  const contacts = (await t.db.select().from(institutionContacts)).map(({ id: _id, ...c }) => c).sort((a, b) => `${a.institutionId}${a.role}`.localeCompare(`${b.institutionId}${b.role}`));
  const readiness = (await t.db.select().from(institutionReadiness).orderBy(asc(institutionReadiness.institutionId))).map(({ updatedAt: _u, ...r }) => r);
  return { inst, contacts, readiness };
}

/** What commitImportAction hands to importInstitutions (app/(admin)/admin/imports/actions.ts). */
const toData = (rows: InstitutionCsvRow[]): InstitutionData[] =>
  rows.map((r) => ({ name: r.name, kind: r.kind, ura: r.ura, agb: r.agb, kvk: r.kvk, city: r.city, province: r.province, vendor: r.vendor, groupName: r.groupName, contacts: r.contacts.map((c) => ({ ...c })) }));

const data = (over: Partial<InstitutionData> = {}): InstitutionData => ({
  name: "Nieuw Ziekenhuis",
  kind: "hospital",
  ura: "87000001",
  agb: null,
  kvk: null,
  city: "Zwolle",
  province: "NL-OV",
  vendor: "founda",
  groupName: null,
  contacts: [{ role: "project_lead", name: "Piet Project", email: "piet@nieuw.example", phone: "+31 38 123 4567" }],
  ...over,
});

describe("CSV round trip of the 130 demo institutions", () => {
  test("serialize → parse → import updates 130, creates 0 and changes nothing else", async () => {
    const csv = serializeInstitutionCsv(DEMO_INSTITUTIONS);
    const parsed = parseInstitutionCsv(new TextEncoder().encode(csv));
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.fileError, undefined);
    assert.equal(parsed.ok, true);
    assert.equal(parsed.rows.length, 130);
    const before = await snapshot();
    const beforeCounts = await counts();
    const res = await importInstitutions(t.db, { actor, rows: toData(parsed.rows), now: NOW, filename: "register.csv", sha256: "a".repeat(64) });
    assert.deepEqual(res, { created: 0, updated: 130 });
    assert.deepEqual(await snapshot(), before);
    const afterCounts = await counts();
    assert.deepEqual({ ...afterCounts, audit_events: 0 }, { ...beforeCounts, audit_events: 0 });
    assert.equal(afterCounts.audit_events - beforeCounts.audit_events, 1, "one audit event for the whole import");
    const [summary] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "institution.import"));
    assert.deepEqual(summary.after, { filename: "register.csv", sha256: "a".repeat(64), rows: 130, created: 0, updated: 130, vendorChanged: 0 });
  });

  test("the group column round-trips; a file without it keeps every group; an empty cell clears one", async () => {
    const grouped = DEMO_INSTITUTIONS.filter((d) => d.groupName);
    assert.ok(grouped.some((d) => d.groupName === "Knoop.convenant"));
    const groupOf = async (ura: string) => (await t.db.select({ groupName: institutions.groupName }).from(institutions).where(eq(institutions.ura, ura)))[0].groupName;
    for (const d of grouped) assert.equal(await groupOf(d.ura), d.groupName, d.name);

    // Without the column (an older file): groups stay as they are.
    const header = INSTITUTION_CSV_HEADERS.filter((h) => h !== "groep");
    const cells = DEMO_INSTITUTIONS.slice(0, 5).map((d) => institutionCsvCells(d).filter((_, i) => INSTITUTION_CSV_HEADERS[i] !== "groep"));
    const without = parseInstitutionCsv(new TextEncoder().encode(toSafeCsv(header, cells)));
    assert.equal(without.ok, true);
    assert.ok(without.rows.every((r) => r.groupName === undefined));
    await importInstitutions(t.db, { actor, rows: toData(without.rows), now: NOW, filename: "oud.csv", sha256: "1".repeat(64) });
    for (const d of DEMO_INSTITUTIONS.slice(0, 5)) assert.equal(await groupOf(d.ura), d.groupName, d.name);

    // With the column: a new group is set, an empty cell clears it.
    const [a, b] = grouped;
    const withCol = parseInstitutionCsv(new TextEncoder().encode(serializeInstitutionCsv([{ ...a, groupName: "Regio Noord" }, { ...b, groupName: null }])));
    assert.equal(withCol.ok, true);
    await importInstitutions(t.db, { actor, rows: toData(withCol.rows), now: NOW, filename: "groepen.csv", sha256: "2".repeat(64) });
    assert.equal(await groupOf(a.ura), "Regio Noord");
    assert.equal(await groupOf(b.ura), null);
    const restore = parseInstitutionCsv(new TextEncoder().encode(serializeInstitutionCsv([a, b])));
    await importInstitutions(t.db, { actor, rows: toData(restore.rows), now: NOW, filename: "terug.csv", sha256: "3".repeat(64) });
    assert.equal(await groupOf(b.ura), b.groupName);
  });

  test("the register filters by group (or none), scoped as ever", async () => {
    const scope = { kind: "all" } as const;
    const knoop = DEMO_INSTITUTIONS.filter((d) => d.groupName === "Knoop.convenant").length;
    assert.equal((await listInstitutions(t.db, { scope, group: "Knoop.convenant", pageSize: 0 })).total, knoop);
    assert.equal((await listInstitutions(t.db, { scope, group: "none", pageSize: 0 })).total, DEMO_INSTITUTIONS.filter((d) => !d.groupName).length);
    assert.equal((await listInstitutions(t.db, { scope, group: "Bestaat niet", pageSize: 0 })).total, 0);
    const groups = await listInstitutionGroups(t.db, scope);
    assert.equal(groups.find((g) => g.name === "Knoop.convenant")?.n, knoop);
    const one = await t.db.select({ id: institutions.id }).from(institutions).where(eq(institutions.ura, DEMO_INSTITUTIONS.find((d) => d.groupName === "Knoop.convenant")!.ura));
    const mine = await listInstitutionGroups(t.db, { kind: "some", institutionIds: [one[0].id], vendorCodes: [] });
    assert.deepEqual(mine, [{ name: "Knoop.convenant", n: 1 }]);
  });

  test("a CSV with 5 broken rows yields exactly those 5 errors; nothing is imported", async () => {
    const header = INSTITUTION_CSV_HEADERS;
    const col = (name: string) => header.indexOf(name);
    const cells = DEMO_INSTITUTIONS.map((d) => institutionCsvCells(d));
    // index in DEMO_INSTITUTIONS → expected error code; file line = index + 2
    const broken: [number, string][] = [
      [3, "wrong_length"],
      [17, "unknown_kind"],
      [42, "unknown_province"],
      [88, "bad_email"],
      [120, "duplicate_ura"],
    ];
    cells[3][col("ura")] = "1234567";
    cells[17][col("soort")] = "Ziekenhuisje";
    cells[42][col("provincie")] = "Vlaanderen";
    cells[88][col("projectleider_email")] = "geen-emailadres";
    cells[120][col("ura")] = DEMO_INSTITUTIONS[5].ura;
    const before = await counts();
    const parsed = parseInstitutionCsv(new TextEncoder().encode(toSafeCsv(header, cells)));
    assert.equal(parsed.ok, false);
    assert.deepEqual(
      parsed.errors.map((e) => [e.line, e.code]),
      broken.map(([i, code]) => [i + 2, code]),
    );
    assert.equal(parsed.rows.length, 125);
    const dup = parsed.errors.find((e) => e.code === "duplicate_ura")!;
    assert.match(csvText((k, v) => translate("nl", k, v), dup.message), new RegExp(`op regel 7 en op regel 122`));
    // The commit action imports only when the file is clean: nothing is called, nothing changes.
    if (parsed.ok) await importInstitutions(t.db, { actor, rows: toData(parsed.rows), now: NOW, filename: "kapot.csv", sha256: "b".repeat(64) });
    assert.deepEqual(await counts(), before);
  });

  test("`,` separators and no BOM read the same as `;` with BOM", () => {
    const semi = parseInstitutionCsv(serializeInstitutionCsv(DEMO_INSTITUTIONS.slice(0, 10)));
    const comma = parseInstitutionCsv(new TextEncoder().encode(serializeInstitutionCsv(DEMO_INSTITUTIONS.slice(0, 10), { separator: "," }).replace(/^\uFEFF/, "")));
    assert.equal(comma.separator, ",");
    assert.equal(comma.ok, true);
    assert.deepEqual(comma.rows, semi.rows);
  });
});

describe("importInstitutions", () => {
  test("new URAs are created with contacts and a readiness row; existing ones updated", async () => {
    const existing = DEMO_INSTITUTIONS[10];
    const csv = serializeInstitutionCsv([
      { name: "Importkliniek Een", kind: "clinic", ura: "87100001", city: "Assen", province: "NL-DR", vendor: "alphatron", contacts: [{ role: "ciso", name: "Cees Ciso", email: "Cees@Import.example", phone: null }] },
      { name: "Importkliniek Twee", kind: "rehab", ura: "87100002", city: "Goes", province: "NL-ZE", vendor: null },
      { ...existing, city: "Nieuwe Plaats" },
    ]);
    const parsed = parseInstitutionCsv(csv);
    assert.ok(parsed.ok, JSON.stringify(parsed.errors));
    const before = await counts();
    const res = await importInstitutions(t.db, { actor, rows: toData(parsed.rows), now: NOW, filename: "nieuw.csv", sha256: "c".repeat(64) });
    assert.deepEqual(res, { created: 2, updated: 1 });
    const after = await counts();
    assert.equal(after.institutions - before.institutions, 2);
    assert.equal(after.institution_readiness - before.institution_readiness, 2);
    for (const ura of ["87100001", "87100002"]) {
      const [row] = await t.db.select().from(institutions).where(eq(institutions.ura, ura));
      assert.ok(row, ura);
      assert.equal(row.groupName, null);
      const [r] = await t.db.select().from(institutionReadiness).where(eq(institutionReadiness.institutionId, row.id));
      assert.deepEqual([r?.phase, r?.percent, r?.blockingPrecondition], ["not_started", 0, "agreements"]);
      assert.equal((await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, row.id))).length, 0, "no audit event per row: one for the import");
    }
    const [een] = await t.db.select().from(institutions).where(eq(institutions.ura, "87100001"));
    const contacts = await t.db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, een.id));
    assert.deepEqual(contacts.map((c) => [c.role, c.name, c.email, c.phone]), [["ciso", "Cees Ciso", "cees@import.example", null]]);
    const [upd] = await t.db.select().from(institutions).where(eq(institutions.ura, existing.ura));
    assert.equal(upd.city, "Nieuwe Plaats");
    assert.equal(upd.groupName, existing.groupName);
  });

  test("all or nothing: a row the database refuses rolls back the rows before it", async () => {
    const before = await counts();
    await assert.rejects(
      importInstitutions(t.db, {
        actor,
        now: NOW,
        filename: "half.csv",
        sha256: "d".repeat(64),
        rows: [data({ ura: "87200001" }), data({ ura: "87200002", vendor: "onbekend" as never })],
      }),
    );
    assert.deepEqual(await counts(), before);
    assert.equal((await t.db.select().from(institutions).where(eq(institutions.ura, "87200001"))).length, 0);
  });
});

describe("createInstitution and updateInstitution", () => {
  test("create: row, contacts, readiness row and audit event", async () => {
    const row = await createInstitution(t.db, { actor, data: data({ ura: "87300001", name: "Aanmaakziekenhuis" }), now: NOW });
    assert.equal(row.name, "Aanmaakziekenhuis");
    assert.equal(row.vendorCode, "founda");
    const contacts = await t.db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, row.id));
    assert.equal(contacts.length, 1);
    const [r] = await t.db.select().from(institutionReadiness).where(eq(institutionReadiness.institutionId, row.id));
    assert.equal(r.phase, "not_started");
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, row.id));
    assert.deepEqual(audit.map((a) => [a.action, a.actorUserId]), [["institution.create", actor.userId]]);
    assert.equal((audit[0].after as { ura: string }).ura, "87300001");
  });

  test("create with a URA in use: conflict naming the other institution, nothing written", async () => {
    const other = DEMO_INSTITUTIONS[20];
    const [otherRow] = await t.db.select().from(institutions).where(eq(institutions.ura, other.ura));
    const before = await counts();
    await assert.rejects(createInstitution(t.db, { actor, data: data({ ura: other.ura, name: "Dubbel" }), now: NOW }), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "conflict");
      const text = errorText("nl", e);
      assert.equal(text, `URA ${other.ura} is al in gebruik door ${otherRow.name}.`);
      assert.equal(errorText("en", e), `URA ${other.ura} is already used by ${otherRow.name}.`);
      assert.equal(messageText((k, v) => translate("nl", k, v), e.fieldErrors!.ura[0]), text);
      return true;
    });
    assert.deepEqual(await counts(), before);
  });

  test("update to another institution's URA: conflict; keeping its own URA is fine", async () => {
    const [mine] = await t.db.select().from(institutions).where(eq(institutions.ura, "87300001"));
    await rejectsWithCode(updateInstitution(t.db, { actor, id: mine.id, data: data({ ura: DEMO_INSTITUTIONS[0].ura, name: mine.name }), now: NOW }), "conflict");
    const same = await updateInstitution(t.db, { actor, id: mine.id, data: data({ ura: "87300001", name: "Aanmaakziekenhuis", city: "Deventer" }), now: NOW });
    assert.equal(same.city, "Deventer");
  });

  test("update of an unknown id: not_found", async () => {
    await rejectsWithCode(updateInstitution(t.db, { actor, id: "00000000-0000-4000-8000-000000000000", data: data({ ura: "87300099" }), now: NOW }), "not_found");
  });

  test("changing the vendor refreshes the readiness row; the audit has before and after", async () => {
    const d = DEMO_INSTITUTIONS.find((x) => x.vendor === "enovation" && x.contacts.length > 0)!;
    const [inst] = await t.db.select().from(institutions).where(eq(institutions.ura, d.ura));
    assert.ok((await t.db.select().from(onboardingSteps).where(eq(onboardingSteps.institutionId, inst.id))).length > 0, "an institution with history");
    // Spoil the derived row: only a recomputation can bring it back.
    await t.db.update(institutionReadiness).set({ phase: "spoiled", percent: 99, nextActionKind: "spoiled" }).where(eq(institutionReadiness.institutionId, inst.id));
    const formData: InstitutionData = { name: inst.name, kind: inst.kind, ura: inst.ura, agb: inst.agb, kvk: inst.kvk, city: inst.city, province: inst.province as never, vendor: "alphatron", groupName: inst.groupName, contacts: d.contacts };
    const after = await updateInstitution(t.db, { actor, id: inst.id, data: formData, now: NOW });
    assert.equal(after.vendorCode, "alphatron");
    const expected = computeReadiness({ vendor: "alphatron", steps: await loadStepStatuses(t.db, inst.id), today: "2026-11-22" });
    const [r] = await t.db.select().from(institutionReadiness).where(eq(institutionReadiness.institutionId, inst.id));
    assert.deepEqual([r.phase, r.percent, r.blockingPrecondition, r.nextActionKind, r.nextActionStep], [expected.phase, expected.percent, expected.blockingPrecondition, expected.nextAction.kind, expected.nextAction.stepCode]);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "institution.update")).orderBy(asc(auditEvents.id)).then((rows) => rows.filter((a) => a.entityId === inst.id));
    assert.ok(audit);
    const b = audit.before as { vendorCode: string; contacts: unknown[] };
    const a = audit.after as { vendorCode: string; contacts: unknown[] };
    assert.equal(b.vendorCode, "enovation");
    assert.equal(a.vendorCode, "alphatron");
    assert.equal(b.contacts.length, d.contacts.length);
    assert.deepEqual(a.contacts, d.contacts);
  });

  test("update replaces the contacts", async () => {
    const [mine] = await t.db.select().from(institutions).where(eq(institutions.ura, "87300001"));
    await updateInstitution(t.db, {
      actor,
      id: mine.id,
      now: NOW,
      data: data({ ura: "87300001", name: "Aanmaakziekenhuis", contacts: [{ role: "fg", name: "Fenna FG", email: "fg@nieuw.example", phone: null }, { role: "technical", name: "Tom Techniek", email: "tom@nieuw.example", phone: "0612345678" }] }),
    });
    const contacts = await t.db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, mine.id)).orderBy(asc(institutionContacts.role));
    assert.deepEqual(contacts.map((c) => c.role), ["fg", "technical"]);
  });
});
