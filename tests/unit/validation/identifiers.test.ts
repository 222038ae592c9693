import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  INSTITUTION_KINDS,
  INSTITUTION_KIND_LABELS,
  PROVINCES,
  PROVINCE_CODES,
  agbSchema,
  checkAgb,
  checkHomeCommunityId,
  checkInstitutionKind,
  checkKvk,
  checkOid,
  checkProvince,
  checkUra,
  checkVendorCode,
  homeCommunityIdSchema,
  institutionKindSchema,
  isValidOid,
  kvkSchema,
  oidSchema,
  optionalAgbSchema,
  optionalVendorCodeSchema,
  parseInstitutionKind,
  parseProvince,
  parseVendorCode,
  provinceSchema,
  uraSchema,
  vendorCodeSchema,
} from "@/lib/validation/identifiers";
import { VENDOR_CODES, VENDOR_INFO } from "@/lib/domain/vendors";

describe("URA / AGB / KvK: exactly 8 digits", () => {
  const cases: { input: string; code?: string; value?: string; messageIncludes?: string }[] = [
    { input: "12345678", value: "12345678" },
    { input: "00000001", value: "00000001" },
    { input: "  87654321\t", value: "87654321" },
    { input: "", code: "required" },
    { input: "   ", code: "required" },
    { input: "1234567", code: "wrong_length", messageIncludes: "voorloopnul" },
    { input: "123456789", code: "wrong_length", messageIncludes: "(nu 9)" },
    { input: "1234 5678", code: "not_digits" },
    { input: "1234.5678", code: "not_digits" },
    { input: "1234567a", code: "not_digits" },
    { input: "-1234567", code: "not_digits" },
    { input: "１２３４５６７８", code: "not_digits" }, // full-width digits are not ASCII digits
    { input: "1e7", code: "not_digits" },
  ];
  for (const [label, check] of [
    ["URA", checkUra],
    ["AGB-code", checkAgb],
    ["KvK-nummer", checkKvk],
  ] as const) {
    for (const c of cases) {
      test(`${label} ${JSON.stringify(c.input)} -> ${c.code ?? "ok"}`, () => {
        const r = check(c.input);
        if (c.code === undefined) {
          assert.deepEqual(r, { ok: true, value: c.value });
        } else {
          assert.equal(r.ok, false);
          if (r.ok) return;
          assert.equal(r.code, c.code);
          assert.ok(r.message.startsWith(label), `message names the field: ${r.message}`);
          if (c.messageIncludes) assert.ok(r.message.includes(c.messageIncludes), r.message);
          assert.ok(r.messageEn.length > 0);
        }
      });
    }
  }

  test("the URA message is the specific Dutch sentence", () => {
    const r = checkUra("123");
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /^URA moet uit precies 8 cijfers bestaan \(nu 3\)/);
  });

  test("schemas trim, carry the Dutch message and the code", () => {
    assert.equal(uraSchema.parse(" 12345678 "), "12345678");
    assert.equal(agbSchema.parse("06123456"), "06123456");
    assert.equal(kvkSchema.parse("87654321"), "87654321");
    const bad = uraSchema.safeParse("12 34");
    assert.equal(bad.success, false);
    const issue = bad.error!.issues[0];
    assert.match(issue.message, /^URA moet uit precies 8 cijfers bestaan/);
    assert.equal((issue as { params?: { code?: string } }).params?.code, "not_digits");
    assert.equal(uraSchema.safeParse(undefined).error!.issues[0].message, "URA is verplicht");
    assert.equal(uraSchema.safeParse(12345678).error!.issues[0].message, "Ongeldige invoer: verwacht tekst");
  });

  test("optional AGB accepts empty as null but still checks a value", () => {
    assert.equal(optionalAgbSchema.parse(""), null);
    assert.equal(optionalAgbSchema.parse(undefined), null);
    assert.equal(optionalAgbSchema.parse("06000001"), "06000001");
    assert.equal(optionalAgbSchema.safeParse("0600").success, false);
  });
});

