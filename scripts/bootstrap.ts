/**
 * What every entry point does first: load .env files the way Next does, generate AUTH_SECRET
 * on first run, and validate the environment with a readable failure.
 */
import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { EnvError, parseEnv, resetEnvCache, type Env } from "@/lib/env";
import { ensureAuthSecret } from "./env-file";

export const root = path.resolve(__dirname, "..");

export function bootstrap(opts: { generateSecret: boolean }): Env {
  process.chdir(root);
  if (opts.generateSecret) {
    const r = ensureAuthSecret(root);
    if (r.generated) console.log(`• Generated AUTH_SECRET into ${path.relative(root, r.file)}`);
  }
  loadEnvConfig(root);
  // The .env files are in process.env now: a read of lib/env.ts before this point is forgotten.
  resetEnvCache();
  try {
    return parseEnv(process.env);
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(`\n✖ The portal cannot start: the configuration is not valid.\n${e.problems.map((p) => `  - ${p}`).join("\n")}\n\nSee README.md, section "Configuration".\n`);
      process.exit(1);
    }
    throw e;
  }
}
