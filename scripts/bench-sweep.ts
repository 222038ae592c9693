/**
 * `npm run bench:sweep`: one sweep of 1,000 loopback TLS endpoints with the checker, and the
 * same list with `curl --parallel` for comparison. A benchmark, not a test.
 *
 * The endpoints are served by the bundled XCA gateway simulator (lib/checker/simulator, its
 * generated test PKI, mutual TLS) running in CHILD processes (BENCH_SIMULATORS, default 2: the
 * simulator does as much TLS work per check as the checker), so the checker's CPU and peak RSS
 * are its own. 1,000 distinct URLs, taking the simulators in turn, on two listeners each (fewer
 * file descriptors than 1,000 ports):
 *   85 %  `ok` path         Success at once                               -> up
 *    5 %  `slow` path       Success after 2 s (?delay=2000)               -> degraded `slow` (threshold 2,000 ms)
 *    5 %  `blackhole` port  accepts TCP, never speaks (TLS never completes) -> down `timeout`
 *    5 %  `hang` path       TLS completes, the request is never answered  -> down `timeout`
 * (A TCP-level black hole — SYNs dropped, `connect_timeout` — needs firewall rules on loopback;
 * the probe classifies it the same way after the same 5 s.) The list is shuffled with a fixed
 * seed so black holes are spread over the sweep, identically for both tools.
 *
 * The checker runs through the CLI's `--file` path (`runCli` from lib/checker/cli.ts, in this
 * process, so tsx start-up is not counted): the same probe the server uses, one deadline of 5 s,
 * CHECKER_* from the simulator plus CHECKER_ALLOW_TARGETS=127.0.0.0/8 (loopback is refused
 * otherwise). curl gets the same URLs, timeout (--max-time 5), trust store (--cacert), client
 * certificate, SOAP envelope and content type, and — like the checker — a new connection and a
 * full handshake per check (`Connection: close`, `--no-sessionid`).
 *
 * Every endpoint that answers takes a TLS handshake; the 10 % that never answer take the full
 * 5 s in BOTH tools, so ~5 s (plus the time until the last black hole is dispatched) is the
 * floor of the wall time. The concurrency (BENCH_CONCURRENCY, default 300 = curl's maximum
 * --parallel-max; above 300 curl runs as several processes) is the same for both. Why not more:
 * every check's clock runs while it waits for CPU, so on a busy machine a higher concurrency
 * turns fast endpoints `slow` and, past a point, makes every handshake miss the deadline at once
 * (both tools collapsed at 500 while the machine ran other builds); 300 leaves room for the
 * black holes (100) and the slow ones (50) while the rest keep flowing.
 *
 * Targets (issue 6): checker ≤ 1.2 × curl's wall time, ≤ 6.5 s, peak RSS ≤ 300 MB.
 * BENCH_ENDPOINTS (default 1000), BENCH_CONCURRENCY and BENCH_SIMULATORS adjust it; BENCH_CURL=0
 * skips curl (for profiling the checker: node --cpu-prof --import tsx scripts/bench-sweep.ts).
 */
