/**
 * Self-reporting, evidence, verification, rejection, bulk verification, history and the
 * readiness row, through lib/onboarding/service.ts on a fresh database (no demo seed: users
 * and institutions are made here so every count is exact).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { auditEvents, evidenceFiles, institutionReadiness, onboardingStepEvents, onboardingSteps, users } from "@/db/schema";
import { getEvidenceFile, getReadinessRow, listInstitutionSteps, listStepEvents } from "@/lib/onboarding/queries";
import type { AuditActor } from "@/lib/audit";
import { computeReadiness } from "@/lib/domain/readiness";
import { STEP_CATALOGUE, type StepCode } from "@/lib/domain/steps";
import { AppError } from "@/lib/errors";
import { createInstitution } from "@/lib/institutions/service";
import { bulkVerifySteps, rejectStep, saveStepReport, verifyStep, type EvidenceUpload } from "@/lib/onboarding/service";
import { loadStepStatuses } from "@/lib/onboarding/store";
import { setGoLiveOverride } from "@/lib/golive/service";
import { queryRows, stepStatesAtSql } from "@/lib/onboarding/readiness-at";
import type { StepReportValues } from "@/lib/validation/onboarding";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { localiseRefusal, StepRefusal } from "@/lib/onboarding/refusal";
import type { Locale } from "@/lib/i18n/messages";
import { countRows, errorChain, minutes, rejectsWithCode } from "./helpers";

/** A refusal in words, as the server action shows it: its message and field errors. */
function inWords(e: unknown, locale: Locale = "nl"): AppError {
  assert.ok(e instanceof StepRefusal, `expected a StepRefusal, got ${String(e)}`);
  const words = localiseRefusal(e, locale);
  assert.ok(words instanceof AppError);
  return words;
}

/** Rejects with a refusal whose Dutch words match. */
async function rejectsWithText(promise: Promise<unknown>, text: RegExp) {
  await assert.rejects(promise, (e: unknown) => {
    assert.match(inWords(e).message, text);
    return true;
  });
}

let t: TestDb;
const actors: Record<"editor" | "admin1" | "admin2", AuditActor> = {} as never;
let pdf: Uint8Array;
const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const EXE = new Uint8Array(Buffer.from("4d5a90000300000004000000ffff0000b800000000000000400000000000000054686973", "hex"));

/** "Today" for these tests is 2026-11-20 (Amsterdam); each event a few minutes later than the last. */
const T0 = new Date("2026-11-20T09:00:00Z");
let tick = 0;
const now = () => minutes(T0, ++tick);

/** The version a never-touched step (no row yet) is reported with: what the step page sends. */
const UNTOUCHED = 0;

let uraSeq = 0;
async function newInstitution(vendor: "enovation" | "founda" | "alphatron" | null = "enovation", name?: string) {
  const n = ++uraSeq;
  const row = await createInstitution(t.db, {
    actor: actors.admin1,
    now: T0,
    data: {
      name: name ?? `Testziekenhuis ${n}`,
      kind: "hospital",
      ura: String(91000000 + n),
      agb: null,
      kvk: null,
      city: "Utrecht",
      province: "NL-UT",
      vendor,
      groupName: null,
      contacts: [],
    },
  });
  return row.id;
}

async function stepRow(institutionId: string, stepCode: StepCode) {
  const [row] = await t.db
    .select()
    .from(onboardingSteps)
    .where(and(eq(onboardingSteps.institutionId, institutionId), eq(onboardingSteps.stepCode, stepCode)));
  return row ?? null;
}
const versionOf = async (institutionId: string, stepCode: StepCode) => (await stepRow(institutionId, stepCode))?.version ?? UNTOUCHED;

type ReportOpts = Partial<Omit<StepReportValues, "institutionId" | "stepCode">> & { evidence?: EvidenceUpload; actor?: AuditActor; at?: Date };
async function report(institutionId: string, stepCode: StepCode, opts: ReportOpts = {}) {
  const { evidence, actor, at, ...rest } = opts;
  const values: StepReportValues = {
    institutionId,
    stepCode,
    intent: "submit",
    completedOn: "2026-06-01",
    keepEvidence: false,
    version: rest.version ?? (await versionOf(institutionId, stepCode)),
    ...rest,
  };
  return saveStepReport(t.db, { actor: actor ?? actors.editor, values, evidence: evidence ?? null, now: at ?? now() });
}

/** What the catalogue requires for a step, filled in. */
function evidenceFor(stepCode: StepCode): { evidence: EvidenceUpload; note?: string; link?: string } {
  const def = STEP_CATALOGUE.find((s) => s.code === stepCode)!;
  return {
    evidence: def.evidence.document === "required" ? { filename: `${stepCode}.pdf`, bytes: pdf } : null,
    ...(def.evidence.freeText === "required" ? { note: "Toelichting" } : {}),
    ...(def.evidence.checkResult === "required" ? { link: "/checks/123" } : {}),
  };
}

async function decide(institutionId: string, stepCode: StepCode, actor = actors.admin1) {
  return verifyStep(t.db, { actor, item: { institutionId, stepCode, version: await versionOf(institutionId, stepCode) }, now: now() });
}

async function reportAndVerify(institutionId: string, codes: StepCode[], completedOn = "2026-06-01") {
  for (const code of codes) {
    await report(institutionId, code, { completedOn, ...evidenceFor(code) });
    await decide(institutionId, code);
  }
}

const TABLES = ["onboarding_steps", "onboarding_step_events", "evidence_files", "audit_events", "institution_readiness"] as const;
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (tb) => [tb, await countRows(t.db, tb)] as const)));

async function stepEvents(institutionId: string, stepCode: StepCode) {
  return (await listStepEvents(t.db, { institutionId, stepCode })).map((e) => e.event);
}
async function auditFor(institutionId: string, action: string) {
  return t.db.select().from(auditEvents).where(and(eq(auditEvents.institutionId, institutionId), eq(auditEvents.action, action)));
}

