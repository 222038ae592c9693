import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { DEMO_INSTITUTIONS, type DemoInstitution } from "@/db/seed/institutions-data";
import { makeCellSafe, toSafeCsv, unmakeCellSafe } from "@/lib/csv";
import { CSV_HEADERS_NL, csvText, detectSeparator, parseInstitutionCsv, serializeInstitutionCsv, type CsvText, type InstitutionCsvRow } from "@/lib/institutions/csv";
import { translate } from "@/lib/i18n/messages";

/** An importer message as the admin reads it (Dutch unless asked otherwise). */
const text = (m: CsvText, locale: "nl" | "en" = "nl") => csvText((k, v) => translate(locale, k, v), m);

const BOM = "\uFEFF";
const utf8 = (s: string) => new TextEncoder().encode(s);

function comparable(d: DemoInstitution | InstitutionCsvRow) {
  return {
    name: d.name,
    kind: d.kind,
    ura: d.ura,
    agb: d.agb,
    kvk: d.kvk,
    city: d.city,
    province: d.province,
    vendor: d.vendor,
    contacts: [...d.contacts]
      .map((c) => ({ role: c.role, name: c.name, email: c.email, phone: c.phone }))
      .sort((a, b) => a.role.localeCompare(b.role)),
  };
}

/** The serialized demo register as a grid of cells (header first), to break on purpose. */
function demoGrid(): string[][] {
  return parse(serializeInstitutionCsv(DEMO_INSTITUTIONS), { delimiter: ";", bom: true }) as string[][];
}
const col = (name: string) => Object.values(CSV_HEADERS_NL).indexOf(name);

const MINIMAL_HEADER = "naam;soort;ura;plaats;provincie";

describe("export → import round trip", () => {
  for (const separator of [";", ","] as const) {
    test(`the 130 demo institutions survive a round trip with "${separator}"`, () => {
      const csv = serializeInstitutionCsv(DEMO_INSTITUTIONS, { separator });
      assert.ok(csv.startsWith(BOM), "starts with a UTF-8 BOM");
      assert.ok(csv.includes("\r\n"), "CRLF line ends");
      assert.equal(csv.split("\r\n")[0].replace(BOM, "").split(separator)[0], "naam");
      const result = parseInstitutionCsv(utf8(csv));
      assert.equal(result.fileError, undefined);
      assert.deepEqual(result.errors, []);
      assert.equal(result.ok, true);
      assert.equal(result.separator, separator);
      assert.equal(result.rows.length, 130);
      assert.deepEqual(result.rows.map(comparable), DEMO_INSTITUTIONS.map(comparable));
      assert.deepEqual(result.rows.map((r) => r.line), DEMO_INSTITUTIONS.map((_, i) => i + 2));
    });
  }

  test("the group/covenant is a column: exported, read back, empty = none, absent = unchanged (undefined)", () => {
    const knoop = DEMO_INSTITUTIONS.find((d) => d.groupName === "Knoop.convenant")!;
    const csv = serializeInstitutionCsv([knoop, { ...knoop, ura: "99000009", groupName: null }]);
    const [header, first] = csv.replace(BOM, "").split("\r\n");
    assert.equal(header.split(";")[col("groep")], "groep");
    assert.equal(first.split(";")[col("groep")], "Knoop.convenant");
    const back = parseInstitutionCsv(utf8(csv));
    assert.deepEqual(back.rows.map((r) => r.groupName), ["Knoop.convenant", null]);
    const aliased = parseInstitutionCsv(`${MINIMAL_HEADER};Samenwerkingsverband\r\nZiekenhuis A;ziekenhuis;99000001;Assen;Drenthe;Regio Noord\r\n`);
    assert.equal(aliased.rows[0].groupName, "Regio Noord");
    const absent = parseInstitutionCsv(`${MINIMAL_HEADER}\r\nZiekenhuis A;ziekenhuis;99000001;Assen;Drenthe\r\n`);
    assert.equal(absent.rows[0].groupName, undefined);
    const long = parseInstitutionCsv(`${MINIMAL_HEADER};groep\r\nZiekenhuis A;ziekenhuis;99000001;Assen;Drenthe;${"x".repeat(101)}\r\n`);
    assert.deepEqual(long.errors.map((e) => [e.column, e.code]), [["groep", "too_long"]]);
    assert.match(text(long.errors[0].message), /101 tekens, hoogstens 100/);
  });

  test("uses Dutch labels in the cells (kind, province, vendor)", () => {
    const csv = serializeInstitutionCsv([DEMO_INSTITUTIONS[0]]);
    const [, row] = csv.replace(BOM, "").split("\r\n");
    assert.match(row, /Universitair medisch centrum/);
    assert.match(row, /;Groningen;/);
    assert.match(row, /;Enovation;/);
  });
});

