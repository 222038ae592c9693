/**
 * Personalised PDFs from template versions: generated versions through lib/pdf, uploaded
 * versions by filling their AcroForm fields (and stamping a running header and footer with
 * document, version, institution and generation time on every page).
 */
import { PDFDocument, rgb } from "pdf-lib";
import { AppError } from "@/lib/errors";
import { documentTitle, fillAcroForm, formatDateTime, generateDocument, generatePack } from "@/lib/pdf";
import { sanitizeText, type Fonts } from "@/lib/pdf/fonts";
import { pdfText } from "@/lib/pdf/texts";
import type { DocumentType, Locale, ToolkitOptions, VersionInfo } from "@/lib/pdf/types";
import { acroFormValues, type ToolkitData } from "./personalise";

export type RenderableTemplate = {
  id: string;
  documentType: string;
  versionLabel: string;
  changeNote: string;
  source: "generated" | "uploaded";
  publishedAt: Date | null;
  createdAt: Date;
  data: Buffer | Uint8Array | null;
};

export function versionInfo(t: RenderableTemplate): VersionInfo {
  return { label: t.versionLabel, publishedOn: t.publishedAt ?? t.createdAt, changeNote: t.changeNote };
}

function optionsFor(data: ToolkitData, version: VersionInfo, generatedAt: Date, locale: Locale): ToolkitOptions {
  return { version, institution: data.institution, endpoints: data.endpoints, onboarding: data.onboarding, generatedAt, locale };
}

function stampPages(doc: PDFDocument, fonts: Fonts, label: { title: string; version: string; institution: string; generatedAt: Date }, locale: Locale): void {
  const clean = (s: string) => sanitizeText(s, fonts.metrics.regular);
  const t = pdfText(locale);
  const header = clean(t("stamp.header", { title: label.title, version: label.version, institution: label.institution }));
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const { width, height } = page.getSize();
    const footer = clean(t("stamp.footer", { time: formatDateTime(label.generatedAt), page: String(i + 1), pages: String(pages.length) }));
    const size = 7.5;
    const color = rgb(0.35, 0.38, 0.42);
    page.drawText(header, { x: 36, y: height - 20, size, font: fonts.regular, color, maxWidth: width - 72 });
    page.drawText(footer, { x: 36, y: 14, size, font: fonts.regular, color, maxWidth: width - 72 });
  });
  doc.setTitle(`${label.title} — ${label.institution}`);
}

async function renderUploaded(template: RenderableTemplate, data: ToolkitData, generatedAt: Date, locale: Locale): Promise<Uint8Array> {
  if (!template.data) throw new AppError("internal", "toolkit.errors.template_no_file");
  const title = documentTitle(template.documentType as DocumentType, locale);
  const version = versionInfo(template);
  const values = acroFormValues({ institution: data.institution, onboarding: data.onboarding, generatedAt }, version, title);
  const label = { title, version: version.label, institution: data.institution.name, generatedAt };
  const filled = await fillAcroForm(new Uint8Array(template.data), values, { flatten: true, beforeSave: (doc, fonts) => stampPages(doc, fonts, label, locale) });
  if (!filled.ok) throw new AppError("internal", `pdf.errors.${filled.error.code}`);
  return filled.bytes;
}

/** One personalised document of one version. */
export async function renderTemplate(opts: { template: RenderableTemplate; data: ToolkitData; generatedAt: Date; locale?: Locale }): Promise<Uint8Array> {
  const { template, data, generatedAt } = opts;
  const locale = opts.locale ?? "nl";
  if (template.source === "uploaded") return renderUploaded(template, data, generatedAt, locale);
  return generateDocument(template.documentType as DocumentType, optionsFor(data, versionInfo(template), generatedAt, locale));
}

/**
 * The whole pack of the given (current) versions as one PDF: the generated documents with
 * cover, contents and bookmarks; uploaded versions follow as filled, stamped pages.
 */
export async function renderPack(opts: { templates: readonly RenderableTemplate[]; data: ToolkitData; generatedAt: Date; locale?: Locale }): Promise<Uint8Array> {
  const generated = opts.templates.filter((t) => t.source === "generated");
  const uploaded = opts.templates.filter((t) => t.source === "uploaded");
  if (opts.templates.length === 0) throw new AppError("not_found", "toolkit.no_published");
  const newest = [...opts.templates].sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0))[0];
  let bytes: Uint8Array;
  if (generated.length > 0) {
    bytes = await generatePack({
      ...optionsFor(opts.data, versionInfo(newest), opts.generatedAt, opts.locale ?? "nl"),
      documentTypes: generated.map((t) => t.documentType as DocumentType),
      versions: Object.fromEntries(generated.map((t) => [t.documentType, versionInfo(t)])),
    });
  } else {
    const empty = await PDFDocument.create();
    bytes = await empty.save();
  }
  if (uploaded.length === 0) return bytes;
  const pack = await PDFDocument.load(bytes, { updateMetadata: false });
  for (const t of uploaded) {
    const part = await PDFDocument.load(await renderUploaded(t, opts.data, opts.generatedAt, opts.locale ?? "nl"), { updateMetadata: false });
    const pages = await pack.copyPages(part, part.getPageIndices());
    for (const p of pages) pack.addPage(p);
  }
  return pack.save({ objectsPerTick: Infinity, updateFieldAppearances: false });
}

/** "DUO-toolkit - DPIA-handreiking - v1.1 - Ziekenhuis X.pdf" */
export function downloadFilename(parts: { title: string; version?: string; institution: string }): string {
  const name = [parts.title, parts.version ? `v${parts.version}` : null, parts.institution].filter(Boolean).join(" - ");
  return `${name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "").slice(0, 150)}.pdf`;
}
