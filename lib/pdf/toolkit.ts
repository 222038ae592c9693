/**
 * The DUO toolkit documents, personalised per institution: one document, or the whole pack
 * (cover, table of contents with page numbers, bookmarks) as a single PDF. Options in, bytes out.
 */
import { PDFHexString, PDFName, PDFNull, type PDFDocument, type PDFPage, type PDFRef } from "pdf-lib";
import { COLORS, Layout, type Block } from "./layout";
import { formatDate, formatDateTime } from "./format";
import { makeContext, onboardingBlocks, toolkitVariant, type ContentContext } from "./content/shared";
import { agreementContent } from "./content/agreement";
import { dpiaGuideContent } from "./content/dpia-guide";
import { architectureContent } from "./content/architecture";
import { implementationPlanContent } from "./content/implementation-plan";
import {
  handoutCisoFgContent,
  handoutManagementContent,
  handoutPatientsContent,
  handoutRadiologistsContent,
} from "./content/handouts";
import { intakeFormContent } from "./intake-form";
import { pdfText } from "./texts";
import {
  DOCUMENT_TYPE_IDS,
  type DocumentOptions,
  type DocumentType,
  type Locale,
  type PackOptions,
  type ToolkitOptions,
  type VersionInfo,
} from "./types";

export interface DocumentTypeInfo {
  id: DocumentType;
  /** True when the generated PDF contains form fields. */
  fillable: boolean;
}

/** The documents in pack order; titles and audiences are messages `pdf.documents.<id>.title|audience`. */
export const DOCUMENT_TYPES: readonly DocumentTypeInfo[] = DOCUMENT_TYPE_IDS.map((id) => ({ id, fillable: id === "intake_form" }));

const CONTENT: Record<DocumentType, (ctx: ContentContext) => Block[]> = {
  agreement: agreementContent,
  dpia_guide: dpiaGuideContent,
  architecture: architectureContent,
  implementation_plan: implementationPlanContent,
  intake_form: intakeFormContent,
  handout_management: handoutManagementContent,
  handout_ciso_fg: handoutCisoFgContent,
  handout_radiologists: handoutRadiologistsContent,
  handout_patients: handoutPatientsContent,
};

export function isDocumentType(v: unknown): v is DocumentType {
  return typeof v === "string" && (DOCUMENT_TYPE_IDS as readonly string[]).includes(v);
}

export function documentTitle(type: DocumentType, locale: Locale = "nl"): string {
  return pdfText(locale)(`documents.${type}.title`);
}

/** Who a document is for ("FG, CISO, projectleider"). */
export function documentAudience(type: DocumentType, locale: Locale = "nl"): string {
  return pdfText(locale)(`documents.${type}.audience`);
}

function assertOptions(opts: ToolkitOptions): void {
  if (!opts || !opts.institution || !opts.version) throw new TypeError("toolkit: institution and version are required");
  if (!(opts.generatedAt instanceof Date) || Number.isNaN(opts.generatedAt.getTime())) {
    throw new TypeError("toolkit: generatedAt must be a valid Date");
  }
}

/** Renders one document into the layout, starting on a new page; returns its first page number. */
function renderDocument(layout: Layout, type: DocumentType, opts: ToolkitOptions, version: VersionInfo): number {
  const ctx = makeContext(opts, version);
  const title = documentTitle(type, ctx.locale);
  const start = layout.startSection({ title, version: version.label, institution: opts.institution.name });
  layout.heading(title, 1);
  layout.paragraph(`${ctx.t("document.audience")}: ${documentAudience(type, ctx.locale)}`, { muted: true, size: 9, after: 4 });
  layout.keyValues([
    [ctx.t("document.prepared_for"), `${opts.institution.name} (URA ${opts.institution.ura})`],
    [ctx.t("document.version"), `${version.label}, ${ctx.t("document.published_on")} ${formatDate(version.publishedOn)}`],
    [ctx.t("document.change_in_version"), version.changeNote || "—"],
  ]);
  layout.render(CONTENT[type](ctx));
  return start;
}