before(async () => {
  t = await createTestDb();
  const made = await t.db
    .insert(users)
    .values([
      { email: "editor@test.example", name: "Eva Editor" },
      { email: "admin1@test.example", name: "Albert Admin" },
      { email: "admin2@test.example", name: "Bea Beoordelaar" },
    ])
    .returning({ id: users.id, email: users.email });
  for (const [key, email] of [["editor", "editor@test.example"], ["admin1", "admin1@test.example"], ["admin2", "admin2@test.example"]] as const) {
    actors[key] = { userId: made.find((u) => u.email === email)!.id, label: email };
  }
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  page.drawText("Bewijsstuk", { x: 20, y: 100, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  pdf = await doc.save();
});
after(async () => {
  await t?.dispose();
});

describe("catalogue facts these tests rely on", () => {
  test("twiin_intent needs a document and has no prerequisites; vendor_contract_signed needs vendor_chosen", () => {
    const intent = STEP_CATALOGUE.find((s) => s.code === "twiin_intent")!;
    assert.equal(intent.evidence.document, "required");
    assert.deepEqual(intent.prerequisites, []);
    const contract = STEP_CATALOGUE.find((s) => s.code === "vendor_contract_signed")!;
    assert.deepEqual(contract.prerequisites, ["vendor_chosen"]);
    const chosen = STEP_CATALOGUE.find((s) => s.code === "vendor_chosen")!;
    assert.deepEqual([chosen.evidence.document, chosen.evidence.freeText, chosen.evidence.checkResult], ["optional", "optional", "not_allowed"]);
  });
});

describe("saveStepReport", () => {
  test("a draft is saved without changing the state, with a draft_saved event and an audit event", async () => {
    const id = await newInstitution();
    const readinessBefore = await getReadinessRow(t.db, id);
    const before = await counts();
    const at = now();
    const row = await report(id, "vendor_chosen", { intent: "draft", completedOn: "2026-05-01", note: "Concept", at });
    assert.equal(row.state, "open");
    assert.deepEqual(row.draft, { completedOn: "2026-05-01", note: "Concept", link: null, evidenceFileId: null });
    assert.equal(row.draftSavedBy, actors.editor.userId);
    assert.equal(row.draftSavedAt?.toISOString(), at.toISOString());
    assert.equal(row.completedOn, null, "the draft does not touch the reported fields");
    assert.equal(row.reportedAt, null);
    assert.equal(row.version, UNTOUCHED + 1);
    const events = await stepEvents(id, "vendor_chosen");
    assert.deepEqual(
      events.map((e) => [e.action, e.state, e.completedOn, e.note, e.actorUserId, e.actorLabel]),
      [["draft_saved", "open", "2026-05-01", "Concept", actors.editor.userId, actors.editor.label]],
    );
    assert.equal((await auditFor(id, "step.draft_save")).length, 1);
    assert.equal((await auditFor(id, "step.report")).length, 0);
    const readinessAfter = await getReadinessRow(t.db, id);
    assert.deepEqual({ ...readinessAfter, updatedAt: null }, { ...readinessBefore, updatedAt: null });
    assert.equal(readinessAfter?.phase, "not_started");
    const after = await counts();
    assert.deepEqual(
      { steps: after.onboarding_steps - before.onboarding_steps, events: after.onboarding_step_events - before.onboarding_step_events, files: after.evidence_files - before.evidence_files, audit: after.audit_events - before.audit_events },
      { steps: 1, events: 1, files: 0, audit: 1 },
    );
  });

  test("a draft does not validate the date (it is not a report yet)", async () => {
    const id = await newInstitution();
    const row = await report(id, "vendor_contract_signed", { intent: "draft", completedOn: "2030-01-01" });
    assert.equal(row.state, "open");
    assert.equal(row.draft?.completedOn, "2030-01-01");
  });

  test("submit: state reported with event, readiness row refreshed, audit step.report", async () => {
    const id = await newInstitution();
    await report(id, "vendor_chosen", { intent: "draft", completedOn: "2026-05-01", note: "Concept" });
    const at = now();
    const row = await report(id, "vendor_chosen", { completedOn: "2026-05-02", note: "Besluit RvB", at });
    assert.equal(row.state, "reported");
    assert.equal(row.completedOn, "2026-05-02");
    assert.equal(row.note, "Besluit RvB");
    assert.equal(row.reportedBy, actors.editor.userId);
    assert.equal(row.reportedAt?.toISOString(), at.toISOString());
    assert.equal(row.draft, null, "submitting clears the draft");
    assert.equal(row.draftSavedAt, null);
    const events = await stepEvents(id, "vendor_chosen");
    assert.deepEqual(events.map((e) => [e.action, e.state, e.completedOn]), [["draft_saved", "open", "2026-05-01"], ["reported", "reported", "2026-05-02"]]);
    const readiness = await getReadinessRow(t.db, id);
    assert.ok(readiness);
    assert.deepEqual(
      { phase: readiness.phase, percent: readiness.percent, blocking: readiness.blockingPrecondition, awaiting: readiness.awaitingVerification, started: readiness.phaseStartedOn, next: readiness.nextActionStep },
      { phase: "agreements", percent: 0, blocking: "agreements", awaiting: 1, started: "2026-05-02", next: "vendor_contract_signed" },
    );
    const audit = await auditFor(id, "step.report");
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorUserId, actors.editor.userId);
    assert.equal(audit[0].entityType, "onboarding_step");
    assert.equal(audit[0].entityId, row.id);
    assert.deepEqual(audit[0].before, { state: "open", completedOn: null });
    assert.deepEqual(audit[0].after, { stepCode: "vendor_chosen", state: "reported", completedOn: "2026-05-02", note: "Besluit RvB", link: null, evidenceFileId: null });
  });

  test("prerequisites first: reporting a step whose prerequisite is open names it, and writes nothing", async () => {
    const id = await newInstitution();
    const before = await counts();
    await assert.rejects(
      report(id, "vendor_contract_signed", { completedOn: "2026-05-01", evidence: { filename: "contract.pdf", bytes: pdf } }),
      (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.code, "validation");
        assert.match(inWords(e).message, /Meld eerst de stap „Leverancier gekozen”/);
        assert.ok(inWords(e).fieldErrors?.stepCode?.some((m) => m.includes("Leverancier gekozen")), JSON.stringify(inWords(e).fieldErrors));
        return true;
      },
    );
    assert.deepEqual(await counts(), before, "no step row, event, evidence file, readiness or audit row");
    assert.equal(await stepRow(id, "vendor_contract_signed"), null);
  });

  test("the prerequisite only needs to be reported (not verified) for the next report", async () => {
    const id = await newInstitution();
    await report(id, "vendor_chosen", { completedOn: "2026-05-01" });
    const row = await report(id, "vendor_contract_signed", { completedOn: "2026-05-01", evidence: { filename: "contract.pdf", bytes: pdf } });
    assert.equal(row.state, "reported");
  });

  test("a date in the future is refused; today (Amsterdam) is fine, also just after midnight", async () => {
    const id = await newInstitution();
    await rejectsWithCode(report(id, "vendor_chosen", { completedOn: "2026-11-21" }), "validation");
    await rejectsWithText(report(id, "vendor_chosen", { completedOn: "2026-11-21" }), /ligt in de toekomst/);
    assert.equal(await stepRow(id, "vendor_chosen"), null);
    // 23:30 UTC on the 20th is 00:30 on the 21st in Amsterdam: the 21st is today there.
    const row = await report(id, "vendor_chosen", { completedOn: "2026-11-21", at: new Date("2026-11-20T23:30:00Z") });
    assert.equal(row.state, "reported");
  });

  test("a missing or malformed date is refused", async () => {
    const id = await newInstitution();
    for (const completedOn of [undefined, "2026-02-30"]) {
      await assert.rejects(report(id, "vendor_chosen", { completedOn }), (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.code, "validation");
        assert.ok(inWords(e).fieldErrors?.completedOn?.length, String(completedOn));
        return true;
      });
    }
  });

  test("a date before a prerequisite's date is refused, naming the prerequisite; the same day is fine", async () => {
    const id = await newInstitution();
    await report(id, "vendor_chosen", { completedOn: "2026-05-10" });
    const before = await counts();
    await assert.rejects(report(id, "vendor_contract_signed", { completedOn: "2026-05-09", evidence: { filename: "c.pdf", bytes: pdf } }), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "validation");
      assert.match(inWords(e).message, /ligt vóór de datum van „Leverancier gekozen” \(10 mei 2026\)/);
      assert.ok(inWords(e).fieldErrors?.completedOn?.length);
      return true;
    });
    assert.deepEqual(await counts(), before);
    const row = await report(id, "vendor_contract_signed", { completedOn: "2026-05-10", evidence: { filename: "c.pdf", bytes: pdf } });
    assert.equal(row.state, "reported");
  });

  test("evidence required by the catalogue: twiin_intent without a document is refused", async () => {
    const id = await newInstitution();
    await assert.rejects(report(id, "twiin_intent", { completedOn: "2026-03-01" }), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "validation");
      assert.match(inWords(e).message, /is een bewijsstuk \(PDF, PNG of JPEG\) verplicht/);
      assert.ok(inWords(e).fieldErrors?.evidence?.length);
      return true;
    });
    assert.equal(await stepRow(id, "twiin_intent"), null);
  });

  test("free text required (mitz_connector_accepted) and a check result required (duo_connection_tested)", async () => {
    const id = await newInstitution();
    await assert.rejects(report(id, "mitz_connector_accepted", { completedOn: "2026-03-01" }), (e: unknown) => {
      assert.ok(e instanceof AppError && inWords(e).fieldErrors?.note?.length);
      return true;
    });
    const ok = await report(id, "mitz_connector_accepted", { completedOn: "2026-03-01", note: "Enovation Mitz-connector" });
    assert.equal(ok.state, "reported");
  });

  test("evidence that is not allowed is refused (a link on vendor_chosen)", async () => {
    const id = await newInstitution();
    await assert.rejects(report(id, "vendor_chosen", { completedOn: "2026-03-01", link: "/checks/1" }), (e: unknown) => {
      assert.ok(e instanceof AppError && e.code === "validation" && inWords(e).fieldErrors?.link?.length);
      return true;
    });
  });

  test("a stale version is a conflict, and nothing is written", async () => {
    const id = await newInstitution();
    await report(id, "vendor_chosen", { intent: "draft", completedOn: "2026-05-01" });
    const before = await counts();
    await rejectsWithCode(report(id, "vendor_chosen", { completedOn: "2026-05-01", version: UNTOUCHED }), "conflict", "errors.conflict");
    await rejectsWithCode(report(id, "vendor_chosen", { completedOn: "2026-05-01", version: UNTOUCHED + 5 }), "conflict", "errors.conflict");
    assert.deepEqual(await counts(), before);
    assert.equal((await stepRow(id, "vendor_chosen"))?.state, "open");
  });

  test("reporting (or saving a draft of) a verified step is a conflict", async () => {
    const id = await newInstitution();
    await reportAndVerify(id, ["vendor_chosen"]);
    const before = await counts();
    await rejectsWithCode(report(id, "vendor_chosen", { completedOn: "2026-06-02" }), "conflict", "onboarding.already_final");
    await rejectsWithCode(report(id, "vendor_chosen", { intent: "draft", completedOn: "2026-06-02" }), "conflict", "onboarding.already_final");
    assert.deepEqual(await counts(), before);
    assert.equal((await stepRow(id, "vendor_chosen"))?.state, "verified");
  });

  test("an unknown institution is not_found", async () => {
    await rejectsWithCode(report("00000000-0000-4000-8000-000000000000", "vendor_chosen"), "not_found");
  });

  // Bug (reported): the step page sends `row?.version ?? 0` for a step without a row
  // (app/(portal)/institutions/[id]/steps/[code]/page.tsx), but lockStep creates the row with
  // the column default version 1, so the first report of any untouched step is a conflict.
  test("the first report of an untouched step with the version the page sends (0) is accepted", async () => {
    const id = await newInstitution();
    const row = await report(id, "vendor_chosen", { completedOn: "2026-05-01", version: 0 });
    assert.equal(row.state, "reported");
  });
});

