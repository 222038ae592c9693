/**
 * The demo: `npm start` runs the XCA simulator on loopback and points the seeded demo endpoints
 * at it, so a new user sees real checks with real, changing verdicts.
 *
 * Only endpoints that still carry a demo host (*.enovation-xds.example, *.xdscloud.example,
 * *.beeldtijdlijn.example) or that an earlier start pointed at the simulator are touched, so
 * endpoints people registered themselves are never rewritten, and a second start changes
 * nothing unless the simulator's ports changed. The original host stays in the path
 * (`/<scenario>/demo/<host>/<path>`), which makes the rewrite reversible and stable.
 *
 * Every institution's gateways present a certificate with the institution's own URA (a listener
 * per URA and certificate kind, since the checker connects to 127.0.0.1 without SNI), so the
 * checker compares with the institution's URA as it does for real gateways. One production
 * gateway (DEMO_URA_MISMATCH) presents another institution's certificate: the demo's one real
 * URA mismatch.
 *
 * Ports: with the simulator on its base port B (CHECKER_SIMULATOR_PORT, default PORT + 6443),
 * institution i of DEMO_INSTITUTIONS gets B + 16 + 3i (good), + 1 (expired), + 2 (expiring),
 * so a restart finds the same addresses and rewrites nothing. A taken port, or a simulator on
 * random ports, falls back to a random port for that listener.
 */
import { createHash, X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endpointCertificates, endpoints, endpointVersions, institutions } from "@/db/schema";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { getDemoOnboarding } from "@/db/seed/onboarding-data";
import { demoCertificateFingerprint } from "@/db/seed/golive";
import { DEMO_SIMULATOR_ACTOR_LABEL, snapshotOf } from "@/lib/registry/endpoints";
import { stampDirectoryChange } from "@/lib/registry/directory-clock";
import { readCertificateFacts } from "./certificate";
import type { CertificateFacts } from "./classify";
import { SIMULATOR_URAS, URA_CERT_KINDS, type UraCertKind } from "./simulator/pki";
import type { Scenario, Simulator } from "./simulator/server";

export const DEMO_HOST_SUFFIXES = [".enovation-xds.example", ".xdscloud.example", ".beeldtijdlijn.example"];
const REWRITTEN = /^https:\/\/(?:127\.0\.0\.1|\[::1\]):\d+\/[a-z0-9-]+\/demo\/([^/]+)\/(.*)$/;

/**
 * The simulator's port scenarios the demo needs: none. The demo's certificate cases (expired,
 * expiring, another institution's URA) are served per institution (`Simulator.serveUra`).
 */
export const DEMO_PORT_SCENARIOS: Scenario[] = [];

/**
 * The demo's one URA mismatch: the production gateway of Medisch Centrum Berkenweide (URA
 * 99945212, Founda Health, XDS-regio Zuid) presents the certificate of its regional sister
 * Medisch Centrum Bramenrode (URA 99098204), as when a gateway is cloned with the wrong
 * certificate. Its acceptance gateway and every other demo gateway carry their own URA.
 */
export const DEMO_URA_MISMATCH = { institutionUra: "99945212", environment: "production", certificateUra: "99098204" } as const;

/** Per-URA listeners start this many ports above the simulator's base port (below: main + port scenarios). */
export const DEMO_URA_PORT_OFFSET = 16;
/** How many ports above its base the demo simulator may use. */
export const DEMO_SIMULATOR_PORT_SPAN = DEMO_URA_PORT_OFFSET + DEMO_INSTITUTIONS.length * URA_CERT_KINDS.length;
const DEMO_INDEX = new Map(DEMO_INSTITUTIONS.map((d, i) => [d.ura, i]));

