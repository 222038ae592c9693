/**
 * Ids of the seeded demo data (db/seed), for tests that start from the "seeded" snapshot
 * (createTestDb({ from: "seeded" })) and need to name institutions.
 */
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { institutions } from "@/db/schema";
import { DEMO_HOME_INSTITUTION, DEMO_OTHER_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";

export async function institutionIdByUra(db: Executor, ura: string): Promise<string> {
  const [row] = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.ura, ura));
  if (!row) throw new Error(`no institution with URA ${ura} in the test database`);
  return row.id;
}

/**
 * The institutions the permission tests use: the demo editor's own (home), another one (other),
 * a second institution of the vendor Enovation, and the first of Founda.
 */
export async function demoInstitutionIds(db: Executor): Promise<{ home: string; other: string; enovation2: string; founda: string }> {
  const of = (vendor: string, skip = 0) => DEMO_INSTITUTIONS.filter((d) => d.vendor === vendor)[skip].ura;
  return {
    home: await institutionIdByUra(db, DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].ura),
    other: await institutionIdByUra(db, DEMO_INSTITUTIONS[DEMO_OTHER_INSTITUTION].ura),
    enovation2: await institutionIdByUra(db, of("enovation", 1)),
    founda: await institutionIdByUra(db, of("founda")),
  };
}
