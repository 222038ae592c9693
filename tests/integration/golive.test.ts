/**
 * The go-live gate from evidence (issue 17 §1) against a real database: conditions computed from
 * steps, production endpoints, the checker's daily rollups and certificates, confirmations; the
 * step "go_live" refused while the gate is closed; an override with its audit trail; after go-live
 * a certificate renewal reopens the gate (hertest nodig) until the exchange is confirmed again;
 * the counts for the dashboard and the DTO report.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditEvents, checkResults, exchangeVolumes, checkRollupsDaily, endpointCertificates, endpoints, onboardingSteps, users } from "@/db/schema";
import type { AuditActor } from "@/lib/audit";
import type { Actor } from "@/lib/auth/policy";
import { addDays, toAmsterdamDate } from "@/lib/domain/dates";
import { STEP_CODES } from "@/lib/domain/steps";
import { getGoLive, goLiveConditionCounts, listConfirmations, listPartnerOptions, loadGoLive, loadGoLiveDashboard } from "@/lib/golive/queries";
import { checkExchangeVolumes, parseVolumesCsv, reportExchangeVolumes, volumeVendorScope, VolumeRefusal } from "@/lib/golive/volumes";
import { confirmExchange, setGoLiveOverride, withdrawGoLiveOverride } from "@/lib/golive/service";
import { createInstitution } from "@/lib/institutions/service";
import { createEndpoint, updateEndpoint } from "@/lib/registry/endpoints";
import { saveStepReport, verifyStep } from "@/lib/onboarding/service";
import { refreshReadiness } from "@/lib/onboarding/store";
import { makeEndpointSchema } from "@/lib/validation/endpoints";
import { confirmExchangeSchema } from "@/lib/validation/golive";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { rejectsWithCode } from "./helpers";

let t: TestDb;
let admin: Actor;
let adminAudit: AuditActor;
let reporter: AuditActor;
const NOW = new Date("2030-03-20T09:00:00Z");
const TODAY = toAmsterdamDate(NOW);
const settings = { greenDays: 14, retestDownHours: 24 };
let seq = 0;

type Inst = { id: string; ura: string; endpointIds: string[] };

async function newInstitution(vendor: "enovation" | "founda" | "alphatron" = "enovation"): Promise<Inst> {
  const ura = String(94000000 + ++seq);
  const inst = await createInstitution(t.db, {
    actor: adminAudit,
    now: NOW,
    data: { name: `Poortziekenhuis ${seq}`, kind: "hospital", ura, agb: null, kvk: null, city: "Utrecht", province: "NL-UT", vendor, groupName: null, contacts: [] },
  });
  await t.db.insert(onboardingSteps).values(
    STEP_CODES.filter((c) => c !== "go_live").map((stepCode) => ({ institutionId: inst.id, stepCode, state: "verified" as const, completedOn: "2026-06-01", verifiedAt: new Date("2026-06-01T10:00:00Z") })),
  );
  await refreshReadiness(t.db, { institutionId: inst.id, today: TODAY });
  return { id: inst.id, ura, endpointIds: [] };
}

const endpointSchema = makeEndpointSchema();
async function addProductionEndpoints(inst: Inst, vendor = "enovation") {
  for (const tx of ["iti-38", "iti-39", "rad-75"] as const) {
    const row = await createEndpoint(t.db, {
      principal: { kind: "user", actor: admin },
      values: endpointSchema.parse({ institutionId: inst.id, environment: "production", transaction: tx, url: `https://gw${seq}.example.test/${tx}`, homeCommunityId: `urn:oid:2.16.840.1.113883.2.4.3.${500 + seq}`, vendorCode: vendor }),
      now: new Date("2029-09-01T08:00:00Z"),
    });
    inst.endpointIds.push(row.id);
  }
}

/** Daily rollups from `from` to today; `down` days get failed checks, `maintenance` days only excluded ones. */
async function addDays_(inst: Inst, from: string, opts: { down?: string[]; maintenance?: string[] } = {}) {
  const rows = [];
  for (const endpointId of inst.endpointIds) {
    for (let d = from; d <= TODAY; d = addDays(d, 1)) {
      const maintenance = opts.maintenance?.includes(d);
      rows.push({ endpointId, day: d, up: maintenance ? 0 : 280, degraded: 0, down: opts.down?.includes(d) ? 8 : 0, excluded: maintenance ? 288 : 0 });
    }
  }
  await t.db.insert(checkRollupsDaily).values(rows);
}