import { spawn, spawnSync, fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const TOTAL = Number(process.env.BENCH_ENDPOINTS || 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 300);
const TIMEOUT_MS = 5000;
const SLOW_MS = 2000;
const SLOW_DELAY_MS = 2000;
const CURL_MAX_PARALLEL = 300;
const SIMULATORS = Math.max(1, Number(process.env.BENCH_SIMULATORS || 2));

type Kind = "fast" | "slow" | "blackhole" | "hang";
type SimInfo = { port: number; blackholePort: number; env: Record<string, string>; trustStore: string; clientCert: string; clientKey: string };

/** The child: starts the simulator and reports where it listens. */
async function serve() {
  const { startSimulator } = await import("@/lib/checker/simulator/server");
  const sim = await startSimulator({ scenarios: ["blackhole"] });
  const info: SimInfo = {
    port: sim.port,
    blackholePort: sim.ports.blackhole!,
    env: sim.env,
    trustStore: sim.pki.trustStore,
    clientCert: sim.pki.clientCert,
    clientKey: sim.pki.clientKey,
  };
  process.send!(info);
  process.on("disconnect", () => void sim.close().finally(() => process.exit(0)));
}

/** Deterministic shuffle (mulberry32), so both tools see the same order on every run. */
function shuffle<T>(items: T[], seed = 20261122): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function endpointList(sims: SimInfo[]): Array<{ url: string; kind: Kind }> {
  const slow = Math.round(TOTAL * 0.05);
  const blackhole = Math.round(TOTAL * 0.05);
  const hang = Math.round(TOTAL * 0.05);
  const fast = TOTAL - slow - blackhole - hang;
  const list: Array<{ url: string; kind: Kind }> = [];
  const id = (i: number) => `gw-${String(i).padStart(4, "0")}`;
  let n = 0;
  // Endpoints take the simulator processes in turn.
  const base = (i: number) => `https://127.0.0.1:${sims[i % sims.length].port}`;
  for (let i = 0; i < fast; i++, n++) list.push({ url: `${base(n)}/ok/${id(n)}/xca/iti38`, kind: "fast" });
  for (let i = 0; i < slow; i++, n++) list.push({ url: `${base(n)}/slow/${id(n)}/xca/iti38?delay=${SLOW_DELAY_MS}`, kind: "slow" });
  for (let i = 0; i < hang; i++, n++) list.push({ url: `${base(n)}/hang/${id(n)}/xca/iti38`, kind: "hang" });
  for (let i = 0; i < blackhole; i++, n++) list.push({ url: `https://127.0.0.1:${sims[n % sims.length].blackholePort}/blackhole/${id(n)}/xca/iti38`, kind: "blackhole" });
  return shuffle(list);
}

/** CPU time (ms) a process has used so far, from /proc (the simulator child's share of the work). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime in clock ticks (100/s)
  } catch {
    return NaN;
  }
}

/** CPU time (ms) of this process's waited-for children (curl, once it has exited). */
function childrenCpu(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[13]) + Number(f[14])) * 1000) / 100; // cutime + cstime
}

const peakRssMb = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 1024 / 1024;
};

async function runChecker(list: Array<{ url: string; kind: Kind }>, sim: SimInfo, dir: string) {
  const { runCli } = await import("@/lib/checker/cli");
  const file = path.join(dir, "endpoints.json");
  writeFileSync(file, JSON.stringify(list.map((e) => ({ url: e.url }))));
  const lines: string[] = [];
  const env = { ...process.env, ...sim.env, CHECKER_ALLOW_TARGETS: "127.0.0.0/8" };
  const argv = ["--file", file, "--json", "--concurrency", String(CONCURRENCY), "--timeout", String(TIMEOUT_MS), "--slow", String(SLOW_MS)];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await runCli(argv, { out: (l) => lines.push(l), err: (l) => process.stderr.write(`${l}\n`), env, readFile: (p) => readFileSync(p, "utf8") });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rss = peakRssMb();
  if (code === 2) throw new Error("the checker CLI refused its arguments or configuration (see above)");
  const results = lines.map((l) => JSON.parse(l) as { url: string; status: string; reason: string | null; phases: { totalMs: number } });
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: rss, results };
}

