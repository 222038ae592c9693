/**
 * Issue 16 §4: GET /metrics parses as Prometheus text, needs a token with the `metrics`
 * permission, and shows a vendor or institution token only its own endpoints.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq, sql } from "drizzle-orm";
import parsePrometheusTextFormat, { type PromFamily } from "parse-prometheus-text-format";
import { DEMO_USERS } from "@/db/seed";
import { CHECKER_STATE_ID, checkerState, endpointCertificates, endpointHealth, endpoints, institutions } from "@/db/schema";
import { handleMetricsRequest } from "@/lib/api/metrics";
import { handleApiV1Request } from "@/lib/api/v1";
import { applyRollups, type RollupInput } from "@/lib/checker/runner";
import { createApiToken } from "@/lib/registry/api-tokens";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";

let t: TestDb;
const NOW = new Date("2031-03-01T12:30:00Z");
const tokens: Record<string, string> = {};
let home: { id: string; ura: string; vendor: string };
let founda: { id: string; ura: string; vendor: string };

const scrape = (token: string | null) =>
  handleMetricsRequest(new Request("http://portal.test/metrics", { headers: token ? { Authorization: `Bearer ${token}` } : {} }), { db: t.db, now: NOW, limitPerMinute: 10_000 });

const texts = new Map<string, string>();
async function families(token: string): Promise<Map<string, PromFamily>> {
  const res = await scrape(token);
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  texts.set(token, text);
  return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
}

/**
 * One endpoint's series of a histogram family, parsed. (parse-prometheus-text-format folds the
 * series of a labelled histogram into one, so the family is cut down to one endpoint first.)
 */
function histogramOf(text: string, family: string, endpointId: string) {
  const lines = text.split("\n").filter((l) => l.startsWith(`# HELP ${family} `) || l.startsWith(`# TYPE ${family} `) || (l.startsWith(`${family}_`) && l.includes(`endpoint_id="${endpointId}"`)));
  const oneSeries = lines.map((l) => l.replace(/\{([^}]*)\}/, (_, labels: string) => {
    const le = /le="([^"]+)"/.exec(labels);
    return le ? `{le="${le[1]}"}` : "";
  }));
  const [parsed] = parsePrometheusTextFormat(`${oneSeries.join("\n")}\n`);
  assert.equal(parsed?.type, "HISTOGRAM");
  return parsed.metrics[0];
}
const endpointIds = (f: PromFamily | undefined) => new Set((f?.metrics ?? []).map((m) => m.labels?.endpoint_id));

before(async () => {
  t = await createTestDb({ from: "seeded" });
  const ids = await demoInstitutionIds(t.db);
  const admin = await signedInActor(t.db, DEMO_USERS[0].email, NOW);
  const make = async (name: string, scope: "programme" | "institution" | "vendor", target: { institutionId?: string; vendorCode?: string }, permissions: Array<"api" | "metrics">) =>
    (
      await createApiToken(t.db, {
        actor: admin,
        auditActor: { userId: admin.userId, label: admin.email },
        values: { name, scope, institutionId: target.institutionId ?? null, vendorCode: target.vendorCode ?? null, permissions, expiresInDays: 365 },
        now: NOW,
      })
    ).token;
  const endpointOf = async (institutionId: string) => {
    const [r] = await t.db
      .select({ id: endpoints.id, ura: institutions.ura, vendor: endpoints.vendorCode, instVendor: institutions.vendorCode })
      .from(endpoints)
      .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
      .where(and(eq(endpoints.institutionId, institutionId), eq(endpoints.status, "active")))
      .orderBy(endpoints.environment, endpoints.transaction)
      .limit(1);
    return r;
  };
  const h = await endpointOf(ids.home);
  const f = await endpointOf(ids.founda);
  home = { id: h.id, ura: h.ura, vendor: h.vendor };
  founda = { id: f.id, ura: f.ura, vendor: f.vendor };
  tokens.programme = await make("prom programme", "programme", {}, ["metrics"]);
  tokens.vendor = await make("prom vendor", "vendor", { vendorCode: h.instVendor! }, ["metrics"]);
  tokens.institution = await make("prom institution", "institution", { institutionId: ids.home }, ["metrics", "api"]);
  tokens.apiOnly = await make("api only", "programme", {}, ["api"]);

  // Known health, a certificate and checks in the last hours for both endpoints.
  for (const [id, status] of [
    [home.id, "degraded"],
    [founda.id, "down"],
  ] as const) {
    await t.db
      .insert(endpointHealth)
      .values({ endpointId: id, status, since: NOW, lastCheckedAt: NOW })
      .onConflictDoUpdate({ target: endpointHealth.endpointId, set: { status, since: NOW, lastCheckedAt: NOW } });
  }
  await t.db.insert(endpointCertificates).values({ endpointId: home.id, fingerprint: "metrics-test", subject: "CN=x", issuer: "CN=ca", notAfter: new Date("2031-06-01T00:00:00Z"), firstSeenAt: NOW, lastSeenAt: new Date(NOW.getTime() + 1000) });
  const checks = (endpointId: string, ms: number[]): RollupInput[] => ms.map((totalMs, i) => ({ endpointId, checkedAt: new Date(NOW.getTime() - (i + 1) * 600_000), status: "up", totalMs, excluded: false }));
  await applyRollups(t.db, [...checks(home.id, [80, 300, 1500]), ...checks(founda.id, [40, 40])]);
  // An old check: counted in duo_checks_total, not in the 24-hour histogram.
  await applyRollups(t.db, [{ endpointId: home.id, checkedAt: new Date(NOW.getTime() - 3 * 86_400_000), status: "down", totalMs: 9000, excluded: false }]);
  await t.db
    .insert(checkerState)
    .values({ id: CHECKER_STATE_ID, status: "offline", since: NOW })
    .onConflictDoUpdate({ target: checkerState.id, set: { status: "offline", since: NOW } });
});
after(async () => {
  await t?.dispose();
});

