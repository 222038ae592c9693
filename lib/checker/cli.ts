/**
 * `npm run check -- [--json] [--mode transport|query] [--transaction iti38|iti39|rad75] [--ura 12345678] [--timeout 5000] [--slow 2000] <url>...`
 * `npm run check -- --file endpoints.json [--concurrency N] [--json]`
 *
 * Each address gets the request of its transaction. In query mode an ITI-38 address runs the chain
 * (ITI-38 -> ITI-39 -> RAD-75) with the `--file` entries of the same homeCommunityId as the
 * community's retrieve and imaging addresses.
 *
 * Human output is Dutch; `--json` prints one JSON object per endpoint per line. Exit code 0
 * when every endpoint is up or degraded, 1 otherwise, 2 for wrong usage or configuration.
 * Reads the same CHECKER_* variables as the server (see config.ts).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { CheckerConfigError, loadCheckerConfig, type CheckerConfig } from "./config";
import { explainResult, explainSteps, statusLabel } from "./explain";
import { probeEndpoint, type ProbeOptions, type ProbeResult } from "./probe";
import { TRANSACTION_INFO, XCA_TRANSACTIONS, type XcaTransaction } from "./soap";

const USAGE = `Gebruik:
  npm run check -- [--json] [--mode transport|query] [--transaction iti38|iti39|rad75] [--ura 12345678] [--timeout 5000] [--slow 2000] <url> [<url>...]
  npm run check -- --file endpoints.json [--concurrency N] [--json]

  --json          één JSON-object per endpoint per regel
  --mode          transport (standaard, veilig voor productie) of query (acceptatie, met CHECKER_TEST_PATIENT;
                  een ketentest ITI-38 -> ITI-39 -> RAD-75 over de adressen met dezelfde homeCommunityId)
  --transaction   de geregistreerde transactie van het adres: iti38 (standaard), iti39 of rad75
  --ura           het geregistreerde URA-nummer; het URA in het servercertificaat moet gelijk zijn
  --timeout       totale tijdslimiet per controle in ms (standaard 10000 of CHECKER_TIMEOUT_MS)
  --slow          boven deze totale tijd (ms) heet een endpoint traag (standaard 2000 of CHECKER_SLOW_MS)
  --file          JSON-lijst van {url, ura?, mode?, transaction?, homeCommunityId?}
  --concurrency   aantal gelijktijdige controles (standaard 16)

Omgeving: CHECKER_CLIENT_CERT, CHECKER_CLIENT_KEY, CHECKER_TRUST_STORE, CHECKER_ALLOW_TARGETS,
          CHECKER_TEST_PATIENT, CHECKER_ALLOW_HTTP, CHECKER_TIMEOUT_MS, CHECKER_SLOW_MS`;

const modeSchema = z.enum(["transport", "query"]);
const transactionSchema = z.enum(XCA_TRANSACTIONS);
const uraSchema = z.string().regex(/^\d{8}$/, "URA moet 8 cijfers zijn");
const fileSchema = z.array(
  z.object({
    url: z.string().min(1),
    ura: uraSchema.nullish(),
    mode: modeSchema.nullish(),
    transaction: transactionSchema.nullish(),
    homeCommunityId: z.string().min(1).max(100).nullish(),
  }),
);

export interface CheckTarget {
  url: string;
  ura: string | null;
  mode: "transport" | "query";
  transaction: XcaTransaction;
  homeCommunityId: string | null;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The CHECKER_* variables to use instead of the process environment (lib/env.ts); tests pass their own. */
  env?: Record<string, string | undefined>;
  readFile: (path: string) => string;
}

