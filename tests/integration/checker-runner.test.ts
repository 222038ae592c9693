/**
 * The checker's bookkeeping on a real database: state transitions with thresholds, maintenance
 * suppression, the self-check guard, rollups and retention, notification dedup and delivery
 * (real in-process SMTP server and a real HTTP receiver), and one real probe of the simulator.
 */
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import {
  checkerState,
  checkResults,
  checkRollupsDaily,
  checkRollupsHourly,
  endpointCertificates,
  endpointHealth,
  endpoints,
  institutionContacts,
  institutions,
  notificationDeliveries,
  users,
} from "@/db/schema";
import { loadCheckerConfig } from "@/lib/checker/config";
import { deliverDueNotifications, verifyWebhookSignature } from "@/lib/checker/notify";
import type { ProbeOptions, ProbeResult } from "@/lib/checker/probe";
import { runRetention } from "@/lib/checker/retention";
import { runChecks } from "@/lib/checker/runner";
import { unpackSamples } from "@/lib/checker/samples";
import { loadRunnerSettings, type RunnerSettings } from "@/lib/checker/settings";
import { startSimulator, type Simulator } from "@/lib/checker/simulator/server";
import type { CheckStatus, ReasonCode } from "@/lib/checker/verdicts";
import { resetEnvCache } from "@/lib/env";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows } from "./helpers";

let t: TestDb;
let institutionId: string;
const ep: Record<string, string> = {};
const settings: RunnerSettings = { ...loadRunnerSettings({}), webhooks: { urls: [], secret: null } };
const config = { ...loadCheckerConfig({}), timeoutMs: 3000 };
let clock = new Date("2030-03-04T10:00:00Z"); // a Monday
const now = () => clock;
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

