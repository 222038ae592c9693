/**
 * The frame of a checker mail (state line, endpoint, link, footer) in the language the delivery
 * was queued in; rows queued before deliveries carried a language are Dutch, as they were.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mailFor } from "@/lib/checker/notify";

const base = { endpointId: "0000-ep", url: "https://gw.example/xca", subject: "S", lines: ["L1", "L2"] };

test("an English delivery is framed in English", () => {
  const m = mailFor({ target: "a@example.test", payload: { ...base, from: "up", to: "down", locale: "en" } });
  assert.equal(m.subject, "S");
  assert.match(String(m.text), /^New status: unreachable \(was: reachable\)\.\n\nL1\n\nL2\n\nEndpoint: https:\/\/gw\.example\/xca\nDetails and history: .*\/registry\/0000-ep\n\nYou receive this message/);
});

test("a delivery without a language (queued before, or a certificate mail) is Dutch", () => {
  const m = mailFor({ target: "a@example.test", payload: { ...base, from: "unknown", to: "degraded" } });
  assert.match(String(m.text), /^Nieuwe status: verminderd \(was: onbekend\)\.\n\nL1\n\nL2\n\nEndpoint: https:\/\/gw\.example\/xca\nDetails en geschiedenis: .*\/registry\/0000-ep\n\nU ontvangt dit bericht als technisch contactpersoon of security officer van uw instelling in het DUO-portaal\.$/);
  const cert = mailFor({ target: "a@example.test", payload: { ...base } });
  assert.match(String(cert.text), /^L1\n\nL2\n\nEndpoint: /);
});
