import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { PDFDocument, PDFName } from "pdf-lib";
import {
  DOCUMENT_TYPES,
  DOCUMENT_TYPE_IDS,
  documentAudience,
  documentTitle,
  generateDocument,
  generatePack,
  generateToolkitDocument,
  type DocumentType,
} from "@/lib/pdf";
import { extractText } from "./extract-text";
import { sampleOptions } from "./sample-data";

const PAGE_RANGES: Record<DocumentType, [number, number]> = {
  agreement: [3, 7],
  dpia_guide: [2, 5],
  architecture: [2, 5],
  implementation_plan: [3, 6],
  intake_form: [2, 3],
  handout_management: [1, 3],
  handout_ciso_fg: [1, 3],
  handout_radiologists: [1, 3],
  handout_patients: [1, 2],
};

describe("toolkit documents", () => {
  test("DOCUMENT_TYPES lists every type once with Dutch and English titles", () => {
    assert.deepEqual(
      DOCUMENT_TYPES.map((d) => d.id),
      [...DOCUMENT_TYPE_IDS],
    );
    for (const d of DOCUMENT_TYPES) {
      assert.ok(documentTitle(d.id, "nl").length > 3 && documentTitle(d.id, "en").length > 3, d.id);
      assert.notEqual(documentTitle(d.id, "nl"), documentTitle(d.id, "en"), d.id);
      assert.ok(documentAudience(d.id, "nl").length > 3 && documentAudience(d.id, "en").length > 3, d.id);
    }
    assert.deepEqual(
      DOCUMENT_TYPES.filter((d) => d.fillable).map((d) => d.id),
      ["intake_form"],
    );
  });

  for (const type of DOCUMENT_TYPE_IDS) {
    test(`${type}: parses, page count in range, personalised text, header and footer`, async () => {
      const opts = sampleOptions();
      const bytes = await generateDocument(type, opts);
      const doc = await PDFDocument.load(bytes);
      const [min, max] = PAGE_RANGES[type];
      const n = doc.getPageCount();
      assert.ok(n >= min && n <= max, `${type}: ${n} pages, expected ${min}-${max}`);
      assert.ok(bytes.length < 250_000, `${type}: ${bytes.length} bytes (font subset expected)`);

      const { pages, flat } = await extractText(bytes);
      const title = documentTitle(type, "nl");
      assert.ok(flat.includes(opts.institution.name), "institution name");
      assert.ok(flat.includes("versie 2.1"), "version label in header");
      pages.forEach((p, i) => {
        const text = p.replace(/\s+/g, " ");
        assert.ok(text.includes(`pagina ${i + 1} van ${n}`), `footer on page ${i + 1}`);
        assert.ok(text.includes(title), `running header on page ${i + 1}`);
        assert.ok(text.includes("Gegenereerd op 22-11-2026 14:05"), `generation time on page ${i + 1}`);
      });
      if (type !== "handout_patients" && type !== "handout_radiologists" && type !== "handout_management") {
        assert.ok(flat.includes("12345678"), "URA");
      }
    });
  }

  test("European names survive embedding, subsetting and extraction", async () => {
    const opts = sampleOptions();
    const { flat } = await extractText(await generateDocument("implementation_plan", opts));
    for (const name of ["Łukasz Øster-Émile", "Anneke de Vries-Dvořák", "Søren Groß", "Zoltán Erdős", "Ziekenhuis Øresund-Łódź Zuidoever"]) {
      assert.ok(flat.includes(name), name);
    }
  });

  test("endpoints and onboarding state are filled in", async () => {
    const opts = sampleOptions();
    const { flat, compact } = await extractText(await generateDocument("architecture", opts));
    assert.ok(compact.includes("urn:oid:2.16.840.1.113883.2.4.3.11.999.12345678.1"), "homeCommunityId");
    assert.ok(compact.includes("https://xca-acc.zuidoever.example/gateway/services/RespondingGateway_Service/iti38"), "URL");
    assert.ok(flat.includes("Opgeschort"), "endpoint status in Dutch");
    assert.ok(flat.includes("Founda XDSCloud"));
    const plan = (await extractText(await generateDocument("implementation_plan", opts))).flat;
    assert.ok(plan.includes("46 %"));
    assert.ok(plan.includes("Aansluiting op Mitz"));
    assert.ok(plan.includes("Geverifieerd") && plan.includes("Afgewezen") && plan.includes("Gemeld"));
    assert.ok(plan.includes("14-10-2025"), "step dates as DD-MM-YYYY");
  });

  test("the same input gives the same bytes (no wall clock, no random font tags)", async () => {
    const a = await generateDocument("agreement", sampleOptions());
    const b = await generateDocument("agreement", sampleOptions());
    assert.deepEqual(Buffer.from(a), Buffer.from(b));
    const doc = await PDFDocument.load(a);
    assert.equal(doc.getCreationDate()?.toISOString(), "2026-11-22T13:05:00.000Z");
  });

  test("generateToolkitDocument takes the type from the options", async () => {
    const bytes = await generateToolkitDocument({ ...sampleOptions(), documentType: "handout_patients" });
    assert.ok((await extractText(bytes)).flat.includes("Informatie voor patiënten"));
  });

  test("no vendor, no endpoints, no contacts, no steps: placeholders instead of empty tables", async () => {
    const base = sampleOptions();
    const opts = sampleOptions({
      institution: { ...base.institution, vendor: null, contacts: [], agb: null, kvk: null },
      endpoints: [],
      onboarding: { readinessPercent: 0, phaseLabel: "Oriëntatie", steps: [] },
    });
    const { flat } = await extractText(await generateDocument("agreement", opts));
    assert.ok(flat.includes("Nog geen endpoints geregistreerd"));
    assert.ok(flat.includes("nog geen contactpersonen"));
    assert.ok(flat.includes("Nog niet gekozen"));
  });

  test("English chrome with locale en", async () => {
    const bytes = await generateDocument("handout_ciso_fg", sampleOptions({ locale: "en" }));
    const { pages, flat } = await extractText(bytes);
    assert.ok(flat.includes(`page 1 of ${pages.length}`));
    assert.ok(flat.includes("Hand-out for CISO and DPO"));
    assert.ok(flat.includes("Generated on 22-11-2026 14:05"));
  });

  test("long tables break across pages and repeat their header; long names wrap and are truncated in headers", async () => {
    const base = sampleOptions();
    const endpoints = Array.from({ length: 70 }, (_, i) => ({
      environment: i % 2 ? "production" : "acceptance",
      transaction: ["ITI-38", "ITI-39", "RAD-75"][i % 3],
      url: `https://gateway-${i}.zuidoever.example/xca/services/RespondingGateway_Service/${"x".repeat(i % 40)}`,
      homeCommunityId: `urn:oid:2.16.840.1.113883.2.4.3.11.999.${i}`,
      status: "active",
    }));
    const longName = "Stichting Samenwerkende Ziekenhuizen " + "Noord-Oost ".repeat(12) + "Łódź";
    const opts = sampleOptions({ endpoints, institution: { ...base.institution, name: longName } });
    const bytes = await generateDocument("architecture", opts);
    const { pages, flat, compact } = await extractText(bytes);
    assert.ok(pages.length >= 5, `${pages.length} pages`);
    const withTable = pages.filter((p) => p.includes("gateway-"));
    assert.ok(withTable.length >= 2, "endpoint table spans pages");
    for (const p of withTable) assert.ok(p.includes("homeCommunityId"), "header row repeated");
    assert.ok(compact.includes(`gateway-69.zuidoever.example/xca/services/RespondingGateway_Service/${"x".repeat(29)}`), "last row present, URL complete");
    assert.ok(flat.includes("Łódź"), "long name fully present in the body");
    assert.ok(pages[1].includes("…"), "long name truncated in the running header");
  });

  test("characters the font cannot draw are replaced, not dropped silently", async () => {
    const base = sampleOptions();
    const opts = sampleOptions({ institution: { ...base.institution, name: "Kliniek 🏥 Zonnehof\u0007" } });
    const { flat } = await extractText(await generateDocument("handout_patients", opts));
    assert.ok(flat.includes("Kliniek ? Zonnehof"));
  });

  test("rejects unknown document types and missing generatedAt", async () => {
    await assert.rejects(generateDocument("brochure" as DocumentType, sampleOptions()), /unknown document type/);
    await assert.rejects(generateDocument("agreement", { ...sampleOptions(), generatedAt: new Date("nope") }), /generatedAt/);
  });
});