function ensureCurl(): string {
  const which = spawnSync("sh", ["-c", "command -v curl"], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  console.log("• curl is missing: installing it with apt-get …");
  const r = spawnSync("sh", ["-c", "apt-get install -y curl || (apt-get update && apt-get install -y curl)"], { stdio: "inherit" });
  const again = spawnSync("sh", ["-c", "command -v curl"], { encoding: "utf8" });
  if (r.status !== 0 || again.status !== 0) throw new Error("curl is not installed and apt-get could not install it: the comparison is impossible");
  return again.stdout.trim();
}

async function runCurl(curl: string, list: Array<{ url: string; kind: Kind }>, sim: SimInfo, dir: string) {
  const { buildIti38Request, ITI38, newMessageId, soapContentType } = await import("@/lib/checker/soap");
  const body = path.join(dir, "envelope.xml");
  // The same ITI-38 transport-mode envelope the checker sends (one MessageID for all: curl cannot vary it).
  writeFileSync(body, buildIti38Request({ mode: "transport", to: list[0].url, messageId: newMessageId(), patientId: null }));
  // curl caps --parallel-max at 300 (above it, it silently falls back to 50): a higher
  // concurrency is split over several curl processes, each with an interleaved share of the list.
  const processes = Math.ceil(CONCURRENCY / CURL_MAX_PARALLEL);
  const perProcess = Math.ceil(CONCURRENCY / processes);
  const shares = Array.from({ length: processes }, (_, p) => list.filter((_, i) => i % processes === p));
  const args = (config: string) => [
    "--silent",
    "--no-progress-meter",
    "--parallel",
    "--parallel-immediate",
    "--parallel-max",
    String(perProcess),
    "--max-time",
    String(TIMEOUT_MS / 1000),
    "--cacert",
    sim.trustStore,
    "--cert",
    sim.clientCert,
    "--key",
    sim.clientKey,
    "--tlsv1.2",
    "--no-sessionid",
    "--http1.1",
    "-X",
    "POST",
    "-H",
    `Content-Type: ${soapContentType(ITI38.action)}`,
    "-H",
    "Accept: application/soap+xml, multipart/related",
    "-H",
    "Connection: close",
    "--data-binary",
    `@${body}`,
    "--write-out",
    "%{exitcode} %{http_code} %{time_total}\\n",
    "--config",
    config,
  ];
  const configs = shares.map((share, p) => {
    const config = path.join(dir, `curl-${p}.cfg`);
    writeFileSync(config, share.map((e) => `url = "${e.url}"\noutput = "/dev/null"\n`).join(""));
    return config;
  });
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  const outputs = await Promise.all(
    configs.map((config) => {
      const child = spawn(curl, args(config), { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      return new Promise<{ stdout: string; stderr: string }>((resolve) => child.on("close", () => resolve({ stdout, stderr })));
    }),
  );
  const out = outputs.map((o) => o.stdout).join("\n");
  const err = outputs.map((o) => o.stderr).join("\n");
  const wallMs = performance.now() - t0;
  const rows = out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [exit, status] = l.split(" ");
      return { exit: Number(exit), status: Number(status) };
    });
  if (rows.length !== list.length) console.log(`  (curl reported ${rows.length} of ${list.length} transfers${err ? `: ${err.trim().slice(0, 300)}` : ""})`);
  return { wallMs, rows, processes, perProcess, cpuMs: childrenCpu() - cpu0 };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const tick = (ok: boolean) => (ok ? "✔" : "✖");

async function main() {
  const curl = ensureCurl();
  const dir = mkdtempSync(path.join(os.tmpdir(), "duo-bench-sweep-"));
  const children: ChildProcess[] = [];
  const startOne = () => {
    const child = fork(__filename, ["--simulator"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.push(child);
    return new Promise<SimInfo>((resolve, reject) => {
      child.once("message", (m) => resolve(m as SimInfo));
      child.once("exit", (code) => reject(new Error(`the simulator exited (${code}) before it was ready`)));
    });
  };
  const simCpu = () => children.reduce((sum, c) => sum + cpuOf(c.pid!), 0);
  try {
    // The first one prepares (or reuses) the test PKI; the others then share it.
    const sims = [await startOne()];
    sims.push(...(await Promise.all(Array.from({ length: SIMULATORS - 1 }, startOne))));
    const sim = sims[0];
    const list = endpointList(sims);
    const count = (k: Kind) => list.filter((e) => e.kind === k).length;
    console.log(`• ${list.length} endpoints on ${sims.length} simulator processes (ports ${sims.map((x) => `${x.port}+${x.blackholePort}`).join(", ")}): ${count("fast")} fast, ${count("slow")} answering after ${SLOW_DELAY_MS / 1000} s, ${count("blackhole")} TLS black holes + ${count("hang")} HTTP black holes`);
    console.log(`• timeout ${TIMEOUT_MS} ms (total per check), slow threshold ${SLOW_MS} ms, concurrency ${CONCURRENCY} for both tools, loadavg ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, ${os.cpus().length} cores`);

    // Warm-up (not measured): loads the modules and lets the simulator JIT its TLS path.
    const { runCli } = await import("@/lib/checker/cli");
    writeFileSync(path.join(dir, "warm.json"), JSON.stringify(list.filter((e) => e.kind === "fast").slice(0, 20).map((e) => ({ url: e.url }))));
    await runCli(["--file", path.join(dir, "warm.json"), "--json", "--concurrency", "20"], { out: () => {}, err: () => {}, env: { ...process.env, ...sim.env, CHECKER_ALLOW_TARGETS: "127.0.0.0/8" }, readFile: (p) => readFileSync(p, "utf8") });

    let simCpu0 = simCpu();
    const checker = await runChecker(list, sim, dir);
    const simCpuChecker = simCpu() - simCpu0;
    const byUrl = new Map(list.map((e) => [e.url, e.kind]));
    const verdicts = new Map<string, number>();
    for (const r of checker.results) {
      const key = `${byUrl.get(r.url)} → ${r.status}${r.reason ? ` (${r.reason})` : ""}`;
      verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
    }
    const done = checker.results.filter((r) => r.status !== "down").map((r) => r.phases.totalMs).sort((a, b) => a - b);

    simCpu0 = simCpu();
    const c = process.env.BENCH_CURL === "0" ? { wallMs: NaN, rows: [] as Array<{ exit: number; status: number }>, processes: 0, perProcess: 0, cpuMs: NaN } : await runCurl(curl, list, sim, dir);
    const simCpuCurl = simCpu() - simCpu0;
    const curlOk = c.rows.filter((r) => r.exit === 0 && r.status === 200).length;
    const curlTimeout = c.rows.filter((r) => r.exit === 28).length;
    const curlOther = c.rows.length - curlOk - curlTimeout;

    const ratio = checker.wallMs / c.wallMs;
    console.log("\nChecker (CLI --file path, lib/checker/probe.ts):");
    console.log(`  wall ${fmt(checker.wallMs)}, ${(list.length / (checker.wallMs / 1000)).toFixed(0)} checks/s, CPU ${fmt(checker.cpuMs)}, peak RSS ${checker.rssMb.toFixed(0)} MB (the whole benchmark process, VmHWM)`);
    console.log(`  the simulator processes used ${fmt(simCpuChecker)} CPU meanwhile`);
    if (done.length) console.log(`  answered checks: p50 ${done[Math.floor(done.length / 2)]} ms, p95 ${done[Math.floor(done.length * 0.95)]} ms total per check`);
    console.log("  verdicts (endpoint kind → status (reason)):");
    for (const [k, n] of [...verdicts].sort()) console.log(`    ${String(n).padStart(4)}  ${k}`);
    console.log(`\ncurl ${spawnSync(curl, ["--version"], { encoding: "utf8" }).stdout.split(" ").slice(0, 2).join(" ")} --parallel --parallel-max ${c.perProcess}${c.processes > 1 ? ` × ${c.processes} processes` : ""}:`);
    console.log(`  wall ${fmt(c.wallMs)}, CPU ${fmt(c.cpuMs)}: ${curlOk} HTTP 200, ${curlTimeout} timed out (exit 28), ${curlOther} other; the simulator processes used ${fmt(simCpuCurl)} CPU meanwhile`);
    console.log(`\nRatio checker / curl: ${ratio.toFixed(2)}`);
    console.log(`Note: ${count("blackhole") + count("hang")} endpoints never answer; both tools wait the full ${TIMEOUT_MS / 1000} s for each, so ~${TIMEOUT_MS / 1000} s is the floor of both wall times.`);
    console.log("\nTargets:");
    console.log(`  ${tick(ratio <= 1.2)} ≤ 1.2 × curl's wall time (${ratio.toFixed(2)} ×)`);
    console.log(`  ${tick(checker.wallMs <= 6500)} ≤ 6.5 s (${fmt(checker.wallMs)})`);
    console.log(`  ${tick(checker.rssMb <= 300)} peak RSS ≤ 300 MB (${checker.rssMb.toFixed(0)} MB)`);
    console.log(`\n| endpoints | concurrency | checker wall | checks/s | checker CPU | peak RSS | curl wall | curl CPU | ratio |`);
    console.log(`|---|---|---|---|---|---|---|---|---|`);
    console.log(`| ${list.length} | ${CONCURRENCY} | ${fmt(checker.wallMs)} | ${(list.length / (checker.wallMs / 1000)).toFixed(0)} | ${fmt(checker.cpuMs)} | ${checker.rssMb.toFixed(0)} MB | ${fmt(c.wallMs)} | ${fmt(c.cpuMs)} | ${ratio.toFixed(2)} |`);
  } finally {
    for (const c of children) if (c.connected) c.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--simulator")) {
  serve().catch((e) => {
    console.error(`✖ simulator: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
} else {
  main()
    .catch((e) => {
      console.error(`✖ ${e instanceof Error ? e.message : e}`);
      process.exitCode = 1;
    })
    .finally(() => setTimeout(() => process.exit(), 500).unref());
}
