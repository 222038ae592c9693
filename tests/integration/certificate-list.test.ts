import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq, inArray } from "drizzle-orm";
import { checkResults, endpointCertificates, endpoints, institutions } from "@/db/schema";
import { DEMO_CERT_ISSUER } from "@/db/seed/golive";
import { DEMO_USERS } from "@/db/seed";
import { listCertificateIssuers, listCertificates } from "@/lib/checker/queries";
import { parseCertificateFilter, certificateFilterQuery } from "@/lib/checker/certificate-filters";
import { certificatesCsv } from "@/lib/checker/certificates-csv";
import { institutionScope, type Actor } from "@/lib/auth/policy";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
const ids: Record<string, string> = {};
const actors: Record<string, Actor> = {};
const NOW = new Date("2030-01-01T10:00:00Z");
const DAY = 86_400_000;
const demo = (role: string) => actors[DEMO_USERS.find((u) => u.role === role)!.email];

/** Certificates on the first endpoint of an institution: [days to expiry, URA in it ("own" = the institution's), issuer]. */
async function addCertificates(institutionId: string, certs: [number, string | null, string][]) {
  const [ep] = await t.db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.institutionId, institutionId)).limit(1);
  const [inst] = await t.db.select({ ura: institutions.ura }).from(institutions).where(eq(institutions.id, institutionId));
  let n = 0;
  for (const [days, ura, issuer] of certs) {
    n += 1;
    await t.db.insert(endpointCertificates).values({
      endpointId: ep.id,
      fingerprint: `${institutionId}-${n}`,
      subject: `CN=gateway-${n}`,
      issuer,
      notAfter: new Date(NOW.getTime() + days * DAY + 3600_000),
      ura: ura === "own" ? inst.ura : ura,
      expectedUra: inst.ura,
      firstSeenAt: NOW,
      lastSeenAt: new Date(NOW.getTime() - n * 60_000),
    });
  }
}

before(async () => {
  t = await createTestDb({ from: "seeded" });
  // The counts below are of this file's certificates only: without the demo's go-live evidence (db/seed/golive.ts).
  const seededCerts = t.db.select({ id: endpointCertificates.id }).from(endpointCertificates).where(eq(endpointCertificates.issuer, DEMO_CERT_ISSUER));
  await t.db.delete(checkResults).where(inArray(checkResults.certificateId, seededCerts));
  await t.db.delete(endpointCertificates).where(eq(endpointCertificates.issuer, DEMO_CERT_ISSUER));
  Object.assign(ids, await demoInstitutionIds(t.db));
  for (const u of DEMO_USERS) actors[u.email] = await signedInActor(t.db, u.email, new Date("2030-01-01T01:00:00Z"));
  await addCertificates(ids.home, [
    [-2, "own", "CN=Issuer A"],
    [20, "own", "CN=Issuer A"],
    [45, "99999999", "CN=Issuer B"],
    [80, null, "CN=Issuer B"],
    [200, "own", "CN=Issuer A"],
  ]);
  await addCertificates(ids.founda, [[10, "own", "CN=Issuer C"]]);
});
after(async () => {
  await t?.dispose();
});

describe("certificate list", () => {
  const all = () => ({ scope: institutionScope(demo("programme_admin"), "endpoint.read"), now: NOW });

  test("filters by expiry window, URA match, issuer and vendor in the database", async () => {
    const totals = async (f: Parameters<typeof parseCertificateFilter>[0]) => (await listCertificates(t.db, { ...all(), ...parseCertificateFilter(f) })).total;
    assert.equal(await totals({}), 6);
    assert.equal(await totals({ expires: "expired" }), 1);
    assert.equal(await totals({ expires: "30" }), 3, "expired, 20 and 10 days");
    assert.equal(await totals({ expires: "60" }), 4);
    assert.equal(await totals({ expires: "90" }), 5);
    assert.equal(await totals({ ura: "mismatch" }), 2, "a foreign URA and a missing one");
    assert.equal(await totals({ ura: "match" }), 4);
    assert.equal(await totals({ issuer: "CN=Issuer B" }), 2);
    assert.equal(await totals({ issuer: "CN=nobody" }), 0);
    assert.equal(await totals({ vendor: "founda" }), 1);
    assert.equal(await totals({ vendor: "founda", expires: "30", ura: "match" }), 1);
    assert.equal(await totals({ expires: "12", ura: "maybe", vendor: "x" }), 6, "unknown values are dropped");
  });

  test("sorts and pages", async () => {
    const byExpiry = await listCertificates(t.db, { ...all(), pageSize: 2 });
    assert.deepEqual([byExpiry.total, byExpiry.pages, byExpiry.rows.length], [6, 3, 2]);
    assert.ok(byExpiry.rows[0].notAfter < byExpiry.rows[1].notAfter);
    const last = await listCertificates(t.db, { ...all(), pageSize: 2, page: 99 });
    assert.equal(last.page, 3, "a page beyond the end shows the last one");
    const desc = await listCertificates(t.db, { ...all(), sort: "expiry", dir: "desc", pageSize: 0 });
    assert.equal(desc.rows.length, 6, "page size 0 is every row (the export)");
    assert.ok(desc.rows[0].notAfter > desc.rows[5].notAfter);
    const issuer = await listCertificates(t.db, { ...all(), sort: "issuer", pageSize: 0 });
    assert.deepEqual(issuer.rows.map((r) => r.issuer), ["CN=Issuer A", "CN=Issuer A", "CN=Issuer A", "CN=Issuer B", "CN=Issuer B", "CN=Issuer C"]);
  });

  test("each caller sees only its own institutions' certificates and issuers", async () => {
    const editor = { scope: institutionScope(demo("institution_editor"), "endpoint.read"), now: NOW };
    const mine = await listCertificates(t.db, { ...editor, pageSize: 0 });
    assert.equal(mine.total, 5);
    assert.deepEqual(await listCertificateIssuers(t.db, editor.scope), ["CN=Issuer A", "CN=Issuer B"]);
    assert.deepEqual(await listCertificateIssuers(t.db, all().scope), ["CN=Issuer A", "CN=Issuer B", "CN=Issuer C"]);
  });

  test("the CSV carries the selection with the URA verdict, and the query string round-trips", async () => {
    const { rows } = await listCertificates(t.db, { ...all(), ura: "mismatch", pageSize: 0 });
    const csv = certificatesCsv(rows, NOW).replace(/^\uFEFF/, "").split("\r\n");
    assert.match(csv[0], /^instelling;ura_instelling;leverancier;/);
    assert.equal(csv.length, 4, "header, two rows and the final newline");
    assert.ok(csv.slice(1, 3).every((l) => l.split(";")[11] === "nee"));
    const f = parseCertificateFilter({ expires: "60", ura: "mismatch", issuer: "CN=Issuer B", vendor: "enovation", sort: "issuer", dir: "desc", page: "2" });
    assert.deepEqual(parseCertificateFilter(new URLSearchParams(certificateFilterQuery(f))), f);
  });
});
