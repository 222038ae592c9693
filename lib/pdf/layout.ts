/**
 * A small flowing layout engine on top of pdf-lib: A4 pages, headings, wrapped paragraphs
 * with inline bold, bullet lists, tables with wrapping cells that break across pages (the
 * header row is repeated), key/value blocks, notes, signature blocks and custom drawings,
 * and a running header/footer ("pagina X van Y") drawn once all pages exist.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, type RGB } from "pdf-lib";
import { embedFonts, sanitizeText, type FontMetrics, type Fonts } from "./fonts";
import { formatDateTime } from "./format";
import { pdfText } from "./texts";
import type { Locale } from "./types";

export const A4 = { width: 595.28, height: 841.89 } as const;

export const COLORS = {
  text: rgb(0.12, 0.13, 0.16),
  muted: rgb(0.4, 0.43, 0.48),
  accent: rgb(0.04, 0.27, 0.5),
  accentLight: rgb(0.86, 0.91, 0.97),
  rule: rgb(0.77, 0.8, 0.85),
  zebra: rgb(0.965, 0.972, 0.985),
  white: rgb(1, 1, 1),
} as const;

export type Run = { text: string; bold?: boolean };
/** Plain text, or runs; in plain text `**bold**` marks bold and `\n` a hard line break. */
export type RichText = string | Run[];

export interface RunningHeader {
  /** Document type, e.g. "Deelnameovereenkomst DUO". */
  title: string;
  /** Version label, e.g. "2.1". */
  version: string;
  institution: string;
}

export interface TableColumn {
  header: string;
  /** Fraction of the content width (fractions are normalised to sum to 1). */
  width: number;
}

export interface CustomContext {
  page: PDFPage;
  x: number;
  /** Top edge of the reserved area (PDF coordinates grow upwards). */
  top: number;
  width: number;
  height: number;
  layout: Layout;
}

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; text: RichText; muted?: boolean; size?: number }
  | { kind: "bullets"; items: RichText[]; ordered?: boolean }
  | { kind: "table"; columns: TableColumn[]; rows: RichText[][] }
  | { kind: "keyValues"; pairs: [string, RichText][] }
  | { kind: "note"; title?: string; text: RichText }
  | { kind: "signatures"; parties: string[] }
  | { kind: "spacer"; height: number }
  | { kind: "pageBreak" }
  | { kind: "custom"; height: number | ((layout: Layout) => number); draw: (ctx: CustomContext) => void };

export interface LayoutInit {
  generatedAt: Date;
  locale?: Locale;
  /** Shown at the left of every footer before the generation time. */
  footerNote?: string;
  metadata?: { title: string; subject?: string; keywords?: string[] };
}

type Segment = { text: string; bold: boolean; width: number };
type Line = { segments: Segment[]; width: number };

const BODY = 9.5;
// Keyed by text and measure; only valid because every Layout uses the same bundled fonts.
const WRAP_CACHE = new Map<string, Line[]>();
const WRAP_CACHE_MAX = 20_000;
const LEADING = 1.45;

export class Layout {
  readonly doc: PDFDocument;
  readonly fonts: Fonts;
  readonly locale: Locale;
  readonly margin = { left: 56, right: 56, top: 74, bottom: 64 };
  readonly pageWidth = A4.width;
  readonly pageHeight = A4.height;
  readonly contentWidth = A4.width - 56 - 56;
  /** Current vertical position (top of the next block). */
  y = 0;
  page: PDFPage | null = null;

  private readonly generatedAt: Date;
  private readonly footerNote: string;
  private readonly headers: (RunningHeader | null)[] = [];
  private header: RunningHeader | null = null;
  private finished = false;

  private constructor(doc: PDFDocument, fonts: Fonts, init: LayoutInit) {
    this.doc = doc;
    this.fonts = fonts;
    this.locale = init.locale ?? "nl";
    this.generatedAt = init.generatedAt;
    this.footerNote = init.footerNote ?? "";
  }

