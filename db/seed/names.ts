/**
 * Building blocks for fictional demo data: a seeded PRNG, invented Dutch-sounding place names
 * and invented people. Nothing here may resemble a real hospital or a real person from the
 * programme documents (DOMAIN.md: "Demo data stays fictional").
 *
 * Pure and deterministic: the same seed always yields the same names.
 */

// ---------------------------------------------------------------------------------------------
// PRNG

export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[];
  /** n random decimal digits as a string (leading zeros kept), e.g. digits(6) -> "048213". */
  digits(n: number): string;
};

/**
 * mulberry32: tiny, fast and good enough for demo data; unlike Math.random it can be seeded,
 * which is the point (identical seeds, identical demo on every machine).
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(0, items.length - 1)];
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    digits: (n) => Array.from({ length: n }, () => String(int(0, 9))).join(""),
  };
}

// ---------------------------------------------------------------------------------------------
// Slugs

/** Letters that Unicode does not decompose into a base letter plus a mark. */
const TRANSLITERATE: Record<string, string> = {
  ł: "l", Ł: "L", ø: "o", Ø: "O", æ: "ae", Æ: "AE", œ: "oe", Œ: "OE", ß: "ss", đ: "d", Đ: "D",
  þ: "th", Þ: "Th", ð: "d", Ð: "D", ı: "i", ħ: "h", ŋ: "ng",
};

/** ASCII, lower-case, words joined by hyphens: "Łucja Nowak-de Vries" -> "lucja-nowak-de-vries". */
export function slugify(input: string): string {
  return [...input]
    .map((ch) => TRANSLITERATE[ch] ?? ch)
    .join("")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

// ---------------------------------------------------------------------------------------------
// Place names

/**
 * First halves of invented place names. Compass words (ooster-, wester-) are left out on
 * purpose: they produce real villages far too often.
 */
export const PLACE_PREFIXES: readonly string[] = [
  "Linde", "Haver", "Eiken", "Breder", "Beuken", "Elzen", "Hazel", "Wilgen", "Berken", "Klaver",
  "Reiger", "Meidoorn", "Varen", "Lijster", "Merel", "Kievits", "Vossen", "Zilver", "Amber",
  "Rieten", "Biezen", "Ganzen", "Valken", "Distel", "Iepen", "Bramen", "Vlier", "Roggen", "Lupine",
  "Klaproos", "Zonne", "Sterren", "Dauw", "Wolken", "Meeuwen", "Kraanvogel", "Hoppe", "Essen",
  "Wikke", "Vinken", "Lisdodde", "Egel", "Otte", "Mossel", "Zwanen", "Brem", "Tarwe", "Schelp",
  "Kalmoes", "Ruisen", "Hoge", "Lange",
];

/** Second halves that fit anywhere in the country. */
export const PLACE_SUFFIXES: readonly string[] = [
  "waard", "veen", "kamp", "rode", "veld", "loo", "horst", "broek", "donk", "wolde", "stede",
  "hoeve", "dal", "mere", "haven", "burg", "schot", "wijk", "geest", "berg", "heem", "vliet",
  "gaarde", "sloot", "brugge", "dijk", "beek", "hoven", "lust", "weide",
];

/** Regional flavour, so a Frisian town does not sound like a Limburg one. */
export const REGIONAL_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  "NL-FR": ["um", "ga", "terp", "wier", "zijl"],
  "NL-GR": ["um", "wolde", "ster", "zijl", "werd"],
  "NL-DR": ["lo", "esch", "veen", "ingen"],
  "NL-OV": ["lo", "esch", "ingen", "haar"],
  "NL-LI": ["rade", "heim", "broek", "hoven", "ven"],
  "NL-ZE": ["kerke", "dijke", "poort", "kapelle"],
  "NL-NB": ["donk", "hout", "rode", "hoven", "schot"],
};

/**
 * Real names the syllables could produce or come close to: real Dutch places, and hospitals or
 * treatment centres whose names people recognise. Generation skips any candidate that matches
 * (case- and diacritic-insensitive); the tests check the final output against it as well.
 */