async function newLayout(opts: ToolkitOptions, title: string): Promise<Layout> {
  const toolkit = pdfText(opts.locale ?? "nl")(`variants.${toolkitVariant(opts.institution.vendor)}.name`);
  return Layout.create({
    generatedAt: opts.generatedAt,
    locale: opts.locale,
    footerNote: toolkit,
    metadata: {
      title: `${title} — ${opts.institution.name}`,
      subject: `${toolkit} ${opts.institution.name} (URA ${opts.institution.ura})`,
      keywords: ["DUO", "beeldbeschikbaarheid", "toolkit", `URA ${opts.institution.ura}`],
    },
  });
}

/** One personalised toolkit document. */
export async function generateDocument(type: DocumentType, opts: ToolkitOptions): Promise<Uint8Array> {
  if (!isDocumentType(type)) throw new TypeError(`toolkit: unknown document type "${String(type)}"`);
  assertOptions(opts);
  const layout = await newLayout(opts, documentTitle(type, opts.locale));
  renderDocument(layout, type, opts, opts.version);
  return layout.save();
}

/** Same as generateDocument, with the type inside the options. */
export function generateToolkitDocument(opts: DocumentOptions): Promise<Uint8Array> {
  return generateDocument(opts.documentType, opts);
}

export const generators: Record<DocumentType, (opts: ToolkitOptions) => Promise<Uint8Array>> = Object.fromEntries(
  DOCUMENT_TYPE_IDS.map((t) => [t, (opts: ToolkitOptions) => generateDocument(t, opts)]),
) as Record<DocumentType, (opts: ToolkitOptions) => Promise<Uint8Array>>;

function drawCover(layout: Layout, page: PDFPage, opts: PackOptions): void {
  const t = pdfText(opts.locale ?? "nl");
  const x = layout.left;
  const w = layout.contentWidth;
  let y = layout.top - 118;
  page.drawRectangle({ x: 0, y: y - 6, width: layout.pageWidth, height: 118, color: COLORS.accent });
  const variant = toolkitVariant(opts.institution.vendor);
  layout.text(page, t(`variants.${variant}.name`), { x, y: y + 70, size: 30, bold: true, color: COLORS.white });
  layout.text(page, t("cover.subtitle"), { x, y: y + 44, size: 13, color: COLORS.white });
  layout.text(page, "Decentrale Uitwisseling Onderling (DUO)", { x, y: y + 24, size: 10, color: COLORS.accentLight });
  y -= 60;
  layout.text(page, t("cover.personal_copy"), { x, y, size: 10, color: COLORS.muted });
  y -= 8;
  const nameLines = layout.wrap(opts.institution.name, 20, w, true);
  layout.drawLines(page, nameLines, x, y, 20, COLORS.text);
  y -= nameLines.length * layout.lineHeight(20) + 10;
  layout.y = y;
  layout.keyValues([
    ["URA", opts.institution.ura],
    ["AGB", opts.institution.agb || "—"],
    [t("cover.city"), [opts.institution.city, opts.institution.province].filter(Boolean).join(", ") || "—"],
    [t("cover.vendor"), makeContext(opts, opts.version).vendorInfra],
    [t("cover.readiness"), `${Math.round(opts.onboarding.readinessPercent)} % — ${opts.onboarding.phaseLabel}`],
    [t("cover.toolkit_version"), `${opts.version.label} (${formatDate(opts.version.publishedOn)})`],
    [t("cover.compiled_on"), formatDateTime(opts.generatedAt)],
  ]);
  layout.y -= 10;
  layout.paragraph(t(variant === "beeldtijdlijn" ? "variants.beeldtijdlijn.intro" : "cover.intro"));
  layout.note(t("cover.confidential"));
}

function addOutline(doc: PDFDocument, entries: { title: string; pageIndex: number }[]): void {
  if (entries.length === 0) return;
  const ctx = doc.context;
  const pages = doc.getPages();
  const rootRef = ctx.nextRef();
  const refs: PDFRef[] = entries.map(() => ctx.nextRef());
  entries.forEach((e, i) => {
    const dest = ctx.obj([pages[e.pageIndex].ref, PDFName.of("XYZ"), PDFNull, PDFNull, PDFNull]);
    const item = ctx.obj({ Title: PDFHexString.fromText(e.title), Parent: rootRef, Dest: dest });
    if (i > 0) item.set(PDFName.of("Prev"), refs[i - 1]);
    if (i < entries.length - 1) item.set(PDFName.of("Next"), refs[i + 1]);
    ctx.assign(refs[i], item);
  });
  ctx.assign(rootRef, ctx.obj({ Type: "Outlines", First: refs[0], Last: refs[refs.length - 1], Count: entries.length }));
  doc.catalog.set(PDFName.of("Outlines"), rootRef);
  doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}

