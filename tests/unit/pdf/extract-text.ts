/** Text extraction for the PDF tests, with pdf.js (legacy build: runs in Node without a browser). */

export interface ExtractedPdf {
  pages: string[];
  /** All pages, whitespace collapsed to single spaces: for `includes` checks. */
  flat: string;
  /** All text without any whitespace: for values a table cell may wrap (URLs, OIDs). */
  compact: string;
}

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | null = null;

export async function extractText(bytes: Uint8Array): Promise<ExtractedPdf> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  const lib = await pdfjs;
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const doc = await lib.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    let text = "";
    for (const item of content.items) {
      if (!("str" in item)) continue;
      text += item.str + (item.hasEOL ? "\n" : "");
    }
    pages.push(text);
  }
  await doc.destroy();
  const all = pages.join("\n");
  return { pages, flat: all.replace(/\s+/g, " "), compact: all.replace(/\s+/g, "") };
}
