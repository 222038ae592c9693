import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { env } from "./lib/env";
import { NEXT_BODY_LIMIT_BYTES } from "./lib/ops/http-limits";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const config: NextConfig = {
  // Parallel work (several builds on one machine) can point builds at their own folder.
  // env() reads per variable, so the build needs no runtime secrets (AUTH_SECRET) to get this one.
  distDir: env().NEXT_DIST_DIR,
  // PGlite ships wasm files and pg-boss spawns its own timers: keep both out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "postgres", "bcryptjs", "nodemailer", "pdf-lib", "@pdf-lib/fontkit"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }];
  },
  // Types are checked by `npm test` (tsc --noEmit over the whole project, tests included);
  // checking again inside every build only makes `npm start` slower.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with HTTP 403.
  experimental: {
    authInterrupts: true,
    // Next loads every route's bundle when the server starts; measured on the idle embedded server
    // (issue 21 §4) that held ~25 MB of bundle source for routes nobody had asked for yet. Each
    // route is loaded on its first request instead.
    preloadEntriesOnStart: false,
    // Uploads go through server actions: 10 MB files plus the form fields (lib/ops/http-limits.ts).
    // Both limits equal the request limit of scripts/start.ts, so whatever that lets through is
    // read whole and the action answers a too-large file itself. The proxy's limit matters
    // because proxy.ts runs for every page: Next buffers the body for it and would otherwise cut
    // it at 10 MB, which broke the server action (a 500 instead of "te groot").
    serverActions: { bodySizeLimit: NEXT_BODY_LIMIT_BYTES },
    proxyClientMaxBodySize: NEXT_BODY_LIMIT_BYTES,
  },
};

// next-intl reads the locale (language cookie) and the messages per request from lib/i18n/request.ts.
export default createNextIntlPlugin("./lib/i18n/request.ts")(config);
