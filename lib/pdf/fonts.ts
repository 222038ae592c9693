/**
 * The bundled TTF font (DejaVu Sans, see fonts/LICENSE.txt) and the fast paths around it.
 *
 * pdf-lib's standard fonts are WinAnsi only, so names such as "Łukasz" or "Dvořák" need an
 * embedded TrueType font. Two costs are avoided here:
 * - the font files are read from disk once per process and parsed by fontkit once, by
 *   handing pdf-lib a caching fontkit (pdf-lib would otherwise re-parse 750 KB per PDF);
 * - fontkit's OpenType shaper (`layout`) is replaced by a plain cmap lookup. pdf-lib only
 *   uses the glyphs and their advance widths, and Latin text needs no shaping; skipping
 *   ligatures also keeps extracted text searchable ("fi" stays two letters).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";
import fontkitModule from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { env } from "@/lib/env";

type FontkitFont = ReturnType<typeof fontkitModule.create>;
type Glyph = { id: number; advanceWidth: number; codePoints: number[] };

/**
 * pdf-lib compresses every stream with pako (deflate in JavaScript), which was a third of the
 * time of a pack. Its calls pass no options, so they are routed to Node's native zlib, which
 * writes the same zlib format (level 4: twice as fast as level 6 for ~10 % more bytes);
 * calls with options keep pako. For this to take effect pdf-lib and this module must share
 * one pako instance (true under tsx/node and with pdf-lib in serverExternalPackages).
 */
