/**
 * npm run db:backup [-- --out FILE]   a backup of the configured database (PGlite or Postgres)
 * npm run db:restore -- FILE          restore into the configured, EMPTY database
 * Stop the portal first when it runs on the embedded database (the lockfile enforces it).
 */
import path from "node:path";
import { BackupError, backupPglite, backupPostgres, restorePglite, restorePostgres } from "@/lib/ops/backup";
import { optionsFromEnv } from "@/db/client";
import { bootstrap } from "./bootstrap";
import { DatabaseLockedError } from "@/db/lock";

async function main() {
  bootstrap({ generateSecret: false });
  const [mode, ...rest] = process.argv.slice(2);
  const opts = optionsFromEnv();
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  if (mode === "backup") {
    const outArg = rest.indexOf("--out");
    const out = outArg >= 0 ? rest[outArg + 1] : `backup-${opts.kind}-${stamp}.${opts.kind === "pglite" ? "tar.gz" : "dump"}`;
    if (opts.kind === "pglite") await backupPglite({ dir: opts.dir, out });
    else if (opts.kind === "postgres") backupPostgres({ url: opts.url, out });
    console.log(`✔ Backup written to ${path.resolve(out)}`);
  } else if (mode === "restore") {
    const file = rest.find((a) => !a.startsWith("--"));
    if (!file) throw new BackupError("Name the backup file: npm run db:restore -- FILE");
    if (opts.kind === "pglite") await restorePglite({ file, dir: opts.dir });
    else if (opts.kind === "postgres") restorePostgres({ file, url: opts.url });
    console.log(`✔ Restored ${file} into the ${opts.kind === "pglite" ? `embedded database in ${opts.dir}` : "Postgres database in DATABASE_URL"}`);
  } else {
    throw new BackupError("Use: npm run db:backup [-- --out FILE] | npm run db:restore -- FILE");
  }
}

main().catch((e) => {
  if (e instanceof BackupError || e instanceof DatabaseLockedError) {
    console.error(`\n✖ ${e.message}\n`);
    process.exit(1);
  }
  console.error(`\n✖ ${(e as Error).message}\n`);
  process.exit(1);
});