describe("evidence uploads", () => {
  const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

  for (const [label, bytes, filename, contentType, storedName] of [
    ["PDF", () => pdf, "Intentieverklaring Twiin.pdf", "application/pdf", "Intentieverklaring Twiin.pdf"],
    ["PNG", () => PNG, "scan.png", "image/png", "scan.png"],
    ["JPEG", () => JPEG, "../../foto.jpeg", "image/jpeg", "foto.jpg"],
  ] as const) {
    test(`a real ${label} is accepted: stored with its sha256, linked from the step and the event`, async () => {
      const id = await newInstitution();
      const data = bytes();
      const row = await report(id, "twiin_intent", { completedOn: "2026-03-01", evidence: { filename, bytes: data } });
      assert.equal(row.state, "reported");
      assert.ok(row.evidenceFileId);
      const file = await getEvidenceFile(t.db, row.evidenceFileId);
      assert.ok(file);
      assert.equal(file.sha256, sha(data));
      assert.equal(file.contentType, contentType);
      assert.equal(file.filename, storedName);
      assert.equal(file.sizeBytes, data.byteLength);
      assert.equal(file.institutionId, id);
      assert.equal(file.stepCode, "twiin_intent");
      assert.equal(file.uploadedBy, actors.editor.userId);
      assert.ok(Buffer.isBuffer(file.data));
      assert.ok(Buffer.from(data).equals(file.data), "the bytes come back unchanged");
      const events = await stepEvents(id, "twiin_intent");
      assert.equal(events.at(-1)?.evidenceFileId, row.evidenceFileId);
      const listed = (await listInstitutionSteps(t.db, id)).find((r) => r.step.stepCode === "twiin_intent");
      assert.equal(listed?.evidenceName, storedName);
    });
  }

  const refusals: [string, () => Uint8Array, string, RegExp][] = [
    ["an .exe (MZ header) named x.pdf", () => EXE, "x.pdf", /geen PDF, PNG of JPEG/],
    ["a file over 10 MB", () => { const b = new Uint8Array(10 * 1024 * 1024 + 1); b.set(pdf); return b; }, "groot.pdf", /maximum is 10 MB/],
    ["an empty file", () => new Uint8Array(0), "leeg.pdf", /leeg/],
  ];
  for (const [label, bytes, filename, message] of refusals) {
    test(`${label} is refused (submit and draft) and nothing is written`, async () => {
      const id = await newInstitution();
      const before = await counts();
      for (const intent of ["submit", "draft"] as const) {
        await assert.rejects(report(id, "twiin_intent", { intent, completedOn: "2026-03-01", evidence: { filename, bytes: bytes() } }), (e: unknown) => {
          assert.ok(e instanceof AppError, String(e));
          assert.equal(e.code, "validation");
          assert.match(inWords(e).message, message);
          assert.ok(inWords(e).fieldErrors?.evidence?.[0]?.match(message));
          return true;
        });
      }
      assert.deepEqual(await counts(), before);
      assert.equal(await stepRow(id, "twiin_intent"), null);
    });
  }

  test("the refusal is codes; the caller words it in the user's language", async () => {
    const id = await newInstitution();
    await assert.rejects(
      saveStepReport(t.db, {
        actor: actors.editor,
        values: { institutionId: id, stepCode: "twiin_intent", intent: "submit", completedOn: "2026-03-01", keepEvidence: false, version: UNTOUCHED },
        evidence: { filename: "x.pdf", bytes: EXE },
        now: now(),
      }),
      (e: unknown) => {
        assert.match(inWords(e, "en").message, /not a PDF, PNG or JPEG/);
        assert.match(inWords(e, "en").fieldErrors?.evidence?.[0] ?? "", /not a PDF, PNG or JPEG/);
        assert.match(inWords(e, "nl").message, /geen PDF, PNG of JPEG/);
        return true;
      },
    );
  });

  test("a document saved with a draft is kept on submit with keepEvidence; without it the document is missing", async () => {
    const id = await newInstitution();
    const draft = await report(id, "twiin_intent", { intent: "draft", completedOn: "2026-03-01", evidence: { filename: "intentie.pdf", bytes: pdf } });
    const fileId = draft.draft?.evidenceFileId;
    assert.ok(fileId);
    assert.equal(draft.evidenceFileId, null);
    await rejectsWithText(report(id, "twiin_intent", { completedOn: "2026-03-01", keepEvidence: false }), /bewijsstuk/);
    const row = await report(id, "twiin_intent", { completedOn: "2026-03-01", keepEvidence: true });
    assert.equal(row.state, "reported");
    assert.equal(row.evidenceFileId, fileId);
    assert.equal(await countRows(t.db, `evidence_files where institution_id = '${id}'`), 1, "the kept file is not stored twice");
  });
});

