/**
 * The intake form: a fillable AcroForm whose field names follow the portal's data
 * (`institution.ura`, `contact.ciso.email`, `planned.go_live`, ...), the reader that takes a
 * returned form apart again, and a filler for uploaded template PDFs.
 */
import {
  EncryptedPDFError,
  PDFCheckBox,
  PDFDocument,
  PDFDropdown,
  type PDFFont,
  PDFOptionList,
  PDFRadioGroup,
  PDFTextField,
} from "pdf-lib";
import { embedFonts, sanitizeText, type Fonts } from "./fonts";
import { parseDutchDate, type VendorKey } from "./format";
import { COLORS, type Block, type CustomContext, type Layout } from "./layout";
import { contactsTable, type ContentContext } from "./content/shared";
import { pdfText } from "./texts";
import type { Locale } from "./types";
import { UPLOAD_MAX_BYTES } from "@/lib/validation/uploads";

// ------------------------------------------------------------------ field catalogue

export type IntakeFieldKind = "text" | "email" | "phone" | "date" | "dropdown" | "multiline";

export interface IntakeFieldDef {
  name: string;
  kind: IntakeFieldKind;
  readOnly?: boolean;
  options?: readonly string[];
  group: "institution" | "contacts" | "vendor" | "planning" | "remarks";
}

export const VENDOR_OPTIONS = ["enovation", "founda", "alphatron"] as const;

export const INTAKE_FIELDS: readonly IntakeFieldDef[] = [
  { name: "intake.form_version", kind: "text", group: "institution", readOnly: true },
  { name: "institution.name", kind: "text", group: "institution", readOnly: true },
  { name: "institution.ura", kind: "text", group: "institution", readOnly: true },
  { name: "institution.agb", kind: "text", group: "institution", readOnly: true },
  { name: "contact.project_lead.name", kind: "text", group: "contacts" },
  { name: "contact.project_lead.email", kind: "email", group: "contacts" },
  { name: "contact.project_lead.phone", kind: "phone", group: "contacts" },
  { name: "contact.ciso.name", kind: "text", group: "contacts" },
  { name: "contact.ciso.email", kind: "email", group: "contacts" },
  { name: "contact.fg.name", kind: "text", group: "contacts" },
  { name: "contact.fg.email", kind: "email", group: "contacts" },
  { name: "contact.technical.name", kind: "text", group: "contacts" },
  { name: "contact.technical.email", kind: "email", group: "contacts" },
  { name: "contact.technical.phone", kind: "phone", group: "contacts" },
  { name: "vendor", kind: "dropdown", group: "vendor", options: VENDOR_OPTIONS },
  { name: "planned.twiin_signed", kind: "date", group: "planning" },
  { name: "planned.mitz_connected", kind: "date", group: "planning" },
  { name: "planned.dpia_completed", kind: "date", group: "planning" },
  { name: "planned.go_live", kind: "date", group: "planning" },
  { name: "remarks", kind: "multiline", group: "remarks" },
];

/** A field's label in one language: messages `pdf.intake_fields.<name with _ for .>`; an unknown name as it is. */
export function intakeFieldLabel(name: string, locale: Locale = "nl"): string {
  return INTAKE_FIELDS.some((f) => f.name === name) ? pdfText(locale)(`intake_fields.${name.replace(/\./g, "_")}`) : name;
}

/** Fields that must be present for a PDF to count as an intake form. */
const REQUIRED_FIELDS = ["institution.ura", "institution.name", "contact.project_lead.name", "vendor", "planned.go_live"];

/** Letters a person may type into the form later: kept in the font subset so viewers can draw them. */
const FORM_CHARSET = (() => {
  let s = "";
  for (let cp = 0x20; cp <= 0x7e; cp++) s += String.fromCodePoint(cp);
  for (let cp = 0xa0; cp <= 0x17f; cp++) s += String.fromCodePoint(cp);
  return s + "–—‘’“”€…";
})();

// ------------------------------------------------------------------ generating

function prefill(ctx: ContentContext): Record<string, string> {
  const i = ctx.opts.institution;
  const out: Record<string, string> = {
    "intake.form_version": ctx.version.label,
    "institution.name": i.name,
    "institution.ura": i.ura,
    "institution.agb": i.agb ?? "",
    vendor: ctx.vendor ?? "",
  };
  for (const c of i.contacts) {
    for (const key of ["name", "email", "phone"] as const) {
      const field = `contact.${c.role}.${key}`;
      const value = c[key];
      if (value && INTAKE_FIELDS.some((f) => f.name === field) && !out[field]) out[field] = value;
    }
  }
  return out;
}