/** A probe that answers what the test wants per URL. */
const outcome = new Map<string, { status: CheckStatus; reason: ReasonCode | null; daysLeft?: number; fingerprint?: string }>();
async function fakeProbe(o: ProbeOptions): Promise<ProbeResult> {
  const w = outcome.get(o.url) ?? { status: "up", reason: null };
  return {
    url: o.url,
    mode: o.mode ?? "transport",
    status: w.status,
    reason: w.reason,
    reasons: w.reason ? [w.reason] : [],
    warnings: [],
    phases: { dnsMs: 1, connectMs: 2, tlsMs: 5, firstByteMs: 10, totalMs: w.status === "down" ? 50 : 120 },
    tls: { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
    certificate: w.fingerprint
      ? { subject: "CN=gw.example", issuer: "CN=Test CA", notAfter: new Date(clock.getTime() + (w.daysLeft ?? 200) * 86_400_000).toISOString(), daysLeft: w.daysLeft ?? 200, ura: "87654321", fingerprint: w.fingerprint }
      : { subject: null, issuer: null, notAfter: null, daysLeft: null, ura: null, fingerprint: null },
    soap: { action: null, relatesTo: null, status: null, errors: [], fault: null, documentCount: null },
    httpStatus: w.status === "up" ? 200 : null,
    redirectLocation: null,
    limits: { timeoutMs: 5000, slowMs: 2000, maxBodyBytes: 1048576 },
    address: "192.0.2.1",
    expectedUra: o.expectedUra ?? null,
    detail: null,
    checkedAt: clock.toISOString(),
  };
}

const run = (ids: string[], extra: Partial<Parameters<typeof runChecks>[2]> = {}) =>
  runChecks(t.db, ids, { trigger: "schedule", now, config, settings, probe: fakeProbe, ...extra });
const health = async (id: string) => (await t.db.select().from(endpointHealth).where(eq(endpointHealth.endpointId, id)))[0];

async function addEndpoint(key: string, tx: "iti-38" | "iti-39" | "rad-75", env: "acceptance" | "production", windows: unknown[] = []) {
  const [row] = await t.db
    .insert(endpoints)
    .values({ institutionId, vendorCode: "enovation", environment: env, transaction: tx, url: `https://${key}.gw.example/xca`, homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.1", maintenanceWindows: windows as never })
    .returning();
  ep[key] = row.id;
}

before(async () => {
  t = await createTestDb();
  const [inst] = await t.db
    .insert(institutions)
    .values({ name: "Testziekenhuis Checker", kind: "hospital", ura: "87654321", city: "Utrecht", province: "Utrecht", vendorCode: "enovation" })
    .returning();
  institutionId = inst.id;
  await t.db.insert(institutionContacts).values([
    { institutionId, role: "technical", name: "T. Techniek", email: "techniek@checker.test" },
    { institutionId, role: "ciso", name: "S. Security", email: "ciso@checker.test" },
    { institutionId, role: "project_lead", name: "P. Lead", email: "lead@checker.test" },
  ]);
  await addEndpoint("a", "iti-38", "acceptance");
  await addEndpoint("b", "iti-39", "acceptance");
  await addEndpoint("c", "rad-75", "acceptance");
  // Production ITI-38 with a maintenance window every Monday 10:00-12:00 Amsterdam (09:00-11:00 UTC in March).
  await addEndpoint("m", "iti-38", "production", [{ kind: "weekly", day: 1, start: "10:00", end: "12:00" }]);
});
after(async () => {
  await t?.dispose();
});
beforeEach(() => outcome.clear());

const url = (k: string) => `https://${k}.gw.example/xca`;

describe("health transitions with thresholds", () => {
  test("first check decides; down after 3 failures; up after 2 successes; one transaction per result", async () => {
    const id = ep.a;
    let out = await run([id]);
    assert.equal(out.checks[0].health.status, "up");
    assert.equal((await health(id)).status, "up");

    const steps: Array<[CheckStatus, ReasonCode | null, string, number, number]> = [
      ["down", "tls_failed", "up", 1, 0],
      ["down", "tls_failed", "up", 2, 0],
      ["down", "tls_failed", "down", 3, 0],
      ["down", "tls_failed", "down", 4, 0],
      ["up", null, "down", 0, 1],
      ["down", "soap_fault", "down", 1, 0],
      ["up", null, "down", 0, 1],
      ["degraded", "slow", "degraded", 0, 2],
      ["up", null, "up", 0, 3],
    ];
    for (const [status, reason, expected, failures, successes] of steps) {
      advance(5);
      outcome.set(url("a"), { status, reason });
      out = await run([id]);
      const h = await health(id);
      assert.equal(h.status, expected, `after ${status}/${reason}`);
      assert.equal(h.consecutiveFailures, failures);
      assert.equal(h.consecutiveSuccesses, successes);
      assert.equal(h.lastResultId, out.checks[0].row!.id);
    }
    assert.equal(await countRows(t.db, `check_results where endpoint_id = '${id}'`), 10);
    // Three state changes after the first: up->down, down->degraded, degraded->up.
    const kinds = await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.endpointId, id));
    assert.equal(kinds.filter((k) => k.kind === "state_change").length, 3 * 2, "technical contact + CISO, never the project lead");
    assert.ok(kinds.every((k) => k.target !== "lead@checker.test"));
  });

  test("per-endpoint thresholds override the defaults", async () => {
    const id = ep.b;
    await run([id]);
    await t.db.update(endpointHealth).set({ downAfter: 1, upAfter: 1 }).where(eq(endpointHealth.endpointId, id));
    advance(5);
    outcome.set(url("b"), { status: "down", reason: "connect_refused" });
    outcome.set(url("c"), { status: "up", reason: null });
    await run([id, ep.c]); // c answers, so the guard does not blame the checker
    assert.equal((await health(id)).status, "down");
    advance(5);
    outcome.set(url("b"), { status: "up", reason: null });
    await run([id]);
    assert.equal((await health(id)).status, "up");
  });
});

describe("maintenance windows", () => {
  test("failures inside the window are recorded but do not move the state or count towards the threshold", async () => {
    const id = ep.m;
    clock = new Date("2030-03-04T08:30:00Z"); // Monday 09:30 Amsterdam: before the window
    await run([id]);
    assert.equal((await health(id)).status, "up");
    clock = new Date("2030-03-04T09:05:00Z"); // 10:05 Amsterdam: inside
    outcome.set(url("m"), { status: "down", reason: "http_status" });
    for (let i = 0; i < 5; i++) {
      const out = await run([id]);
      assert.equal(out.checks[0].suppressed, "maintenance");
      advance(5);
    }
    const h = await health(id);
    assert.equal(h.status, "up");
    assert.equal(h.consecutiveFailures, 0);
    assert.equal(await countRows(t.db, `notification_deliveries where endpoint_id = '${id}'`), 0);
    const [hour] = await t.db.select().from(checkRollupsHourly).where(sql`${checkRollupsHourly.endpointId} = ${id} and ${checkRollupsHourly.hour} = '2030-03-04T09:00:00Z'`);
    assert.equal(hour.excluded, 5);
    assert.equal(hour.down, 0);
    clock = new Date("2030-03-04T11:00:00Z"); // 12:00 Amsterdam: the window has ended (end exclusive)
    await run([id]);
    assert.equal((await health(id)).consecutiveFailures, 1);
  });
});

describe("self-check guard", () => {
  test("a sweep where everything fails at DNS/TCP marks the checker offline and flips nothing", async () => {
    clock = new Date("2030-03-05T10:00:00Z");
    for (const k of ["a", "b", "c"]) outcome.set(url(k), { status: "up", reason: null });
    await run([ep.a, ep.b, ep.c]);
    clock = new Date("2030-03-05T10:10:00Z"); // the earlier successes are outside the guard window
    for (let i = 0; i < 4; i++) {
      outcome.set(url("a"), { status: "down", reason: "dns_failed" });
      outcome.set(url("b"), { status: "down", reason: "connect_timeout" });
      outcome.set(url("c"), { status: "down", reason: "connect_refused" });
      const out = await run([ep.a, ep.b, ep.c]);
      assert.equal(out.checkerOffline, true);
      assert.ok(out.checks.every((c) => c.suppressed === "checker_offline"));
      advance(1);
    }
    for (const k of ["a", "b", "c"]) assert.equal((await health(ep[k])).status, "up", k);
    const [state] = await t.db.select().from(checkerState);
    assert.equal(state.status, "offline");

    // One endpoint answering again proves the network works: the checker is online, and the others count.
    outcome.set(url("a"), { status: "up", reason: null });
    const back = await run([ep.a, ep.b, ep.c]);
    assert.equal(back.checkerOffline, false);
    assert.equal((await t.db.select().from(checkerState))[0].status, "online");
    assert.equal((await health(ep.b)).consecutiveFailures, 1);
  });

  test("a single endpoint failing at the network layer is that endpoint's problem", async () => {
    clock = new Date("2030-03-06T10:00:00Z");
    outcome.set(url("c"), { status: "down", reason: "dns_failed" });
    const out = await run([ep.c]);
    assert.equal(out.checkerOffline, false);
    assert.equal(out.checks[0].suppressed, null);
  });
});

describe("rollups and retention", () => {
  test("hourly/daily rollups count per status with latency; retention drops old raw rows and keeps rollups", async () => {
    const [d] = await t.db.select().from(checkRollupsDaily).where(sql`${checkRollupsDaily.endpointId} = ${ep.a} and ${checkRollupsDaily.day} = '2030-03-04'`);
    assert.equal(d.up + d.degraded + d.down + d.excluded, 10);
    assert.equal(d.down, 5);
    assert.ok(d.totalMsMin !== null && d.totalMsMax !== null && d.totalMsMin <= d.totalMsMax);
    const before = await countRows(t.db, "check_results");
    const r = await runRetention(t.db, { now: new Date("2030-04-05T12:00:00Z"), rawRetentionDays: 30 });
    assert.ok(r.raw > 0);
    assert.equal(await countRows(t.db, "check_results"), before - r.raw);
    assert.equal(await countRows(t.db, "check_results where checked_at < '2030-03-06T12:00:00Z'"), 0);
    assert.ok((await countRows(t.db, "check_rollups_daily")) > 0);
    const r5 = await runRetention(t.db, { now: new Date("2035-03-05T00:00:00Z"), rawRetentionDays: 30 });
    assert.ok(r5.hourly > 0 && r5.daily > 0);
    assert.equal(await countRows(t.db, "check_rollups_daily where day < '2030-03-05'"), 0);
  });
});

describe("notifications", () => {
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: Array<{ to: string; subject: string; text: string }> = [];
  let receiver: http.Server;
  let receiverPort = 0;
  const hooks: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  let failNext = 0;

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, cb) {
        simpleParser(stream).then((m) => {
          mails.push({ to: (Array.isArray(m.to) ? m.to[0] : m.to)?.text ?? "", subject: m.subject ?? "", text: m.text ?? "" });
          cb();
        }, cb);
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
    smtpPort = (smtp.server.address() as { port: number }).port;
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (failNext > 0) {
          failNext--;
          res.statusCode = 503;
          return res.end();
        }
        hooks.push({ headers: req.headers, body });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    receiverPort = (receiver.address() as { port: number }).port;
    process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
    process.env.AUTH_SECRET ??= "integration-only-secret-0123456789-abcdef";
    resetEnvCache();
  });
  after(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await new Promise<void>((r) => receiver.close(() => r()));
    delete process.env.SMTP_URL;
    resetEnvCache();
  });

  test("a state change is mailed once per recipient and posted as a signed webhook, with retries", async () => {
    const secret = "webhook-secret-for-tests-0123456789";
    const hookSettings: RunnerSettings = { ...settings, downAfter: 1, webhooks: { urls: [`http://127.0.0.1:${receiverPort}/hook`], secret } };
    // Drain what earlier tests queued (no webhook target then), so this test sees its own.
    // eslint-disable-next-line drizzle/enforce-update-with-where -- this file's own database: every queued delivery
    await t.db.update(notificationDeliveries).set({ status: "sent" });
    clock = new Date("2030-03-07T10:00:00Z");
    outcome.set(url("c"), { status: "up", reason: null });
    outcome.set(url("a"), { status: "up", reason: null });
    await run([ep.c, ep.a], { settings: hookSettings });
    advance(5);
    outcome.set(url("c"), { status: "down", reason: "cert_expired" });
    await run([ep.c, ep.a], { settings: hookSettings });
    assert.equal((await health(ep.c)).status, "down");

    failNext = 1;
    const first = await deliverDueNotifications(t.db, { now, settings: hookSettings });
    assert.deepEqual(first, { sent: 2, failed: 0, retrying: 1 });
    // Delivering again at once sends nothing (the webhook waits for its backoff).
    assert.deepEqual(await deliverDueNotifications(t.db, { now, settings: hookSettings }), { sent: 0, failed: 0, retrying: 0 });
    advance(2);
    assert.deepEqual(await deliverDueNotifications(t.db, { now, settings: hookSettings }), { sent: 1, failed: 0, retrying: 0 });

    const mine = mails.filter((m) => m.subject.includes("RAD-75"));
    assert.deepEqual(mine.map((m) => m.to).sort(), ["ciso@checker.test", "techniek@checker.test"]);
    assert.match(mine[0].subject, /niet bereikbaar/);
    assert.match(mine[0].text, /certificaat/i);
    assert.match(mine[0].text, /\/registry\//);
    assert.equal(hooks.length, 1);
    const h = hooks[0];
    assert.ok(verifyWebhookSignature(secret, String(h.headers["x-duo-timestamp"]), h.body, String(h.headers["x-duo-signature"])));
    assert.equal(verifyWebhookSignature("another-secret-0123456789", String(h.headers["x-duo-timestamp"]), h.body, String(h.headers["x-duo-signature"])), false);
    assert.equal(JSON.parse(h.body).to, "down");
    const log = await t.db.select().from(notificationDeliveries).where(sql`${notificationDeliveries.channel} = 'webhook' and ${notificationDeliveries.endpointId} = ${ep.c}`);
    assert.equal(log.length, 1);
    assert.equal(log[0].attempts, 2);
    assert.equal(log[0].status, "sent");
  });

  test("certificate expiry is notified once per threshold (30/14/7), however often it is checked", async () => {
    const before = mails.length;
    clock = new Date("2030-03-08T10:00:00Z");
    for (const days of [40, 29, 28, 20, 13, 12, 6, 5]) {
      outcome.set(url("b"), { status: "degraded", reason: "cert_expiring", daysLeft: days, fingerprint: "AA:BB" });
      await run([ep.b]);
      advance(60);
    }
    const events = await t.db.select({ k: notificationDeliveries.eventKey, target: notificationDeliveries.target }).from(notificationDeliveries).where(sql`${notificationDeliveries.kind} = 'cert_expiry'`);
    assert.deepEqual([...new Set(events.map((e) => e.k.split(":").pop()))].sort(), ["14", "30", "7"]);
    assert.equal(events.length, 3 * 2, JSON.stringify(events));
    await deliverDueNotifications(t.db, { now });
    assert.equal(mails.slice(before).filter((m) => m.subject.includes("certificaat")).length, 6);
    assert.equal(await countRows(t.db, "endpoint_certificates where fingerprint = 'AA:BB'"), 1);
  });

  test("each recipient gets the mail in their own language; an address without a user gets Dutch", async () => {
    // The CISO contact has an English account; the technical contact has no account at all.
    const [user] = await t.db.insert(users).values({ email: "ciso@checker.test", name: "S. Security", locale: "en" }).returning();
    try {
      const before = mails.length;
      const quick: RunnerSettings = { ...settings, downAfter: 1 };
      await addEndpoint("lang", "iti-39", "production");
      clock = new Date("2030-03-12T10:00:00Z"); // a Tuesday: outside the Monday maintenance window
      await run([ep.lang], { settings: quick });
      advance(5);
      outcome.set(url("lang"), { status: "down", reason: "cert_expired" });
      await run([ep.lang], { settings: quick });
      advance(60);
      outcome.set(url("lang"), { status: "degraded", reason: "cert_expiring", daysLeft: 6, fingerprint: "CC:DD" });
      await run([ep.lang], { settings: quick });
      await deliverDueNotifications(t.db, { now });
      const mine = mails.slice(before).filter((m) => m.subject.includes("ITI-39"));
      const en = mine.filter((m) => m.to === "ciso@checker.test");
      const nl = mine.filter((m) => m.to === "techniek@checker.test");

      const enState = en.find((m) => m.subject.endsWith(": unreachable"));
      assert.equal(enState?.subject, "[DUO portal] Testziekenhuis Checker ITI-39 (production): unreachable");
      assert.match(enState!.text, /^New status: unreachable \(was: reachable\)\./);
      assert.match(enState!.text, /Certificate expired: The server certificate is not valid at this moment/);
      assert.match(enState!.text, /Details and history: .*\/registry\//);
      assert.match(enState!.text, /You receive this message as the technical contact or security officer/);
      const nlState = nl.find((m) => m.subject.endsWith(": niet bereikbaar"));
      assert.equal(nlState?.subject, "[DUO-portaal] Testziekenhuis Checker ITI-39 (productie): niet bereikbaar");
      assert.match(nlState!.text, /^Nieuwe status: niet bereikbaar \(was: bereikbaar\)\./);
      assert.match(nlState!.text, /Certificaat verlopen: Het servercertificaat is niet geldig op dit moment/);
      assert.match(nlState!.text, /Details en geschiedenis: .*\/registry\//);
      assert.match(nlState!.text, /U ontvangt dit bericht als technisch contactpersoon of security officer/);

      assert.equal(en.find((m) => m.subject.includes("certificate"))?.subject, "[DUO portal] Testziekenhuis Checker ITI-39 (production): certificate expires in 6 days");
      assert.match(en.find((m) => m.subject.includes("certificate"))!.text, /^The server certificate expires in 6 days \(.+\)\. Request a new UZI server certificate in time/);
      assert.equal(nl.find((m) => m.subject.includes("certificaat"))?.subject, "[DUO-portaal] Testziekenhuis Checker ITI-39 (productie): certificaat verloopt over 6 dagen");
      assert.match(nl.find((m) => m.subject.includes("certificaat"))!.text, /^Het servercertificaat verloopt over 6 dagen \(.+\)\. Vraag tijdig een nieuw UZI-servercertificaat aan/);
    } finally {
      await t.db.delete(users).where(eq(users.id, user.id));
    }
  });
});

describe("a real probe of the simulator", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ scenarios: ["expired"] });
  });
  after(async () => {
    await sim?.close();
  });
  test("records TLS, certificate and SOAP facts, and the inventory", async () => {
    const real = loadCheckerConfig(sim.env);
    await t.db.update(endpoints).set({ url: sim.url("ok", { path: "/xca/iti38" }) }).where(eq(endpoints.id, ep.a));
    await t.db.update(endpoints).set({ url: sim.url("expired") }).where(eq(endpoints.id, ep.b));
    const out = await runChecks(t.db, [ep.a, ep.b], { trigger: "user", config: { ...real, timeoutMs: 8000 }, settings });
    const a = out.checks.find((c) => c.endpointId === ep.a)!;
    const b = out.checks.find((c) => c.endpointId === ep.b)!;
    assert.equal(a.row!.status, "up", `${a.row!.reason} ${a.row!.detail}`);
    assert.ok(a.row!.tlsProtocol);
    assert.ok(a.row!.certificateId);
    assert.equal(b.row!.reason, "cert_expired");
    const certs = await t.db.select().from(endpointCertificates).where(eq(endpointCertificates.endpointId, ep.a));
    assert.equal(certs.length, 1);
    assert.equal(certs[0].ura, "87654321");
    assert.ok(await countRows(t.db, "check_results where trigger = 'user'") >= 2);
    void checkResults;
  });
});

