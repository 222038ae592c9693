import type { NextConfig } from "next";

const config: NextConfig = {
  // Parallel work (several builds on one machine) can point builds at their own folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships wasm files and pg-boss spawns its own timers: keep both out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "postgres", "bcryptjs", "nodemailer", "pdf-lib", "@pdf-lib/fontkit"],
  poweredByHeader: false,
  // Types are checked by `npm test` (tsc --noEmit over the whole project, tests included);
  // checking again inside every build only makes `npm start` slower.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with HTTP 403.
  experimental: { authInterrupts: true },
};

export default config;
