/**
 * Preparing the database for the code: the committed migrations (db/client.ts applyMigrations),
 * then the reference data the code owns (vendors, the onboarding step catalogue, the default
 * milestones), written after every migration so joins, foreign keys and grouped queries can rely
 * on it. Upserts: a changed title in lib/domain/steps.ts reaches the database at the next start.
 * It lives in lib/, not db/, because the reference data comes from the domain (db/ imports nothing
 * from lib/ but the configuration).
 */
import { sql } from "drizzle-orm";
import { applyMigrations, getDbHandle, optionsFromEnv, readyOnce, type DbHandle, type Executor } from "@/db/client";
import { programmeMilestones, stepCatalogue, vendors } from "@/db/schema";
import { DEFAULT_MILESTONES } from "@/lib/domain/milestones";
import { stepTitle } from "@/lib/domain/onboarding-texts";
import { STEP_CATALOGUE } from "@/lib/domain/steps";
import { VENDOR_INFO } from "@/lib/domain/vendors";
import { forgetVendors } from "@/lib/institutions/queries";

/** Fictional KvK numbers for the vendors (valid format, not the real companies' numbers). */
const VENDOR_KVK: Record<string, string> = { enovation: "90000011", founda: "90000022", alphatron: "90000033" };

export async function syncReferenceData(db: Executor) {
  await db
    .insert(vendors)
    .values(Object.values(VENDOR_INFO).map((v) => ({ code: v.code, name: v.name, kvk: VENDOR_KVK[v.code], infrastructure: v.infrastructure })))
    .onConflictDoUpdate({ target: vendors.code, set: { name: sql`excluded.name`, infrastructure: sql`excluded.infrastructure` } });
  forgetVendors();
  await db
    .insert(stepCatalogue)
    .values(
      STEP_CATALOGUE.map((s) => ({
        code: s.code,
        sortOrder: s.sortOrder,
        stepGroup: s.precondition,
        mandatory: s.mandatory,
        titleNl: stepTitle(s.code, "nl"),
        titleEn: stepTitle(s.code, "en"),
        prerequisites: [...s.prerequisites],
        evidence: s.evidence as unknown as Record<string, unknown>,
      })),
    )
    .onConflictDoUpdate({
      target: stepCatalogue.code,
      set: {
        sortOrder: sql`excluded.sort_order`,
        stepGroup: sql`excluded.step_group`,
        mandatory: sql`excluded.mandatory`,
        titleNl: sql`excluded.title_nl`,
        titleEn: sql`excluded.title_en`,
        prerequisites: sql`excluded.prerequisites`,
        evidence: sql`excluded.evidence`,
      },
    });
  // Milestones are editable data: insert the defaults once, never overwrite the office's edits.
  await db
    .insert(programmeMilestones)
    .values(
      DEFAULT_MILESTONES.map((m, i) => ({
        code: m.code,
        sortOrder: (i + 1) * 10,
        date: m.date,
        titleNl: m.title.nl,
        titleEn: m.title.en,
        descriptionNl: m.description.nl,
        descriptionEn: m.description.en,
        metric: m.metric,
        target: m.target,
        achievedOn: m.achievedOn ?? null,
      })),
    )
    .onConflictDoNothing({ target: programmeMilestones.code });
}

/** Migrations, then the reference data. On Postgres pass the URL (the migration lock needs its own connection). */
export async function migrateDatabase(handle: DbHandle, url?: string) {
  await applyMigrations(handle, url);
  await syncReferenceData(handle.db);
}

/** Opens, migrates and syncs the reference data once per process; safe to await from many places. */
export function ensureDatabaseReady(): Promise<void> {
  return readyOnce(() => {
    const options = optionsFromEnv();
    return migrateDatabase(getDbHandle(), options.kind === "postgres" ? options.url : undefined);
  });
}
