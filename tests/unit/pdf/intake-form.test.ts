import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { fieldErrorText, fillAcroForm, generateDocument, INTAKE_FIELDS, intakeChanges, intakeFieldLabel, pdfErrorText, readIntakeForm, type PdfErrorCode } from "@/lib/pdf";
import { extractText } from "./extract-text";
import { sampleOptions } from "./sample-data";
import { fillPdfForm } from "@/tests/helpers/pdf-form";

const fixture = (name: string) => new Uint8Array(readFileSync(path.join(__dirname, "fixtures", name)));

let intakeCache: Uint8Array | null = null;
async function intake(): Promise<Uint8Array> {
  intakeCache ??= await generateDocument("intake_form", sampleOptions());
  return intakeCache;
}

/** Opens the generated intake form, types into fields as a person would, saves. */
const fillLikeAPerson = async (values: Record<string, string>) => fillPdfForm(await intake(), values);

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
function noise(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function markedEncrypted(): Promise<Uint8Array> {
  // A trailer with /Encrypt is what makes a reader treat a file as encrypted.
  const doc = await PDFDocument.create();
  doc.addPage();
  const ctx = doc.context;
  ctx.trailerInfo.Encrypt = ctx.obj({ Filter: "Standard", V: 1, R: 2, P: -44 });
  return doc.save({ useObjectStreams: false });
}

describe("intake form: generated AcroForm", () => {
  test("has every intake field, named after portal data", async () => {
    const doc = await PDFDocument.load(await intake());
    const names = doc.getForm().getFields().map((f) => f.getName());
    for (const def of INTAKE_FIELDS) assert.ok(names.includes(def.name), def.name);
    for (const name of ["institution.name", "institution.ura", "contact.project_lead.email", "contact.ciso.name", "contact.fg.email", "contact.technical.name", "vendor", "planned.mitz_connected", "planned.go_live"]) {
      assert.ok(names.includes(name), name);
    }
  });

  test("prefilled from the portal; institution fields read-only; vendor dropdown", async () => {
    const form = (await PDFDocument.load(await intake())).getForm();
    const ura = form.getTextField("institution.ura");
    assert.equal(ura.getText(), "12345678");
    assert.equal(ura.isReadOnly(), true);
    assert.equal(form.getTextField("institution.name").isReadOnly(), true);
    assert.equal(form.getTextField("intake.form_version").getText(), "2.1");
    assert.equal(form.getTextField("contact.project_lead.name").getText(), "Łukasz Øster-Émile");
    assert.equal(form.getTextField("contact.project_lead.name").isReadOnly(), false);
    assert.equal(form.getTextField("contact.fg.email").getText(), "fg@zuidoever.example");
    const vendor = form.getDropdown("vendor");
    assert.deepEqual(vendor.getOptions(), ["enovation", "founda", "alphatron"]);
    assert.deepEqual(vendor.getSelected(), ["founda"]);
    assert.equal(form.getTextField("planned.go_live").getText(), undefined);
  });

  test("labels are drawn next to the fields", async () => {
    const { flat } = await extractText(await intake());
    for (const label of ["URA-nummer", "Projectleider — e-mail", "Gekozen leverancier", "Livegang op DUO (DD-MM-JJJJ)", "Aangesloten op Mitz (productie) (DD-MM-JJJJ)"]) {
      assert.ok(flat.includes(label), label);
    }
  });
});

describe("intake form: readIntakeForm", () => {
  test("round trip: generate, fill in, read back", async () => {
    const filled = await fillLikeAPerson({
      "contact.fg.name": "Ægir Þórsson-Włodarczyk",
      "contact.ciso.email": "nieuwe.ciso@zuidoever.example",
      vendor: "alphatron",
      "planned.mitz_connected": "15-03-2027",
      "planned.go_live": "1-6-2027",
      remarks: "Graag een afspraak over de PACS-integratie.",
    });
    const res = await readIntakeForm(filled, { expectedUra: "12345678" });
    assert.ok(res.ok, JSON.stringify(!res.ok && res.error));
    const v = res.values;
    assert.equal(v.institution.ura, "12345678");
    assert.equal(v.institution.name, "Ziekenhuis Øresund-Łódź Zuidoever");
    assert.equal(v.formVersion, "2.1");
    assert.equal(v.contacts.fg.name, "Ægir Þórsson-Włodarczyk");
    assert.equal(v.contacts.ciso.email, "nieuwe.ciso@zuidoever.example");
    assert.equal(v.contacts.project_lead.name, "Łukasz Øster-Émile", "prefilled value kept");
    assert.equal(v.vendor, "alphatron");
    assert.deepEqual(v.planned, { twiin_signed: null, mitz_connected: "2027-03-15", dpia_completed: null, go_live: "2027-06-01" });
    assert.equal(v.remarks, "Graag een afspraak over de PACS-integratie.");
    assert.equal(v.fields["planned.go_live"], "1-6-2027");
  });

  test("an untouched generated form reads back as the portal data", async () => {
    const res = await readIntakeForm(await intake());
    assert.ok(res.ok);
    assert.equal(res.values.vendor, "founda");
    assert.equal(res.values.contacts.technical.phone, "+31 24 111 2222");
    assert.equal(res.values.planned.go_live, null);
  });

  test("invalid dates, e-mail and phone: one Dutch message per field, nothing returned", async () => {
    const filled = await fillLikeAPerson({
      "planned.go_live": "31-02-2027",
      "planned.mitz_connected": "2027-03-15",
      "planned.dpia_completed": "morgen",
      "contact.ciso.email": "ciso-at-zuidoever",
      "contact.technical.phone": "bel mij",
    });
    const res = await readIntakeForm(filled);
    assert.equal(res.ok, false);
    if (res.ok) return;
    assert.equal(res.error.code, "invalid_fields");
    const byField = Object.fromEntries((res.error.fields ?? []).map((f) => [f.field, fieldErrorText(f, "nl")]));
    assert.deepEqual(Object.keys(byField).sort(), [
      "contact.ciso.email",
      "contact.technical.phone",
      "planned.dpia_completed",
      "planned.go_live",
      "planned.mitz_connected",
    ]);
    assert.match(byField["planned.go_live"], /Livegang op DUO: "31-02-2027" is geen geldige datum\. Gebruik de vorm DD-MM-JJJJ/);
    assert.match(byField["planned.mitz_connected"], /"2027-03-15" is geen geldige datum/);
    assert.match(byField["contact.ciso.email"], /geen geldig e-mailadres/);
    assert.equal(res.error.fields?.find((f) => f.field === "planned.go_live")?.code, "date_invalid");
    assert.equal(res.error.fields?.find((f) => f.field === "contact.technical.phone")?.code, "phone_invalid");
    assert.match(pdfErrorText(res.error, "nl"), /^Het formulier bevat 5 ongeldige velden: .* Livegang op DUO: "31-02-2027" is geen geldige datum\. .* Technisch contact — telefoon: "bel mij" is geen geldig telefoonnummer\.$/);
    assert.match(pdfErrorText(res.error, "en"), /^The form has 5 invalid fields: .* Go-live on DUO: "31-02-2027" is not a valid date\. .* Technical contact — phone: "bel mij" is not a valid phone number\.$/);
    assert.match(pdfErrorText({ code: "invalid_fields", fields: res.error.fields!.slice(0, 1) }, "nl"), /^Het formulier bevat een ongeldig veld: /);
  });

  test("a form of another institution is refused (URA mismatch)", async () => {
    const res = await readIntakeForm(await intake(), { expectedUra: "87654321" });
    assert.equal(res.ok, false);
    assert.equal(!res.ok && res.error.code, "ura_mismatch");
  });

  const bad: { name: string; bytes: () => Promise<Uint8Array>; code: PdfErrorCode }[] = [
    { name: "empty file", bytes: async () => new Uint8Array(0), code: "not_pdf" },
    { name: "random bytes", bytes: async () => noise(4096), code: "not_pdf" },
    { name: "a PNG renamed .pdf", bytes: async () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...noise(200)]), code: "not_pdf" },
    { name: "an executable renamed .pdf", bytes: async () => new Uint8Array([0x4d, 0x5a, 0x90, 0x00, ...noise(500)]), code: "not_pdf" },
    { name: "truncated PDF (upload cut off)", bytes: async () => (await intake()).slice(0, Math.floor((await intake()).length / 2)), code: "corrupt" },
    { name: "PDF header followed by garbage", bytes: async () => new Uint8Array([...Buffer.from("%PDF-1.7\n"), ...noise(3000, 11), ...Buffer.from("\n%%EOF\n")]), code: "corrupt" },
    { name: "encrypted PDF (qpdf AES-256 fixture)", bytes: async () => fixture("encrypted-intake.pdf"), code: "encrypted" },
    { name: "PDF whose trailer declares encryption", bytes: markedEncrypted, code: "encrypted" },
    { name: "a PDF without the intake fields", bytes: () => generateDocument("handout_patients", sampleOptions()), code: "not_intake_form" },
  ];
  for (const b of bad) {
    test(`refuses ${b.name} with ${b.code}`, async () => {
      const res = await readIntakeForm(await b.bytes());
      assert.equal(res.ok, false);
      if (res.ok) return;
      assert.equal(res.error.code, b.code);
      const text = pdfErrorText(res.error, "nl");
      assert.ok(text.length > 20 && /[a-z]/.test(text), "a Dutch sentence");
      assert.notEqual(pdfErrorText(res.error, "en"), text, "and an English one");
    });
  }

  test("refuses files above the size limit", async () => {
    const res = await readIntakeForm(await intake(), { maxBytes: 1000 });
    assert.equal(!res.ok && res.error.code, "too_large");
  });
});