describe("130 rows with exactly 5 broken ones", () => {
  const grid = demoGrid();
  // grid[i] is file line i + 1 (header = line 1).
  grid[11][col("ura")] = "9912345"; // line 12: a lost leading zero
  grid[21][col("ura")] = grid[6][col("ura")]; // line 22 duplicates line 7
  grid[31][col("provincie")] = "Zuid-Hollnd"; // line 32
  grid[41][col("soort")] = "Apotheek"; // line 42
  grid[51][col("projectleider_email")] = "sanne.jansen@@ziekenhuis"; // line 52
  const file = toSafeCsv(grid[0], grid.slice(1));
  const result = parseInstitutionCsv(utf8(file));

  test("exactly five errors, on the right lines and columns", () => {
    assert.equal(result.fileError, undefined);
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.column, e.code]),
      [
        [12, "ura", "wrong_length"],
        [22, "ura", "duplicate_ura"],
        [32, "provincie", "unknown_province"],
        [42, "soort", "unknown_kind"],
        [52, "projectleider_email", "bad_email"],
      ],
    );
    assert.equal(result.rows.length, 125);
  });

  test("the messages are specific, in Dutch and English", () => {
    const [ura, dup, prov, kind, email] = result.errors.map((e) => text(e.message));
    assert.equal(ura, "URA moet uit precies 8 cijfers bestaan (nu 7). Mogelijk is een voorloopnul weggevallen (bijvoorbeeld door Excel).");
    assert.match(dup, /^URA \d{8} komt dubbel voor in het bestand: op regel 7 en op regel 22\. Elke instelling mag maar één keer voorkomen\.$/);
    assert.match(prov, /^Onbekende provincie "Zuid-Hollnd"\. Kies een van: Groningen, .*, Limburg\.$/);
    assert.match(kind, /Onbekende soort instelling "Apotheek"/);
    assert.equal(email, "Het e-mailadres van de projectleider („sanne.jansen@@ziekenhuis”) is ongeldig; verwacht iets als naam@instelling.nl.");
    assert.equal(text(result.errors[4].message, "en"), "The e-mail address of the project lead (“sanne.jansen@@ziekenhuis”) is invalid; expected something like name@institution.nl.");
    assert.match(text(result.errors[2].message, "en"), /^Unknown province "Zuid-Hollnd"\. Choose one of: .*North Holland.*\.$/);
  });
});