describe("GET /metrics", () => {
  test("a programme token sees every endpoint, with the five metric families", async () => {
    const m = await families(tokens.programme);
    assert.equal(m.get("duo_endpoint_up")?.type, "GAUGE");
    assert.equal(m.get("duo_check_duration_seconds")?.type, "HISTOGRAM");
    assert.equal(m.get("duo_certificate_expiry_timestamp_seconds")?.type, "GAUGE");
    assert.equal(m.get("duo_checker_offline")?.type, "GAUGE");
    assert.equal(m.get("duo_checks_total")?.type, "COUNTER");
    const up = new Map(m.get("duo_endpoint_up")!.metrics.map((s) => [s.labels!.endpoint_id, s]));
    assert.equal(up.get(home.id)?.value, "0.5");
    assert.deepEqual(up.get(home.id)?.labels, { endpoint_id: home.id, institution_ura: home.ura, vendor: home.vendor, transaction: up.get(home.id)!.labels!.transaction, environment: up.get(home.id)!.labels!.environment });
    assert.equal(up.get(founda.id)?.value, "0");
    assert.equal(m.get("duo_checker_offline")!.metrics[0].value, "1");
    const cert = m.get("duo_certificate_expiry_timestamp_seconds")!.metrics.find((s) => s.labels?.endpoint_id === home.id);
    assert.equal(cert?.value, String(Date.parse("2031-06-01T00:00:00Z") / 1000));
    const hist = histogramOf(texts.get(tokens.programme)!, "duo_check_duration_seconds", home.id);
    assert.equal(hist.count, "3", "the 3-day-old check is outside the 24-hour window");
    assert.equal(hist.buckets?.["0.1"], "1");
    assert.equal(hist.buckets?.["0.5"], "2");
    assert.equal(hist.buckets?.["2"], "3");
    const totals = Object.fromEntries(m.get("duo_checks_total")!.metrics.map((s) => [s.labels!.result, Number(s.value)]));
    assert.ok(totals.up >= 5 && totals.down >= 1, JSON.stringify(totals));
  });

  test("a vendor token sees only the endpoints of its institutions; an institution token only its own", async () => {
    const v = await families(tokens.vendor);
    const vIds = endpointIds(v.get("duo_endpoint_up"));
    assert.ok(vIds.has(home.id));
    assert.ok(!vIds.has(founda.id), "Founda's endpoint is not the vendor's");
    assert.ok(!texts.get(tokens.vendor)!.includes(founda.id), "no series of another vendor's endpoint at all");
    assert.equal(histogramOf(texts.get(tokens.vendor)!, "duo_check_duration_seconds", home.id).count, "3");
    const [{ n: vendorEndpoints }] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(endpoints)
      .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
      .where(sql`${institutions.vendorCode} <> ${founda.vendor} and ${endpoints.id} = ${founda.id}`);
    assert.equal(vendorEndpoints, 0, "the fixture assumes Founda is another vendor");
    const i = await families(tokens.institution);
    for (const s of i.get("duo_certificate_expiry_timestamp_seconds")?.metrics ?? []) assert.equal(s.labels?.institution_ura, home.ura);
    assert.deepEqual([...endpointIds(i.get("duo_endpoint_up"))], [home.id]);
    const vTotal = v.get("duo_checks_total")!.metrics.reduce((a, s) => a + Number(s.value), 0);
    const pTotal = (await families(tokens.programme)).get("duo_checks_total")!.metrics.reduce((a, s) => a + Number(s.value), 0);
    assert.ok(vTotal < pTotal, "the counter covers the token's scope only");
  });

  test("tokens without the metrics permission, missing and bad tokens are refused; a metrics-only token cannot use the API", async () => {
    const none = await scrape(null);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("content-type"), "application/problem+json");
    assert.equal((await scrape("duo_nonsense")).status, 401);
    const apiOnly = await scrape(tokens.apiOnly);
    assert.equal(apiOnly.status, 403);
    assert.match(((await apiOnly.json()) as { type: string }).type, /token-not-permitted$/);
    const viaApi = await handleApiV1Request(new Request("http://portal.test/api/v1/institutions", { headers: { Authorization: `Bearer ${tokens.programme}` } }), ["institutions"], { db: t.db, now: NOW, limitPerMinute: 10_000 });
    assert.equal(viaApi.status, 403);
    const both = await handleApiV1Request(new Request("http://portal.test/api/v1/institutions", { headers: { Authorization: `Bearer ${tokens.institution}` } }), ["institutions"], { db: t.db, now: NOW, limitPerMinute: 10_000 });
    assert.equal(both.status, 200);
  });
});