/** The whole personalised toolkit as one PDF: cover, table of contents, every document. */
export async function generatePack(opts: PackOptions): Promise<Uint8Array> {
  assertOptions(opts);
  const locale = opts.locale ?? "nl";
  const t = pdfText(locale);
  const types = [...new Set(opts.documentTypes ?? DOCUMENT_TYPE_IDS)];
  for (const type of types) if (!isDocumentType(type)) throw new TypeError(`toolkit: unknown document type "${String(type)}"`);
  const versionOf = (type: DocumentType) => opts.versions?.[type] ?? opts.version;

  const variant = toolkitVariant(opts.institution.vendor);
  const layout = await newLayout(opts, t(`variants.${variant}.name`));
  const header = { title: t(`variants.${variant}.pack_title`), version: opts.version.label, institution: opts.institution.name };
  layout.startSection(header);
  drawCover(layout, layout.page!, opts);

  // Table of contents: space is reserved now, the page numbers are drawn once known.
  layout.startSection(header);
  const tocPageIndex = layout.pageNumber - 1;
  layout.heading(t("pack.contents"), 1);
  const rowH = 19;
  let tocTop = 0;
  layout.custom(types.length * rowH + 6, (c) => {
    tocTop = c.top;
  });
  layout.heading(t("pack.versions"), 2);
  const distinct = new Set(types.map((type) => JSON.stringify(versionOf(type))));
  if (distinct.size === 1) {
    const v = versionOf(types[0]);
    layout.keyValues([
      [t("pack.version"), `${v.label}, ${t("pack.published_on")} ${formatDate(v.publishedOn)} (${t("pack.all_documents")})`],
      [t("pack.change"), v.changeNote || "—"],
    ]);
  } else layout.table(
    [
      { header: t("pack.document"), width: 0.32 },
      { header: t("pack.version"), width: 0.1 },
      { header: t("pack.published"), width: 0.16 },
      { header: t("pack.change"), width: 0.42 },
    ],
    types.map((type) => {
      const v = versionOf(type);
      return [documentTitle(type, locale), v.label, formatDate(v.publishedOn), v.changeNote || "—"];
    }),
  );
  layout.heading(t("pack.onboarding_state"), 2);
  layout.render(onboardingBlocks(makeContext(opts, opts.version)).slice(0, 1));
  layout.paragraph(t("pack.compiled_from"), { muted: true, size: 8.5 });

  const starts: { type: DocumentType; page: number }[] = [];
  for (const type of types) starts.push({ type, page: renderDocument(layout, type, opts, versionOf(type)) });

  const tocPage = layout.doc.getPages()[tocPageIndex];
  starts.forEach((s, i) => {
    const baseline = tocTop - i * rowH - 13;
    const title = `${i + 1}.  ${documentTitle(s.type, locale)}`;
    const num = String(s.page);
    const right = layout.left + layout.contentWidth;
    const tw = layout.text(tocPage, title, { x: layout.left, y: baseline, size: 10.5, bold: true, color: COLORS.text });
    const nw = layout.textWidth(num, 10.5);
    tocPage.drawLine({
      start: { x: layout.left + tw + 6, y: baseline + 1 },
      end: { x: right - nw - 6, y: baseline + 1 },
      thickness: 0.8,
      color: COLORS.rule,
      dashArray: [1, 2.5],
    });
    layout.text(tocPage, num, { x: right, y: baseline, size: 10.5, align: "right", color: COLORS.accent, bold: true });
  });
  addOutline(
    layout.doc,
    [
      { title: t("pack.contents"), pageIndex: tocPageIndex },
      ...starts.map((s) => ({ title: documentTitle(s.type, locale), pageIndex: s.page - 1 })),
    ],
  );
  return layout.save();
}
