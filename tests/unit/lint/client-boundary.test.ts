/**
 * The client/server boundary (tests/lint/client-boundary.mjs, run by `npm run lint` as
 * duo/client-boundary): what it reports, and that no "use client" module of the tree crosses it
 * (so the unit suite holds the line even where lint is not run).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import duo, { resolveLocal, serverChainOf, serverReasonOfSpecifier } from "../../lint/client-boundary.mjs";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function lint(source: string, file = "app/(portal)/x/form.tsx") {
  const linter = new Linter({ configType: "flat" });
  return linter.verify(
    source,
    [{ files: ["**/*.tsx"], languageOptions: { parser: tseslint.parser as Linter.Parser }, plugins: { duo }, rules: { "duo/client-boundary": "error" } }],
    { filename: path.join(ROOT, file) },
  );
}

describe("duo/client-boundary", () => {
  test("reports server-only packages, built-ins and local server modules imported by a client module", () => {
    const specs = ["drizzle-orm", "drizzle-orm/pg-core", "postgres", "@electric-sql/pglite", "pg-boss", "next-auth", "node:crypto", "crypto", "@/db/schema", "@/lib/auth/session", "@/lib/registry/api-tokens", "@/lib/institutions/service"];
    for (const spec of specs) {
      const messages = lint(`"use client";\nimport { x } from "${spec}";\nexport const y = x;\n`);
      assert.equal(messages.length, 1, `${spec}: ${JSON.stringify(messages)}`);
      assert.equal(messages[0].ruleId, "duo/client-boundary");
    }
  });

  test("names the chain when the server code is reached through another module", () => {
    const [m] = lint('"use client";\nimport { createApiToken } from "@/lib/registry/api-tokens";\nexport const y = createApiToken;\n');
    assert.match(m.message, /imports @\/lib\/registry\/api-tokens, which reaches (node:crypto|drizzle-orm)/);
  });

  test("allows type-only imports, server action modules, client-safe modules and server files", () => {
    const ok = [
      '"use client";\nimport type { Db } from "@/db/client";\nexport type X = Db;\n',
      '"use client";\nimport { type Db } from "@/db/client";\nexport type X = Db;\n',
      '"use client";\nimport { createTokenAction } from "@/app/(portal)/registry/tokens/actions";\nexport const y = createTokenAction;\n',
      '"use client";\nimport { createTokenSchema } from "@/lib/validation/api-tokens";\nimport { useState } from "react";\nimport { signIn } from "next-auth/react";\nexport const y = [createTokenSchema, useState, signIn];\n',
      'import { sql } from "drizzle-orm";\nimport { getDb } from "@/db/client";\nexport const y = [sql, getDb];\n',
      '// "use client" in a comment is not the directive\nimport { sql } from "drizzle-orm";\nexport const y = sql;\n',
    ];
    for (const src of ok) assert.deepEqual(lint(src), [], src);
  });

  test("also follows re-exports and dynamic imports", () => {
    assert.equal(lint('"use client";\nexport { schema } from "@/db/schema";\n').length, 1);
    assert.equal(lint('"use client";\nexport async function f() { return import("node:fs"); }\n').length, 1);
    assert.equal(lint('"use client";\nexport type { Db } from "@/db/client";\n').length, 0);
  });

  test("specifier helpers", () => {
    assert.equal(serverReasonOfSpecifier("react"), null);
    assert.equal(serverReasonOfSpecifier("next-auth/react"), null);
    assert.ok(serverReasonOfSpecifier("node:fs"));
    assert.ok(serverReasonOfSpecifier("next/headers"));
    assert.equal(resolveLocal("@/lib/validation/api-tokens", path.join(ROOT, "app/x.tsx")), path.join(ROOT, "lib/validation/api-tokens.ts"));
    assert.equal(resolveLocal("zod", path.join(ROOT, "app/x.tsx")), null);
  });
});

describe("the tree keeps the boundary", () => {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (name === "node_modules" || name.startsWith(".")) return [];
      return statSync(full).isDirectory() ? walk(full) : /\.(tsx?|mjs)$/.test(name) ? [full] : [];
    });

  test('no "use client" module under app/ or lib/ reaches server-only code', () => {
    const clientFiles = ["app", "lib"].flatMap((d) => walk(path.join(ROOT, d))).filter((f) => /^["']use client["']/.test(readFileSync(f, "utf8").replace(/^\s*(?:(?:\/\/[^\n]*\n)|(?:\/\*[\s\S]*?\*\/)|\s)*/, "")));
    assert.ok(clientFiles.length >= 20, `found only ${clientFiles.length} client modules`);
    const crossings = clientFiles.flatMap((f) => {
      const hit = serverChainOf(f);
      return hit ? [`${path.relative(ROOT, f)} → ${hit.chain.join(" → ")} (${hit.reason})`] : [];
    });
    assert.deepEqual(crossings, []);
  });
});