/** A certificate seen on every endpoint, and a check result carrying it. */
async function addCertificate(inst: Inst, opts: { fingerprint: string; ura?: string; notAfter?: string; seenAt: Date; reasons?: string[] }) {
  for (const endpointId of inst.endpointIds) {
    const [cert] = await t.db
      .insert(endpointCertificates)
      .values({ endpointId, fingerprint: opts.fingerprint, subject: "CN=gw", issuer: "CN=UZI", notAfter: new Date(opts.notAfter ?? "2031-09-01T00:00:00Z"), ura: opts.ura ?? inst.ura, firstSeenAt: opts.seenAt, lastSeenAt: opts.seenAt })
      .returning({ id: endpointCertificates.id });
    await t.db.insert(checkResults).values({ endpointId, checkedAt: opts.seenAt, status: "up", reasons: opts.reasons ?? [], warnings: [], mode: "transport", totalMs: 40, certificateId: cert.id, trigger: "schedule" });
  }
}

async function confirm(inst: Inst, exchangedOn: string, now = NOW, partnerVendor: "founda" | "alphatron" = "alphatron") {
  const partner = await newInstitution(partnerVendor);
  return confirmExchange(t.db, { actor: admin, auditActor: adminAudit, values: confirmExchangeSchema.parse({ institutionId: inst.id, exchangedOn, confirmerKind: "partner_institution", partnerInstitutionId: partner.id }), now });
}

const gate = async (inst: Inst, at = NOW) => (await getGoLive(t.db, { institutionId: inst.id, at, settings }))!.evaluation;
const unmet = async (inst: Inst, at = NOW) => (await gate(inst, at)).conditions.filter((c) => !c.met).map((c) => c.code);

async function reportAndVerifyGoLive(inst: Inst, at = NOW) {
  await saveStepReport(t.db, { actor: reporter, values: { institutionId: inst.id, stepCode: "go_live", intent: "submit", completedOn: TODAY, keepEvidence: false, version: 0 }, evidence: null, now: at });
  const [row] = await t.db.select().from(onboardingSteps).where(and(eq(onboardingSteps.institutionId, inst.id), eq(onboardingSteps.stepCode, "go_live")));
  return verifyStep(t.db, { actor: adminAudit, item: { institutionId: inst.id, stepCode: "go_live", version: row.version }, now: at });
}

before(async () => {
  t = await createTestDb();
  const [a] = await t.db.insert(users).values({ email: "beheer@test.example", name: "Beheerder" }).returning({ id: users.id });
  const [r] = await t.db.insert(users).values({ email: "melder@test.example", name: "Melder" }).returning({ id: users.id });
  admin = { userId: a.id, email: "beheer@test.example", name: "Beheerder", locale: "nl", memberships: [{ role: "programme_admin", institutionId: null, vendorCode: null }] };
  adminAudit = { userId: a.id, label: "beheer@test.example" };
  reporter = { userId: r.id, label: "melder@test.example" };
});
after(async () => {
  await t?.dispose();
});

