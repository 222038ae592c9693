import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AGB_PREFIX_BY_KIND,
  DEMO_CISO_EMAIL,
  DEMO_CONTACT_ROLES,
  DEMO_INSTITUTIONS,
  DEMO_INSTITUTION_COUNTS,
  DEMO_SEED,
  KNOOP_CONVENANT,
  generateDemoInstitutions,
  withDemoCisoAccount,
  type DemoInstitution,
} from "@/db/seed/institutions-data";
import { DEMO_USERS } from "@/db/seed/demo-users";
import { DIACRITIC_NAMES, PERSON_DENYLIST, REAL_NAME_DENYLIST, isDeniedName, slugify } from "@/db/seed/names";
import {
  INSTITUTION_KINDS,
  PROVINCE_CODES,
  checkAgb,
  checkInstitutionKind,
  checkKvk,
  checkProvince,
  checkUra,
  checkVendorCode,
} from "@/lib/validation/identifiers";

const all = DEMO_INSTITUTIONS;

function countBy<K extends string>(items: readonly DemoInstitution[], key: (i: DemoInstitution) => K): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

describe("demo institutions: the programme's mix", () => {
  test("exactly 130", () => {
    assert.equal(all.length, 130);
    assert.equal(DEMO_INSTITUTION_COUNTS.total, 130);
  });

  test("kinds: 66 hospitals + 7 UMCs, 6 diagnostic centres, 41 clinics + 10 rehab", () => {
    const expected = { hospital: 66, umc: 7, diagnostic_centre: 6, clinic: 41, rehab: 10 };
    assert.deepEqual(countBy(all, (i) => i.kind), expected);
    assert.deepEqual(DEMO_INSTITUTION_COUNTS.byKind, expected);
    assert.equal(expected.hospital + expected.umc, 73);
    assert.equal(expected.clinic + expected.rehab, 51);
  });

  test("all 12 provinces, with the Randstad, Brabant and Gelderland carrying most", () => {
    const byProvince = countBy(all, (i) => i.province);
    assert.deepEqual(Object.keys(byProvince).sort(), [...PROVINCE_CODES].sort());
    assert.deepEqual(byProvince, DEMO_INSTITUTION_COUNTS.byProvince);
    const big = ["NL-ZH", "NL-NH", "NL-NB", "NL-GE"].map((p) => byProvince[p]);
    const smallest = Math.min(...PROVINCE_CODES.filter((p) => !["NL-ZH", "NL-NH", "NL-NB", "NL-GE"].includes(p)).map((p) => byProvince[p]));
    for (const n of big) assert.ok(n > 9 && n > smallest, `big province has ${n}`);
    assert.ok(byProvince["NL-ZH"] >= byProvince["NL-NH"]);
    for (const p of PROVINCE_CODES) assert.ok(byProvince[p] >= 4, `${p} has ${byProvince[p]}`);
  });

  test("UMCs are spread over six provinces, two in Zuid-Holland", () => {
    const umcs = countBy(all.filter((i) => i.kind === "umc"), (i) => i.province);
    assert.deepEqual(umcs, { "NL-GR": 1, "NL-GE": 1, "NL-UT": 1, "NL-NH": 1, "NL-ZH": 2, "NL-LI": 1 });
  });

  test("vendors: 36 Enovation (Knoop.convenant), 21 Founda, 65 Alphatron, 8 undecided", () => {
    const byVendor = countBy(all, (i) => i.vendor ?? "none");
    assert.deepEqual(byVendor, { enovation: 36, founda: 21, alphatron: 65, none: 8 });
    assert.deepEqual(DEMO_INSTITUTION_COUNTS.byVendor, { enovation: 36, founda: 21, alphatron: 65, none: 8 });
    assert.equal(byVendor.enovation + byVendor.founda, 57, "about 57 on the XDS world");
  });

  test("groups: every Enovation institution is in the Knoop.convenant, Founda in regional groups", () => {
    for (const i of all) {
      if (i.vendor === "enovation") assert.equal(i.groupName, KNOOP_CONVENANT, i.name);
      else assert.notEqual(i.groupName, KNOOP_CONVENANT, i.name);
      if (i.vendor === "founda") assert.match(i.groupName ?? "", /^XDS-regio /);
      if (i.vendor === "alphatron" || i.vendor === null) assert.equal(i.groupName, null, i.name);
    }
    assert.equal(all.filter((i) => i.groupName === KNOOP_CONVENANT).length, DEMO_INSTITUTION_COUNTS.knoopConvenant);
  });

  test("undecided institutions are clinics or rehabilitation centres; XDS is mostly hospitals", () => {
    for (const i of all.filter((x) => x.vendor === null)) assert.ok(i.kind === "clinic" || i.kind === "rehab", i.name);
    const xds = all.filter((i) => i.vendor === "enovation" || i.vendor === "founda");
    const hospitals = xds.filter((i) => i.kind === "hospital" || i.kind === "umc").length;
    assert.ok(hospitals / xds.length > 0.85, `${hospitals}/${xds.length}`);
  });
});

