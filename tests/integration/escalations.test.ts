import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { auditActor } from "@/lib/auth/session";
import { decisionsCsv, escalationsCsv } from "@/lib/escalations/csv";
import { getEscalation, linkNames, listDecisions, listEscalations } from "@/lib/escalations/queries";
import { createDecision, createEscalation, escalate, setEscalationStatus, updateEscalation } from "@/lib/escalations/service";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { rejectsWithCode } from "./helpers";

let t: TestDb;
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
let admin: ReturnType<typeof auditActor>;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  admin = auditActor(await signedInActor(t.db, "admin@duo-demo.test"));
});
after(async () => {
  await t?.dispose();
});

describe("escalation register and decision log", () => {
  test("register, edit, escalate twice, refuse above DTO, resolve; history and audit in step", async () => {
    const e = await createEscalation(t.db, {
      actor: admin,
      now: at(1),
      input: { kind: "issue", title: "Mitz-aansluiting Alphatron loopt vast", description: "=CMD|' /C calc'!A0 twaalf instellingen wachten", owner: "Programmamanager", dueOn: "2026-11-20", institutionIds: [ids.home], vendorCodes: ["alphatron"], milestoneCodes: ["alphatron_tlb_with_mitz"] },
    });
    assert.equal(e.level, "programme");
    assert.equal(e.status, "open");
    await rejectsWithCode(
      createEscalation(t.db, { actor: admin, now: at(2), input: { kind: "risk", title: "Onbekende mijlpaal", description: "x y z", owner: "PM", dueOn: "", institutionIds: [], vendorCodes: [], milestoneCodes: ["no_such"] } }),
      "validation",
      "escalations.v.link_unknown",
    );
    const edited = await updateEscalation(t.db, { actor: admin, id: e.id, version: 1, now: at(3), input: { kind: "issue", title: e.title, description: e.description, owner: "Stuurgroepvoorzitter", dueOn: "2026-11-20", institutionIds: [ids.home], vendorCodes: ["alphatron"], milestoneCodes: ["alphatron_tlb_with_mitz"] } });
    assert.equal(edited.version, 2);
    await rejectsWithCode(escalate(t.db, { actor: admin, now: at(4), input: { id: e.id, version: 1, note: "oude versie" } }), "conflict");
    const up1 = await escalate(t.db, { actor: admin, now: at(5), input: { id: e.id, version: 2, note: "Programma kan dit niet oplossen" } });
    assert.equal(up1.level, "stuurgroep");
    const up2 = await escalate(t.db, { actor: admin, now: at(6), input: { id: e.id, version: 3, note: "Besluit DTO nodig" } });
    assert.equal(up2.level, "dto");
    await rejectsWithCode(escalate(t.db, { actor: admin, now: at(7), input: { id: e.id, version: 4, note: "nog hoger" } }), "validation", "escalations.refusals.top_level");
    assert.equal((await listEscalations(t.db, {})).filter((r) => r.id === e.id).length, 1, "open at DTO level");
    await setEscalationStatus(t.db, { actor: admin, now: at(8), input: { id: e.id, version: 4, status: "resolved", note: "Opgelost" } });
    assert.equal((await listEscalations(t.db, {})).filter((r) => r.id === e.id).length, 0, "resolved leaves the open list");
    assert.equal((await listEscalations(t.db, { status: "all" })).filter((r) => r.id === e.id).length, 1);

    const full = await getEscalation(t.db, e.id);
    assert.deepEqual(
      full!.events.map((ev) => [ev.action, ev.fromLevel, ev.toLevel, ev.note]),
      [
        ["created", null, "programme", null],
        ["updated", null, null, null],
        ["escalated", "programme", "stuurgroep", "Programma kan dit niet oplossen"],
        ["escalated", "stuurgroep", "dto", "Besluit DTO nodig"],
        ["status", null, null, "Opgelost"],
      ],
    );
    assert.deepEqual(full!.events[1].changes, [{ field: "owner", from: "Programmamanager", to: "Stuurgroepvoorzitter" }]);
    const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, e.id));
    assert.deepEqual(audits.map((a) => a.action).sort(), ["escalation.create", "escalation.escalate", "escalation.escalate", "escalation.status", "escalation.update"]);

    const d = await createDecision(t.db, { actor: admin, now: at(9), input: { decidedOn: "2026-11-01", forum: "dto", decision: "Alphatron krijgt uitstel tot 1 februari", institutionIds: [], vendorCodes: ["alphatron"], milestoneCodes: [], escalationIds: [e.id] } });
    const decisionRows = await listDecisions(t.db);
    const regRows = await listEscalations(t.db, { status: "all" });
    const names = await linkNames(t.db, [...regRows.map((r) => r.links), ...decisionRows.map((r) => r.links)]);
    const reg = escalationsCsv(regRows, names);
    assert.ok(reg.includes("nummer;soort;titel"));
    assert.ok(reg.includes("'=CMD"), "formula-safe");
    assert.ok(reg.includes("DTO;Opgelost"));
    const dec = decisionsCsv(decisionRows, names);
    assert.ok(dec.includes(`B-${d.number};1 november 2026;DTO;Alphatron krijgt uitstel tot 1 februari;;Alphatron;;E-${e.number}`));
  });
});
