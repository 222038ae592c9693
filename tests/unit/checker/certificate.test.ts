import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { after, before, test } from "node:test";
import { parseUziOtherName, readCertificateFacts, readOtherNames, readUra } from "@/lib/checker/certificate";
import { generateTestPki, SIMULATOR_URAS, uziOtherNameValue, type TestPki } from "@/lib/checker/simulator/pki";

let dir: string;
let pki: TestPki;
const der = (pem: string) => new Uint8Array(new X509Certificate(pem).raw);

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "duo-cert-test-"));
  pki = await generateTestPki(dir, new Date("2026-11-22T12:00:00Z"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("parseUziOtherName: the URA is the fifth dash-separated field", () => {
  assert.deepEqual(parseUziOtherName("2.16.528.1.1003.1.3.5.5.2-1-90000123-S-12345678-00.000-87654321"), {
    raw: "2.16.528.1.1003.1.3.5.5.2-1-90000123-S-12345678-00.000-87654321",
    oid: "2.16.528.1.1003.1.3.5.5.2",
    version: "1",
    uziNumber: "90000123",
    cardType: "S",
    ura: "12345678",
    roleCode: "00.000",
    agb: "87654321",
  });
  for (const bad of ["", "2.16.528-1-2", "2.16.528.1.1003.1.3.5.5.2-1-90000123-S-1234-00.000-1", "x-1-2-S-12345678-00.000-1"]) {
    assert.equal(parseUziOtherName(bad), null, bad);
  }
});

test("readUra finds the URA in UZI-style certificates made by the test PKI", () => {
  assert.equal(readUra(der(pki.servers.good.cert)), SIMULATOR_URAS.server);
  assert.equal(readUra(der(pki.servers.wrongUra.cert)), SIMULATOR_URAS.wrong);
  assert.equal(readUra(der(pki.clientCertPem)), SIMULATOR_URAS.client);
  assert.deepEqual(readOtherNames(der(pki.servers.good.cert)), [uziOtherNameValue(SIMULATOR_URAS.server)]);
  // A CA certificate has no SAN, hence no URA.
  assert.equal(readUra(der(pki.rootPem)), null);
  assert.equal(readUra(new Uint8Array([1, 2, 3])), null);
});

test("readCertificateFacts: names, dates and SHA-256 fingerprint", () => {
  const f = readCertificateFacts(der(pki.servers.expiring.cert));
  assert.match(f.subject, /^CN=localhost, O=Demo Ziekenhuis Gateway \(verloopt\), C=NL$/);
  assert.match(f.issuer, /UZI-register Private Server CA/);
  assert.equal(f.notAfter, "2026-12-12T12:00:00.000Z");
  assert.equal(f.ura, SIMULATOR_URAS.server);
  assert.equal(f.fingerprint, new X509Certificate(pki.servers.expiring.cert).fingerprint256);
  const expired = readCertificateFacts(der(pki.servers.expired.cert));
  assert.ok(Date.parse(expired.notAfter) < Date.parse("2026-11-22T12:00:00Z"));
});