class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} moet een positief geheel getal zijn`);
  return n;
}

export function parseCliArgs(argv: string[], readFile: (p: string) => string) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      mode: { type: "string" },
      transaction: { type: "string" },
      ura: { type: "string" },
      timeout: { type: "string" },
      slow: { type: "string" },
      file: { type: "string" },
      concurrency: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const mode = values.mode === undefined ? "transport" : modeSchema.safeParse(values.mode).data;
  if (!mode) throw new UsageError("--mode moet transport of query zijn");
  const transaction = values.transaction === undefined ? "iti38" : transactionSchema.safeParse(values.transaction).data;
  if (!transaction) throw new UsageError("--transaction moet iti38, iti39 of rad75 zijn");
  const ura = values.ura === undefined ? null : uraSchema.safeParse(values.ura).success ? values.ura : null;
  if (values.ura !== undefined && ura === null) throw new UsageError("--ura moet 8 cijfers zijn");

  const targets: CheckTarget[] = positionals.map((url) => ({ url, ura, mode, transaction, homeCommunityId: null }));
  if (values.file) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFile(values.file));
    } catch (err) {
      throw new UsageError(`--file ${values.file}: ${(err as Error).message}`);
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new UsageError(`--file ${values.file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    for (const t of parsed.data) {
      targets.push({ url: t.url, ura: t.ura ?? ura, mode: t.mode ?? mode, transaction: t.transaction ?? transaction, homeCommunityId: t.homeCommunityId ?? null });
    }
  }
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    targets,
    timeoutMs: values.timeout === undefined ? undefined : positiveInt("timeout", values.timeout, 0),
    slowMs: values.slow === undefined ? undefined : positiveInt("slow", values.slow, 0),
    concurrency: positiveInt("concurrency", values.concurrency, 16),
  };
}

/** The community's other addresses for the query-mode chain: the targets with the same homeCommunityId. */
export function chainFor(target: CheckTarget, all: readonly CheckTarget[]): NonNullable<ProbeOptions["chain"]> {
  const of = (transaction: XcaTransaction) =>
    target.homeCommunityId ? (all.find((o) => o !== target && o.transaction === transaction && o.homeCommunityId === target.homeCommunityId)?.url ?? null) : null;
  return { queryUrl: of("iti38"), retrieveUrl: of("iti39"), imagingUrl: of("rad75") };
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapPool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const ICON = { up: "✔", degraded: "⚠", down: "✖" } as const;

export function formatHuman(result: ProbeResult): string[] {
  const lines: string[] = [];
  const facts = [`${result.phases.totalMs} ms`];
  if (result.tls.protocol) facts.push(result.tls.protocol);
  const days = result.certificate.daysLeft;
  if (days !== null) facts.push(days < 0 ? "certificaat verlopen" : `certificaat nog ${days} dagen geldig`);
  if (result.certificate.ura) facts.push(`URA ${result.certificate.ura}`);
  const label = result.transaction && result.transaction !== "iti38" ? ` [${TRANSACTION_INFO[result.transaction].label}]` : "";
  lines.push(`${ICON[result.status]} ${statusLabel(result.status).padEnd(12)} ${result.url}${label} (${facts.join(", ")})`);
  for (const step of explainSteps(result, "nl")) lines.push(`    Stap ${step}`);
  for (const item of explainResult(result, "nl")) {
    lines.push(`    ${item.label}: ${item.explanation}`);
    lines.push(`    Volgende stap: ${item.nextStep}`);
  }
  if (result.status !== "up" && result.detail) lines.push(`    Technisch: ${result.detail}`);
  return lines;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(argv, io.readFile);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.targets.length === 0) {
    io.err(`Geen endpoints opgegeven.\n\n${USAGE}`);
    return 2;
  }
  let config: CheckerConfig;
  try {
    config = loadCheckerConfig(io.env);
  } catch (err) {
    io.err(err instanceof CheckerConfigError ? err.message : String(err));
    return 2;
  }

  const results = await mapPool(args.targets, args.concurrency, async (t) => {
    const result = await probeEndpoint({
      ...config,
      url: t.url,
      mode: t.mode,
      transaction: t.transaction,
      homeCommunityId: t.homeCommunityId,
      chain: t.mode === "query" ? chainFor(t, args.targets) : null,
      expectedUra: t.ura,
      timeoutMs: args.timeoutMs ?? config.timeoutMs,
      slowMs: args.slowMs ?? config.slowMs,
    });
    if (args.json) io.out(JSON.stringify(result));
    else for (const line of formatHuman(result)) io.out(line);
    return result;
  });

  if (!args.json) {
    const count = (s: ProbeResult["status"]) => results.filter((r) => r.status === s).length;
    io.out(
      `\n${results.length} endpoint${results.length === 1 ? "" : "s"}: ${count("up")} bereikbaar, ${count("degraded")} verminderd, ${count("down")} onbereikbaar`,
    );
  }
  return results.every((r) => r.status !== "down") ? 0 : 1;
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    readFile: (p) => readFileSync(p, "utf8"),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