describe("OID", () => {
  const valid = [
    "0.0",
    "1.2",
    "2.16.528.1.1007.3.3",
    "2.16.840.1.113883.2.4.6.1",
    "1.3.6.1.4.1.21367.2017.2.6.19",
    "2.999",
    "2.100.3",
    "1.39",
    "0.9.2342.19200300.100.1.1",
    "2.25.329800735698586629295641978511506172918", // UUID-derived arc beyond 2^53
  ];
  for (const oid of valid) {
    test(`valid: ${oid}`, () => assert.deepEqual(checkOid(oid), { ok: true, value: oid }));
  }

  const invalid: [string, string][] = [
    ["", "required"],
    ["2", "too_few_arcs"],
    ["3.1", "bad_root"],
    ["9.16.528", "bad_root"],
    ["1.40", "bad_second_arc"],
    ["0.40.1", "bad_second_arc"],
    ["1.100", "bad_second_arc"],
    ["2.16.0528.1", "leading_zero"],
    ["02.16", "leading_zero"],
    ["2.16.", "bad_syntax"],
    [".2.16", "bad_syntax"],
    ["2..16", "bad_syntax"],
    ["2.16.a", "bad_syntax"],
    ["2.16.-1", "bad_syntax"],
    ["2.16 .528", "bad_syntax"],
    ["urn:oid:2.16", "bad_syntax"],
    [`2.16.${"1.".repeat(40)}1`, "too_long"],
  ];
  for (const [oid, code] of invalid) {
    test(`invalid (${code}): ${oid.slice(0, 30)}`, () => {
      const r = checkOid(oid);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.code, code);
        assert.ok(r.message.length > 10);
      }
    });
  }

  test("64 characters is the limit", () => {
    const sixtyFour = `2.16.${"9".repeat(59)}`;
    assert.equal(sixtyFour.length, 64);
    assert.equal(isValidOid(sixtyFour), true);
    assert.equal(isValidOid(`${sixtyFour}1`), false);
  });

  test("schema", () => {
    assert.equal(oidSchema.parse("2.16.528.1"), "2.16.528.1");
    assert.match(oidSchema.safeParse("1.40").error!.issues[0].message, /kleiner dan 40/);
  });
});

describe("homeCommunityId", () => {
  const cases: { input: string; value?: string; code?: string }[] = [
    { input: "urn:oid:2.16.528.1.1007.3.3.1234567", value: "urn:oid:2.16.528.1.1007.3.3.1234567" },
    { input: "URN:OID:1.2.3", value: "urn:oid:1.2.3" },
    { input: " urn:oid:2.999 ", value: "urn:oid:2.999" },
    { input: "urn:uuid:6BA7B810-9DAD-11D1-80B4-00C04FD430C8", value: "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8" },
    { input: "", code: "required" },
    { input: "2.16.528.1", code: "bad_prefix" },
    { input: "oid:2.16.528.1", code: "bad_prefix" },
    { input: "urn:isbn:12345", code: "bad_prefix" },
    { input: "urn:oid:", code: "bad_oid" },
    { input: "urn:oid:3.1", code: "bad_oid" },
    { input: "urn:oid:1.2.03", code: "bad_oid" },
    { input: "urn:uuid:not-a-uuid", code: "bad_uuid" },
    { input: "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8x", code: "bad_uuid" },
  ];
  for (const c of cases) {
    test(`${JSON.stringify(c.input)} -> ${c.code ?? c.value}`, () => {
      const r = checkHomeCommunityId(c.input);
      if (c.value) assert.deepEqual(r, { ok: true, value: c.value });
      else {
        assert.equal(r.ok, false);
        if (!r.ok) assert.equal(r.code, c.code);
      }
    });
  }

  test("a bad OID inside explains the OID problem", () => {
    const r = checkHomeCommunityId("urn:oid:1.40");
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /^homeCommunityId bevat geen geldige OID: .*kleiner dan 40/);
  });

  test("schema normalises", () => {
    assert.equal(homeCommunityIdSchema.parse("Urn:Oid:2.16.1"), "urn:oid:2.16.1");
    assert.equal(homeCommunityIdSchema.safeParse("2.16.1").success, false);
  });
});

