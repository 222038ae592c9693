/**
 * The import process of scale-out.spec.ts (not a spec): commits a generated institution CSV of
 * SCALE_IMPORT_ROWS rows (URAs from SCALE_IMPORT_URA_BASE on) through the import service
 * (lib/institutions/service.ts importInstitutions), the same parse and write the commit route
 * (app/(admin)/admin/imports/commit/route.ts) does, on DATABASE_URL.
 *
 * Fault injection: after SCALE_IMPORT_HOLD_AFTER statements of the import's one transaction it
 * prints `holding` and blocks its thread (the transaction stays open, its rows written but not
 * committed), so the spec can SIGKILL it at a known point mid-commit instead of racing it.
 *
 *   node --require tsx/cjs tests/e2e/scale-out-import.ts
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { users } from "@/db/schema";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { parseInstitutionCsv, serializeInstitutionCsv } from "@/lib/institutions/csv";
import { importInstitutions, institutionDataFromCsvRow } from "@/lib/institutions/service";

async function main() {
  const url = process.env.DATABASE_URL;
  const rows = Number(process.env.SCALE_IMPORT_ROWS);
  const uraBase = Number(process.env.SCALE_IMPORT_URA_BASE);
  const holdAfter = Number(process.env.SCALE_IMPORT_HOLD_AFTER ?? 0);
  if (!url || !(rows > 0) || !(uraBase >= 10_000_000)) throw new Error("DATABASE_URL, SCALE_IMPORT_ROWS and SCALE_IMPORT_URA_BASE are required");

  const csv = serializeInstitutionCsv(
    Array.from({ length: rows }, (_, i) => {
      const d = DEMO_INSTITUTIONS[i % DEMO_INSTITUTIONS.length];
      return { ...d, name: `${d.name} schaal ${i + 1}`, ura: String(uraBase + i), agb: null, kvk: null };
    }),
  );
  const bytes = new TextEncoder().encode(csv);
  const parsed = parseInstitutionCsv(bytes);
  if (!parsed.ok || parsed.fileError || parsed.errors.length) throw new Error(`the generated CSV does not parse: ${JSON.stringify(parsed.fileError ?? parsed.errors.slice(0, 3))}`);
  const data = parsed.rows.map(institutionDataFromCsvRow);


  const handle = openDatabase({ kind: "postgres", url, max: 2 });
  const [admin] = await handle.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, "admin@duo-demo.test"));
  if (!admin) throw new Error("no demo programme admin in the database");
  console.log(`importing ${data.length}`);
  const result = await importInstitutions(handle.db, {
    actor: { userId: admin.id, label: admin.email },
    rows: data,
    now: new Date(),
    filename: "schaal-import.csv",
    sha256: createHash("sha256").update(bytes).digest("hex"),
    onProgress: (p) => {
      console.log(`progress ${p.done}/${p.total}`);
      if (p.done === holdAfter) {
        console.log("holding");
        // Blocks this thread (and so the transaction) until the process is killed.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300_000);
      }
    },
  });
  console.log(`committed ${JSON.stringify(result)}`);
  await handle.close();
}

main().catch((e) => {
  console.error(`✖ import child: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
