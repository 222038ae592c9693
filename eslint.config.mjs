// ESLint 9 flat config: `npm run lint` (fails on any error or warning).
// typescript-eslint's recommended rules (syntax only: the type-checked set is too slow for a
// 2-core machine and `npm run typecheck` already runs tsc), Next's rules, drizzle's guard against
// UPDATE/DELETE without WHERE, and the portal's own client/server boundary (tests/lint/).
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import drizzle from "eslint-plugin-drizzle";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import duo from "./tests/lint/client-boundary.mjs";

/** next-intl's server translator is read through lib/i18n/translations.ts, which serves its calls with arguments from compiled messages. */
const TRANSLATIONS_IMPORT = {
  name: "next-intl/server",
  importNames: ["getTranslations"],
  message: 'Import getTranslations from "@/lib/i18n/translations" (next-intl\'s translator, with messages compiled once per process).',
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      ".data/**",
      "tests/.tmp/**",
      "test-results/**",
      "playwright-report/**",
      "public/**",
      "db/migrations/**",
      "next-env.d.ts",
      "**/*.tsbuildinfo",
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mts,cts,js,mjs,cjs}"],
    languageOptions: { ecmaVersion: "latest", sourceType: "module" },
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks, drizzle, duo },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      // No UPDATE or DELETE on a whole table by accident. The names are the ones the code uses for
      // a drizzle database or transaction: `db` (also `t.db`, `ctx.db`, `h.db`) and `tx`.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "duo/client-boundary": "error",
      // Unused code is removed, not prefixed; `_` is for the deliberate leftovers of a
      // destructuring rest (`const { parsed: _parsed, ...rest }`) and ignored parameters.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // Off: the portal strips control characters from untrusted text on purpose (file names,
      // user agents, CSV cells, URLs), which is exactly what this rule reports.
      "no-control-regex": "off",
      // A `let` that a closure reads before its one assignment (e.g. `req?.destroy()` in a
      // callback declared before the request exists) cannot become a const without a TDZ error.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The two classic hook rules only (the React Compiler rules of eslint-plugin-react-hooks 7 are
    // slow, and this app does not use the compiler), where React code lives.
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    // One configuration: the portal reads its environment through env() from lib/env.ts (one zod
    // schema, the README's configuration table), never process.env. Scripts and tests may.
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "db/**/*.ts", "proxy.ts", "instrumentation.ts", "next.config.ts", "drizzle.config.ts"],
    ignores: ["lib/env.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration with env() from lib/env.ts (add new variables to its schema and the README table)." }],
    },
  },
  {
    // Each capability owns its SQL (lib/<capability>/queries.ts, service.ts): pages, actions and
    // route handlers call those and never build queries themselves. Row types come via lib too.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["drizzle-orm", "drizzle-orm/*", "@/db/schema", "@/db/schema/*", "**/db/schema", "**/db/schema/*", "@/db/seed", "@/db/seed/*"],
              message: "app/ does not query the database: call (or add) a read or write in lib/<capability>/ (queries.ts, service.ts).",
            },
          ],
          paths: [TRANSLATIONS_IMPORT],
        },
      ],
    },
  },
  {
    // Server texts come through lib/i18n/translations.ts (next-intl's translator with compiled messages).
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/i18n/translations.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [TRANSLATIONS_IMPORT] }] },
  },
  {
    // db/ is the storage layer (schema, client, lock, migrations) and sits below lib/: it imports
    // nothing from lib/ but the configuration (lib/env.ts, a leaf). The demo seed (db/seed/) is the
    // exception: it writes demo data through the capabilities' own code (hashPassword, recordAudit…).
    files: ["db/**/*.ts"],
    ignores: ["db/seed/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*", "!@/lib/env", "../lib/*", "../../lib/*", "../../../lib/*"],
              message: "db/ must not import lib/: move the code that needs lib/ into lib/<capability>/, or the constant into db/.",
            },
          ],
        },
      ],
    },
  },
  {
    // tsc already reports undefined names in TypeScript (and knows the DOM and Node globals);
    // ESLint's own check would only be noise there. The few .mjs files keep it, with Node's globals.
    files: ["**/*.{ts,tsx,mts,cts}"],
    rules: { "no-undef": "off" },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
