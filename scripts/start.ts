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

async function main() {
  const env = bootstrap({ generateSecret: true });
  if (!process.argv.includes("--no-build")) buildIfNeeded();
  await prepareDatabase({ seed: process.env.SEED_DEMO !== "false" });

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

  const shutdown = (signal: string) => {
    console.log(`• ${signal}: shutting down`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((e) => {
  console.error(`\n✖ Start failed: ${(e as Error).message}\n`);
  process.exit(1);
});
