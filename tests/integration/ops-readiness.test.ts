import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkReadiness } from "@/lib/ops/readiness";
import { setDraining, setWorkerStatus } from "@/lib/ops/status";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(async () => {
  await t.dispose();
});

describe("readiness", () => {
  test("a migrated database is ready when no worker is required", async () => {
    const r = await checkReadiness(t.db, { workerRequired: false });
    assert.equal(r.checks.database, "ok");
    assert.equal(r.checks.migrations.ok, true);
    assert.equal(r.checks.migrations.applied, r.checks.migrations.expected);
    assert.equal(r.ready, true);
  });
  test("a required worker that is not running makes it not ready; running makes it ready", async () => {
    setWorkerStatus("stopped");
    assert.equal((await checkReadiness(t.db, { workerRequired: true })).ready, false);
    setWorkerStatus("running");
    assert.equal((await checkReadiness(t.db, { workerRequired: true })).ready, true);
  });
  test("while the process drains (SIGTERM) it is not ready, whatever the checks say", async () => {
    setDraining(true);
    try {
      const r = await checkReadiness(t.db, { workerRequired: false });
      assert.equal(r.draining, true);
      assert.equal(r.checks.database, "ok");
      assert.equal(r.ready, false);
    } finally {
      setDraining(false);
    }
    assert.equal((await checkReadiness(t.db, { workerRequired: false })).ready, true);
  });
});
