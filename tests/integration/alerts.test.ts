/**
 * Alert rules (issue 16 §3) on a real database: who may manage which rules, the routing of checker
 * events to the rules that match (deliveries recorded in the outbox with the rule), a rule webhook
 * signed with its own secret (real HTTP receiver), "send a test", the SSRF guard and a retry by hand.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { and, eq, sql } from "drizzle-orm";
import { alertRules, auditEvents, endpoints, notificationDeliveries, type Endpoint } from "@/db/schema";
import type { Actor } from "@/lib/auth/policy";
import { auditActor } from "@/lib/auth/session";
import { listAlertRules, listDeliveries } from "@/lib/alerts/queries";
import { alertReach } from "@/lib/alerts/reach";
import { createAlertRule, deleteAlertRule, retryDelivery, sendTestAlert, updateAlertRule } from "@/lib/alerts/service";
import { vetWebhookUrl } from "@/lib/alerts/webhook-target";
import { parseAllowList } from "@/lib/checker/target-safety";
import { deliverDueNotifications, enqueueRuleEvent, enqueueStateNotifications, MAX_ATTEMPTS, verifyWebhookSignature } from "@/lib/checker/notify";
import type { ProbeResult } from "@/lib/checker/probe";
import { loadRunnerSettings } from "@/lib/checker/settings";
import { resetEnvCache } from "@/lib/env";
import { alertRuleSchema, type AlertRuleInput } from "@/lib/validation/alerts";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { signedInActor } from "@/tests/helpers/sessions";
import { demoInstitutionIds } from "@/tests/helpers/seeded";

let t: TestDb;
let admin: Actor;
let vendor: Actor;
let editor: Actor;
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
let endpoint: Endpoint;
const settings = { ...loadRunnerSettings({}), webhooks: { urls: [], secret: null } };
let clock = new Date("2030-05-06T10:00:00Z");
const now = () => clock;

const hooks: Array<{ headers: http.IncomingHttpHeaders; body: string; path: string }> = [];
let failing = false;
let receiver: http.Server;
let hookBase = "";

const ctx = (actor: Actor) => ({ actor, auditActor: auditActor(actor), now: clock });
const values = (over: Partial<AlertRuleInput>) => alertRuleSchema.parse({ name: "Regel", scope: "vendor", vendorCode: "enovation", events: ["down", "recovered"], emails: "noc@alerts.test", ...over });

function probeResult(status: "up" | "down"): ProbeResult {
  return {
    url: endpoint.url,
    mode: "transport",
    status,
    reason: status === "down" ? "connect_refused" : null,
    reasons: status === "down" ? ["connect_refused"] : [],
    warnings: [],
    phases: { dnsMs: 1, connectMs: 2, tlsMs: 5, firstByteMs: 10, totalMs: 50 },
    tls: { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
    certificate: { subject: null, issuer: null, notAfter: null, daysLeft: null, ura: null, fingerprint: null },
    soap: { action: null, relatesTo: null, status: null, errors: [], fault: null, documentCount: null },
    httpStatus: null,
    redirectLocation: null,
    limits: { timeoutMs: 5000, slowMs: 2000, maxBodyBytes: 1048576 },
    address: "192.0.2.1",
    expectedUra: null,
    detail: null,
    checkedAt: clock.toISOString(),
  };
}

async function stateChange(from: "up" | "down", to: "up" | "down", resultId: number) {
  await t.db.transaction((tx) => enqueueStateNotifications(tx, { endpoint, from, to, result: probeResult(to), resultId, at: clock }, settings));
}

const deliveriesOf = (ruleId: string) => t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.ruleId, ruleId));

before(async () => {
  process.env.AUTH_SECRET ??= "integration-only-secret-0123456789-abcdef";
  process.env.CHECKER_ALLOW_TARGETS = "127.0.0.1/32";
  resetEnvCache();
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  admin = await signedInActor(t.db, "admin@duo-demo.test");
  vendor = await signedInActor(t.db, "leverancier@duo-demo.test");
  editor = await signedInActor(t.db, "projectleider@duo-demo.test");
  [endpoint] = await t.db.select().from(endpoints).where(and(eq(endpoints.vendorCode, "enovation"), eq(endpoints.institutionId, ids.enovation2))).limit(1);
  assert.ok(endpoint, "the seed has an Enovation gateway");
  // Only this file's deliveries count below.
  // eslint-disable-next-line drizzle/enforce-update-with-where -- this file's own database: everything the seed queued
  await t.db.update(notificationDeliveries).set({ status: "sent" });
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failing) {
        res.writeHead(503).end();
        return;
      }
      hooks.push({ headers: req.headers, body, path: req.url ?? "" });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  hookBase = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
});

after(async () => {
  await new Promise<void>((r) => receiver.close(() => r()));
  delete process.env.CHECKER_ALLOW_TARGETS;
  resetEnvCache();
  await t.dispose();
});

describe("who may manage which rules", () => {
  test("a vendor editor manages its own vendor's rules only; programme rules are the admins'", async () => {
    const { row } = await createAlertRule(t.db, { ...ctx(vendor), values: values({ name: "Enovation NOC" }) });
    assert.equal(row.scope, "vendor");
    await assert.rejects(createAlertRule(t.db, { ...ctx(vendor), values: values({ vendorCode: "founda" }) }), /alerts.errors.out_of_scope/);
    await assert.rejects(createAlertRule(t.db, { ...ctx(vendor), values: values({ scope: "programme" }) }), /alerts.errors.out_of_scope/);
    await assert.rejects(createAlertRule(t.db, { ...ctx(editor), values: values({ scope: "institution", institutionId: ids.other }) }), /alerts.errors.out_of_scope/);
    const own = await createAlertRule(t.db, { ...ctx(editor), values: values({ name: "Eigen instelling", scope: "institution", institutionId: ids.home }) });
    // The editor does not see the vendor's rule, nor may change it ("not found").
    assert.deepEqual((await listAlertRules(t.db, alertReach(editor))).map((r) => r.id), [own.row.id]);
    await assert.rejects(updateAlertRule(t.db, { ...ctx(editor), id: row.id, values: values({ scope: "institution", institutionId: ids.home }) }), (e: Error & { code?: string }) => e.code === "not_found" || e.code === "forbidden");
    await assert.rejects(deleteAlertRule(t.db, { ...ctx(editor), id: row.id }), (e: Error & { code?: string }) => e.code === "not_found");
    assert.ok((await listAlertRules(t.db, alertReach(admin))).length >= 2);
    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "alert_rule.create"), eq(auditEvents.entityId, row.id)));
    assert.equal(audits.length, 1);
    // Clean up so the routing tests below start from their own rules.
    await deleteAlertRule(t.db, { ...ctx(vendor), id: row.id });
    await deleteAlertRule(t.db, { ...ctx(editor), id: own.row.id });
  });

  test("recipients: only users of the rule's own scope", async () => {
    await assert.rejects(createAlertRule(t.db, { ...ctx(vendor), values: values({ userIds: [editor.userId] }) }), /alerts.v.user_invalid/);
    const { row } = await createAlertRule(t.db, { ...ctx(vendor), values: values({ name: "Met gebruiker", userIds: [vendor.userId] }) });
    assert.deepEqual(row.userIds, [vendor.userId]);
    await deleteAlertRule(t.db, { ...ctx(vendor), id: row.id });
  });
});

describe("the SSRF guard for webhook URLs", () => {
  const allow = parseAllowList("127.0.0.1/32");
  const resolve = (map: Record<string, string[]>) => async (h: string) => map[h] ?? [];
  const cases: Array<[string, string, string | null]> = [
    ["public https", "https://hooks.example/x", null],
    ["plain http to a public address", "http://hooks.example/x", "https_required"],
    ["a private address", "https://intern.example/x", "blocked_address"],
    ["cloud metadata", "http://169.254.169.254/latest", "blocked_address"],
    ["loopback, allow-listed", "http://127.0.0.1:9/hook", null],
    ["loopback not on the list", "http://127.0.0.2/hook", "blocked_address"],
    ["credentials in the URL", "https://user:pw@hooks.example/x", "invalid_url"],
    ["a name that does not resolve", "https://nowhere.example/x", "unresolvable"],
  ];
  for (const [name, url, want] of cases) {
    test(name, async () => assert.equal(await vetWebhookUrl(url, { allow, resolve: resolve({ "hooks.example": ["93.184.216.34"], "intern.example": ["10.1.2.3"] }) }), want));
  }
  test("a rule with a blocked webhook is refused with a Dutch message key", async () => {
    await assert.rejects(createAlertRule(t.db, { ...ctx(vendor), values: values({ webhooks: [{ url: "http://10.0.0.1/hook", format: "signed_json" }] }) }), /alerts.v.webhook_blocked_address/);
  });
});

describe("routing of checker events to rules", () => {
  test("deliveries are recorded per matching rule; rules of another vendor, institution or event are not", async () => {
    const vendorRule = (await createAlertRule(t.db, { ...ctx(vendor), values: values({ name: "Enovation storingen", emails: "noc@alerts.test" }) })).row;
    const otherVendor = (await createAlertRule(t.db, { ...ctx(admin), values: values({ name: "Founda", vendorCode: "founda", emails: "founda@alerts.test" }) })).row;
    const instRule = (await createAlertRule(t.db, { ...ctx(admin), values: values({ name: "Instelling", scope: "institution", institutionId: endpoint.institutionId, events: ["recovered"], emails: "inst@alerts.test" }) })).row;
    const programme = (await createAlertRule(t.db, { ...ctx(admin), values: values({ name: "Programma", scope: "programme", events: ["down"], emails: "programma@alerts.test" }) })).row;
    const off = (await createAlertRule(t.db, { ...ctx(admin), values: values({ name: "Uit", scope: "programme", events: ["down"], emails: "uit@alerts.test", enabled: false }) })).row;

    await stateChange("up", "down", 900001);
    assert.deepEqual((await deliveriesOf(vendorRule.id)).map((d) => [d.target, d.kind, d.channel]), [["noc@alerts.test", "state_change", "email"]]);
    assert.equal((await deliveriesOf(otherVendor.id)).length, 0);
    assert.equal((await deliveriesOf(instRule.id)).length, 0, "the institution rule wants recoveries only");
    assert.equal((await deliveriesOf(programme.id)).length, 1);
    assert.equal((await deliveriesOf(off.id)).length, 0);
    // The same event again adds nothing (dedup per event × rule × recipient).
    await stateChange("up", "down", 900001);
    assert.equal((await deliveriesOf(vendorRule.id)).length, 1);

    await stateChange("down", "up", 900002);
    assert.equal((await deliveriesOf(instRule.id)).length, 1);
    assert.equal((await deliveriesOf(vendorRule.id)).length, 2);

    // The log: the vendor editor sees its rule's deliveries, per rule and per endpoint.
    const log = await listDeliveries(t.db, alertReach(vendor), { endpointId: endpoint.id });
    assert.ok(log.every((d) => d.ruleId === vendorRule.id));
    assert.equal(log.length, 2);
    for (const r of [vendorRule, otherVendor, instRule, programme, off]) await deleteAlertRule(t.db, { ...ctx(admin), id: r.id });
  });

  test("degraded fires once per degraded period, after the rule's minutes", async () => {
    const r15 = (await createAlertRule(t.db, { ...ctx(vendor), values: values({ name: "15 min", events: ["degraded"], degradedMinutes: 15 }) })).row;
    const r60 = (await createAlertRule(t.db, { ...ctx(vendor), values: values({ name: "60 min", events: ["degraded"], degradedMinutes: 60, emails: "later@alerts.test" }) })).row;
    const since = new Date(clock.getTime() - 20 * 60_000);
    for (let i = 0; i < 3; i++) await t.db.transaction((tx) => enqueueRuleEvent(tx, { event: "degraded", endpoint, since, at: clock }));
    assert.equal((await deliveriesOf(r15.id)).length, 1);
    assert.equal((await deliveriesOf(r60.id)).length, 0);
    await t.db.transaction((tx) => enqueueRuleEvent(tx, { event: "degraded", endpoint, since, at: new Date(since.getTime() + 61 * 60_000) }));
    assert.equal((await deliveriesOf(r60.id)).length, 1);
    for (const r of [r15, r60]) await deleteAlertRule(t.db, { ...ctx(vendor), id: r.id });
  });
});

describe("a rule webhook", () => {
  test("receives a body signed with the rule's own secret, in the rule's format; a test reaches every recipient; a failed delivery is retried by hand", async () => {
    const { row, secrets } = await createAlertRule(t.db, {
      ...ctx(vendor),
      values: values({ name: "Webhooks", emails: "", webhooks: [{ url: `${hookBase}/json`, format: "signed_json" }, { url: `${hookBase}/slack`, format: "slack" }] }),
    });
    assert.equal(secrets.length, 2);
    assert.ok(secrets.every((s) => s.secret.startsWith("whsec_")));
    const stored = (await t.db.select().from(alertRules).where(eq(alertRules.id, row.id)))[0];
    assert.ok(stored.webhooks.every((w) => !JSON.stringify(w).includes(secrets[0].secret) && !JSON.stringify(w).includes(secrets[1].secret)), "only sealed secrets are stored");

    await stateChange("up", "down", 900010);
    await deliverDueNotifications(t.db, { now, settings, sendMail: async () => {} });
    assert.equal(hooks.length, 2);
    const json = hooks.find((h) => h.path === "/json")!;
    const secretOf = (url: string) => secrets.find((s) => s.url === url)!.secret;
    assert.ok(verifyWebhookSignature(secretOf(`${hookBase}/json`), String(json.headers["x-duo-timestamp"]), json.body, String(json.headers["x-duo-signature"])));
    assert.equal(verifyWebhookSignature(secretOf(`${hookBase}/slack`), String(json.headers["x-duo-timestamp"]), json.body, String(json.headers["x-duo-signature"])), false, "each webhook has its own secret");
    const body = JSON.parse(json.body);
    assert.equal(body.event, "endpoint.state_changed");
    assert.equal(body.to, "down");
    assert.equal(body.ruleId, row.id);
    assert.equal(body.webhookId, undefined);
    const slack = JSON.parse(hooks.find((h) => h.path === "/slack")!.body);
    assert.match(slack.text, /^\*\[.*niet bereikbaar\*/);

    // Changing the rule keeps the secrets of the webhooks it keeps.
    const again = await updateAlertRule(t.db, { ...ctx(vendor), id: row.id, values: values({ name: "Webhooks", emails: "", webhooks: stored.webhooks.map((w) => ({ id: w.id, url: w.url, format: w.format })) }) });
    assert.equal(again.secrets.length, 0);

    // "Test versturen": one test per recipient, recorded with the rule.
    hooks.length = 0;
    failing = true;
    clock = new Date(clock.getTime() + 60_000);
    assert.deepEqual(await sendTestAlert(t.db, { ...ctx(vendor), id: row.id }), { queued: 2 });
    const tests = (await deliveriesOf(row.id)).filter((d) => d.kind === "alert_test");
    assert.equal(tests.length, 2);
    // Fail until the last attempt.
    const testId = tests.find((d) => d.target.endsWith("/json"))!.id;
    await t.db.update(notificationDeliveries).set({ attempts: MAX_ATTEMPTS - 1 }).where(eq(notificationDeliveries.id, testId));
    await deliverDueNotifications(t.db, { now, settings, sendMail: async () => {} });
    const [failed] = await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, testId));
    assert.equal(failed.status, "failed");
    assert.equal(failed.lastError, "HTTP 503");

    // Someone outside the rule's reach cannot retry it; the vendor editor can.
    await assert.rejects(retryDelivery(t.db, { ...ctx(editor), id: testId }), (e: Error & { code?: string }) => e.code === "not_found");
    failing = false;
    await retryDelivery(t.db, { ...ctx(vendor), id: testId });
    await assert.rejects(retryDelivery(t.db, { ...ctx(vendor), id: testId }), /alerts.errors.not_failed/);
    await deliverDueNotifications(t.db, { now, settings, sendMail: async () => {} });
    const [sent] = await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, testId));
    assert.equal(sent.status, "sent");
    assert.equal(sent.attempts, MAX_ATTEMPTS + 1, "the retry by hand is one more attempt");
    const test = hooks.find((h) => h.path === "/json")!;
    assert.equal(JSON.parse(test.body).event, "alert.test");
    assert.ok(verifyWebhookSignature(secretOf(`${hookBase}/json`), String(test.headers["x-duo-timestamp"]), test.body, String(test.headers["x-duo-signature"])));
    const retries = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(and(eq(auditEvents.action, "notification_delivery.retry"), eq(auditEvents.entityId, String(testId))));
    assert.equal(retries[0].n, 1);
  });
});