describe("verifyStep and rejectStep", () => {
  test("verify: state, verifier, event, audit, readiness", async () => {
    const id = await newInstitution();
    await report(id, "vendor_chosen", { completedOn: "2026-05-01" });
    const at = now();
    await verifyStep(t.db, { actor: actors.admin1, item: { institutionId: id, stepCode: "vendor_chosen", version: await versionOf(id, "vendor_chosen") }, now: at });
    const row = await stepRow(id, "vendor_chosen");
    assert.equal(row?.state, "verified");
    assert.equal(row?.verifiedBy, actors.admin1.userId);
    assert.equal(row?.verifiedAt?.toISOString(), at.toISOString());
    assert.equal(row?.reportedBy, actors.editor.userId, "the reporter stays on the row");
    const events = await stepEvents(id, "vendor_chosen");
    assert.deepEqual(events.map((e) => [e.action, e.actorUserId]), [["reported", actors.editor.userId], ["verified", actors.admin1.userId]]);
    assert.equal((await auditFor(id, "step.verify")).length, 1);
    const readiness = await getReadinessRow(t.db, id);
    assert.deepEqual([readiness?.percent, readiness?.awaitingVerification, readiness?.phase], [6, 0, "agreements"]);
  });

  test("four eyes: the reporter cannot verify or reject their own report", async () => {
    const id = await newInstitution();
    await report(id, "vendor_chosen", { completedOn: "2026-05-01", actor: actors.admin2 });
    const before = await counts();
    const item = { institutionId: id, stepCode: "vendor_chosen" as const, version: await versionOf(id, "vendor_chosen") };
    await assert.rejects(verifyStep(t.db, { actor: actors.admin2, item, now: now() }), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "forbidden");
      assert.match(inWords(e).message, /vier-ogenprincipe/);
      return true;
    });
    await rejectsWithCode(rejectStep(t.db, { actor: actors.admin2, item, reason: "Eigen melding afwijzen", now: now() }), "forbidden", "onboarding.own_report");
    assert.deepEqual(await counts(), before);
    assert.equal((await stepRow(id, "vendor_chosen"))?.state, "reported");
    await verifyStep(t.db, { actor: actors.admin1, item, now: now() });
    assert.equal((await stepRow(id, "vendor_chosen"))?.state, "verified", "a colleague can");
  });

  test("verify requires verified prerequisites, naming them", async () => {
    const id = await newInstitution();
    await report(id, "vendor_chosen", { completedOn: "2026-05-01" });
    await report(id, "vendor_contract_signed", { completedOn: "2026-05-02", evidence: { filename: "c.pdf", bytes: pdf } });
    const before = await counts();
    await assert.rejects(decide(id, "vendor_contract_signed"), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "conflict");
      assert.match(inWords(e).message, /Verifieer eerst „Leverancier gekozen”/);
      return true;
    });
    assert.deepEqual(await counts(), before);
    await decide(id, "vendor_chosen");
    await decide(id, "vendor_contract_signed");
    assert.equal((await stepRow(id, "vendor_contract_signed"))?.state, "verified");
  });

  test("only a reported step can be verified or rejected", async () => {
    const id = await newInstitution();
    const before = await counts();
    await rejectsWithCode(rejectStep(t.db, { actor: actors.admin1, item: { institutionId: id, stepCode: "vendor_chosen", version: UNTOUCHED }, reason: "Niet gemeld", now: now() }), "conflict", "onboarding.not_reported");
    await assert.rejects(verifyStep(t.db, { actor: actors.admin1, item: { institutionId: id, stepCode: "vendor_chosen", version: UNTOUCHED }, now: now() }), (e: unknown) => {
      assert.ok(e instanceof AppError && e.code === "conflict");
      assert.match(inWords(e).message, /Alleen een gemelde stap/);
      return true;
    });
    assert.deepEqual(await counts(), before, "not even an open row is left behind");
    await reportAndVerify(id, ["vendor_chosen"]);
    await rejectsWithCode(rejectStep(t.db, { actor: actors.admin2, item: { institutionId: id, stepCode: "vendor_chosen", version: await versionOf(id, "vendor_chosen") }, reason: "Toch niet", now: now() }), "conflict", "onboarding.not_reported");
    await assert.rejects(decide(id, "vendor_chosen", actors.admin2), (e: unknown) => e instanceof AppError && e.code === "conflict");
  });

  test("a stale version is a conflict for verify and reject", async () => {
    const id = await newInstitution();
    await report(id, "vendor_chosen", { completedOn: "2026-05-01" });
    const stale = (await versionOf(id, "vendor_chosen")) - 1;
    await rejectsWithCode(verifyStep(t.db, { actor: actors.admin1, item: { institutionId: id, stepCode: "vendor_chosen", version: stale }, now: now() }), "conflict", "errors.conflict");
    await rejectsWithCode(rejectStep(t.db, { actor: actors.admin1, item: { institutionId: id, stepCode: "vendor_chosen", version: stale }, reason: "Verouderd", now: now() }), "conflict", "errors.conflict");
    assert.equal((await stepRow(id, "vendor_chosen"))?.state, "reported");
  });

  test("reject → reason visible on the row and in the next action; re-submit clears it; history keeps every event in order", async () => {
    const id = await newInstitution();
    // With the steps before it verified, the rejected step is the first thing to do.
    await reportAndVerify(id, ["vendor_chosen", "vendor_contract_signed"], "2026-02-01");
    await report(id, "twiin_intent", { intent: "draft", completedOn: "2026-02-27" });
    await report(id, "twiin_intent", { completedOn: "2026-03-01", evidence: { filename: "v1.pdf", bytes: pdf } });
    const reason = "Het bewijsstuk is niet ondertekend.";
    await rejectStep(t.db, { actor: actors.admin1, item: { institutionId: id, stepCode: "twiin_intent", version: await versionOf(id, "twiin_intent") }, reason, now: now() });

    const rejected = await stepRow(id, "twiin_intent");
    assert.equal(rejected?.state, "rejected");
    assert.equal(rejected?.rejectionReason, reason);
    assert.equal(rejected?.rejectedBy, actors.admin1.userId);
    assert.ok(rejected?.rejectedAt);
    const listed = (await listInstitutionSteps(t.db, id)).find((r) => r.step.stepCode === "twiin_intent");
    assert.equal(listed?.step.rejectionReason, reason);
    assert.equal(listed?.rejecterName, "Albert Admin");
    const readiness = await getReadinessRow(t.db, id);
    assert.equal(readiness?.nextActionKind, "resubmit");
    assert.equal(readiness?.nextActionStep, "twiin_intent");
    assert.equal(readiness?.awaitingVerification, 0);
    const audit = await auditFor(id, "step.reject");
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0].after, { stepCode: "twiin_intent", state: "rejected", reason });

    const again = await report(id, "twiin_intent", { completedOn: "2026-03-02", evidence: { filename: "v2.pdf", bytes: pdf } });
    assert.equal(again.state, "reported");
    assert.equal(again.rejectionReason, null);
    assert.equal(again.rejectedAt, null);
    assert.equal(again.rejectedBy, null);
    assert.equal(again.completedOn, "2026-03-02");
    assert.equal((await getReadinessRow(t.db, id))?.awaitingVerification, 1);

    await decide(id, "twiin_intent", actors.admin2);
    const events = await stepEvents(id, "twiin_intent");
    assert.deepEqual(
      events.map((e) => [e.action, e.state, e.completedOn, e.reason, e.actorLabel]),
      [
        ["draft_saved", "open", "2026-02-27", null, actors.editor.label],
        ["reported", "reported", "2026-03-01", null, actors.editor.label],
        ["rejected", "rejected", "2026-03-01", reason, actors.admin1.label],
        ["reported", "reported", "2026-03-02", null, actors.editor.label],
        ["verified", "verified", "2026-03-02", null, actors.admin2.label],
      ],
    );
    const times = events.map((e) => e.at.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const [v1, , , v2, verified] = events;
    assert.ok(v1.evidenceFileId === null && v2.evidenceFileId && verified.evidenceFileId === v2.evidenceFileId);
    assert.notEqual(events[1].evidenceFileId, v2.evidenceFileId, "the first upload is kept in the history");
    assert.ok(await getEvidenceFile(t.db, events[1].evidenceFileId!), "and its file still exists");
  });

  test("history rows cannot be UPDATEd or DELETEd (trigger), also not inside a transaction", async () => {
    const [ev] = await t.db.select({ id: onboardingStepEvents.id }).from(onboardingStepEvents).limit(1);
    assert.ok(ev);
    const refused = async (run: () => Promise<unknown>, op: string) =>
      assert.rejects(run, (e: unknown) => {
        const { messages, codes } = errorChain(e);
        assert.ok(messages.includes(`onboarding_step_events is append-only: ${op} is not allowed`), messages);
        assert.ok(codes.includes("42501"), codes.join(","));
        return true;
      });
    const total = await countRows(t.db, "onboarding_step_events");
    await refused(() => t.db.execute(sql`update onboarding_step_events set note = 'vervalst' where id = ${ev.id}`), "UPDATE");
    await refused(() => t.db.update(onboardingStepEvents).set({ action: "verified" }).where(eq(onboardingStepEvents.id, ev.id)), "UPDATE");
    await refused(() => t.db.execute(sql`delete from onboarding_step_events where id = ${ev.id}`), "DELETE");
    // eslint-disable-next-line drizzle/enforce-delete-with-where -- the test: a whole-table delete is refused
    await refused(() => t.db.delete(onboardingStepEvents), "DELETE");
    await refused(() => t.db.transaction((tx) => tx.execute(sql`update onboarding_step_events set reason = 'x'`)), "UPDATE");
    await refused(() => t.db.execute(sql`truncate onboarding_step_events`), "TRUNCATE");
    assert.equal(await countRows(t.db, "onboarding_step_events"), total);
  });
});

