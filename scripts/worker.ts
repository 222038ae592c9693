/**
 * `npm run worker`: an extra checker worker process on a real Postgres (scale out by starting
 * more). It runs checks from the pg-boss queue and delivers notifications; the server schedules.
 * On the embedded PGlite database a second process would corrupt the data folder, so it refuses.
 */
import { closeDatabase, getDbHandle } from "@/db/client";
import { startCheckerService } from "@/lib/checker/service";
import { ensureDatabaseReady } from "@/lib/database";
import { bootstrap } from "./bootstrap";

async function main() {
  const url = bootstrap({ generateSecret: false }).DATABASE_URL;
  if (!url) {
    console.error(
      "\n✖ npm run worker needs a real Postgres (DATABASE_URL).\n  With the embedded PGlite database the checker already runs inside the server (npm start);\n  a second process must not open the same data folder.\n",
    );
    process.exit(1);
  }
  await ensureDatabaseReady();
  const service = await startCheckerService({ handle: getDbHandle(), url, role: "worker" });
  console.log(`✔ Checker worker running (pid ${process.pid}); stop with Ctrl+C or SIGTERM.`);
  const stop = async (signal: string) => {
    console.log(`• ${signal}: finishing running checks…`);
    setTimeout(() => process.exit(1), 15_000).unref();
    await service.stop();
    await closeDatabase();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  console.error(`\n✖ Worker failed: ${(e as Error).message}\n`);
  process.exit(1);
});
