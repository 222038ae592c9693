/**
 * `npm start`: the portal with demo data on http://localhost:3000.
 *
 * 1. configuration: .env files, AUTH_SECRET generated on first run, validated;
 * 2. a production build when there is none or the sources are newer (skip with --no-build);
 * 3. migrations and idempotent demo seed (skip the seed with SEED_DEMO=false);
 * 4. the Next.js server in this process. Our own HTTP wrapper records the client's socket
 *    address (or, behind a trusted proxy, the forwarded one) for per-IP rate limiting, gives
 *    every request an id (X-Request-Id, carried into every log line written while handling it),
 *    writes one access-log line per request, enforces the header and body limits
 *    (lib/ops/http-limits.ts), answers cross-site server actions 403 and gives every response
 *    a Content-Security-Policy (lib/ops/http-server.ts);
 * 5. on SIGTERM / Ctrl+C a graceful shutdown (lib/ops/shutdown.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import type { NextConfig } from "next";
import { resetEnvCache, type Env } from "@/lib/env";
import { bootstrap, root } from "./bootstrap";
import { prepareDatabase } from "./database";
import { unpatchedRuntimeFiles } from "./patch-next";
import { DEMO_USERS } from "@/db/seed/demo-users";
import { DEMO_PORT_SCENARIOS, demoCheckerEnv, pointDemoEndpointsAtSimulator } from "@/lib/checker/demo";
import { startSimulator } from "@/lib/checker/simulator/server";
import { closeDatabase } from "@/db/client";
import { log } from "@/lib/log";
import { HEADERS_TIMEOUT_MS, MAX_HEADER_BYTES, REQUEST_TIMEOUT_MS } from "@/lib/ops/http-limits";
import { createRequestListener } from "@/lib/ops/http-server";
import { gracefulShutdown } from "@/lib/ops/shutdown";
import { setDraining } from "@/lib/ops/status";
import { NON_HTML_CSP } from "@/lib/security/headers";

/** How long requests in flight may run on after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

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

function buildIfNeeded(distDir: string) {
  const buildId = path.join(root, distDir, "BUILD_ID");
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
 * The Next configuration as the build serialised it (next.config.ts with Next's defaults applied,
 * in <distDir>/required-server-files.json); undefined when there is no such file.
 */
function builtConfig(distDir: string): NextConfig | undefined {
  const file = path.join(root, distDir, "required-server-files.json");
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, "utf8")) as { config?: NextConfig }).config;
}

/**
 * The demo checker: the XCA simulator on loopback (port PORT + 6443, or CHECKER_SIMULATOR_PORT,
 * plus fixed ports per demo institution for certificates with its own URA: lib/checker/demo.ts;
 * CHECKER_SIMULATOR=false turns it off), the CHECKER_* settings that trust its PKI, and the
 * seeded demo endpoints pointed at it.
 */
async function startDemoSimulator(config: Env) {
  if (config.SEED_DEMO === "false" || config.CHECKER_SIMULATOR === "false") return null;
  const wanted = config.CHECKER_SIMULATOR_PORT;
  const pkiDir = path.join(root, ".data", "simulator-pki");
  const sim = await startSimulator({ port: wanted, scenarios: DEMO_PORT_SCENARIOS, pkiDir }).catch(() => startSimulator({ port: 0, scenarios: DEMO_PORT_SCENARIOS, pkiDir }));
  Object.assign(process.env, demoCheckerEnv(sim, process.env));
  // The CHECKER_* settings just added count from the next read of lib/env.ts on.
  resetEnvCache();
  console.log(`• XCA-simulator voor de demo draait op https://${sim.host}:${sim.port}`);
  return sim;
}

