/**
 * The toolkit end to end through lib/toolkit on a fresh database: versions and publishing,
 * personalised PDFs (text extraction), download records, acknowledgements and "asked again",
 * the overview, and the intake round-trip (exactly the changed fields; bad input applies nothing).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { fillPdfForm } from "@/tests/helpers/pdf-form";
import { documentDownloads, institutionContacts, institutionPlans, institutions, users } from "@/db/schema";
import { listAcknowledgements, listTemplates, loadCurrentTemplates } from "@/lib/toolkit/queries";
import type { AuditActor } from "@/lib/audit";
import { createInstitution } from "@/lib/institutions/service";
import { loadToolkitData } from "@/lib/toolkit/personalise";
import { renderPack, renderTemplate } from "@/lib/toolkit/render";
import { acknowledgeDocument, applyIntake, createTemplateVersion, IntakeError, previewIntake, publishTemplateVersion, recordDownloads, type PersonActor } from "@/lib/toolkit/service";
import { intakePlanErrorText } from "@/lib/toolkit/intake";
import { AppError } from "@/lib/errors";
import { errorText } from "@/lib/i18n/messages";
import type { PdfErrorCode } from "@/lib/pdf";
import { acknowledgementState, publishedNewestFirst } from "@/lib/toolkit/versions";
import { loadToolkitOverview } from "@/lib/toolkit/overview-load";
import { DOCUMENT_TYPE_IDS } from "@/lib/pdf/types";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { extractText } from "@/tests/unit/pdf/extract-text";
import { countRows, rejectsWithCode } from "./helpers";

let t: TestDb;
let admin: AuditActor;
let ciso: PersonActor;
let editor: AuditActor;
let instA: string;
let instB: string;
const T0 = new Date("2026-11-20T09:00:00Z");
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

async function newUser(email: string, name: string) {
  const [u] = await t.db.insert(users).values({ email, name }).returning({ id: users.id });
  return u.id;
}

const fill = fillPdfForm;

before(async () => {
  t = await createTestDb();
  admin = { userId: await newUser("admin@toolkit.test", "Beheerder"), label: "admin@toolkit.test" };
  editor = { userId: await newUser("editor@toolkit.test", "Projectleider"), label: "editor@toolkit.test" };
  ciso = { userId: await newUser("ciso@toolkit.test", "Łucja Ødegård"), label: "ciso@toolkit.test", email: "ciso@toolkit.test", name: "Łucja Ødegård" };
  const mk = async (name: string, ura: string) =>
    (
      await createInstitution(t.db, {
        actor: admin,
        now: T0,
        data: {
          name,
          kind: "hospital",
          ura,
          agb: "06012345",
          kvk: null,
          city: "Nijmegen",
          province: "NL-GE",
          vendor: "founda",
          groupName: null,
          contacts: [
            { role: "project_lead", name: "Søren Groß", email: "pl@a.example", phone: "024 123 4567" },
            { role: "fg", name: "Zoë Dvořák", email: "fg@a.example", phone: null },
          ],
        },
      })
    ).id;
  instA = await mk("Ziekenhuis Łódź-Ærø Oost", "12345678");
  instB = await mk("Kliniek Beta", "87654321");
  for (const type of DOCUMENT_TYPE_IDS) {
    const v = await createTemplateVersion(t.db, { actor: admin, documentType: type, versionLabel: "1.0", changeNote: "Eerste versie.", upload: null, now: at(1) });
    await publishTemplateVersion(t.db, { actor: admin, templateId: v.id, now: at(2) });
  }
});
after(async () => t.dispose());

describe("template versions", () => {
  test("a version must go up and needs a change note; drafts are not current", async () => {
    await rejectsWithCode(createTemplateVersion(t.db, { actor: admin, documentType: "dpia_guide", versionLabel: "1.0", changeNote: "x", upload: null, now: at(3) }), "validation", "toolkit.errors.version_exists");
    await rejectsWithCode(createTemplateVersion(t.db, { actor: admin, documentType: "dpia_guide", versionLabel: "0.9", changeNote: "x", upload: null, now: at(3) }), "validation", "toolkit.errors.version_not_higher");
    await rejectsWithCode(createTemplateVersion(t.db, { actor: admin, documentType: "dpia_guide", versionLabel: "1.1", changeNote: "  ", upload: null, now: at(3) }), "validation", "toolkit.errors.change_note_missing");
    await rejectsWithCode(createTemplateVersion(t.db, { actor: admin, documentType: "no_such_doc", versionLabel: "1.1", changeNote: "x", upload: null, now: at(3) }), "validation", "toolkit.errors.document_type");
    await assert.rejects(createTemplateVersion(t.db, { actor: admin, documentType: "dpia_guide", versionLabel: "1.0", changeNote: "x", upload: null, now: at(3) }), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(errorText("nl", e), "Versie 1.0 bestaat al voor dit document.");
      assert.equal(errorText("en", e), "Version 1.0 already exists for this document.");
      assert.deepEqual(e.fieldErrors, { versionLabel: ['toolkit.errors.version_exists {"version":"1.0"}'] });
      return true;
    });
    const draft = await createTemplateVersion(t.db, { actor: admin, documentType: "architecture", versionLabel: "1.1", changeNote: "RAD-75 toegevoegd.", upload: null, now: at(3) });
    assert.equal((await loadCurrentTemplates(t.db)).get("architecture")!.versionLabel, "1.0");
    await publishTemplateVersion(t.db, { actor: admin, templateId: draft.id, now: at(4) });
    assert.equal((await loadCurrentTemplates(t.db)).get("architecture")!.versionLabel, "1.1");
    await rejectsWithCode(publishTemplateVersion(t.db, { actor: admin, templateId: draft.id, now: at(5) }), "conflict", "toolkit.errors.already_published");
    await assert.rejects(publishTemplateVersion(t.db, { actor: admin, templateId: draft.id, now: at(5) }), (e: unknown) => e instanceof AppError && errorText("nl", e) === "Versie 1.1 is al gepubliceerd.");
  });

  test("an uploaded template is refused when it is not a PDF, and filled with portal data when it is", async () => {
    await rejectsWithCode(
      createTemplateVersion(t.db, { actor: admin, documentType: "handout_patients", versionLabel: "1.1", changeNote: "x", upload: { filename: "a.pdf", bytes: new TextEncoder().encode("MZ not a pdf at all") }, now: at(6) }),
      "validation",
      "toolkit.errors.template_not_pdf",
    );
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    const form = doc.getForm();
    for (const [i, name] of ["institution.name", "institution.ura", "contact.fg.name", "document.version"].entries()) {
      form.createTextField(name).addToPage(page, { x: 50, y: 700 - i * 40, width: 400, height: 24 });
    }
    const v = await createTemplateVersion(t.db, { actor: admin, documentType: "handout_patients", versionLabel: "1.1", changeNote: "Huisstijl van de instelling.", upload: { filename: "folder.pdf", bytes: await doc.save() }, now: at(6) });
    const [row] = (await listTemplates(t.db, { documentType: "handout_patients" })).filter((r) => r.id === v.id);
    assert.deepEqual(row.formFields, ["institution.name", "institution.ura", "contact.fg.name", "document.version"]);
    await publishTemplateVersion(t.db, { actor: admin, templateId: v.id, now: at(7) });
    const data = (await loadToolkitData(t.db, { institutionId: instA, now: at(8) }))!;
    const current = (await loadCurrentTemplates(t.db)).get("handout_patients")!;
    const { flat } = await extractText(await renderTemplate({ template: current, data, generatedAt: at(8) }));
    for (const s of ["Ziekenhuis Łódź-Ærø Oost", "12345678", "Zoë Dvořák", "1.1", "Informatie voor patiënten"]) assert.ok(flat.includes(s), `${s} in ${flat}`);
    // The stamped header and footer, in the document's language.
    for (const s of ["Informatie voor patiënten · versie 1.1 · Ziekenhuis Łódź-Ærø Oost", "DUO-toolkit · gegenereerd op", "pagina 1 van 1"]) assert.ok(flat.includes(s), `${s} in ${flat}`);
    const en = (await extractText(await renderTemplate({ template: current, data, generatedAt: at(8), locale: "en" }))).flat;
    for (const s of ["Information for patients · version 1.1 · Ziekenhuis Łódź-Ærø Oost", "DUO toolkit · generated on", "page 1 of 1"]) assert.ok(en.includes(s), `${s} in ${en}`);
  });
});

describe("personalised PDFs", () => {
  test("a generated document carries the institution's data and its version", async () => {
    const data = (await loadToolkitData(t.db, { institutionId: instA, now: at(10) }))!;
    const current = (await loadCurrentTemplates(t.db)).get("architecture")!;
    const { flat } = await extractText(await renderTemplate({ template: current, data, generatedAt: at(10) }));
    for (const s of ["Ziekenhuis Łódź-Ærø Oost", "URA 12345678", "1.1", "RAD-75 toegevoegd."]) assert.ok(flat.includes(s), s);
  });

  test("the pack holds every current document, the uploaded one appended", async () => {
    const data = (await loadToolkitData(t.db, { institutionId: instB, now: at(11) }))!;
    const bytes = await renderPack({ templates: [...(await loadCurrentTemplates(t.db)).values()], data, generatedAt: at(11) });
    const { flat } = await extractText(bytes);
    for (const s of ["Kliniek Beta", "87654321", "DPIA-handreiking", "Intakeformulier", "Architectuuroverzicht"]) assert.ok(flat.includes(s), s);
    assert.ok(!flat.includes("12345678"), "no data of another institution");
  });
});

describe("downloads, acknowledgements and the overview", () => {
  test("a pack download writes one row per document; acknowledging needs the current version", async () => {
    const current = [...(await loadCurrentTemplates(t.db)).values()];
    const before = await countRows(t.db, "document_downloads");
    await recordDownloads(t.db, { actor: ciso, role: "security_officer", institutionId: instA, templates: current, via: "pack", now: at(20) });
    assert.equal((await countRows(t.db, "document_downloads")) - before, current.length);
    const rows = await t.db.select().from(documentDownloads).where(eq(documentDownloads.institutionId, instA));
    assert.ok(rows.every((r) => r.userEmail === "ciso@toolkit.test" && r.role === "security_officer" && r.capacity === null));

    const all = await listTemplates(t.db, { documentType: "architecture" });
    const old = all.find((v) => v.versionLabel === "1.0")!;
    const cur = all.find((v) => v.versionLabel === "1.1")!;
    await rejectsWithCode(acknowledgeDocument(t.db, { actor: ciso, institutionId: instA, templateId: old.id, capacity: "ciso", now: at(21) }), "conflict", "toolkit.errors.newer_version");
    await assert.rejects(acknowledgeDocument(t.db, { actor: ciso, institutionId: instA, templateId: old.id, capacity: "ciso", now: at(21) }), (e: unknown) => e instanceof AppError && errorText("nl", e) === "Er is intussen een nieuwere versie (1.1) gepubliceerd; bevestig die versie.");
    await rejectsWithCode(acknowledgeDocument(t.db, { actor: ciso, institutionId: instA, templateId: cur.id, capacity: "boss", now: at(21) }), "validation", "toolkit.errors.capacity");
    assert.deepEqual(await acknowledgeDocument(t.db, { actor: ciso, institutionId: instA, templateId: cur.id, capacity: "ciso", now: at(21) }), { created: true, versionLabel: "1.1" });
    assert.deepEqual(await acknowledgeDocument(t.db, { actor: ciso, institutionId: instA, templateId: cur.id, capacity: "ciso", now: at(22) }), { created: false, versionLabel: "1.1" });
  });

  test("a newer version asks again, with its change note", async () => {
    const v = await createTemplateVersion(t.db, { actor: admin, documentType: "architecture", versionLabel: "1.2", changeNote: "Mitz-notificatie-endpoint beschreven.", upload: null, now: at(30) });
    await publishTemplateVersion(t.db, { actor: admin, templateId: v.id, now: at(31) });
    const acks = await listAcknowledgements(t.db, { institutionId: instA, userEmail: ciso.email });
    const state = acknowledgementState(publishedNewestFirst(await listTemplates(t.db, { documentType: "architecture" })), acks.map((a) => ({ templateId: a.templateId, at: a.at })));
    assert.equal(state.kind, "outdated");
    assert.deepEqual(state.kind === "outdated" && state.changes, [{ label: "1.2", note: "Mitz-notificatie-endpoint beschreven." }]);
  });

  test("overview: the CISO's earlier download counts once they acknowledged as CISO; B is not yet", async () => {
    const cur = (await loadCurrentTemplates(t.db)).get("dpia_guide")!;
    await acknowledgeDocument(t.db, { actor: ciso, institutionId: instA, templateId: cur.id, capacity: "ciso", now: at(40) });
    const { rows } = await loadToolkitOverview(t.db, { scope: { kind: "all" }, filter: { doc: "dpia_guide", notYet: false, q: "" } });
    const a = rows.find((r) => r.institution.id === instA)!.documents.dpia_guide!;
    assert.ok(a.ciso.downloadedAt && a.ciso.acknowledgedAt);
    assert.equal(a.fg.downloadedAt, null);
    const scoped = await loadToolkitOverview(t.db, { scope: { kind: "some", institutionIds: [instB], vendorCodes: [] }, filter: { doc: null, notYet: true, q: "" } });
    assert.deepEqual(scoped.rows.map((r) => r.institution.id), [instB]);
  });
});

describe("intake round-trip", () => {
  async function intakeFor(institutionId: string) {
    const tpl = (await loadCurrentTemplates(t.db)).get("intake_form")!;
    const data = (await loadToolkitData(t.db, { institutionId, now: at(50) }))!;
    return renderTemplate({ template: tpl, data, generatedAt: at(50) });
  }

  test("preview shows exactly the changed fields; apply writes exactly those, audited", async () => {
    const filled = await fill(await intakeFor(instA), {
      "contact.ciso.name": "Łucja Ødegård",
      "contact.ciso.email": "ciso@toolkit.test",
      "contact.project_lead.phone": "024 999 0000",
      "planned.go_live": "01-06-2027",
      "planned.dpia_completed": "15-2-2027",
    });
    const preview = await previewIntake(t.db, { institutionId: instA, bytes: filled });
    assert.deepEqual(
      preview.changes.map((c) => [c.field, c.from, c.to]),
      [
        ["contact.project_lead.phone", "024 123 4567", "024 999 0000"],
        ["contact.ciso.name", null, "Łucja Ødegård"],
        ["contact.ciso.email", null, "ciso@toolkit.test"],
        ["planned.dpia_completed", null, "2027-02-15"],
        ["planned.go_live", null, "2027-06-01"],
      ],
    );
    assert.deepEqual(preview.plan.errors, []);
    const audits = await countRows(t.db, "audit_events");
    await rejectsWithCode(applyIntake(t.db, { actor: editor, institutionId: instA, filename: "intake.pdf", bytes: filled, fingerprint: "stale", now: at(51) }), "conflict", "toolkit.errors.intake_changed");
    assert.equal(await countRows(t.db, "institution_plans"), 0);
    await applyIntake(t.db, { actor: editor, institutionId: instA, filename: "intake.pdf", bytes: filled, fingerprint: preview.fingerprint, now: at(52) });
    const contacts = await t.db.select().from(institutionContacts).where(eq(institutionContacts.institutionId, instA));
    const byRole = Object.fromEntries(contacts.map((c) => [c.role, c]));
    assert.equal(byRole.project_lead.phone, "024 999 0000");
    assert.equal(byRole.project_lead.name, "Søren Groß", "unchanged field kept");
    assert.equal(byRole.ciso.email, "ciso@toolkit.test");
    assert.equal(byRole.fg.name, "Zoë Dvořák");
    const [inst] = await t.db.select().from(institutions).where(eq(institutions.id, instA));
    assert.equal(inst.vendorCode, "founda");
    const plans = await t.db.select().from(institutionPlans).where(eq(institutionPlans.institutionId, instA));
    assert.deepEqual(plans.map((p) => [p.planKey, p.plannedOn]).sort(), [["dpia_completed", "2027-02-15"], ["go_live", "2027-06-01"]]);
    assert.equal(await countRows(t.db, "onboarding_steps"), 0, "plans are not step reports");
    assert.equal((await countRows(t.db, "audit_events")) - audits, 1);
    // The same form again changes nothing.
    const again = await previewIntake(t.db, { institutionId: instA, bytes: filled });
    assert.deepEqual(again.changes, []);
  });

  test("bad input: another institution's form, invalid dates, not a PDF, a contact without e-mail — nothing applied", async () => {
    const plans = await countRows(t.db, "institution_plans");
    const formB = await fill(await intakeFor(instB), { "planned.go_live": "01-06-2027" });
    /** Refused with the reader's code; errorText gives the Dutch (and English) sentence. */
    const refused = (code: PdfErrorCode, nl: RegExp, en?: RegExp) => (e: unknown) => {
      assert.ok(e instanceof IntakeError && e.code === "validation", String(e));
      assert.equal(e.read?.code, code);
      assert.match(errorText("nl", e), nl);
      if (en) assert.match(errorText("en", e), en);
      return true;
    };
    await assert.rejects(previewIntake(t.db, { institutionId: instA, bytes: formB }), refused("ura_mismatch", /andere instelling/, /another institution/));
    const badDate = await fill(await intakeFor(instA), { "planned.go_live": "31-02-2027" });
    await assert.rejects(
      previewIntake(t.db, { institutionId: instA, bytes: badDate }),
      refused("invalid_fields", /^Het formulier bevat een ongeldig veld: Livegang op DUO: "31-02-2027" is geen geldige datum\./, /^The form has one invalid field: Go-live on DUO: "31-02-2027" is not a valid date\./),
    );
    await assert.rejects(previewIntake(t.db, { institutionId: instA, bytes: new TextEncoder().encode("dit is tekst, geen PDF") }), refused("not_pdf", /geen PDF-document/));
    const cut = await intakeFor(instA);
    await assert.rejects(previewIntake(t.db, { institutionId: instA, bytes: cut.subarray(0, cut.length - 2000) }), refused("corrupt", /beschadigd/));
    const noEmail = await fill(await intakeFor(instB), { "contact.technical.name": "Jan Techniek" });
    const p = await previewIntake(t.db, { institutionId: instB, bytes: noEmail });
    assert.deepEqual(p.plan.errors, [{ code: "contact_email_missing", role: "technical" }]);
    assert.match(p.plan.errors.map((e) => intakePlanErrorText(e, "nl")).join(" "), /^Voor het technisch contact ontbreekt een e-mailadres/);
    await assert.rejects(applyIntake(t.db, { actor: editor, institutionId: instB, filename: "x.pdf", bytes: noEmail, fingerprint: p.fingerprint, now: at(60) }), (e: unknown) => {
      assert.ok(e instanceof IntakeError && e.code === "validation");
      assert.equal(errorText("nl", e), "Voor het technisch contact ontbreekt een e-mailadres; een contactpersoon heeft een naam en een e-mailadres nodig.");
      assert.equal(errorText("en", e), "An e-mail address is missing for the technical contact; a contact needs a name and an e-mail address.");
      return true;
    });
    assert.equal(await countRows(t.db, "institution_plans"), plans);
  });
});
