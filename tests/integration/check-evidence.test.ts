/**
 * A connectivity check as evidence for "DUO connection tested" (issue 6): attaching an own
 * result from the endpoint page and choosing one in the report form, refusing other
 * institutions' results, the generated PDF with its sha256, the audit trail, the rule that a
 * failed test cannot carry a report, and retention keeping results that are evidence.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from "pdf-lib";
import type { CheckEvidenceFacts } from "@/lib/checker/evidence-document";
import { auditEvents, checkResults, endpointCertificates, endpoints, evidenceFiles, onboardingStepEvents, onboardingSteps, users } from "@/db/schema";
import type { AuditActor } from "@/lib/audit";
import { runRetention } from "@/lib/checker/retention";
import { STEP_CODES, type StepCode } from "@/lib/domain/steps";
import { AppError } from "@/lib/errors";
import { createInstitution } from "@/lib/institutions/service";
import { getCheckEvidenceSummaries, listAttachableChecks } from "@/lib/onboarding/check-evidence";
import { attachCheckResultEvidence, saveStepReport } from "@/lib/onboarding/service";
import { localiseRefusal } from "@/lib/onboarding/refusal";
import type { StepReportValues } from "@/lib/validation/onboarding";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows, rejectsWithCode } from "./helpers";

/** A refusal in Dutch words, as the server action shows it. */
const localised = (e: unknown) => localiseRefusal(e, "nl") as AppError;

let t: TestDb;
let editor: AuditActor;
const T0 = new Date("2026-11-20T09:00:00Z");
const STEP: StepCode = "duo_connection_tested";
let uraSeq = 0;

type Inst = { id: string; ura: string; endpointId: string };