const LABEL_SHARE = 0.4;

function fieldRow(def: IntakeFieldDef, value: string, ctx: ContentContext): Block {
  const label = intakeFieldLabel(def.name, ctx.locale) + (def.kind === "date" ? " (DD-MM-JJJJ)" : "");
  const fieldH = def.kind === "multiline" ? 72 : 18;
  const labelLines = (layout: Layout) => layout.wrap(label, 8.5, layout.contentWidth * LABEL_SHARE - 8, def.readOnly);
  return {
    kind: "custom",
    height: (layout) => Math.max(fieldH, labelLines(layout).length * layout.lineHeight(8.5)) + 6,
    draw: (c: CustomContext) => {
      const { page, layout } = c;
      const form = layout.doc.getForm();
      const font = layout.fonts.regular;
      const labelW = c.width * LABEL_SHARE;
      layout.drawLines(page, labelLines(layout), c.x, c.top - 3, 8.5, def.readOnly ? COLORS.muted : COLORS.text);
      const rect = { x: c.x + labelW, y: c.top - fieldH - 1, width: c.width - labelW, height: fieldH };
      const look = {
        ...rect,
        font,
        textColor: COLORS.text,
        backgroundColor: def.readOnly ? COLORS.zebra : COLORS.white,
        borderColor: COLORS.rule,
        borderWidth: 0.8,
      };
      if (def.kind === "dropdown") {
        const dd = form.createDropdown(def.name);
        dd.setOptions([...(def.options ?? [])]);
        if (value && def.options?.includes(value)) dd.select(value);
        dd.addToPage(page, look);
        return;
      }
      const tf = form.createTextField(def.name);
      if (def.kind === "multiline") tf.enableMultiline();
      if (value) tf.setText(sanitizeText(value, layout.fonts.metrics.regular));
      if (def.readOnly) tf.enableReadOnly();
      tf.addToPage(page, look);
      tf.setFontSize(def.kind === "multiline" ? 9 : 9.5);
      tf.updateAppearances(font);
    },
  };
}

/** The intake form document; field widgets are created while the layout flows. */
export function intakeFormContent(ctx: ContentContext): Block[] {
  const values = prefill(ctx);
  const groups: { id: IntakeFieldDef["group"]; title: string; intro?: string }[] = [
    { id: "institution", title: "A. Gegevens van de instelling", intro: "Deze gegevens komen uit het portaal en kunnen in dit formulier niet worden gewijzigd. Klopt er iets niet, neem dan contact op met het programmabureau." },
    { id: "contacts", title: "B. Contactpersonen", intro: "Vul per rol de persoon in die het aanspreekpunt is voor DUO. De CISO en de FG ontvangen de toolkit en bevestigen de kennisname in het portaal." },
    { id: "vendor", title: "C. Leverancier", intro: "Kies de leverancier van uw tijdlijnoplossing: enovation (Enovation XDS), founda (Founda XDSCloud) of alphatron (Alphatron Beeldtijdlijn)." },
    { id: "planning", title: "D. Planning", intro: "Geef per stap de geplande datum op in de vorm DD-MM-JJJJ. Laat een veld leeg als de datum nog niet bekend is." },
    { id: "remarks", title: "E. Opmerkingen" },
  ];
  const blocks: Block[] = [
    {
      kind: "paragraph",
      text: `Met dit formulier levert ${ctx.institution} de gegevens aan die het programmabureau nodig heeft om de aansluiting op DUO te plannen: de contactpersonen, de gekozen leverancier en de geplande data van de belangrijkste stappen. Het formulier is vooraf ingevuld met wat het portaal al weet.`,
    },
    {
      kind: "bullets",
      ordered: true,
      items: [
        "Open het formulier in een PDF-lezer die formulieren ondersteunt (bijvoorbeeld Adobe Acrobat Reader of de PDF-lezer van uw browser).",
        "Vul de velden in en sla het formulier op.",
        "Upload het ingevulde formulier in het portaal onder \"Intakeformulier\". U ziet eerst een voorbeeld van de wijzigingen; pas na uw bevestiging worden ze verwerkt, als gemelde (nog niet geverifieerde) gegevens.",
      ],
    },
  ];
  for (const g of groups) {
    blocks.push({ kind: "heading", level: 3, text: g.title });
    if (g.intro) blocks.push({ kind: "paragraph", text: g.intro, muted: true, size: 8.5 });
    for (const def of INTAKE_FIELDS.filter((f) => f.group === g.id)) blocks.push(fieldRow(def, values[def.name] ?? "", ctx));
    blocks.push({ kind: "spacer", height: 4 });
  }
  blocks.push(
    {
      kind: "note",
      title: "Let op",
      text: "Het URA-nummer in dit formulier moet overeenkomen met uw instelling in het portaal; een formulier van een andere instelling wordt geweigerd. Data worden gecontroleerd op de vorm DD-MM-JJJJ.",
    },
    { kind: "heading", level: 3, text: "Contactpersonen zoals nu bekend in het portaal" },
    ...contactsTable(ctx),
    {
      kind: "custom",
      height: 1,
      draw: (c) => {
        // Keep every Latin letter in the subset: a viewer redraws typed text with this font.
        c.layout.fonts.regular.encodeText(FORM_CHARSET);
      },
    },
  );
  return blocks;
}