describe("toolkit pack", () => {
  test("cover, table of contents with correct page numbers, every document, bookmarks", async () => {
    const opts = sampleOptions();
    const bytes = await generatePack(opts);
    const doc = await PDFDocument.load(bytes);
    const n = doc.getPageCount();
    assert.ok(n >= 20 && n <= 40, `${n} pages`);
    assert.ok(bytes.length < 400_000, `${bytes.length} bytes`);

    const { pages } = await extractText(bytes);
    const cover = pages[0].replace(/\s+/g, " ");
    assert.ok(cover.includes("DUO-toolkit") && cover.includes(opts.institution.name) && cover.includes("12345678"));
    const toc = pages[1].replace(/\s+/g, " ");
    assert.ok(toc.includes("Inhoud"));
    for (const [i, { id }] of DOCUMENT_TYPES.entries()) {
      const d = { nl: documentTitle(id, "nl"), audience: { nl: documentAudience(id, "nl") } };
      const m = new RegExp(`${i + 1}\\. ${d.nl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} (\\d+)`).exec(toc);
      assert.ok(m, `TOC entry for ${d.nl}`);
      const page = Number(m[1]);
      const target = pages[page - 1].replace(/\s+/g, " ");
      // Only a document's first page carries its audience line ("Voor: ...").
      assert.ok(target.includes(d.nl) && target.includes(`Voor: ${d.audience.nl}`), `${d.nl} starts on page ${page}`);
      assert.ok(!pages[page - 2].replace(/\s+/g, " ").includes(`Voor: ${d.audience.nl}`), `${d.nl} does not start earlier`);
    }
    pages.forEach((p, i) => assert.ok(p.replace(/\s+/g, " ").includes(`pagina ${i + 1} van ${n}`), `footer ${i + 1}`));

    assert.ok(doc.catalog.has(PDFName.of("Outlines")), "bookmarks present");
    assert.equal(doc.getForm().getFields().length > 10, true, "intake form fields inside the pack");
  });

  test("per-document versions and a subset of documents", async () => {
    const opts = {
      ...sampleOptions(),
      documentTypes: ["handout_patients", "agreement"] as DocumentType[],
      versions: { agreement: { label: "3.0", publishedOn: "2026-11-20", changeNote: "Artikel 7 herzien." } },
    };
    const { pages, flat } = await extractText(await generatePack(opts));
    assert.ok(flat.includes("versie 3.0") && flat.includes("versie 2.1"));
    assert.ok(flat.includes("Artikel 7 herzien."));
    assert.ok(!pages[1].includes("DPIA-handreiking"), "only the chosen documents in the contents");
    assert.ok(pages.length >= 5);
  });
});