describe("compact raw record (issue 15 §3)", () => {
  test("routine checks live only as packed samples; failures, changes and the first check of an hour keep a full row", async () => {
    await t.db.update(endpoints).set({ status: "off" }).where(eq(endpoints.id, ep.a)); // one active ITI-38 per environment
    await addEndpoint("s", "iti-38", "acceptance");
    clock = new Date("2030-06-03T08:00:00Z");
    const plan: Array<[CheckStatus, ReasonCode | null]> = [
      ["up", null], // first ever: full
      ["up", null],
      ["up", null],
      ["degraded", "partial_success"], // changed: full
      ["degraded", "partial_success"],
      ["down", "http_status"], // failure: full
      ["down", "http_status"], // failure: full
      ["up", null], // changed: full
      ["up", null],
    ];
    for (const [status, reason] of plan) {
      outcome.set(url("s"), { status, reason });
      await run([ep.s]);
      advance(1);
    }
    advance(60); // the next hour: its first check is full again
    outcome.set(url("s"), { status: "up", reason: null });
    await run([ep.s]);
    const rows = await t.db.execute<{ status: string }>(sql`select status from check_results where endpoint_id = ${ep.s} order by checked_at`);
    const statuses = ((Array.isArray(rows) ? rows : (rows as { rows: { status: string }[] }).rows) as { status: string }[]).map((r) => r.status);
    assert.deepEqual(statuses, ["up", "degraded", "down", "down", "up", "up"]);
    const hours = await t.db.select().from(checkRollupsHourly).where(eq(checkRollupsHourly.endpointId, ep.s)).orderBy(checkRollupsHourly.hour);
    assert.equal(hours.length, 2);
    const first = unpackSamples(hours[0].hour, hours[0].samples);
    assert.deepEqual(
      first.map((s) => [s.status, s.full]),
      plan.map(([status], i) => [status, [0, 3, 5, 6, 7].includes(i)]),
    );
    assert.equal(first[0].at.toISOString(), "2030-06-03T08:00:00.000Z");
    assert.equal(hours[0].up + hours[0].degraded + hours[0].down, 9);
    // The health row still knows the last check, stored in full or not.
    const h = await health(ep.s);
    assert.equal(h.lastCheckedAt?.toISOString(), "2030-06-03T09:09:00.000Z");
    // Retention keeps the counts and drops the samples after the raw window.
    await runRetention(t.db, { now: new Date("2030-07-10T00:00:00Z"), rawRetentionDays: 30 });
    const [kept] = await t.db.select().from(checkRollupsHourly).where(eq(checkRollupsHourly.endpointId, ep.s)).orderBy(checkRollupsHourly.hour).limit(1);
    assert.equal(kept.samples, null);
    assert.equal(kept.up + kept.degraded + kept.down, 9);
    await t.db.update(endpoints).set({ status: "off" }).where(eq(endpoints.id, ep.s));
    await t.db.update(endpoints).set({ status: "active" }).where(eq(endpoints.id, ep.a));
  });
});

