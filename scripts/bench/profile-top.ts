/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, e.g. the server of a benchmark started with
 * BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"): the functions with the most self time,
 * and the files/packages with the most self time, as shares of all samples.
 *
 *   npx tsx scripts/bench/profile-top.ts /tmp/prof/*.cpuprofile [--top 40]
 */
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const args = process.argv.slice(2);
const topIdx = args.indexOf("--top");
const top = topIdx >= 0 ? Number(args[topIdx + 1]) : 40;
const files = args.filter((a, i) => a.endsWith(".cpuprofile") && i !== topIdx + 1);
if (!files.length) {
  console.error("usage: tsx scripts/bench/profile-top.ts <file.cpuprofile>… [--top N]");
  process.exit(1);
}

const selfByFn = new Map<string, number>();
const selfByFile = new Map<string, number>();
let total = 0;
const short = (url: string) => {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "") || "(native)";
};
for (const f of files) {
  const p = JSON.parse(readFileSync(f, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    const n = byId.get(id)!;
    const cf = n.callFrame;
    const key = `${cf.functionName || "(anonymous)"} ${short(cf.url)}:${cf.lineNumber + 1}`;
    selfByFn.set(key, (selfByFn.get(key) ?? 0) + dt);
    const file = cf.url ? short(cf.url) : cf.functionName;
    selfByFile.set(file, (selfByFile.get(file) ?? 0) + dt);
    total += dt;
  });
}
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
};
print("self time by function", selfByFn);
print("self time by file or package", selfByFile);
