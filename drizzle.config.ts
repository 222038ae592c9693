import { defineConfig } from "drizzle-kit";
import { env } from "./lib/env";

// Migrations are generated from db/schema and committed; they are applied at start-up by
// db/migrate.ts on PGlite and on Postgres alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  dbCredentials: { url: env().DATABASE_URL ?? "postgres://localhost:5432/duo" },
});
