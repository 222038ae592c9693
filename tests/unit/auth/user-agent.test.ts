import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { describeDevice, parseUserAgent, truncateUserAgent, USER_AGENT_MAX_LENGTH } from "@/lib/auth/user-agent";

const NL = { browser_on_os: "{browser} op {os}", unknown: "Onbekend apparaat" };
const EN = { browser_on_os: "{browser} on {os}", unknown: "Unknown device" };

const cases: [string, string, string][] = [
  ["Chrome on Linux", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome op Linux"],
  ["headless Chromium (the e2e tests)", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.224 Safari/537.36", "Chrome op Linux"],
  ["Chrome on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome op Windows"],
  ["Edge says Chrome too", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86", "Edge op Windows"],
  ["Opera says Chrome too", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera op macOS"],
  ["Firefox on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox op macOS"],
  ["Firefox on Linux", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox op Linux"],
  ["Safari on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari op macOS"],
  ["Safari on iPhone (not macOS)", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari op iOS"],
  ["Chrome on iPad", "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", "Chrome op iPadOS"],
  ["Chrome on Android (not Linux)", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome op Android"],
  ["Samsung Internet", "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet op Android"],
  ["Chrome on ChromeOS", "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome op ChromeOS"],
  ["curl: a browser without a system", "curl/8.5.0", "curl"],
  ["a system without a known browser", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) SomethingElse/1.0", "Windows"],
  ["empty", "", "Onbekend apparaat"],
  ["garbage", "<script>alert(1)</script>", "Onbekend apparaat"],
];

describe("parseUserAgent + describeDevice", () => {
  for (const [name, ua, expected] of cases) {
    test(name, () => assert.equal(describeDevice(parseUserAgent(ua), NL), expected));
  }
  test("null and undefined are unknown; English template", () => {
    assert.equal(describeDevice(parseUserAgent(null), EN), "Unknown device");
    assert.equal(describeDevice(parseUserAgent(undefined), NL), "Onbekend apparaat");
    assert.equal(describeDevice(parseUserAgent(cases[0][1]), EN), "Chrome on Linux");
  });
});

describe("truncateUserAgent", () => {
  test("bounded length, control characters removed, trimmed, null as empty", () => {
    assert.equal(truncateUserAgent("x".repeat(5000)).length, USER_AGENT_MAX_LENGTH);
    assert.equal(truncateUserAgent(" Firefox/1\r\n\u0000x "), "Firefox/1x");
    assert.equal(truncateUserAgent(null), "");
    assert.equal(truncateUserAgent(undefined), "");
  });
});