describe("demo institutions: identifiers", () => {
  test("every identifier passes the validators", () => {
    for (const i of all) {
      assert.deepEqual(checkUra(i.ura), { ok: true, value: i.ura }, i.name);
      assert.deepEqual(checkAgb(i.agb), { ok: true, value: i.agb }, i.name);
      assert.deepEqual(checkKvk(i.kvk), { ok: true, value: i.kvk }, i.name);
      assert.deepEqual(checkProvince(i.province), { ok: true, value: i.province }, i.name);
      assert.deepEqual(checkInstitutionKind(i.kind), { ok: true, value: i.kind }, i.name);
      if (i.vendor !== null) assert.deepEqual(checkVendorCode(i.vendor), { ok: true, value: i.vendor }, i.name);
    }
  });

  for (const field of ["ura", "agb", "kvk"] as const) {
    test(`${field} values are unique`, () => {
      assert.equal(new Set(all.map((i) => i[field])).size, all.length);
    });
  }

  test("AGB codes start with the care-type prefix of their kind", () => {
    for (const i of all) assert.ok(i.agb.startsWith(AGB_PREFIX_BY_KIND[i.kind]), `${i.name}: ${i.agb}`);
  });

  test("URAs are in the demo range, KvK numbers do not start with 0", () => {
    for (const i of all) {
      assert.match(i.ura, /^99\d{6}$/);
      assert.match(i.kvk, /^[1-9]\d{7}$/);
    }
  });
});

describe("demo institutions: fictional names and contacts", () => {
  test("no duplicate names (case-insensitive)", () => {
    assert.equal(new Set(all.map((i) => i.name.toLowerCase())).size, all.length);
    assert.equal(new Set(all.map((i) => slugify(i.name))).size, all.length, "slugs, used in e-mail domains, are unique too");
  });

  test("names follow the kind's naming and look Dutch", () => {
    const patterns: Record<string, RegExp> = {
      umc: /^Universitair Medisch Centrum \p{Lu}\p{Ll}+$/u,
      hospital: /^(Ziekenhuis|Medisch Centrum|Streekziekenhuis|Ziekenhuisgroep) \p{Lu}\p{Ll}+$|^\p{Lu}\p{Ll}+ Gasthuis$/u,
      diagnostic_centre: /^(Diagnostisch Centrum|Radiologisch Centrum|Diagnostiekcentrum) \p{Lu}\p{Ll}+$/u,
      clinic: /^(Kliniek|Orthopedische Kliniek|Zelfstandig Behandelcentrum|Oogkliniek|Dagkliniek|Sportmedisch Behandelcentrum) \p{Lu}\p{Ll}+$/u,
      rehab: /^(Revalidatiecentrum|Revalidatie) \p{Lu}\p{Ll}+$/u,
    };
    for (const i of all) assert.match(i.name, patterns[i.kind], i.name);
  });

  test("a UMC carries the name of its city", () => {
    for (const i of all.filter((x) => x.kind === "umc")) assert.equal(i.name, `Universitair Medisch Centrum ${i.city}`);
  });

  test("no name or city is on the deny-list of real places, hospitals and clinics", () => {
    assert.ok(REAL_NAME_DENYLIST.length > 50);
    for (const i of all) {
      assert.equal(isDeniedName(i.name), false, i.name);
      assert.equal(isDeniedName(i.city), false, i.city);
    }
    // The check itself works, including spelling variants.
    assert.equal(isDeniedName("Ziekenhuis Rijnstate"), true);
    assert.equal(isDeniedName("Ziekenhuis Brederrode"), true);
    assert.equal(isDeniedName("Jeroen Bosch Ziekenhuis"), true);
    assert.equal(isDeniedName("Ziekenhuis Lindewaard"), false);
  });

  test("cities are fictional and shared by several institutions in larger towns", () => {
    const cities = new Set(all.map((i) => i.city));
    assert.ok(cities.size > 60 && cities.size < 130, `${cities.size} towns`);
    // A town belongs to one province.
    const provinceOf = new Map<string, string>();
    for (const i of all) {
      assert.equal(provinceOf.get(i.city) ?? i.province, i.province, i.city);
      provinceOf.set(i.city, i.province);
    }
  });

  test("every institution has the four contact roles with demo e-mail and fake phone", () => {
    const phones = new Set<string>();
    const emails = new Set<string>();
    for (const i of all) {
      assert.deepEqual(
        i.contacts.map((c) => c.role),
        [...DEMO_CONTACT_ROLES],
      );
      for (const c of i.contacts) {
        // The one exception: the demo CISO account's own address (withDemoCisoAccount).
        if (c.email !== DEMO_CISO_EMAIL) assert.match(c.email, new RegExp(`^[a-z0-9.-]+@${slugify(i.name)}\\.demo\\.test$`), c.email);
        assert.match(c.phone, /^\+31 20 000 0\d{3}$/, c.phone);
        assert.ok(!PERSON_DENYLIST.includes(c.name), c.name);
        phones.add(c.phone);
        emails.add(c.email);
      }
    }
    assert.equal(phones.size, all.length * 4);
    assert.equal(emails.size, all.length * 4);
  });

  test("names with European diacritics are present, on different institutions", () => {
    const holders = DIACRITIC_NAMES.map((name) => all.findIndex((i) => i.contacts.some((c) => c.name === name)));
    for (const [j, idx] of holders.entries()) assert.ok(idx >= 0, `${DIACRITIC_NAMES[j]} is used`);
    assert.equal(new Set(holders).size, DIACRITIC_NAMES.length);
    for (const n of ["Łucja Nowak-de Vries", "Søren Ødegaard", "Émilie van Dijk"]) assert.ok(DIACRITIC_NAMES.includes(n));
    const lucja = all.flatMap((i) => i.contacts).find((c) => c.name === "Łucja Nowak-de Vries")!;
    assert.match(lucja.email, /^lucja\.nowak-de-vries@/);
  });
});