describe("schedule slots: each endpoint × slot is recorded once (issue 21 §5)", () => {
  const checksOf = async (id: string) =>
    Number(
      (
        await t.db
          .select({ n: sql<number>`coalesce(sum(${checkRollupsHourly.up} + ${checkRollupsHourly.degraded} + ${checkRollupsHourly.down} + ${checkRollupsHourly.excluded}), 0)::int` })
          .from(checkRollupsHourly)
          .where(eq(checkRollupsHourly.endpointId, id))
      )[0].n,
    );

  test("a retried job of a slot already recorded (a killed worker's) neither probes nor records; a later slot does", async () => {
    await addEndpoint("slot", "rad-75", "production");
    clock = new Date("2030-09-02T08:00:00Z");
    const probed: string[] = [];
    const probe = (o: ProbeOptions) => (probed.push(o.url), fakeProbe(o));
    const slots = (slot: number) => new Map([[ep.slot, slot]]);

    assert.equal((await run([ep.slot], { slots: slots(7), probe })).checks.length, 1);
    assert.equal((await health(ep.slot)).checkedSlot, 7);
    advance(1);
    // The same job again (expired and retried after its first taker recorded it): nothing happens.
    assert.equal((await run([ep.slot], { slots: slots(7), probe })).checks.length, 0);
    assert.equal(probed.length, 1);
    assert.equal(await checksOf(ep.slot), 1);
    // The next slot is checked; a late retry of an older one is not.
    assert.equal((await run([ep.slot], { slots: slots(8), probe })).checks.length, 1);
    advance(1);
    assert.equal((await run([ep.slot], { slots: slots(7), probe })).checks.length, 0);
    assert.equal(await checksOf(ep.slot), 2);
    assert.equal((await health(ep.slot)).checkedSlot, 8);
    // Checks without a slot (a person's "check now") are not limited by it.
    assert.equal((await run([ep.slot], { trigger: "user" })).checks.length, 1);
    assert.equal(await checksOf(ep.slot), 3);
  });

  test("two processes that probed the same slot at once record it once: the health row's lock decides", async () => {
    advance(1);
    const both = await Promise.all([run([ep.slot], { slots: new Map([[ep.slot, 9]]) }), run([ep.slot], { slots: new Map([[ep.slot, 9]]) })]);
    assert.deepEqual(both.map((o) => o.checks.length).sort(), [0, 1]);
    assert.equal(await checksOf(ep.slot), 4);
    assert.equal((await health(ep.slot)).checkedSlot, 9);
    await t.db.update(endpoints).set({ status: "off" }).where(eq(endpoints.id, ep.slot));
  });
});
