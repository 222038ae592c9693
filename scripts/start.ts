/**
 * `npm start`: the portal with demo data on http://localhost:3000.
 *
 * 1. configuration: .env files, AUTH_SECRET generated on first run, validated;
 * 2. a production build when there is none or the sources are newer (skip with --no-build);
 * 3. migrations and idempotent demo seed (skip the seed with SEED_DEMO=false);
 * 4. the Next.js server in this process. Our own HTTP wrapper records the client's socket
 *    address (or, behind a trusted proxy, the forwarded one) for per-IP rate limiting.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { bootstrap, root } from "./bootstrap";
import { prepareDatabase } from "./database";
import { CLIENT_IP_HEADER, resolveClientIp } from "@/lib/auth/client-ip";
import { DEMO_USERS } from "@/db/seed/demo-users";

(process.env as Record<string, string>).NODE_ENV ??= "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(p)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    max = Math.max(max, newestMtime(path.join(p, name)));
  }
  return max;
}

function buildIfNeeded() {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  const sources = ["app", "lib", "db", "public", "proxy.ts", "next.config.ts", "package.json", "instrumentation.ts"].map((p) => path.join(root, p));
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (built && Math.max(...sources.map(newestMtime)) <= built) return;
  console.log(built ? "• Sources changed since the last build: building…" : "• First start: building the portal (about 30 s)…");
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (res.status !== 0) {
    console.error("\n✖ The build failed; see the output above.\n");
    process.exit(1);
  }
}

/**
 * The demo checker: the XCA simulator on loopback (port PORT + 6443 and the following ones, or
 * CHECKER_SIMULATOR_PORT; CHECKER_SIMULATOR=false turns it off), the CHECKER_* settings that
 * trust its PKI, and the seeded demo endpoints pointed at it.
 */
async function startDemoSimulator(port: number) {
  if (process.env.SEED_DEMO === "false" || process.env.CHECKER_SIMULATOR === "false") return null;
  const { startSimulator } = await import("@/lib/checker/simulator/server");
  const { DEMO_PORT_SCENARIOS, demoCheckerEnv } = await import("@/lib/checker/demo");
  const wanted = Number(process.env.CHECKER_SIMULATOR_PORT || port + 6443);
  const pkiDir = path.join(root, ".data", "simulator-pki");
  const sim = await startSimulator({ port: wanted, scenarios: DEMO_PORT_SCENARIOS, pkiDir }).catch(() => startSimulator({ port: 0, scenarios: DEMO_PORT_SCENARIOS, pkiDir }));
  Object.assign(process.env, demoCheckerEnv(sim, process.env));
  console.log(`• XCA-simulator voor de demo draait op https://${sim.host}:${sim.port}`);
  return sim;
}

async function main() {
  const env = bootstrap({ generateSecret: true });
  if (!process.argv.includes("--no-build")) buildIfNeeded();
  const sim = await startDemoSimulator(env.PORT);
  await prepareDatabase({
    seed: process.env.SEED_DEMO !== "false",
    afterSeed: sim
      ? async (db) => {
          const { pointDemoEndpointsAtSimulator } = await import("@/lib/checker/demo");
          const n = await pointDemoEndpointsAtSimulator(db, sim);
          if (n) console.log(`• ${n} demo-endpoints wijzen naar de simulator`);
        }
      : undefined,
  });

  const { default: next } = await import("next");
  const port = env.PORT;
  const hostname = process.env.HOSTNAME || "0.0.0.0";
  const app = next({ dev: false, dir: root, port, hostname: "localhost" });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trustProxy = env.TRUST_PROXY === "true";

  const server = createServer((req, res) => {
    req.headers[CLIENT_IP_HEADER] = resolveClientIp({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: req.headers["x-forwarded-for"],
      trustProxy,
    });
    handle(req, res).catch((e) => {
      console.error(JSON.stringify({ level: "error", event: "request.failed", error: (e as Error).name }));
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.listen(port, hostname, () => {
    const url = `http://localhost:${port}`;
    console.log(`\n✔ DUO-portaal draait op ${url}\n`);
    if (process.env.SEED_DEMO !== "false") {
      console.log("  Demo-logins (fictieve gegevens):");
      for (const u of DEMO_USERS) console.log(`    ${u.role.padEnd(19)} ${u.email.padEnd(30)} ${u.password}`);
      console.log("");
    }
  });

  const shutdown = async (signal: string) => {
    console.log(`• ${signal}: shutting down`);
    setTimeout(() => process.exit(0), 10_000).unref();
    // The checker runs inside the Next server's module graph; it registers itself on globalThis.
    const checker = (globalThis as { __duoCheckerService?: Promise<{ stop(): Promise<void> }> }).__duoCheckerService;
    await checker?.then((c) => c.stop()).catch(() => {});
    await sim?.close().catch(() => {});
    server.close(() => process.exit(0));
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((e) => {
  console.error(`\n✖ Start failed: ${(e as Error).message}\n`);
  process.exit(1);
});
