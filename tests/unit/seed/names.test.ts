import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  createPersonNamer,
  createPlaceNamer,
  createRng,
  emailLocalPart,
  isDeniedName,
  isDeniedPerson,
  slugify,
} from "@/db/seed/names";

describe("createRng", () => {
  test("same seed, same sequence; other seed, other sequence", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    const seqB = Array.from({ length: 20 }, () => b.next());
    const seqC = Array.from({ length: 20 }, () => c.next());
    assert.deepEqual(seqA, seqB);
    assert.notDeepEqual(seqA, seqC);
  });

  test("pinned values (mulberry32), so the demo is the same on every machine", () => {
    const r = createRng(1);
    assert.equal(r.next(), 0.6270739405881613);
    assert.equal(r.next(), 0.002735721180215478);
  });

  test("next() stays in [0, 1) and int() in its bounds, covering all values", () => {
    const r = createRng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = r.next();
      assert.ok(x >= 0 && x < 1);
      const n = r.int(3, 8);
      assert.ok(n >= 3 && n <= 8 && Number.isInteger(n));
      seen.add(n);
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7, 8]);
  });

  test("shuffle keeps the elements and leaves the input alone; digits gives n digits", () => {
    const r = createRng(9);
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = r.shuffle(input);
    assert.deepEqual(input, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual([...out].sort(), input);
    assert.match(r.digits(6), /^\d{6}$/);
    assert.throws(() => r.pick([]));
  });
});

describe("slugify and e-mail local parts", () => {
  const cases: [string, string][] = [
    ["Łucja Nowak-de Vries", "lucja-nowak-de-vries"],
    ["Søren Ødegaard", "soren-odegaard"],
    ["Émilie van Dijk", "emilie-van-dijk"],
    ["Çağla Yılmaz-Bos", "cagla-yilmaz-bos"],
    ["Jürgen Vößling", "jurgen-vossling"],
    ["Þóra Ævarsdóttir", "thora-aevarsdottir"],
    ["Ziekenhuis 't Lindewaard", "ziekenhuis-t-lindewaard"],
    ["  --Kliniek  Brederveld--  ", "kliniek-brederveld"],
  ];
  for (const [input, slug] of cases) {
    test(`slugify(${JSON.stringify(input)}) = ${slug}`, () => assert.equal(slugify(input), slug));
  }

  test("emailLocalPart: first name, dot, the rest", () => {
    assert.equal(emailLocalPart("Łucja Nowak-de Vries"), "lucja.nowak-de-vries");
    assert.equal(emailLocalPart("Dirk-Jan van der Meer"), "dirk-jan.van-der-meer");
    assert.equal(emailLocalPart("Siobhán Ó Briain"), "siobhan.o-briain");
  });
});

describe("namers", () => {
  test("place names are unique, not denied, and at least 6 letters", () => {
    const next = createPlaceNamer(createRng(1));
    const names = Array.from({ length: 300 }, (_, i) => next(i % 2 === 0 ? "NL-FR" : undefined));
    assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
    for (const n of names) {
      assert.ok(n.length >= 6, n);
      assert.equal(isDeniedName(n), false, n);
      assert.doesNotMatch(n, /(.)\1\1/, n);
      assert.match(n, /^\p{Lu}\p{Ll}+$/u, n);
    }
  });

  test("person names are unique and never a reserved or denied name", () => {
    const next = createPersonNamer(createRng(1), ["Søren Ødegaard"]);
    const names = Array.from({ length: 600 }, () => next());
    assert.equal(new Set(names).size, names.length);
    assert.ok(!names.includes("Søren Ødegaard"));
    for (const n of names) assert.equal(isDeniedPerson(n), false, n);
  });

  test("deny-lists catch whole words and spelling variants, not fragments", () => {
    assert.equal(isDeniedName("Ziekenhuis Isala"), true);
    assert.equal(isDeniedName("Medisch Centrum Maasstad"), true);
    assert.equal(isDeniedName("Revalidatiecentrum Rijndam"), true);
    assert.equal(isDeniedName("Hoogeveen"), true);
    assert.equal(isDeniedName("Hoogeveenn"), true);
    assert.equal(isDeniedName("Ziekenhuis Isalawaard"), false);
    assert.equal(isDeniedPerson("jaap visser"), true);
    assert.equal(isDeniedPerson("Jaap Vissering"), false);
  });
});
