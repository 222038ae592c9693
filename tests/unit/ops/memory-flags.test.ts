import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { MALLOC_ARENA_MAX, NODE_MEMORY_FLAGS, TS_LOADER } from "../../../scripts/support/memory";
import { EnvError, parseEnv } from "@/lib/env";

const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> };

for (const script of ["start", "worker"]) {
  test(`npm run ${script} runs with the memory bounds and the TypeScript loader of scripts/support/memory.ts, overridable from the environment`, () => {
    const line = pkg.scripts[script];
    assert.ok(line.startsWith(`MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-${MALLOC_ARENA_MAX}} exec node \${NODE_MEMORY_FLAGS-${NODE_MEMORY_FLAGS}} ${TS_LOADER} `), line);
  });
}

test("the defaults pass lib/env.ts's own validation, and a typo does not", () => {
  const base = { AUTH_SECRET: "s".repeat(32) };
  assert.doesNotThrow(() => parseEnv({ ...base, NODE_MEMORY_FLAGS: NODE_MEMORY_FLAGS, MALLOC_ARENA_MAX, NODE_ENV: "production" }));
  assert.doesNotThrow(() => parseEnv({ ...base, NODE_MEMORY_FLAGS: "" }));
  assert.throws(() => parseEnv({ ...base, NODE_MEMORY_FLAGS: "--max-old-space-size=320; rm -rf /" }), EnvError);
  assert.throws(() => parseEnv({ ...base, MALLOC_ARENA_MAX: "0" }), EnvError);
  assert.throws(() => parseEnv({ ...base, PGLITE_SHARED_BUFFERS: "32" }), EnvError);
  assert.doesNotThrow(() => parseEnv({ ...base, PGLITE_SHARED_BUFFERS: "64MB" }));
});
