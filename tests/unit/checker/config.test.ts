import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { CheckerConfigError, loadCheckerConfig } from "@/lib/checker/config";

const dir = mkdtempSync(path.join(os.tmpdir(), "duo-config-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const pem = path.join(dir, "x.pem");
writeFileSync(pem, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
const notPem = path.join(dir, "x.txt");
writeFileSync(notPem, "hello");

test("empty environment: fail-closed defaults", () => {
  const c = loadCheckerConfig({});
  assert.equal(c.trustStore, null);
  assert.equal(c.clientCert, null);
  assert.equal(c.allowHttp, false);
  assert.equal(c.allowTargets.check("127.0.0.1"), false);
  assert.equal(c.timeoutMs, 10_000);
  assert.equal(c.slowMs, 2_000);
  assert.equal(c.testPatient, null);
});

test("full environment is read, empty strings count as unset", () => {
  const c = loadCheckerConfig({
    CHECKER_CLIENT_CERT: pem,
    CHECKER_CLIENT_KEY: pem,
    CHECKER_TRUST_STORE: pem,
    CHECKER_ALLOW_TARGETS: "127.0.0.1/32, ::1/128",
    CHECKER_ALLOW_HTTP: "true",
    CHECKER_TEST_PATIENT: "999990019",
    CHECKER_TIMEOUT_MS: "5000",
    CHECKER_SLOW_MS: "",
  });
  assert.match(c.trustStore ?? "", /BEGIN CERTIFICATE/);
  assert.equal(c.allowTargets.check("::1"), true);
  assert.equal(c.allowHttp, true);
  assert.equal(c.testPatient, "999990019");
  assert.equal(c.timeoutMs, 5000);
  assert.equal(c.slowMs, 2000);
});

test("configuration errors are loud and name the variable", () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ CHECKER_CLIENT_CERT: pem }, /CHECKER_CLIENT_KEY/],
    [{ CHECKER_ALLOW_TARGETS: "10.0.0.0/99" }, /CHECKER_ALLOW_TARGETS/],
    [{ CHECKER_TEST_PATIENT: "12" }, /CHECKER_TEST_PATIENT/],
    [{ CHECKER_TIMEOUT_MS: "abc" }, /CHECKER_TIMEOUT_MS/],
    [{ CHECKER_TRUST_STORE: path.join(dir, "missing.pem") }, /CHECKER_TRUST_STORE: cannot read/],
    [{ CHECKER_TRUST_STORE: notPem }, /not a PEM/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadCheckerConfig(env), (err: unknown) => err instanceof CheckerConfigError && message.test((err as Error).message));
  }
});