/** Regenerates field appearances with the embedded font (pdf-lib would fall back to WinAnsi Helvetica). */
export function updateFormAppearances(doc: PDFDocument, font: PDFFont): void {
  const form = doc.getForm();
  for (const field of form.getFields()) {
    if (field instanceof PDFTextField || field instanceof PDFDropdown || field instanceof PDFOptionList) {
      field.updateAppearances(font);
    }
  }
}

// ------------------------------------------------------------------ reading and filling

/** Every code a read can fail with; each has a message `pdf.errors.<code>`. */
export const PDF_ERROR_CODES = ["not_pdf", "too_large", "encrypted", "corrupt", "not_intake_form", "invalid_fields", "ura_mismatch"] as const;
export type PdfErrorCode = (typeof PDF_ERROR_CODES)[number];

/** Why one field of a returned form is refused; each has a message `pdf.field_errors.<code>`. */
export const INTAKE_FIELD_ERROR_CODES = ["ura_invalid", "date_invalid", "email_invalid", "phone_invalid", "vendor_unknown"] as const;
export type IntakeFieldErrorCode = (typeof INTAKE_FIELD_ERROR_CODES)[number];

export interface FieldError {
  field: string;
  code: IntakeFieldErrorCode;
  /** The value as typed, for the message. */
  value: string;
}

/** A code (and the refused fields), never a sentence: pdfErrorText puts it into words. */
export interface PdfError {
  code: PdfErrorCode;
  fields?: FieldError[];
}

export type PdfResult<T> = ({ ok: true } & T) | { ok: false; error: PdfError };

function fail(code: Exclude<PdfErrorCode, "invalid_fields">): { ok: false; error: PdfError } {
  return { ok: false, error: { code } };
}

/** One refused field in words: "Livegang op DUO: "31-02-2027" is geen geldige datum. …" */
export function fieldErrorText(f: FieldError, locale: Locale = "nl"): string {
  return pdfText(locale)(`field_errors.${f.code}`, { label: intakeFieldLabel(f.field, locale), value: f.value });
}

/** A read error in words, for the person who uploaded the file (invalid fields: every field's text). */
export function pdfErrorText(e: PdfError, locale: Locale = "nl"): string {
  const t = pdfText(locale);
  if (e.code !== "invalid_fields") return t(`errors.${e.code}`);
  const fields = e.fields ?? [];
  return t("errors.invalid_fields", { count: fields.length, details: fields.map((f) => fieldErrorText(f, locale)).join(" ") });
}

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(Math.max(0, from), Math.min(bytes.length, to)));

/** Loads untrusted PDF bytes, mapping every failure to a code. */
export async function loadUntrustedPdf(
  bytes: Uint8Array,
  opts: { maxBytes?: number } = {},
): Promise<PdfResult<{ doc: PDFDocument }>> {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8) return fail("not_pdf");
  if (bytes.length > (opts.maxBytes ?? UPLOAD_MAX_BYTES)) return fail("too_large");
  // The spec allows junk before the header; readers accept it within the first 1 KB.
  if (!ascii(bytes, 0, 1024).includes("%PDF-")) return fail("not_pdf");
  // A file cut off during upload loses its trailer; pdf-lib would quietly recover what it can.
  if (!ascii(bytes, bytes.length - 1024, bytes.length).includes("%%EOF")) return fail("corrupt");
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    if (doc.isEncrypted) return fail("encrypted");
    doc.getPages(); // forces the page tree: a broken catalog fails here, not later
    return { ok: true, doc };
  } catch (err) {
    // pdf-lib's error classes lose their prototype when down-levelled, so instanceof alone is
    // not enough. An encrypted file usually fails earlier, on its encrypted object streams:
    // its trailer (or xref stream dictionary, both stored uncompressed) names /Encrypt.
    const message = err instanceof Error ? err.message : "";
    if (err instanceof EncryptedPDFError || /is encrypted/i.test(message)) return fail("encrypted");
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes("/Encrypt")) return fail("encrypted");
    return fail("corrupt");
  }
}

