/**
 * `npm run bench:pdf`: the full personalised toolkit pack for one institution (warm) and for
 * 130 institutions in a row; prints timings, sizes and peak RSS. A benchmark, not a test.
 * Targets (issue 7): one pack ≤ 150 ms warm, 130 packs ≤ 15 s.
 */
import { generatePack, type ToolkitOptions } from "@/lib/pdf";

const FIRST = ["Łukasz", "Søren", "Anneke", "Zoltán", "Chloé", "Jürgen", "Ewa", "Bram", "Fatima", "Dvořák", "Ingrid", "Mehmet"];
const LAST = ["Øster-Émile", "Groß", "de Vries", "Erdős", "van der Meer", "Kowalczyk", "Janssen", "Bakker", "El Amrani", "Nováková"];
const CITIES = [
  ["Nijmegen", "Gelderland"],
  ["Groningen", "Groningen"],
  ["Maastricht", "Limburg"],
  ["Zwolle", "Overijssel"],
  ["Leeuwarden", "Friesland"],
  ["Den Haag", "Zuid-Holland"],
] as const;
const VENDORS = ["Enovation", "Founda Health", "Alphatron Zorgverbinders", null];
const STEPS = [
  "Leverancier gekozen",
  "Leveranciersovereenkomst getekend",
  "Twiin: intentieverklaring",
  "Twiin: dossier ingediend",
  "Twiin: advies validatieloket",
  "Twiin: bestuursbesluit",
  "Twiin-deelnemersovereenkomst getekend",
  "Mitz-connector geaccepteerd",
  "Mitz-testwhitelisting",
  "Mitz aangesloten (productie)",
  "Bronnen aangemeld in Mitz",
  "DPIA afgerond",
  "PACS-/tijdlijnintegratie gereed",
  "DUO-verbinding getest",
  "Livegang",
];

function institution(i: number, generatedAt: Date): ToolkitOptions {
  const person = (k: number) => `${FIRST[(i + k) % FIRST.length]} ${LAST[(i * 3 + k) % LAST.length]}`;
  const [city, province] = CITIES[i % CITIES.length];
  const ura = String(10000000 + i * 7919).slice(0, 8);
  const done = i % STEPS.length;
  return {
    version: { label: "2.1", publishedOn: "2026-11-01", changeNote: "Financieringsparagraaf bijgewerkt; mijlpalen geactualiseerd." },
    institution: {
      name: `${["Ziekenhuis", "Medisch Centrum", "Kliniek", "Diagnostisch Centrum"][i % 4]} ${LAST[i % LAST.length]} ${city}`,
      ura,
      agb: String(6000000 + i).padStart(8, "0"),
      kvk: String(40000000 + i),
      city,
      province,
      vendor: VENDORS[i % VENDORS.length],
      contacts: [
        { role: "project_lead", name: person(0), email: `projectleider${i}@instelling.example`, phone: "024 123 4567" },
        { role: "ciso", name: person(1), email: `ciso${i}@instelling.example` },
        { role: "fg", name: person(2), email: `fg${i}@instelling.example` },
        { role: "technical", name: person(3), email: `ict${i}@instelling.example`, phone: "+31 24 111 2222" },
      ],
    },
    endpoints: Array.from({ length: i % 7 }, (_, k) => ({
      environment: k % 2 ? "production" : "acceptance",
      transaction: ["ITI-38", "ITI-39", "RAD-75"][k % 3],
      url: `https://xca${k}.instelling-${i}.example/gateway/services/RespondingGateway_Service`,
      homeCommunityId: `urn:oid:2.16.840.1.113883.2.4.3.11.999.${ura}.${k}`,
      status: k === 5 ? "suspended" : "active",
    })),
    onboarding: {
      readinessPercent: (done / STEPS.length) * 100,
      phaseLabel: done < 7 ? "Overeenkomsten" : done < 11 ? "Aansluiting op Mitz" : "Techniek en test",
      steps: STEPS.map((title, k) => ({
        title,
        state: k < done ? "verified" : k === done ? "reported" : "open",
        date: k <= done ? `2026-${String(1 + (k % 10)).padStart(2, "0")}-15` : null,
      })),
    },
    generatedAt,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const generatedAt = new Date("2026-11-22T09:00:00Z");
  const t0 = performance.now();
  const first = await generatePack(institution(0, generatedAt));
  const coldMs = performance.now() - t0;

  for (let i = 0; i < 5; i++) await generatePack(institution(i, generatedAt));
  const runs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await generatePack(institution(1, generatedAt));
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);

  const n = 130;
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  const tAll = performance.now();
  for (let i = 0; i < n; i++) bytes += (await generatePack(institution(i, generatedAt))).length;
  const allMs = performance.now() - tAll;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const fmt = (x: number) => x.toFixed(1);
  console.log(`cold first pack:          ${fmt(coldMs)} ms (${(first.length / 1024).toFixed(0)} KB)`);
  console.log(`one pack warm (30 runs):  p50 ${fmt(percentile(runs, 50))} ms, p95 ${fmt(percentile(runs, 95))} ms, min ${fmt(runs[0])} ms  (target ≤ 150 ms)`);
  console.log(`${n} packs sequential:     ${fmt(allMs / 1000)} s, ${fmt(allMs / n)} ms/pack, ${(bytes / n / 1024).toFixed(0)} KB/pack  (target ≤ 15 s)`);
  console.log(`CPU time (130 packs):     ${fmt(cpuMs / 1000)} s, ${fmt(cpuMs / n)} ms/pack (incl. GC threads; compare with wall time on a busy machine)`);
  console.log(`peak RSS:                 ${fmt(peakRssMb)} MB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
