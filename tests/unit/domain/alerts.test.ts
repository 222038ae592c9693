import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { certificateEvent, minutesBetween, ruleCovers, ruleMatches, stateChangeEvent, webhookBody, type AlertOccurrence, type RuleFilter } from "@/lib/domain/alerts";
import { signWebhook, verifyWebhookSignature } from "@/lib/checker/notify";

const INST = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const rule = (over: Partial<RuleFilter>): RuleFilter => ({ scope: "programme", vendorCode: null, institutionId: null, events: ["down"], degradedMinutes: 15, enabled: true, ...over });
const occ = (over: Partial<AlertOccurrence> & Pick<AlertOccurrence, "event">): AlertOccurrence => ({ endpoint: { institutionId: INST, vendorCode: "nexus" }, ...over });

describe("alert rules: which rule matches which event", () => {
  const cases: Array<[string, RuleFilter, AlertOccurrence, boolean]> = [
    ["programme rule, its event", rule({}), occ({ event: "down" }), true],
    ["programme rule, another event", rule({}), occ({ event: "recovered" }), false],
    ["switched off", rule({ enabled: false }), occ({ event: "down" }), false],
    ["vendor rule, the vendor's gateway", rule({ scope: "vendor", vendorCode: "nexus" }), occ({ event: "down" }), true],
    ["vendor rule, another vendor's gateway", rule({ scope: "vendor", vendorCode: "chipsoft" }), occ({ event: "down" }), false],
    ["vendor rule, a gateway without vendor", rule({ scope: "vendor", vendorCode: "nexus" }), occ({ event: "down", endpoint: { institutionId: INST, vendorCode: null } }), false],
    ["institution rule, own endpoint", rule({ scope: "institution", institutionId: INST }), occ({ event: "down" }), true],
    ["institution rule, another institution", rule({ scope: "institution", institutionId: OTHER }), occ({ event: "down" }), false],
    ["degraded, below the threshold", rule({ events: ["degraded"], degradedMinutes: 15 }), occ({ event: "degraded", degradedMinutes: 14 }), false],
    ["degraded, at the threshold", rule({ events: ["degraded"], degradedMinutes: 15 }), occ({ event: "degraded", degradedMinutes: 15 }), true],
    ["degraded, no minutes known", rule({ events: ["degraded"], degradedMinutes: 1 }), occ({ event: "degraded" }), false],
    ["certificate 14 days", rule({ events: ["cert_expiring_14"] }), occ({ event: "cert_expiring_14" }), true],
    ["certificate 30 days is not 14", rule({ events: ["cert_expiring_14"] }), occ({ event: "cert_expiring_30" }), false],
  ];
  for (const [name, r, o, want] of cases) it(name, () => assert.equal(ruleMatches(r, o), want));

  it("a programme rule covers every endpoint", () => assert.equal(ruleCovers({ scope: "programme", vendorCode: null, institutionId: null }, { institutionId: OTHER, vendorCode: null }), true));
});

describe("alert events from checker facts", () => {
  const transitions: Array<[string, string, string | null]> = [
    ["unknown", "down", null],
    ["up", "down", "down"],
    ["degraded", "down", "down"],
    ["down", "up", "recovered"],
    ["degraded", "up", "recovered"],
    ["up", "degraded", null],
    ["down", "degraded", null],
  ];
  for (const [from, to, want] of transitions) it(`${from} → ${to}`, () => assert.equal(stateChangeEvent(from, to), want));
  it("certificate thresholds", () => {
    assert.equal(certificateEvent(30), "cert_expiring_30");
    assert.equal(certificateEvent(7), "cert_expiring_7");
    assert.equal(certificateEvent(3), null);
  });
  it("minutes between, rounded down, never negative", () => {
    const t0 = new Date("2026-01-01T10:00:00Z");
    assert.equal(minutesBetween(t0, new Date("2026-01-01T10:14:59Z")), 14);
    assert.equal(minutesBetween(t0, new Date("2026-01-01T09:00:00Z")), 0);
  });
});

describe("webhook bodies", () => {
  const m = { id: 7, event: "endpoint.state_changed", subject: "[DUO] Ziekenhuis PDQ (productie): niet bereikbaar", lines: ["Verbinding: geweigerd."], link: "https://portaal.example/registry/x", linkText: "Details in het DUO-portaal", payload: { event: "endpoint.state_changed", to: "down" } };
  it("signed JSON: the id and the event's facts", () => assert.deepEqual(JSON.parse(webhookBody("signed_json", m)), { id: 7, event: "endpoint.state_changed", to: "down" }));
  it("Slack: one text with the subject in bold and a link", () => assert.deepEqual(JSON.parse(webhookBody("slack", m)), { text: "*[DUO] Ziekenhuis PDQ (productie): niet bereikbaar*\nVerbinding: geweigerd.\n<https://portaal.example/registry/x|Details in het DUO-portaal>" }));
  it("Teams: a message card with title, colour and a link", () => {
    const card = JSON.parse(webhookBody("teams", m));
    assert.equal(card["@type"], "MessageCard");
    assert.equal(card.title, m.subject);
    assert.equal(card.themeColor, "D13438");
    assert.equal(card.potentialAction[0].targets[0].uri, m.link);
    assert.equal(card.potentialAction[0].name, "Details in het DUO-portaal");
  });
  it("Slack without link", () => assert.deepEqual(JSON.parse(webhookBody("slack", { ...m, link: null })), { text: "*[DUO] Ziekenhuis PDQ (productie): niet bereikbaar*\nVerbinding: geweigerd." }));
  it("every format is signed the same way, and a changed body fails", () => {
    for (const f of ["signed_json", "slack", "teams"] as const) {
      const body = webhookBody(f, m);
      const sig = signWebhook("whsec_test", "1700000000", body);
      assert.equal(verifyWebhookSignature("whsec_test", "1700000000", body, sig), true);
      assert.equal(verifyWebhookSignature("whsec_test", "1700000000", `${body} `, sig), false);
    }
  });
});