export const REAL_NAME_DENYLIST: readonly string[] = [
  // places
  "Lindenholt", "Lindenheuvel", "Hoogeveen", "Hogeveen", "Hoogeloon", "Hoogkamp", "Hoogland", "Langeveld", "Langeveen",
  "Langedijk", "Langenboom", "Rozendaal", "Roosendaal", "Bredevoort", "Bredeweg", "Brederode", "Heideveld",
  "Zandberg", "Zandvoort", "Beekbergen", "Groenewoud", "Eikenburg", "Berkenwoude", "Berkhout", "Essesteijn",
  "Valkenburg", "Valkenswaard", "Vossenberg", "Klaverblad", "Sterrenberg", "Haverleij", "Elzenburg", "Wilgenrode",
  "Hazeldonk", "Ganzedijk", "Zwanenburg", "Zilverberg", "Hoveniersbuurt", "Egelshoek", "Distelberg", "Ambergen",
  "Varenhorst", "Lijsterbes", "Lunteren", "Biezenmortel", "Essenburg", "Roggel", "Wolkenburg", "Meeuwen",
  "Kievitsdal", "Hogeweg", "Haverkamp", "Brakkenstein", "Oosterhout", "Oosterbeek", "Oosterwolde",
  "Kamperland", "Kampen", "Egmond", "Otterlo", "Hoppenbrouwers", "Essen", "Berkenrode", "Linderveld",
  // hospitals, clinics and rehabilitation centres with a well-known name
  "Isala", "Rijnstate", "Amphia", "Gelre", "Catharina", "Maasstad", "Spaarne", "Radboud", "Erasmus",
  "Antonius", "Jeroen Bosch", "Meander", "Tergooi", "Zuyderland", "Maxima", "Franciscus", "Haga",
  "Haaglanden", "Alrijne", "Groene Hart", "Ikazia", "Albert Schweitzer", "Beatrix", "Bravis", "Treant",
  "Martini", "Wilhelmina", "Dijklander", "Noordwest", "Rode Kruis", "Tjongerschans", "Elkerliek",
  "VieCuri", "Laurentius", "Amstelland", "Rivierenland", "Bernhoven", "Canisius", "Slingeland",
  "Gelderse Vallei", "Nij Smellinghe", "Frisius", "Ommelander", "Zorgsaam", "Van Weel-Bethesda",
  "LangeLand", "Reinier de Graaf", "Saxenburgh", "Dijkzigt", "Sophia", "Maartenskliniek", "Heliomare",
  "Basalt", "Rijndam", "Adelante", "Libra", "Roessingh", "Vogellanden", "Klimmendaal", "Merem", "Reade",
  "Hoogstraat", "Revant", "Tolbrug", "Bergman", "Xpert", "ViaSana", "Velthuis", "Rivas", "Beatrixoord",
  "Deventer", "Hengelo", "Almelo", "Meppel", "Emmen", "Assen", "Zwolle", "Enschede", "Blaricum", "Hilversum",
  "Heerlen", "Sittard", "Venlo", "Weert", "Roermond", "Tiel", "Ede", "Zeist", "Gouda", "Delft", "Leiden",
  "Gorinchem", "Dordrecht", "Schiedam", "Vlaardingen", "Spijkenisse", "Goes", "Vlissingen", "Terneuzen",
];

/** Doubled letters squashed, so "Brederrode" is caught by "Brederode". */
const squash = (slug: string) => slug.replace(/([a-z])\1+/g, "$1");
const denied = new Set(REAL_NAME_DENYLIST.map((n) => squash(slugify(n))));

/** True when the name, or any word in it, is on the deny-list (spelling variants included). */
export function isDeniedName(name: string): boolean {
  const slug = squash(slugify(name));
  if (denied.has(slug)) return true;
  for (const d of denied) {
    // Multi-word entries ("jeroen-bosch") match inside a longer name; single words match a whole word.
    if (d.includes("-") ? slug.includes(d) : slug.split("-").includes(d)) return true;
  }
  return false;
}

function joinPlace(prefix: string, suffix: string): string {
  // "Linde" + "esch" -> "Lindesch" reads oddly; drop the doubled vowel boundary instead.
  const p = /[aeiou]$/.test(prefix) && /^[aeiou]/.test(suffix) ? prefix.slice(0, -1) : prefix;
  const glued = p + suffix;
  // Three identical letters in a row never occur in Dutch spelling ("Zonneeeveen").
  return glued.replace(/(.)\1\1/g, "$1$1");
}

/**
 * Hands out unique invented place names. `used` is shared so cities and institution names
 * never repeat across the whole data set.
 */
