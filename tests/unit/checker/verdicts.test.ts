import assert from "node:assert/strict";
import { test } from "node:test";
import { describeVerdict, DEGRADED_REASONS, DOWN_REASONS, REASON_CODES, VERDICTS, WARNING_CODES, type VerdictParams } from "@/lib/checker/verdicts";

test("the vocabulary is exactly the codes of issue 6 (and issue 15's two), in layer order", () => {
  assert.deepEqual([...DOWN_REASONS], [
    "dns_failed", "blocked_target", "connect_refused", "connect_timeout", "tls_failed", "tls_version", "cert_untrusted",
    "cert_expired", "cert_hostname", "client_cert_rejected", "ura_mismatch", "timeout", "redirect", "http_status",
    "too_large", "not_soap", "unsafe_xml", "action_not_supported", "soap_fault", "wsa_mismatch", "registry_failure",
    "retrieve_failed",
  ]);
  assert.deepEqual([...DEGRADED_REASONS], ["partial_success", "slow", "cert_expiring"]);
  assert.deepEqual([...WARNING_CODES], ["tls_1_2"]);
  assert.deepEqual(Object.keys(VERDICTS).sort(), [...REASON_CODES, ...WARNING_CODES].sort());
});

test("every code has a Dutch and English explanation and next step, and the right severity", () => {
  for (const code of [...REASON_CODES, ...WARNING_CODES]) {
    const v = VERDICTS[code];
    for (const lang of ["nl", "en"] as const) {
      // The texts are messages (checker.verdicts.<code>); rendered with every value known.
      const d = describeVerdict(code, { days: 9, timeoutMs: 5000 }, lang);
      assert.ok(d.explanation.length > 20, `${code} ${lang}`);
      assert.ok(d.nextStep.length > 15, `${code} ${lang}`);
      assert.ok(d.label.length > 0);
    }
    const expected = (DOWN_REASONS as readonly string[]).includes(code) ? "down" : (DEGRADED_REASONS as readonly string[]).includes(code) ? "degraded" : "warning";
    assert.equal(v.severity, expected, code);
  }
});

test("placeholders are filled, with a fallback when a value is unknown", () => {
  const full: VerdictParams = { days: 9, notAfter: "1 december 2026", httpStatus: 503, location: "https://x", expectedUra: "12345678", certUra: "87654321", timeoutMs: 5000, slowMs: 2000, totalMs: 2500, protocol: "TLSv1.2", faultCode: "Receiver", faultReason: "kapot", registryErrors: "XDSRegistryBusy", maxBytes: 1048576, address: "10.0.0.1" };
  for (const code of [...REASON_CODES, ...WARNING_CODES]) {
    for (const lang of ["nl", "en"] as const) {
      for (const params of [full, {}]) {
        const d = describeVerdict(code, params, lang);
        assert.doesNotMatch(d.explanation + d.nextStep, /[{}]/, `${code} ${lang}`);
      }
    }
  }
  const expiring = describeVerdict("cert_expiring", { days: 9 });
  assert.equal(`${expiring.explanation} ${expiring.nextStep}`, "Het certificaat verloopt over 9 dagen. Vraag tijdig een nieuw UZI-servercertificaat aan.");
  assert.match(describeVerdict("ura_mismatch", { certUra: "87654321", expectedUra: "12345678" }, "nl").explanation, /\(87654321\).*\(12345678\)/);
});

test("advice addresses its reader: an institution is told to ask its vendor, a vendor's own staff what to do themselves", () => {
  const askVendor = { nl: /uw leverancier/i, en: /your vendor/i };
  let differs = 0;
  for (const code of [...REASON_CODES, ...WARNING_CODES]) {
    for (const lang of ["nl", "en"] as const) {
      const params: VerdictParams = { transaction: "ITI-39" };
      const forInstitution = describeVerdict(code, params, lang).nextStep;
      const forVendor = describeVerdict(code, params, lang, "vendor").nextStep;
      assert.ok(forVendor.length > 10, `${code} (${lang}) has vendor advice`);
      assert.doesNotMatch(forVendor, askVendor[lang], `${code} (${lang}): a vendor is not told to ask its vendor`);
      assert.doesNotMatch(forVendor, /[{}]/, `${code} (${lang}): no placeholder left`);
      if (askVendor[lang].test(forInstitution)) {
        assert.notEqual(forVendor, forInstitution);
        differs++;
      }
    }
  }
  assert.ok(differs >= 30, `advice that names the vendor differs for the vendor (${differs} texts)`);
});

test("verdictReaderOf: only someone whose every membership is a vendor's reads as the vendor", async () => {
  const { verdictReaderOf } = await import("@/lib/checker/explain");
  const m = (role: string) => ({ role, institutionId: null, vendorCode: null }) as never;
  assert.equal(verdictReaderOf(null), "institution");
  assert.equal(verdictReaderOf({ memberships: [] }), "institution");
  assert.equal(verdictReaderOf({ memberships: [m("vendor_editor")] }), "vendor");
  assert.equal(verdictReaderOf({ memberships: [m("vendor_editor"), m("institution_editor")] }), "institution");
  assert.equal(verdictReaderOf({ memberships: [m("programme_admin")] }), "institution");
});
