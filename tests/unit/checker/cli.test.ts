import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { chainFor, mapPool, parseCliArgs, runCli } from "@/lib/checker/cli";
import { startSimulator, type Simulator } from "@/lib/checker/simulator/server";

let sim: Simulator;
let dir: string;
before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "duo-cli-test-"));
  sim = await startSimulator({ pkiDir: dir, freshPki: true, scenarios: ["expired", "expiring"] });
});
after(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function io(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: { ...sim.env }, readFile: (p: string) => files[p] ?? (() => { throw new Error("ENOENT"); })() },
  };
}

test("argument parsing", () => {
  const a = parseCliArgs(["--json", "--mode", "query", "--ura", "12345678", "--timeout", "5000", "--slow", "2000", "https://a", "https://b"], () => "");
  assert.equal(a.json, true);
  assert.deepEqual(a.targets, [
    { url: "https://a", ura: "12345678", mode: "query", transaction: "iti38", homeCommunityId: null },
    { url: "https://b", ura: "12345678", mode: "query", transaction: "iti38", homeCommunityId: null },
  ]);
  assert.equal(a.timeoutMs, 5000);
  assert.equal(a.slowMs, 2000);
  const f = parseCliArgs(["--file", "e.json", "--concurrency", "3"], () => JSON.stringify([{ url: "https://c", ura: "87654321" }, { url: "https://d", mode: "query" }]));
  assert.equal(f.concurrency, 3);
  assert.deepEqual(f.targets, [
    { url: "https://c", ura: "87654321", mode: "transport", transaction: "iti38", homeCommunityId: null },
    { url: "https://d", ura: null, mode: "query", transaction: "iti38", homeCommunityId: null },
  ]);
  for (const bad of [["--mode", "full", "x"], ["--ura", "123", "x"], ["--timeout", "-1", "x"], ["--concurrency", "0", "x"], ["--bogus"]]) {
    assert.throws(() => parseCliArgs(bad, () => ""), bad.join(" "));
  }
  assert.throws(() => parseCliArgs(["--file", "e.json"], () => '[{"url": 5}]'), /e\.json/);
});

test("--json prints one result object per endpoint; exit 1 when one is down", async () => {
  const t = io();
  const code = await runCli(["--json", "--ura", sim.pki.serverUra, "--timeout", "5000", sim.url("ok"), sim.url("expired")], t.io);
  assert.equal(code, 1);
  assert.equal(t.out.length, 2);
  const rows = t.out.map((l) => JSON.parse(l));
  const byUrl = Object.fromEntries(rows.map((r) => [r.url, r]));
  const ok = byUrl[sim.url("ok")];
  assert.equal(ok.status, "up");
  for (const key of ["url", "status", "reason", "reasons", "warnings", "phases", "tls", "certificate", "soap", "checkedAt"]) assert.ok(key in ok, key);
  assert.deepEqual(Object.keys(ok.phases), ["dnsMs", "connectMs", "tlsMs", "firstByteMs", "totalMs"]);
  assert.deepEqual(Object.keys(ok.tls), ["protocol", "cipher"]);
  for (const key of ["subject", "issuer", "notAfter", "daysLeft", "ura", "fingerprint"]) assert.ok(key in ok.certificate, key);
  for (const key of ["action", "relatesTo", "status", "errors"]) assert.ok(key in ok.soap, key);
  assert.equal(byUrl[sim.url("expired")].reason, "cert_expired");
});

test("human output is Dutch; exit 0 when all are up or degraded; --file works", async () => {
  const t = io({ "e.json": JSON.stringify([{ url: sim.url("ok"), ura: sim.pki.serverUra }, { url: sim.url("expiring"), mode: "query" }]) });
  const code = await runCli(["--file", "e.json", "--concurrency", "2"], t.io);
  assert.equal(code, 0, t.out.join("\n"));
  const text = t.out.join("\n");
  assert.match(text, /✔ bereikbaar/);
  assert.match(text, /⚠ verminderd/);
  assert.match(text, /Het certificaat verloopt over \d+ dagen\./);
  assert.match(text, /Volgende stap: Vraag tijdig een nieuw UZI-servercertificaat aan\./);
  assert.match(text, /2 endpoints: 1 bereikbaar, 1 verminderd, 0 onbereikbaar/);
});

