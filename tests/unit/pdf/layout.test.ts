import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { PDFDocument } from "pdf-lib";
import { Layout } from "@/lib/pdf/layout";
import { formatDate, formatDateTime, parseDutchDate } from "@/lib/pdf/format";
import { extractText } from "./extract-text";

const generatedAt = new Date("2026-06-30T22:30:00Z"); // 01-07-2026 00:30 in Amsterdam (CEST)
const header = { title: "Testdocument", version: "1.0", institution: "Kliniek Zuid" };

async function layout(): Promise<Layout> {
  const l = await Layout.create({ generatedAt });
  l.startSection(header);
  return l;
}

describe("layout: wrapping", () => {
  test("no line is wider than the measure; words are kept whole", async () => {
    const l = await layout();
    const text = "Met DUO ziet een behandelend zorgverlener op één landelijke tijdlijn welke beeldonderzoeken er zijn. ".repeat(5);
    for (const width of [120, 150, 300, 483]) {
      const lines = l.wrap(text, 9.5, width);
      for (const line of lines) assert.ok(line.width <= width + 0.01, `${line.width} > ${width}`);
      const words = lines.flatMap((ln) => ln.segments.map((s) => s.text).join("").split(" ")).filter(Boolean);
      assert.deepEqual(words, text.trim().split(/\s+/));
    }
  });

  test("a URL wider than the column breaks after a slash, and nothing is lost", async () => {
    const l = await layout();
    const url = "https://xca.zuidoever.example/gateway/services/RespondingGateway_Service/iti38";
    const lines = l.wrap(url, 8.5, 120);
    assert.ok(lines.length >= 2);
    assert.equal(lines.map((ln) => ln.segments.map((s) => s.text).join("")).join(""), url);
    assert.ok(/[/._-]$/.test(lines[0].segments.map((s) => s.text).join("")), "first break after a separator");
  });

  test("**bold** markup and hard line breaks", async () => {
    const l = await layout();
    const lines = l.wrap("**Let op:** eerst Mitz\ndan DUO", 9.5, 400);
    assert.equal(lines.length, 2);
    assert.deepEqual(
      lines[0].segments.map((s) => [s.text, s.bold]),
      [["Let op:", true], [" eerst Mitz", false]],
    );
  });
});

describe("layout: pages, header and footer", () => {
  test("content flows over pages; every page has header, footer and 'pagina X van Y'", async () => {
    const l = await layout();
    for (let i = 0; i < 60; i++) {
      l.heading(`Paragraaf ${i + 1}`, 2);
      l.paragraph("Iedere raadpleging wordt vastgelegd volgens NEN 7513 en is voor de patiënt en de bronhouder herleidbaar. ".repeat(3));
    }
    const bytes = await l.save();
    const doc = await PDFDocument.load(bytes);
    const n = doc.getPageCount();
    assert.ok(n >= 8, `${n} pages`);
    const { pages, flat } = await extractText(bytes);
    pages.forEach((p, i) => {
      const t = p.replace(/\s+/g, " ");
      assert.ok(t.includes(`pagina ${i + 1} van ${n}`));
      assert.ok(t.includes("Testdocument") && t.includes("Kliniek Zuid") && t.includes("versie 1.0"));
      assert.ok(t.includes("Gegenereerd op 01-07-2026 00:30"), "generation time in Amsterdam time");
    });
    for (let i = 1; i <= 60; i++) assert.ok(flat.includes(`Paragraaf ${i} `), `heading ${i}`);
  });

  test("a table row taller than a page is split over pages instead of overflowing", async () => {
    const l = await layout();
    const huge = Array.from({ length: 140 }, (_, i) => `regel ${i + 1}`).join("\n");
    l.table([{ header: "Kolom A", width: 1 }, { header: "Kolom B", width: 2 }], [["kort", huge], ["na", "de lange rij"]]);
    const { pages, flat } = await extractText(await l.save());
    assert.ok(pages.length >= 3);
    assert.ok(flat.includes("regel 140") && flat.includes("de lange rij"));
    for (const p of pages) assert.ok(p.includes("Kolom B"), "header row on every page of the table");
  });
});

describe("format", () => {
  test("dates", () => {
    assert.equal(formatDate("2026-12-31"), "31-12-2026");
    assert.equal(formatDate(new Date("2026-12-31T23:30:00Z")), "01-01-2027");
    assert.equal(formatDate(null), "");
    assert.equal(formatDateTime(new Date("2026-01-15T08:05:00Z")), "15-01-2026 09:05");
  });
  const cases: [string, string | null][] = [
    ["01-06-2026", "2026-06-01"],
    ["1-6-2026", "2026-06-01"],
    ["29-02-2028", "2028-02-29"],
    ["01/06/2026", "2026-06-01"],
    ["29-02-2027", null],
    ["31-04-2026", null],
    ["2026-06-01", null],
    ["00-01-2026", null],
    ["01-13-2026", null],
    ["", null],
  ];
  for (const [input, expected] of cases) {
    test(`parseDutchDate(${JSON.stringify(input)}) = ${expected}`, () => assert.equal(parseDutchDate(input), expected));
  }
});