async function newInstitution(): Promise<Inst> {
  const ura = String(93000000 + ++uraSeq);
  const inst = await createInstitution(t.db, {
    actor: editor,
    now: T0,
    data: { name: `Verbindingsziekenhuis ${uraSeq}`, kind: "hospital", ura, agb: null, kvk: null, city: "Zwolle", province: "NL-OV", vendor: "enovation", groupName: null, contacts: [] },
  });
  const [ep] = await t.db
    .insert(endpoints)
    .values({ institutionId: inst.id, vendorCode: "enovation", environment: "acceptance", transaction: "iti-38", url: `https://gw${uraSeq}.example.test/xca/iti38`, homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.77" })
    .returning({ id: endpoints.id });
  // Every other step verified, so "DUO connection tested" can be reported.
  await t.db.insert(onboardingSteps).values(
    STEP_CODES.filter((c) => c !== STEP && c !== "go_live").map((stepCode) => ({ institutionId: inst.id, stepCode, state: "verified" as const, completedOn: "2026-01-05", verifiedAt: T0 })),
  );
  return { id: inst.id, ura, endpointId: ep.id };
}

async function addCheck(inst: Inst, opts: { status: "up" | "degraded" | "down"; at?: Date; trigger?: "user" | "api" | "schedule" }) {
  const [cert] = await t.db
    .insert(endpointCertificates)
    .values({ endpointId: inst.endpointId, fingerprint: `fp-${inst.ura}`, subject: `CN=gw.example.test, O=Ziekenhuis ${inst.ura}`, issuer: "CN=Test UZI CA", notAfter: new Date("2027-06-01T00:00:00Z"), ura: inst.ura, firstSeenAt: T0, lastSeenAt: T0 })
    .onConflictDoUpdate({ target: [endpointCertificates.endpointId, endpointCertificates.fingerprint], set: { lastSeenAt: T0 } })
    .returning({ id: endpointCertificates.id });
  const down = opts.status === "down";
  const [row] = await t.db
    .insert(checkResults)
    .values({
      endpointId: inst.endpointId,
      checkedAt: opts.at ?? new Date(T0.getTime() - 3_600_000),
      status: opts.status,
      reason: down ? "connect_refused" : opts.status === "degraded" ? "slow" : null,
      reasons: down ? ["connect_refused"] : opts.status === "degraded" ? ["slow"] : [],
      warnings: [],
      mode: "transport",
      dnsMs: 1,
      connectMs: down ? null : 3,
      tlsMs: down ? null : 12,
      firstByteMs: down ? null : 40,
      totalMs: opts.status === "degraded" ? 2600 : 60,
      tlsProtocol: down ? null : "TLSv1.3",
      tlsCipher: down ? null : "TLS_AES_256_GCM_SHA384",
      certificateId: down ? null : cert.id,
      httpStatus: down ? null : 200,
      soap: down ? null : { action: "urn:ihe:iti:2007:CrossGatewayQueryResponse", relatesTo: "urn:uuid:1", status: null, errors: [], fault: { code: "env:Sender", reason: "Security header missing" }, documentCount: null },
      extra: { timeoutMs: 5000, slowMs: 2000, maxBodyBytes: 1048576, address: "192.0.2.10", expectedUra: inst.ura },
      trigger: opts.trigger ?? "user",
      actorUserId: editor.userId,
    })
    .returning({ id: checkResults.id });
  return row.id;
}

const stepRow = async (institutionId: string) =>
  (await t.db.select().from(onboardingSteps).where(and(eq(onboardingSteps.institutionId, institutionId), eq(onboardingSteps.stepCode, STEP))))[0] ?? null;

async function submit(institutionId: string, extra: Partial<StepReportValues> = {}, intent: "draft" | "submit" = "submit") {
  const values: StepReportValues = { institutionId, stepCode: STEP, intent, completedOn: "2026-11-19", keepEvidence: false, version: (await stepRow(institutionId))?.version ?? 0, ...extra };
  return saveStepReport(t.db, { actor: editor, values, evidence: null, now: T0 });
}

/** The JSON attachment inside the evidence PDF (catalog → Names → EmbeddedFiles). */
function attachedFacts(doc: PDFDocument): { name: string; data: CheckEvidenceFacts } {
  const names = doc.catalog.lookup(PDFName.of("Names"), PDFDict).lookup(PDFName.of("EmbeddedFiles"), PDFDict).lookup(PDFName.of("Names"), PDFArray);
  const name = names.lookup(0, PDFString, PDFHexString).decodeText();
  const spec = names.lookup(1, PDFDict);
  const stream = spec.lookup(PDFName.of("EF"), PDFDict).lookup(PDFName.of("F")) as PDFRawStream;
  return { name, data: JSON.parse(new TextDecoder().decode(decodePDFRawStream(stream).decode())) };
}

before(async () => {
  t = await createTestDb();
  const [u] = await t.db.insert(users).values({ email: "projectleider@test.example", name: "Pim Projectleider" }).returning({ id: users.id });
  editor = { userId: u.id, label: "projectleider@test.example" };
});
after(async () => {
  await t?.dispose();
});

describe("attaching a check result from the endpoint page", () => {
  test("an own result becomes a PDF evidence file (sha256, link to the result) in the draft, with a history event and an audit event", async () => {
    const inst = await newInstitution();
    const checkId = await addCheck(inst, { status: "up" });
    const out = await attachCheckResultEvidence(t.db, { actor: editor, institutionId: inst.id, checkResultId: checkId, now: T0 });

    const [file] = await t.db.select().from(evidenceFiles).where(eq(evidenceFiles.id, out.evidence.fileId));
    assert.equal(file.checkResultId, checkId);
    assert.equal(file.institutionId, inst.id);
    assert.equal(file.stepCode, STEP);
    assert.equal(file.contentType, "application/pdf");
    assert.equal(file.sha256, createHash("sha256").update(file.data).digest("hex"));
    assert.equal(file.sizeBytes, file.data.byteLength);
    assert.match(file.filename, new RegExp(`^verbindingstest-${inst.ura}-2026-11-20-0900\\.pdf$`));
    const doc = await PDFDocument.load(file.data, { updateMetadata: false });
    assert.match(doc.getTitle() ?? "", /Bewijsstuk verbindingstest DUO — Verbindingsziekenhuis/);
    assert.ok(doc.getKeywords()?.includes(String(checkId)));
    const facts = attachedFacts(doc);
    assert.equal(facts.name, "verbindingstest.json");
    assert.equal(facts.data.checkResultId, checkId);
    assert.equal(facts.data.status, "up");
    assert.equal(facts.data.provesConnection, true);
    assert.deepEqual(facts.data.institution, { id: inst.id, name: facts.data.institution.name, ura: inst.ura });
    assert.equal(facts.data.endpoint.id, inst.endpointId);
    assert.match(facts.data.endpoint.url, /^https:\/\/gw\d+\.example\.test\/xca\/iti38$/);
    assert.equal(facts.data.certificate.uraMatches, true);
    assert.equal(facts.data.tls.protocol, "TLSv1.3");
    assert.equal(facts.data.performedBy, "Pim Projectleider");

    const row = await stepRow(inst.id);
    assert.equal(row.state, "open");
    assert.equal(row.draft?.checkEvidenceFileId, file.id);
    assert.equal(row.draft?.completedOn, "2026-11-20", "the test's date fills an empty date");
    const events = await t.db.select().from(onboardingStepEvents).where(and(eq(onboardingStepEvents.institutionId, inst.id), eq(onboardingStepEvents.stepCode, STEP)));
    assert.deepEqual(events.map((e) => [e.action, e.checkEvidenceFileId]), [["draft_saved", file.id]]);
    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.institutionId, inst.id), eq(auditEvents.action, "step.check_evidence_attach")));
    assert.equal(audit.length, 1);
    const attached = (audit[0].after as { attachedCheck: Record<string, unknown> }).attachedCheck;
    assert.equal(attached.checkResultId, checkId);
    assert.equal(attached.sha256, file.sha256);
    assert.equal(attached.status, "up");
    assert.equal(audit[0].actorUserId, editor.userId);

    const summaries = await getCheckEvidenceSummaries(t.db, [file.id, null]);
    assert.deepEqual(
      { ...summaries.get(file.id)!, checkedAt: summaries.get(file.id)!.checkedAt.toISOString() },
      { fileId: file.id, filename: file.filename, sha256: file.sha256, checkResultId: checkId, endpointId: inst.endpointId, checkedAt: "2026-11-20T08:00:00.000Z", status: "up" },
    );

    // Then the report is submitted from the step page with the attached check kept.
    const reported = await submit(inst.id);
    assert.equal(reported.state, "reported");
    assert.equal(reported.checkEvidenceFileId, file.id);
    assert.equal(reported.draft, null);
    const [reportAudit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.institutionId, inst.id), eq(auditEvents.action, "step.report")));
    assert.equal((reportAudit.after as { checkEvidenceFileId: string }).checkEvidenceFileId, file.id);
  });

  test("another institution's result is refused as not found, and nothing is written", async () => {
    const mine = await newInstitution();
    const theirs = await newInstitution();
    const foreign = await addCheck(theirs, { status: "up" });
    const before = await Promise.all(["evidence_files", "onboarding_step_events", "audit_events"].map((tb) => countRows(t.db, tb)));
    await rejectsWithCode(attachCheckResultEvidence(t.db, { actor: editor, institutionId: mine.id, checkResultId: foreign, now: T0 }), "not_found", "onboarding.check_not_found");
    await rejectsWithCode(attachCheckResultEvidence(t.db, { actor: editor, institutionId: mine.id, checkResultId: 987654321, now: T0 }), "not_found");
    // Through the report form too: the whole report is rolled back.
    await rejectsWithCode(submit(mine.id, { checkResultId: foreign }), "not_found");
    const afterCounts = await Promise.all(["evidence_files", "onboarding_step_events", "audit_events"].map((tb) => countRows(t.db, tb)));
    assert.deepEqual(afterCounts, before);
    assert.equal((await stepRow(mine.id))?.draft ?? null, null);
  });

  test("a verified step takes no more checks", async () => {
    const inst = await newInstitution();
    const checkId = await addCheck(inst, { status: "up" });
    await t.db.insert(onboardingSteps).values({ institutionId: inst.id, stepCode: STEP, state: "verified", completedOn: "2026-11-01" });
    await rejectsWithCode(attachCheckResultEvidence(t.db, { actor: editor, institutionId: inst.id, checkResultId: checkId, now: T0 }), "conflict", "onboarding.already_final");
  });
});