describe("encoding and separators", () => {
  const body = `${MINIMAL_HEADER}\r\nZiekenhuis Café;ziekenhuis;99000001;Leeuwarden;Fryslân\r\n`;

  const cases: { name: string; input: Uint8Array | string; separator: ";" | "," }[] = [
    { name: "UTF-8 with BOM", input: utf8(BOM + body), separator: ";" },
    { name: "UTF-8 without BOM", input: utf8(body), separator: ";" },
    { name: "a JS string with BOM", input: BOM + body, separator: ";" },
    { name: "comma separated", input: utf8(body.replaceAll(";", ",")), separator: "," },
    { name: "LF line ends", input: utf8(body.replaceAll("\r\n", "\n")), separator: ";" },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = parseInstitutionCsv(c.input);
      assert.equal(r.ok, true, JSON.stringify(r.errors.concat(r.fileError as never ?? [])));
      assert.equal(r.separator, c.separator);
      assert.deepEqual(r.rows.map((x) => [x.name, x.kind, x.ura, x.city, x.province, x.line]), [
        ["Ziekenhuis Café", "hospital", "99000001", "Leeuwarden", "NL-FR", 2],
      ]);
    });
  }

  test("a Windows-1252 file is refused with advice to save as CSV UTF-8", () => {
    const latin1 = Uint8Array.from(Buffer.from(body, "latin1"));
    const r = parseInstitutionCsv(latin1);
    assert.equal(r.ok, false);
    assert.equal(r.fileError?.code, "invalid_encoding");
    assert.equal(
      text(r.fileError!.message),
      "Het bestand is geen geldige UTF-8-tekst (eerste onleesbare teken op regel 2); waarschijnlijk is het opgeslagen als gewone „CSV” (Windows-1252/ANSI), waardoor letters als é, ë en â niet goed overkomen. Sla het bestand in Excel op als „CSV UTF-8 (door lijstscheidingsteken gescheiden) (*.csv)” en upload het opnieuw.",
    );
    assert.match(text(r.fileError!.message, "en"), /not valid UTF-8 text \(first unreadable character on line 2\)/);
    assert.deepEqual(r.rows, []);
  });

  test("a UTF-16 file is refused", () => {
    const r = parseInstitutionCsv(Uint8Array.from([0xff, 0xfe, 0x6e, 0x00]));
    assert.equal(r.fileError?.code, "utf16");
  });

  test("quoted fields with separators, quotes and line breaks; lines stay right", () => {
    const csv = `${MINIMAL_HEADER}\r\n"Kliniek ""De Linde""; Oost";ZBC;99000002;"Den\r\nHaag";ZH\r\n\r\nRevalidatie Noord;revalidatiecentrum;99000003;Assen;Drenthe\r\n`;
    const r = parseInstitutionCsv(csv);
    assert.equal(r.ok, true);
    assert.deepEqual(r.rows.map((x) => [x.line, x.name, x.kind, x.city, x.province]), [
      [2, 'Kliniek "De Linde"; Oost', "clinic", "Den\r\nHaag", "NL-ZH"],
      [5, "Revalidatie Noord", "rehab", "Assen", "NL-DR"],
    ]);
  });

  test("separator detection ignores separators inside quotes", () => {
    assert.equal(detectSeparator('"naam, voluit";soort;ura\r\n'), ";");
    assert.equal(detectSeparator('naam,"soort;x",ura\n'), ",");
  });

  test("a row with the wrong number of fields names the separator", () => {
    const r = parseInstitutionCsv(`${MINIMAL_HEADER}\r\nZiekenhuis A;ziekenhuis;99000001;Assen\r\n`);
    assert.deepEqual(r.errors.map((e) => [e.line, e.code]), [[2, "column_count"]]);
    assert.equal(
      text(r.errors[0].message),
      "Regel 2 heeft 4 velden, de kopregel 5. Controleer het scheidingsteken (;) en zet velden waarin een ; voorkomt tussen aanhalingstekens.",
    );
    const one = parseInstitutionCsv(`${MINIMAL_HEADER}\r\nZiekenhuis A\r\n`);
    assert.match(text(one.errors[0].message), /^Regel 2 heeft 1 veld, de kopregel 5\./);
  });

  test("an unclosed quote is a file error", () => {
    const r = parseInstitutionCsv(`${MINIMAL_HEADER}\r\n"Ziekenhuis A;ziekenhuis;99000001;Assen;Drenthe\r\n`);
    assert.equal(r.fileError?.code, "unreadable");
  });

  test("an empty file and a header-only file", () => {
    assert.equal(parseInstitutionCsv("").fileError?.code, "empty");
    assert.equal(parseInstitutionCsv(utf8(BOM)).fileError?.code, "empty");
    assert.equal(parseInstitutionCsv(`${MINIMAL_HEADER}\r\n`).fileError?.code, "no_rows");
  });
});