describe("a draft saved while a report waits for review (issue 20)", () => {
  /** Reported by the editor with a file, then a draft with another file saved by `drafter`. */
  async function reportedWithDraft(drafter: AuditActor = actors.editor) {
    const id = await newInstitution();
    await report(id, "twiin_intent", { completedOn: "2026-03-01", evidence: { filename: "intentie.pdf", bytes: pdf } });
    const draft = await report(id, "twiin_intent", { intent: "draft", actor: drafter, completedOn: "2026-03-02", note: "Nieuwe versie", evidence: { filename: "intentie-v2.pdf", bytes: pdf } });
    assert.equal(draft.state, "reported", "a draft does not change the state");
    return { id, draftFileId: draft.draft!.evidenceFileId! };
  }

  test("verifying discards the draft openly: a draft_discarded event with its content, the audit keeps it, the row is clean", async () => {
    const { id, draftFileId } = await reportedWithDraft();
    const before = await counts();
    await decide(id, "twiin_intent", actors.admin1);
    const row = await stepRow(id, "twiin_intent");
    assert.deepEqual([row?.state, row?.draft, row?.draftSavedAt, row?.draftSavedBy], ["verified", null, null, null], "no 'verified (draft)' left behind");
    assert.equal(row?.completedOn, "2026-03-01", "the verified report is the one that was reviewed, not the draft");
    const events = await stepEvents(id, "twiin_intent");
    assert.deepEqual(
      events.map((e) => [e.action, e.state, e.completedOn, e.note, e.evidenceFileId === draftFileId, e.actorUserId]),
      [
        ["reported", "reported", "2026-03-01", null, false, actors.editor.userId],
        ["draft_saved", "reported", "2026-03-02", "Nieuwe versie", true, actors.editor.userId],
        ["draft_discarded", "reported", "2026-03-02", "Nieuwe versie", true, actors.admin1.userId],
        ["verified", "verified", "2026-03-01", null, false, actors.admin1.userId],
      ],
    );
    const [audit] = await auditFor(id, "step.verify");
    assert.equal((audit.before as { draft: { note: string } }).draft.note, "Nieuwe versie");
    assert.equal((audit.before as { draftSavedBy: string }).draftSavedBy, actors.editor.userId);
    assert.equal((audit.after as { draftDiscarded: boolean }).draftDiscarded, true);
    const after = await counts();
    assert.equal(after.onboarding_step_events - before.onboarding_step_events, 2, "the discard and the decision");
    assert.equal(after.evidence_files, before.evidence_files, "the draft's file stays stored (the history cites it)");
    const readiness = await getReadinessRow(t.db, id);
    assert.equal(readiness?.awaitingVerification, 0);
  });

  test("without a draft nothing extra is written; a rejection keeps the draft for the editor's next report", async () => {
    const plain = await newInstitution();
    await report(plain, "vendor_chosen", { completedOn: "2026-05-01" });
    await decide(plain, "vendor_chosen");
    assert.deepEqual((await stepEvents(plain, "vendor_chosen")).map((e) => e.action), ["reported", "verified"]);
    const [audit] = await auditFor(plain, "step.verify");
    assert.deepEqual(audit.before, { state: "reported" });

    const { id, draftFileId } = await reportedWithDraft();
    await rejectStep(t.db, { actor: actors.admin1, item: { institutionId: id, stepCode: "twiin_intent", version: await versionOf(id, "twiin_intent") }, reason: "Handtekening ontbreekt", now: now() });
    const row = await stepRow(id, "twiin_intent");
    assert.equal(row?.state, "rejected");
    assert.equal(row?.draft?.evidenceFileId, draftFileId, "the editor continues from the draft");
    const resubmitted = await report(id, "twiin_intent", { completedOn: "2026-03-02", keepEvidence: true });
    assert.equal(resubmitted.evidenceFileId, draftFileId);
  });

  test("bulk verification discards drafts the same way", async () => {
    const { id } = await reportedWithDraft();
    await bulkVerifySteps(t.db, { actor: actors.admin2, items: [{ institutionId: id, stepCode: "twiin_intent", version: await versionOf(id, "twiin_intent") }], now: now() });
    assert.equal((await stepRow(id, "twiin_intent"))?.draft, null);
    assert.deepEqual((await stepEvents(id, "twiin_intent")).map((e) => e.action).slice(-2), ["draft_discarded", "verified"]);
  });

  test("the replay of the history (dashboard \"as of\" dates) sees the verification, not the discarded draft", async () => {
    const { id } = await reportedWithDraft();
    await decide(id, "twiin_intent");
    const states = await queryRows<{ institution_id: string; step_code: string; state: string }>(t.db, sql`select * from (${stepStatesAtSql("2026-11-21")}) s where s.institution_id = ${id}`);
    assert.deepEqual(states.map((r) => [r.step_code, r.state]), [["twiin_intent", "verified"]]);
  });

  test("an admin reporting on the institution's behalf never inherits the editor's draft file unasked", async () => {
    const id = await newInstitution();
    const draft = await report(id, "twiin_intent", { intent: "draft", completedOn: "2026-03-01", evidence: { filename: "van-eva.pdf", bytes: pdf } });
    const editorsFile = draft.draft!.evidenceFileId!;
    // The on-behalf form leaves "keep the file" unticked for another person's file: the server keeps nothing then.
    await rejectsWithText(report(id, "twiin_intent", { actor: actors.admin1, completedOn: "2026-03-01", keepEvidence: false }), /bewijsstuk/);
    assert.equal((await stepRow(id, "twiin_intent"))?.state, "open");
    const own = await report(id, "twiin_intent", { actor: actors.admin1, completedOn: "2026-03-01", keepEvidence: false, evidence: { filename: "van-albert.pdf", bytes: pdf } });
    assert.notEqual(own.evidenceFileId, editorsFile);
    assert.equal(own.reportedBy, actors.admin1.userId);
    const [file] = await t.db.select().from(evidenceFiles).where(eq(evidenceFiles.id, own.evidenceFileId!));
    assert.deepEqual([file.filename, file.uploadedBy], ["van-albert.pdf", actors.admin1.userId]);
  });
});