describe("the go-live gate from data", () => {
  test("conditions appear one by one as the evidence arrives; go-live is refused until the gate opens", async () => {
    const inst = await newInstitution();
    assert.deepEqual(await unmet(inst), ["production_endpoint_active", "endpoint_green_days", "certificate_valid", "ura_match", "cross_infrastructure_exchange_confirmed"]);
    await rejectsWithCode(reportAndVerifyGoLive(inst), "conflict");

    await addProductionEndpoints(inst);
    await addDays_(inst, addDays(TODAY, -20), { down: [addDays(TODAY, -10)] });
    await addCertificate(inst, { fingerprint: `A-${inst.ura}`, seenAt: new Date("2029-10-01T00:00:00Z") });
    assert.deepEqual(await unmet(inst), ["endpoint_green_days", "cross_infrastructure_exchange_confirmed"]);
    const green = (await gate(inst)).conditions.find((c) => c.code === "endpoint_green_days")!;
    assert.deepEqual(green.detail.params, { days: 9, required: 14, transaction: "ITI-38" });
    // With a lower programme setting the same run is enough.
    assert.ok((await getGoLive(t.db, { institutionId: inst.id, at: NOW, settings: { greenDays: 7, retestDownHours: 24 } }))!.evaluation.conditions.find((c) => c.code === "endpoint_green_days")!.met);

    await confirm(inst, addDays(TODAY, -2));
    assert.deepEqual(await unmet(inst), ["endpoint_green_days"]);
    // Six days later the run is 15 days long: the gate opens.
    const later = new Date(NOW.getTime() + 6 * 86_400_000);
    await t.db.insert(checkRollupsDaily).values(inst.endpointIds.flatMap((endpointId) => [1, 2, 3, 4, 5, 6].map((n) => ({ endpointId, day: addDays(TODAY, n), up: 288, degraded: 0, down: 0, excluded: 0 }))));
    assert.deepEqual(await unmet(inst, later), []);
    assert.equal((await gate(inst, later)).gate, "open");
  });

  test("maintenance does not break the green run; an outage does", async () => {
    const maint = await newInstitution();
    await addProductionEndpoints(maint);
    await addDays_(maint, addDays(TODAY, -20), { maintenance: [addDays(TODAY, -5)] });
    await addCertificate(maint, { fingerprint: `A-${maint.ura}`, seenAt: new Date("2029-10-01T00:00:00Z") });
    assert.ok((await gate(maint)).conditions.find((c) => c.code === "endpoint_green_days")!.met);
    const outage = await newInstitution();
    await addProductionEndpoints(outage);
    await addDays_(outage, addDays(TODAY, -20), { down: [addDays(TODAY, -5)] });
    assert.ok(!(await gate(outage)).conditions.find((c) => c.code === "endpoint_green_days")!.met);
  });

  test("a certificate with another URA, or one that expires within 30 days, fails its condition", async () => {
    const inst = await newInstitution();
    await addProductionEndpoints(inst);
    await addDays_(inst, addDays(TODAY, -20));
    await addCertificate(inst, { fingerprint: `W-${inst.ura}`, ura: "11111111", notAfter: "2030-04-01T00:00:00Z", seenAt: new Date("2029-10-01T00:00:00Z") });
    const conds = (await gate(inst)).conditions;
    assert.equal(conds.find((c) => c.code === "ura_match")!.detail.code, "ura_mismatch");
    assert.equal(conds.find((c) => c.code === "certificate_valid")!.detail.code, "certificate_expiring");
  });

  test("live with evidence; a certificate renewal after go-live means hertest nodig until a new confirmation", async () => {
    const inst = await newInstitution();
    await addProductionEndpoints(inst);
    await addDays_(inst, addDays(TODAY, -30));
    await addCertificate(inst, { fingerprint: `A-${inst.ura}`, seenAt: new Date("2029-10-01T00:00:00Z") });
    await confirm(inst, addDays(TODAY, -3), new Date(NOW.getTime() - 7_200_000));
    await reportAndVerifyGoLive(inst, new Date(NOW.getTime() - 3_600_000));
    const [audit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.institutionId, inst.id), eq(auditEvents.action, "step.verify")));
    assert.deepEqual((audit.after as { goLiveGate: unknown }).goLiveGate, { gate: "open", failing: [] });
    assert.equal((await gate(inst)).status, "live");

    // The vendor renews the certificate: a new fingerprint is seen.
    const renewedAt = new Date(NOW.getTime() + 3_600_000);
    await addCertificate(inst, { fingerprint: `B-${inst.ura}`, seenAt: renewedAt });
    const after = new Date(NOW.getTime() + 2 * 3_600_000);
    const reopened = await gate(inst, after);
    assert.equal(reopened.status, "live_attention");
    assert.deepEqual(reopened.retestReasons.map((r) => r.kind), ["certificate", "certificate", "certificate"]);
    const counts = await goLiveConditionCounts(t.db, after, { settings });
    assert.ok(counts.liveAttention >= 1);

    await confirm(inst, toAmsterdamDate(after), new Date(after.getTime() + 60_000));
    assert.equal((await gate(inst, new Date(after.getTime() + 120_000))).status, "live");
  });

  test("an address change of a production endpoint after go-live reopens the gate too", async () => {
    const inst = await newInstitution();
    await addProductionEndpoints(inst);
    await addDays_(inst, addDays(TODAY, -30));
    await addCertificate(inst, { fingerprint: `A-${inst.ura}`, seenAt: new Date("2029-10-01T00:00:00Z") });
    await confirm(inst, addDays(TODAY, -3), new Date(NOW.getTime() - 7_200_000));
    await reportAndVerifyGoLive(inst, new Date(NOW.getTime() - 3_600_000));
    const [ep] = await t.db.select().from(endpoints).where(eq(endpoints.id, inst.endpointIds[0]));
    const at = new Date(NOW.getTime() + 3_600_000);
    await updateEndpoint(t.db, {
      principal: { kind: "user", actor: admin },
      id: ep.id,
      values: endpointSchema.parse({ institutionId: inst.id, environment: "production", transaction: ep.transaction, url: "https://new-host.example.test/iti38", homeCommunityId: ep.homeCommunityId, vendorCode: ep.vendorCode }),
      expectedVersion: ep.version,
      now: at,
    });
    const r = await gate(inst, new Date(at.getTime() + 60_000));
    assert.equal(r.status, "live_attention");
    assert.deepEqual(r.retestReasons.map((x) => [x.kind, x.transaction]), [["address", "iti-38"]]);
  });

  test("override: go-live verified with a written reason, audited, counted as override; withdrawn it shows attention", async () => {
    const inst = await newInstitution();
    await rejectsWithCode(reportAndVerifyGoLive(inst), "conflict");
    await setGoLiveOverride(t.db, { actor: adminAudit, institutionId: inst.id, reason: "Live vóór de bewijspoort; productiebewijs volgt in december", now: NOW });
    await rejectsWithCode(setGoLiveOverride(t.db, { actor: adminAudit, institutionId: inst.id, reason: "Tweede override mag niet", now: NOW }), "conflict");
    const [row] = await t.db.select().from(onboardingSteps).where(and(eq(onboardingSteps.institutionId, inst.id), eq(onboardingSteps.stepCode, "go_live")));
    await verifyStep(t.db, { actor: adminAudit, item: { institutionId: inst.id, stepCode: "go_live", version: row.version }, now: NOW });
    const r = await gate(inst);
    assert.equal(r.status, "live_override");
    assert.equal(r.override?.reason, "Live vóór de bewijspoort; productiebewijs volgt in december");
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.institutionId, inst.id));
    const ov = audits.find((a) => a.action === "golive.override")!;
    assert.ok((ov.after as { failingConditions: string[] }).failingConditions.includes("cross_infrastructure_exchange_confirmed"));
    assert.deepEqual((audits.find((a) => a.action === "step.verify" && (a.after as { stepCode: string }).stepCode === "go_live")!.after as { goLiveGate: { gate: string } }).goLiveGate.gate, "override");

    await withdrawGoLiveOverride(t.db, { actor: adminAudit, institutionId: inst.id, now: new Date(NOW.getTime() + 1000) });
    assert.equal((await gate(inst, new Date(NOW.getTime() + 2000))).status, "live_attention");
    // As of before the withdrawal, it was an override.
    assert.equal((await gate(inst, new Date(NOW.getTime() + 500))).status, "live_override");
  });

  test("confirmations: the partner must be on another infrastructure; only the vendor, a partner or the programme may confirm", async () => {
    const inst = await newInstitution("enovation");
    const same = await newInstitution("enovation");
    await rejectsWithCode(
      confirmExchange(t.db, { actor: admin, auditActor: adminAudit, values: confirmExchangeSchema.parse({ institutionId: inst.id, exchangedOn: TODAY, confirmerKind: "partner_institution", partnerInstitutionId: same.id }), now: NOW }),
      "validation",
    );
    await rejectsWithCode(
      confirmExchange(t.db, { actor: admin, auditActor: adminAudit, values: confirmExchangeSchema.parse({ institutionId: inst.id, exchangedOn: addDays(TODAY, 1), confirmerKind: "vendor" }), now: NOW }),
      "validation",
    );
    const founda = await newInstitution("founda");
    const foundaEditor: Actor = { ...admin, memberships: [{ role: "institution_editor", institutionId: founda.id, vendorCode: null }] };
    const otherVendor: Actor = { ...admin, memberships: [{ role: "vendor_editor", institutionId: null, vendorCode: "founda" }] };
    const ownVendor: Actor = { ...admin, memberships: [{ role: "vendor_editor", institutionId: null, vendorCode: "enovation" }] };
    await rejectsWithCode(confirmExchange(t.db, { actor: otherVendor, auditActor: adminAudit, values: confirmExchangeSchema.parse({ institutionId: inst.id, exchangedOn: TODAY, confirmerKind: "vendor" }), now: NOW }), "forbidden");
    const byVendor = await confirmExchange(t.db, { actor: ownVendor, auditActor: adminAudit, values: confirmExchangeSchema.parse({ institutionId: inst.id, exchangedOn: TODAY, confirmerKind: "vendor" }), now: NOW });
    assert.equal(byVendor.vendorCode, "enovation");
    const byPartner = await confirmExchange(t.db, { actor: foundaEditor, auditActor: adminAudit, values: confirmExchangeSchema.parse({ institutionId: inst.id, exchangedOn: TODAY, confirmerKind: "partner_institution", partnerInstitutionId: founda.id }), now: NOW });
    assert.equal(byPartner.partnerInstitutionId, founda.id);
    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.institutionId, inst.id), eq(auditEvents.action, "golive.confirm")));
    assert.equal(audits.length, 2);
    // What the institution page lists: the confirmations, newest first, and the partners one may name.
    const listed = await listConfirmations(t.db, inst.id);
    const names = listed.map((c) => `${c.confirmerKind}:${c.confirmerKind === "vendor" ? c.vendorName : c.partnerName}`).sort();
    assert.equal(names.length, 2);
    assert.match(names[0], /^partner_institution:Poortziekenhuis \d+$/);
    assert.match(names[1], /^vendor:\S+/);
    const partners = await listPartnerOptions(t.db, { vendorCode: "enovation", onlyIds: [founda.id, same.id] });
    assert.deepEqual(partners.map((p) => p.id), [founda.id]);
  });

  test("one institution read alone (its evidence side by side with it) is evaluated as when read in scope or with all", async () => {
    // By now the tests above left institutions closed, live, in attention and overridden.
    const all = await loadGoLive(t.db, { at: NOW, settings });
    assert.ok(all.length >= 5);
    const statuses = new Set(all.map((i) => i.evaluation.status));
    assert.ok(statuses.size >= 3, `several kinds of evaluation: ${[...statuses].join(", ")}`);
    for (const one of all) {
      const alone = await getGoLive(t.db, { institutionId: one.institutionId, at: NOW, settings });
      const [scoped] = await loadGoLive(t.db, { institutionIds: [one.institutionId], scope: { kind: "all" }, at: NOW, settings });
      assert.deepEqual(alone, one, one.name);
      assert.deepEqual(scoped, one, one.name);
    }
    // An id that is no institution gives nothing, whatever evidence query ran beside it.
    assert.equal(await getGoLive(t.db, { institutionId: "00000000-0000-4000-8000-000000000000", at: NOW, settings }), null);
  });

  test("counts per condition for a date", async () => {
    const counts = await goLiveConditionCounts(t.db, NOW, { settings });
    assert.equal(counts.institutions, seq);
    assert.equal(counts.conditions.preconditions_verified, seq);
    assert.ok(counts.live >= 3);
    assert.equal(counts.live, counts.liveWithEvidence + counts.liveAttention + counts.liveOverride);
    assert.equal(counts.byVendor.enovation.live + counts.byVendor.founda.live + counts.byVendor.alphatron.live + counts.byVendor.none.live, counts.live);
  });
});

