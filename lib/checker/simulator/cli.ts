/**
 * `npm run simulator -- [--port 9443 (CHECKER_SIMULATOR_PORT, default PORT + 6443)] [--host 127.0.0.1] [--quiet]`
 * Starts the loopback XCA gateway simulator and prints its URLs and the CHECKER_* lines
 * that make `npm run check` (or the server) trust and reach it. Ctrl-C stops it.
 */
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { PATH_SCENARIOS, PORT_SCENARIOS, startSimulator, type Scenario } from "./server";

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: "string", default: String(env().CHECKER_SIMULATOR_PORT) },
      host: { type: "string", default: "127.0.0.1" },
      quiet: { type: "boolean", default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65000) throw new Error("--port must be a port number");
  const sim = await startSimulator({
    port,
    host: values.host,
    log: values.quiet ? undefined : (line) => process.stdout.write(`[simulator] ${line}\n`),
  });

  const out = (l = "") => process.stdout.write(`${l}\n`);
  out(`XCA-gatewaysimulator draait (PKI in ${sim.pki.dir}).`);
  out(`Server-URA ${sim.pki.serverUra}; afwijkend URA (wrong-ura) ${sim.pki.wrongUra}.`);
  out();
  out("Scenario's:");
  const all: Array<[Scenario, string]> = [
    ...(Object.entries(PATH_SCENARIOS) as Array<[Scenario, string]>),
    ...(Object.entries(PORT_SCENARIOS) as Array<[Scenario, string]>),
  ];
  for (const [scenario, description] of all) {
    try {
      out(`  ${scenario.padEnd(15)} ${sim.url(scenario)}  — ${description}`);
    } catch {
      /* not started */
    }
  }
  out();
  out("Per transactie een eigen pad (ITI-38 …/xca/iti38, ITI-39 …/xca/iti39, RAD-75 …/xca-i/rad75); de verkeerde transactie krijgt ActionNotSupported.");
  out(`  ITI-39: ${sim.url("ok", { transaction: "iti39" })}`);
  out(`  RAD-75: ${sim.url("ok", { transaction: "rad75" })}`);
  out();
  out("Omgeving voor de controle (bijv. in .env.local of voor `npm run check`):");
  for (const [k, v] of Object.entries(sim.env)) out(`${k}=${v}`);
  out();
  out(`Voorbeeld: ${Object.entries(sim.env).map(([k, v]) => `${k}=${v}`).join(" ")} npm run check -- --ura ${sim.pki.serverUra} ${sim.url("ok")}`);

  const stop = () => {
    sim.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
