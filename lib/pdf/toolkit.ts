/**
 * The DUO toolkit documents, personalised per institution: one document, or the whole pack
 * (cover, table of contents with page numbers, bookmarks) as a single PDF. Options in, bytes out.
 */
import { PDFHexString, PDFName, PDFNull, type PDFDocument, type PDFPage, type PDFRef } from "pdf-lib";
import { COLORS, Layout, type Block } from "./layout";
import { formatDate, formatDateTime } from "./format";
import { makeContext, onboardingBlocks, type ContentContext } from "./content/shared";
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
  nl: string;
  en: string;
  audience: { nl: string; en: string };
  /** True when the generated PDF contains form fields. */
  fillable: boolean;
}

export const DOCUMENT_TYPES: readonly DocumentTypeInfo[] = [
  { id: "agreement", nl: "Deelnameovereenkomst DUO", en: "DUO participation agreement", audience: { nl: "Bestuur, projectleider, juridische zaken", en: "Board, project lead, legal" }, fillable: false },
  { id: "dpia_guide", nl: "DPIA-handreiking", en: "DPIA guide", audience: { nl: "FG, CISO, projectleider", en: "DPO, CISO, project lead" }, fillable: false },
  { id: "architecture", nl: "Architectuuroverzicht", en: "Architecture overview", audience: { nl: "Architecten, ICT-beheer, CISO", en: "Architects, IT operations, CISO" }, fillable: false },
  { id: "implementation_plan", nl: "Implementatieplan", en: "Implementation plan", audience: { nl: "Projectleider, stuurgroep", en: "Project lead, steering group" }, fillable: false },
  { id: "intake_form", nl: "Intakeformulier", en: "Intake form", audience: { nl: "Projectleider", en: "Project lead" }, fillable: true },
  { id: "handout_management", nl: "Handout bestuur en management", en: "Hand-out for board and management", audience: { nl: "Raad van bestuur, management", en: "Board, management" }, fillable: false },
  { id: "handout_ciso_fg", nl: "Handout CISO en FG", en: "Hand-out for CISO and DPO", audience: { nl: "CISO, functionaris gegevensbescherming", en: "CISO, data protection officer" }, fillable: false },
  { id: "handout_radiologists", nl: "Handout radiologen", en: "Hand-out for radiologists", audience: { nl: "Radiologen, laboranten, verwijzers", en: "Radiologists, technologists, referrers" }, fillable: false },
  { id: "handout_patients", nl: "Informatie voor patiënten", en: "Information for patients", audience: { nl: "Patiënten en bezoekers", en: "Patients and visitors" }, fillable: false },
];

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
  const info = DOCUMENT_TYPES.find((d) => d.id === type)!;
  return info[locale];
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
  const info = DOCUMENT_TYPES.find((d) => d.id === type)!;
  const title = info[ctx.locale];
  const start = layout.startSection({ title, version: version.label, institution: opts.institution.name });
  layout.heading(title, 1);
  layout.paragraph(`${ctx.t("Voor", "For")}: ${info.audience[ctx.locale]}`, { muted: true, size: 9, after: 4 });
  layout.keyValues([
    [ctx.t("Opgesteld voor", "Prepared for"), `${opts.institution.name} (URA ${opts.institution.ura})`],
    [ctx.t("Versie", "Version"), `${version.label}, ${ctx.t("gepubliceerd op", "published on")} ${formatDate(version.publishedOn)}`],
    [ctx.t("Wijziging in deze versie", "Change in this version"), version.changeNote || "—"],
  ]);
  layout.render(CONTENT[type](ctx));
  return start;
}