describe("choosing a check in the report form", () => {
  test("a degraded result carries the report; the file is made in the same transaction", async () => {
    const inst = await newInstitution();
    const checkId = await addCheck(inst, { status: "degraded" });
    const row = await submit(inst.id, { checkResultId: checkId });
    assert.equal(row.state, "reported");
    const [file] = await t.db.select().from(evidenceFiles).where(eq(evidenceFiles.id, row.checkEvidenceFileId!));
    assert.equal(file.checkResultId, checkId);
    const [audit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.institutionId, inst.id), eq(auditEvents.action, "step.report")));
    assert.equal((audit.after as { attachedCheck: { sha256: string } }).attachedCheck.sha256, file.sha256);
  });

  test("a down result may sit in a draft but cannot carry the report", async () => {
    const inst = await newInstitution();
    const downId = await addCheck(inst, { status: "down" });
    const draft = await submit(inst.id, { checkResultId: downId }, "draft");
    assert.ok(draft.draft?.checkEvidenceFileId);
    await assert.rejects(submit(inst.id), (e: unknown) => {
      assert.ok(e instanceof AppError && e.code === "validation");
      assert.match(localised(e).fieldErrors?.checkResultId?.[0] ?? "", /niet geslaagd/);
      return true;
    });
    // Removing it leaves the check evidence missing.
    await assert.rejects(submit(inst.id, { keepCheckEvidence: false }), (e: unknown) => {
      assert.ok(e instanceof AppError && /verbindingstest/.test(localised(e).fieldErrors?.checkResultId?.[0] ?? ""));
      return true;
    });
    // A new, successful test replaces it.
    const upId = await addCheck(inst, { status: "up", at: new Date(T0.getTime() - 60_000) });
    const ok = await submit(inst.id, { checkResultId: upId });
    assert.equal(ok.state, "reported");
    const [file] = await t.db.select().from(evidenceFiles).where(eq(evidenceFiles.id, ok.checkEvidenceFileId!));
    assert.equal(file.checkResultId, upId);
  });

  test("a step that takes no check refuses one", async () => {
    const inst = await newInstitution();
    const checkId = await addCheck(inst, { status: "up" });
    await t.db.delete(onboardingSteps).where(and(eq(onboardingSteps.institutionId, inst.id), eq(onboardingSteps.stepCode, "vendor_chosen")));
    const values: StepReportValues = { institutionId: inst.id, stepCode: "vendor_chosen", intent: "draft", completedOn: "2026-11-19", keepEvidence: false, version: 0, checkResultId: checkId };
    await rejectsWithCode(saveStepReport(t.db, { actor: editor, values, evidence: null, now: T0 }), "validation", "onboarding.check_not_allowed");
  });

  test("the choices are the institution's own manual and API checks of the last 30 days, newest first", async () => {
    const a = await newInstitution();
    const b = await newInstitution();
    const old = await addCheck(a, { status: "up", at: new Date(T0.getTime() - 31 * 86_400_000) });
    const scheduled = await addCheck(a, { status: "up", trigger: "schedule" });
    const api = await addCheck(a, { status: "down", trigger: "api", at: new Date(T0.getTime() - 120_000) });
    const user = await addCheck(a, { status: "up", at: new Date(T0.getTime() - 60_000) });
    await addCheck(b, { status: "up" });
    const list = await listAttachableChecks(t.db, { institutionId: a.id, now: T0 });
    assert.deepEqual(list.map((c) => c.id), [user, api]);
    assert.ok(![old, scheduled].some((id) => list.some((c) => c.id === id)));
  });
});

describe("retention", () => {
  test("raw results that are evidence are kept; the others go", async () => {
    const inst = await newInstitution();
    const kept = await addCheck(inst, { status: "up" });
    const gone = await addCheck(inst, { status: "up" });
    await attachCheckResultEvidence(t.db, { actor: editor, institutionId: inst.id, checkResultId: kept, now: T0 });
    await runRetention(t.db, { now: new Date(T0.getTime() + 60 * 86_400_000), rawRetentionDays: 30 });
    const left = await t.db.select({ id: checkResults.id }).from(checkResults).where(eq(checkResults.endpointId, inst.endpointId));
    assert.ok(left.some((r) => r.id === kept));
    assert.ok(!left.some((r) => r.id === gone));
  });
});