  static async create(init: LayoutInit): Promise<Layout> {
    // updateMetadata:false keeps pdf-lib from stamping the wall clock into the file.
    const doc = await PDFDocument.create({ updateMetadata: false });
    const fonts = await embedFonts(doc);
    if (init.metadata) {
      doc.setTitle(init.metadata.title, { showInWindowTitleBar: true });
      if (init.metadata.subject) doc.setSubject(init.metadata.subject);
      if (init.metadata.keywords) doc.setKeywords(init.metadata.keywords);
    }
    doc.setAuthor("Programmabureau Landelijke Beeldbeschikbaarheid");
    doc.setCreator("DUO onboarding portal");
    doc.setProducer("pdf-lib");
    doc.setLanguage(init.locale === "en" ? "en-GB" : "nl-NL");
    doc.setCreationDate(init.generatedAt);
    doc.setModificationDate(init.generatedAt);
    return new Layout(doc, fonts, init);
  }

  get top(): number {
    return this.pageHeight - this.margin.top;
  }
  get bottom(): number {
    return this.margin.bottom;
  }
  get left(): number {
    return this.margin.left;
  }
  get pageCount(): number {
    return this.doc.getPageCount();
  }
  /** 1-based number of the current page. */
  get pageNumber(): number {
    return this.headers.length;
  }
  get remaining(): number {
    return this.y - this.bottom;
  }