async function newLayout(opts: ToolkitOptions, title: string): Promise<Layout> {
  return Layout.create({
    generatedAt: opts.generatedAt,
    locale: opts.locale,
    footerNote: "DUO-toolkit",
    metadata: {
      title: `${title} — ${opts.institution.name}`,
      subject: `DUO-toolkit voor ${opts.institution.name} (URA ${opts.institution.ura})`,
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
  const t = (nl: string, en: string) => (opts.locale === "en" ? en : nl);
  const x = layout.left;
  const w = layout.contentWidth;
  let y = layout.top - 118;
  page.drawRectangle({ x: 0, y: y - 6, width: layout.pageWidth, height: 118, color: COLORS.accent });
  layout.text(page, "DUO-toolkit", { x, y: y + 70, size: 30, bold: true, color: COLORS.white });
  layout.text(page, t("Landelijke beeldbeschikbaarheid radiologie", "National availability of radiology images"), { x, y: y + 44, size: 13, color: COLORS.white });
  layout.text(page, "Decentrale Uitwisseling Onderling (DUO)", { x, y: y + 24, size: 10, color: COLORS.accentLight });
  y -= 60;
  layout.text(page, t("Persoonlijk exemplaar voor", "Personal copy for"), { x, y, size: 10, color: COLORS.muted });
  y -= 8;
  const nameLines = layout.wrap(opts.institution.name, 20, w, true);
  layout.drawLines(page, nameLines, x, y, 20, COLORS.text);
  y -= nameLines.length * layout.lineHeight(20) + 10;
  layout.y = y;
  layout.keyValues([
    ["URA", opts.institution.ura],
    ["AGB", opts.institution.agb || "—"],
    [t("Vestigingsplaats", "City"), [opts.institution.city, opts.institution.province].filter(Boolean).join(", ") || "—"],
    [t("Leverancier", "Vendor"), makeContext(opts, opts.version).vendorInfra],
    [t("Gereedheid", "Readiness"), `${Math.round(opts.onboarding.readinessPercent)} % — ${opts.onboarding.phaseLabel}`],
    [t("Toolkitversie", "Toolkit version"), `${opts.version.label} (${formatDate(opts.version.publishedOn)})`],
    [t("Samengesteld op", "Compiled on"), formatDateTime(opts.generatedAt)],
  ]);
  layout.y -= 10;
  layout.paragraph(
    t(
      "Deze toolkit ondersteunt uw instelling bij de aansluiting op DUO: de landelijke tijdlijn van radiologische beeldonderzoeken en verslagen, waarin de XDS-infrastructuren van Enovation en Founda Health en de Beeldtijdlijn van Alphatron één netwerk vormen, met toestemming en lokalisatie via Mitz. De documenten zijn gepersonaliseerd met de gegevens die het onboarding-portaal op het moment van samenstellen over uw instelling bevat.",
      "This toolkit supports your institution in connecting to DUO. The documents are personalised with the data the onboarding portal holds on your institution at the time of compilation; the body text is in Dutch.",
    ),
  );
  layout.note(
    t(
      "Vertrouwelijk: dit pakket bevat de technische en organisatorische gegevens van uw aansluiting. Deel het binnen uw instelling met wie het nodig heeft; CISO en FG bevestigen de kennisname in het portaal.",
      "Confidential: this pack contains the technical and organisational data of your connection.",
    ),
  );
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
  const t = (nl: string, en: string) => (locale === "en" ? en : nl);
  const types = [...new Set(opts.documentTypes ?? DOCUMENT_TYPE_IDS)];
  for (const type of types) if (!isDocumentType(type)) throw new TypeError(`toolkit: unknown document type "${String(type)}"`);
  const versionOf = (type: DocumentType) => opts.versions?.[type] ?? opts.version;

  const layout = await newLayout(opts, "DUO-toolkit");
  const header = { title: t("DUO-toolkit — volledig pakket", "DUO toolkit — complete pack"), version: opts.version.label, institution: opts.institution.name };
  layout.startSection(header);
  drawCover(layout, layout.page!, opts);

  // Table of contents: space is reserved now, the page numbers are drawn once known.
  layout.startSection(header);
  const tocPageIndex = layout.pageNumber - 1;
  layout.heading(t("Inhoud", "Contents"), 1);
  const rowH = 19;
  let tocTop = 0;
  layout.custom(types.length * rowH + 6, (c) => {
    tocTop = c.top;
  });
  layout.heading(t("Versies in dit pakket", "Versions in this pack"), 2);
  const distinct = new Set(types.map((type) => JSON.stringify(versionOf(type))));
  if (distinct.size === 1) {
    const v = versionOf(types[0]);
    layout.keyValues([
      [t("Versie", "Version"), `${v.label}, ${t("gepubliceerd op", "published on")} ${formatDate(v.publishedOn)} (${t("alle documenten", "all documents")})`],
      [t("Wijziging", "Change"), v.changeNote || "—"],
    ]);
  } else layout.table(
    [
      { header: t("Document", "Document"), width: 0.32 },
      { header: t("Versie", "Version"), width: 0.1 },
      { header: t("Gepubliceerd", "Published"), width: 0.16 },
      { header: t("Wijziging", "Change"), width: 0.42 },
    ],
    types.map((type) => {
      const v = versionOf(type);
      return [documentTitle(type, locale), v.label, formatDate(v.publishedOn), v.changeNote || "—"];
    }),
  );
  layout.heading(t("Stand van de aansluiting", "Onboarding state"), 2);
  layout.render(onboardingBlocks(makeContext(opts, opts.version)).slice(0, 1));
  layout.paragraph(
    t(
      "De toolkit is samengesteld uit de gegevens die op het moment van samenstellen in het onboarding-portaal stonden. Download na wijzigingen in het portaal een nieuw exemplaar; oudere versies van de documenten blijven in het portaal beschikbaar.",
      "The toolkit reflects the portal data at the moment of compilation.",
    ),
    { muted: true, size: 8.5 },
  );

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
      { title: t("Inhoud", "Contents"), pageIndex: tocPageIndex },
      ...starts.map((s) => ({ title: documentTitle(s.type, locale), pageIndex: s.page - 1 })),
    ],
  );
  return layout.save();
}
