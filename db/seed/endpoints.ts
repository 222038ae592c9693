/**
 * Demo endpoints: acceptance gateways for about 60% of the institutions that chose a vendor and
 * production gateways for about 30% plus every institution that is live in the demo history (a
 * live institution without a production gateway would contradict the go-live gate, issue 17),
 * each with ITI-38, ITI-39 and RAD-75. Fictional OIDs under
 * 2.16.840.1.113883.2.4.3.<n> and hosts under *.example only. Deterministic and idempotent:
 * institutions that already have endpoints are left alone. Every row gets its version history.
 */
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { endpoints, endpointVersions, institutions, type Endpoint } from "@/db/schema";
import { snapshotOf } from "@/lib/registry/endpoints";
import type { DemoInstitution } from "./institutions-data";
import { slugify } from "./names";
import { getDemoOnboarding } from "./onboarding-data";

const TRANSACTIONS = ["iti-38", "iti-39", "rad-75"] as const;
const PATHS: Record<(typeof TRANSACTIONS)[number], string> = {
  "iti-38": "xca/iti38/RespondingGateway",
  "iti-39": "xca/iti39/RespondingGateway",
  "rad-75": "xca-i/rad75/ImagingGateway",
};
const HOSTS: Record<string, string> = { enovation: "enovation-xds.example", founda: "xdscloud.example", alphatron: "beeldtijdlijn.example" };
const BASE = Date.parse("2025-09-01T08:00:00Z");
const DAY = 86_400_000;

export type DemoEndpoint = Omit<typeof endpoints.$inferInsert, "institutionId"> & { ura: string; history?: Partial<typeof endpoints.$inferInsert>[] };

/** The demo endpoints as plain rows (no database access), for tests and the seed. */
export function demoEndpoints(list: readonly DemoInstitution[], opts: { homeIndex?: number } = {}): DemoEndpoint[] {
  const out: DemoEndpoint[] = [];
  // The day each institution went live in the demo history: its production gateway is older.
  const liveAt = new Map(
    getDemoOnboarding(list).flatMap((h) => {
      const e = h.events.find((x) => x.stepCode === "go_live" && x.action === "verified");
      return e ? [[h.ura, Date.parse(e.at)] as const] : [];
    }),
  );
  // Issue 16: each vendor's first production institution hosts the vendor's central gateways
  // (ITI-38 and ITI-39), the components the public status page rates the infrastructure on.
  const centralOf = new Map<string, number>();
  list.forEach((d, index) => {
    if (d.vendor && !centralOf.has(d.vendor) && index % 10 < 3 && index !== opts.homeIndex) centralOf.set(d.vendor, index);
  });
  list.forEach((d, index) => {
    if (!d.vendor) return;
    const slug = slugify(d.name).slice(0, 40);
    const n = 100 + index;
    const acceptance = index % 10 < 6 || index === opts.homeIndex;
    const live = liveAt.get(d.ura);
    const production = (index % 10 < 3 || live !== undefined) && index !== opts.homeIndex;
    const created = new Date(BASE + (index % 90) * DAY);
    for (const env of ["acceptance", "production"] as const) {
      if (env === "acceptance" ? !acceptance : !production) continue;
      const host = `${env === "acceptance" ? "acc-" : ""}${slug}.${HOSTS[d.vendor]}`;
      const hcid = `urn:oid:2.16.840.1.113883.2.4.3.${n}.${env === "production" ? 1 : 2}`;
      for (const tx of TRANSACTIONS) {
        // The demo home institution leaves RAD-75 open, so a person can register it.
        if (index === opts.homeIndex && tx === "rad-75") continue;
        let at = new Date(created.getTime() + (env === "production" ? 60 * DAY : 0));
        // Live institutions: in production (and moved, see below) well before their go-live.
        if (env === "production" && live !== undefined && at.getTime() > live - 45 * DAY) at = new Date(Math.max(created.getTime(), live - 45 * DAY));
        const row: DemoEndpoint = {
          ura: d.ura,
          vendorCode: d.vendor,
          environment: env,
          transaction: tx,
          url: `https://${host}/${PATHS[tx]}`,
          homeCommunityId: hcid,
          status: "active",
          probeMode: env === "acceptance" ? "query" : "transport",
          maintenanceWindows: env === "production" ? [{ kind: "weekly", day: 7, start: "02:00", end: "04:00", note: "Wekelijks onderhoud" }] : [],
          central: env === "production" && tx !== "rad-75" && centralOf.get(d.vendor) === index,
          createdAt: at,
          updatedAt: at,
        };
        // Every seventh production gateway moved once: version 1 had the old host.
        if (env === "production" && index % 7 === 0) {
          row.history = [{ url: `https://old-${host}/${PATHS[tx]}`, maintenanceWindows: [] }];
          row.periodStart = new Date(at.getTime() + 14 * DAY);
          row.updatedAt = new Date(at.getTime() + 14 * DAY);
        }
        // A few acceptance gateways are suspended while their vendor rebuilds them.
        if (env === "acceptance" && index % 17 === 5 && tx === "iti-39") row.status = "suspended";
        out.push(row);
      }
    }
  });
  return out;
}

export async function seedDemoEndpoints(tx: Tx, opts: { institutions: readonly DemoInstitution[]; homeIndex?: number }): Promise<number> {
  const ids = await tx
    .select({ id: institutions.id, ura: institutions.ura })
    .from(institutions)
    .where(inArray(institutions.ura, opts.institutions.map((d) => d.ura)));
  const withEndpoints = new Set(
    (await tx.selectDistinct({ id: endpoints.institutionId }).from(endpoints).where(inArray(endpoints.institutionId, ids.map((i) => i.id)))).map((r) => r.id),
  );
  const idByUra = new Map(ids.filter((i) => !withEndpoints.has(i.id)).map((i) => [i.ura, i.id]));
  const rows = demoEndpoints(opts.institutions, { homeIndex: opts.homeIndex }).filter((r) => idByUra.has(r.ura));
  if (rows.length === 0) return 0;

  const inserted: Endpoint[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    const batch = rows.slice(i, i + 200).map(({ ura, history, ...r }) => ({ ...r, institutionId: idByUra.get(ura)!, version: 1 + (history?.length ?? 0) }));
    inserted.push(...(await tx.insert(endpoints).values(batch).returning()));
  }
  const byKey = new Map(rows.map((r) => [`${idByUra.get(r.ura)}|${r.environment}|${r.transaction}`, r]));
  const versions = inserted.flatMap((row) => {
    const demo = byKey.get(`${row.institutionId}|${row.environment}|${row.transaction}`)!;
    const current = snapshotOf(row);
    const earlier = (demo.history ?? []).map((h, k) =>
      snapshotOf({ ...row, ...h, version: k + 1, periodStart: null, updatedAt: row.createdAt } as Endpoint),
    );
    return [...earlier, current].map((snapshot) => ({
      endpointId: row.id,
      version: snapshot.version,
      at: new Date(snapshot.updatedAt),
      actorUserId: null,
      actorLabel: "system",
      snapshot,
    }));
  });
  for (let i = 0; i < versions.length; i += 200) await tx.insert(endpointVersions).values(versions.slice(i, i + 200));
  return inserted.length;
}
