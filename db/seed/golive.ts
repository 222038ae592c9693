/**
 * Go-live evidence for the demo (issue 17): the institutions that are live in the demo history
 * get what the gate asks for — production gateways (db/seed/endpoints.ts), five weeks of daily
 * check rollups without failures (maintenance on Sunday night), a trusted certificate with their
 * own URA seen by the latest check, and a confirmation of an exchange across infrastructures — so
 * most are "live, bewijs klopt". A few tell the after-go-live story: one stands on an override
 * (live before the gate existed), one renewed its certificate three days ago (hertest nodig until
 * a new confirmation), one was unreachable for 30 hours last week (hertest nodig, and its green
 * run starts again). Vendors reported exchange volumes for 17 of them (the seeds' "17 actually
 * exchange") over the last three complete months. Written once: nothing when a confirmation of a
 * demo institution exists. Volumes go through the capability's own service (one audit event).
 */
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { checkResults, checkRollupsDaily, checkRollupsHourly, endpointCertificates, endpoints, goLiveConfirmations, goLiveOverrides, institutions, onboardingSteps } from "@/db/schema";
import { systemActor } from "@/lib/audit";
import { amsterdamMonthOf, previousMonth } from "@/lib/domain/availability";
import { addDays, toAmsterdamDate } from "@/lib/domain/dates";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { reportExchangeVolumes, type VolumeInput } from "@/lib/golive/volumes";
import type { DemoInstitution } from "./institutions-data";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How many live demo institutions actually exchange (DOMAIN.md, the seeds' story). */
export const DEMO_EXCHANGING = 17;
/** The issuer of the demo's seeded certificates (tests that count their own certificates leave these out). */
export const DEMO_CERT_ISSUER = "CN=Demo Private Services CA G1 (fictief)";
export const DEMO_OVERRIDE_REASON = "Live gegaan vóórdat de bewijspoort bestond (besluit stuurgroep); de bevestiging van een uitwisseling met een andere infrastructuur volgt.";

const hash = (s: string) => createHash("sha256").update(s).digest("hex");
/**
 * The fingerprint of the n-th demo certificate of a production gateway: a placeholder until
 * `npm start` points the gateway at the simulator, whose certificate then takes its place
 * (adoptSimulatorCertificates in lib/checker/demo.ts).
 */
export const demoCertificateFingerprint = (endpointId: string, n: 1 | 2) => hash(`demo-cert:${endpointId}:${n}`);
const num = (s: string, mod: number) => parseInt(hash(s).slice(0, 8), 16) % mod;

export async function seedDemoGoLive(tx: Tx, opts: { institutions: readonly DemoInstitution[]; now: Date; adminLabel: string }): Promise<number> {
  const { now } = opts;
  const live = await tx
    .select({ id: institutions.id, ura: institutions.ura, vendorCode: institutions.vendorCode, verifiedAt: onboardingSteps.verifiedAt })
    .from(onboardingSteps)
    .innerJoin(institutions, eq(institutions.id, onboardingSteps.institutionId))
    .where(and(eq(onboardingSteps.stepCode, "go_live"), eq(onboardingSteps.state, "verified"), inArray(institutions.ura, opts.institutions.map((d) => d.ura))))
    .orderBy(institutions.ura);
  const withVendor = live.filter((l) => l.vendorCode !== null && l.verifiedAt !== null);
  if (withVendor.length === 0) return 0;
  const ids = withVendor.map((l) => l.id);
  const done = await tx.select({ id: goLiveConfirmations.id }).from(goLiveConfirmations).where(inArray(goLiveConfirmations.institutionId, ids)).limit(1);
  if (done.length > 0) return 0;

  const prod = await tx
    .select({ id: endpoints.id, institutionId: endpoints.institutionId, createdAt: endpoints.createdAt, url: endpoints.url })
    .from(endpoints)
    .where(and(inArray(endpoints.institutionId, ids), eq(endpoints.environment, "production"), eq(endpoints.status, "active")));
  const instWithEndpoints = withVendor.filter((l) => prod.some((p) => p.institutionId === l.id));
  // The after-go-live stories, on fixed positions of the list (sorted by URA).
  const overrideId = instWithEndpoints[3]?.id;
  const renewedId = instWithEndpoints[7]?.id;
  const outageId = instWithEndpoints[11]?.id;

  // Daily rollups: the last five weeks, every five minutes up, Sunday 02:00-04:00 maintenance.
  const today = toAmsterdamDate(now);
  const outageStart = Math.floor((now.getTime() - 6 * DAY) / HOUR) * HOUR - 4 * HOUR;
  const outageHours = Array.from({ length: 30 }, (_, i) => outageStart + i * HOUR);
  const outageDays = new Map<string, number>();
  for (const h of outageHours) outageDays.set(toAmsterdamDate(new Date(h)), (outageDays.get(toAmsterdamDate(new Date(h))) ?? 0) + 12);
  const daily: (typeof checkRollupsDaily.$inferInsert)[] = [];
  const hourly: (typeof checkRollupsHourly.$inferInsert)[] = [];
  for (const e of prod) {
    for (let d = addDays(today, -35); d <= today; d = addDays(d, 1)) {
      const sunday = new Date(`${d}T12:00:00Z`).getUTCDay() === 0;
      const down = e.institutionId === outageId ? (outageDays.get(d) ?? 0) : 0;
      const excluded = sunday ? 24 : 0;
      const up = Math.max(0, 288 - excluded - down);
      daily.push({ endpointId: e.id, day: d, up, degraded: 0, down, excluded, totalMsSum: up * 180, totalMsMin: 90, totalMsMax: 640 });
    }
    if (e.institutionId === outageId) for (const h of outageHours) hourly.push({ endpointId: e.id, hour: new Date(h), up: 0, degraded: 0, down: 12, excluded: 0 });
  }
  for (let i = 0; i < daily.length; i += 1000) await tx.insert(checkRollupsDaily).values(daily.slice(i, i + 1000)).onConflictDoNothing();
  if (hourly.length) await tx.insert(checkRollupsHourly).values(hourly).onConflictDoNothing();

  // A trusted certificate with the institution's URA, seen by the latest check; the renewed one a second, newer one.
  const uraOf = new Map(withVendor.map((l) => [l.id, l.ura]));
  const certRows = prod.flatMap((e) => {
    const base = { endpointId: e.id, subject: `CN=${new URL(e.url).hostname}`, issuer: DEMO_CERT_ISSUER, ura: uraOf.get(e.institutionId)!, expectedUra: uraOf.get(e.institutionId)!, lastSeenAt: new Date(now.getTime() - 600_000) };
    const first = { ...base, fingerprint: demoCertificateFingerprint(e.id, 1), notBefore: new Date(e.createdAt.getTime() - DAY), notAfter: new Date(now.getTime() + (200 + num(e.id, 300)) * DAY), firstSeenAt: new Date(e.createdAt.getTime() + HOUR) };
    if (e.institutionId !== renewedId) return [first];
    const renewedAt = new Date(now.getTime() - 3 * DAY);
    return [
      { ...first, lastSeenAt: renewedAt },
      { ...base, fingerprint: demoCertificateFingerprint(e.id, 2), notBefore: new Date(renewedAt.getTime() - DAY), notAfter: new Date(now.getTime() + 730 * DAY), firstSeenAt: renewedAt },
    ];
  });
  const certs = await tx.insert(endpointCertificates).values(certRows).onConflictDoNothing().returning({ id: endpointCertificates.id, endpointId: endpointCertificates.endpointId, firstSeenAt: endpointCertificates.firstSeenAt });
  const latestCert = new Map<string, number>();
  for (const c of [...certs].sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime())) latestCert.set(c.endpointId, c.id);
  const checkedAt = new Date(now.getTime() - 600_000);
  const results = prod.flatMap((e) => (latestCert.has(e.id) ? [{ endpointId: e.id, checkedAt, status: "up" as const, reasons: [], warnings: [], mode: "transport", totalMs: 180, tlsProtocol: "TLSv1.3", certificateId: latestCert.get(e.id)!, httpStatus: 200, trigger: "schedule" as const }] : []));
  if (results.length) await tx.insert(checkResults).values(results);

  // Confirmations: the day before go-live, alternately by the vendor and by a live partner on another infrastructure.
  const confirmations = instWithEndpoints.flatMap((l, i) => {
    if (l.id === overrideId) return [];
    const goLive = l.verifiedAt!;
    const partner = i % 2 === 1 ? withVendor.find((p) => p.vendorCode !== l.vendorCode) : undefined;
    return [
      {
        institutionId: l.id,
        exchangedOn: toAmsterdamDate(new Date(goLive.getTime() - DAY)),
        confirmerKind: partner ? ("partner_institution" as const) : ("vendor" as const),
        partnerInstitutionId: partner?.id ?? null,
        vendorCode: partner ? null : l.vendorCode,
        note: partner ? "Röntgenonderzoek van een gedeelde patiënt opgevraagd (demo)." : null,
        actorLabel: systemActor.label,
        createdAt: new Date(goLive.getTime() - 2 * HOUR),
      },
    ];
  });
  if (confirmations.length) await tx.insert(goLiveConfirmations).values(confirmations);
  const overrideInst = instWithEndpoints.find((l) => l.id === overrideId);
  if (overrideInst) await tx.insert(goLiveOverrides).values({ institutionId: overrideInst.id, reason: DEMO_OVERRIDE_REASON, actorLabel: opts.adminLabel, createdAt: new Date(overrideInst.verifiedAt!.getTime() - HOUR) });

  // Volumes: 17 live institutions (a stable pick), the complete months since their go-live, in and out.
  const months: string[] = [];
  for (let m = previousMonth(amsterdamMonthOf(now)); months.length < 3; m = previousMonth(m)) months.unshift(m);
  const exchanging = [...instWithEndpoints].sort((a, b) => hash(a.ura).localeCompare(hash(b.ura))).slice(0, DEMO_EXCHANGING);
  const inputs: VolumeInput[] = exchanging.flatMap((l) => {
    const from = amsterdamMonthOf(l.verifiedAt!);
    const others = VENDOR_CODES.filter((v) => v !== l.vendorCode);
    // The last complete month always counts: the demo's "17 exchange" is about that month.
    return months
      .filter((m, k) => m >= from || k === months.length - 1)
      .flatMap((m) =>
        (["in", "out"] as const).map((direction, k) => {
          const n = 20 + num(`${l.ura}:${m}:${direction}`, 400);
          return { line: 0, ura: l.ura, month: m, direction, counterpart: others[k % others.length], documents: n, studies: Math.round(n / 6) };
        }),
      );
  });
  inputs.forEach((r, i) => (r.line = i + 1));
  if (inputs.length) await reportExchangeVolumes(tx as unknown as Db, { inputs, vendorCodes: null, actor: systemActor, now, source: "csv" });
  return confirmations.length + (overrideInst ? 1 : 0);
}
