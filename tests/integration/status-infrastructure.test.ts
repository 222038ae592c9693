/**
 * The checker's automatic infrastructure states reach status-page subscribers (issue 16 §2): the
 * first look only records the states; a change is mailed once to the confirmed subscribers of that
 * infrastructure (not to unconfirmed ones or those of another), and not again while it lasts; a
 * webhook subscriber (real HTTP receiver) gets its confirmation link and the posts, signed.
 */
import http from "node:http";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq, like } from "drizzle-orm";
import { endpointHealth, endpoints, notificationDeliveries, statusInfrastructureStates, statusSubscriptions } from "@/db/schema";
import { stateChangeIsNews } from "@/lib/domain/status";
import { resetEnvCache } from "@/lib/env";
import { deliverDueNotifications, verifyWebhookSignature } from "@/lib/checker/notify";
import { notifyInfrastructureChanges } from "@/lib/status/service";
import { confirmSubscription, subscribe } from "@/lib/status/subscriptions";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
const baseUrl = "https://portaal.example";

const hooks: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
let receiver: http.Server;
let hookUrl = "";

before(async () => {
  process.env.AUTH_SECRET ??= "integration-only-secret-0123456789-abcdef";
  process.env.CHECKER_ALLOW_TARGETS = "127.0.0.1/32";
  resetEnvCache();
  t = await createTestDb({ from: "seeded" });
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hooks.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/status-hook`;
});
after(async () => {
  await new Promise<void>((r) => receiver.close(() => r()));
  delete process.env.CHECKER_ALLOW_TARGETS;
  resetEnvCache();
  await t.dispose();
});

test("news: a real change between known states while the checker is online", () => {
  const cases: Array<[Parameters<typeof stateChangeIsNews>, boolean]> = [
    [[null, "storing", false], false],
    [["operationeel", "operationeel", false], false],
    [["operationeel", "storing", false], true],
    [["storing", "operationeel", false], true],
    [["onbekend", "operationeel", false], false],
    [["operationeel", "onbekend", false], false],
    [["operationeel", "storing", true], false],
  ];
  for (const [args, want] of cases) assert.equal(stateChangeIsNews(...args), want, JSON.stringify(args));
});

test("a change of an infrastructure's automatic state is mailed once to its confirmed subscribers", async () => {
  const now = new Date();
  // Every Enovation gateway checked and up: the infrastructure is "operationeel".
  const gateways = await t.db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.vendorCode, "enovation"));
  for (const g of gateways) await t.db.insert(endpointHealth).values({ endpointId: g.id, status: "up", since: now }).onConflictDoUpdate({ target: endpointHealth.endpointId, set: { status: "up", since: now } });
  assert.deepEqual(await notifyInfrastructureChanges(t.db, { now, baseUrl }), [], "the first look only records");
  const [current] = await t.db.select().from(statusInfrastructureStates).where(eq(statusInfrastructureStates.vendorCode, "enovation"));
  assert.ok(current, "a state is recorded per infrastructure");
  if (current.state === "onbekend") return assert.fail("the seed checks Enovation's gateways; its state should be known");
  const [sub] = await t.db.insert(statusSubscriptions).values({ channel: "email", target: "noc@infra.test", vendorCodes: ["enovation"], locale: "nl", createdAt: now, confirmedAt: now }).returning();
  await t.db.insert(statusSubscriptions).values({ channel: "email", target: "unconfirmed@infra.test", vendorCodes: ["enovation"], locale: "nl", createdAt: now });
  await t.db.insert(statusSubscriptions).values({ channel: "email", target: "other@infra.test", vendorCodes: ["founda"], locale: "en", createdAt: now, confirmedAt: now });
  // Pretend it was something else last time.
  const earlier = current.state === "storing" ? "operationeel" : "storing";
  await t.db.update(statusInfrastructureStates).set({ state: earlier }).where(eq(statusInfrastructureStates.vendorCode, "enovation"));
  const later = new Date(now.getTime() + 60_000);
  assert.deepEqual(await notifyInfrastructureChanges(t.db, { now: later, baseUrl }), ["enovation"]);
  const mails = await t.db.select().from(notificationDeliveries).where(and(eq(notificationDeliveries.kind, "status"), like(notificationDeliveries.eventKey, "status:infrastructure:%")));
  assert.deepEqual(mails.map((m) => m.target), ["noc@infra.test"]);
  assert.match(String(mails[0].payload.subject), /^\[Enovation\] Status: /);
  assert.match(String(mails[0].payload.text), new RegExp(`/status/subscriptions/${sub.id}/unsubscribe\\?t=`));
  assert.match(String(mails[0].payload.text), /was: (Storing|Operationeel)/);
  // Nothing new while it lasts.
  assert.deepEqual(await notifyInfrastructureChanges(t.db, { now: new Date(later.getTime() + 60_000), baseUrl }), []);
});

test("a webhook subscriber gets the confirmation link and, once confirmed, the status posts, signed with its own secret", async () => {
  const now = new Date();
  await assert.rejects(subscribe(t.db, { values: { channel: "webhook", url: "http://10.0.0.8/hook", vendorCodes: ["enovation"] }, locale: "nl", ip: "203.0.113.9", now, baseUrl }), /alerts.v.webhook_blocked_address/);
  const { id, secret } = await subscribe(t.db, { values: { channel: "webhook", url: hookUrl, vendorCodes: ["enovation"] }, locale: "en", ip: "203.0.113.9", now, baseUrl });
  assert.match(String(secret), /^whsec_/);
  const [row] = await t.db.select().from(statusSubscriptions).where(eq(statusSubscriptions.id, id));
  assert.ok(row.secret && !row.secret.includes(secret!), "only a sealed secret is stored");
  await deliverDueNotifications(t.db, { now: () => now, sendMail: async () => {} });
  const confirm = hooks.find((h) => JSON.parse(h.body).event === "status.subscription_confirm")!;
  assert.ok(confirm, "the confirmation is posted to the webhook");
  assert.ok(verifyWebhookSignature(secret!, String(confirm.headers["x-duo-timestamp"]), confirm.body, String(confirm.headers["x-duo-signature"])));
  const url = new URL(JSON.parse(confirm.body).confirmUrl);
  await confirmSubscription(t.db, { id, token: url.searchParams.get("t")!, now });

  // A state change of Enovation now reaches the webhook too, in Dutch.
  const [current] = await t.db.select().from(statusInfrastructureStates).where(eq(statusInfrastructureStates.vendorCode, "enovation"));
  await t.db.update(statusInfrastructureStates).set({ state: current.state === "storing" ? "operationeel" : "storing" }).where(eq(statusInfrastructureStates.vendorCode, "enovation"));
  const later = new Date(now.getTime() + 5 * 60_000);
  assert.deepEqual(await notifyInfrastructureChanges(t.db, { now: later, baseUrl }), ["enovation"]);
  await deliverDueNotifications(t.db, { now: () => later, sendMail: async () => {} });
  const post = hooks.find((h) => JSON.parse(h.body).event === "status.state_changed")!;
  assert.ok(post, "the state change is posted");
  assert.ok(verifyWebhookSignature(secret!, String(post.headers["x-duo-timestamp"]), post.body, String(post.headers["x-duo-signature"])));
  assert.match(JSON.parse(post.body).subject, /^\[Enovation\] Status: /);
  assert.equal(JSON.parse(post.body).vendorCode, "enovation");
});