export interface IntakeContact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface IntakeValues {
  formVersion: string | null;
  institution: { name: string | null; ura: string | null; agb: string | null };
  contacts: Record<"project_lead" | "ciso" | "fg" | "technical", IntakeContact>;
  vendor: VendorKey | null;
  /** ISO dates (YYYY-MM-DD) or null when left empty. */
  planned: Record<"twiin_signed" | "mitz_connected" | "dpia_completed" | "go_live", string | null>;
  remarks: string | null;
  /** Every field of the form by name, trimmed, as typed. */
  fields: Record<string, string>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+()\d][\d\s()\-.]{5,19}$/;

function readFieldValue(field: ReturnType<ReturnType<PDFDocument["getForm"]>["getFields"]>[number]): string {
  try {
    if (field instanceof PDFTextField) return field.getText() ?? "";
    if (field instanceof PDFDropdown || field instanceof PDFOptionList) return field.getSelected()[0] ?? "";
    if (field instanceof PDFRadioGroup) return field.getSelected() ?? "";
    if (field instanceof PDFCheckBox) return field.isChecked() ? "ja" : "";
  } catch {
    // Rich text and other exotic values: treat as empty rather than fail the whole form.
  }
  return "";
}

/**
 * Reads a returned intake form. Refuses non-PDFs, encrypted or corrupt PDFs and PDFs
 * without the intake fields; validates dates, e-mail addresses, phone numbers and the vendor;
 * with `expectedUra` also refuses a form of another institution.
 */
export async function readIntakeForm(
  bytes: Uint8Array,
  opts: { expectedUra?: string; maxBytes?: number } = {},
): Promise<PdfResult<{ values: IntakeValues }>> {
  const loaded = await loadUntrustedPdf(bytes, opts);
  if (!loaded.ok) return loaded;
  let fields: Record<string, string>;
  try {
    const form = loaded.doc.getForm();
    fields = {};
    for (const f of form.getFields()) fields[f.getName()] = readFieldValue(f).trim();
  } catch {
    return fail("corrupt");
  }
  if (!REQUIRED_FIELDS.every((n) => n in fields)) return fail("not_intake_form");

  const errors: FieldError[] = [];
  const get = (name: string) => (fields[name] ? fields[name] : null);

  const ura = get("institution.ura");
  if (!ura || !/^\d{8}$/.test(ura)) errors.push({ field: "institution.ura", code: "ura_invalid", value: ura ?? "" });

  const planned = {} as IntakeValues["planned"];
  for (const key of ["twiin_signed", "mitz_connected", "dpia_completed", "go_live"] as const) {
    const name = `planned.${key}`;
    const raw = get(name);
    if (!raw) {
      planned[key] = null;
      continue;
    }
    const iso = parseDutchDate(raw);
    if (!iso) errors.push({ field: name, code: "date_invalid", value: raw });
    planned[key] = iso;
  }

  const contacts = {} as IntakeValues["contacts"];
  for (const role of ["project_lead", "ciso", "fg", "technical"] as const) {
    const c: IntakeContact = { name: get(`contact.${role}.name`), email: get(`contact.${role}.email`), phone: get(`contact.${role}.phone`) };
    if (c.email && !EMAIL.test(c.email)) errors.push({ field: `contact.${role}.email`, code: "email_invalid", value: c.email });
    if (c.phone && !PHONE.test(c.phone)) errors.push({ field: `contact.${role}.phone`, code: "phone_invalid", value: c.phone });
    contacts[role] = c;
  }

  const vendorRaw = (get("vendor") ?? "").toLowerCase();
  let vendor: VendorKey | null = null;
  if (vendorRaw) {
    if ((VENDOR_OPTIONS as readonly string[]).includes(vendorRaw)) vendor = vendorRaw as VendorKey;
    else errors.push({ field: "vendor", code: "vendor_unknown", value: get("vendor") ?? "" });
  }

  if (errors.length > 0) {
    return {
      ok: false,
      error: { code: "invalid_fields", fields: errors },
    };
  }
  if (opts.expectedUra && ura !== opts.expectedUra) return fail("ura_mismatch");

  return {
    ok: true,
    values: {
      formVersion: get("intake.form_version"),
      institution: { name: get("institution.name"), ura, agb: get("institution.agb") },
      contacts,
      vendor,
      planned,
      remarks: get("remarks"),
      fields,
    },
  };
}

const TRUTHY = new Set(["ja", "yes", "true", "1", "x", "on", "waar"]);

