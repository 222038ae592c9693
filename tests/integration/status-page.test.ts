import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq, inArray } from "drizzle-orm";
import { checkRollupsDaily, endpointHealth, endpoints, statusIncidents, statusIncidentUpdates, statusMaintenance } from "@/db/schema";
import { getReadinessAggregates } from "@/lib/dashboard/queries";
import { summarizeAggregates } from "@/lib/dashboard/model";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { statusAtom, statusJson } from "@/lib/status/publish";
import { loadIncidents, loadStatusModel, STATUS_DAYS } from "@/lib/status/queries";
import { SaxesParser } from "saxes";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
const NOW = new Date();

before(async () => {
  t = await createTestDb({ from: "seeded" });
});
after(async () => t?.dispose());

async function productionOf(vendor: string) {
  return t.db
    .select({ id: endpoints.id, central: endpoints.central })
    .from(endpoints)
    .where(and(eq(endpoints.vendorCode, vendor), eq(endpoints.environment, "production"), eq(endpoints.status, "active")));
}

async function setHealth(ids: readonly string[], status: "up" | "down" | "degraded") {
  for (const id of ids) {
    await t.db.insert(endpointHealth).values({ endpointId: id, status, since: NOW }).onConflictDoUpdate({ target: endpointHealth.endpointId, set: { status, since: NOW } });
  }
}

test("the seed marks central gateways for every vendor", async () => {
  for (const v of ["enovation", "founda", "alphatron"]) {
    const rows = await productionOf(v);
    assert.equal(rows.filter((r) => r.central).length, 2, v);
  }
});

test("aggregation from data: one gateway down, a share down, a central component down, maintenance", async () => {
  const rows = await productionOf("alphatron");
  const central = rows.filter((r) => r.central).map((r) => r.id);
  const gateways = rows.filter((r) => !r.central).map((r) => r.id);
  assert.ok(gateways.length >= 5, "enough demo gateways");
  // The seeded weekly Sunday-night window would make every state below "onderhoud" when the
  // suite runs in that window: Alphatron's gateways get none here (the window itself is checked
  // on Enovation's central gateways at the end).
  await t.db.update(endpoints).set({ maintenanceWindows: [] }).where(inArray(endpoints.id, [...central, ...gateways]));
  await setHealth([...central, ...gateways], "up");
  const state = async (percent = 20) => (await loadStatusModel(t.db, NOW, { outagePercent: percent })).infrastructures.find((i) => i.code === "alphatron")!;

  let inf = await state();
  assert.equal(inf.status.state, "operationeel");
  assert.deepEqual(inf.gateways, { up: gateways.length, degraded: 0, down: 0, unknown: 0 });
  assert.equal(inf.central.total, 2);

  await setHealth([gateways[0]], "down");
  inf = await state();
  assert.equal(inf.status.state, "verminderd");
  assert.equal(inf.status.down, 1);

  const quarter = Math.ceil(gateways.length / 4) + 1;
  await setHealth(gateways.slice(0, quarter), "down");
  assert.equal((await state()).status.state, "storing");
  assert.equal((await state()).status.reason, "share_down");
  assert.equal((await state(99)).status.state, "verminderd", "the threshold is a setting");

  await setHealth(gateways, "up");
  await setHealth([central[0]], "down");
  assert.equal((await state()).status.reason, "central_down");

  await setHealth([central[0]], "up");
  const [m] = await t.db
    .insert(statusMaintenance)
    .values({ vendorCode: "alphatron", title: "Upgrade", startsAt: new Date(NOW.getTime() - 60_000), endsAt: new Date(NOW.getTime() + 3_600_000), createdAt: NOW })
    .returning();
  inf = await state();
  assert.equal(inf.status.state, "onderhoud");
  const model = await loadStatusModel(t.db, NOW);
  assert.ok(model.maintenance.some((x) => x.id === m.id && x.kind === "announced"));
  // The seeded central gateways have a weekly Sunday window: it appears by itself within a week.
  assert.ok(model.maintenance.some((x) => x.kind === "window" && x.vendorCode === "enovation"));
  await t.db.update(statusMaintenance).set({ cancelledAt: NOW }).where(eq(statusMaintenance.id, m.id));
});

test("90 daily bars from the daily rollups; live as on the dashboard", async () => {
  const rows = await productionOf("founda");
  const today = toAmsterdamDate(NOW);
  await t.db.delete(checkRollupsDaily).where(eq(checkRollupsDaily.day, today));
  await t.db.insert(checkRollupsDaily).values(rows.map((r, i) => ({ endpointId: r.id, day: today, up: i === 0 ? 0 : 10, degraded: 0, down: i === 0 ? 10 : 0 })));
  const model = await loadStatusModel(t.db, NOW);
  const founda = model.infrastructures.find((i) => i.code === "founda")!;
  assert.equal(founda.name, "Founda Health");
  assert.equal(founda.days.length, STATUS_DAYS);
  assert.equal(founda.days.at(-1)!.date, today);
  assert.equal(founda.days.at(-1)!.availability, (rows.length - 1) / rows.length);
  assert.equal(model.live, summarizeAggregates(await getReadinessAggregates(t.db, null)).live);
});

test("status.json has the issue's shape; its version changes with the facts, not the clock", async () => {
  const a = await loadStatusModel(t.db, NOW);
  const b = await loadStatusModel(t.db, new Date(NOW.getTime() + 1000));
  assert.equal(a.version, b.version);
  const json = statusJson(a);
  assert.equal(typeof json.generatedAt, "string");
  assert.deepEqual(
    json.infrastructures.map((i) => i.code),
    ["enovation", "founda", "alphatron"],
  );
  for (const i of json.infrastructures) {
    assert.deepEqual(Object.keys(i.gateways).sort(), ["degraded", "down", "unknown", "up"]);
    assert.equal(i.days.length, 90);
    assert.ok(["operationeel", "verminderd", "onderhoud", "storing", "onbekend"].includes(i.status));
    assert.ok(Array.isArray(i.incidents));
  }
  assert.ok(Array.isArray(json.maintenance));
  // No institution names or URLs on the public face.
  assert.doesNotMatch(JSON.stringify(json), /https?:\/\/|\.example/);

  const [inc] = await t.db.insert(statusIncidents).values({ vendorCode: "enovation", title: "Vertraging <XCA> & meer", state: "investigating", openedAt: NOW, updatedAt: NOW }).returning();
  await t.db.insert(statusIncidentUpdates).values({ incidentId: inc.id, state: "investigating", message: "We onderzoeken het.", at: NOW });
  const c = await loadStatusModel(t.db, NOW);
  assert.notEqual(c.version, a.version);
  assert.equal(statusJson(c).infrastructures[0].incidents[0].title, "Vertraging <XCA> & meer");

  // The feed is well-formed XML with Atom's required elements, escaping included.
  const xml = statusAtom(c, await loadIncidents(t.db, { resolvedSince: null }), "https://portal.example.test");
  const parser = new SaxesParser({ xmlns: true });
  const names: string[] = [];
  const texts: string[] = [];
  parser.on("opentag", (tag) => names.push(`${tag.uri}|${tag.local}`));
  parser.on("text", (x) => texts.push(x));
  parser.write(xml).close();
  const atom = "http://www.w3.org/2005/Atom";
  for (const el of ["feed", "id", "title", "updated", "entry"]) assert.ok(names.includes(`${atom}|${el}`), el);
  assert.ok(texts.some((x) => x.includes("Vertraging <XCA> & meer")));
});
