/**
 * The Beeldtijdlijn toolkit (issue 20, part 5): institutions on Alphatron's Beeldtijdlijn get
 * documents that follow their route (Mitz first, "TLB met Mitz" before DUO) and their financing;
 * the others get the DUO toolkit. Chosen by the vendor.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { generateDocument, generatePack, toolkitVariant } from "@/lib/pdf";
import { extractText } from "./extract-text";
import { sampleOptions } from "./sample-data";

const withVendor = (vendor: string | null) => {
  const o = sampleOptions();
  return { ...o, institution: { ...o.institution, vendor } };
};
const text = async (bytes: Uint8Array) => (await extractText(bytes)).flat.replace(/\s+/g, " ");

describe("toolkit variant per vendor", () => {
  test("chosen by the vendor, by code or by name", () => {
    const cases: [string | null, string][] = [
      ["alphatron", "beeldtijdlijn"],
      ["Alphatron Zorgverbinders", "beeldtijdlijn"],
      ["enovation", "duo"],
      ["Founda Health", "duo"],
      [null, "duo"],
    ];
    for (const [vendor, variant] of cases) assert.equal(toolkitVariant(vendor), variant, String(vendor));
  });

  test("implementation plan: the Beeldtijdlijn route puts Mitz and 'TLB met Mitz' before DUO", async () => {
    const btl = await text(await generateDocument("implementation_plan", withVendor("Alphatron Zorgverbinders")));
    assert.ok(btl.includes("De route van de Beeldtijdlijn"));
    assert.ok(btl.includes("Let op: Mitz eerst"));
    const phasing = btl.indexOf("4. Fasering");
    const order = ["2. Mitz", "3. TLB met Mitz", "5. Overeenkomsten DUO", "6. Techniek DUO"].map((s) => btl.indexOf(s, phasing));
    assert.ok(phasing > 0 && order.every((i) => i > phasing), `phases present: ${order}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, "Mitz, TLB met Mitz, then the DUO phases");
    assert.ok(btl.includes("Toolkit Beeldtijdlijn"), "footer names the toolkit");

    const duo = await text(await generateDocument("implementation_plan", withVendor("Founda Health")));
    assert.ok(!duo.includes("De route van de Beeldtijdlijn"));
    assert.ok(duo.includes("2. Overeenkomsten") && duo.includes("3. Mitz"));
    assert.ok(duo.includes("DUO-toolkit"));
  });

  test("financing: the Beeldtijdlijn hand-out and agreement lead with VZVZ and no payment per institution", async () => {
    const btl = await text(await generateDocument("handout_management", withVendor("alphatron")));
    assert.match(btl, /gebruiker van de Beeldtijdlijn van Alphatron wordt de basisdienst via VZVZ gefinancierd/);
    assert.match(btl, /er volgt geen betaling per instelling/);
    const duo = await text(await generateDocument("handout_management", withVendor("enovation")));
    assert.match(duo, /^(?!.*gebruiker van de Beeldtijdlijn van Alphatron wordt).*jaarlijkse tegemoetkoming van circa EUR 35\.000/);
    const agreement = await text(await generateDocument("agreement", withVendor("alphatron")));
    assert.ok(agreement.indexOf("gefinancierd via VZVZ") < agreement.indexOf("circa EUR 35.000"), "own arrangement first");
  });

  test("the pack's cover and title name the toolkit", async () => {
    const btl = await text(await generatePack({ ...withVendor("alphatron"), documentTypes: ["handout_patients"] }));
    assert.ok(btl.includes("Toolkit Beeldtijdlijn — volledig pakket"));
    assert.ok(btl.includes("eerst Mitz"));
    const duo = await text(await generatePack({ ...withVendor("founda"), documentTypes: ["handout_patients"] }));
    assert.ok(duo.includes("DUO-toolkit — volledig pakket"));
    assert.ok(!duo.includes("Toolkit Beeldtijdlijn"));
  });
});