describe("bulkVerifySteps", () => {
  test("mixed step codes are refused before anything happens", async () => {
    const a = await newInstitution();
    await report(a, "vendor_chosen", { completedOn: "2026-05-01" });
    await report(a, "twiin_intent", { completedOn: "2026-05-01", evidence: { filename: "i.pdf", bytes: pdf } });
    const before = await counts();
    await rejectsWithCode(
      bulkVerifySteps(t.db, {
        actor: actors.admin1,
        items: [
          { institutionId: a, stepCode: "vendor_chosen", version: await versionOf(a, "vendor_chosen") },
          { institutionId: a, stepCode: "twiin_intent", version: await versionOf(a, "twiin_intent") },
        ],
        now: now(),
      }),
      "validation",
      "onboarding.bulk_same_step",
    );
    await rejectsWithCode(bulkVerifySteps(t.db, { actor: actors.admin1, items: [], now: now() }), "validation");
    assert.deepEqual(await counts(), before);
  });

  test("all or nothing: one own report among three verifies none, and the message names that institution", async () => {
    const ids = [await newInstitution("enovation", "Bulkziekenhuis Noord"), await newInstitution("founda", "Bulkziekenhuis Midden"), await newInstitution("alphatron", "Bulkziekenhuis Zuid")];
    await report(ids[0], "vendor_chosen", { completedOn: "2026-05-01" });
    await report(ids[1], "vendor_chosen", { completedOn: "2026-05-01", actor: actors.admin2 });
    await report(ids[2], "vendor_chosen", { completedOn: "2026-05-01" });
    const items = await Promise.all(ids.map(async (institutionId) => ({ institutionId, stepCode: "vendor_chosen" as const, version: await versionOf(institutionId, "vendor_chosen") })));
    const before = await counts();
    await assert.rejects(bulkVerifySteps(t.db, { actor: actors.admin2, items, now: now() }), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, "conflict");
      assert.match(inWords(e).message, /Bulkziekenhuis Midden: .*vier-ogenprincipe/);
      assert.doesNotMatch(inWords(e).message, /Noord|Zuid/);
      return true;
    });
    assert.deepEqual(await counts(), before, "no verification, event, readiness change or audit row");
    for (const id of ids) assert.equal((await stepRow(id, "vendor_chosen"))?.state, "reported");

    const n = await bulkVerifySteps(t.db, { actor: actors.admin1, items, now: now() });
    assert.equal(n, 3);
    for (const id of ids) {
      const row = await stepRow(id, "vendor_chosen");
      assert.equal(row?.state, "verified");
      assert.equal(row?.verifiedBy, actors.admin1.userId);
      assert.equal((await getReadinessRow(t.db, id))?.percent, 6);
      assert.equal((await auditFor(id, "step.verify")).length, 1);
    }
  });

  test("a stale version in the batch fails the whole batch", async () => {
    const ids = [await newInstitution(), await newInstitution()];
    for (const id of ids) await report(id, "vendor_chosen", { completedOn: "2026-05-01" });
    const items = [
      { institutionId: ids[0], stepCode: "vendor_chosen" as const, version: await versionOf(ids[0], "vendor_chosen") },
      { institutionId: ids[1], stepCode: "vendor_chosen" as const, version: 0 },
    ];
    await rejectsWithCode(bulkVerifySteps(t.db, { actor: actors.admin1, items, now: now() }), "conflict");
    assert.equal((await stepRow(ids[0], "vendor_chosen"))?.state, "reported");
  });
});