async function main() {
  const env = bootstrap({ generateSecret: true });
  if (!process.argv.includes("--no-build")) buildIfNeeded(env.NEXT_DIST_DIR);
  const sim = await startDemoSimulator(env);
  await prepareDatabase({
    seed: env.SEED_DEMO !== "false",
    afterSeed: sim
      ? async (db) => {
          const n = await pointDemoEndpointsAtSimulator(db, sim);
          if (n) console.log(`• ${n} demo-endpoints wijzen naar de simulator`);
        }
      : undefined,
  });

  // Memory (issue 21 §4, measured with a heap snapshot of the idle embedded server): tsx turns on
  // Node's source maps for its own TypeScript, and with them on Node reads and keeps the .map of
  // every route bundle Next loads, sources included (~35 MB of strings: zod's source 14 times, the
  // message catalogues 30 times). `next start` runs without them too; error logs still carry the
  // request id and the bundle position.
  process.setSourceMapsEnabled(false);
  // The configuration the build wrote, handed over the way Next's own standalone server does:
  // loading next.config.ts itself loads Next's SWC compiler (~27 MB resident) only to transpile
  // that one file. Without a build record Next reads next.config.ts as before.
  const built = builtConfig(env.NEXT_DIST_DIR);
  if (built) process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(built);
  // The portal works without scripts/patch-next.ts's change, only slower on its largest pages:
  // say so instead of failing (an install with --ignore-scripts skips the postinstall step).
  const unpatched = unpatchedRuntimeFiles();
  if (unpatched.length) log.warn("next.runtime_unpatched", { files: unpatched, fix: "npx tsx scripts/patch-next.ts" });
  const { default: next } = await import("next");
  const port = env.PORT;
  const hostname = env.HOSTNAME;
  const app = next({ dev: false, dir: root, port, hostname: "localhost" });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trustProxy = env.TRUST_PROXY === "true";

  // The per-request wrapper (request id, access log, client address, body limits, cross-site
  // server actions, the fallback Content-Security-Policy, and the page headers proxy.ts would
  // set, which saves running Next's proxy for most pages): lib/ops/http-server.ts.
  const server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    createRequestListener({ handle, trustProxy, pageHeaders: true }),
  );
  // Malformed requests never reach the handler: answer them (431 for headers beyond
  // MAX_HEADER_BYTES) instead of dropping the connection, so clients see why.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    // The client went away (mid-request or while its unread body was being discarded): nothing to answer.
    if (err.code === "ECONNRESET" || err.code === "HPE_INVALID_EOF_STATE" || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, title] =
      err.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large"] : err.code === "HPE_REQUEST_TIMEOUT" || err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "Request Timeout"] : [400, "Bad Request"];
    log.warn("http.client_error", { status, code: err.code });
    const body = JSON.stringify({ type: "about:blank", title, status, ...(status === 431 ? { detail: `Request headers may be at most ${MAX_HEADER_BYTES} bytes.` } : {}) });
    socket.end(`HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Security-Policy: ${NON_HTML_CSP}\r\nConnection: close\r\n\r\n${body}`);
    // The client may still be sending the rest of its headers: give it a moment to read the answer.
    setTimeout(() => socket.destroy(), 2_000).unref();
  });
  server.listen(port, hostname, () => {
    const url = `http://localhost:${port}`;
    console.log(`\n✔ DUO-portaal draait op ${url}\n`);
    if (env.SEED_DEMO !== "false") {
      console.log("  Demo-logins (fictieve gegevens):");
      for (const u of DEMO_USERS) {
        const totp = u.totpSecret ? `  2FA-sleutel ${u.totpSecret}` : "";
        console.log(`    ${u.role.padEnd(19)} ${u.email.padEnd(30)} ${u.password.padEnd(26)}${totp}`.trimEnd());
      }
      console.log("  Accounts met een 2FA-sleutel vragen na het wachtwoord een code: voeg de sleutel toe aan een");
      console.log("  authenticator-app, of toon de huidige code met `npm run demo:totp -- <e-mailadres>`.");
      console.log("");
    }
  });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      // A second Ctrl+C: the person wants out now.
      console.log(`• ${signal} again: exiting without waiting`);
      process.exit(1);
    }
    shuttingDown = true;
    console.log(`• ${signal}: shutting down (requests in flight get up to ${SHUTDOWN_GRACE_MS / 1000} s)`);
    // Last resort when a step hangs: the checker and the database each have their own bounds.
    setTimeout(() => {
      log.error("shutdown.timeout", {});
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 15_000).unref();
    const result = await gracefulShutdown({
      server,
      setDraining,
      graceMs: SHUTDOWN_GRACE_MS,
      log: (event, fields) => log.info(event, fields),
      // The checker runs inside the Next server's module graph; it registers itself on globalThis.
      stopChecker: async () => {
        const checker = (globalThis as { __duoCheckerService?: Promise<{ stop(): Promise<void> }> }).__duoCheckerService;
        await checker?.then((c) => c.stop());
      },
      closeOthers: sim ? () => sim.close() : undefined,
      // The handle is shared with the Next server through globalThis (db/client.ts).
      closeDatabase,
    });
    console.log(`• Stopped${result.failed.length ? ` (failed: ${result.failed.join(", ")})` : ""}`);
    process.exit(result.exitCode);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((e) => {
  console.error(`\n✖ Start failed: ${(e as Error).message}\n`);
  process.exit(1);
});