test("--transaction and the file's transaction/homeCommunityId; unknown transactions are refused", () => {
  const a = parseCliArgs(["--transaction", "iti39", "https://r"], () => "");
  assert.deepEqual(a.targets, [{ url: "https://r", ura: null, mode: "transport", transaction: "iti39", homeCommunityId: null }]);
  const f = parseCliArgs(["--file", "e.json"], () =>
    JSON.stringify([
      { url: "https://q", transaction: "iti38", homeCommunityId: "urn:oid:1.2.3", mode: "query" },
      { url: "https://r", transaction: "iti39", homeCommunityId: "urn:oid:1.2.3" },
      { url: "https://i", transaction: "rad75", homeCommunityId: "urn:oid:1.2.3" },
      { url: "https://other", transaction: "iti39", homeCommunityId: "urn:oid:9.9" },
    ]),
  );
  assert.deepEqual(f.targets.map((t) => t.transaction), ["iti38", "iti39", "rad75", "iti39"]);
  // The chain of the query address: the same community's retrieve and imaging addresses, never another's.
  assert.deepEqual(chainFor(f.targets[0], f.targets), { queryUrl: null, retrieveUrl: "https://r", imagingUrl: "https://i" });
  assert.deepEqual(chainFor(f.targets[3], f.targets), { queryUrl: null, retrieveUrl: null, imagingUrl: null });
  assert.throws(() => parseCliArgs(["--transaction", "iti43", "x"], () => ""), /--transaction/);
  assert.throws(() => parseCliArgs(["--file", "e.json"], () => '[{"url": "https://x", "transaction": "iti-41"}]'), /e\.json/);
});

test("each address is probed with its own transaction; a query address registered as ITI-39 is action_not_supported", async () => {
  const t = io();
  const code = await runCli(["--json", "--transaction", "iti39", "--ura", sim.pki.serverUra, sim.url("ok", { transaction: "iti39" }), sim.url("ok")], t.io);
  assert.equal(code, 1);
  const byUrl = Object.fromEntries(t.out.map((l) => JSON.parse(l)).map((r) => [r.url, r]));
  const retrieve = byUrl[sim.url("ok", { transaction: "iti39" })];
  assert.equal(retrieve.status, "up", JSON.stringify(retrieve));
  assert.equal(retrieve.transaction, "iti39");
  assert.equal(retrieve.soap.action, "urn:ihe:iti:2007:CrossGatewayRetrieveResponse");
  const wrong = byUrl[sim.url("ok")];
  assert.equal(wrong.reason, "action_not_supported");
  const human = io();
  await runCli(["--transaction", "iti39", "--ura", sim.pki.serverUra, sim.url("ok")], human.io);
  assert.match(human.out.join("\n"), /Dit adres ondersteunt deze transactie niet; controleer of het ITI-39-adres is geregistreerd en niet het ITI-38-adres\./);
});

test("query mode over --file: the chain ITI-38 -> ITI-39 -> RAD-75 of one community, steps in the output", async () => {
  const hcid = "urn:oid:2.16.528.1.1007.3.3.87654321.1";
  const t = io({
    "c.json": JSON.stringify([
      { url: sim.url("ok"), transaction: "iti38", homeCommunityId: hcid, mode: "query" },
      { url: sim.url("ok", { transaction: "iti39" }), transaction: "iti39", homeCommunityId: hcid },
      { url: sim.url("ok", { transaction: "rad75" }), transaction: "rad75", homeCommunityId: hcid },
    ]),
  });
  const code = await runCli(["--file", "c.json", "--ura", sim.pki.serverUra, "--json"], t.io);
  assert.equal(code, 0, t.out.join("\n"));
  const query = JSON.parse(t.out.find((l) => JSON.parse(l).url === sim.url("ok"))!);
  assert.deepEqual(query.steps.map((s: { transaction: string; status: string }) => `${s.transaction}:${s.status}`), ["iti38:up", "iti39:up", "rad75:up"]);
  const human = io({ "c.json": JSON.stringify([{ url: sim.url("ok"), transaction: "iti38", homeCommunityId: hcid, mode: "query" }, { url: sim.url("ok", { transaction: "iti39" }), transaction: "iti39", homeCommunityId: hcid }]) });
  await runCli(["--file", "c.json", "--ura", sim.pki.serverUra], human.io);
  const text = human.out.join("\n");
  assert.match(text, /Stap ITI-38: bereikbaar/);
  assert.match(text, /Stap ITI-39: bereikbaar/);
});

test("usage and configuration errors exit 2 with a message", async () => {
  const t = io();
  assert.equal(await runCli([], t.io), 2);
  assert.match(t.err.join("\n"), /Geen endpoints/);
  const bad = io();
  bad.io.env = { CHECKER_ALLOW_TARGETS: "nonsense" };
  assert.equal(await runCli(["https://x"], bad.io), 2);
  assert.match(bad.err.join("\n"), /CHECKER_ALLOW_TARGETS/);
});

test("mapPool keeps order and bounds concurrency", async () => {
  let active = 0;
  let peak = 0;
  const out = await mapPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    active++;
    peak = Math.max(peak, active);
    await new Promise((r) => setTimeout(r, 5));
    active--;
    return n * 2;
  });
  assert.deepEqual(out, [2, 4, 6, 8, 10, 12, 14]);
  assert.equal(peak, 3);
});
