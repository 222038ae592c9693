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
  IDENTIFIER_MESSAGES,
  type Invalid,
} from "@/lib/validation/identifiers";
import { VENDOR_CODES, VENDOR_INFO } from "@/lib/domain/vendors";
import { translate } from "@/lib/i18n/messages";
import { messageText } from "@/lib/validation/messages";

/** A failed check as the person sees it, in Dutch (default) or English. */
const text = (r: Invalid, locale: "nl" | "en" = "nl") => {
  assert.ok(IDENTIFIER_MESSAGES.includes(r.key.replace(/^checks\./, "")), `${r.key} is listed in IDENTIFIER_MESSAGES`);
  return translate(locale, r.key, r.params);
};
/** A zod issue's message (a key with values) as text. */
const issueText = (m: string, locale: "nl" | "en" = "nl") => messageText((k, v) => translate(locale, k, v), m);

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
          assert.ok(text(r).startsWith(label), `message names the field: ${text(r)}`);
          if (c.messageIncludes) assert.ok(text(r).includes(c.messageIncludes), text(r));
          assert.ok(text(r, "en").length > 0);
          assert.notEqual(text(r, "en"), text(r));
        }
      });
    }
  }

  test("the URA message is the specific Dutch sentence", () => {
    const r = checkUra("123");
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(text(r), "URA moet uit precies 8 cijfers bestaan (nu 3). Mogelijk is een voorloopnul weggevallen (bijvoorbeeld door Excel).");
      assert.equal(text(r, "en"), "URA must consist of exactly 8 digits (got 3). A leading zero may have been lost (e.g. by Excel).");
      assert.deepEqual({ code: r.code, key: r.key, params: r.params }, { code: "wrong_length", key: "checks.ura.wrong_length_short", params: { length: "3" } });
    }
  });

  test("schemas trim, carry the message key with its values and the code", () => {
    assert.equal(uraSchema.parse(" 12345678 "), "12345678");
    assert.equal(agbSchema.parse("06123456"), "06123456");
    assert.equal(kvkSchema.parse("87654321"), "87654321");
    const bad = uraSchema.safeParse("12 34");
    assert.equal(bad.success, false);
    const issue = bad.error!.issues[0];
    assert.equal(issue.message, 'checks.ura.not_digits {"value":"12 34"}');
    assert.equal(issueText(issue.message), 'URA moet uit precies 8 cijfers bestaan; "12 34" bevat ook andere tekens (geen spaties, punten of letters)');
    assert.equal((issue as { params?: { code?: string } }).params?.code, "not_digits");
    assert.equal(issueText(uraSchema.safeParse(undefined).error!.issues[0].message), "URA is verplicht");
    assert.equal(issueText(uraSchema.safeParse(12345678).error!.issues[0].message), "Ongeldige invoer: verwacht tekst");
    assert.equal(issueText(kvkSchema.safeParse(undefined).error!.issues[0].message, "en"), "KvK number is required");
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
        assert.ok(text(r).length > 10);
        assert.ok(text(r, "en").length > 10);
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
    assert.equal(issueText(oidSchema.safeParse("1.40").error!.issues[0].message), "Na 1. moet het tweede deel van een OID kleiner dan 40 zijn (nu 40)");
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
        if (!r.ok) {
          assert.equal(r.code, c.code);
          assert.ok(text(r).startsWith("homeCommunityId"), text(r));
        }
      }
    });
  }

  test("a bad OID inside explains the OID problem", () => {
    const r = checkHomeCommunityId("urn:oid:1.40");
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(text(r), "homeCommunityId bevat geen geldige OID: Na 1. moet het tweede deel van een OID kleiner dan 40 zijn (nu 40)");
      assert.equal(text(r, "en"), "homeCommunityId does not contain a valid OID: After 1. the second arc of an OID must be below 40 (got 40)");
    }
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

  test("check and schema give specific messages that list every province", () => {
    const r = checkProvince("Holland");
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, "unknown_province");
      assert.equal(text(r), `Onbekende provincie "Holland". Kies een van: ${PROVINCE_CODES.map((c) => PROVINCES[c].nl).join(", ")}`);
      assert.equal(text(r, "en"), `Unknown province "Holland". Choose one of: ${PROVINCE_CODES.map((c) => PROVINCES[c].en).join(", ")}`);
    }
    assert.equal(provinceSchema.parse("utrecht"), "NL-UT");
    assert.equal(issueText(provinceSchema.safeParse("").error!.issues[0].message), "Provincie is verplicht");
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
    if (!r.ok) {
      assert.equal(text(r), `Onbekende soort instelling "apotheek". Kies een van: ${INSTITUTION_KINDS.map((k) => INSTITUTION_KIND_LABELS[k].nl).join(", ")}`);
      assert.equal(text(r, "en"), `Unknown kind of institution "apotheek". Choose one of: ${INSTITUTION_KINDS.map((k) => INSTITUTION_KIND_LABELS[k].en).join(", ")}`);
    }
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
    if (!r.ok) assert.equal(text(r), 'Onbekende leverancier "ChipSoft". Kies een van: Enovation, Founda Health, Alphatron');
    assert.equal(vendorCodeSchema.parse("Founda Health"), "founda");
    assert.equal(optionalVendorCodeSchema.parse(""), null);
    assert.equal(optionalVendorCodeSchema.parse("alphatron"), "alphatron");
    assert.equal(optionalVendorCodeSchema.safeParse("x").success, false);
  });
});
