import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { recordAudit, redactForAudit, systemActor } from "@/lib/audit";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows, errorChain } from "./helpers";

let t: TestDb;
let rowId: number;

before(async () => {
  t = await createTestDb();
});
after(async () => {
  await t?.dispose();
});

/** Runs a statement that the append-only trigger must refuse, and checks the refusal. */
async function assertRefused(run: () => Promise<unknown>, op: "UPDATE" | "DELETE" | "TRUNCATE") {
  await assert.rejects(run, (e: unknown) => {
    const { messages, codes } = errorChain(e);
    assert.ok(messages.includes(`audit_events is append-only: ${op} is not allowed`), messages);
    assert.ok(codes.includes("42501"), `insufficient_privilege expected, codes: ${codes.join(",")}`);
    return true;
  });
}

describe("audit log", () => {
  test("recordAudit writes one row with actor, action, entity and before/after", async () => {
    await recordAudit(t.db, {
      actor: { userId: null, label: "tester" },
      action: "institution.create",
      entityType: "institution",
      entityId: "thing-1",
      before: null,
      after: { name: "Eerste", count: 2, when: new Date("2026-01-02T03:04:05.000Z") },
      requestId: "req-1",
    });
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "institution.create"));
    assert.equal(rows.length, 1);
    const row = rows[0];
    rowId = row.id;
    assert.equal(row.actorUserId, null);
    assert.equal(row.actorLabel, "tester");
    assert.equal(row.entityType, "institution");
    assert.equal(row.entityId, "thing-1");
    assert.equal(row.institutionId, null);
    assert.equal(row.requestId, "req-1");
    assert.equal(row.before, null);
    assert.deepEqual(row.after, { name: "Eerste", count: 2, when: "2026-01-02T03:04:05.000Z" });
    assert.ok(row.at instanceof Date);
  });

  test("UPDATE is refused by the trigger (raw SQL and query builder)", async () => {
    await assertRefused(() => t.db.execute(sql`update audit_events set action = 'tampered' where id = ${rowId}`), "UPDATE");
    await assertRefused(() => t.db.update(auditEvents).set({ actorLabel: "someone else" }).where(eq(auditEvents.id, rowId)), "UPDATE");
  });

  test("DELETE is refused by the trigger", async () => {
    await assertRefused(() => t.db.execute(sql`delete from audit_events where id = ${rowId}`), "DELETE");
    // eslint-disable-next-line drizzle/enforce-delete-with-where -- the test: a whole-table delete is refused
    await assertRefused(() => t.db.delete(auditEvents), "DELETE");
  });

  test("TRUNCATE is refused by the trigger", async () => {
    await assertRefused(() => t.db.execute(sql`truncate audit_events`), "TRUNCATE");
  });

  test("a refused change inside a transaction rolls the whole transaction back", async () => {
    const before = await countRows(t.db, "audit_events");
    await assertRefused(
      () =>
        t.db.transaction(async (tx) => {
          await recordAudit(tx, { actor: systemActor, action: "milestone.update", entityType: "institution" });
          await tx.execute(sql`delete from audit_events where id = ${rowId}`);
        }),
      "DELETE",
    );
    assert.equal(await countRows(t.db, "audit_events"), before);
  });

  test("the row is still there, unchanged", async () => {
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.id, rowId));
    assert.ok(row);
    assert.equal(row.action, "institution.create");
    assert.equal(row.actorLabel, "tester");
    assert.equal(await countRows(t.db, "audit_events"), 1);
  });

  test("secrets are redacted, also when nested and in arrays", async () => {
    await recordAudit(t.db, {
      actor: systemActor,
      action: "user.create",
      entityType: "user",
      before: { passwordHash: "$2b$12$abcdefghijklmnopqrstuv", email: "a@example.test" },
      after: {
        password: "Hunter2-Hunter2",
        token: "A".repeat(43),
        nested: { tokenHash: "f".repeat(64), secret: "shh", keep: "zichtbaar" },
        list: [{ token: "B".repeat(43), id: 1 }],
      },
    });
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "user.create"));
    assert.deepEqual(row.before, { passwordHash: "[redacted]", email: "a@example.test" });
    assert.deepEqual(row.after, {
      password: "[redacted]",
      token: "[redacted]",
      nested: { tokenHash: "[redacted]", secret: "[redacted]", keep: "zichtbaar" },
      list: [{ token: "[redacted]", id: 1 }],
    });
    const stored = JSON.stringify([row.before, row.after]);
    for (const secret of ["$2b$12$", "Hunter2", "A".repeat(43), "f".repeat(64), "shh", "B".repeat(43)]) {
      assert.ok(!stored.includes(secret), `${secret} leaked`);
    }
  });

  test("redactForAudit leaves plain values alone", () => {
    assert.equal(redactForAudit(undefined), null);
    assert.equal(redactForAudit(null), null);
    assert.equal(redactForAudit("x"), "x");
    assert.equal(redactForAudit(3), 3);
    assert.deepEqual(redactForAudit([1, "a"]), [1, "a"]);
  });
});