function routeDeflateToZlib(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pako = require("pako") as { deflate: (data: Uint8Array, options?: unknown) => Uint8Array; __native?: boolean };
  if (pako.__native) return;
  const original = pako.deflate;
  pako.deflate = (data: Uint8Array, options?: unknown) => {
    if (options !== undefined) return original(data, options);
    const out = deflateSync(data, { level: 4 });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
  pako.__native = true;
}
try {
  routeDeflateToZlib();
} catch {
  // pako not resolvable from here (unusual bundling): pdf-lib keeps its own deflate.
}

const FONT_FILES = { regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf" } as const;
export type FontStyle = keyof typeof FONT_FILES;

let fontBytes: Record<FontStyle, Uint8Array> | null = null;

/**
 * One font file. `PDF_FONT_DIR` wins (for bundled/standalone deployments); it is set at run time,
 * outside what the build can see, so that read is not traced. Otherwise the bundled folder, by a
 * path the build follows statically (lib/pdf/fonts is traced into the server output instead of
 * the whole project), and for scripts started from another folder, the folder next to this module.
 */
function readFont(file: string): Uint8Array {
  const configured = env().PDF_FONT_DIR;
  if (configured) return readFileOrExplain(/*turbopackIgnore: true*/ path.join(configured, file));
  const bundled = path.join(process.cwd(), "lib", "pdf", "fonts", file);
  if (existsSync(bundled)) return new Uint8Array(readFileSync(bundled));
  return readFileOrExplain(/*turbopackIgnore: true*/ path.join(__dirname, "fonts", file), bundled);
}

function readFileOrExplain(file: string, ...alsoTried: string[]): Uint8Array {
  try {
    return new Uint8Array(readFileSync(/*turbopackIgnore: true*/ file));
  } catch {
    throw new Error(`PDF font file not found (looked for: ${[...alsoTried, file].join(", ")}); set PDF_FONT_DIR to the folder with ${Object.values(FONT_FILES).join(" and ")}`);
  }
}

export function loadFontBytes(): Record<FontStyle, Uint8Array> {
  fontBytes ??= { regular: readFont(FONT_FILES.regular), bold: readFont(FONT_FILES.bold) };
  return fontBytes;
}

const parsed = new Map<Uint8Array, FontkitFont>();

function withFastLayout(font: FontkitFont): FontkitFont {
  const f = font as unknown as {
    glyphForCodePoint(cp: number): Glyph;
    layout: (text: string) => unknown;
  };
  // fontkit does a cmap lookup per character on every call; documents reuse few characters.
  const byCodePoint = new Map<number, Glyph>();
  const glyphFor = (cp: number): Glyph => {
    let g = byCodePoint.get(cp);
    if (!g) {
      g = f.glyphForCodePoint(cp);
      byCodePoint.set(cp, g);
    }
    return g;
  };
  f.layout = (text: string) => {
    const glyphs: Glyph[] = [];
    for (const ch of text) glyphs.push(glyphFor(ch.codePointAt(0)!));
    const positions = glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
    return { glyphs, positions };
  };
  return font;
}

/** A fontkit facade for pdf-lib that parses each font buffer only once per process. */
export const cachingFontkit = {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont {
    let font = parsed.get(buffer);
    if (!font) {
      font = withFastLayout(fontkitModule.create(buffer, postscriptName));
      parsed.set(buffer, font);
    }
    return font;
  },
};

/** Measures and sanitises text for one font without going through pdf-lib per word. */
export class FontMetrics {
  private readonly widths = new Map<number, number>();
  private readonly wordCache = new Map<string, number>();
  readonly ascent: number;
  readonly descent: number;

  constructor(private readonly font: FontkitFont) {
    const f = font as unknown as { unitsPerEm: number; ascent: number; descent: number };
    this.ascent = f.ascent / f.unitsPerEm;
    this.descent = f.descent / f.unitsPerEm;
  }

  private readonly present = new Map<number, boolean>();

  has(cp: number): boolean {
    let yes = this.present.get(cp);
    if (yes === undefined) {
      yes = (this.font as unknown as { hasGlyphForCodePoint(cp: number): boolean }).hasGlyphForCodePoint(cp);
      this.present.set(cp, yes);
    }
    return yes;
  }

  private charWidth(cp: number): number {
    let w = this.widths.get(cp);
    if (w === undefined) {
      const f = this.font as unknown as { glyphForCodePoint(cp: number): Glyph; unitsPerEm: number };
      w = f.glyphForCodePoint(cp).advanceWidth / f.unitsPerEm;
      this.widths.set(cp, w);
    }
    return w;
  }

  /** Width at size 1 (multiply by the font size). */
  unitWidth(text: string): number {
    let w = this.wordCache.get(text);
    if (w === undefined) {
      w = 0;
      for (const ch of text) w += this.charWidth(ch.codePointAt(0)!);
      // Bounded: the cache only serves repeated words across documents.
      if (this.wordCache.size > 50_000) this.wordCache.clear();
      this.wordCache.set(text, w);
    }
    return w;
  }

  width(text: string, size: number): number {
    return this.unitWidth(text) * size;
  }
}

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  metrics: Record<FontStyle, FontMetrics>;
}

/** Embeds regular + bold (subset) into a document. */
export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  const bytes = loadFontBytes();
  doc.registerFontkit(cachingFontkit as unknown as Parameters<PDFDocument["registerFontkit"]>[0]);
  // Fixed subset tags instead of pdf-lib's random suffix: the same input gives the same bytes.
  const regular = await doc.embedFont(bytes.regular, { subset: true, customName: "DUOAAA+DejaVuSans" });
  const bold = await doc.embedFont(bytes.bold, { subset: true, customName: "DUOAAB+DejaVuSans-Bold" });
  return {
    regular,
    bold,
    metrics: {
      regular: new FontMetrics(cachingFontkit.create(bytes.regular)),
      bold: new FontMetrics(cachingFontkit.create(bytes.bold)),
    },
  };
}

/**
 * Replaces what the font cannot draw (emoji, control characters) so that no invisible
 * .notdef boxes end up in a document; newlines and tabs become spaces.
 */
export function sanitizeText(text: string, metrics: FontMetrics): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x09 || cp === 0x0a || cp === 0x0d) out += " ";
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    else if (cp === 0xad || cp === 0x200b || cp === 0xfeff) continue;
    else out += metrics.has(cp) ? ch : "?";
  }
  return out;
}