describe("the readiness row follows computeReadiness", () => {
  const AGREEMENTS: StepCode[] = ["vendor_chosen", "vendor_contract_signed", "twiin_intent", "twiin_dossier", "twiin_validation", "twiin_board_decision", "twiin_agreement_signed"];

  async function assertMatchesRecomputation(id: string, vendor: "enovation" | "alphatron" | null) {
    const expected = computeReadiness({ vendor, steps: await loadStepStatuses(t.db, id), today: "2026-11-20" });
    const row = await getReadinessRow(t.db, id);
    assert.ok(row);
    assert.deepEqual(
      { phase: row.phase, percent: row.percent, blocking: row.blockingPrecondition, started: row.phaseStartedOn, live: row.isLive, gate: row.goLiveReady, kind: row.nextActionKind, next: row.nextActionStep, awaiting: row.awaitingVerification },
      {
        phase: expected.phase,
        percent: expected.percent,
        blocking: expected.blockingPrecondition,
        started: expected.phaseStartedOn,
        live: expected.isLive,
        gate: expected.goLiveGate.passed,
        kind: expected.nextAction.kind,
        next: expected.nextAction.stepCode,
        awaiting: expected.awaitingVerification.length,
      },
    );
    return row;
  }

  test("from not started through the agreements, Mitz and integration to live", async () => {
    const id = await newInstitution("alphatron");
    let row = await assertMatchesRecomputation(id, "alphatron");
    assert.deepEqual([row.phase, row.percent, row.blockingPrecondition, row.agreementsMet], ["not_started", 0, "agreements", false]);

    await reportAndVerify(id, AGREEMENTS.slice(0, 2), "2026-02-01");
    row = await assertMatchesRecomputation(id, "alphatron");
    assert.deepEqual([row.phase, row.percent, row.blockingPrecondition], ["agreements", 13, "agreements"]);

    await reportAndVerify(id, AGREEMENTS.slice(2), "2026-03-01");
    row = await assertMatchesRecomputation(id, "alphatron");
    assert.deepEqual([row.phase, row.percent, row.blockingPrecondition, row.agreementsMet, row.phaseStartedOn], ["mitz_connection", 46, "mitz_connected", true, "2026-03-01"]);

    await reportAndVerify(id, ["mitz_connector_accepted", "mitz_test_whitelisted", "mitz_connected"], "2026-04-01");
    row = await assertMatchesRecomputation(id, "alphatron");
    assert.deepEqual([row.phase, row.percent, row.blockingPrecondition, row.mitzConnectedMet], ["mitz_filling", 66, "mitz_filled", true]);

    await reportAndVerify(id, ["mitz_sources_registered"], "2026-04-02");
    row = await assertMatchesRecomputation(id, "alphatron");
    assert.deepEqual([row.phase, row.percent, row.blockingPrecondition, row.mitzFilledMet, row.goLiveReady], ["integration", 73, null, true, false]);

    await reportAndVerify(id, ["dpia_completed", "pacs_integration", "duo_connection_tested"], "2026-05-01");
    row = await assertMatchesRecomputation(id, "alphatron");
    assert.deepEqual([row.phase, row.percent, row.goLiveReady, row.isLive], ["ready_for_go_live", 93, true, false]);

    await report(id, "go_live", { completedOn: "2026-06-01" });
    row = await assertMatchesRecomputation(id, "alphatron");
    assert.deepEqual([row.phase, row.awaitingVerification, row.nextActionKind], ["ready_for_go_live", 1, "await_verification"]);
    // Issue 17: without production evidence the gate is closed; the programme overrides it with a reason.
    await rejectsWithCode(decide(id, "go_live"), "conflict");
    await setGoLiveOverride(t.db, { actor: actors.admin1, institutionId: id, reason: "Testinstelling zonder productie-endpoints", now: now() });
    await decide(id, "go_live");
    row = await assertMatchesRecomputation(id, "alphatron");
    assert.deepEqual([row.phase, row.percent, row.isLive, row.phaseStartedOn, row.nextActionKind], ["live", 100, true, "2026-06-01", "none"]);
  });

  test("Alphatron: the PACS integration can only be reported once Mitz connected is reported", async () => {
    const id = await newInstitution("alphatron");
    await reportAndVerify(id, ["vendor_chosen", "vendor_contract_signed"], "2026-02-01");
    await rejectsWithText(report(id, "pacs_integration", { completedOn: "2026-02-02" }), /Aangesloten op Mitz \(productie\)/);
    const eno = await newInstitution("enovation");
    await reportAndVerify(eno, ["vendor_chosen", "vendor_contract_signed"], "2026-02-01");
    assert.equal((await report(eno, "pacs_integration", { completedOn: "2026-02-02" })).state, "reported");
    await assertMatchesRecomputation(eno, "enovation");
  });

  test("a rejection and a draft do not count as progress", async () => {
    const id = await newInstitution(null);
    await report(id, "vendor_chosen", { intent: "draft", completedOn: "2026-05-01" });
    assert.equal((await getReadinessRow(t.db, id))?.phase, "not_started");
    await report(id, "vendor_chosen", { completedOn: "2026-05-01" });
    await rejectStep(t.db, { actor: actors.admin1, item: { institutionId: id, stepCode: "vendor_chosen", version: await versionOf(id, "vendor_chosen") }, reason: "Geen besluit bijgevoegd", now: now() });
    const row = await assertMatchesRecomputation(id, null);
    assert.deepEqual([row.phase, row.percent, row.awaitingVerification], ["not_started", 0, 0]);
    assert.equal(await countRows(t.db, `institution_readiness where institution_id = '${id}'`), 1);
  });
});

describe("bookkeeping", () => {
  test("every institution made here has exactly one readiness row", async () => {
    assert.equal(await countRows(t.db, "institution_readiness"), await countRows(t.db, "institutions"));
    const rows = await t.db.select({ id: institutionReadiness.institutionId }).from(institutionReadiness);
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
  });

  test("every stored evidence file's checksum matches its bytes", async () => {
    const files = await t.db.select().from(evidenceFiles);
    assert.ok(files.length > 10);
    for (const f of files) {
      assert.equal(f.sha256, createHash("sha256").update(f.data).digest("hex"), f.filename);
      assert.equal(f.sizeBytes, f.data.byteLength);
    }
  });
});