describe("demo institutions: determinism", () => {
  test("two calls give identical output", () => {
    assert.deepEqual(generateDemoInstitutions(), generateDemoInstitutions());
    assert.deepEqual(withDemoCisoAccount(generateDemoInstitutions({ seed: DEMO_SEED })), [...DEMO_INSTITUTIONS]);
  });

  test("the only change to the generated data is the demo CISO account's e-mail on its institution's CISO contact", () => {
    const generated = generateDemoInstitutions();
    const differences = DEMO_INSTITUTIONS.flatMap((d, i) =>
      d.contacts.flatMap((c, j) => (JSON.stringify(c) === JSON.stringify(generated[i].contacts[j]) ? [] : [{ i, role: c.role, c, g: generated[i].contacts[j] }])),
    );
    assert.equal(differences.length, 1);
    const [diff] = differences;
    assert.equal(diff.i, DEMO_INSTITUTIONS.findIndex((d) => d.vendor === "enovation"));
    assert.equal(diff.role, "ciso");
    assert.deepEqual(diff.c, { ...diff.g, email: DEMO_CISO_EMAIL });
    assert.deepEqual(DEMO_INSTITUTIONS.map((d) => ({ ...d, contacts: [] })), generated.map((d) => ({ ...d, contacts: [] })));
    const account = DEMO_USERS.find((u) => u.email === DEMO_CISO_EMAIL)!;
    assert.equal(account.name, diff.c.name);
    assert.equal(account.institution, diff.i);
  });

  test("does not use Math.random", () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error("Math.random used");
    };
    try {
      assert.equal(generateDemoInstitutions().length, 130);
    } finally {
      Math.random = original;
    }
  });

  test("another seed gives other names but the same mix", () => {
    const other = generateDemoInstitutions({ seed: 7 });
    assert.notDeepEqual(other.map((i) => i.name), all.map((i) => i.name));
    assert.deepEqual(countBy(other, (i) => i.kind), countBy(all, (i) => i.kind));
    assert.deepEqual(countBy(other, (i) => i.vendor ?? "none"), countBy(all, (i) => i.vendor ?? "none"));
    for (const field of ["ura", "agb", "kvk"] as const) assert.equal(new Set(other.map((i) => i[field])).size, 130);
    for (const k of INSTITUTION_KINDS) assert.ok(other.some((i) => i.kind === k));
  });

  test("DEMO_INSTITUTIONS is frozen", () => {
    assert.ok(Object.isFrozen(DEMO_INSTITUTIONS));
  });

  test("a snapshot of the first and last institution pins the generator", () => {
    // If this changes, the demo (screenshots, e2e expectations) changes: do it on purpose.
    const first = all[0];
    const last = all[all.length - 1];
    assert.deepEqual(
      { name: first.name, city: first.city, ura: first.ura, agb: first.agb, kvk: first.kvk, vendor: first.vendor },
      {
        name: "Universitair Medisch Centrum Iepenum",
        city: "Iepenum",
        ura: "99186697",
        agb: "06920452",
        kvk: "66060094",
        vendor: "enovation",
      },
    );
    assert.deepEqual(
      { name: last.name, province: last.province, kind: last.kind, ura: last.ura },
      { name: "Revalidatie Kalmoessloot", province: "NL-LI", kind: "rehab", ura: "99806387" },
    );
    assert.equal(first.contacts[0].name, "Łucja Nowak-de Vries");
  });
});
