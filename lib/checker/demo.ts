/**
 * The demo: `npm start` runs the XCA simulator on loopback and points the seeded demo endpoints
 * at it, so a new user sees real checks with real, changing verdicts.
 *
 * Only endpoints that still carry a demo host (*.enovation-xds.example, *.xdscloud.example,
 * *.beeldtijdlijn.example) or that an earlier start pointed at the simulator are touched, so
 * endpoints people registered themselves are never rewritten, and a second start changes
 * nothing unless the simulator's port changed. The original host stays in the path
 * (`/<scenario>/demo/<host>/<path>`), which makes the rewrite reversible and stable.
 */
import { createHash } from "node:crypto";
import { eq, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endpoints, endpointVersions } from "@/db/schema";
import { snapshotOf } from "@/lib/registry/endpoints";
import { stampDirectoryChange } from "@/lib/registry/directory-clock";
import type { Scenario, Simulator } from "./simulator/server";

export const DEMO_HOST_SUFFIXES = [".enovation-xds.example", ".xdscloud.example", ".beeldtijdlijn.example"];
const REWRITTEN = /^https:\/\/(?:127\.0\.0\.1|\[::1\]):\d+\/[a-z0-9-]+\/demo\/([^/]+)\/(.*)$/;

/** The simulator's port scenarios the demo needs. */
export const DEMO_PORT_SCENARIOS: Scenario[] = ["expired", "expiring", "wrong-ura"];

/** A demo endpoint that `npm start` pointed at the simulator. */
export function isDemoSimulatorUrl(url: string): boolean {
  return REWRITTEN.test(url.split("?")[0]);
}

/** The original URL of a demo endpoint, or null when the URL is not a demo one. */
export function originalDemoUrl(url: string): string | null {
  const m = REWRITTEN.exec(url);
  if (m) return `https://${m[1]}/${m[2]}`;
  try {
    const u = new URL(url);
    return u.protocol === "https:" && DEMO_HOST_SUFFIXES.some((s) => u.hostname.endsWith(s)) ? url : null;
  } catch {
    return null;
  }
}

/**
 * Most demo gateways answer well; a stable few misbehave so the views show variety:
 * an expired and an expiring certificate, a slow one, a flaky one (changes now and then),
 * a PartialSuccess, a certificate with another institution's URA.
 */
export function demoScenarioFor(originalUrl: string): Scenario {
  const n = parseInt(createHash("sha1").update(originalUrl).digest("hex").slice(0, 8), 16) % 100;
  if (n < 3) return "expired";
  if (n < 6) return "expiring";
  if (n < 10) return "slow";
  if (n < 18) return "flaky";
  if (n < 21) return "partial";
  if (n < 23) return "wrong-ura";
  return "ok";
}

export function demoUrl(sim: Simulator, originalUrl: string): string {
  const u = new URL(originalUrl);
  const scenario = demoScenarioFor(originalUrl);
  const path = `demo/${u.hostname}${u.pathname}`;
  return sim.url(scenario, scenario === "slow" ? { path, query: { delay: 2600 } } : { path });
}

/** Points the demo endpoints at the simulator; returns how many rows changed. One transaction. */
export async function pointDemoEndpointsAtSimulator(db: Db, sim: Simulator, now = new Date()): Promise<number> {
  const candidates = await db
    .select()
    .from(endpoints)
    .where(or(...DEMO_HOST_SUFFIXES.map((s) => sql`${endpoints.url} like ${`https://%${s}/%`}`), sql`${endpoints.url} ~ ${"^https://(127\\.0\\.0\\.1|\\[::1\\]):[0-9]+/[a-z0-9-]+/demo/"}`));
  const changes = candidates
    .map((row) => {
      const original = originalDemoUrl(row.url.split("?")[0]);
      if (!original) return null;
      const next = demoUrl(sim, original);
      return next === row.url ? null : { row, next };
    })
    .filter((c): c is NonNullable<typeof c> => c !== null);
  if (changes.length === 0) return 0;
  await db.transaction(async (tx) => {
    const at = await stampDirectoryChange(tx, now);
    for (const { row, next } of changes) {
      const [updated] = await tx
        .update(endpoints)
        .set({ url: next, version: row.version + 1, updatedAt: at })
        .where(eq(endpoints.id, row.id))
        .returning();
      await tx.insert(endpointVersions).values({ endpointId: row.id, version: updated.version, at, actorUserId: null, actorLabel: "demo (simulator)", snapshot: snapshotOf(updated) });
    }
  });
  return changes.length;
}

/** CHECKER_* settings for the demo: trust the simulator's PKI, allow its loopback address. */
export function demoCheckerEnv(sim: Simulator, current: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sim.env)) {
    if (k === "CHECKER_ALLOW_TARGETS") out[k] = [current[k], v].filter(Boolean).join(",");
    else if (!current[k]) out[k] = v;
  }
  out.CHECKER_DEMO_URA = sim.pki.serverUra;
  return out;
}
