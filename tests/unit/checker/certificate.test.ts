import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { after, before, test } from "node:test";
import { parseUziOtherName, readCertificateFacts, readOtherNames, readUra } from "@/lib/checker/certificate";
import { generateTestPki, loadOrCreateTestPki, SIMULATOR_URAS, uraServerCert, uziOtherNameValue, type TestPki } from "@/lib/checker/simulator/pki";

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

test("uraServerCert: a certificate for any URA from the same intermediate, good, expired or expiring, reused once issued", async () => {
  const at = Date.parse(pki.generatedAt);
  const good = await uraServerCert(pki, "99945212", "good", "Medisch Centrum Berkenweide Gateway");
  const facts = readCertificateFacts(der(good.cert));
  assert.equal(facts.ura, "99945212");
  assert.equal(facts.subject, "CN=localhost, O=Medisch Centrum Berkenweide Gateway, C=NL");
  assert.equal(facts.issuer, readCertificateFacts(der(pki.servers.good.cert)).issuer);
  assert.equal(good.key, pki.servers.good.key);
  // Same host names as the "good" certificate, signed by the intermediate.
  const x = new X509Certificate(good.cert);
  assert.equal(x.subjectAltName, new X509Certificate(pki.servers.good.cert).subjectAltName?.replace(uziOtherNameValue(SIMULATOR_URAS.server), uziOtherNameValue("99945212")));
  assert.ok(x.verify(new X509Certificate(pki.intermediatePem).publicKey));
  assert.ok(x.checkHost("localhost") && x.checkIP("127.0.0.1"));

  const expired = readCertificateFacts(der((await uraServerCert(pki, "99945212", "expired")).cert));
  assert.equal(expired.ura, "99945212");
  assert.ok(Date.parse(expired.notAfter) < at);
  const expiring = readCertificateFacts(der((await uraServerCert(pki, "99945212", "expiring")).cert));
  assert.equal(expiring.ura, "99945212");
  assert.equal(expiring.notAfter, new Date(at + 20 * 86_400_000).toISOString());

  // Issued once: the second call (another process, a restart) serves the same certificate.
  const again = await uraServerCert(pki, "99945212", "good", "another name");
  assert.equal(again.cert, good.cert);
  const reloaded = await loadOrCreateTestPki(dir, new Date(at + 60_000));
  assert.equal(reloaded.generatedAt, pki.generatedAt, "the PKI in the directory is reused");
  assert.equal((await uraServerCert(reloaded, "99945212")).cert, good.cert);
  assert.equal(readCertificateFacts(der((await uraServerCert(reloaded, "99098204")).cert)).ura, "99098204");

  await assert.rejects(uraServerCert(pki, "../etc", "good"), /8 digits/);
});