/** The fixed port of a URA's listener (see the top of this file); 0 (random) without a base port or for a URA outside the demo set. */
export function demoUraPort(basePort: number | null, ura: string, cert: UraCertKind): number {
  const index = DEMO_INDEX.get(ura);
  if (!basePort || index === undefined) return 0;
  const port = basePort + DEMO_URA_PORT_OFFSET + index * URA_CERT_KINDS.length + URA_CERT_KINDS.indexOf(cert);
  return port <= 65535 ? port : 0;
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
 * a PartialSuccess. (The one certificate with another institution's URA is DEMO_URA_MISMATCH.)
 */
export function demoScenarioFor(originalUrl: string): Scenario {
  const n = parseInt(createHash("sha1").update(originalUrl).digest("hex").slice(0, 8), 16) % 100;
  if (n < 3) return "expired";
  if (n < 6) return "expiring";
  if (n < 10) return "slow";
  if (n < 18) return "flaky";
  if (n < 21) return "partial";
  return "ok";
}

/** Where a demo endpoint goes: its scenario and the URA and kind of the certificate its gateway presents. */
export function demoTarget(e: { originalUrl: string; ura: string; environment: string }): { scenario: Scenario; certificateUra: string; cert: UraCertKind } {
  if (e.ura === DEMO_URA_MISMATCH.institutionUra && e.environment === DEMO_URA_MISMATCH.environment) {
    return { scenario: "ok", certificateUra: DEMO_URA_MISMATCH.certificateUra, cert: "good" };
  }
  // The production gateways of the demo's live institutions answer well: the seed's go-live story
  // (db/seed/golive.ts: live on evidence, one renewal, one outage) must still hold once the checker
  // runs; the variety shows on the acceptance gateways and on those not yet live.
  if (e.environment === "production" && demoLiveUras().has(e.ura)) return { scenario: "ok", certificateUra: e.ura, cert: "good" };
  const scenario = demoScenarioFor(e.originalUrl);
  return { scenario, certificateUra: e.ura, cert: scenario === "expired" || scenario === "expiring" ? scenario : "good" };
}

let liveUras: Set<string> | null = null;
/** The URAs of the demo institutions whose go-live the demo history verified. */
function demoLiveUras(): Set<string> {
  liveUras ??= new Set(getDemoOnboarding(DEMO_INSTITUTIONS).filter((h) => h.events.some((x) => x.stepCode === "go_live" && x.action === "verified")).map((h) => h.ura));
  return liveUras;
}

/** The simulator address of a demo endpoint; the listener of its certificate must have been started (`serveUra`). */
export function demoUrl(sim: Simulator, e: { originalUrl: string; ura: string; environment: string }): string {
  const u = new URL(e.originalUrl);
  const { scenario, certificateUra } = demoTarget(e);
  const path = `demo/${u.hostname}${u.pathname}`;
  return sim.url(scenario, scenario === "slow" ? { path, query: { delay: 2600 }, ura: certificateUra } : { path, ura: certificateUra });
}

/** Points the demo endpoints at the simulator; returns how many rows changed. One transaction. */
export async function pointDemoEndpointsAtSimulator(db: Db, sim: Simulator, now = new Date()): Promise<number> {
  const candidates = await db
    .select({ row: endpoints, ura: institutions.ura })
    .from(endpoints)
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .where(or(...DEMO_HOST_SUFFIXES.map((s) => sql`${endpoints.url} like ${`https://%${s}/%`}`), sql`${endpoints.url} ~ ${"^https://(127\\.0\\.0\\.1|\\[::1\\]):[0-9]+/[a-z0-9-]+/demo/"}`));
  const demo = candidates
    .map(({ row, ura }) => {
      const originalUrl = originalDemoUrl(row.url.split("?")[0]);
      return originalUrl && /^\d{8}$/.test(ura) ? { row, target: { originalUrl, ura, environment: row.environment } } : null;
    })
    .filter((c): c is NonNullable<typeof c> => c !== null);

  // One listener per certificate the demo gateways present, its subject naming the institution.
  const wanted = new Map(demo.map(({ target }) => {
    const { certificateUra, cert } = demoTarget(target);
    return [`${certificateUra}|${cert}`, { ura: certificateUra, cert }] as const;
  }));
  const uras = [...new Set([...wanted.values()].map((w) => w.ura))];
  const names = new Map(
    uras.length === 0 ? [] : (await db.select({ ura: institutions.ura, name: institutions.name }).from(institutions).where(inArray(institutions.ura, uras))).map((r) => [r.ura, r.name]),
  );
  await Promise.all(
    [...wanted.values()].map(({ ura, cert }) => sim.serveUra(ura, { cert, port: demoUraPort(sim.basePort, ura, cert), organisation: `${names.get(ura) ?? "Demo Zorginstelling"} Gateway` })),
  );

  await adoptSimulatorCertificates(db, sim, demo);

  const changes = demo
    .map(({ row, target }) => {
      const next = demoUrl(sim, target);
      return next === row.url ? null : { row, next };
    })
    .filter((c): c is NonNullable<typeof c> => c !== null);
  // Demo databases from before per-URA certificates stored the simulator's one URA as expected
  // (the removed CHECKER_DEMO_URA): forget it, so those old certificates are judged against the
  // institution's URA like every other.
  const ids = demo.map(({ row }) => row.id);
  const stale = and(inArray(endpointCertificates.endpointId, ids), eq(endpointCertificates.expectedUra, SIMULATOR_URAS.server));
  if (ids.length > 0 && (await db.select({ id: endpointCertificates.id }).from(endpointCertificates).where(stale).limit(1)).length > 0) {
    await db.update(endpointCertificates).set({ expectedUra: null }).where(stale);
  }
  if (changes.length === 0) return 0;
  await db.transaction(async (tx) => {
    const at = await stampDirectoryChange(tx, now);
    for (const { row, next } of changes) {
      const [updated] = await tx
        .update(endpoints)
        .set({ url: next, version: row.version + 1, updatedAt: at })
        .where(eq(endpoints.id, row.id))
        .returning();
      await tx.insert(endpointVersions).values({ endpointId: row.id, version: updated.version, at, actorUserId: null, actorLabel: DEMO_SIMULATOR_ACTOR_LABEL, snapshot: snapshotOf(updated) });
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
  return out;
}

/**
 * The demo seed stores a placeholder certificate for each production gateway (db/seed/golive.ts).
 * Once the gateway answers from the simulator, the simulator's certificate for that URA is the one
 * it presents: it takes the latest placeholder's place, so the first check does not look like a
 * certificate renewal to the go-live gate. Good certificates only (the expired and expiring
 * scenarios are meant to show); nothing changes when the simulator's certificate is recorded
 * already (a restart).
 */
async function adoptSimulatorCertificates(db: Db, sim: Simulator, demo: { row: { id: string }; target: { originalUrl: string; ura: string; environment: string } }[]) {
  const simulatorCertificate = new Map<string, CertificateFacts>();
  for (const { row, target } of demo) {
    const { certificateUra, cert } = demoTarget(target);
    if (cert !== "good") continue;
    const file = path.join(sim.pki.dir, "ura", `${certificateUra}-${cert}.pem`);
    if (existsSync(file)) simulatorCertificate.set(row.id, readCertificateFacts(new X509Certificate(readFileSync(file)).raw));
  }
  const ids = [...simulatorCertificate.keys()];
  if (ids.length === 0) return;
  const rows = await db
    .select({ id: endpointCertificates.id, endpointId: endpointCertificates.endpointId, fingerprint: endpointCertificates.fingerprint, firstSeenAt: endpointCertificates.firstSeenAt })
    .from(endpointCertificates)
    .where(inArray(endpointCertificates.endpointId, ids));
  const updates: { id: number; facts: CertificateFacts }[] = [];
  for (const [endpointId, facts] of simulatorCertificate) {
    const own = rows.filter((r) => r.endpointId === endpointId);
    if (own.some((r) => r.fingerprint === facts.fingerprint)) continue;
    const placeholders = new Set([demoCertificateFingerprint(endpointId, 1), demoCertificateFingerprint(endpointId, 2)]);
    const latest = own.filter((r) => placeholders.has(r.fingerprint)).sort((a, b) => b.firstSeenAt.getTime() - a.firstSeenAt.getTime())[0];
    if (latest) updates.push({ id: latest.id, facts });
  }
  if (updates.length === 0) return;
  // The whole certificate, not only its fingerprint: the row then says what the gateway presents.
  await db.transaction(async (tx) => {
    for (const { id, facts } of updates) {
      await tx
        .update(endpointCertificates)
        .set({ fingerprint: facts.fingerprint, subject: facts.subject, issuer: facts.issuer, notBefore: new Date(facts.notBefore), notAfter: new Date(facts.notAfter), ura: facts.ura })
        .where(eq(endpointCertificates.id, id));
    }
  });
}