export function createPlaceNamer(rng: Rng) {
  const used = new Set<string>();
  return function nextPlaceName(provinceCode?: string): string {
    const regional = provinceCode ? REGIONAL_SUFFIXES[provinceCode] ?? [] : [];
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const suffixes = regional.length > 0 && rng.next() < 0.5 ? regional : PLACE_SUFFIXES;
      const name = joinPlace(rng.pick(PLACE_PREFIXES), rng.pick(suffixes));
      const key = slugify(name);
      if (used.has(key) || isDeniedName(name) || name.length < 6) continue;
      used.add(key);
      return name;
    }
    throw new Error("ran out of invented place names");
  };
}

// ---------------------------------------------------------------------------------------------
// People

export const FIRST_NAMES: readonly string[] = [
  "Anouk", "Bram", "Daan", "Eline", "Fleur", "Gijs", "Hanneke", "Ivo", "Jasmijn", "Koen", "Lotte", "Maarten",
  "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sander", "Tessa", "Ruben", "Vera", "Wouter", "Yara", "Zeger",
  "Annelies", "Bas", "Carlijn", "Dirk-Jan", "Esther", "Frank", "Greetje", "Hidde", "Ilse", "Joost", "Karin",
  "Lars", "Marloes", "Niels", "Oscar", "Petra", "Rik", "Saskia", "Thijs", "Ursula", "Vincent", "Wendy",
  "Mohamed", "Fatima", "Yusuf", "Samira", "Anil", "Priya", "Wei", "Mei", "Kofi", "Amara", "Tomasz", "Agnieszka",
  "Zoë", "Chloë", "Noël", "René", "Inês", "Jürgen", "Ana", "Çağla", "Mateusz", "Björn", "Aoife", "Siobhán",
];

export const SURNAMES: readonly string[] = [
  "de Boer", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Groot", "Mulder", "Bos", "Vos",
  "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
  "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
  "van den Broek", "de Bruijn", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra",
  "Maas", "Verhoeven", "Koster", "van Dam", "Prins", "Blom", "Huisman", "Peeters", "de Jong", "Kuipers",
  "van Wijk", "Postma", "Kramer", "van der Heijden", "Wolters", "Bouwman", "Timmermans", "Sanders",
  "El Amrani", "Yılmaz", "Öztürk", "Nowak", "Kowalski", "Wójcik", "Ødegaard", "Müller", "Schäfers",
  "Gonçalves", "Šimić", "Nguyen", "Chen", "Mensah", "Ó Briain", "Lindqvist", "Dubois", "Fernández",
];

/**
 * Names that must appear, so every screen and PDF is exercised with letters outside
 * WinAnsi/Latin-1 (Ł, ø, ğ, ı) as well as common accents.
 */
export const DIACRITIC_NAMES: readonly string[] = [
  "Łucja Nowak-de Vries",
  "Søren Ødegaard",
  "Émilie van Dijk",
  "Çağla Yılmaz-Bos",
  "Jürgen Vößling",
  "Zoë de Wit-Šimić",
];

/**
 * Combinations the lists could produce that belong to people: those named in the programme
 * documents (shared/seeds) and well-known public figures.
 */
export const PERSON_DENYLIST: readonly string[] = [
  "Simon Vermeer", "Pascal Buesink", "Mirjam van Aspert", "Linda Eijpe", "Karel Loerts", "Jaap Visser",
  "Eric Zwarter", "Frank de Boer", "Ronald de Boer", "Sander Dekker", "Mark Rutte", "Bas Dekker",
  "Frank de Jong", "Daan Schouten", "Thijs Kuipers", "Lotte Prins",
];
const deniedPeople = new Set(PERSON_DENYLIST.map((n) => slugify(n)));
export const isDeniedPerson = (name: string) => deniedPeople.has(slugify(name));

/** Creates unique invented people; `reserved` names (placed by the caller) are never produced. */
export function createPersonNamer(rng: Rng, reserved: readonly string[] = DIACRITIC_NAMES) {
  const used = new Set<string>(reserved);
  return function nextPersonName(): string {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`;
      if (used.has(name) || isDeniedPerson(name)) continue;
      used.add(name);
      return name;
    }
    throw new Error("ran out of invented person names");
  };
}

/** "Łucja Nowak-de Vries" -> "lucja.nowak-de-vries": first name, dot, the rest. */
export function emailLocalPart(fullName: string): string {
  const [first, ...rest] = fullName.split(" ");
  return `${slugify(first)}.${slugify(rest.join(" "))}`;
}