describe("fillAcroForm for uploaded templates", () => {
  async function template(): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    const helv = await doc.embedFont(StandardFonts.Helvetica);
    page.drawText("Verklaring van deelname", { x: 50, y: 780, size: 16, font: helv });
    const form = doc.getForm();
    const name = form.createTextField("institution.name");
    name.addToPage(page, { x: 50, y: 700, width: 400, height: 20 });
    const ura = form.createTextField("institution.ura");
    ura.setMaxLength(8);
    ura.addToPage(page, { x: 50, y: 660, width: 200, height: 20 });
    form.createTextField("contact.ciso.name").addToPage(page, { x: 50, y: 620, width: 300, height: 20 });
    const vendor = form.createDropdown("vendor");
    vendor.setOptions(["enovation", "founda", "alphatron"]);
    vendor.addToPage(page, { x: 50, y: 580, width: 200, height: 20 });
    form.createCheckBox("agreement.signed").addToPage(page, { x: 50, y: 540, width: 14, height: 14 });
    form.createTextField("handwritten.remark").addToPage(page, { x: 50, y: 500, width: 300, height: 20 });
    return doc.save();
  }

  test("fills matching fields (with non-WinAnsi names), leaves the rest, reports ignored values", async () => {
    const res = await fillAcroForm(await template(), {
      "institution.name": "Szpital Łódź-Øresund",
      "institution.ura": "12345678",
      "contact.ciso.name": "Dvořák Ödön",
      vendor: "Founda",
      "agreement.signed": "ja",
      "unknown.field": "x",
    });
    assert.ok(res.ok, JSON.stringify(!res.ok && res.error));
    assert.deepEqual(res.filled.sort(), ["agreement.signed", "contact.ciso.name", "institution.name", "institution.ura", "vendor"]);
    assert.deepEqual(res.ignored, ["unknown.field"]);
    const form = (await PDFDocument.load(res.bytes)).getForm();
    assert.equal(form.getTextField("institution.name").getText(), "Szpital Łódź-Øresund");
    assert.deepEqual(form.getDropdown("vendor").getSelected(), ["founda"]);
    assert.equal(form.getCheckBox("agreement.signed").isChecked(), true);
    assert.equal(form.getTextField("handwritten.remark").getText(), undefined);
  });

  test("a dropdown value outside its options is ignored, not forced", async () => {
    const res = await fillAcroForm(await template(), { vendor: "acme" });
    assert.ok(res.ok);
    assert.deepEqual(res.filled, []);
    assert.deepEqual(res.ignored, ["vendor"]);
  });

  test("flatten: no fields left, values are page text", async () => {
    const res = await fillAcroForm(await template(), { "institution.name": "Szpital Łódź-Øresund", "institution.ura": "12345678" }, { flatten: true });
    assert.ok(res.ok);
    const doc = await PDFDocument.load(res.bytes);
    assert.equal(doc.getForm().getFields().length, 0);
    const { flat } = await extractText(res.bytes);
    assert.ok(flat.includes("Szpital Łódź-Øresund"));
    assert.ok(flat.includes("12345678"));
    assert.ok(!doc.catalog.has(PDFName.of("NeedsRendering")));
  });

  test("fills the generated intake form too (the portal pre-filling an older upload)", async () => {
    const res = await fillAcroForm(await intake(), { "planned.go_live": "01-12-2026", "contact.fg.name": "Søren Groß" });
    assert.ok(res.ok);
    const read = await readIntakeForm(res.bytes);
    assert.ok(read.ok);
    assert.equal(read.values.planned.go_live, "2026-12-01");
  });

  test("bad template bytes give the same coded errors", async () => {
    const a = await fillAcroForm(noise(1000), {});
    assert.equal(!a.ok && a.error.code, "not_pdf");
    const b = await fillAcroForm(fixture("encrypted-intake.pdf"), {});
    assert.equal(!b.ok && b.error.code, "encrypted");
  });
});