describe("provinces", () => {
  test("the twelve provinces, with Dutch names", () => {
    assert.equal(PROVINCE_CODES.length, 12);
    assert.deepEqual(
      PROVINCE_CODES.map((c) => PROVINCES[c].nl),
      [
        "Groningen",
        "Friesland",
        "Drenthe",
        "Overijssel",
        "Flevoland",
        "Gelderland",
        "Utrecht",
        "Noord-Holland",
        "Zuid-Holland",
        "Zeeland",
        "Noord-Brabant",
        "Limburg",
      ],
    );
  });

  const parsed: [string, string | null][] = [
    ["NL-ZH", "NL-ZH"],
    ["zh", "NL-ZH"],
    ["Zuid-Holland", "NL-ZH"],
    ["zuid holland", "NL-ZH"],
    ["ZUIDHOLLAND", "NL-ZH"],
    ["South Holland", "NL-ZH"],
    ["Fryslân", "NL-FR"],
    ["Fryslan", "NL-FR"],
    ["Friesland", "NL-FR"],
    ["Friesland (Fryslân)", "NL-FR"],
    ["Provincie Limburg", "NL-LI"],
    ["Brabant", "NL-NB"],
    ["noord-brabant", "NL-NB"],
    ["Holland", null],
    ["Vlaanderen", null],
    ["", null],
  ];
  for (const [input, code] of parsed) {
    test(`parseProvince(${JSON.stringify(input)}) = ${code}`, () => assert.equal(parseProvince(input), code));
  }

  test("check and schema give specific Dutch messages", () => {
    const r = checkProvince("Holland");
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, "unknown_province");
      assert.match(r.message, /^Onbekende provincie "Holland"\. Kies een van: Groningen, Friesland/);
    }
    assert.equal(provinceSchema.parse("utrecht"), "NL-UT");
    assert.equal(provinceSchema.safeParse("").error!.issues[0].message, "Provincie is verplicht");
  });
});

describe("institution kinds", () => {
  test("five kinds, each with Dutch and English labels", () => {
    assert.deepEqual([...INSTITUTION_KINDS], ["hospital", "umc", "diagnostic_centre", "clinic", "rehab"]);
    for (const k of INSTITUTION_KINDS) {
      assert.ok(INSTITUTION_KIND_LABELS[k].nl.length > 2);
      assert.ok(INSTITUTION_KIND_LABELS[k].en.length > 2);
    }
  });

  const parsed: [string, string | null][] = [
    ["hospital", "hospital"],
    ["Ziekenhuis", "hospital"],
    ["UMC", "umc"],
    ["Universitair medisch centrum", "umc"],
    ["diagnostic_centre", "diagnostic_centre"],
    ["Diagnostisch centrum", "diagnostic_centre"],
    ["ZBC", "clinic"],
    ["zelfstandig behandelcentrum", "clinic"],
    ["Kliniek", "clinic"],
    ["Revalidatiecentrum", "rehab"],
    ["rehab", "rehab"],
    ["apotheek", null],
    ["", null],
  ];
  for (const [input, kind] of parsed) {
    test(`parseInstitutionKind(${JSON.stringify(input)}) = ${kind}`, () => assert.equal(parseInstitutionKind(input), kind));
  }

  test("unknown kind lists the choices", () => {
    const r = checkInstitutionKind("apotheek");
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /^Onbekende soort instelling "apotheek"\. Kies een van: Ziekenhuis, /);
    assert.equal(institutionKindSchema.parse("ZBC"), "clinic");
  });
});

describe("vendors", () => {
  test("three infrastructures with their names", () => {
    assert.deepEqual([...VENDOR_CODES], ["enovation", "founda", "alphatron"]);
    assert.deepEqual(
      VENDOR_CODES.map((c) => VENDOR_INFO[c].name),
      ["Enovation", "Founda Health", "Alphatron"],
    );
    assert.equal(VENDOR_INFO.alphatron.infrastructure, "beeldtijdlijn");
    assert.equal(VENDOR_INFO.founda.infrastructure, "xds");
  });

  const parsed: [string, string | null][] = [
    ["enovation", "enovation"],
    ["Enovation", "enovation"],
    ["Founda Health", "founda"],
    ["founda", "founda"],
    ["ALPHATRON", "alphatron"],
    ["Beeldtijdlijn", "alphatron"],
    ["ChipSoft", null],
  ];
  for (const [input, code] of parsed) {
    test(`parseVendorCode(${JSON.stringify(input)}) = ${code}`, () => assert.equal(parseVendorCode(input), code));
  }

  test("check, schema and optional schema", () => {
    const r = checkVendorCode("ChipSoft");
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /^Onbekende leverancier "ChipSoft"\. Kies een van: Enovation, Founda Health, Alphatron$/);
    assert.equal(vendorCodeSchema.parse("Founda Health"), "founda");
    assert.equal(optionalVendorCodeSchema.parse(""), null);
    assert.equal(optionalVendorCodeSchema.parse("alphatron"), "alphatron");
    assert.equal(optionalVendorCodeSchema.safeParse("x").success, false);
  });
});