describe("headers", () => {
  test("English, mixed-case aliases and contacts", () => {
    const csv =
      "Name,KIND,URA,AGB,KvK,City,Province,Vendor,Project_Lead_Name,Project Lead Email,project_lead_phone,Technical_Name,Technical_Email\n" +
      "Clinic West,clinic,99000010,22000010,12345678,Delft,South Holland,Founda,Ann Smit,Ann.Smit@clinic-west.demo.test,+31 20 000 0100,Tom Tak,tom@clinic-west.demo.test\n";
    const r = parseInstitutionCsv(csv);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.rows[0], {
      line: 2,
      name: "Clinic West",
      kind: "clinic",
      ura: "99000010",
      agb: "22000010",
      kvk: "12345678",
      city: "Delft",
      province: "NL-ZH",
      vendor: "founda",
      contacts: [
        { role: "project_lead", name: "Ann Smit", email: "ann.smit@clinic-west.demo.test", phone: "+31 20 000 0100" },
        { role: "technical", name: "Tom Tak", email: "tom@clinic-west.demo.test", phone: null },
      ],
    });
  });

  const fileErrors: { name: string; header: string; code: string; message: RegExp }[] = [
    { name: "missing required headers are named", header: "naam;ura;plaats", code: "missing_headers", message: /^Verplichte kolommen ontbreken: soort, provincie\. Zet de kolomnamen in de eerste regel/ },
    { name: "one missing header", header: "naam;ura;plaats;provincie", code: "missing_headers", message: /^Verplichte kolom ontbreekt: soort\. / },
    { name: "a single-column header hints at the separator", header: "naam|soort|ura", code: "missing_headers", message: /ontbreken: .*\. De kopregel bestaat uit één kolom: gebruik een puntkomma \(;\) of komma \(,\) als scheidingsteken\.$/ },
    { name: "unknown headers are named", header: `${MINIMAL_HEADER};telefoon;Opmerking`, code: "unknown_headers", message: /^Onbekende kolommen: „telefoon”, „Opmerking”\. Toegestaan zijn: naam, soort, .* \(of de Engelse namen\)\.$/ },
    { name: "one unknown header", header: `${MINIMAL_HEADER};Opmerking`, code: "unknown_headers", message: /^Onbekende kolom: „Opmerking”\./ },
    { name: "duplicate headers", header: `${MINIMAL_HEADER};name`, code: "duplicate_headers", message: /^Deze kolommen staan er dubbel in: „naam” en „name”\. Laat er van elk één staan\.$/ },
  ];
  for (const c of fileErrors) {
    test(c.name, () => {
      const r = parseInstitutionCsv(`${c.header}\r\nx;y;z;a;b\r\n`);
      assert.equal(r.ok, false);
      assert.equal(r.fileError?.code, c.code);
      assert.match(text(r.fileError!.message), c.message);
      assert.notEqual(text(r.fileError!.message, "en"), text(r.fileError!.message));
    });
  }
});