describe("intakeChanges: preview of what a returned form changes", () => {
  test("exactly the changed fields; blanks and read-only fields are not changes", async () => {
    const filled = await fillLikeAPerson({
      "contact.fg.name": "Ægir Þórsson",
      "contact.fg.email": "FG@ZUIDOEVER.EXAMPLE",
      "planned.go_live": "01-12-2026",
      vendor: "founda",
    });
    const res = await readIntakeForm(filled);
    assert.ok(res.ok);
    const current = {
      "contact.project_lead.name": "Łukasz Øster-Émile",
      "contact.project_lead.email": "l.oster@zuidoever.example",
      "contact.project_lead.phone": "024 123 4567",
      "contact.ciso.name": "Anneke de Vries-Dvořák",
      "contact.ciso.email": "ciso@zuidoever.example",
      "contact.fg.name": "Søren Groß",
      "contact.fg.email": "fg@zuidoever.example",
      "contact.technical.name": "Zoltán Erdős",
      "contact.technical.email": "ict@zuidoever.example",
      "contact.technical.phone": "+31 24 111 2222",
      vendor: "founda",
      "planned.go_live": "2026-11-30",
      "planned.mitz_connected": "2026-09-01",
    };
    const changes = intakeChanges(res.values, current);
    assert.deepEqual(
      changes.map((c) => [c.field, c.from, c.to]),
      [
        ["contact.fg.name", "Søren Groß", "Ægir Þórsson"],
        ["planned.go_live", "2026-11-30", "2026-12-01"],
      ],
    );
    assert.equal(intakeFieldLabel(changes[0].field, "nl"), "FG — naam");
    assert.equal(intakeFieldLabel(changes[0].field, "en"), "DPO — name");
  });

  test("a new value where the portal had none", async () => {
    const res = await readIntakeForm(await fillLikeAPerson({ "planned.dpia_completed": "15-01-2027" }));
    assert.ok(res.ok);
    const changes = intakeChanges(res.values, {});
    assert.ok(changes.some((c) => c.field === "planned.dpia_completed" && c.from === null && c.to === "2027-01-15"));
    assert.ok(!changes.some((c) => c.field.startsWith("institution.")));
  });
});