/**
 * Fills an uploaded template PDF whose fields are named after portal data. Fields without a
 * value are left alone, values without a field are reported in `ignored`.
 */
export async function fillAcroForm(
  templateBytes: Uint8Array,
  values: Record<string, string>,
  opts: {
    flatten?: boolean;
    maxBytes?: number;
    /** Draws on the filled document before it is saved (running headers), with the fonts already embedded. */
    beforeSave?: (doc: PDFDocument, fonts: Fonts) => void | Promise<void>;
  } = {},
): Promise<PdfResult<{ bytes: Uint8Array; filled: string[]; ignored: string[] }>> {
  const loaded = await loadUntrustedPdf(templateBytes, { maxBytes: opts.maxBytes ?? 50 * 1024 * 1024 });
  if (!loaded.ok) return loaded;
  const doc = loaded.doc;
  try {
    const form = doc.getForm();
    const fonts = await embedFonts(doc);
    const font = fonts.regular;
    const filled: string[] = [];
    const matched = new Set<string>();
    for (const field of form.getFields()) {
      const name = field.getName();
      if (!(name in values)) continue;
      matched.add(name);
      const raw = values[name] ?? "";
      const value = sanitizeText(raw, fonts.metrics.regular);
      let ok = true;
      if (field instanceof PDFTextField) {
        const max = field.getMaxLength();
        field.setText(max !== undefined ? value.slice(0, max) : value);
        field.updateAppearances(font);
      } else if (field instanceof PDFDropdown) {
        const opt = field.getOptions().find((o) => o.toLowerCase() === value.toLowerCase());
        if (opt !== undefined) field.select(opt);
        else if (field.isEditable()) field.select(value);
        else ok = false;
        if (ok) field.updateAppearances(font);
      } else if (field instanceof PDFOptionList) {
        const opt = field.getOptions().find((o) => o.toLowerCase() === value.toLowerCase());
        if (opt !== undefined) {
          field.select(opt);
          field.updateAppearances(font);
        } else ok = false;
      } else if (field instanceof PDFCheckBox) {
        if (TRUTHY.has(value.trim().toLowerCase())) field.check();
        else field.uncheck();
      } else if (field instanceof PDFRadioGroup) {
        const opt = field.getOptions().find((o) => o.toLowerCase() === value.toLowerCase());
        if (opt !== undefined) field.select(opt);
        else ok = false;
      } else ok = false;
      if (ok) filled.push(name);
    }
    if (opts.flatten) {
      updateFormAppearances(doc, font);
      form.flatten();
    }
    // One embedding of the font per document: a second subset under the same name confuses viewers.
    if (opts.beforeSave) await opts.beforeSave(doc, fonts);
    const ignored = Object.keys(values).filter((k) => !matched.has(k) || !filled.includes(k));
    const bytes = await doc.save({ objectsPerTick: Infinity, updateFieldAppearances: false });
    return { ok: true, bytes, filled, ignored };
  } catch {
    return fail("corrupt");
  }
}

// ------------------------------------------------------------------ preview of changes

/** One changed field; its label is intakeFieldLabel(field, locale). */
export interface IntakeChange {
  field: string;
  from: string | null;
  to: string;
}

/** The form's editable values as a flat map by field name (dates as ISO YYYY-MM-DD). */
export function flattenIntakeValues(values: IntakeValues): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [role, c] of Object.entries(values.contacts)) {
    out[`contact.${role}.name`] = c.name;
    out[`contact.${role}.email`] = c.email;
    out[`contact.${role}.phone`] = c.phone;
  }
  out.vendor = values.vendor;
  for (const [k, v] of Object.entries(values.planned)) out[`planned.${k}`] = v;
  out.remarks = values.remarks;
  return out;
}

/**
 * What applying a returned form would change, for the confirmation preview. `current` holds
 * the portal's values under the same field names. An empty form field is not a change: a
 * field left blank must not erase what the portal already knows. E-mail addresses compare
 * case-insensitively; read-only institution fields are never changes.
 */
export function intakeChanges(values: IntakeValues, current: Record<string, string | null | undefined>): IntakeChange[] {
  const next = flattenIntakeValues(values);
  const changes: IntakeChange[] = [];
  for (const def of INTAKE_FIELDS) {
    if (def.readOnly || !(def.name in next)) continue;
    const to = next[def.name];
    if (to === null || to === "") continue;
    const from = current[def.name] ?? null;
    const same = def.kind === "email" ? (from ?? "").trim().toLowerCase() === to.toLowerCase() : (from ?? "").trim() === to;
    if (!same) changes.push({ field: def.name, from: from && from.trim() ? from : null, to });
  }
  return changes;
}