describe("row validation", () => {
  const header = `${MINIMAL_HEADER};agb;kvk;leverancier;fg_naam;fg_email;ciso_naam;ciso_email;ciso_telefoon`;
  const good = ["Ziekenhuis A", "ziekenhuis", "99000001", "Assen", "Drenthe", "", "", "", "", "", "", "", ""];
  const cases: { name: string; change: Record<number, string>; expect: [string, string][] }[] = [
    { name: "URA with letters", change: { 2: "99A00001" }, expect: [["ura", "not_digits"]] },
    { name: "missing URA", change: { 2: "" }, expect: [["ura", "required"]] },
    { name: "AGB too long", change: { 5: "060000001" }, expect: [["agb", "wrong_length"]] },
    { name: "KvK with a lost leading zero", change: { 6: "1234567" }, expect: [["kvk", "wrong_length"]] },
    { name: "unknown vendor", change: { 7: "Philips" }, expect: [["leverancier", "unknown_vendor"]] },
    { name: "vendor alias", change: { 7: "beeldtijdlijn" }, expect: [] },
    { name: "missing name and city", change: { 0: "", 3: " " }, expect: [["naam", "required"], ["plaats", "required"]] },
    { name: "contact with a name but no e-mail", change: { 8: "Fleur de Graaf" }, expect: [["fg_email", "contact_incomplete"]] },
    { name: "contact with an e-mail but no name", change: { 9: "fg@a.demo.test" }, expect: [["fg_naam", "contact_incomplete"]] },
    { name: "contact with a bad phone", change: { 10: "Jan", 11: "jan@a.demo.test", 12: "bel me" }, expect: [["ciso_telefoon", "bad_phone"]] },
    { name: "province alias and code", change: { 4: "NL-DR" }, expect: [] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const cells = good.map((v, i) => c.change[i] ?? v);
      const r = parseInstitutionCsv(`${header}\r\n${cells.join(";")}\r\n`);
      assert.equal(r.fileError, undefined);
      assert.deepEqual(r.errors.map((e) => [e.column, e.code]), c.expect);
      assert.equal(r.rows.length, c.expect.length === 0 ? 1 : 0);
      for (const e of r.errors) {
        assert.equal(e.line, 2);
        assert.ok(text(e.message).length > 15, text(e.message));
        assert.ok(text(e.message).endsWith("."), text(e.message));
      }
    });
  }
});

describe("formula injection", () => {
  const dangerous = ["=HYPERLINK(\"http://evil.test\",\"klik\")", "+31 20 000 0000", "-2+3", "@SUM(A1)", "\tTab", "\rCR"];
  test("dangerous cells get a leading quote, harmless ones do not", () => {
    for (const v of dangerous) assert.equal(makeCellSafe(v), `'${v}`);
    for (const v of ["Ziekenhuis", "'quoted already", "3-2", "a=b"]) assert.equal(makeCellSafe(v), v);
  });

  test("the importer strips exactly that quote", () => {
    for (const v of dangerous) assert.equal(unmakeCellSafe(makeCellSafe(v)), v);
    assert.equal(unmakeCellSafe("'Ziekenhuis"), "'Ziekenhuis", "a quote before harmless text is kept");
    assert.equal(unmakeCellSafe("''=x"), "''=x");
  });

  test("toSafeCsv defuses text but not numbers or nulls", () => {
    const csv = toSafeCsv(["naam", "aantal", "opmerking"], [["=1+1", -5, null]]);
    assert.equal(csv, `${BOM}naam;aantal;opmerking\r\n'=1+1;-5;\r\n`);
    assert.equal(toSafeCsv(["a", "b"], [["x,y", "z"]], { separator: "," }), `${BOM}a,b\r\n"x,y",z\r\n`);
  });

  test("an institution with formula-like text round-trips", () => {
    const evil: DemoInstitution = {
      ...DEMO_INSTITUTIONS[3],
      name: "=HYPERLINK(\"http://evil.test\";\"Ziekenhuis\")",
      city: "@Plaats",
      contacts: [{ role: "fg", name: "-Jan", email: "jan@x.demo.test", phone: "+31 20 000 0999" }],
    };
    const csv = serializeInstitutionCsv([evil]);
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.test"";""Ziekenhuis"")"`), csv);
    assert.ok(csv.includes(";'@Plaats;"));
    const r = parseInstitutionCsv(csv);
    assert.equal(r.ok, true, JSON.stringify(r.errors));
    assert.deepEqual(comparable(r.rows[0]), comparable(evil));
  });
});