  font(bold = false): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }
  metrics(bold = false): FontMetrics {
    return bold ? this.fonts.metrics.bold : this.fonts.metrics.regular;
  }
  clean(text: string, bold = false): string {
    return sanitizeText(text, this.metrics(bold));
  }
  textWidth(text: string, size: number, bold = false): number {
    return this.metrics(bold).width(text, size);
  }

  /** Sets the running header for pages created from now on; `null` means no header. */
  setHeader(header: RunningHeader | null): void {
    this.header = header;
  }

  /** Starts a document (section) on a new page; returns its 1-based page number. */
  startSection(header: RunningHeader | null): number {
    this.setHeader(header);
    this.newPage();
    return this.pageNumber;
  }

  newPage(): PDFPage {
    this.page = this.doc.addPage([this.pageWidth, this.pageHeight]);
    this.headers.push(this.header);
    this.y = this.top;
    return this.page;
  }

  private currentPage(): PDFPage {
    return this.page ?? this.newPage();
  }

  /** Breaks to a new page when fewer than `height` points are left; true if it broke. */
  ensureSpace(height: number): boolean {
    if (!this.page) {
      this.newPage();
      return true;
    }
    if (this.y - height < this.bottom && this.y < this.top) {
      this.newPage();
      return true;
    }
    return false;
  }

  spacer(height: number): void {
    if (this.page && this.y < this.top) this.y = Math.max(this.bottom, this.y - height);
  }

  // ---------------------------------------------------------------- text primitives

  toRuns(text: RichText): Run[] {
    if (typeof text !== "string") return text;
    if (!text.includes("**")) return [{ text }];
    const runs: Run[] = [];
    const parts = text.split("**");
    parts.forEach((part, i) => {
      if (part) runs.push({ text: part, bold: i % 2 === 1 });
    });
    return runs;
  }

  /**
   * Word-wraps runs into lines no wider than `maxWidth`; very long words are split.
   * Plain strings are cached across documents: most of a pack is the same prose for every
   * institution. The returned lines are shared and must not be mutated.
   */
  wrap(text: RichText, size: number, maxWidth: number, forceBold = false): Line[] {
    if (typeof text !== "string") return this.wrapUncached(text, size, maxWidth, forceBold);
    const key = `${size}|${maxWidth.toFixed(2)}|${forceBold ? 1 : 0}|${text}`;
    let lines = WRAP_CACHE.get(key);
    if (!lines) {
      lines = this.wrapUncached(text, size, maxWidth, forceBold);
      if (WRAP_CACHE.size >= WRAP_CACHE_MAX) WRAP_CACHE.clear();
      WRAP_CACHE.set(key, lines);
    }
    return lines;
  }

  private wrapUncached(text: RichText, size: number, maxWidth: number, forceBold: boolean): Line[] {
    const lines: Line[] = [];
    let cur: Segment[] = [];
    let curW = 0;
    let pendingSpace: Segment | null = null;
    const flush = () => {
      lines.push({ segments: mergeSegments(cur), width: curW });
      cur = [];
      curW = 0;
      pendingSpace = null;
    };
    const place = (word: string, bold: boolean) => {
      const w = this.textWidth(word, size, bold);
      const spaceW: number = pendingSpace ? pendingSpace.width : 0;
      if (cur.length === 0 || curW + spaceW + w <= maxWidth) {
        if (cur.length > 0 && pendingSpace) {
          cur.push(pendingSpace);
          curW += spaceW;
        }
        pendingSpace = null;
        if (w <= maxWidth || cur.length > 0) {
          if (w > maxWidth) {
            flush();
            place(word, bold);
            return;
          }
          cur.push({ text: word, bold, width: w });
          curW += w;
          return;
        }
        // A single word wider than the line (a URL, an OID): split it, preferably after
        // a "/", ".", "-" or "_" so that URLs break where a reader expects.
        let chunk = "";
        for (const ch of word) {
          if (chunk && this.textWidth(chunk + ch, size, bold) > maxWidth) {
            let cut = chunk.length;
            for (let k = chunk.length - 1; k >= chunk.length * 0.4; k--) {
              if ("/.-_:?&=".includes(chunk[k])) {
                cut = k + 1;
                break;
              }
            }
            const head = chunk.slice(0, cut);
            cur.push({ text: head, bold, width: this.textWidth(head, size, bold) });
            curW = cur[cur.length - 1].width;
            flush();
            chunk = chunk.slice(cut);
          }
          chunk += ch;
        }
        if (chunk) {
          const cw = this.textWidth(chunk, size, bold);
          cur.push({ text: chunk, bold, width: cw });
          curW = cw;
        }
        return;
      }
      flush();
      place(word, bold);
    };

    for (const run of this.toRuns(text)) {
      const bold = forceBold || !!run.bold;
      const hardLines = run.text.split("\n");
      hardLines.forEach((hard, hi) => {
        if (hi > 0) flush();
        const clean = this.clean(hard, bold);
        for (const token of clean.split(/( +)/)) {
          if (!token) continue;
          if (token.startsWith(" ")) {
            if (cur.length > 0) pendingSpace = { text: " ", bold, width: this.textWidth(" ", size, bold) };
          } else {
            place(token, bold);
          }
        }
      });
    }
    if (cur.length > 0 || lines.length === 0) flush();
    return lines;
  }

  lineHeight(size: number): number {
    return size * LEADING;
  }

  /** Draws wrapped lines with their top at `top`; returns the height used. */
  drawLines(
    page: PDFPage,
    lines: Line[],
    x: number,
    top: number,
    size: number,
    color: RGB = COLORS.text,
    align: "left" | "right" | "center" = "left",
    width = 0,
  ): number {
    const lh = this.lineHeight(size);
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      const baseline = top - i * lh - size * 1.08;
      // Runs of left-aligned single-font lines go out as one text object: far fewer
      // operators than one drawText per line, which is most of the cost of a pack.
      if (align === "left" && line.segments.length === 1) {
        const bold = line.segments[0].bold;
        let j = i + 1;
        while (j < lines.length && lines[j].segments.length === 1 && lines[j].segments[0].bold === bold) j++;
        if (j - i > 1) {
          const text = lines.slice(i, j).map((l) => l.segments[0].text).join("\n");
          page.drawText(text, { x, y: baseline, size, font: this.font(bold), color, lineHeight: lh });
          i = j;
          continue;
        }
      }
      let cx = x;
      if (align === "right") cx = x + width - line.width;
      if (align === "center") cx = x + (width - line.width) / 2;
      for (const seg of line.segments) {
        if (seg.text.trim()) page.drawText(seg.text, { x: cx, y: baseline, size, font: this.font(seg.bold), color });
        cx += seg.width;
      }
      i++;
    }
    return lines.length * lh;
  }

  /** Draws a single line of text at a baseline, truncated with an ellipsis to `maxWidth`. */
  text(
    page: PDFPage,
    text: string,
    opts: { x: number; y: number; size: number; bold?: boolean; color?: RGB; maxWidth?: number; align?: "left" | "right" | "center" },
  ): number {
    const bold = !!opts.bold;
    let t = this.clean(text, bold);
    if (opts.maxWidth !== undefined && this.textWidth(t, opts.size, bold) > opts.maxWidth) {
      while (t.length > 1 && this.textWidth(t + "…", opts.size, bold) > opts.maxWidth) t = t.slice(0, -1);
      t = t.trimEnd() + "…";
    }
    const w = this.textWidth(t, opts.size, bold);
    let x = opts.x;
    if (opts.align === "right") x -= w;
    if (opts.align === "center") x -= w / 2;
    if (t.trim()) page.drawText(t, { x, y: opts.y, size: opts.size, font: this.font(bold), color: opts.color ?? COLORS.text });
    return w;
  }

  // ---------------------------------------------------------------- blocks

  /** Roughly how much of a block must fit below a heading so the heading is not orphaned. */
  private startHeight(b: Block | undefined): number {
    const body = this.lineHeight(BODY);
    if (!b) return 0;
    const cap = (this.top - this.bottom) / 3;
    switch (b.kind) {
      case "table": {
        const total = b.columns.reduce((s, c) => s + c.width, 0) || 1;
        const rowLines = (row: RichText[] | undefined) =>
          row ? Math.max(1, ...b.columns.map((c, i) => this.wrap(row[i] ?? "", 8.5, (c.width / total) * this.contentWidth - 10).length)) : 1;
        const headLines = Math.max(1, ...b.columns.map((c) => this.wrap(c.header, 8.5, (c.width / total) * this.contentWidth - 10, true).length));
        return Math.min(cap, (headLines + rowLines(b.rows[0])) * this.lineHeight(8.5) + 14);
      }
      case "keyValues":
        return 2 * body + 8;
      case "note":
        return Math.min(cap, (this.wrap(b.text, BODY, this.contentWidth - 19).length + (b.title ? 1 : 0)) * body + 16);
      case "custom":
        return Math.min(cap, typeof b.height === "function" ? b.height(this) : b.height);
      case "signatures":
        return 120;
      default:
        return 3 * body;
    }
  }

  heading(text: string, level: 1 | 2 | 3 = 2, keepWith?: number): void {
    const size = level === 1 ? 17 : level === 2 ? 12.5 : 10.5;
    const before = level === 1 ? 0 : level === 2 ? 14 : 9;
    const after = level === 1 ? 10 : level === 2 ? 5 : 3;
    const lines = this.wrap(text, size, this.contentWidth, true);
    const h = lines.length * this.lineHeight(size);
    // Keep the heading with at least three lines of what follows.
    this.ensureSpace(before + h + after + (keepWith ?? 3 * this.lineHeight(BODY)));
    if (this.y < this.top) this.y -= before;
    const page = this.currentPage();
    this.drawLines(page, lines, this.left, this.y, size, level === 3 ? COLORS.text : COLORS.accent);
    this.y -= h;
    if (level === 1) {
      page.drawRectangle({ x: this.left, y: this.y - 4, width: 48, height: 2.5, color: COLORS.accent });
      this.y -= 8;
    }
    this.y -= after;
  }

  paragraph(text: RichText, opts: { muted?: boolean; size?: number; indent?: number; after?: number } = {}): void {
    const size = opts.size ?? BODY;
    const indent = opts.indent ?? 0;
    const lines = this.wrap(text, size, this.contentWidth - indent);
    this.flowLines(lines, this.left + indent, size, opts.muted ? COLORS.muted : COLORS.text);
    this.y -= opts.after ?? 6;
  }

  /** Draws lines, breaking pages between lines (no widow lines of one). */
  private flowLines(lines: Line[], x: number, size: number, color: RGB, firstLineHook?: (page: PDFPage, top: number) => void): void {
    const lh = this.lineHeight(size);
    let i = 0;
    while (i < lines.length) {
      const need = Math.min(lines.length - i, 2) * lh;
      this.ensureSpace(need);
      const page = this.currentPage();
      const fit = Math.max(1, Math.floor((this.y - this.bottom) / lh));
      let n = Math.min(fit, lines.length - i);
      if (n < lines.length - i && lines.length - i - n === 1 && n > 2) n -= 1;
      if (i === 0 && firstLineHook) firstLineHook(page, this.y);
      this.drawLines(page, lines.slice(i, i + n), x, this.y, size, color);
      this.y -= n * lh;
      i += n;
      if (i < lines.length) this.newPage();
    }
  }

  bullets(items: RichText[], opts: { ordered?: boolean } = {}): void {
    const size = BODY;
    const indent = opts.ordered ? 18 : 14;
    items.forEach((item, idx) => {
      const lines = this.wrap(item, size, this.contentWidth - indent);
      const marker = opts.ordered ? `${idx + 1}.` : "•";
      this.flowLines(lines, this.left + indent, size, COLORS.text, (page, top) => {
        this.text(page, marker, { x: this.left + (opts.ordered ? 2 : 3), y: top - size * 1.08, size, color: COLORS.accent, bold: !!opts.ordered });
      });
      this.y -= 2.5;
    });
    this.y -= 4;
  }

  table(columns: TableColumn[], rows: RichText[][], opts: { header?: boolean; firstColumnBold?: boolean; size?: number; zebra?: boolean } = {}): void {
    const size = opts.size ?? 8.5;
    const lh = this.lineHeight(size);
    const padX = 5;
    const padY = 3.5;
    const total = columns.reduce((s, c) => s + c.width, 0) || 1;
    const widths = columns.map((c) => (c.width / total) * this.contentWidth);
    const xs: number[] = [];
    widths.reduce((x, w) => (xs.push(x), x + w), this.left);
    const showHeader = opts.header !== false;
    const headerLines = columns.map((c, i) => this.wrap(c.header, size, widths[i] - 2 * padX, true));
    const headerH = Math.max(...headerLines.map((l) => l.length)) * lh + 2 * padY;

    const drawHeader = () => {
      if (!showHeader) return;
      const page = this.currentPage();
      page.drawRectangle({ x: this.left, y: this.y - headerH, width: this.contentWidth, height: headerH, color: COLORS.accent });
      headerLines.forEach((lines, i) => this.drawLines(page, lines, xs[i] + padX, this.y - padY, size, COLORS.white));
      this.y -= headerH;
    };

    const wrapRow = (row: RichText[]) =>
      columns.map((_, i) => this.wrap(row[i] ?? "", size, widths[i] - 2 * padX, opts.firstColumnBold === true && i === 0));
    const fullPage = this.top - this.bottom - (showHeader ? headerH : 0);
    const wrapped = rows.map(wrapRow);
    // Never leave a header row alone at the bottom of a page: keep it with the first row.
    const firstNeed = wrapped.length ? Math.max(...wrapped[0].map((c) => c.length)) * lh + 2 * padY : 0;
    this.ensureSpace((showHeader ? headerH : 0) + Math.min(firstNeed, fullPage / 3) + 1);
    drawHeader();
    let onFreshTablePage = false;
    wrapped.forEach((initial, r) => {
      let cells = initial;
      while (cells.some((c) => c.length > 0)) {
        const maxLines = Math.max(...cells.map((c) => c.length));
        const need = maxLines * lh + 2 * padY;
        const avail = this.y - this.bottom;
        let take = maxLines;
        if (need > avail) {
          const fitLines = Math.floor((avail - 2 * padY) / lh);
          if ((need <= fullPage && !onFreshTablePage) || fitLines < 3) {
            this.newPage();
            drawHeader();
            onFreshTablePage = true;
            continue;
          }
          take = fitLines; // taller than a page: split the row over pages
        }
        const page = this.currentPage();
        const chunk = cells.map((c) => c.slice(0, take));
        const h = Math.max(...chunk.map((c) => c.length)) * lh + 2 * padY;
        if (opts.zebra !== false && r % 2 === 1) {
          page.drawRectangle({ x: this.left, y: this.y - h, width: this.contentWidth, height: h, color: COLORS.zebra });
        }
        chunk.forEach((lines, i) => this.drawLines(page, lines, xs[i] + padX, this.y - padY, size));
        page.drawLine({
          start: { x: this.left, y: this.y - h },
          end: { x: this.left + this.contentWidth, y: this.y - h },
          thickness: 0.5,
          color: COLORS.rule,
        });
        this.y -= h;
        onFreshTablePage = false;
        cells = cells.map((c) => c.slice(take));
        if (cells.some((c) => c.length > 0)) {
          this.newPage();
          drawHeader();
          onFreshTablePage = true;
        }
      }
    });
    this.y -= 8;
  }

  keyValues(pairs: [string, RichText][]): void {
    this.table(
      [
        { header: "", width: 0.34 },
        { header: "", width: 0.66 },
      ],
      pairs.map(([k, v]) => [k, v]),
      { header: false, firstColumnBold: true, size: BODY - 0.5, zebra: true },
    );
  }

  note(text: RichText, title?: string): void {
    const size = BODY;
    const pad = 8;
    const bar = 3;
    const inner = this.contentWidth - 2 * pad - bar;
    const titleLines = title ? this.wrap(title, size, inner, true) : [];
    const lines = this.wrap(text, size, inner);
    const lh = this.lineHeight(size);
    const h = (titleLines.length + lines.length) * lh + 2 * pad;
    if (h > this.top - this.bottom) {
      if (title) this.heading(title, 3);
      this.paragraph(text);
      return;
    }
    this.ensureSpace(h);
    const page = this.currentPage();
    page.drawRectangle({ x: this.left, y: this.y - h, width: this.contentWidth, height: h, color: COLORS.accentLight });
    page.drawRectangle({ x: this.left, y: this.y - h, width: bar, height: h, color: COLORS.accent });
    let top = this.y - pad;
    top -= this.drawLines(page, titleLines, this.left + bar + pad, top, size, COLORS.accent);
    this.drawLines(page, lines, this.left + bar + pad, top, size);
    this.y -= h + 10;
  }

  signatures(parties: string[]): void {
    const colW = (this.contentWidth - 24) / 2;
    const t = pdfText(this.locale);
    const fields = [t("chrome.signature_name"), t("chrome.signature_position"), t("chrome.signature_date"), t("chrome.signature_sign")];
    const rowH = 22;
    for (let i = 0; i < parties.length; i += 2) {
      const pair = parties.slice(i, i + 2);
      const titleH = Math.max(...pair.map((p) => this.wrap(p, BODY, colW, true).length)) * this.lineHeight(BODY);
      const h = titleH + 6 + fields.length * rowH + 8;
      this.ensureSpace(h);
      const page = this.currentPage();
      pair.forEach((party, j) => {
        const x = this.left + j * (colW + 24);
        const lines = this.wrap(party, BODY, colW, true);
        this.drawLines(page, lines, x, this.y, BODY, COLORS.accent);
        fields.forEach((f, k) => {
          const base = this.y - titleH - 6 - (k + 1) * rowH + 6;
          this.text(page, f, { x, y: base + 2, size: 8, color: COLORS.muted });
          page.drawLine({ start: { x: x + 70, y: base }, end: { x: x + colW, y: base }, thickness: 0.5, color: COLORS.rule });
        });
      });
      this.y -= h;
    }
    this.y -= 6;
  }

  custom(height: number, draw: (ctx: CustomContext) => void): void {
    this.ensureSpace(height);
    const page = this.currentPage();
    draw({ page, x: this.left, top: this.y, width: this.contentWidth, height, layout: this });
    this.y -= height;
  }

  render(blocks: Block[]): void {
    blocks.forEach((b, idx) => {
      switch (b.kind) {
        case "heading":
          this.heading(b.text, b.level, this.startHeight(blocks[idx + 1]));
          break;
        case "paragraph":
          this.paragraph(b.text, { muted: b.muted, size: b.size });
          break;
        case "bullets":
          this.bullets(b.items, { ordered: b.ordered });
          break;
        case "table":
          this.table(b.columns, b.rows);
          break;
        case "keyValues":
          this.keyValues(b.pairs);
          break;
        case "note":
          this.note(b.text, b.title);
          break;
        case "signatures":
          this.signatures(b.parties);
          break;
        case "spacer":
          this.spacer(b.height);
          break;
        case "pageBreak":
          this.newPage();
          break;
        case "custom":
          this.custom(typeof b.height === "function" ? b.height(this) : b.height, b.draw);
          break;
      }
    });
  }

  // ---------------------------------------------------------------- chrome and output

  /** Draws the running header and footer on every page; call once, after all content. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const pages = this.doc.getPages();
    const total = pages.length;
    const t = pdfText(this.locale);
    const generated = `${t("chrome.generated")} ${formatDateTime(this.generatedAt)}`;
    const footerLeft = this.footerNote ? `${this.footerNote} · ${generated}` : generated;
    const right = this.pageWidth - this.margin.right;
    pages.forEach((page, i) => {
      const header = this.headers[i];
      if (header) {
        const y1 = this.pageHeight - 34;
        const half = this.contentWidth / 2 - 8;
        this.text(page, header.title, { x: this.left, y: y1, size: 8.5, bold: true, color: COLORS.accent, maxWidth: half });
        this.text(page, header.institution, { x: right, y: y1, size: 8.5, bold: true, align: "right", maxWidth: half });
        this.text(page, `${t("chrome.version")} ${header.version}`, { x: this.left, y: y1 - 11, size: 7.5, color: COLORS.muted, maxWidth: half });
        this.text(page, "DUO · Landelijke beeldbeschikbaarheid", { x: right, y: y1 - 11, size: 7.5, color: COLORS.muted, align: "right", maxWidth: half });
        page.drawLine({ start: { x: this.left, y: y1 - 17 }, end: { x: right, y: y1 - 17 }, thickness: 0.6, color: COLORS.rule });
      }
      const fy = 34;
      page.drawLine({ start: { x: this.left, y: fy + 12 }, end: { x: right, y: fy + 12 }, thickness: 0.6, color: COLORS.rule });
      const pageLabel = t("chrome.page", { page: String(i + 1), pages: String(total) });
      const pw = this.textWidth(pageLabel, 7.5);
      this.text(page, footerLeft, { x: this.left, y: fy, size: 7.5, color: COLORS.muted, maxWidth: this.contentWidth - pw - 16 });
      this.text(page, pageLabel, { x: right, y: fy, size: 7.5, color: COLORS.muted, align: "right" });
    });
  }

  async save(): Promise<Uint8Array> {
    this.finish();
    // objectsPerTick: Infinity — yielding every 50 objects costs a timer tick each and
    // more than doubles the time of a 40-page pack.
    return this.doc.save({ objectsPerTick: Infinity, updateFieldAppearances: false });
  }
}

function mergeSegments(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (last && last.bold === s.bold) {
      last.text += s.text;
      last.width += s.width;
    } else out.push({ ...s });
  }
  return out;
}
