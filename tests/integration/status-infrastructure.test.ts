/**
 * The checker's automatic infrastructure states reach status-page subscribers (issue 16 §2): the
 * first look only records the states; a change is mailed once to the confirmed subscribers of that
 * infrastructure (not to unconfirmed ones or those of another), and not again while it lasts.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq, like } from "drizzle-orm";
import { endpointHealth, endpoints, notificationDeliveries, statusInfrastructureStates, statusSubscriptions } from "@/db/schema";
import { stateChangeIsNews } from "@/lib/domain/status";
import { resetEnvCache } from "@/lib/env";
import { notifyInfrastructureChanges } from "@/lib/status/service";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
const baseUrl = "https://portaal.example";

before(async () => {
  process.env.AUTH_SECRET ??= "integration-only-secret-0123456789-abcdef";
  resetEnvCache();
  t = await createTestDb({ from: "seeded" });
});
after(() => t.dispose());

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
