/** Migrate and (optionally) seed, in this process, then close: used by start, migrate and seed. */
import { DatabaseLockedError } from "@/db/lock";
import { openDatabase, optionsFromEnv } from "@/db/client";
import { migrateDatabase } from "@/lib/database";
import { seedDemoData } from "@/db/seed";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { refreshMissingReadiness } from "@/lib/onboarding/store";

export async function prepareDatabase(opts: { seed: boolean; afterSeed?: (db: import("@/db/client").Db) => Promise<void> }) {
  const options = optionsFromEnv();
  let handle;
  try {
    handle = openDatabase(options);
  } catch (e) {
    if (e instanceof DatabaseLockedError) {
      console.error(`\n✖ ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  try {
    await migrateDatabase(handle, options.kind === "postgres" ? options.url : undefined);
    console.log(`• Database ready (${handle.kind}: ${handle.where})`);
    if (opts.seed) {
      const r = await seedDemoData(handle.db);
      console.log(r.institutions || r.users ? `• Demo data added: ${r.institutions} institutions, ${r.users} users` : "• Demo data already present");
    }
    // Institutions added outside the demo seed (imports, older databases) get their readiness row.
    await refreshMissingReadiness(handle.db, toAmsterdamDate(new Date()));
    if (opts.afterSeed) await opts.afterSeed(handle.db);
  } catch (e) {
    // Drizzle puts the whole statement and its parameters in the message; show the cause only.
    const err = e as Error & { cause?: Error };
    const reason = (err.cause?.message ?? err.message).split("\n")[0].slice(0, 300);
    console.error(`\n✖ Could not prepare the database (${handle.kind}: ${handle.where}): ${reason}\n`);
    if (options.kind === "postgres") console.error("  Check DATABASE_URL and that the server is running.\n");
    await handle.close().catch(() => {});
    process.exit(1);
  }
  await handle.close();
}