describe("the dashboard's go-live widgets and the volumes upload (issue 17 §1, §2)", () => {
  const csv = (lines: string[]) => new TextEncoder().encode(["ura;maand;richting;infrastructuur;documenten;onderzoeken", ...lines].join("\n"));

  test("live with evidence, with attention (and why) and by override; live versus exchanging per vendor from an uploaded CSV", async () => {
    // Live with evidence.
    const good = await newInstitution("founda");
    await addProductionEndpoints(good, "founda");
    await addDays_(good, addDays(TODAY, -30));
    await addCertificate(good, { fingerprint: `G-${good.ura}`, seenAt: new Date("2029-10-01T00:00:00Z") });
    await confirm(good, addDays(TODAY, -3), new Date(NOW.getTime() - 7_200_000));
    await reportAndVerifyGoLive(good, new Date(NOW.getTime() - 3_600_000));
    // Live, then its certificate changed: attention with the reason.
    const renewed = await newInstitution("founda");
    await addProductionEndpoints(renewed, "founda");
    await addDays_(renewed, addDays(TODAY, -30));
    await addCertificate(renewed, { fingerprint: `A-${renewed.ura}`, seenAt: new Date("2029-10-01T00:00:00Z") });
    await confirm(renewed, addDays(TODAY, -3), new Date(NOW.getTime() - 7_200_000));
    await reportAndVerifyGoLive(renewed, new Date(NOW.getTime() - 3_600_000));
    await addCertificate(renewed, { fingerprint: `B-${renewed.ura}`, seenAt: new Date(NOW.getTime() - 1_800_000) });
    // Live by override.
    const overridden = await newInstitution("founda");
    await setGoLiveOverride(t.db, { actor: adminAudit, institutionId: overridden.id, reason: "Bestuurlijk besluit: live vóór het productiebewijs", now: NOW });
    await reportAndVerifyGoLive(overridden);

    const at = new Date(NOW.getTime() + 60_000);
    const before = await loadGoLiveDashboard(t.db, at, { settings });
    assert.equal(before.counts.live, before.counts.liveWithEvidence + before.counts.liveAttention + before.counts.liveOverride);
    assert.equal(before.counts.byVendor.founda.liveOverride, 1);
    assert.equal(before.counts.byVendor.founda.liveWithEvidence, 1);
    assert.equal(before.counts.byVendor.founda.liveAttention, 1);
    const byId = new Map(before.attention.map((a) => [a.institutionId, a]));
    assert.equal(byId.has(good.id), false);
    assert.equal(byId.get(renewed.id)?.status, "live_attention");
    assert.deepEqual(byId.get(renewed.id)?.retestReasons.map((r) => r.kind), ["certificate", "certificate", "certificate"]);
    assert.deepEqual(byId.get(renewed.id)?.failing.map((f) => f.code), ["cross_infrastructure_exchange_confirmed"]);
    assert.equal(byId.get(overridden.id)?.status, "live_override");
    assert.equal(byId.get(overridden.id)?.override?.reason, "Bestuurlijk besluit: live vóór het productiebewijs");
    // The same counts as the DTO report's.
    assert.deepEqual(before.counts, await goLiveConditionCounts(t.db, at, { settings }));

    // Live versus exchanging in the last complete month: nobody reported yet. The go-live steps
    // were verified this month, so last month's live count is taken at the end of that month.
    assert.equal(before.exchange.month, "2030-02");
    const foundaBefore = before.exchange.byVendor.find((v) => v.vendor === "founda")!;
    assert.equal(foundaBefore.exchangingLive, 0);

    // A vendor editor of Founda uploads last month's volumes.
    const foundaVendor: Actor = { ...admin, memberships: [{ role: "vendor_editor", institutionId: null, vendorCode: "founda" }] };
    const file = csv([`${good.ura};2030-02;in;enovation;120;14`, `${good.ura};2030-02;uit;alphatron;30;2`, `${renewed.ura};2030-02;in;founda;50;5`]);
    const saved = await reportExchangeVolumes(t.db, { inputs: parseVolumesCsv(file), vendorCodes: volumeVendorScope(foundaVendor), actor: adminAudit, now: NOW, source: "csv" });
    assert.equal(saved.saved, 3);
    const afterUpload = await loadGoLiveDashboard(t.db, at, { settings });
    const founda = afterUpload.exchange.byVendor.find((v) => v.vendor === "founda")!;
    // Only `good` exchanges: `renewed` reported retrievals within its own infrastructure only.
    assert.equal(founda.exchanging, foundaBefore.exchanging + 1);
    assert.equal(founda.documents - foundaBefore.documents, 150);
    assert.equal(founda.studies - foundaBefore.studies, 16);
    // Next month the three count as live at month end.
    const march = await loadGoLiveDashboard(t.db, new Date("2030-04-02T10:00:00Z"), { settings });
    assert.equal(march.exchange.month, "2030-03");
    assert.ok(march.exchange.byVendor.find((v) => v.vendor === "founda")!.live >= 3);
  });

  test("upload: all or nothing with every row's error, the vendor's own institutions only, one audit event, idempotent", async () => {
    const mine = await newInstitution("alphatron");
    const other = await newInstitution("enovation");
    const alphatron: Actor = { ...admin, memberships: [{ role: "vendor_editor", institutionId: null, vendorCode: "alphatron" }] };
    const scope = volumeVendorScope(alphatron);
    assert.deepEqual(scope, ["alphatron"]);
    assert.equal(volumeVendorScope(admin), null);
    const bad = parseVolumesCsv(csv([`${mine.ura};2030-02;in;enovation;10;1`, `${other.ura};2030-02;in;founda;5;1`, `12;2030-13;sideways;nowhere;-1;x`, `${mine.ura};2030-02;in;enovation;11;1`, `${mine.ura};2031-01;uit;founda;1;1`]));
    const checked = await checkExchangeVolumes(t.db, { inputs: bad, vendorCodes: scope, now: NOW });
    assert.deepEqual(
      checked.errors.map((e) => [e.line, e.code]),
      [
        [3, "ura_scope"],
        [4, "ura_invalid"],
        [4, "month_invalid"],
        [4, "direction_invalid"],
        [4, "counterpart_invalid"],
        [4, "count_invalid"],
        [4, "count_invalid"],
        [5, "duplicate"],
        [6, "month_invalid"],
      ],
    );
    const auditsBefore = (await t.db.select().from(auditEvents).where(eq(auditEvents.action, "exchange_volume.report"))).length;
    await assert.rejects(reportExchangeVolumes(t.db, { inputs: bad, vendorCodes: scope, actor: adminAudit, now: NOW, source: "csv" }), (e: unknown) => e instanceof VolumeRefusal && e.rowErrors.length === 9);
    assert.equal((await t.db.select().from(exchangeVolumes).where(eq(exchangeVolumes.institutionId, mine.id))).length, 0);

    const good = parseVolumesCsv(csv([`${mine.ura};2030-02;in;enovation;10;1`, `${mine.ura};2030-02;uit;founda;4;2`]));
    await reportExchangeVolumes(t.db, { inputs: good, vendorCodes: scope, actor: adminAudit, now: NOW, source: "csv" });
    // The same file again with a corrected figure replaces, never doubles.
    await reportExchangeVolumes(t.db, { inputs: parseVolumesCsv(csv([`${mine.ura};2030-02;in;enovation;12;1`])), vendorCodes: scope, actor: adminAudit, now: NOW, source: "csv" });
    const stored = await t.db.select().from(exchangeVolumes).where(eq(exchangeVolumes.institutionId, mine.id));
    assert.deepEqual(stored.map((r) => [r.direction, r.counterpart, r.documents]).sort(), [["in", "enovation", 12], ["out", "founda", 4]]);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "exchange_volume.report"));
    assert.equal(audits.length - auditsBefore, 2);
    assert.equal((audits.at(-1)!.after as { source: string }).source, "csv");
  });
});
